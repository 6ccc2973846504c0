"""Judging new facts before they join the graph: `kg validate` (vocabulary, shapes, axioms,
provenance, each finding tied to its file and line) and `kg add` (validate, then write atomically).
"""
