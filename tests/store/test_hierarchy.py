"""The class and property hierarchies closed in the inferred graph (kg.store.hierarchy): what the
canned questions read instead of the `rdfs:subClassOf*` and `rdfs:subPropertyOf*` paths."""

from __future__ import annotations

import pytest

from kg.project import Project
from kg.store.graph import load_in_memory

from tests.support.paths import REPO

ONTOLOGY = "https://w3id.org/geokg/graph/ontology"
INFERRED = "https://w3id.org/geokg/graph/inferred"
BUILTIN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
           "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")


@pytest.fixture(scope="module")
def graph():
    return load_in_memory(Project(REPO))


def pairs(graph, sparql: str) -> set[tuple[str, str]]:
    rows = graph.store.query(sparql, prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                                               "owl": "http://www.w3.org/2002/07/owl#"})
    return {(r["a"].value, r["b"].value) for r in rows if not (r["a"].value.startswith(BUILTIN) or r["b"].value.startswith(BUILTIN))}


@pytest.mark.parametrize(("link", "kinds"), [
    ("rdfs:subClassOf", "owl:Class"),
    ("rdfs:subPropertyOf", "owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty"),
])
def test_one_lookup_in_the_default_graph_gives_what_the_path_gives_over_the_ontology(graph, link, kinds):
    path = pairs(graph, f"SELECT ?a ?b WHERE {{ GRAPH <{ONTOLOGY}> {{ VALUES ?kind {{ {kinds} }} ?a a ?kind ; {link}* ?b . FILTER(isIRI(?b)) }} }}")
    lookup = pairs(graph, f"SELECT ?a ?b WHERE {{ ?a {link} ?b . FILTER(isIRI(?a) && isIRI(?b)) }}")
    assert len(path) > 100
    assert lookup == path


def test_the_inferred_graph_holds_no_link_the_ontology_states(graph):
    stated = pairs(graph, f"SELECT ?a ?b WHERE {{ GRAPH <{ONTOLOGY}> {{ ?a rdfs:subClassOf|rdfs:subPropertyOf ?b }} }}")
    inferred = pairs(graph, f"SELECT ?a ?b WHERE {{ GRAPH <{INFERRED}> {{ ?a rdfs:subClassOf|rdfs:subPropertyOf ?b }} }}")
    assert ("https://w3id.org/geokg/ontology#speaker", "https://w3id.org/geokg/ontology#participant") in inferred  # speaker → agent → participant
    assert ("https://w3id.org/geokg/ontology#Event", "https://w3id.org/geokg/ontology#Event") in inferred
    assert not stated & inferred
