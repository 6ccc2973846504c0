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
  computed with targeted SPARQL CONSTRUCTs on Oxigraph until nothing new appears. owlready2's
  infer_property_values leaves out every value whose inverse is asserted, which is exactly the
  inverse links users ask for, so property values are not taken from HermiT.
Not written: owl:sameAs closure, data-property values, triples about blank nodes (a blank node in
another file is another node). Only triples that no asserted graph holds are written.

The file names what it was derived from: the graph node carries prov:wasDerivedFrom an RFC 6920
`ni:///sha-256;…` URI of the asserted files (ontology, entities, sources; paths and SHA-256),
so `kg check` can tell when it is stale.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import reading
from kg.atomic import write_atomically
from kg.limits import Limits
from kg.store.ontology import Ontology
from kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, OWL, PREFIXES, PROV, RDF, RDF_TYPE, RDFS, XSD
from kg.project import Project
from kg.reasoning.hermit import HermitResult
from kg.graph_selection import asserted_graph_names
from kg.store.graph import file_digest
from kg.rdf.turtle import serialize_turtle

DERIVED_FROM = PROV + "wasDerivedFrom"
ASSERTED_ROLES = ("ontology", "entities", "source")
MAX_ROUNDS = 100  # each round adds at least one triple; transitive chains double per round
_BUILTIN = (RDF, RDFS, OWL, XSD)
_RULES = [
    # owl:inverseOf, both ways
    """CONSTRUCT { ?y ?q ?x } WHERE { GRAPH <%(o)s> { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } }
       ?x ?p ?y FILTER(isIRI(?q)) FILTER NOT EXISTS { ?y ?q ?x } }""",
    # rdfs:subPropertyOf and owl:equivalentProperty
    """CONSTRUCT { ?x ?q ?y } WHERE { GRAPH <%(o)s> { { ?p rdfs:subPropertyOf ?q } UNION { ?p owl:equivalentProperty ?q }
       UNION { ?q owl:equivalentProperty ?p } } ?x ?p ?y FILTER(isIRI(?q)) FILTER NOT EXISTS { ?x ?q ?y } }""",
    """CONSTRUCT { ?y ?p ?x } WHERE { GRAPH <%(o)s> { ?p a owl:SymmetricProperty } ?x ?p ?y
       FILTER NOT EXISTS { ?y ?p ?x } }""",
    """CONSTRUCT { ?x ?p ?z } WHERE { GRAPH <%(o)s> { ?p a owl:TransitiveProperty } ?x ?p ?y . ?y ?p ?z
       FILTER NOT EXISTS { ?x ?p ?z } }""",
]
_CHAINS = "SELECT ?p ?list WHERE { GRAPH <%(o)s> { ?p owl:propertyChainAxiom ?list FILTER(isIRI(?p)) } }"


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
    """The object-property closure, in a scratch store: asserted values plus what the axioms add."""
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    scratch = ox.Store()
    scratch.extend(store.quads_for_pattern(None, None, None, ontology))
    declared = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "ObjectProperty"), ontology)}
    for graph in asserted_graph_names(store):
        scratch.extend(
            ox.Quad(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, graph)
            if q.predicate in declared and isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
        )
    rules = [(rule % {"o": ONTOLOGY_GRAPH}, None) for rule in _RULES] + _chain_rules(scratch)
    derived: set[ox.Triple] = set()
    for _round in range(MAX_ROUNDS):
        new = {t for query, subs in rules for t in scratch.query(query, prefixes=PREFIXES, substitutions=subs)}
        new -= derived
        if not new:
            break
        derived |= new
        scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in new)
    return derived


def _chain_rules(scratch: ox.Store) -> list[tuple[str, dict]]:
    """One CONSTRUCT per property chain, its properties bound by substitution."""
    rules = []
    for row in scratch.query(_CHAINS % {"o": ONTOLOGY_GRAPH}, prefixes=PREFIXES):
        links = _rdf_list(scratch, row["list"])
        if len(links) < 2:
            continue
        path = " . ".join(f"?x{i} ?p{i + 1} ?x{i + 1}" for i in range(len(links)))
        last = f"?x{len(links)}"
        query = f"CONSTRUCT {{ ?x0 ?chain {last} }} WHERE {{ {path} FILTER NOT EXISTS {{ ?x0 ?chain {last} }} }}"
        subs = {ox.Variable("chain"): row["p"]}
        subs.update({ox.Variable(f"p{i + 1}"): link for i, link in enumerate(links)})
        rules.append((query, subs))
    return rules


def _rdf_list(store: ox.Store, head) -> list:
    items, node, graph = [], head, ox.NamedNode(ONTOLOGY_GRAPH)
    while isinstance(node, ox.BlankNode) and len(items) < 64:
        first = [q.object for q in store.quads_for_pattern(node, ox.NamedNode(RDF + "first"), None, graph)]
        rest = [q.object for q in store.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None, graph)]
        if len(first) != 1 or len(rest) != 1 or not isinstance(first[0], ox.NamedNode):
            return []
        items.append(first[0])
        node = rest[0]
    return items if node == ox.NamedNode(RDF + "nil") else []


def asserted_digest(project: Project) -> str:
    """An RFC 6920 ni: URI of the asserted files: each one's path and SHA-256, in a fixed order."""
    lines = sorted(
        f"{pf.relative_to(project.root)}\t{file_digest(pf.path)}\n" for pf in project.files() if pf.role in ASSERTED_ROLES
    )
    digest = hashlib.sha256("".join(lines).encode("utf-8")).digest()
    return "ni:///sha-256;" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def inferred_status(project: Project, store: ox.Store) -> str:
    """absent | current | stale: whether data/inferred.ttl was derived from the files as they are now."""
    if not project.inferred_file.exists():
        return "absent"
    node = ox.NamedNode(INFERRED_GRAPH)
    recorded = {q.object for q in store.quads_for_pattern(node, ox.NamedNode(DERIVED_FROM), None, node)}
    return "current" if recorded == {ox.NamedNode(asserted_digest(project))} else "stale"
