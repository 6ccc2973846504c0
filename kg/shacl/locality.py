"""Which focus nodes a change of the data can affect, and judging only those: the SHACL half of
refreshing a store when one file changed (kg.store.refresh).

A shape's verdict on a focus node F reads some of the graph around F. When every shape reads no
more than: F's own triples, some triples of the nodes F points at (its values: their types for
sh:class, the properties of a SPARQL constraint's second hop: Reach.value_predicates), the triples of named
properties that point at F, and the other nodes that share a literal with F through a named
property (the label-uniqueness constraint), then a changed triple (s p o) can only change the
verdict on s, on o, on the nodes that point at s, and on the nodes that share that literal. Judging
those again with everything they read, and keeping every other result, gives the whole graph's
report. `reach_of` proves that bound from the shapes themselves, or says why it cannot: any
path that is not one property, sh:node, qualified shapes, sh:targetObjectsOf (its focus nodes may
be literals, which a focus list cannot name), a constraint's SPARQL beyond those patterns. Then the
caller validates the whole graph instead. sh:targetSubjectsOf is local: whether F is a target reads
only F's own triples, and a changed triple's subject is always judged again.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pyoxigraph as ox

from kg.findings import Finding
from kg.namespaces import PREFIXES, RDF, RDF_TYPE, RDFS, SH
from kg.shacl import sparql_engine

_NOT_LOCAL = {
    "node": "sh:node", "qualifiedValueShape": "a qualified value shape",
    "targetObjectsOf": "sh:targetObjectsOf", "ask": "an ASK constraint", "target": "a SPARQL target",
}
_LOGICAL = {SH + "or", SH + "and", SH + "xone"}
_RDF_FIRST, _RDF_REST = RDF + "first", RDF + "rest"
_TERM = re.compile(r'<[^>]*>|"(?:[^"\\]|\\.)*"|\$\w+|\?\w+|[A-Za-z][\w-]*:[\w.-]*|\ba\b|[.;,]|\S+')
_FILTER_EXPR = re.compile(r"FILTER\s*\(", re.IGNORECASE)
_GROUP_WORDS = re.compile(r"\b(?:FILTER\s+NOT\s+EXISTS|FILTER\s+EXISTS|OPTIONAL|MINUS)\b", re.IGNORECASE)
_REFUSED_WORDS = re.compile(r"\b(?:GRAPH|SERVICE|SELECT|VALUES|BIND|UNION|EXISTS)\b|[*+|^/]", re.IGNORECASE)
_SELECT_HEAD = re.compile(r"^\s*SELECT\b[^{]*\bWHERE\s*", re.IGNORECASE | re.DOTALL)
_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")


class Reach(NamedTuple):
    """What the shapes read around a focus node beyond its own triples and its values' triples."""

    in_predicates: frozenset  # properties read on triples that point at the focus node
    join_predicates: frozenset  # properties whose literal values are joined with other nodes'
    # properties read on a value's own triples: rdf:type (sh:class) and a SPARQL constraint's second
    # hop. A value that is a hub (a country) has thousands of other triples no verdict reads.
    value_predicates: frozenset = frozenset({RDF_TYPE})


def reach_of(shapes) -> Reach | str:
    """The shapes' Reach, or a sentence saying why their verdicts cannot be proved local."""
    triples = [(q.subject, q.predicate.value, q.object) for q in shapes]
    if _nested_property_shape(triples):
        return "a property shape is nested inside another's constraint"
    prefixes = dict(PREFIXES)
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {})[p] = o
    for fields in by_subject.values():
        if SH + "prefix" in fields and SH + "namespace" in fields:
            prefixes[fields[SH + "prefix"].value] = fields[SH + "namespace"].value
    in_predicates, join_predicates, value_predicates = set(), set(), {RDF_TYPE}
    for _s, p, o in triples:
        if not p.startswith(SH):
            continue
        name = p[len(SH):]
        if name in _NOT_LOCAL:
            return f"the shapes use {_NOT_LOCAL[name]}"
        if name == "path" and not isinstance(o, ox.NamedNode):
            return "a shape's sh:path is not a single property"
        if name == "select":
            found = _sparql_reach(o.value, prefixes, (in_predicates, join_predicates, value_predicates))
            if found is not None:
                return found
    return Reach(frozenset(in_predicates), frozenset(join_predicates), frozenset(value_predicates))


def _nested_property_shape(triples: list) -> bool:
    """True when a shape with sh:path sits below another's sh:or/sh:and/sh:xone/sh:not/sh:property:
    it reads the values' values, one hop further than the Reach covers."""
    rest = {s: o for s, p, o in triples if p == _RDF_REST}
    first = {s: o for s, p, o in triples if p == _RDF_FIRST}
    parent = {}
    for s, p, o in triples:
        if p in _LOGICAL:
            node, seen = o, 0
            while node in first and seen < 1000:
                parent[first[node]], node, seen = s, rest.get(node), seen + 1
        elif p in (SH + "not", SH + "property"):
            parent[o] = s
    with_path = {s for s, p, _o in triples if p == SH + "path"}
    for shape in with_path:
        node, seen = parent.get(shape), 0
        while node is not None and seen < 100:
            if node in with_path:
                return True
            node, seen = parent.get(node), seen + 1
    return False


def _sparql_reach(select: str, prefixes: dict, reach: tuple[set, set, set]) -> str | None:
    """Read a constraint's triple patterns; None when each is one the Reach covers."""
    body = _SELECT_HEAD.sub("", select, count=1)
    body = _strip_filter_expressions(body)
    if body is None:
        return "a SPARQL constraint's FILTER holds a pattern"
    body = _GROUP_WORDS.sub(" ", body).replace("{", " . ").replace("}", " . ")
    if _REFUSED_WORDS.search(re.sub(r"<[^>]*>", "<>", body)):
        return "a SPARQL constraint goes beyond triple patterns"
    patterns, current = [], []
    for token in _TERM.findall(body):
        if token == ".":
            if current:
                patterns.append(current)
            current = []
        elif token in (";", ","):
            return "a SPARQL constraint abbreviates its patterns (; or ,)"
        else:
            current.append(token)
    if current:
        patterns.append(current)
    if any(len(p) != 3 or p[1].startswith(("?", "$")) for p in patterns):
        return "a SPARQL constraint has a pattern with a variable property"
    try:
        patterns = [[s, _expand(p, prefixes), o] for s, p, o in patterns]
    except KeyError:
        return "a SPARQL constraint uses a prefix the shapes do not declare"
    return _patterns_reach(patterns, *reach)


def _expand(name: str, prefixes: dict) -> str:
    if name == "a":
        return RDF_TYPE
    if name.startswith("<"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    return prefixes[prefix] + local


def _strip_filter_expressions(text: str) -> str | None:
    """The text without FILTER(…) expressions (they read no triple), or None if one holds EXISTS."""
    while True:
        match = _FILTER_EXPR.search(text)
        if match is None:
            return text
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        inner = text[match.end():end]
        if re.search(r"\bEXISTS\b|[{}]", inner, re.IGNORECASE):
            return None
        text = text[:match.start()] + " " + text[end:]


def _patterns_reach(patterns: list, in_predicates: set, join_predicates: set, value_predicates: set) -> str | None:
    """Each pattern must read F's triples, a value's, an edge into F, or a literal F shares."""
    values, literals = set(), {}  # variables bound to F's values; to F's values through which property
    pending = list(patterns)
    while pending:
        progressed = False
        for s, p, o in list(pending):
            if s == "$this":
                if o.startswith("?"):
                    values.add(o)
                    literals.setdefault(o, set()).add(p)
            elif o == "$this" and s.startswith("?"):
                in_predicates.add(p)
            elif s in values:
                value_predicates.add(p)  # a value's own triple
            elif s.startswith("?") and p in literals.get(o, ()):
                join_predicates.add(p)
            else:
                continue
            pending.remove([s, p, o])
            progressed = True
        if not progressed:
            return "a SPARQL constraint reads further than a focus node's values"
    return None


def affected_focus(store: ox.Store, graphs: set, diff: set, reach: Reach) -> set | None:
    """The nodes whose verdict the changed triples `diff` can change (see the module's docstring),
    or None when one of them is a blank node (a focus list names IRIs only)."""
    touched = set()
    for t in diff:
        touched.add(t.subject)
        if not isinstance(t.object, ox.Literal):
            touched.add(t.object)
    found = set(touched)
    for node in {t.subject for t in diff}:
        found.update(q.subject for q in store.quads_for_pattern(None, None, node, None) if q.graph_name in graphs)
    for t in diff:
        if t.predicate.value in reach.join_predicates and isinstance(t.object, ox.Literal):
            found.update(q.subject for q in store.quads_for_pattern(None, t.predicate, t.object, None)
                         if q.graph_name in graphs)
    if any(not isinstance(node, ox.NamedNode) for node in found):
        return None
    return found


def validate_focus(store: ox.Store, graphs: set, focus: set, shapes: list, reach: Reach,
                   nesting_limit: int | None = None) -> list[Finding] | None:
    """The whole-graph report's results about `focus`, computed over the part of the graph they
    read; None when the SPARQL engine declines the shapes (the caller then validates everything)."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(q.subject, q.predicate, q.object) for q in _around(store, graphs, focus, reach))
    try:
        shapes_graph = sparql_engine.ShapesGraph(shapes, nesting_limit)
        return sparql_engine.run(scratch, [ox.DefaultGraph()], shapes_graph, _targeted(scratch, focus))
    except sparql_engine.UnsupportedShapes:
        return None


def _around(store: ox.Store, graphs: set, focus: set, reach: Reach):
    """The asserted quads the focus nodes' verdicts read."""

    def asserted(quads):
        return (q for q in quads if q.graph_name in graphs)

    values = set()
    for node in focus:
        for q in asserted(store.quads_for_pattern(node, None, None, None)):
            yield q
            if isinstance(q.object, ox.Literal):
                if q.predicate.value in reach.join_predicates:
                    yield from asserted(store.quads_for_pattern(None, q.predicate, q.object, None))
            else:
                values.add(q.object)
        for prop in reach.in_predicates:
            yield from asserted(store.quads_for_pattern(None, ox.NamedNode(prop), node, None))
    value_predicates = [ox.NamedNode(p) for p in sorted(reach.value_predicates)]
    for value in values - focus:
        for prop in value_predicates:
            yield from asserted(store.quads_for_pattern(value, prop, None, None))
    yield from asserted(store.quads_for_pattern(None, _SUBCLASS, None, None))


def _targeted(scratch: ox.Store, focus: set):
    """Each shape's targets among `focus`, as the engine's focus pattern selects them on `scratch`:
    a shape that targets none of them then costs no query (most shapes, for a few changed facts)."""
    iris = sorted(n.value for n in focus)
    values = " ".join(f"<{iri}>" for iri in iris)
    members: dict = {}
    query = f"SELECT ?this ?class WHERE {{ VALUES ?this {{ {values} }} ?this <{RDF_TYPE}>/<{RDFS}subClassOf>* ?class }}"
    for row in scratch.query(query):
        members.setdefault(row[1], set()).add(row[0].value)
    subjects: dict = {}
    known = set(iris)
    for node in focus:
        for q in scratch.quads_for_pattern(node, None, None, None):
            subjects.setdefault(q.predicate, set()).add(node.value)

    def of(shape) -> list[str]:
        given = [t for name in ("targetClass", "targetNode", "targetSubjectsOf") for t in shape.params.get(name, [])]
        if shape.params.get("targetObjectsOf") or any(not isinstance(t, ox.NamedNode) for t in given):
            return iris  # not narrowed: the engine's own pattern selects among them
        chosen = {t.value for t in shape.params.get("targetNode", []) if t.value in known}
        for cls in shape.params.get("targetClass", []):
            chosen |= members.get(cls, set())
        for prop in shape.params.get("targetSubjectsOf", []):
            chosen |= subjects.get(prop, set())
        return sparql_engine.Targeted(sorted(chosen))

    return of
