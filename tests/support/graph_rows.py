"""Answers of a SELECT on the shipped graph as sets of readable tuples, for tests that state exact facts."""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import shorten


def rows(graph, sparql: str) -> set[tuple[str, ...]]:
    """A SELECT's answers as tuples of readable terms: prefixed names, N-Triples literals."""
    result = set()
    for solution in graph.query(sparql):
        result.add(tuple(_text(solution[i]) for i in range(len(solution))))
    return result


def _text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal) and term.datatype.value.endswith("#string") and not term.language:
        return term.value
    return str(term)
