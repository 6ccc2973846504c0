"""SHACL property paths other than a single IRI, read from a graph and written back as triples.

A report names the path of each result. A complex path (a sequence, an alternative, an inverse,
or zero-or-more, one-or-more, zero-or-one of another path) is a blank-node structure in the
shapes graph; a report that kept only the blank node would show an empty path. PropertyPath
holds the structure, kg.rdf.terms.term_text renders it as a SPARQL property path (`^ex:p/ex:q*`),
and `path_triples` writes it back as SHACL, so a Turtle report keeps it.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kg.namespaces import RDF, SH
from kg.records import record

# The kinds of path, with the sh: property that introduces each (a sequence is an RDF list).
UNARY = {"inverse": "inversePath", "zeroOrMore": "zeroOrMorePath", "oneOrMore": "oneOrMorePath",
         "zeroOrOne": "zeroOrOnePath"}
KINDS = ("sequence", "alternative", *UNARY)


@record
class PropertyPath:
    """A SHACL property path that is not a single IRI; members are NamedNodes or PropertyPaths.

    A NamedTuple, not a dataclass: kg.rdf.terms imports it, and kg query must not load dataclasses."""

    kind: str  # one of KINDS
    members: tuple


class MalformedPath(ValueError):
    """A blank node in a path position that is no SHACL path (the shape is ill-formed)."""


def read_path(node, objects: Callable[[object, str], list]):
    """The path at `node`: the NamedNode itself, or the PropertyPath its triples describe.

    `objects(node, predicate IRI)` gives the objects of a node in the graph that holds the path,
    as pyoxigraph terms; so a shapes graph and pyshacl's report graph are read alike.
    """
    if isinstance(node, ox.NamedNode):
        return node
    for kind, name in UNARY.items():
        found = objects(node, SH + name)
        if found:
            return PropertyPath(kind, (read_path(_one(found, node), objects),))
    alternatives = objects(node, SH + "alternativePath")
    if alternatives:
        return PropertyPath("alternative", tuple(read_path(m, objects) for m in _items(_one(alternatives, node), objects)))
    if objects(node, RDF + "first"):
        return PropertyPath("sequence", tuple(read_path(m, objects) for m in _items(node, objects)))
    raise MalformedPath(f"{node} is not a SHACL property path")


def _one(found: list, node):
    if len(found) != 1:
        raise MalformedPath(f"{node} has {len(found)} values where a SHACL path has one")
    return found[0]


def _items(head, objects) -> list:
    items, seen = [], set()
    while head != ox.NamedNode(RDF + "nil"):
        if head in seen:
            raise MalformedPath(f"the RDF list at {head} is a cycle")
        seen.add(head)
        items.append(_one(objects(head, RDF + "first"), head))
        head = _one(objects(head, RDF + "rest"), head)
    return items


def path_triples(path, label: str) -> tuple[object, list[ox.Triple]]:
    """The node that stands for `path` and the SHACL triples that describe it (blank nodes named
    `label`, `label`_1, ...), for a report graph."""
    triples: list[ox.Triple] = []
    counter = iter(range(1_000_000))

    def node_for(p):
        if not isinstance(p, PropertyPath):
            return p
        index = next(counter)
        me = ox.BlankNode(label if index == 0 else f"{label}_{index}")
        if p.kind in UNARY:
            triples.append(ox.Triple(me, ox.NamedNode(SH + UNARY[p.kind]), node_for(p.members[0])))
            return me
        head = me if p.kind == "sequence" else ox.BlankNode(f"{label}_{next(counter)}")
        if p.kind == "alternative":
            triples.append(ox.Triple(me, ox.NamedNode(SH + "alternativePath"), head))
        for i, member in enumerate(p.members):
            triples.append(ox.Triple(head, ox.NamedNode(RDF + "first"), node_for(member)))
            rest = ox.NamedNode(RDF + "nil") if i == len(p.members) - 1 else ox.BlankNode(f"{label}_{next(counter)}")
            triples.append(ox.Triple(head, ox.NamedNode(RDF + "rest"), rest))
            head = rest
        return me

    return node_for(path), triples
