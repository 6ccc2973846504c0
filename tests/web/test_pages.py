"""The pages of kg serve on the shipped graph, over HTTP: what the articles say, where it is said,
and every page read-only. Expected sentences, dates and titles were read in the articles
(seed 000_da83e1ebf59ca90b: Al Jazeera, June 2019)."""

from __future__ import annotations

import pytest

from tests.support.paths import copy_project
from tests.support.web import Page, get, kg_serve

pytestmark = pytest.mark.server

AJ = "/source/aljazeera-2019-russia-iran"
CAPTION = ("Russian President Vladimir Putin meets with US Secretary of State Mike Pompeo at the Bocharov Ruchei "
           "residence in Sochi on May 14, 2019. [Reuters/Alexander Nemenov]")


def page(shipped, path: str, status: int = 200) -> Page:
    answer = get(shipped[0] + path)
    assert answer.status == status, answer.text[:500]
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    return Page(answer.text)


def test_an_entity_page_shows_a_fact_with_its_sentence_date_and_source_link(shipped):
    # The photo caption: Putin meets Pompeo in Sochi "on May 14, 2019", a day-precise date.
    shown = page(shipped, "/entity/Mike_Pompeo")
    assert "Putin–Pompeo meeting in Sochi, 14 May 2019" in shown.text
    assert CAPTION in shown.text
    assert "2019-05-14 (precision: day)" in shown.text
    assert AJ in shown.hrefs()
    assert "/entity/Vladimir_Putin" in shown.hrefs() and "/entity/Bocharov_Ruchei" in shown.hrefs()


def test_a_planned_meeting_shows_its_status_and_a_month_precise_date(shipped):
    # "the upcoming trilateral meeting ... to take place in Jerusalem later this month" (June 2019)
    shown = page(shipped, "/entity/Jerusalem")
    text = shown.text
    start = text.index("Trilateral meeting of US, Russian and Israeli national security advisers in Jerusalem")
    fact = text[start:start + 1200]
    assert "2019-06 (precision: month)" in fact
    assert "Status planned" in fact
    assert "to take place in Jerusalem later this month" in fact


def test_every_link_of_an_entity_page_is_a_page_of_this_server_or_a_web_address(shipped):
    shown = page(shipped, "/entity/Iran")
    hrefs = shown.hrefs()
    assert "/entity/kg:State" in hrefs and "https://www.wikidata.org/wiki/Q794" in hrefs
    assert all(h.startswith(("/", "#", "https://", "http://")) for h in hrefs), hrefs
    for href in sorted({h for h in hrefs if h.startswith(("/entity/", "/source/"))})[:40]:
        assert get(shipped[0] + href).status == 200, href


def test_an_entity_page_carries_its_picture_and_timeline(shipped):
    answer = get(shipped[0] + "/entity/Mike_Pompeo")
    elements = Page(answer.text).elements
    scripts = [attrs for tag, attrs in elements if tag == "script"]
    assert {"type": "application/json", "id": "kg-graph-data"} in scripts
    assert [s["src"] for s in scripts if "src" in s] == ["/static/cytoscape.min.js", "/static/graph.js"]
    assert any(tag == "svg" for tag, _ in elements) and '<a href="#fact-0">' in answer.text
    assert get(shipped[0] + "/static/cytoscape.min.js").body.startswith(b"/**\n * Copyright (c) 2016-")


def test_the_home_page_counts_classes_and_lists_the_sources(shipped):
    shown = page(shipped, "/")
    assert AJ in shown.hrefs() and "/source/eftekhari-2021-russia-iran" in shown.hrefs()
    assert "Al Jazeera opinion of June 2019: Will Russia back US’ maximum pressure on Iran?" in shown.text
    assert "/entity/kg:State" in shown.hrefs()


def test_search_finds_labels_and_alternative_labels(shipped):
    shown = page(shipped, "/search?q=maximum+pressure")
    assert "/entity/Maximum_pressure" in shown.hrefs()
    tehran = page(shipped, "/search?q=tehran")
    assert "Tehran (also called; kgr:Iran)" in tehran.text


def test_a_source_page_shows_its_metadata_and_its_facts(shipped):
    shown = page(shipped, AJ)
    assert "Will Russia back US’ maximum pressure on Iran?" in shown.text
    assert "US-Russian cooperation on Iran has its limits." in shown.text
    assert CAPTION in shown.text
    assert "Facts (92)" in shown.text  # the sources question counts 92 fact nodes in this graph


@pytest.mark.parametrize(("path", "status"), [
    ("/entity/No_such_thing", 404), ("/source/no-such-source", 404), ("/questions/no-such-question", 404),
    ("/static/../pyproject.toml", 404), ("/static/style.css%00", 404), ("/entity/%ff", 400),
    ("/search?q=a&q=b", 400),
])
def test_what_does_not_exist_or_does_not_parse_gets_a_status(shipped, path, status):
    page(shipped, path, status)


def test_pages_refuse_every_method_but_get_and_the_endpoint_is_unchanged(shipped):
    url = shipped[0]
    for method in ("POST", "PUT", "DELETE"):
        answer = get(url + "/entity/Iran", method=method, data=b"x=1")
        assert answer.status in (405, 501) and b"Iran" not in answer.body
    assert get(url + "/sparql").text.startswith("no such resource /sparql; the SPARQL endpoint is /query")
    answer = get(url + "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
    assert answer.status == 200 and b'"boolean"' in answer.body


def test_every_response_carries_a_content_security_policy(shipped):
    for path in ("/", "/entity/Iran", "/editor", "/static/graph.js", "/entity/Nope", "/query?query=ASK%7B%7D"):
        policy = get(shipped[0] + path).headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe" not in policy


def test_no_ui_serves_the_endpoint_alone(tmp_path):
    with kg_serve(copy_project(tmp_path / "project"), "--no-ui") as url:
        home = get(url + "/")
        assert home.status == 200 and home.text.startswith("geokg read-only SPARQL endpoint: GET or POST /query")
        assert get(url + "/entity/Iran").text.startswith("no such resource /entity/Iran; the SPARQL endpoint is /query")
