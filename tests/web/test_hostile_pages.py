"""Hostile text in the data (tests/data/web/hostile/): labels, literals and IRIs carrying <script>,
attribute break-outs, javascript: URLs, bidi overrides and terminal escapes render as inert text
on every page, as a browser's HTML parser reads the page."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.support.web import Page, get

pytestmark = pytest.mark.server

PAGES = ["/", "/entity/Evil", "/entity/Plain", "/entity/hostile-meeting", "/source/hostile-2025", "/search?q=e",
         "/search?" + urllib.parse.urlencode({"q": "<script>alert('q')</script>"}),
         "/editor?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p \"</textarea><script>alert(1)</script>\" }"}),
         "/editor?" + urllib.parse.urlencode({"query": "SELECT ?l WHERE { kgr:Evil rdfs:label ?l }"})]
OUR_SCRIPTS = ({"src": "/static/cytoscape.min.js"}, {"src": "/static/graph.js"},
               {"type": "application/json", "id": "kg-graph-data"})


@pytest.mark.parametrize("path", PAGES)
def test_no_hostile_text_becomes_markup(hostile, path):
    answer = get(hostile + path)
    assert answer.status == 200, answer.text[:300]
    page = Page(answer.text)
    for tag, attrs in page.elements:
        if (tag, attrs) == ("link", {"rel": "icon", "href": "data:,"}):
            continue  # no favicon, so the browser asks for none
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert tag not in ("img", "iframe", "object", "embed", "style"), (tag, attrs)
        if tag == "script":
            assert attrs in OUR_SCRIPTS, attrs
        for name in ("href", "src", "action"):
            if attrs.get(name) is not None:
                assert attrs[name].startswith(("/", "#", "?", "https://", "http://")), (tag, attrs)


def test_hostile_labels_read_as_the_text_they_are(hostile):
    answer = get(hostile + "/entity/Evil")
    page = Page(answer.text)
    assert "<script>alert('label')</script>" in page.text  # shown, as text
    assert "\" onmouseover=\"alert('alt')\" x=\"" in page.text
    assert "<bdi>abc\u202egnp.exe\u202c</bdi>" in answer.text  # the override cannot reorder what follows
    assert "javascript:alert('comment') \\x1b[2J" in page.text  # ESC made visible, as kg show does
    assert "<javascript:alert('iri')>" in page.text and "javascript:" not in " ".join(page.hrefs())


def test_the_picture_data_cannot_close_its_script_element(hostile):
    body = get(hostile + "/entity/hostile-meeting").text
    data = body[body.index('id="kg-graph-data">'):]
    data = data[:data.index("</script>")]
    assert "<" not in data and "Meeting \\u003csvg onload=alert(\\u0027fact\\u0027)\\u003e" in data


def test_evidence_with_markup_is_quoted_as_text(hostile):
    page = Page(get(hostile + "/entity/hostile-meeting").text)
    assert "Evil met Plain.</blockquote><script>alert('evidence')</script>" in page.text
