"""What counts as a fact in a source graph, and which facts lack their provenance.

One definition, used by `kg validate`, `kg add` and the data tests: the *fact-bearing* subjects of
a source graph are

- the instances (typed in that graph) of kg:Event, kg:Tenure and kg:Claim, subclasses included;
- any other subject that has, in that graph, a property in the kg: namespace other than
  kg:wikidata: a statement of fact about an entity, such as
  `kgr:Maximum_pressure kg:adoptedBy kgr:United_States`.

Naming triples (rdf:type, rdfs:label, skos:altLabel, rdfs:comment, kg:wikidata) are not facts, and
neither is the metadata of a kg:Source node. Every fact-bearing subject needs kg:evidence (the
verbatim sentence) and kg:source in that same graph: evidence elsewhere in the graph came from
another article and does not vouch for this one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import KG, RDF_TYPE
from kg.store.ontology import Ontology

FACT_ROOTS = (KG + "Event", KG + "Tenure", KG + "Claim")
SOURCE_CLASS = KG + "Source"
EVIDENCE = KG + "evidence"
SOURCE = KG + "source"
NOT_FACTS = {KG + "wikidata"}  # kg: properties that name an entity rather than state a fact


def fact_classes(ontology: Ontology) -> set[str]:
    """kg:Event, kg:Tenure, kg:Claim and every class below them in the ontology."""
    return set().union(*(ontology.subclasses(root) for root in FACT_ROOTS))


def fact_bearing_subjects(triples: Iterable, facts: set[str], sources: Iterable = ()) -> set:
    """The subjects of one source graph's triples that state facts (see the module docstring).

    `facts` is `fact_classes(ontology)`; `sources` are extra nodes known to be kg:Source nodes
    (typed elsewhere), whose metadata is not a fact either.
    """
    types: dict = defaultdict(set)
    stating: set = set()
    for t in triples:
        p = t.predicate.value
        if p == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            types[t.subject].add(t.object.value)
        elif p.startswith(KG) and p not in NOT_FACTS:
            stating.add(t.subject)
    source_nodes = {s for s, ts in types.items() if SOURCE_CLASS in ts} | set(sources)
    typed_facts = {s for s, ts in types.items() if ts & facts}
    return (typed_facts | stating) - source_nodes


@dataclass(frozen=True)
class MissingProvenance:
    subject: object  # pyoxigraph term
    property: str  # kg:evidence or kg:source, full IRI


def missing_provenance(triples: Iterable, facts: set[str], sources: Iterable = ()) -> list[MissingProvenance]:
    """Each fact-bearing subject of the graph that lacks kg:evidence or kg:source in the graph."""
    triples = list(triples)
    has: dict = defaultdict(set)
    for t in triples:
        if t.predicate.value in (EVIDENCE, SOURCE):
            has[t.subject].add(t.predicate.value)
    missing = []
    for subject in sorted(fact_bearing_subjects(triples, facts, sources), key=str):
        missing += [MissingProvenance(subject, p) for p in (EVIDENCE, SOURCE) if p not in has[subject]]
    return missing
