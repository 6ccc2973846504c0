"""kg query --endpoint: the same answers, checks and errors on a remote store as on the local graph.

Parameters travel to a remote store as a VALUES block (kg.interop.remote_query.with_values). The first
tests show, on pyoxigraph alone, that this binds like `substitutions=` in every construct the
canned-query checks accept, and differs in those they refuse; the rest run against a real
`oxigraph serve` filled by kg push.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query.canned import list_queries, parse_file
from kg.errors import InputError
from kg.project import Project
from kg.interop.remote_query import with_values
from kg.store.graph import load_in_memory

from tests.support.paths import REPO, copy_project
from tests.support.query_project import make_query_project
from tests.support.servers import oxigraph_serve
from tests.support.canned_cases import SUBSTITUTED, VALUE, rows

CANNED = sorted(list_queries(REPO / "queries"), key=lambda q: q.name)
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# Uses of a parameter that a VALUES block opening the WHERE group does not reach.
OUT_OF_REACH = {
    "FILTER in a GRAPH group": "SELECT ?e ?v WHERE { GRAPH ?g { ?e kg:weapon ?w FILTER(?w = ?v) } }",
    "FILTER in a UNION branch": "SELECT ?e ?v WHERE { { ?e kg:weapon ?w FILTER(?w = ?v) } UNION { ?e kg:date ?d } }",
    "BIND in an OPTIONAL": "SELECT ?e ?s ?v WHERE { ?e kg:weapon ?w OPTIONAL { ?e kg:date ?d BIND(STR(?v) AS ?s) } }",
    "FILTER in MINUS": "SELECT ?e ?v WHERE { ?e kg:date ?d MINUS { ?e kg:weapon ?w FILTER(?w = ?v) } }",
    "FILTER in a nested OPTIONAL": "SELECT ?e ?w ?v WHERE { ?e kg:date ?d OPTIONAL { ?e kg:date ?x OPTIONAL { ?e kg:weapon ?w FILTER(?w = ?v) } } }",
}
HEADER = "# title: t\n# description: d\n# param: v IRI a value, e.g. kgr:Trident-9\n# returns: {returns}\n"


@pytest.fixture(scope="module")
def fixture_graph(tmp_path_factory):
    return load_in_memory(Project(make_query_project(tmp_path_factory.mktemp("values") / "project")))


@pytest.mark.parametrize("construct", list(SUBSTITUTED))
def test_a_values_block_binds_like_substitutions(fixture_graph, construct):
    query = SUBSTITUTED[construct]
    substituted = fixture_graph.query(query, substitutions={ox.Variable("v"): VALUE})
    as_values = fixture_graph.query(with_values(query, {"v": VALUE}))
    assert rows(as_values) == rows(substituted)


@pytest.mark.parametrize("construct", list(OUT_OF_REACH))
def test_where_a_values_block_would_differ_the_canned_checks_refuse(fixture_graph, tmp_path, construct):
    query = OUT_OF_REACH[construct]
    substituted = fixture_graph.query(query, substitutions={ox.Variable("v"): VALUE})
    as_values = fixture_graph.query(with_values(query, {"v": VALUE}))
    assert rows(as_values) != rows(substituted)  # so the rule is needed
    returns = " ".join(v for v in query.split(" WHERE ")[0].split() if v.startswith("?") and v != "?v").replace("?", "")
    path = tmp_path / "q.rq"
    path.write_text(HEADER.format(returns=returns) + query + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"parameter \?v is used in a FILTER or BIND inside a nested group"):
        parse_file(path)


def test_values_are_written_as_terms_after_the_where_brace():
    text = "SELECT ?x ?t WHERE {\n  ?x rdfs:label ?t\n}"
    bound = with_values(text, {"t": ox.Literal('x" || true || "')})
    assert bound == 'SELECT ?x ?t WHERE { VALUES (?t) { ("x\\" || true || \\"") }\n  ?x rdfs:label ?t\n}'


# ---------------------------------------------------------------- against a real Oxigraph server


@pytest.fixture(scope="module")
def pushed(tmp_path_factory):
    """(project, url): the shipped project pushed to a fresh `oxigraph serve`."""
    from click.testing import CliRunner

    from kg.cli import main

    root = tmp_path_factory.mktemp("remote-query")
    project = copy_project(root / "project")
    with oxigraph_serve(root / "remote-store") as url:
        pushed = CliRunner().invoke(main, ["-C", str(project), "push", "--endpoint", url])
        assert pushed.exit_code == 0, pushed.stderr
        yield project, url


def example_params(query) -> list[str]:
    return [part for name, value in query.example_args().items() for part in ("-p", name, value)]


@pytest.mark.server
@pytest.mark.parametrize("query", CANNED, ids=lambda q: q.name)
def test_every_canned_question_gives_the_same_answer_remotely(kg, pushed, query):
    project, url = pushed
    args = ["-n", query.name, *example_params(query), "-f", "tsv"]
    local = kg("-C", project, "query", *args)
    remote = kg("-C", project, "query", "--endpoint", url, *args)
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout and len(local.stdout.splitlines()) > 1
    assert remote.stderr == ""


@pytest.mark.server
@pytest.mark.parametrize(
    ("query", "fmt"),
    [
        ("SELECT ?s ?label WHERE { GRAPH ?g { ?s a kg:State ; rdfs:label ?label } } ORDER BY ?s", "json"),
        ("SELECT ?s ?label WHERE { ?s a kg:WeaponSystem ; rdfs:label ?label } ORDER BY ?s", "xml"),
        ("SELECT * WHERE { ?e kg:weapon ?w ; kg:recipient ?r } ORDER BY ?e ?r", "csv"),
        ("SELECT ?s WHERE { ?s a kg:Meeting } ORDER BY ?s", "md"),
        ("SELECT (COUNT(*) AS ?n) FROM src:aljazeera-2019-russia-iran WHERE { ?s ?p ?o }", "table"),
        ("ASK { kgr:S-400 kg:countryOfOrigin kgr:Russia }", "table"),
        ("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kg:State ; rdfs:label ?l }", "turtle"),
        ("DESCRIBE kgr:S-400", "nt"),
    ],
)
def test_ad_hoc_queries_give_the_same_bytes_remotely_in_every_format(kg, pushed, query, fmt):
    project, url = pushed
    labels = ["--labels"] if fmt in ("md", "table") else []
    local = kg("-C", project, "query", query, "-f", fmt, *labels)
    remote = kg("-C", project, "query", "--endpoint", url, query, "-f", fmt, *labels)
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert remote.stdout_bytes == local.stdout_bytes and local.stdout


@pytest.mark.server
@pytest.mark.parametrize("payload", ['x" || true || "', "} ; DROP ALL ; {", "\\u0022 } ; DROP ALL ; { \\u0022", "') || true || ('"])
def test_injection_payloads_match_nothing_and_change_nothing_remotely(kg, pushed, payload):
    project, url = pushed
    before = kg("-C", project, "query", "--endpoint", url, COUNT_ALL, "-f", "csv").stdout
    result = kg("-C", project, "query", "--endpoint", url, "-n", "search", "-p", "text", payload, "-f", "csv")
    assert result.exit_code == 0 and result.stdout_bytes == b"entity,label,class,name\r\n"
    as_entity = kg("-C", project, "query", "--endpoint", url, "-n", "statements", "-p", "speaker", payload)
    assert as_entity.exit_code == 3 and "no kg:Actor in the graph is named" in as_entity.stderr
    after = kg("-C", project, "query", "--endpoint", url, COUNT_ALL, "-f", "csv").stdout
    assert after == before and int(after.split()[1]) > 1000


@pytest.mark.server
def test_names_are_resolved_on_the_remote_store(kg, pushed, tmp_path):
    """The remote store alone knows the names: the local project here has no data at all."""
    project, url = pushed
    empty = tmp_path / "empty"
    (empty / "ontology").mkdir(parents=True)
    for name in ("geokg.ttl", "shapes.ttl"):
        (empty / "ontology" / name).write_bytes((project / "ontology" / name).read_bytes())
    (empty / "queries").mkdir()
    (empty / "queries" / "officials.rq").write_bytes((project / "queries" / "officials.rq").read_bytes())
    remote = kg("-C", empty, "query", "--endpoint", url, "-n", "officials", "-p", "state", "the Kremlin", "-f", "csv")
    local = kg("-C", project, "query", "-n", "officials", "-p", "state", "Russia", "-f", "csv")
    assert remote.exit_code == 0 and remote.stdout == local.stdout
    assert kg("-C", empty, "query", "-n", "officials", "-p", "state", "the Kremlin").exit_code == 3


@pytest.mark.server
def test_the_string_parameter_does_match_remotely(kg, pushed):
    """The control for the injection test."""
    project, url = pushed
    result = kg("-C", project, "query", "--endpoint", url, "-n", "search", "-p", "text", "TRIUMF", "-f", "csv")
    assert result.stdout.splitlines()[1:] == [
        "https://w3id.org/geokg/resource/S-400,S-400,https://w3id.org/geokg/ontology#WeaponSystem,S-400 Triumf"
    ]


# ---------------------------------------------------------------- nothing is sent that should not be


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("INSERT DATA { kgr:x kgr:y kgr:z }", 4, "SPARQL Update is refused: INSERT at line 1, column 1"),
        ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", 4, "SPARQL Update is refused: DROP at line 1, column 31"),
        ("LOAD <http://127.0.0.1:9/x.ttl>", 4, "SPARQL Update is refused: LOAD at line 1, column 1"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }", 4, "SERVICE at line 1, column 18 is refused"),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}", 2, "SPARQL syntax error at line 3, column 13: '=' needs a value after it"),
        ("SELECT ?s WHERE { ?s ?p ?o } ORDER ?s", 2, "SPARQL syntax error at line 1, column 38 (the end of the query): expected BY"),
        ("SELECT ?s WHERE { ?s a foo:Thing }", 2, "unknown prefix foo:"),
    ],
)
def test_refused_and_malformed_queries_are_never_sent(kg, project, scripted_server, query, code, message):
    url, seen = scripted_server(500, b"should not be asked")
    result = kg("-C", project, "query", "--endpoint", url, query)
    assert result.exit_code == code and result.stdout == ""
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert seen == []


def test_from_elsewhere_is_refused_after_asking_only_the_endpoint_for_its_graphs(kg, project, scripted_server):
    graphs = b'{"head":{"vars":["g"]},"results":{"bindings":[{"g":{"type":"uri","value":"https://w3id.org/geokg/graph/entities"}}]}}'
    url, seen = scripted_server(200, graphs, headers={"Content-Type": "application/sparql-results+json"})
    elsewhere, elsewhere_seen = scripted_server(200, b"")
    result = kg("-C", project, "query", "--endpoint", url, f"SELECT * FROM <{elsewhere}/data.ttl> WHERE {{ ?s ?p ?o }}")
    assert result.exit_code == 4 and f"FROM <{elsewhere}/data.ttl> at line 1, column 10 is refused" in result.stderr
    assert len(seen) == 1 and elsewhere_seen == []


def test_kg_endpoint_in_the_environment_does_not_send_queries_away(kg, project, scripted_server, monkeypatch):
    url, seen = scripted_server(500)
    monkeypatch.setenv("KG_ENDPOINT", url)
    result = kg("-C", project, "query", "ASK { kgr:Iran a kg:State }")
    assert result.exit_code == 0 and result.stdout == "true\n" and seen == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--store", "somewhere"], "give either --store (the local graph) or --endpoint (a remote one), not both"),
        (["--query-url", "http://127.0.0.1:9/sparql"], None),
    ],
)
def test_store_and_endpoint_exclude_each_other(kg, project, scripted_server, args, message):
    url, seen = scripted_server(500)
    if message is None:  # --query-url alone
        result = kg("-C", project, "query", "ASK {}", *args)
        assert result.exit_code == 2 and "--query-url needs --endpoint" in result.stderr
    else:
        result = kg("-C", project, "query", "--endpoint", url, "ASK {}", *args)
        assert result.exit_code == 2 and message in result.stderr
    assert seen == []


# ---------------------------------------------------------------- remote failures


def test_a_server_error_is_exit_6_with_the_servers_first_line(kg, project, scripted_server):
    url, seen = scripted_server(500, b"Query evaluation failed: out of memory\nstack...\n")
    result = kg("-C", project, "query", "--endpoint", url, "ASK { ?s ?p ?o }")
    assert result.exit_code == 6 and result.stdout == ""
    assert result.stderr == (
        f"kg: error: POST {url}/query: HTTP 500 Internal Server Error: Query evaluation failed: out of memory\n"
    )
    assert [(method, path) for method, path, _ in seen] == [("POST", "/query")]


def test_a_slow_endpoint_times_out_with_exit_6(kg, project, scripted_server):
    url, _ = scripted_server(200, b"{}", delay=2.0)
    result = kg("-C", project, "query", "--endpoint", url, "ASK { ?s ?p ?o }", "--timeout", "0.3")
    assert result.exit_code == 6
    assert result.stderr.endswith("no answer within 0.3 s (raise it with --timeout or KG_ENDPOINT_TIMEOUT)\n")


def test_an_answer_that_does_not_parse_is_exit_6(kg, project, scripted_server):
    url, _ = scripted_server(200, b"<html>login</html>", headers={"Content-Type": "text/html"})
    result = kg("-C", project, "query", "--endpoint", url, "SELECT * WHERE { ?s ?p ?o }", "-f", "csv")
    assert result.exit_code == 6 and "unexpected answer type text/html" in result.stderr


@pytest.mark.server
def test_a_query_needs_no_project_when_it_is_remote(kg, tmp_path, pushed, monkeypatch):
    _, url = pushed
    monkeypatch.chdir(tmp_path)
    result = kg("query", "--endpoint", url, "ASK { kgr:Iran a kg:State }")
    assert result.exit_code == 0 and result.stdout == "true\n"
