"""Asking questions: prepare and run SPARQL within limits, canned questions with typed
parameters, entity names resolved, results rendered, `kg show`.
"""
