"""kg query is read-only, never reaches the network, locates syntax errors and stops runaway
queries (DESIGN.md §5)."""

from __future__ import annotations

import os
import subprocess

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import PolicyError, UsageError
from kg.sparql.policy import UPDATE_KEYWORDS
from kg.query.run import prepare
from kg.sparql.lexer import tokenize

from tests.support.servers import recording_http_server
from tests.support.query_project import make_query_project

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    return make_query_project(tmp_path_factory.mktemp("safety") / "project")


@pytest.fixture
def http_log():
    """A local HTTP server that records every request it gets: (port, list of paths)."""
    with recording_http_server() as (port, paths):
        yield port, paths


@pytest.mark.parametrize(
    ("update", "keyword", "column"),
    [
        ("INSERT DATA { kgr:x kgr:y kgr:z }", "INSERT", 1),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE", 1),
        ("PREFIX ex: <http://example.org/>\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE", 1),
        ("CLEAR ALL", "CLEAR", 1),
        ("DROP GRAPH src:wave-2020-atlantis", "DROP", 1),
        ("CREATE GRAPH <http://example.org/g>", "CREATE", 1),
        ("ADD DEFAULT TO src:wave-2020-atlantis", "ADD", 1),
        ("MOVE src:wave-2020-atlantis TO DEFAULT", "MOVE", 1),
        ("COPY src:wave-2020-atlantis TO DEFAULT", "COPY", 1),
        ("WITH src:wave-2020-atlantis DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH", 1),
        ("SELECT * WHERE { ?s ?p ?o } ; drop all", "DROP", 31),
    ],
)
def test_sparql_update_is_refused_and_changes_nothing(kg, fixture_project, tmp_path, update, keyword, column):
    store = tmp_path / "store"
    assert kg("-C", fixture_project, "build", "--store", store).exit_code == 0
    before = kg("-C", fixture_project, "query", COUNT_ALL, "--store", store).stdout
    result = kg("-C", fixture_project, "query", update, "--store", store)
    assert result.exit_code == 4 and result.stdout == ""
    line = update[: update.upper().find(keyword)].count("\n") + 1
    assert result.stderr == (
        f"kg: error: SPARQL Update is refused: {keyword} at line {line}, column {column}; "
        "kg query is read-only (change the data files and rebuild instead)\n"
    )
    assert kg("-C", fixture_project, "query", COUNT_ALL, "--store", store).stdout == before


def test_pyoxigraph_itself_would_reach_the_network_for_service(http_log):
    """Why SERVICE is refused before execution: the engine does call out (the control for the test below)."""
    port, paths = http_log
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
    assert paths == ["/sparql"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }", "SERVICE at line 1, column 18 is refused"),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  service silent <http://127.0.0.1:PORT/s> { ?s ?p ?o } }", "SERVICE at line 3, column 3 is refused"),
        ("LOAD <http://127.0.0.1:PORT/data.ttl>", "SPARQL Update is refused: LOAD at line 1, column 1"),
        ("SELECT * FROM <http://127.0.0.1:PORT/data.ttl> WHERE { ?s ?p ?o }", "FROM <http://127.0.0.1:PORT/data.ttl> at line 1, column 10 is refused"),
        ("SELECT * FROM NAMED <http://127.0.0.1:PORT/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM <http://127.0.0.1:PORT/g> at line 1, column 10 is refused"),
        ("PREFIX web: <http://127.0.0.1:PORT/>\nSELECT * FROM web:data WHERE { ?s ?p ?o }", "FROM web:data at line 2, column 10 is refused"),
    ],
)
def test_network_access_is_refused_before_execution(kg, fixture_project, http_log, query, message):
    port, paths = http_log
    result = kg("-C", fixture_project, "query", query.replace("PORT", str(port)))
    assert result.exit_code == 4 and result.stdout == ""
    assert message.replace("PORT", str(port)) in result.stderr
    assert paths == []


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s rdfs:label ?l FILTER(?l != "SERVICE <http://x/> { } INSERT DATA { }") }',
        "SELECT ?s WHERE { ?s rdfs:label ?l } # then DROP ALL and SERVICE <http://x/>\n",
        "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(?l != '''LOAD\n<http://x/>''') }",
        "PREFIX drop: <https://w3id.org/geokg/resource/> SELECT ?s WHERE { ?s kg:service ?o } LIMIT 1",
    ],
)
def test_keywords_inside_strings_comments_and_names_are_harmless(kg, fixture_project, query):
    result = kg("-C", fixture_project, "query", query)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("query", "where", "problem"),
    [
        ("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}", "line 3, column 13", "'=' needs a value after it"),
        ("SELECT ?s WHERE {\n  ?s ?p ?o .\n", "line 1, column 17", "'{' is never closed"),
        ("SELECT ?s WHERE { ?s ?p ?o } }", "line 1, column 30", "'}' closes nothing"),
        ("SELECT ?s WHERE { ?s ?p ?o . FILTER(regex(?o, 'x' ) }", "line 1, column 53", "'}' where ')' was expected"),
        ("SELECT ?s WHERE {\n  ?s kg:p ?o\n  FILTR(?o) }", "line 3, column 3", "'FILTR' is not a SPARQL keyword or function"),
        ("SELEC ?s WHERE { ?s ?p ?o }", "line 1, column 1", "expected SELECT, ASK, CONSTRUCT or DESCRIBE, not 'SELEC'"),
        ("SELECT ?s WHERE {\n  ?s ?p 'open }", "line 2, column 9", "a string is not closed"),
        ("SELECT ?s WHERE {\n  ?s a foo:Thing }", "line 2, column 8", "unknown prefix foo:"),
        ("SELECT ?s WHERE { ?s ?p ?o } ORDER ?s", "line 1, column 38 (the end of the query)", "expected BY"),
    ],
)
def test_syntax_errors_name_the_line_and_column(kg, fixture_project, query, where, problem):
    result = kg("-C", fixture_project, "query", query)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"kg: error: SPARQL syntax error at {where}: {problem}")
    assert len(result.stderr.splitlines()) == 1


def test_an_error_the_tokens_do_not_explain_is_reported_as_the_engine_sees_it(kg, fixture_project):
    result = kg("-C", fixture_project, "query", "SELECT ?s WHERE { ?s ?p ?o ?s }\n\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: SPARQL syntax error at line 3, column 1 (the end of the query): expected one of FILTER")


def test_prepare_finds_the_query_form_after_the_prologue():
    assert prepare("PREFIX ex: <http://e/>\nBASE <http://b/>\nask {}", set()).form == "ASK"
    with pytest.raises(UsageError, match="the query is empty"):
        prepare("# only a comment\n", set())


def test_tokens_skip_strings_iris_and_comments():
    tokens = tokenize('SELECT ?x WHERE { ?x kg:p "a # b" , <http://x/#y> } # SERVICE\n')
    assert [t.text for t in tokens] == ["SELECT", "?x", "WHERE", "{", "?x", "kg:p", '"a # b"', ",", "<http://x/#y>", "}"]
    assert [(t.line, t.column) for t in tokens][-1] == (1, 51)


def test_a_runaway_query_is_stopped_with_exit_5(kg_exe, fixture_project):
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    done = subprocess.run(
        [*kg_exe, "-C", str(fixture_project), "query", explosive, "--timeout", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 5 and done.stdout == ""
    assert done.stderr == (
        "kg: error: the query ran longer than 1 s and was stopped "
        "(narrow it, or raise the limit with --timeout SECONDS or KG_QUERY_TIMEOUT)\n"
    )


def test_the_timeout_comes_from_the_environment_too(kg_exe, fixture_project):
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    done = subprocess.run(
        [*kg_exe, "-C", str(fixture_project), "query", explosive],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KG_QUERY_TIMEOUT": "0.5"},
    )
    assert done.returncode == 5 and "longer than 0.5 s" in done.stderr


def test_a_bad_timeout_is_a_usage_error(kg, fixture_project):
    result = kg("-C", fixture_project, "query", "ASK {}", "--timeout", "0")
    assert result.exit_code == 2 and "--timeout" in result.stderr


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_inside_a_string_literal_is_ever_refused(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    query = f'SELECT ?s WHERE {{ ?s ?p ?o FILTER(?o != "{escaped}") }}'
    tokens = tokenize(query)
    assert [t.kind for t in tokens].count("string") == 1
    assert prepare(query, set()).form == "SELECT"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(UPDATE_KEYWORDS | {"SERVICE"})), st.sampled_from(["", " ", "\n", "#c\n"]))
def test_a_refused_keyword_is_found_in_any_case_and_spacing(keyword, space):
    mixed = "".join(c.lower() if i % 2 else c for i, c in enumerate(keyword))
    with pytest.raises(PolicyError):
        prepare(f"SELECT * WHERE {{ ?s ?p ?o }}{space} {mixed} <http://x/>", set())


@pytest.mark.parametrize(
    "query, code, words",
    [
        ("DELETE WHERE { ?s ?p ?o }", 4, "SPARQL Update is refused"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 4, "SERVICE"),
    ],
)
def test_a_refused_query_is_refused_before_the_graph_is_read(kg, project, query, code, words):
    """A refused query never waits for the graph (the engine's own syntax errors still do): here the graph cannot even be read
    (exit 3), yet the query's own problem is what the user hears about."""
    (project / "data" / "entities.ttl").write_text("kgr:broken a", encoding="utf-8")
    result = kg("-C", project, "query", query)
    assert (result.exit_code, result.stdout) == (code, "")
    assert words in result.stderr
    control = kg("-C", project, "query", "SELECT * WHERE { ?s ?p ?o }")
    assert control.exit_code == 3 and "entities.ttl:1:" in control.stderr
