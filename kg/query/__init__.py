"""Asking questions: prepare and run SPARQL within limits, canned questions with typed
parameters, entity names resolved, results rendered, `kg show`, and the vocabulary reference
(`kg vocab`, docs/VOCABULARY.md).
"""
