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


def check(triples: list, ontology: Ontology, types: dict, origins: dict | None = None) -> tuple[list[Finding], list[Finding]]:
    """The findings, and those among them that are clashes with a disjointness axiom (the cause of
    whatever a shape says about the same value). `types` maps each node to its class IRIs, from the
    new facts and the existing graph; `origins` maps (node, class IRI) to where that type is stated."""
    origins = origins or {}
    problems, clashes = [], []
    for subject in dict.fromkeys(t.subject for t in triples):
        clashes += _disjoint_types(subject, types.get(subject, set()), ontology, origins)
    for t in triples:
        p = t.predicate.value
        if p == RDF_TYPE:
            continue
        if p in ontology.object_properties and not isinstance(t.object, ox.Literal):  # a literal: kg.validation.references
            _fits(t, ontology, t.object, types.get(t.object, set()), "range", origins, (problems, clashes))
        elif p in ontology.datatype_properties:
            problems += _data_value(t, ontology)
        if p in ontology.properties:
            _fits(t, ontology, t.subject, types.get(t.subject, set()), "domain", origins, (problems, clashes))
    return clashes + problems, clashes


def _disjoint_types(subject, types: set[str], ontology: Ontology, origins: dict) -> list[Finding]:
    """One violation per pair of the node's types that a disjointness axiom of the ontology forbids,
    naming both types, where each is stated, and the axiom (through the classes it names)."""
    # the types the new facts state first, so that the finding points at one of them
    known = sorted(sorted(types & ontology.classes), key=lambda c: origins.get((subject, c), "").startswith("in "))
    problems = []
    for i, a in enumerate(known):
        for b in known[i + 1:]:
            if ontology.clash(a, b) is None:
                continue
            said = f"{_name(subject)} is typed {_typed(origins, subject, [a, b])}"
            problems.append(violation(STAGE, subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(a),
                                      f"{said}{_disjointness(ontology, [(a, b)])}: nothing can be both, so one of "
                                      "the types is wrong"))
    return problems


def _fits(t, ontology: Ontology, node, types: set[str], role: str, origins: dict, into: tuple[list, list]) -> None:
    """Check a node's classes against each domain (or range) union of the property: a class that
    cannot be one is a violation (a clash, into the second list), one that merely is not one a warning."""
    known = sorted(types & ontology.classes)
    if not known:
        return  # nothing to judge by; the shapes ask for types where they matter
    unions = ontology.ranges(t.predicate.value) if role == "range" else ontology.domains(t.predicate.value)
    failing = [u for u in unions if not ontology.closure(known) & u]
    for union in failing:
        if any(other != union and all(ontology.closure({c}) & union for c in other) for other in failing):
            continue  # a narrower union fails too (kg:ArmsTransferEvent, then kg:Event): said once, by it
        prop, expected = shorten(t.predicate.value), " or ".join(shorten(c) for c in sorted(union))
        lead = f"{prop} takes a {expected} (its range)" if role == "range" else f"{prop} is said of a {expected} (its domain)"
        pairs = [next(((k, c) for k in known if ontology.clash(k, c)), None) for c in sorted(union)]
        if all(pairs):
            into[1].append(violation(STAGE, t.subject, t.predicate, t.object,
                                     f"{lead}, but {_name(node)} is typed {_typed(origins, node, known)}"
                                     f"{_disjointness(ontology, pairs)}: it cannot be one"))
        else:
            is_a = " and ".join(shorten(c) for c in known)
            into[0].append(warning(STAGE, t.subject, t.predicate, t.object,
                                   f"{lead}, but {_name(node)} is a {is_a}; a reasoner would conclude it is also a {expected}"))


def _disjointness(ontology: Ontology, pairs: list[tuple[str, str]]) -> str:
    """'; a kg:NewsOrganization is a kg:Organization; kg:State and kg:Organization are disjoint (axiom)'."""
    via, said, axioms = [], [], []
    for a, b in pairs:
        up_a, up_b, axiom = ontology.clash(a, b)
        via += [f"a {shorten(c)} is a {shorten(u)}" for c, u in ((a, up_a), (b, up_b)) if c != u]
        said.append(f"{shorten(up_a)} and {shorten(up_b)}")
        axioms.append(axiom.text)
    unique = lambda items: list(dict.fromkeys(items))  # noqa: E731
    return "".join(f"; {v}" for v in unique(via)) + f"; {', and '.join(unique(said))} are disjoint ({'; '.join(unique(axioms))})"


def _typed(origins: dict, node, classes: list[str]) -> str:
    """'kg:State at f.ttl:6:20 and kg:Person in the graph (data/entities.ttl)'."""
    return " and ".join(f"{shorten(c)} {origins.get((node, c), '(where it is stated is not known)')}" for c in classes)


def _name(node) -> str:
    return shorten(node.value) if isinstance(node, ox.NamedNode) else "this node"


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
