"""The copy of the graph that HermiT reads: the project's own triples, cleaned, in a file we write.

owlready2 imports a Python module named in an ontology (its python_module annotation) and fetches
owl:imports even with only_local=True; HermiT rejects xsd:date, and xsd:gYearMonth and xsd:gYear
are not in the OWL 2 datatype map either (DESIGN.md §2, §5). So the reasoner never reads the
project's files: it gets a copy built here from the store, one part per named graph (the
ontology, the reference entities, each source; never the shapes, never the inferred graph).

What the copy keeps, drops and converts:
- kept: the logical vocabulary (rdf:type, rdfs:subClassOf/subPropertyOf/domain/range, the OWL
  axiom vocabulary and the lists it uses), owl:sameAs and owl:differentFrom, and assertions of the
  object and datatype properties the ontology declares;
- dropped: owl:imports and the ontology header (one bare owl:Ontology declaration is added),
  every annotation (labels, comments, altLabels, dcterms:…, owl:deprecated), every triple with a
  term in owlready2's own namespace, and every predicate the ontology does not declare;
- converted: a literal whose datatype is outside the OWL 2 datatype map becomes an xsd:string
  with the same lexical form, and an axiom that names such a datatype (the ranges that are a
  union of xsd:date, xsd:gYearMonth and xsd:gYear) is left out with the blank nodes of its data
  range. Data-property assertions stay, so their domains still type their subjects; the stored
  data keeps the precision of the text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import ONTOLOGY_GRAPH, ONTOLOGY_IRI, OWL, RDF, RDF_TYPE, RDFS, XSD, shorten
from kg.graph_selection import asserted_graph_names
from kg.rdf.owl2 import OWL2_DATATYPES, blank_tree

OWLREADY_NS = "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#"

_LOGICAL_RDFS = frozenset(RDFS + n for n in ("subClassOf", "subPropertyOf", "domain", "range"))
_LOGICAL_RDF = frozenset([RDF_TYPE, RDF + "first", RDF + "rest"])
# OWL predicates that annotate or describe the ontology rather than say anything logical.
_OWL_NOT_LOGICAL = frozenset(OWL + n for n in (
    "imports versionIRI versionInfo priorVersion backwardCompatibleWith incompatibleWith deprecated "
    "annotatedSource annotatedProperty annotatedTarget"
).split())
_PROPERTY_TYPES = (OWL + "ObjectProperty", OWL + "DatatypeProperty")
_STRING = ox.NamedNode(XSD + "string")


@dataclass(frozen=True)
class CopyPart:
    """The cleaned triples of one named graph."""

    graph: str  # the named graph's IRI
    triples: tuple[ox.Triple, ...]

    @property
    def name(self) -> str:
        return shorten(self.graph)


def build_copy(store: ox.Store) -> list[CopyPart]:
    """The cleaned copy, ontology first: the input of every reasoner run."""
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    declared = _declared_properties(store, ontology)
    ranges, statements = _unsupported_data_ranges(store, ontology)
    parts = []
    for graph in asserted_graph_names(store):
        kept = [
            _converted(q)
            for q in store.quads_for_pattern(None, None, None, graph)
            if _keeps(q, declared) and q.subject not in ranges and (q.subject, q.predicate, q.object) not in statements
        ]
        if graph == ontology:
            kept.insert(0, ox.Triple(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "Ontology")))
        parts.append(CopyPart(graph.value, tuple(kept)))
    return parts


def ntriples(parts: list[CopyPart]) -> bytes:
    return b"".join(ox.serialize(part.triples, format=ox.RdfFormat.N_TRIPLES) or b"" for part in parts)


def _declared_properties(store: ox.Store, ontology: ox.NamedNode) -> frozenset[str]:
    found = set()
    for kind in _PROPERTY_TYPES:
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(kind), ontology):
            if isinstance(q.subject, ox.NamedNode):
                found.add(q.subject.value)
    return frozenset(found)


def _keeps(quad: ox.Quad, declared: frozenset[str]) -> bool:
    for term in (quad.subject, quad.predicate, quad.object):
        if isinstance(term, ox.NamedNode) and term.value.startswith(OWLREADY_NS):
            return False
    p = quad.predicate.value
    if p == RDF_TYPE:
        o = quad.object
        if isinstance(o, ox.NamedNode):
            return o.value != OWL + "Ontology" and not _is_unsupported_datatype(o)
        return isinstance(o, ox.BlankNode)  # a class expression
    if p in _LOGICAL_RDF or p in _LOGICAL_RDFS or p in declared:
        return True
    return p.startswith(OWL) and p not in _OWL_NOT_LOGICAL


def _converted(quad: ox.Quad) -> ox.Triple:
    o = quad.object
    if isinstance(o, ox.Literal) and o.language is None and o.datatype.value not in OWL2_DATATYPES:
        o = ox.Literal(o.value, datatype=_STRING)
    return ox.Triple(quad.subject, quad.predicate, o)


def _is_unsupported_datatype(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(XSD) and term.value not in OWL2_DATATYPES


def _unsupported_data_ranges(store: ox.Store, ontology: ox.NamedNode) -> tuple[set, set]:
    """The axioms that name a datatype outside the OWL 2 map: (their blank nodes, their statements).

    A statement is a (subject, predicate, object) tuple of a named term's axiom, such as
    kg:date rdfs:range [ owl:unionOf ( xsd:date xsd:gYearMonth xsd:gYear ) ]; every triple about
    the blank nodes of its data range goes too, so no dangling half of the axiom is left.
    """
    by_subject: dict = defaultdict(list)
    for q in store.quads_for_pattern(None, None, None, ontology):
        by_subject[q.subject].append(q)
    nodes: set = set()
    statements: set = set()
    for subject, quads in by_subject.items():
        if isinstance(subject, ox.BlankNode):
            continue
        for q in quads:
            if q.predicate.value == RDF_TYPE:
                continue
            tree = blank_tree(q.object, by_subject)
            named = [q.object] + [t.object for node in tree for t in by_subject[node]]
            if any(_is_unsupported_datatype(term) for term in named):
                statements.add((q.subject, q.predicate, q.object))
                nodes.update(tree)
    return nodes, statements
