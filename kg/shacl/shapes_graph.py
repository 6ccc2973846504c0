"""The shapes of a SHACL shapes graph as the SPARQL engine reads them, and what it declines.

The engine evaluates a shapes graph only when it recognises all of it: which parameters each
kind of shape may carry is a positive list (NODE_SHAPE, PROPERTY_SHAPE, ...), and every node of
the graph that looks like a shape must have been read by the engine while it compiled its
queries (`refuse_unseen`). Anything else, an unknown sh: term, a shape reached through a
parameter the engine does not evaluate, a custom constraint component, raises UnsupportedShapes
so that the caller hands the whole graph to pyshacl: a decline, never a skip.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import RDF, RDFS, SH
from kg.rdf.terms import term_text
from kg.shacl.policy import from_pyoxigraph, refuse_unsafe_shapes

OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
META = {"message", "severity", "name", "description", "order", "group", "deactivated"}
TARGETS = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
VALUE = {"class", "datatype", "nodeKind", "in", "pattern", "flags", "languageIn", "minLength", "maxLength",
         "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "or"}
NODE_SHAPE = META | TARGETS | VALUE | {"property", "sparql"}
PROPERTY_SHAPE = META | TARGETS | VALUE | {"path", "minCount", "maxCount"}
OR_MEMBER = (META - {"deactivated"}) | VALUE | {"path", "minCount"}
SPARQL_CONSTRAINT = {"message", "name", "description", "select", "prefixes"}
SUPPORTED = NODE_SHAPE | PROPERTY_SHAPE | SPARQL_CONSTRAINT | {"declare", "prefix", "namespace"}
# Parameters SHACL allows once per shape: a shape with two is ill-formed (pyshacl rejects it), so declined.
SINGLE_VALUED = {"datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength", "minInclusive",
                 "maxInclusive", "minExclusive", "maxExclusive", "flags", "languageIn", "in"}
# Types a node the engine reads may have; a shape that is also a class has an implicit class target.
KNOWN_TYPES = {SH + "NodeShape", SH + "PropertyShape", SH + "SPARQLConstraint", SH + "PrefixDeclaration",
               "http://www.w3.org/2002/07/owl#Ontology", RDFS + "Class", OWL_CLASS}
# The vocabulary of validation reports: a shapes graph may hold reports (the W3C suite's do); they are not shapes.
REPORT_TERMS = {"ValidationReport", "ValidationResult", "conforms", "result", "focusNode", "resultPath", "value",
                "sourceShape", "sourceConstraintComponent", "resultSeverity", "resultMessage", "detail",
                "sourceConstraint"}


class UnsupportedShapes(Exception):
    """The shapes graph uses a SHACL feature this engine does not evaluate exactly."""


@dataclass
class Shape:
    node: object
    path: str | None  # None for a node shape
    params: dict[str, list] = field(default_factory=dict)  # local name of sh: parameter -> values

    def one(self, name: str):
        values = self.params.get(name, [])
        return values[0] if values else None


class ShapesGraph:
    """The shapes of one graph, read from the store's quads (no rdflib); remembers what it read."""

    def __init__(self, quads, nesting_limit: int | None = None):
        quads = list(quads)
        refuse_unsafe_shapes(from_pyoxigraph(quads), nesting_limit)  # before Oxigraph runs any of their SPARQL
        self.triples: dict = {}
        for q in quads:
            self.triples.setdefault(q.subject, []).append((q.predicate.value, q.object))
        self.seen: set = set()

    def objects(self, node, predicate: str) -> list:
        return [o for p, o in self.triples.get(node, []) if p == predicate]

    def types(self, node) -> set[str]:
        return {o.value for o in self.objects(node, RDF + "type") if isinstance(o, ox.NamedNode)}

    def items(self, head) -> list:
        out = []
        while head != ox.NamedNode(RDF + "nil"):
            first, rest = self.objects(head, RDF + "first"), self.objects(head, RDF + "rest")
            if len(first) != 1 or len(rest) != 1:
                raise UnsupportedShapes(f"a malformed RDF list in {term_text(head)}")
            out.append(first[0])
            head = rest[0]
        return out

    def shape(self, node, path: str | None, allowed: set[str] = SUPPORTED) -> Shape:
        """The sh: parameters of `node`, which must all be in `allowed` (the positive list for its role)."""
        params: dict[str, list] = {}
        for predicate, obj in self.triples.get(node, []):
            if predicate.startswith(SH):
                params.setdefault(predicate[len(SH):], []).append(obj)
        unknown = set(params) - allowed
        if unknown:
            raise UnsupportedShapes(f"sh:{sorted(unknown)[0]} on {term_text(node)}")
        repeated = sorted(name for name in SINGLE_VALUED if len(params.get(name, [])) > 1)
        if repeated:
            raise UnsupportedShapes(f"more than one sh:{repeated[0]} on {term_text(node)}")
        if any(not isinstance(s, ox.NamedNode) for s in params.get("severity", [])):
            raise UnsupportedShapes(f"an sh:severity that is not an IRI on {term_text(node)}")  # ill-formed
        if self.types(node) - KNOWN_TYPES:
            raise UnsupportedShapes(f"{term_text(node)} has a type the engine does not know")
        self.seen.add(node)
        return Shape(node, path, params)

    def targeted_shapes(self) -> list[Shape]:
        """Every shape with a target: explicit, or implicit (a shape that is also a class)."""
        shapes = []
        for node in sorted(self.triples, key=str):
            types = self.types(node)
            implicit = bool(types & {RDFS + "Class", OWL_CLASS}) and bool(types & {SH + "NodeShape", SH + "PropertyShape"})
            if not implicit and not any(p[len(SH):] in TARGETS for p, _ in self.triples[node] if p.startswith(SH)):
                continue
            paths = self.objects(node, SH + "path")
            shape = self.shape(node, self.simple_path(node, paths) if paths else None,
                               PROPERTY_SHAPE if paths else NODE_SHAPE)
            if implicit:
                if not isinstance(node, ox.NamedNode):
                    raise UnsupportedShapes(f"a blank node {term_text(node)} that is both a class and a shape")
                shape.params.setdefault("targetClass", []).append(node)
            shapes.append(shape)
        return shapes

    def simple_path(self, owner, paths: list) -> str:
        if len(paths) != 1 or not isinstance(paths[0], ox.NamedNode):
            raise UnsupportedShapes(f"a property path other than a single IRI on {term_text(owner)}")
        return paths[0].value

    def property_shapes(self, node_shape: Shape) -> list[Shape]:
        return [self.shape(node, self.simple_path(node, self.objects(node, SH + "path")), PROPERTY_SHAPE)
                for node in node_shape.params.get("property", [])]

    def refuse_unseen(self) -> None:
        """Decline when some node of the graph looks like a shape (or a constraint component) the
        engine did not read while compiling: it would be neither evaluated nor reported."""
        for node, pos in self.triples.items():
            if node in self.seen:
                continue
            terms = {p[len(SH):] for p, _ in pos if p.startswith(SH)} | {
                t[len(SH):] for t in self.types(node) if t.startswith(SH)}
            if terms - REPORT_TERMS:
                raise UnsupportedShapes(f"{term_text(node)} uses sh:{sorted(terms - REPORT_TERMS)[0]} where the engine does not read it")
