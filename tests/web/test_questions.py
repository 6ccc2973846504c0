"""Canned questions and the SPARQL page: forms, linked answers, downloads with the bytes of
`kg query -f FORMAT`, errors with their line, and the endpoint's refusals and timeout.
Who sought the S-400 was read in the Al Jazeera article: Iran ("this request allegedly came from
the very top of the Iranian political leadership"), Turkey ("its own purchase of the S-400") and
Saudi Arabia ("demonstrated interests in acquiring the missile system")."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.support.paths import copy_project
from tests.support.web import Page, get, kg_serve

pytestmark = pytest.mark.server

SEEKERS = "/questions/weapon-seekers?" + urllib.parse.urlencode({"weapon": "S-400", "run": "1"})


def test_a_question_page_has_a_form_with_names_of_the_declared_class(shipped):
    answer = get(shipped[0] + "/questions/weapon-seekers")
    assert answer.status == 200
    page = Page(answer.text)
    field = next(attrs for tag, attrs in page.elements if tag == "input" and attrs.get("name") == "weapon")
    assert field["list"] == "p-weapon-names" and "required" in field and field["placeholder"] == "e.g. S-400"
    assert any(tag == "label" and attrs.get("for") == "p-weapon" for tag, attrs in page.elements)
    options = [attrs["value"] for tag, attrs in page.elements if tag == "option"]
    assert "S-400" in options and "Iran" not in options  # weapon systems only
    assert "Answer" not in page.text  # nothing asked yet


def test_a_question_answers_with_a_table_of_links(shipped):
    answer = get(shipped[0] + SEEKERS)
    assert answer.status == 200
    hrefs = Page(answer.text).hrefs()
    for state in ("Iran", "Turkey", "Saudi_Arabia"):
        assert f"/entity/{state}" in hrefs
    assert "/source/aljazeera-2019-russia-iran" in hrefs


@pytest.mark.parametrize(("fmt", "media"), [
    ("csv", "text/csv; charset=utf-8"),
    ("tsv", "text/tab-separated-values; charset=utf-8"),
    ("json", "application/sparql-results+json"),
])
def test_downloads_are_the_bytes_kg_query_prints(kg, shipped, fmt, media):
    url, project = shipped
    answer = get(url + SEEKERS + f"&download={fmt}")
    expected = kg("-C", str(project), "query", "-n", "weapon-seekers", "-p", "weapon", "S-400", "-f", fmt)
    assert expected.exit_code == 0
    assert answer.status == 200 and answer.headers["Content-Type"] == media
    assert answer.headers["Content-Disposition"] == f'attachment; filename="weapon-seekers.{fmt}"'
    assert answer.body == expected.stdout_bytes
    assert b"Saudi_Arabia" in answer.body


def test_a_parameter_that_names_nothing_is_shown_on_the_form(shipped):
    answer = get(shipped[0] + "/questions/weapon-seekers?weapon=S-500")
    assert answer.status == 404
    assert "weapon: no kg:WeaponSystem in the graph is named 'S-500'" in Page(answer.text).text


def test_the_sparql_page_runs_a_query_from_its_address(kg, shipped):
    query = "SELECT ?s WHERE { ?s a kg:State ; rdfs:label \"Iran\"@en }"
    answer = get(shipped[0] + "/editor?" + urllib.parse.urlencode({"query": query}))
    page = Page(answer.text)
    assert answer.status == 200 and "/entity/Iran" in page.hrefs()
    assert any(tag == "textarea" for tag, _ in page.elements) and query in page.text
    download = get(shipped[0] + "/editor?" + urllib.parse.urlencode({"query": query, "download": "csv"}))
    assert download.body == kg("-C", str(shipped[1]), "query", query, "-f", "csv").stdout_bytes


def test_a_syntax_error_names_its_line_and_column_and_marks_the_line(shipped):
    query = "SELECT ?s WHERE {\n  ?s a kg:State .\n  ?s rdfs:label\n}"
    answer = get(shipped[0] + "/editor?" + urllib.parse.urlencode({"query": query}))
    assert answer.status == 400
    assert "SPARQL syntax error at line 4, column 1" in Page(answer.text).text
    assert '<li class="marked" aria-current="true"><code><mark>}</mark></code></li>' in answer.text


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ("INSERT DATA { kgr:a kgr:b kgr:c }", "read-only"),
])
def test_the_sparql_page_refuses_what_the_endpoint_refuses(shipped, query, message):
    answer = get(shipped[0] + "/editor?" + urllib.parse.urlencode({"query": query}))
    assert answer.status == 403 and message in Page(answer.text).text


def test_a_query_past_the_timeout_is_stopped_and_the_page_says_so(tmp_path):
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    with kg_serve(copy_project(tmp_path / "project"), "--timeout", "1", "--workers", "1") as url:
        answer = get(url + "/editor?" + urllib.parse.urlencode({"query": explosive}))
        assert answer.status == 503 and "the query ran longer than 1 s and was stopped" in Page(answer.text).text
        # one worker: answered only because the stuck one was killed and replaced
        assert get(url + SEEKERS).status == 200


def test_a_construct_answers_with_a_table_of_linked_triples(kg, shipped):
    query = "CONSTRUCT { ?weapon kg:countryOfOrigin ?state } WHERE { ?weapon kg:countryOfOrigin ?state }"
    answer = get(shipped[0] + "/editor?" + urllib.parse.urlencode({"query": query}))
    page = Page(answer.text)
    assert answer.status == 200 and "subject predicate object" in page.text
    assert {"/entity/S-400", "/entity/kg:countryOfOrigin", "/entity/Russia"} <= set(page.hrefs())
    download = get(shipped[0] + "/editor?" + urllib.parse.urlencode({"query": query, "download": "turtle"}))
    assert download.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert download.body == kg("-C", str(shipped[1]), "query", query, "-f", "turtle").stdout_bytes
