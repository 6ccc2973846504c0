"""New facts are held to the rules ontology v2 states in words: a claim says whose it is (unless reported on
nobody's named word), its content is put forward rather than asserted, and a policy has an adopter or an
adoption event. Checked by SPARQL constraints that the fast engine evaluates itself (FILTER NOT EXISTS)."""

from __future__ import annotations

import pytest

from kg.project import Project
from kg.shacl import validate_store
from kg.store import build
from kg.validation import validate
from tests.support.validate_support import background_project

HEAD = """@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix kgr: <https://w3id.org/geokg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix src: <https://w3id.org/geokg/source/> .
"""
CLAIM = """kgr:claim-x a kg:Claim ; rdfs:label "A claim about the border war"@en ; kg:summary "The war is over." ;
    kg:evidence "The background article states this fact in one sentence." ; kg:source src:background-article ;
"""
MEETING = """kgr:meeting-x a kg:Meeting ; rdfs:label "A meeting of Alpha and Beta"@en ;
    kg:participant kgr:Alpha, kgr:Beta ; kg:evidence "The background article states this fact in one sentence." ;
    kg:source src:background-article """
POLICY = """kgr:Gamma_policy a kg:Policy ; rdfs:label "Gamma policy"@en ; kg:targets kgr:Alpha ;
    kg:evidence "The background article states this fact in one sentence." ; kg:source src:background-article """


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return build.open_graph(Project(background_project(tmp_path_factory.mktemp("bg") / "project")))


def shape_messages(graph, tmp_path, text: str) -> list[str]:
    path = tmp_path / "new.ttl"
    path.write_text(HEAD + text, encoding="utf-8")
    report = validate.validate_facts(graph, validate.read_new_facts([path]))
    return sorted(p.message for p in report.problems if p.stage == "shapes")


@pytest.mark.parametrize(
    "text, expected",
    [
        (CLAIM + "    kg:epistemicStatus kg:Opinion .\n", ["A claim needs kg:claimedBy"]),
        (CLAIM + "    kg:epistemicStatus kg:Reported .\n", []),
        (CLAIM + "    kg:epistemicStatus kg:Opinion ; kg:claimedBy kgr:Ada_Example .\n", []),
        (CLAIM + "    kg:epistemicStatus kg:Opinion ; kg:claimedBy kgr:Ada_Example ; kg:proposition kgr:meeting-x .\n"
         + MEETING + "; kg:epistemicStatus kg:Asserted .\n", ["The content of a claim"]),
        (CLAIM + "    kg:epistemicStatus kg:Opinion ; kg:claimedBy kgr:Ada_Example ; kg:proposition kgr:meeting-x .\n"
         + MEETING + ".\n", ["The content of a claim"]),
        (CLAIM + "    kg:epistemicStatus kg:Opinion ; kg:claimedBy kgr:Ada_Example ; kg:proposition kgr:meeting-x .\n"
         + MEETING + "; kg:epistemicStatus kg:Predicted .\n", []),
        (POLICY + ".\n", ["A policy needs kg:adoptedBy"]),
        (POLICY + "; kg:adoptedBy kgr:Beta .\n", []),
    ],
    ids=["claim-without-claimant", "reported-without-claimant", "claim-with-claimant", "asserted-content",
         "content-without-status", "predicted-content", "policy-without-adopter", "policy-with-adopter"],
)
def test_the_rules_hold_for_new_facts(graph, tmp_path, text, expected):
    found = shape_messages(graph, tmp_path, text)
    assert [m for m in found if any(m.startswith(e) for e in expected)] == found if expected else found == []
    for start in expected:
        assert any(m.startswith(start) for m in found), found


def test_what_the_rules_read_of_the_existing_graph_is_fetched():
    """A claim's content and a policy's adoption may already be in the graph: kg validate judges new
    facts in a neighbourhood (kg.validation.neighbourhood), which must hold the content's status
    and the adoption's kg:policy edge."""
    import pyoxigraph as ox

    from kg.namespaces import KG, KGR
    from kg.validation import neighbourhood

    g = ox.NamedNode("https://w3id.org/geokg/source/s")
    claim, meeting, policy, adoption = (ox.NamedNode(KGR + n) for n in ("c", "m", "p", "a"))
    status = ox.Quad(meeting, ox.NamedNode(KG + "epistemicStatus"), ox.NamedNode(KG + "Planned"), g)
    edge = ox.Quad(adoption, ox.NamedNode(KG + "policy"), policy, g)
    store = ox.Store()
    store.extend([status, edge])
    new = [ox.Triple(claim, ox.NamedNode(KG + "proposition"), meeting)]
    hood = neighbourhood.gather(store, new, [claim, policy])
    assert ox.Triple(meeting, status.predicate, status.object) in hood.triples
    assert ox.Triple(adoption, edge.predicate, policy) in hood.triples


def test_the_engine_evaluates_them_itself_and_the_shipped_graph_conforms(project):
    graph = build.open_graph(Project(project))
    assert validate_store(graph.store, engine="sparql").conforms  # a decline would raise here
