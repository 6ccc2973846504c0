"""The inferred triples around a change (kg.store.local_inference), which a refresh writes in
place of the whole closure: on a complete store they must be exactly those already there."""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import ENTITIES_GRAPH, INFERRED_GRAPH, KG, KGR, ONTOLOGY_GRAPH, RDFS, SRC
from kg.store.inference import closure_terms
from kg.store.local_inference import inferred_around
from tests.support.paths import REPO


def _complete_store(asserted: list) -> ox.Store:
    store = ox.Store()
    store.load(path=str(REPO / "ontology" / "geokg.ttl"), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.extend(asserted)
    inferred = ox.NamedNode(INFERRED_GRAPH)
    store.extend(ox.Quad(*t, inferred) for t in closure_terms(store))
    store.extend([ox.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)])
    return store


def _chain_store():
    """kg:heldOffice is kg:holds o kg:office: the person states kg:holds, the tenure kg:office."""
    person, tenure, office = (ox.NamedNode(KGR + n) for n in ("P", "T", "O"))
    source = ox.NamedNode(SRC + "s")
    link = ox.Triple(tenure, ox.NamedNode(KG + "office"), office)
    label = ox.Triple(office, ox.NamedNode(RDFS + "label"), ox.Literal("Office"))
    store = _complete_store([ox.Quad(person, ox.NamedNode(KG + "holds"), tenure, ox.NamedNode(ENTITIES_GRAPH)),
                             ox.Quad(*link, source), ox.Quad(*label, source)])
    held_office = (person, ox.NamedNode(KG + "heldOffice"), office)
    assert held_office in {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(*held_office, None)}
    return store, link, label, held_office


def test_a_changed_link_of_a_chain_derives_the_chain_again():
    store, link, _label, held_office = _chain_store()
    wanted, held = inferred_around(store, {link})
    assert held_office in held
    assert wanted == held


def test_a_changed_label_changes_no_inferred_triple():
    store, _link, label, _held = _chain_store()
    assert inferred_around(store, {label}) == (set(), set())


def test_a_class_named_as_a_value_leaves_its_instances_types_alone():
    """A changed triple whose value is a class (`kgr:P kg:holds kg:Event`, a mistake the shapes report) puts
    the class among the nodes around the change; the types derived for its instances elsewhere (kgr:M a kg:Event,
    from kgr:M a kg:Meeting) depend only on those instances' own types, so they must stay as they are, not be
    dropped because the scratch closure does not hold the instances."""
    person, meeting = ox.NamedNode(KGR + "P"), ox.NamedNode(KGR + "M")
    mistake = ox.Triple(person, ox.NamedNode(KG + "holds"), ox.NamedNode(KG + "Event"))
    store = _complete_store([ox.Quad(meeting, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                     ox.NamedNode(KG + "Meeting"), ox.NamedNode(SRC + "s")),
                             ox.Quad(*mistake, ox.NamedNode(ENTITIES_GRAPH))])
    wanted, held = inferred_around(store, {mistake})
    assert wanted == held
