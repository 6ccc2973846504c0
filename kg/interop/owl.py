"""`kg export -f owl`: the graph as an OWL 2 DL ontology that Protégé, the OWL API, owlready2 and HermiT read.

A plain RDF/XML export is not that: its dates (xsd:date, gYearMonth, gYear) are outside the OWL 2
datatype map, its individuals are not declared, and the predicates the ontology does not declare
(prov:, skos: notes on facts) are neither object, data nor annotation properties. What changes:

- A date value of a data property becomes the xsd:dateTime of the first instant of the period
  written ("2019-05"^^xsd:gYearMonth -> "2019-05-01T00:00:00"^^xsd:dateTime), so reasoners can
  compare dates; the text as written, with its precision, stays as an annotation of that
  assertion (an owl:Axiom with kg:writtenAs "2019-05"). A data range made only of those date
  types becomes xsd:dateTime; any other literal or range outside the map becomes an xsd:string
  of the same text, or is left out with its blank nodes.
- Every individual is declared owl:NamedIndividual; every predicate the ontology does not declare
  is declared an owl:AnnotationProperty; owl:imports is left out (owlready2 and Protégé would fetch
  it from the web).
Everything else - labels, definitions, sources, evidence - stays as it is.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.errors import UsageError
from kg.namespaces import KG, OWL, RDF, RDF_TYPE, RDFS, XSD
from kg.rdf.owl2 import DATE_TYPES, OWL2_DATATYPES, blank_tree, first_instant

WRITTEN_AS = ox.NamedNode(KG + "writtenAs")
_TYPE = ox.NamedNode(RDF_TYPE)
_PROPERTY_KINDS = {OWL + k for k in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
_BUILT_IN = (RDF, RDFS, OWL)
_DATETIME, _STRING = ox.NamedNode(XSD + "dateTime"), ox.NamedNode(XSD + "string")


def owl_statements(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples of an export made into an OWL 2 DL ontology (see the module's docstring)."""
    kinds = _declared(triples)
    if not any(OWL + "Ontology" in k for k in kinds.values()):
        raise UsageError("an OWL export needs the ontology: leave out --no-ontology")
    dropped, ranges = _date_ranges(triples)
    out: list[ox.Triple] = []
    for t in triples:
        if t.predicate.value == OWL + "imports" or t.subject in dropped:
            continue
        if (t.subject, t.predicate) in ranges:
            out.append(ox.Triple(t.subject, t.predicate, ranges[(t.subject, t.predicate)]))
        else:
            out += _converted(t, OWL + "DatatypeProperty" in kinds.get(t.predicate, ()))
    out += _declarations(out, kinds)
    return list(dict.fromkeys(out))


def _declared(triples: list[ox.Triple]) -> dict:
    kinds: dict = defaultdict(set)
    for t in triples:
        if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
            kinds[t.subject].add(t.object.value)
    return kinds


def _converted(t: ox.Triple, data_property: bool) -> list[ox.Triple]:
    o = t.object
    if not isinstance(o, ox.Literal) or o.language is not None or o.datatype.value in OWL2_DATATYPES:
        return [t]
    instant = first_instant(o.value, o.datatype.value) if data_property else None
    if instant is None:
        return [ox.Triple(t.subject, t.predicate, ox.Literal(o.value, datatype=_STRING))]
    value = ox.Literal(instant, datatype=_DATETIME)
    axiom = ox.BlankNode()
    return [
        ox.Triple(t.subject, t.predicate, value),
        ox.Triple(axiom, _TYPE, ox.NamedNode(OWL + "Axiom")),
        ox.Triple(axiom, ox.NamedNode(OWL + "annotatedSource"), t.subject),
        ox.Triple(axiom, ox.NamedNode(OWL + "annotatedProperty"), t.predicate),
        ox.Triple(axiom, ox.NamedNode(OWL + "annotatedTarget"), value),
        ox.Triple(axiom, WRITTEN_AS, ox.Literal(o.value)),
    ]


def _date_ranges(triples: list[ox.Triple]) -> tuple[set, dict]:
    """Blank nodes of data ranges outside the map (to leave out), and the range to put instead of each.

    `kg:date rdfs:range [ owl:unionOf ( xsd:date xsd:gYearMonth xsd:gYear ) ]` becomes
    `kg:date rdfs:range xsd:dateTime`; an axiom over any other such range is left out.
    """
    by_subject: dict = defaultdict(list)
    for t in triples:
        by_subject[t.subject].append(t)
    dropped: set = set()
    replaced: dict = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or not isinstance(t.object, ox.BlankNode) or t.predicate == _TYPE:
            continue
        tree = blank_tree(t.object, by_subject)
        named = {x.object.value for node in tree for x in by_subject[node] if isinstance(x.object, ox.NamedNode)}
        datatypes = {n for n in named if n.startswith(XSD)}
        if datatypes - OWL2_DATATYPES:
            dropped |= tree
            if datatypes <= DATE_TYPES and t.predicate.value == RDFS + "range":
                replaced[(t.subject, t.predicate)] = _DATETIME
    return dropped, replaced


def _declarations(triples: list[ox.Triple], kinds: dict) -> list[ox.Triple]:
    """owl:NamedIndividual for individuals, owl:AnnotationProperty for undeclared predicates."""
    out = [
        ox.Triple(WRITTEN_AS, _TYPE, ox.NamedNode(OWL + "AnnotationProperty")),
        ox.Triple(WRITTEN_AS, ox.NamedNode(RDFS + "label"), ox.Literal("written as", language="en")),
        ox.Triple(WRITTEN_AS, ox.NamedNode(RDFS + "comment"), ox.Literal(
            "The date as the source's text gives it, at its own precision (a date, a month or a year); the "
            "xsd:dateTime value it annotates is the first instant of that period.", language="en")),
    ]
    for t in triples:
        if t.predicate == _TYPE and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode):
            if not t.object.value.startswith(_BUILT_IN):
                out.append(ox.Triple(t.subject, _TYPE, ox.NamedNode(OWL + "NamedIndividual")))
        p = t.predicate
        if not p.value.startswith(_BUILT_IN) and not (kinds.get(p, set()) & _PROPERTY_KINDS) and p != WRITTEN_AS:
            out.append(ox.Triple(p, _TYPE, ox.NamedNode(OWL + "AnnotationProperty")))
    return out
