"""The ontology's axioms that the shapes do not check: disjoint types, domains, ranges, datatypes.

The shapes judge nodes by their declared class. The ontology says more: top classes are pairwise
disjoint, and every property has a domain and a range. A reasoner would find the graph inconsistent
(or quietly infer nonsense) where new facts break these, so they are checked here with the types
the new facts and the existing graph give each node.

Severity follows what a reasoner would do: a type that *cannot* fit (it is disjoint with the
domain or range) is a violation; a type that merely is not the expected one, from which a reasoner
would infer a second type, is a warning.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import RDF_TYPE, RDFS, XSD, shorten
from kg.store.ontology import Ontology
from kg.findings import Finding
from kg.validation.report import violation, warning
from kg.rdf.terms import term_text as _text

STAGE = "axioms"
DATES = frozenset(XSD + t for t in ("date", "gYearMonth", "gYear"))
_DATE_EXAMPLES = {XSD + "date": '"2019-05-15"^^xsd:date', XSD + "gYearMonth": '"2019-05"^^xsd:gYearMonth', XSD + "gYear": '"2019"^^xsd:gYear'}
# Derived XSD datatypes accepted where their base type is expected.
_XSD_BASE = {
    "integer": "decimal", "nonNegativeInteger": "integer", "positiveInteger": "nonNegativeInteger",
    "nonPositiveInteger": "integer", "negativeInteger": "nonPositiveInteger", "long": "integer", "int": "long",
    "short": "int", "byte": "short", "unsignedLong": "nonNegativeInteger", "unsignedInt": "unsignedLong",
    "unsignedShort": "unsignedInt", "unsignedByte": "unsignedShort", "normalizedString": "string",
    "token": "normalizedString", "language": "token", "dateTimeStamp": "dateTime",
}


def check(triples: list, ontology: Ontology, types: dict, origins: dict | None = None) -> list[Finding]:
    """`types` maps each node to its class IRIs, from the new facts and the existing graph;
    `origins` maps (node, class IRI) to where that type is stated, for the reader of a clash."""
    problems = []
    for subject in dict.fromkeys(t.subject for t in triples):
        problems += _disjoint_types(subject, types.get(subject, set()), ontology, origins or {})
    for t in triples:
        p = t.predicate.value
        if p == RDF_TYPE:
            continue
        if p in ontology.object_properties and not isinstance(t.object, ox.Literal):  # a literal: kg.validation.references
            problems += _fits(t, ontology, t.object, types.get(t.object, set()), ontology.ranges(p), "range")
        elif p in ontology.datatype_properties:
            problems += _data_value(t, ontology)
        if p in ontology.properties:
            problems += _fits(t, ontology, t.subject, types.get(t.subject, set()), ontology.domains(p), "domain")
    return problems


def _disjoint_types(subject, types: set[str], ontology: Ontology, origins: dict) -> list[Finding]:
    """One violation per pair of the node's types that a disjointness axiom of the ontology forbids,
    naming both types, where each is stated, and the axiom (through the classes it names)."""
    # the types the new facts state first, so that the finding points at one of them
    known = sorted(sorted(types & ontology.classes), key=lambda c: origins.get((subject, c), "").startswith("in "))
    problems = []
    for i, a in enumerate(known):
        for b in known[i + 1:]:
            clash = ontology.clash(a, b)
            if clash is None:
                continue
            up_a, up_b, axiom = clash
            name = shorten(subject.value) if isinstance(subject, ox.NamedNode) else "this node"
            said = f"{name} is typed {shorten(a)} {_origin(origins, subject, a)} and {shorten(b)} {_origin(origins, subject, b)}"
            via = "".join(f"; a {shorten(c)} is a {shorten(u)}" for c, u in ((a, up_a), (b, up_b)) if c != u)
            problems.append(violation(
                STAGE, subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(a),
                f"{said}{via}; {shorten(up_a)} and {shorten(up_b)} are disjoint ({axiom.text}): nothing can be "
                "both, so one of the types is wrong",
            ))
    return problems


def _origin(origins: dict, subject, cls: str) -> str:
    return origins.get((subject, cls), "(where it is stated is not known)")


def _fits(t, ontology: Ontology, node, types: set[str], unions: list, role: str) -> list[Finding]:
    """Check a node's classes against each domain (or range) union of the property."""
    known = types & ontology.classes
    if not known:
        return []  # nothing to judge by; the shapes ask for types where they matter
    problems = []
    for union in unions:
        if ontology.closure(known) & union:
            continue
        prop, expected = shorten(t.predicate.value), " or ".join(shorten(c) for c in sorted(union))
        name = shorten(node.value) if isinstance(node, ox.NamedNode) else "this node"
        is_a = " and ".join(shorten(c) for c in sorted(known))
        lead = f"{prop} takes a {expected}" if role == "range" else f"{prop} is said of a {expected}"
        if all(any(ontology.disjoint(k, c) for k in known) for c in union):
            problems.append(violation(STAGE, t.subject, t.predicate, t.object,
                                      f"{lead}, but {name} is a {is_a}, which cannot be one"))
        else:
            problems.append(warning(STAGE, t.subject, t.predicate, t.object,
                                    f"{lead}, but {name} is a {is_a}; a reasoner would conclude it is also a {expected}"))
    return problems


def _data_value(t, ontology: Ontology) -> list[Finding]:
    prop = shorten(t.predicate.value)
    if not isinstance(t.object, ox.Literal):
        return [violation(STAGE, t.subject, t.predicate, t.object,
                          f"{prop} takes a literal value, not an entity such as {_text(t.object)}")]
    problems = []
    for union in ontology.ranges(t.predicate.value):
        if not all(d.startswith(XSD) for d in union) or _datatype_fits(t.object, union):
            continue
        if union <= DATES:
            wanted = ", ".join(_DATE_EXAMPLES[d] for d in sorted(union, key=list(_DATE_EXAMPLES).index))
            message = f"{prop} takes a date with the precision the text gives ({wanted}); {_text(t.object)} is {_kind(t.object)}"
        else:
            wanted = " or ".join(shorten(d) for d in sorted(union))
            message = f"{prop} takes {_article(wanted)} value; {_text(t.object)} is {_kind(t.object)}"
        problems.append(violation(STAGE, t.subject, t.predicate, t.object, message))
    return problems


def _datatype_fits(literal: ox.Literal, union: frozenset[str]) -> bool:
    if literal.language:
        return RDFS + "Literal" in union
    name = literal.datatype.value[len(XSD):] if literal.datatype.value.startswith(XSD) else None
    while name is not None:
        if XSD + name in union:
            return True
        name = _XSD_BASE.get(name)
    return False


def _kind(literal: ox.Literal) -> str:
    if literal.language:
        return "a language-tagged string"
    if literal.datatype.value == XSD + "string":
        return "a plain string"
    return f"{_article(shorten(literal.datatype.value))} value"


def _article(name: str) -> str:
    return ("an " if name.startswith(("xsd:a", "xsd:e", "xsd:i", "xsd:o", "xsd:u")) else "a ") + name
