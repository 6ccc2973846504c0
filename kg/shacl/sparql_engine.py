"""SHACL Core evaluated as SPARQL on the Oxigraph store: one query per constraint.

pyshacl walks an rdflib graph in Python (about 4 s on the shipped 3k triples, ~30 s at 100k);
the same constraints as SPARQL run in the Rust engine over the store the graph already lives in.
The engine supports the SHACL features the project's shapes use (listed in SUPPORTED) and says
so when a shapes graph needs more, so callers fall back to pyshacl rather than guess. A
differential test checks that both engines report the same violations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import pyoxigraph as ox

from kg.findings import VIOLATION, Finding, from_shacl
from kg.namespaces import PREFIXES, RDF, RDFS, SH, XSD
from kg.rdf.terms import term_text
from kg.shacl.report import result_order
from kg.shacl.policy import from_pyoxigraph, refuse_unsafe_shapes, unreadable_shapes

SUPPORTED = {
    "class", "datatype", "minCount", "maxCount", "nodeKind", "in", "pattern", "flags", "languageIn",
    "minLength", "maxLength", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "or", "sparql",
    "path", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "property", "message", "severity",
    "name", "description", "order", "group", "deactivated", "declare", "prefixes", "select",
}
COMPONENT = {
    "class": "ClassConstraintComponent", "datatype": "DatatypeConstraintComponent", "nodeKind": "NodeKindConstraintComponent",
    "in": "InConstraintComponent", "pattern": "PatternConstraintComponent", "languageIn": "LanguageInConstraintComponent",
    "minLength": "MinLengthConstraintComponent", "maxLength": "MaxLengthConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent", "maxInclusive": "MaxInclusiveConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent", "maxExclusive": "MaxExclusiveConstraintComponent",
    "or": "OrConstraintComponent", "minCount": "MinCountConstraintComponent", "maxCount": "MaxCountConstraintComponent",
}
_COMPARISON = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
_NODE_KIND = {
    "IRI": "isIRI(?v)", "BlankNode": "isBlank(?v)", "Literal": "isLiteral(?v)",
    "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))", "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
    "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
}


class UnsupportedShapes(Exception):
    """The shapes graph uses a SHACL feature this engine does not evaluate."""


@dataclass
class Shape:
    node: object
    path: str | None  # None for a node shape
    params: dict[str, list] = field(default_factory=dict)  # local name of sh: parameter -> values

    def one(self, name: str):
        values = self.params.get(name, [])
        return values[0] if values else None


class ShapesGraph:
    """The shapes of one graph, read from the store's quads (no rdflib)."""

    def __init__(self, quads, nesting_limit: int | None = None):
        quads = list(quads)
        refuse_unsafe_shapes(from_pyoxigraph(quads), nesting_limit)  # before Oxigraph runs any of their SPARQL
        self.triples: dict = {}
        for q in quads:
            self.triples.setdefault(q.subject, []).append((q.predicate.value, q.object))

    def objects(self, node, predicate: str) -> list:
        return [o for p, o in self.triples.get(node, []) if p == predicate]

    def items(self, head) -> list:
        out = []
        while head != ox.NamedNode(RDF + "nil"):
            out.append(self.objects(head, RDF + "first")[0])
            head = self.objects(head, RDF + "rest")[0]
        return out

    def shape(self, node, path: str | None) -> Shape:
        params: dict[str, list] = {}
        for predicate, obj in self.triples.get(node, []):
            if predicate.startswith(SH):
                params.setdefault(predicate[len(SH):], []).append(obj)
        unknown = set(params) - SUPPORTED
        if unknown:
            raise UnsupportedShapes(f"sh:{sorted(unknown)[0]} on {term_text(node)}")
        return Shape(node, path, params)

    def node_shapes(self) -> list[Shape]:
        targets = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
        found = [s for s, pos in self.triples.items()
                 if any(p in (SH + t for t in targets) for p, _ in pos)]
        return [self.shape(s, None) for s in sorted(found, key=str)]

    def property_shapes(self, node_shape: Shape) -> list[Shape]:
        result = []
        for node in node_shape.params.get("property", []):
            path = self.objects(node, SH + "path")
            if len(path) != 1 or not isinstance(path[0], ox.NamedNode):
                raise UnsupportedShapes(f"a property path other than a single IRI on {term_text(node_shape.node)}")
            result.append(self.shape(node, path[0].value))
        return result


_term = partial(term_text, full_iris=True, blank_ids=True)  # N-Triples form, valid SPARQL


def focus_pattern(shape: Shape, focus: list[str] | None) -> str:
    branches = [f"?this <{RDF}type>/<{RDFS}subClassOf>* {_term(c)} ." for c in shape.params.get("targetClass", [])]
    branches += [f"VALUES ?this {{ {_term(n)} }}" for n in shape.params.get("targetNode", [])]
    branches += [f"?this {_term(p)} ?any ." for p in shape.params.get("targetSubjectsOf", [])]
    branches += [f"?any {_term(p)} ?this ." for p in shape.params.get("targetObjectsOf", [])]
    union = " UNION ".join("{ " + b + " }" for b in branches)
    restrict = " VALUES ?this { " + " ".join(f"<{f}>" for f in focus) + " }" if focus is not None else ""
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union}{restrict} }} }}"


def conforms_expr(name: str, value, graph: ShapesGraph, shape: Shape) -> str:
    """A SPARQL boolean expression, over ?v (and ?this), true when the value satisfies the constraint."""
    if name == "class":
        return f"EXISTS {{ ?v <{RDF}type>/<{RDFS}subClassOf>* {_term(value)} }}"
    if name == "datatype":
        return f"(isLiteral(?v) && datatype(?v) = {_term(value)})"
    if name == "nodeKind":
        return _NODE_KIND[value.value[len(SH):]]
    if name == "in":
        return "(" + " || ".join(f"sameTerm(?v, {_term(i)})" for i in graph.items(value)) + ")"
    if name == "pattern":
        flags = shape.one("flags")
        flag_arg = f", {_term(ox.Literal(flags.value))}" if flags is not None else ""
        return f"(!isBlank(?v) && REGEX(STR(?v), {_term(ox.Literal(value.value))}{flag_arg}))"
    if name == "languageIn":
        tags = " || ".join(f"langMatches(lang(?v), {_term(ox.Literal(t.value))})" for t in graph.items(value))
        return f"(isLiteral(?v) && ({tags}))"
    if name in ("minLength", "maxLength"):
        op = ">=" if name == "minLength" else "<="
        return f"(!isBlank(?v) && STRLEN(STR(?v)) {op} {value.value})"
    if name in _COMPARISON:
        return f"COALESCE(?v {_COMPARISON[name]} {_term(value)}, false)"
    if name == "or":
        return "(" + " || ".join(_alternative(graph, member) for member in graph.items(value)) + ")"
    raise UnsupportedShapes(f"sh:{name} inside sh:or")


def _alternative(graph: ShapesGraph, node) -> str:
    """One member of an sh:or: a value constraint set, or a property shape that needs some value."""
    paths = graph.objects(node, SH + "path")
    inner = graph.shape(node, paths[0].value if paths else None)
    if paths:
        wanted = {k: v for k, v in inner.params.items() if k not in ("path", "message", "severity")}
        if wanted != {"minCount": [ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))]}:
            raise UnsupportedShapes("sh:or with a property shape other than sh:minCount 1")
        return f"EXISTS {{ ?this <{paths[0].value}> ?any_or }}"
    parts = [conforms_expr(k, v, graph, inner) for k, vs in inner.params.items() for v in vs
             if k not in ("message", "severity", "flags")]
    return "(" + " && ".join(parts or ["true"]) + ")"


_NOT_CONSTRAINTS = {"path", "message", "severity", "name", "description", "order", "group", "deactivated", "flags",
                    "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "property", "sparql",
                    "declare", "prefixes", "select"}


@dataclass(frozen=True)
class Check:
    """One SPARQL query that returns the violations of one constraint: rows of ?this and maybe ?v."""

    query: str
    shape: Shape
    component: str
    owner: Shape  # the shape whose message and severity apply


def checks_for(graph: ShapesGraph, focus: list[str] | None = None) -> list[Check]:
    checks = []
    for node_shape in graph.node_shapes():
        if _deactivated(node_shape):
            continue
        pattern = focus_pattern(node_shape, focus)
        for name, values in sorted(node_shape.params.items()):
            if name not in _NOT_CONSTRAINTS:
                for value in values:
                    expr = conforms_expr(name, value, graph, node_shape)
                    q = f"SELECT DISTINCT ?this ?v WHERE {{ {pattern} BIND(?this AS ?v) FILTER(!({expr})) }}"
                    checks.append(Check(q, node_shape, COMPONENT[name], node_shape))
        for prop in graph.property_shapes(node_shape):
            if not _deactivated(prop):
                checks.extend(_property_checks(graph, prop, pattern))
        for constraint in node_shape.params.get("sparql", []):
            checks.append(_sparql_check(graph, node_shape, constraint, pattern))
    return checks


def _deactivated(shape: Shape) -> bool:
    flag = shape.one("deactivated")
    return flag is not None and flag.value == "true"


def _property_checks(graph: ShapesGraph, prop: Shape, pattern: str) -> list[Check]:
    checks = []
    path = f"<{prop.path}>"
    for name, values in sorted(prop.params.items()):
        if name in _NOT_CONSTRAINTS:
            continue
        for value in values:
            if name in ("minCount", "maxCount"):
                op = "<" if name == "minCount" else ">"
                q = (f"SELECT ?this WHERE {{ {pattern} OPTIONAL {{ ?this {path} ?v }} }} "
                     f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {op} {value.value})")
            else:
                expr = conforms_expr(name, value, graph, prop)
                q = f"SELECT DISTINCT ?this ?v WHERE {{ {pattern} ?this {path} ?v . FILTER(!({expr})) }}"
            checks.append(Check(q, prop, COMPONENT[name], prop))
    return checks


def _sparql_check(graph: ShapesGraph, node_shape: Shape, constraint, pattern: str) -> Check:
    inner = graph.shape(constraint, None)
    select = inner.one("select")
    if select is None:
        raise UnsupportedShapes("sh:sparql without sh:select")
    prologue = "".join(
        f"PREFIX {graph.objects(d, SH + 'prefix')[0].value}: <{graph.objects(d, SH + 'namespace')[0].value}>\n"
        for owner in inner.params.get("prefixes", [])
        for d in graph.objects(owner, SH + "declare")
    )
    text = select.value.replace("$this", "?this")
    where = text.find("{")
    if where < 0:
        raise UnsupportedShapes("an sh:select without a WHERE clause")
    query = prologue + text[: where + 1] + f" {pattern} " + text[where + 1:]
    return Check(query, node_shape, "SPARQLConstraintComponent", inner)


def run(store: ox.Store, data_graphs: list | None, graph: ShapesGraph, focus: list[str] | None = None) -> list[Finding]:
    """Evaluate every check over the union of `data_graphs` (None: of every named graph); results
    as text and sorted like the pyshacl ones, so the two engines' reports compare equal."""
    dataset = {"default_graph": data_graphs} if data_graphs is not None else {"use_default_graph_as_union": True}
    results = set()
    for check in checks_for(graph, focus):
        try:
            rows = store.query(check.query, prefixes=PREFIXES, **dataset)
        except SyntaxError as exc:  # only a shape's own SPARQL can be malformed
            raise unreadable_shapes(term_text(check.shape.node), exc) from None
        for row in rows:
            results.add(_result(check, row))
    return sorted(results, key=result_order)


def _result(check: Check, row) -> Finding:
    value = _get(row, "value") if check.component == "SPARQLConstraintComponent" else _get(row, "v")
    severity = check.owner.one("severity") or check.shape.one("severity")
    message = check.owner.one("message") or check.shape.one("message")
    text = message.value if message is not None else f"violates {check.component}"
    if value is not None:
        text = text.replace("{?value}", term_text(value)).replace("{$value}", term_text(value))
    return Finding(
        severity=from_shacl(severity.value) if severity is not None else VIOLATION,
        message=text,
        focus=term_text(row["this"]),
        path=term_text(ox.NamedNode(check.shape.path)) if check.shape.path else "",
        value=term_text(value),
        stage="shapes",
        constraint="sh:" + check.component,
        shape=term_text(check.shape.node),
    )


def _get(row, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None
