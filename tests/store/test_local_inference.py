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


def test_a_chain_whose_first_link_a_far_node_states_is_derived_again():
    # kg:heldOffice is kg:holds o kg:office. The person states kg:holds (its own triple, two steps
    # from the office), the tenure kg:office; the change is the office's label.
    person, tenure, office = (ox.NamedNode(KGR + n) for n in ("P", "T", "O"))
    source = ox.NamedNode(SRC + "s")
    entities = ox.NamedNode(ENTITIES_GRAPH)
    label = ox.Triple(office, ox.NamedNode(RDFS + "label"), ox.Literal("Office"))
    store = _complete_store([
        ox.Quad(person, ox.NamedNode(KG + "holds"), tenure, entities),
        ox.Quad(tenure, ox.NamedNode(KG + "office"), office, source),
        ox.Quad(*label, source),
    ])
    held_office = (person, ox.NamedNode(KG + "heldOffice"), office)
    assert held_office in {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(*held_office, None)}
    wanted, held = inferred_around(store, {label})
    assert held_office in held
    assert wanted == held
