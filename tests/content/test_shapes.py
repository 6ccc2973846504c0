"""The shapes file covers the ontology: a node shape per class, a message on every constraint."""

from __future__ import annotations

import pytest

from kg.store.build import open_graph
from kg.namespaces import shorten
from kg.project import Project

from tests.support.paths import REPO


@pytest.fixture(scope="module")
def graph():
    return open_graph(Project(REPO))


def names(graph, sparql: str) -> set[str]:
    return {shorten(row[0].value) for row in graph.query(sparql)}


def test_every_class_of_the_ontology_has_a_node_shape(graph):
    classes = names(graph, "SELECT ?c WHERE { GRAPH <https://w3id.org/geokg/graph/ontology> { ?c a owl:Class } FILTER(STRSTARTS(STR(?c), STR(kg:))) }")
    targeted = names(graph, "SELECT ?c WHERE { GRAPH <https://w3id.org/geokg/graph/shapes> { ?s a sh:NodeShape ; sh:targetClass ?c } }")
    assert classes - targeted == set()
    assert targeted - classes == set(), "a shape targets a class the ontology does not define"


def test_every_class_has_a_shape_of_its_own(graph):
    """Beyond shared shapes (labels, provenance), each class has the node shape named after it."""
    missing = names(graph, """
        SELECT ?c WHERE {
          GRAPH <https://w3id.org/geokg/graph/ontology> { ?c a owl:Class } FILTER(STRSTARTS(STR(?c), STR(kg:)))
          BIND(IRI(CONCAT(STR(kgsh:), STRAFTER(STR(?c), "#"), "Shape")) AS ?shape)
          FILTER NOT EXISTS { GRAPH <https://w3id.org/geokg/graph/shapes> { ?shape sh:targetClass ?c } }
        }""")
    assert missing == set()


def test_every_constraint_carries_a_plain_english_message(graph):
    silent = names(graph, """
        SELECT ?shape WHERE { GRAPH <https://w3id.org/geokg/graph/shapes> {
          { ?node sh:property ?shape } UNION { ?node sh:sparql ?shape }
          UNION { ?shape a sh:NodeShape ; (sh:or|sh:in|sh:class|sh:datatype|sh:nodeKind) ?x }
          FILTER NOT EXISTS { ?shape sh:message ?m FILTER(langMatches(lang(?m), "en")) }
        } }""")
    assert silent == set()
