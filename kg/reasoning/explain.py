"""Why the graph is inconsistent: the individuals and axioms involved, found without HermiT's help.

HermiT through owlready2 says only "inconsistent". The causes that real data produces are found
here directly, with their evidence: an individual with two types that disjointness axioms keep
apart (types asserted, or implied by the domain or range of a property it is used with), a
functional property with two values that cannot be one individual, owl:sameAs against
owl:differentFrom, a literal outside its property's datatype range. When none of these applies,
kg.reasoning.check falls back to bisection (kg.reasoning.bisection) with the reasoner itself.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.findings import VIOLATION, Finding
from kg.store.ontology import Ontology
from kg.namespaces import ONTOLOGY_GRAPH, OWL, PREFIXES, RDF, RDF_TYPE, RDFS, XSD, shorten
from kg.reasoning.cleaned_copy import OWL2_DATATYPES
from kg.graph_selection import asserted_graph_names
from kg.rdf.terms import term_text

_BUILTIN = (RDF, RDFS, OWL, XSD)

_BY_DOMAIN = """SELECT ?g ?x ?p ?y ?q ?class WHERE {
  ?p rdfs:subPropertyOf* ?q . ?q rdfs:domain ?class . FILTER(isIRI(?class))
  GRAPH ?g { ?x ?p ?y } }"""
_BY_RANGE = """SELECT ?g ?x ?p ?y ?q ?class WHERE {
  ?p rdfs:subPropertyOf* ?q . ?q rdfs:range ?class . ?q a owl:ObjectProperty . FILTER(isIRI(?class))
  GRAPH ?g { ?y ?p ?x } FILTER(!isLiteral(?x)) }"""
_FUNCTIONAL = """SELECT DISTINCT ?x ?p ?a ?b WHERE {
  ?p a owl:FunctionalProperty .
  { GRAPH ?g { ?x ?p ?a } } UNION { ?p owl:inverseOf|^owl:inverseOf ?i . GRAPH ?g { ?a ?i ?x } }
  { GRAPH ?h { ?x ?p ?b } } UNION { ?p owl:inverseOf|^owl:inverseOf ?j . GRAPH ?h { ?b ?j ?x } }
  FILTER(STR(?a) < STR(?b)) }"""
_SAME_AND_DIFFERENT = """SELECT DISTINCT ?a ?b WHERE {
  GRAPH ?g { ?a owl:sameAs ?b } GRAPH ?h { { ?a owl:differentFrom ?b } UNION { ?b owl:differentFrom ?a } } }"""
_SAME = "SELECT DISTINCT ?a ?b WHERE { GRAPH ?g { ?a owl:sameAs ?b } FILTER(?a != ?b) }"
_DATA_RANGES = """SELECT DISTINCT ?x ?p ?value ?range WHERE {
  ?p rdfs:range ?range ; a owl:DatatypeProperty . FILTER(isIRI(?range))
  GRAPH ?g { ?x ?p ?value } FILTER(isLiteral(?value)) }"""

# Datatypes whose values are also values of a broader one (the XSD derivation tree, in short).
_BROADER = {"integer": "decimal", "normalizedString": "string", "token": "normalizedString", "dateTimeStamp": "dateTime"}
_BROADER.update({n: "integer" for n in (
    "nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
    "unsignedLong unsignedInt unsignedShort unsignedByte").split()})


def culprit(who: str, message: str) -> Finding:
    """A cause of inconsistency: `who` names the individual (or where bisection found the cause),
    the message names it too, with the classes or values and the axiom."""
    return Finding(VIOLATION, message, focus=who, stage="consistency")


def _order(finding: Finding) -> tuple:
    return finding.focus, finding.message


def find_culprits(store: ox.Store, hierarchy: Ontology, places: dict[str, str] | None = None) -> list[Finding]:
    """Every cause of inconsistency the targeted checks recognise, sorted; [] if none applies.

    `places` names each graph as users know it (its file); other graphs show as prefixed IRIs.
    """
    typing = _types_with_reasons(store, places or {})
    found = set(_disjoint_types(typing, hierarchy))
    found.update(_functional_clashes(store, typing, hierarchy))
    found.update(_same_as_clashes(store, typing, hierarchy))
    found.update(_data_range_clashes(store))
    return sorted(found, key=_order)


def _query(store: ox.Store, sparql: str):
    """Axioms from the ontology graph as the default graph; facts from the asserted named graphs."""
    return store.query(sparql, prefixes=PREFIXES, default_graph=ox.NamedNode(ONTOLOGY_GRAPH),
                       named_graphs=asserted_graph_names(store))


def _types_with_reasons(store: ox.Store, places: dict[str, str]) -> dict:
    """individual -> {class IRI: why it has that type}.

    An asserted type is given as asserted (in the first graph, in graph order); a type only a
    domain or range implies gets the reason that sorts first, so the report is the same every run.
    """
    typing: dict = defaultdict(dict)
    place = lambda graph: places.get(graph.value) or shorten(graph.value)  # noqa: E731
    for graph in asserted_graph_names(store):
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, graph):
            if isinstance(q.object, ox.NamedNode) and not q.object.value.startswith(_BUILTIN):
                typing[q.subject].setdefault(q.object.value, f"asserted in {place(graph)}")
    implied: dict = defaultdict(dict)
    for sparql, role in ((_BY_DOMAIN, "domain"), (_BY_RANGE, "range")):
        for row in _query(store, sparql):
            cls = row["class"].value
            if cls.startswith(_BUILTIN) or cls in typing[row["x"]]:
                continue
            via = row["q"]
            owner = term_text(via) if via == row["p"] else f"{term_text(via)}, a superproperty of {term_text(row['p'])}"
            subject, obj = (row["x"], row["y"]) if role == "domain" else (row["y"], row["x"])
            statement = f"{term_text(subject)} {term_text(row['p'])} {term_text(obj)} in {place(row['g'])}"
            reason = f"the {role} of {owner}, from {statement}"
            known = implied[row["x"]].get(cls)
            implied[row["x"]][cls] = reason if known is None else min(known, reason)
    for individual, types in implied.items():
        typing[individual].update(types)
    return typing


def _describe(cls: str, why: str) -> str:
    return f"{shorten(cls)} ({why})"


def _disjoint_types(typing: dict, hierarchy: Ontology):
    for individual, types in typing.items():
        classes = sorted(types)
        reported = set()
        for i, first in enumerate(classes):
            for second in classes[i:]:
                clash = hierarchy.clash(first, second)
                if clash is None or frozenset(clash[:2]) in reported:
                    continue
                reported.add(frozenset(clash[:2]))
                yield culprit(term_text(individual), _disjoint_message(individual, types, first, second, clash))


def _disjoint_message(individual, types: dict, first: str, second: str, clash) -> str:
    a, b, axiom = clash
    who = term_text(individual)
    if first == second:
        return (f"{who} is typed {_describe(first, types[first])}, whose superclasses {shorten(a)} and "
                f"{shorten(b)} are disjoint ({axiom.text})")
    head = f"{who} is typed {_describe(first, types[first])} and {_describe(second, types[second])}"
    if (a, b) == (first, second):
        return f"{head}, which are disjoint ({axiom.text})"
    return f"{head}, which are disjoint: {axiom.text} separates {_above(a, first)} and {_above(b, second)}"


def _above(ancestor: str, cls: str) -> str:
    return shorten(ancestor) if ancestor == cls else f"{shorten(ancestor)} (a superclass of {shorten(cls)})"


def _why_not_one(a, b, typing: dict, hierarchy: Ontology) -> str:
    """Why individuals `a` and `b` cannot be the same one: a type of each that clashes, or ""."""
    for ta in sorted(typing.get(a, {})):
        for tb in sorted(typing.get(b, {})):
            clash = hierarchy.clash(ta, tb)
            if clash is not None:
                da, db, axiom = clash
                return (f"{term_text(a)} is {shorten(ta)} and {term_text(b)} is {shorten(tb)}: "
                        f"{shorten(da)} and {shorten(db)} are disjoint ({axiom.text})")
    return ""


def _functional_clashes(store: ox.Store, typing: dict, hierarchy: Ontology):
    for row in _query(store, _FUNCTIONAL):
        x, p, a, b = row["x"], row["p"], row["a"], row["b"]
        head = f"{term_text(x)} has two values of the functional property {term_text(p)}, {term_text(a)} and {term_text(b)}"
        if isinstance(a, ox.Literal) or isinstance(b, ox.Literal):
            yield culprit(term_text(x), f"{head}, and two different values cannot be one")
            continue
        why = _why_not_one(a, b, typing, hierarchy)
        if why:
            yield culprit(term_text(x), f"{head}, so they would be one individual, but {why}")


def _same_as_clashes(store: ox.Store, typing: dict, hierarchy: Ontology):
    for row in _query(store, _SAME_AND_DIFFERENT):
        a, b = row["a"], row["b"]
        yield culprit(term_text(a), f"{term_text(a)} is owl:sameAs and owl:differentFrom {term_text(b)}")
    for row in _query(store, _SAME):
        a, b = row["a"], row["b"]
        why = _why_not_one(a, b, typing, hierarchy)
        if why:
            yield culprit(term_text(a), f"{term_text(a)} is owl:sameAs {term_text(b)}, but {why}")


def _data_range_clashes(store: ox.Store):
    for row in _query(store, _DATA_RANGES):
        value, expected = row["value"], row["range"].value
        if expected not in OWL2_DATATYPES or _fits(value, expected):
            continue
        yield culprit(term_text(row["x"]), f"{term_text(row['x'])} {term_text(row['p'])} {term_text(value)}: the value "
                                           f"is not in {shorten(expected)}, the range of {term_text(row['p'])}")


def _fits(value: ox.Literal, expected: str) -> bool:
    """Whether the value lies in the datatype, as the copy HermiT reads presents it."""
    if expected in (RDFS + "Literal", RDF + "PlainLiteral"):
        return True
    if value.language:
        return expected == RDF + "langString"
    datatype = value.datatype.value
    if datatype not in OWL2_DATATYPES:  # the copy turns it into an xsd:string
        datatype = XSD + "string"
    while datatype != expected:
        broader = _BROADER.get(datatype[len(XSD):]) if datatype.startswith(XSD) else None
        if broader is None:
            return False
        datatype = XSD + broader
    return True
