"""Canned questions say how the sources present each fact (issue 15): a planned meeting is not a
meeting that took place, a reported or alleged fact rests on someone's word, and a president-elect
is not the president.

On the shipped graph (the facts the articles give) and on a scratch copy of the project with a
second source whose facts carry the statuses the articles do not give for every kind of fact."""

from __future__ import annotations

import shutil

import pytest

from kg.limits import Limits
from kg.namespaces import KGR
from kg.project import Project
from kg.query.canned import bind, parse_file
from kg.query.run import LocalEngine, prepare, run_query
from kg.store.graph import load_in_memory

from tests.support.paths import REPO

SCRATCH_SOURCE = """\
@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix kgr: <https://w3id.org/geokg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix src: <https://w3id.org/geokg/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

kgr:statement-test-reported a kg:Statement ;
    rdfs:label "A statement known only from a report"@en ;
    kg:date "2019-05-20"^^xsd:date ;
    kg:epistemicStatus kg:Reported ;
    kg:evidence "Putin reportedly said that the deal was dead." ;
    kg:quote "the deal is dead" ;
    kg:source src:status-test ;
    kg:speaker kgr:Vladimir_Putin .

kgr:signing-test-planned a kg:Signing ;
    rdfs:label "A signing announced for later"@en ;
    kg:agreement kgr:JCPOA ;
    kg:date "2019-05-21"^^xsd:date ;
    kg:epistemicStatus kg:Planned ;
    kg:evidence "Russia will sign the protocol next week." ;
    kg:signatory kgr:Russia ;
    kg:source src:status-test .

kgr:support-test-alleged a kg:Support ;
    rdfs:label "Support that someone alleges"@en ;
    kg:agent kgr:Russia ;
    kg:counterpart kgr:Iran ;
    kg:date "2019-05-22"^^xsd:date ;
    kg:epistemicStatus kg:Alleged ;
    kg:evidence "Russia allegedly backed Iran after the Sochi meeting." ;
    kg:inResponseTo kgr:meeting-2019-05-14-putin-pompeo-sochi ;
    kg:source src:status-test .

kgr:withdrawal-us-jcpoa kg:date "2018-05-08"^^xsd:date ;
    kg:evidence "On 8 May 2018 the United States withdrew from the JCPOA." ;
    kg:source src:status-test .

kgr:tenure-test-designate a kg:Tenure ;
    rdfs:label "Iran's ambassador-designate to Russia"@en ;
    kg:evidence "Russia welcomed Iran's ambassador-designate, Javad Zarif." ;
    kg:holder kgr:Javad_Zarif ;
    kg:office kgr:Foreign_Minister_of_Iran ;
    kg:qualifier "designate" ;
    kg:source src:status-test .
"""


def answer(graph, project: Project, name: str, args: dict[str, str]) -> list[dict[str, str]]:
    """The rows of a canned question, each as {column: plain value}, to look a fact up by IRI."""
    query = parse_file(project.queries_dir / f"{name}.rq")
    terms = bind(graph, query, args)
    engine = LocalEngine(graph)
    found = run_query(engine, prepare(query.text, engine.graph_names()), Limits(), terms)
    return [{v: (t.value if t is not None else "") for v, t in zip(found.variables, row)} for row in found.rows]


def column(rows: list[dict[str, str]], key: str, fact: str, wanted: str) -> set[str]:
    """The values of column `wanted` on the rows whose `key` is the fact kgr:fact."""
    return {row[wanted] for row in rows if row[key] == KGR + fact}


@pytest.fixture(scope="module")
def shipped():
    project = Project(REPO)
    return load_in_memory(project), project


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """The shipped project with a second, made-up source whose facts are reported, planned, alleged
    or qualified in kinds of fact the articles happen not to qualify."""
    root = tmp_path_factory.mktemp("status") / "project"
    for part in ("ontology", "data", "queries"):
        shutil.copytree(REPO / part, root / part)
    (root / "data" / "inferred.ttl").unlink(missing_ok=True)
    (root / "data" / "sources" / "status-test.ttl").write_text(SCRATCH_SOURCE, encoding="utf-8")
    project = Project(root)
    return load_in_memory(project), project


def test_officials_does_not_list_the_president_elect_as_holding_office(shipped):
    """Biden is president-elect in the 2021 essay (an kg:OfficeDesignation), not a holder of the presidency."""
    rows = answer(*shipped, "officials", {"state": "Washington"})
    assert [row for row in rows if row["holder"] == KGR + "Joe_Biden"] == []
    assert column(rows, "holder", "Donald_Trump", "qualifier") == {""}


def test_meetings_marks_the_two_planned_meetings(shipped):
    rows = answer(*shipped, "meetings", {})
    planned = {row["meeting"].removeprefix(KGR) for row in rows if row["status"] == "planned"}
    assert planned == {"meeting-2019-06-jerusalem-national-security-advisers", "meeting-2019-07-opec-plus"}
    assert column(rows, "meeting", "meeting-2019-05-14-putin-pompeo-sochi", "status") == {"asserted"}


def test_events_in_period_flags_what_did_not_happen(shipped):
    rows = answer(*shipped, "events-in-period", {"from": "2019-05", "to": "2019"})
    assert column(rows, "event", "meeting-2019-07-opec-plus", "status") == {"planned"}
    assert column(rows, "event", "meeting-2019-05-14-putin-pompeo-sochi", "status") == {"asserted"}


def test_connections_shows_reported_alleged_and_predicted_facts(shipped):
    rows = answer(*shipped, "connections", {"first": "Russia", "second": "Iran"})
    assert column(rows, "fact", "arms-refusal-2019-russia-iran-s-400", "status") == {"reported"}
    assert column(rows, "fact", "arms-request-iran-russia-s-400-2019", "status") == {"alleged"}
    assert column(rows, "fact", "arms-request-future-iran-russia-strategic-arms", "status") == {"predicted"}


def test_facts_about_shows_the_qualifier_of_an_office_elect(shipped):
    rows = answer(*shipped, "facts-about", {"entity": "Joe Biden"})
    assert column(rows, "fact", "designation-biden-president-elect-2020", "qualifier") == {"president-elect"}


@pytest.mark.parametrize(
    "name, args, key, fact, wanted, value",
    [
        ("statements", {"speaker": "Putin"}, "statement", "statement-test-reported", "status", "reported"),
        ("statements", {"speaker": "Putin"}, "statement", "statement-2019-05-15-putin-fire-brigade", "status", "asserted"),
        ("agreements", {}, "actor", "Russia", "status", "planned"),
        ("support-and-opposition", {}, "event", "support-test-alleged", "status", "alleged"),
        ("responses", {}, "event", "support-test-alleged", "status", "alleged"),
        ("events-in-period", {"from": "2019-05-20", "to": "2019-05-22"}, "event", "signing-test-planned", "status", "planned"),
        ("events-in-period", {"from": "2019-05-20", "to": "2019-05-22"}, "event", "statement-test-reported", "status", "reported"),
        ("officials", {"state": "Iran"}, "holder", "Javad_Zarif", "qualifier", "designate"),
        ("facts-about", {"entity": "Javad Zarif"}, "fact", "tenure-test-designate", "qualifier", "designate"),
        ("connections", {"first": "Russia", "second": "Iran"}, "fact", "support-test-alleged", "status", "alleged"),
        ("meetings", {}, "meeting", "meeting-2019-07-opec-plus", "status", "planned"),
    ],
)
def test_a_second_source_s_statuses_and_qualifiers_are_shown(scratch, name, args, key, fact, wanted, value):
    rows = answer(*scratch, name, args)
    assert value in column(rows, key, fact, wanted), f"{name}: {fact} not shown as {value}"


def test_a_date_given_by_a_second_source_is_found_with_that_source(scratch):
    """The US withdrawal is typed and described in the essay; only the second source dates it."""
    graph, project = scratch
    found = answer(graph, project, "events-in-period", {"from": "2018-05", "to": "2018"})
    withdrawal = [(row["kind"], row["label"], row["date"], row["source"]) for row in found
                  if row["event"] == KGR + "withdrawal-us-jcpoa"]
    assert withdrawal == [("withdrawal", "US withdrawal from the JCPOA", "2018-05-08",
                           "https://w3id.org/geokg/source/status-test")]
    rows = answer(graph, project, "agreements", {})
    dated = {(row["actor"].removeprefix(KGR), row["date"], row["dateSource"], row["source"]) for row in rows
             if row["role"] == "withdrawal"}
    assert dated == {("United_States", "2018-05-08", "https://w3id.org/geokg/source/status-test",
                      "https://w3id.org/geokg/source/eftekhari-2021-russia-iran")}
