"""The SPARQL engine evaluates a shapes graph exactly or declines it (UnsupportedShapes), never skips a shape."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import shacl
from kg.namespaces import ENTITIES_GRAPH, SHAPES_GRAPH
from kg.shacl import sparql_engine

HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
"""
DECLINED = {
    "custom component": "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:p ] . ex:S sh:targetNode ex:a ; ex:p 1 .",
    "shape reached by sh:node": "ex:S sh:targetNode ex:a ; sh:node ex:T . ex:T sh:class ex:K .",
    "nested sh:property": "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .",
    "complex path": "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .",
    "a severity that is not an IRI": 'ex:S sh:targetNode ex:a ; sh:severity "awful" ; sh:class ex:K .',
    "subquery": 'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { { SELECT $this WHERE { } } }" ] .',
    "$PATH": 'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { $this $PATH ?v }" ] .',
    # MINUS, VALUES, SELECT * in a subquery are not declined but refused (tests/shacl/test_prebinding.py).
    "a nested group": 'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { { FILTER ($this = 1) } }" ] .',
    "a group nested in EXISTS": 'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select '
                                '"SELECT $this WHERE { FILTER NOT EXISTS { { $this ex:p ?x } } }" ] .',
    "EXISTS inside an expression": 'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select '
                                   '"SELECT $this WHERE { FILTER (!EXISTS { $this ex:p ?x }) }" ] .',
    "an untargeted shape nobody reads": "ex:T a sh:NodeShape ; sh:closed true .",
    "a datatype Oxigraph rewrites": "ex:S sh:targetNode ex:a ; sh:datatype xsd:byte .",
}


def quads(turtle: str, graph: str) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
            for t in ox.parse(HEAD + turtle, format=ox.RdfFormat.TURTLE)]


def store_of(data: str, shapes: str) -> ox.Store:
    """A store with `data` in the entities graph and `shapes` in the shapes graph, as kg build loads them."""
    store = ox.Store()
    store.extend(quads(data, ENTITIES_GRAPH))
    store.extend(quads(shapes, SHAPES_GRAPH))
    return store


@pytest.mark.parametrize("shapes", DECLINED.values(), ids=DECLINED.keys())
def test_what_the_engine_does_not_evaluate_exactly_is_declined(shapes):
    with pytest.raises(sparql_engine.UnsupportedShapes):
        sparql_engine.checks_for(sparql_engine.ShapesGraph(quads(shapes, SHAPES_GRAPH)))


def test_a_shape_that_is_a_class_targets_its_instances():
    store = store_of('ex:rex a ex:Dog ; ex:age "five" .',
                     "ex:Dog a owl:Class, sh:NodeShape ; sh:property [ sh:path ex:age ; sh:datatype xsd:integer ] .")
    report = shacl.validate_store(store, engine="sparql")
    assert [(r.focus, r.constraint) for r in report.results] == [("<http://example.org/rex>", "sh:DatatypeConstraintComponent")]


def test_a_property_shape_with_its_own_target_checks_the_values_of_its_path():
    store = store_of('ex:a ex:age "five" . ex:b ex:age 5 .',
                     "ex:P a sh:PropertyShape ; sh:targetSubjectsOf ex:age ; sh:path ex:age ; sh:datatype xsd:integer .")
    report = shacl.validate_store(store, engine="sparql")
    assert [(r.focus, r.path, r.value) for r in report.results] == [("<http://example.org/a>", "<http://example.org/age>", '"five"')]


def test_results_that_differ_only_in_a_blank_node_are_two_results():
    store = store_of("[ a ex:K ] . [ a ex:K ] .",
                     "ex:S sh:targetClass ex:K ; sh:nodeKind sh:IRI .")
    assert len(shacl.validate_store(store, engine="sparql").results) == 2


def test_a_flat_filter_not_exists_is_evaluated_with_this_bound_as_pyshacl_does():
    """FILTER [NOT] EXISTS { flat } in the outermost group sees the joined ?this, as pre-binding gives."""
    store = store_of("ex:a a ex:K ; ex:p 1 . ex:b a ex:K . ex:c a ex:K ; ex:q 1 .",
                     'ex:S sh:targetClass ex:K ; sh:sparql [ sh:select '
                       '"SELECT $this WHERE { FILTER NOT EXISTS { $this <http://example.org/p> ?x } '
                       'FILTER NOT EXISTS { $this <http://example.org/q> ?y } }" ] .')
    engine = shacl.validate_store(store, engine="sparql")
    reference = shacl.validate_store(store, engine="pyshacl")
    assert [r.focus for r in engine.results] == [r.focus for r in reference.results] == ["<http://example.org/b>"]
