"""Canned questions say how the sources present each fact (issue 15): a planned meeting is not a
meeting that took place, a reported or alleged fact rests on someone's word, and a president-elect
is not the president.

On the shipped graph (the facts the articles give) and on a scratch copy of the project with two
made-up sources (tests/data/fixtures/second-sources/): status-test.ttl gives a planned, an alleged
and a qualified fact of every kind the questions show, dates-test.ttl other dates and places for
events the articles describe, which the questions must show beside the articles' own, each with
the source that gives it."""

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

SECOND_SOURCES = REPO / "tests" / "data" / "fixtures" / "second-sources"


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
    """The shipped project with the made-up second sources of tests/data/fixtures/second-sources/."""
    root = tmp_path_factory.mktemp("status") / "project"
    for part in ("ontology", "data", "queries"):
        shutil.copytree(REPO / part, root / part)
    (root / "data" / "inferred.ttl").unlink(missing_ok=True)
    for source in SECOND_SOURCES.glob("*.ttl"):
        shutil.copy(source, root / "data" / "sources" / source.name)
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


def test_events_in_period_flags_the_elections_ahead_of_each_article(shipped):
    """'a bit more than a year left to the US election' (June 2019) and 'the next Iranian
    presidential election' (early 2021): both were still to be held at the article's date."""
    rows = answer(*shipped, "events-in-period", {"from": "2020", "to": "2021"})
    assert column(rows, "event", "election-2020-us", "status") == {"planned"}
    assert column(rows, "event", "election-2021-iran-presidential", "status") == {"planned"}

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


A = "https://w3id.org/geokg/source/aljazeera-2019-russia-iran"
E = "https://w3id.org/geokg/source/eftekhari-2021-russia-iran"
D = "https://w3id.org/geokg/source/dates-test"
S400 = {"weapon": "S-400"}
PERIOD = {"from": "2019-05-20", "to": "2019-05-31"}
ARMS = ("arms-purchase-test-planned", "arms-request-test-alleged", "arms-promise-test-qualified")
# question, its parameters, the column that names the fact, then the planned, the alleged and the
# qualified fact of tests/data/fixtures/second-sources/status-test.ttl it must show as such.
SHOWN = [
    ("agreements", {}, "actor", ("Russia", "Syria", "Turkey", "provisional")),
    ("arms-by-weapon", S400, "event", ARMS + ("secret",)),
    ("arms-transfers", {}, "event", ARMS + ("secret",)),
    ("claims-about", {"entity": "S-400"}, "claim", ("claim-test-planned", "claim-test-alleged", "claim-test-qualified", "for now")),
    ("connections", {"first": "Russia", "second": "Iran"}, "fact",
     ("arms-purchase-test-planned", "support-test-alleged", "arms-promise-test-qualified", "secret")),
    ("events-in-period", PERIOD, "event",
     ("arms-purchase-test-planned", "meeting-test-alleged", "meeting-test-qualified", "secret")),
    ("facts-about", {"entity": "Javad Zarif"}, "fact",
     ("tenure-test-planned", "meeting-test-alleged", "tenure-test-designate", "designate")),
    ("inferred-dates", {}, "fact", ARMS + ("secret",)),
    ("meetings", {}, "meeting", ("meeting-2019-07-opec-plus", "meeting-test-alleged", "meeting-test-qualified", "secret")),
    ("multi-source-facts", {}, "fact", ("meeting-2019-07-opec-plus", "meeting-2019-05-14-putin-pompeo-sochi",
                                        "designation-biden-president-elect-2020", "president-elect")),
    ("officials", {"state": "Iran"}, "holder", ("Javad_Zarif", "Hassan_Rouhani", "Javad_Zarif", "designate")),
    ("responses", {}, "event", ("arms-purchase-test-planned", "support-test-alleged", "arms-promise-test-qualified", "secret")),
    ("statements", {"speaker": "Putin"}, "statement",
     ("statement-test-planned", "statement-test-alleged", "statement-test-qualified", "private")),
    ("support-and-opposition", {}, "event",
     ("support-test-planned", "support-test-alleged", "support-test-qualified", "covert")),
    ("weapon-seekers", S400, "event", ARMS + ("secret",)),
]


@pytest.mark.parametrize("name, args, key, facts", SHOWN, ids=[s[0] for s in SHOWN])
def test_every_question_shows_a_planned_an_alleged_and_a_qualified_fact_as_such(scratch, name, args, key, facts):
    planned, alleged, qualified, qualifier = facts
    rows = answer(*scratch, name, args)
    assert "planned" in column(rows, key, planned, "status"), f"{name}: {planned} not shown as planned"
    assert "alleged" in column(rows, key, alleged, "status"), f"{name}: {alleged} not shown as alleged"
    assert qualifier in column(rows, key, qualified, "qualifier"), f"{name}: {qualified} not shown as {qualifier}"


def test_paths_show_the_status_and_qualifier_of_each_step(scratch):
    rows = answer(*scratch, "paths", {"first": "Syria", "second": "Iran"})
    assert column(rows, "firstFact", "arms-request-test-alleged", "firstStatus") == {"alleged"}
    assert "planned" in column(rows, "secondFact", "arms-purchase-test-planned", "secondStatus")
    assert column(rows, "secondFact", "arms-promise-test-qualified", "secondQualifier") == {"secret"}


def test_conflicts_show_the_status_of_the_conflict_and_of_each_side(scratch):
    rows = answer(*scratch, "conflicts", {})
    assert column(rows, "conflict", "conflict-test-planned", "status") == {"planned"}
    assert column(rows, "conflict", "conflict-test-alleged", "status") == {"alleged"}
    sides = {(row["actor"].removeprefix(KGR), row["sideQualifier"], row["sideStatus"]) for row in rows
             if row["conflict"] == KGR + "Syrian_civil_war" and row["source"].endswith("status-test")}
    assert sides == {("Russia", "", "planned"), ("Russia", "", "alleged"), ("Iran", "covert", "asserted")}


def test_evidence_shows_how_each_source_presents_the_fact(scratch):
    for fact, wanted, value in [("arms-purchase-test-planned", "status", "planned"),
                                ("meeting-test-alleged", "status", "alleged"),
                                ("arms-promise-test-qualified", "qualifier", "secret")]:
        rows = answer(*scratch, "evidence", {"fact": f"kgr:{fact}"})
        assert {row[wanted] for row in rows} == {value}, fact


def test_reported_claims_show_the_alleged_and_qualified_but_not_the_planned(scratch):
    rows = answer(*scratch, "reported-claims", {})
    assert column(rows, "fact", "arms-request-test-alleged", "status") == {"alleged"}
    assert column(rows, "fact", "statement-test-reported", "qualifier") == {"off the record"}
    assert column(rows, "fact", "arms-purchase-test-planned", "status") == set()


def test_every_question_without_a_status_column_says_why(shipped):
    _, project = shipped
    for path in sorted(project.queries_dir.glob("*.rq")):
        query = parse_file(path)
        if not any(c == "status" or c.endswith("Status") for c in query.returns):
            assert "status" in query.description.lower(), f"{query.name}: no status column and no word on why"


# Per-source values: tests/data/fixtures/second-sources/dates-test.ttl gives other dates and places
# for events the articles describe; each question shows both, each with the source that gave it.

def pairs(rows, key, fact, value, source):
    return {(row[value].removeprefix(KGR), row[source]) for row in rows if row[key] == KGR + fact}


def test_meetings_show_each_source_s_date_and_place(scratch):
    rows = answer(*scratch, "meetings", {})
    sochi = "meeting-2019-05-14-putin-pompeo-sochi"
    assert pairs(rows, "meeting", sochi, "date", "dateSource") == {("2019-05-14", A), ("2019-05-13", D)}
    assert pairs(rows, "meeting", sochi, "place", "placeSource") == {("Bocharov_Ruchei", A), ("Moscow", D)}
    assert column(rows, "meeting", sochi, "source") == {A}


def test_statements_and_responses_show_each_source_s_date(scratch):
    fire = "statement-2019-05-15-putin-fire-brigade"
    rows = answer(*scratch, "statements", {"speaker": "Putin"})
    assert pairs(rows, "statement", fire, "date", "dateSource") == {("2019-05-15", A), ("2019-05-16", D)}
    assert pairs(rows, "statement", fire, "place", "placeSource") == {("Sochi", A), ("Moscow", D)}
    rows = answer(*scratch, "responses", {})
    assert pairs(rows, "event", fire, "date", "dateSource") == {("2019-05-15", A), ("2019-05-16", D)}
    assert column(rows, "event", fire, "source") == {E}
    rows = answer(*scratch, "events-in-period", {"from": "2019-05", "to": "2019-05"})
    assert pairs(rows, "event", fire, "date", "source") == {("2019-05-15", A), ("2019-05-16", D)}


def test_conflicts_show_each_source_s_date_and_place(scratch):
    rows = answer(*scratch, "conflicts", {})
    war = "Russo_Georgian_war"
    assert pairs(rows, "conflict", war, "date", "dateSource") == {("2008", A), ("2008-08", D)}
    assert pairs(rows, "conflict", war, "place", "placeSource") == {("Georgia", D)}


@pytest.mark.parametrize("name, args", [("arms-transfers", {}), ("arms-by-weapon", {"weapon": "S-300"}),
                                        ("weapon-seekers", {"weapon": "S-300"})])
def test_arms_transfers_show_each_source_s_date(scratch, name, args):
    rows = answer(*scratch, name, args)
    refusal = "arms-refusal-2010-russia-iran-s-300"
    assert pairs(rows, "event", refusal, "date", "dateSource") == {("2010", A), ("2010-09", D)}
    assert column(rows, "event", refusal, "source") == {A}
