"""Judging some focus nodes over the part of the graph their verdicts read (kg.shacl.locality),
as a store refresh does: the results must be the whole graph's results about those nodes."""

from __future__ import annotations

import random

import pyoxigraph as ox

from kg.findings import VIOLATION
from kg.graph_selection import asserted_graph_names
from kg.namespaces import KG, RDF_TYPE, SHAPES_GRAPH
from kg.project import Project
from kg.rdf.terms import term_text
from kg.shacl import locality, validate_store
from kg.store.graph import load_in_memory

_PROPOSITION = ox.NamedNode("https://w3id.org/geokg/resource/prop-aj-kremlin-goodwill-to-us")


def _shapes(store):
    return list(store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))


def test_the_shipped_shapes_read_a_values_type_and_a_propositions_status_only(project):
    reach = locality.reach_of(_shapes(load_in_memory(Project(project)).store))
    # sh:class reads a value's rdf:type; the claim constraint reads ?value kg:epistemicStatus ?status
    assert reach.value_predicates == {RDF_TYPE, KG + "epistemicStatus"}
    assert reach.join_predicates == {"http://www.w3.org/2000/01/rdf-schema#label"}


def test_focus_nodes_judged_around_them_get_the_whole_graphs_results(project):
    source = project / "data" / "sources" / "aljazeera-2019-russia-iran.ttl"
    text = source.read_text(encoding="utf-8")
    # the claim's proposition becomes asserted (the claim is then reported: a verdict read on a
    # value's own triple), and a fact gets a kg:source that is a state, no kg:Source (sh:class)
    proposition = "(the author's view)\"@en ;\n    kg:epistemicStatus kg:Opinion ;"
    assert text.count(proposition) >= 1
    text = text.replace(proposition, "(the author's view)\"@en ;\n    kg:epistemicStatus kg:Asserted ;", 1)
    source.write_text(text + "\nkgr:prop-aj-kremlin-goodwill-to-us kg:source kgr:Russia .\n", encoding="utf-8")
    store = load_in_memory(Project(project)).store
    shapes = _shapes(store)
    reach = locality.reach_of(shapes)
    graphs = set(asserted_graph_names(store))
    whole = validate_store(store).results
    claims = _claims(store)
    reported = {f.focus for f in whole if f.severity == VIOLATION}
    assert claims and {term_text(c) for c in claims} | {term_text(_PROPOSITION)} <= reported
    subjects = sorted({q.subject for g in graphs for q in store.quads_for_pattern(None, None, None, g)
                       if isinstance(q.subject, ox.NamedNode)}, key=str)
    rng = random.Random(7)
    for size in (1, 5, 60):
        focus = set(rng.sample(subjects, size)) | claims | {_PROPOSITION}
        judged = locality.validate_focus(store, graphs, focus, shapes, reach)
        shown = {term_text(n) for n in focus}
        assert judged == [f for f in whole if f.focus in shown]


def _claims(store) -> set:
    """The claims whose proposition is the edited one."""
    return {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(KG + "proposition"), _PROPOSITION, None)}
