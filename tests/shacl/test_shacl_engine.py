"""The SPARQL SHACL engine against pyshacl, the reference: same violations on the shipped graph and
on seeded random mutations of it, and a fallback to pyshacl for features the engine lacks."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg import graph_selection, shacl
from kg.store.graph import load_in_memory
from kg.namespaces import KG, RDF, RDFS, SHAPES_GRAPH, SRC
from kg.project import Project

from tests.support.paths import REPO
from tests.support.shacl_mutations import both, key, mutate

MUTATION_SEEDS = range(6)


@pytest.fixture(scope="module")
def shipped():
    return load_in_memory(Project(REPO), completed=False).store  # the asserted files, as kg build validates them


def test_both_engines_find_the_shipped_graph_conforming(shipped):
    fast, reference = both(shipped)
    assert fast == reference == set()


@pytest.mark.slow
@pytest.mark.parametrize("seed", MUTATION_SEEDS)
def test_both_engines_report_the_same_violations_on_a_mutated_graph(shipped, seed):
    fast, reference = both(mutate(shipped, seed))
    assert fast == reference
    assert fast, "the mutations should break at least one shape"


def test_specific_violations_are_reported_exactly(shipped):
    store = ox.Store()
    store.extend(shipped)
    meeting = ox.NamedNode("https://w3id.org/geokg/resource/meeting-2019-05-14-putin-pompeo-sochi")
    graph = ox.NamedNode(SRC + "aljazeera-2019-russia-iran")
    store.remove(ox.Quad(meeting, ox.NamedNode(KG + "participant"), ox.NamedNode("https://w3id.org/geokg/resource/Mike_Pompeo"), graph))
    store.add(ox.Quad(meeting, ox.NamedNode(KG + "place"), ox.NamedNode("https://w3id.org/geokg/resource/S-400"), graph))
    report = shacl.validate_store(store, engine="sparql")
    assert {key(r) for r in report.results} == {
        ("kgr:meeting-2019-05-14-putin-pompeo-sochi", "kg:participant", "", "violation", "sh:MinCountConstraintComponent"),
        ("kgr:meeting-2019-05-14-putin-pompeo-sochi", "kg:place", "kgr:S-400", "violation", "sh:OrConstraintComponent"),
    }
    messages = {r.message for r in report.results}
    assert "A meeting needs at least two kg:participant values." in messages
    assert not report.conforms


def test_shapes_beyond_the_supported_subset_fall_back_to_pyshacl(shipped):
    store = ox.Store()
    store.extend(shipped)
    shape = ox.NamedNode("https://example.org/shapes#NeedsNode")
    shapes = ox.NamedNode(SHAPES_GRAPH)
    sh = "http://www.w3.org/ns/shacl#"
    store.add(ox.Quad(shape, ox.NamedNode(RDF + "type"), ox.NamedNode(sh + "NodeShape"), shapes))
    store.add(ox.Quad(shape, ox.NamedNode(sh + "targetClass"), ox.NamedNode(KG + "Meeting"), shapes))
    store.add(ox.Quad(shape, ox.NamedNode(sh + "not"), ox.NamedNode("https://w3id.org/geokg/shapes#MeetingShape"), shapes))
    with pytest.raises(Exception, match="sh:not"):
        shacl.validate_store(store, engine="sparql")
    report = shacl.validate_store(store, engine="auto")  # pyshacl evaluates sh:not
    assert {r.constraint for r in report.results} == {"sh:NotConstraintComponent"}


def test_a_store_of_only_asserted_graphs_is_validated_as_their_union(shipped):
    """kg build validates before the shapes join the store: the union must give the same results."""
    mutated = mutate(shipped, 0)
    asserted_names = set(graph_selection.asserted_graph_names(mutated))
    asserted = ox.Store()
    asserted.extend(q for q in mutated if q.graph_name in asserted_names)
    shapes = list(mutated.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    assert graph_selection.only_asserted_graphs(asserted) and not graph_selection.only_asserted_graphs(mutated)
    as_union = {key(r) for r in shacl.validate_store(asserted, shapes=shapes, engine="sparql").results}
    assert as_union == {key(r) for r in shacl.validate_store(mutated, engine="sparql").results}
    assert as_union, "the mutation should break at least one shape"
    by_pyshacl = shacl.validate_store(asserted, shapes=shapes, engine="pyshacl").results
    assert {key(r) for r in by_pyshacl} == as_union
