"""The one definition of a fact-bearing subject, and of missing provenance (kg.validation.provenance)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.validation import provenance
from kg.namespaces import KG, KGR, SRC
from kg.store.ontology import Ontology

from tests.support.paths import REPO

PREFIXES = (
    "@prefix kg: <https://w3id.org/geokg/ontology#> . @prefix kgr: <https://w3id.org/geokg/resource/> .\n"
    "@prefix src: <https://w3id.org/geokg/source/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .\n"
)


@pytest.fixture(scope="module")
def facts():
    return provenance.fact_classes(Ontology.from_triples(ox.parse(path=str(REPO / "ontology" / "geokg.ttl"))))


def subjects(text: str, facts, sources=()) -> list[str]:
    triples = list(ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE))
    found = provenance.fact_bearing_subjects(triples, facts, sources)
    return sorted(s.value.rsplit("/", 1)[-1] for s in found)


def test_fact_classes_are_events_tenures_claims_and_their_subclasses(facts):
    assert {KG + "Event", KG + "Tenure", KG + "Claim", KG + "ArmsRequest", KG + "Report"} <= facts
    assert not facts & {KG + "State", KG + "Source", KG + "Agreement"}


def test_instances_of_fact_classes_bear_facts_even_with_only_naming_triples(facts):
    assert subjects('kgr:m a kg:Meeting ; rdfs:label "m"@en .', facts) == ["m"]


def test_naming_triples_alone_are_not_facts(facts):
    text = 'kgr:Iran a kg:State ; rdfs:label "Iran"@en ; skos:altLabel "Tehran"@en ; rdfs:comment "x"@en ; kg:wikidata "Q794" .'
    assert subjects(text, facts) == []


def test_any_kg_property_about_an_entity_is_a_fact(facts):
    assert subjects("kgr:Maximum_pressure kg:adoptedBy kgr:United_States .", facts) == ["Maximum_pressure"]


def test_a_source_nodes_metadata_is_not_a_fact(facts):
    text = 'src:a a kg:Source ; dcterms:title "A" ; kg:genre "news" . src:b kg:genre "news" .'
    assert subjects(text, facts) == ["b"]
    assert subjects(text, facts, sources=[ox.NamedNode(SRC + "b")]) == []


def test_missing_provenance_names_each_missing_property(facts):
    text = (
        'kgr:m a kg:Meeting ; kg:evidence "They met in Sochi on May 14." .\n'
        "kgr:p kg:adoptedBy kgr:United_States ; kg:source src:a .\n"
        'kgr:ok kg:targets kgr:Iran ; kg:evidence "It targets Iran." ; kg:source src:a .\n'
    )
    gaps = provenance.missing_provenance(ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE), facts)
    assert [(g.subject.value[len(KGR):], g.property[len(KG):]) for g in gaps] == [("m", "source"), ("p", "evidence")]
