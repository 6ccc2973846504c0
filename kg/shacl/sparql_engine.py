"""SHACL Core evaluated as SPARQL on the Oxigraph store: one query per constraint.

pyshacl walks an rdflib graph in Python (about 4 s on the shipped 3k triples, ~30 s at 100k);
the same constraints as SPARQL run in the Rust engine over the store the graph already lives in.
The engine supports the SHACL features the project's shapes use (positive lists in
kg.shacl.shapes_graph) and raises UnsupportedShapes when a shapes graph needs more or holds a
shape it did not read, so callers fall back to pyshacl rather than guess. A
differential test checks that both engines report the same violations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

import pyoxigraph as ox

from kg.findings import VIOLATION, Finding, from_shacl
from kg.namespaces import PREFIXES, RDF, RDFS, SH, XSD
from kg.rdf.terms import term_text
from kg.shacl.report import as_text, result_order
from kg.shacl.policy import unreadable_shapes
from kg.shacl.shapes_graph import (OR_MEMBER, SPARQL_CONSTRAINT, SUPPORTED, Shape, ShapesGraph,
                                   UnsupportedShapes)

__all__ = ["SUPPORTED", "Shape", "ShapesGraph", "Targeted", "UnsupportedShapes", "checks_for", "run"]

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


OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
_term = partial(term_text, full_iris=True, blank_ids=True)  # N-Triples form, valid SPARQL


class Targeted(list):
    """Focus nodes known to be exactly those a shape targets (among those the caller judges): the
    focus pattern then lists them, without evaluating the targets again."""


def focus_pattern(shape: Shape, focus: list[str] | None) -> str:
    if isinstance(focus, Targeted):
        return "{ SELECT DISTINCT ?this WHERE { VALUES ?this { " + " ".join(f"<{f}>" for f in focus) + " } } }"
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
        return _datatype_expr(value)
    if name == "nodeKind":
        if value.value[len(SH):] not in _NODE_KIND or not value.value.startswith(SH):
            raise UnsupportedShapes(f"sh:nodeKind {term_text(value)}")
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
        if name == "minLength" and value.value.strip() in ("0", "+0", "-0"):
            # SHACL reports a blank node even against sh:minLength 0; pyshacl lets every value pass
            # it. Declined, so that the verdict does not depend on which engine ran.
            raise UnsupportedShapes("sh:minLength 0 (pyshacl lets a blank node pass it)")
        op = ">=" if name == "minLength" else "<="
        return f"(!isBlank(?v) && STRLEN(STR(?v)) {op} {value.value})"
    if name in _COMPARISON:
        return f"COALESCE(?v {_COMPARISON[name]} {_term(value)}, false)"
    if name == "or":
        return "(" + " || ".join(_alternative(graph, member) for member in graph.items(value)) + ")"
    raise UnsupportedShapes(f"sh:{name} inside sh:or")


_CASTABLE = {XSD + t for t in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time", "gYear",
                                "gYearMonth", "gMonth", "gMonthDay", "gDay", "duration")}


def _datatype_expr(value) -> str:
    """The literal has the datatype and, for the XSD types Oxigraph can cast, a well-formed lexical
    form (Oxigraph stores "five"^^xsd:integer as it is); other datatypes are declined, since
    Oxigraph rewrites some (derived integer types become xsd:integer) and cannot check the rest."""
    if not isinstance(value, ox.NamedNode):
        raise UnsupportedShapes(f"sh:datatype {term_text(value)}")
    test = f"(isLiteral(?v) && datatype(?v) = {_term(value)})"
    if value.value in _CASTABLE:
        return f"({test} && COALESCE(isLiteral({_term(value)}(STR(?v))), false))"
    if value.value in (XSD + "string", RDF + "langString"):
        return test
    raise UnsupportedShapes(f"sh:datatype {term_text(value)}: its lexical forms cannot be checked in SPARQL")


def _alternative(graph: ShapesGraph, node) -> str:
    """One member of an sh:or: a value constraint set, or a property shape that needs some value."""
    paths = graph.objects(node, SH + "path")
    inner = graph.shape(node, graph.simple_path(node, paths) if paths else None, OR_MEMBER)
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
    home: object = None  # the targeted shape the check belongs to (kg validate names it)


def checks_for(graph: ShapesGraph, focus=None) -> list[Check]:
    """The queries of every targeted shape; UnsupportedShapes unless the engine read the whole graph.

    `focus` restricts the focus nodes: a list of IRIs, or a function giving each targeted shape
    its list; a shape given none is still read (so refuse_unseen holds) but has no queries."""
    checks = []
    for shape in graph.targeted_shapes():
        own = focus(shape) if callable(focus) else focus
        found = _shape_checks(graph, shape, own)
        checks += found if own != [] else []
    graph.refuse_unseen()
    return checks


def _shape_checks(graph: ShapesGraph, node_shape: Shape, focus: list[str] | None) -> list[Check]:
    """A targeted node shape's checks and its property shapes' (a targeted property shape's own)."""
    checks: list[Check] = []
    pattern = focus_pattern(node_shape, focus)
    if node_shape.path is not None:
        return [] if _deactivated(node_shape) else _property_checks(graph, node_shape, pattern, node_shape.node)
    properties = graph.property_shapes(node_shape)  # read even when deactivated: they are understood
    if _deactivated(node_shape):
        return checks
    for name, values in sorted(node_shape.params.items()):
        if name not in _NOT_CONSTRAINTS:
            for value in values:
                expr = conforms_expr(name, value, graph, node_shape)
                q = f"SELECT DISTINCT ?this ?v WHERE {{ {pattern} BIND(?this AS ?v) FILTER(!({expr})) }}"
                checks.append(Check(q, node_shape, COMPONENT[name], node_shape, node_shape.node))
    for prop in properties:
        if not _deactivated(prop):
            checks.extend(_property_checks(graph, prop, pattern, node_shape.node))
    for constraint in node_shape.params.get("sparql", []):
        checks.append(_sparql_check(graph, node_shape, constraint, pattern))
    return checks


def _deactivated(shape: Shape) -> bool:
    flag = shape.one("deactivated")
    return flag is not None and flag.value == "true"


def _property_checks(graph: ShapesGraph, prop: Shape, pattern: str, home) -> list[Check]:
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
            checks.append(Check(q, prop, COMPONENT[name], prop, home))
    return checks


# Pre-binding $this by joining the focus pattern into the outermost group is exact only for one flat
# group: nested groups, subqueries, MINUS and VALUES see $this unbound (SHACL 5.3.1), and the
# other pre-bound variables ($PATH, $shapesGraph, $currentShape) are not bound at all.
_NOT_PREBINDABLE = re.compile(r"\{|\b(MINUS|VALUES|SERVICE|SELECT\s*\*)\b|[?$](?-i:PATH|shapesGraph|currentShape)\b", re.I)
# The one group that is exact too: FILTER [NOT] EXISTS { flat } in the outermost group. A FILTER is
# evaluated on each solution of its group, where the join has bound ?this, and EXISTS substitutes
# that binding into its pattern (SPARQL 1.1 §18.6) - what pre-binding gives. Its braces are cut
# before the check, its content is still checked.
_FLAT_EXISTS = re.compile(r"\bFILTER\s+(?:NOT\s+)?EXISTS\s*\{([^{}]*)\}", re.I)


def _sparql_check(graph: ShapesGraph, node_shape: Shape, constraint, pattern: str) -> Check:
    """An sh:select run with $this bound to the shape's focus nodes, or a decline if that binding
    could differ from the standard's pre-binding."""
    inner = graph.shape(constraint, None, SPARQL_CONSTRAINT)
    select = inner.one("select")
    if select is None or len(inner.params["select"]) != 1:
        raise UnsupportedShapes("sh:sparql without exactly one sh:select")
    text = select.value.replace("$this", "?this")
    head, brace, body = text.partition("{")
    checked = _FLAT_EXISTS.sub(lambda m: f" {m.group(1)} ", body)
    if not brace or _NOT_PREBINDABLE.search(checked) or not re.search(r"\?this\b", head):
        raise UnsupportedShapes(f"an sh:select on {term_text(node_shape.node)} whose $this cannot be pre-bound by a join")
    return Check(_prologue(graph, inner) + head + "{" + f" {pattern} " + body, node_shape, "SPARQLConstraintComponent", inner,
                 node_shape.node)


def _prologue(graph: ShapesGraph, constraint: Shape) -> str:
    """The PREFIX lines of sh:prefixes/owl:imports*/sh:declare, as SHACL defines them (those nodes
    are read, so not declined)."""
    lines, owners = [], list(constraint.params.get("prefixes", []))
    for owner in owners:  # grows as owl:imports are followed
        owners += [o for o in graph.objects(owner, OWL_IMPORTS) if o not in owners]
        graph.shape(owner, None, {"declare"})
        for declaration in graph.objects(owner, SH + "declare"):
            d = graph.shape(declaration, None, {"prefix", "namespace"})
            if len(d.params.get("prefix", [])) != 1 or len(d.params.get("namespace", [])) != 1:
                raise UnsupportedShapes(f"a malformed sh:declare on {term_text(owner)}")
            lines.append(f"PREFIX {d.one('prefix').value}: <{d.one('namespace').value}>\n")
    return "".join(lines)


def run(store: ox.Store, data_graphs: list | None, graph: ShapesGraph, focus=None,
        as_terms: bool = False) -> list[Finding]:
    """Evaluate every check over the union of `data_graphs` (None: of every named graph); results
    as text and sorted like the pyshacl ones, so the two engines' reports compare equal.

    `as_terms` gives what kg validate needs instead: focus, path and value as pyoxigraph terms and
    the targeted shape a result belongs to (a property shape's node shape), unsorted."""
    dataset = {"default_graph": data_graphs} if data_graphs is not None else {"use_default_graph_as_union": True}
    results = []
    for check in checks_for(graph, focus):
        try:
            rows = store.query(check.query, prefixes=PREFIXES, **dataset)
        except SyntaxError as exc:  # only a shape's own SPARQL can be malformed
            raise unreadable_shapes(term_text(check.shape.node), exc) from None
        seen = set()  # one result per row of one check: blank nodes that print alike stay apart
        for row in rows:
            key = tuple(row)
            if key not in seen:
                seen.add(key)
                results.append(_result(check, row, as_terms))
    return results if as_terms else sorted(results, key=result_order)


def _result(check: Check, row, as_terms: bool = False) -> Finding:
    path = ox.NamedNode(check.shape.path) if check.shape.path else None
    message = check.owner.one("message") or check.shape.one("message")
    if check.component == "SPARQLConstraintComponent":
        # SHACL's mapping of a solution to a result: ?value, else the value node (a node shape's is
        # the focus node); ?path when it is an IRI; ?message before the constraint's sh:message.
        value = _get(row, "value") or (row["this"] if path is None else None)
        path = _get(row, "path") if isinstance(_get(row, "path"), ox.NamedNode) else path
        message = _get(row, "message") or message
    else:
        value = _get(row, "v")
    severity = check.owner.one("severity") or check.shape.one("severity")
    text = message.value if message is not None else f"violates {check.component}"
    if value is not None and check.component == "SPARQLConstraintComponent":
        # SHACL fills {?value} in the messages of SPARQL constraints only (a core constraint's message is
        # verbatim); a literal by its lexical form, as pyshacl pastes it, so both engines word it alike.
        shown = term_text(value, literals="value")
        text = text.replace("{?value}", shown).replace("{$value}", shown)
    found = Finding(
        severity=from_shacl(severity.value) if severity is not None else VIOLATION,
        message=text,
        focus=row["this"],
        path=path,
        value=value,
        stage="shapes",
        constraint="sh:" + check.component,
        shape=term_text(check.home if as_terms else check.shape.node),
    )
    return found if as_terms else as_text(found)


def _get(row, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None
