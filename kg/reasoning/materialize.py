"""`kg check --materialize`: the inferred triples that matter to users, in data/inferred.ttl only.

What is written, and where it comes from:
- types: every named superclass of every type of every named individual — its asserted types
  and the most specific types HermiT derived (kg:Official for every tenure holder through the
  ontology's equivalent-class axiom; types from domains and ranges), up the class hierarchy
  HermiT classified (rdfs:subClassOf, equivalences) — except the asserted ones and owl:Thing;
- property values: the closure, over named individuals, of the object-property axioms of the
  ontology — owl:inverseOf (kg:holds, kg:partyTo, kg:member, kg:involvedIn…),
  rdfs:subPropertyOf and owl:equivalentProperty (kg:speaker → kg:agent → kg:participant),
  owl:SymmetricProperty, owl:TransitiveProperty and owl:propertyChainAxiom (kg:heldOffice) —
  the rules kg build computes into the inferred graph anyway (kg.store.inference). owlready2's
  infer_property_values leaves out every value whose inverse is asserted, which is exactly the
  inverse links users ask for, so property values are not taken from HermiT.
Not written: owl:sameAs closure, data-property values, triples about blank nodes (a blank node in
another file is another node). Only triples that no asserted graph holds are written.

kg build computes the property values and the types up the asserted class hierarchy on every
build; what only this file has are the types HermiT derives (class definitions, domains, ranges),
which go stale when the data changes: every command that reads the graph then warns.

The file names what it was derived from: the graph node carries prov:wasDerivedFrom an RFC 6920
`ni:///sha-256;…` URI of the asserted files (ontology, entities, sources; paths and SHA-256),
so `kg check` can tell when it is stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import reading
from kg.atomic import write_atomically
from kg.limits import Limits
from kg.store.ontology import Ontology
from kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, OWL, RDF, RDF_TYPE, RDFS, XSD
from kg.project import Project
from kg.reasoning.hermit import HermitResult
from kg.graph_selection import asserted_graph_names
from kg.store.inference import DERIVED_FROM, Axioms, asserted_digest, inferred_values
from kg.rdf.turtle import serialize_turtle

_BUILTIN = (RDF, RDFS, OWL, XSD)


@dataclass(frozen=True)
class Materialized:
    path: Path
    types: int
    property_values: int

    @property
    def triples(self) -> int:
        return self.types + self.property_values


def materialize(project: Project, store: ox.Store, hierarchy: Ontology, hermit: HermitResult,
                limits: Limits | None = None) -> Materialized:
    """Compute the inferred triples and replace data/inferred.ttl with them, atomically.

    The caller holds the project's write lock from the reading of the files on (kg.reasoning.check.check).
    """
    types = inferred_types(store, hierarchy, hermit)
    values = inferred_property_values(store)
    stamp = ox.Triple(ox.NamedNode(INFERRED_GRAPH), ox.NamedNode(DERIVED_FROM), ox.NamedNode(asserted_digest(project)))
    text = serialize_turtle(sorted(types | values | {stamp}, key=str))
    limits = limits or Limits()

    def parses(path: Path) -> None:
        reading.parse(reading.read_input(path, "turtle", limits), limits=limits)

    write_atomically(project.inferred_file, text.encode("utf-8"), verify=parses)
    return Materialized(project.inferred_file, len(types), len(values))


def inferred_types(store: ox.Store, hierarchy: Ontology, hermit: HermitResult) -> set[ox.Triple]:
    for sub, superclass in hermit.new_subclasses:
        hierarchy.add_edge(sub, superclass)
    asserted: dict[str, set[str]] = {}
    for graph in asserted_graph_names(store):
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, graph):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                asserted.setdefault(q.subject.value, set()).add(q.object.value)
    found = set()
    for individual in set(asserted) | set(hermit.new_types):
        mine = asserted.get(individual, set())
        direct = (mine | hermit.new_types.get(individual, set()))
        every = set().union(*(hierarchy.ancestors(c) for c in direct if not c.startswith(_BUILTIN)))
        for cls in sorted(every - mine):
            found.add(ox.Triple(ox.NamedNode(individual), ox.NamedNode(RDF_TYPE), ox.NamedNode(cls)))
    return found


def inferred_property_values(store: ox.Store) -> set[ox.Triple]:
    """The object-property closure kg build computes too (kg.store.inference), between named individuals."""
    ontology = store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))
    found = inferred_values(store, Axioms(ontology), asserted_graph_names(store))
    return {t for t in found if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)}
