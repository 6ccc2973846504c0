"""The SPARQL SHACL engine against pyshacl, the reference: same violations on the shipped graph and
on seeded random mutations of it, and a fallback to pyshacl for features the engine lacks."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg import graph_selection, shacl
from kg.store.build import open_graph
from kg.namespaces import KG, RDF, RDFS, SHAPES_GRAPH, SRC
from kg.project import Project

from .conftest import REPO

MUTATION_SEEDS = range(6)


@pytest.fixture(scope="module")
def shipped():
    return open_graph(Project(REPO)).store


def key(result: shacl.ShaclResult) -> tuple:
    return (result.focus, result.path, result.value, result.severity, result.constraint)


def both(store: ox.Store) -> tuple[set, set]:
    fast = {key(r) for r in shacl.validate_store(store, engine="sparql").results}
    reference = {key(r) for r in shacl.validate_store(store, engine="pyshacl").results}
    return fast, reference


def mutate(store: ox.Store, seed: int) -> ox.Store:
    """A copy of the store with random edits of the kinds that break shapes, until one is violated."""
    rng = random.Random(seed)
    copy = ox.Store()
    copy.extend(store)
    for _ in range(10):
        _edit(store, copy, rng)
        if not shacl.validate_store(copy, engine="sparql").conforms:  # warnings alone do not count
            break
    return copy


def _edit(store: ox.Store, copy: ox.Store, rng: random.Random) -> None:
    facts = sorted((q for q in store if q.graph_name.value.startswith(SRC)), key=str)
    entities = sorted({q.subject for q in facts if isinstance(q.subject, ox.NamedNode)}, key=str)
    classes = ["Meeting", "State", "Treaty", "Official", "City", "Sanctions", "Claim", "ArmsRefusal", "Source"]
    for _ in range(rng.randint(1, 3)):
        q = rng.choice(facts)
        kind = rng.choice(["drop", "swap", "literal", "extra", "retype", "label"])
        if kind in ("drop", "swap", "literal"):
            copy.remove(q)
        if kind == "swap":
            copy.add(ox.Quad(q.subject, q.predicate, rng.choice(entities), q.graph_name))
        elif kind == "literal":
            copy.add(ox.Quad(q.subject, q.predicate, ox.Literal(str(q.object.value)[:20]), q.graph_name))
        elif kind == "extra":
            extra = ox.Literal("extra") if isinstance(q.object, ox.Literal) else rng.choice(entities)
            copy.add(ox.Quad(q.subject, q.predicate, extra, q.graph_name))
        elif kind == "retype":
            copy.add(ox.Quad(q.subject, ox.NamedNode(RDF + "type"), ox.NamedNode(KG + rng.choice(classes)), q.graph_name))
        elif kind == "label":
            copy.add(ox.Quad(q.subject, ox.NamedNode(RDFS + "label"), ox.Literal("Iran", language=rng.choice(["en", "fr"])), q.graph_name))


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
