"""kg push and the remote client, against a real Oxigraph server and a tiny scripted HTTP server."""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.interop import remote
from kg.errors import UsageError
from kg.namespaces import sparql_prologue
from kg.project import Project
from kg.store.graph import load_in_memory

from tests.support.servers import free_port, oxigraph_serve
from tests.support.tiny_project import file_bytes, make_tiny_project


@pytest.fixture
def oxigraph_server(tmp_path):
    """A real `oxigraph serve` on 127.0.0.1 and a free port; stopped by its process at the end."""
    with oxigraph_serve(tmp_path / "remote-store") as url:
        yield url


def local_graphs(project: Path) -> dict[str, list[ox.Quad]]:
    store = load_in_memory(Project(project)).store
    return {g.value: list(store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


def remote_graph(url: str, graph: str) -> list[ox.Triple]:
    """One remote graph, fetched with a plain GET (not through kg.interop.remote)."""
    req = urllib.request.Request(
        url + "/store?" + urllib.parse.urlencode({"graph": graph}), headers={"Accept": "application/n-triples"}
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as answer:
            return list(ox.parse(answer.read(), format=ox.RdfFormat.N_TRIPLES))
    except urllib.error.HTTPError as exc:
        if exc.code == 404:  # the Graph Store Protocol's answer for a graph the store does not have
            return []
        raise


def canonical(statements) -> ox.Dataset:
    dataset = ox.Dataset(ox.Quad(s.subject, s.predicate, s.object) for s in statements)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def table_rows(stdout: str) -> dict[str, list[str]]:
    """The rows of the table under the dashes, by first column."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("---")) + 1
    return {line.split()[0]: line.split()[1:] for line in lines[start:] if line.startswith("  ")}


# ---------------------------------------------------------------- against a real Oxigraph server


@pytest.mark.server
@pytest.mark.parametrize("batch", ["100000", "50"])
def test_push_copies_every_graph_exactly(kg, project, oxigraph_server, batch):
    result = kg("-C", project, "push", "--endpoint", oxigraph_server, "--batch-size", batch)
    assert result.exit_code == 0, result.stderr
    local = local_graphs(project)
    rows = table_rows(result.stdout)
    assert len(rows) == len(local)  # shapes included by default
    for iri, quads in local.items():
        assert canonical(remote_graph(oxigraph_server, iri)) == canonical(quads), iri
    for name, (local_count, remote_count, ok) in rows.items():
        assert local_count == remote_count and ok == "yes", name
    assert sum(int(r[0].replace(",", "")) for r in rows.values()) == sum(len(q) for q in local.values())


@pytest.mark.server
def test_push_again_changes_nothing(kg, project, oxigraph_server):
    first = kg("-C", project, "push", "--endpoint", oxigraph_server)
    second = kg("-C", project, "push", "--endpoint", oxigraph_server)
    assert first.exit_code == second.exit_code == 0
    assert table_rows(first.stdout) == table_rows(second.stdout)
    for iri, quads in local_graphs(project).items():
        assert len(remote_graph(oxigraph_server, iri)) == len(quads)


@pytest.mark.server
def test_push_one_graph_leaves_the_others_alone(kg, project, oxigraph_server):
    assert kg("-C", project, "push", "--endpoint", oxigraph_server, "--graph", "entities").exit_code == 0
    local = local_graphs(project)
    pushed = {iri for iri in local if remote_graph(oxigraph_server, iri)}
    assert pushed == {"https://w3id.org/geokg/graph/entities"}


@pytest.mark.server
def test_remote_query_answers_equal_local_ones(project, oxigraph_server, kg):
    assert kg("-C", project, "push", "--endpoint", oxigraph_server).exit_code == 0
    ep = remote.endpoint(oxigraph_server, timeout=10)
    graph = load_in_memory(Project(project))
    select = "SELECT ?x ?label WHERE { GRAPH ?g { ?x a kg:State ; rdfs:label ?label } } ORDER BY ?x"
    local_rows = [(r["x"], r["label"]) for r in graph.query(select)]
    remote_rows = [(r["x"], r["label"]) for r in remote.run_query(ep, sparql_prologue() + select)]
    assert remote_rows == local_rows and local_rows
    ask = "ASK { GRAPH ?g { kgr:Iran a kg:State } }"
    assert bool(remote.run_query(ep, sparql_prologue() + ask)) is bool(graph.query(ask)) is True
    construct = "CONSTRUCT { ?x rdfs:label ?l } WHERE { GRAPH ?g { ?x a kg:State ; rdfs:label ?l } }"
    assert canonical(remote.run_query(ep, sparql_prologue() + construct)) == canonical(graph.query(construct))


# ---------------------------------------------------------------- failures


@pytest.mark.parametrize("status, reason", [(400, "Bad Request"), (500, "Internal Server Error")])
def test_an_http_error_is_exit_6_with_one_line_and_nothing_local_changes(kg, project, scripted_server, status, reason):
    url, seen = scripted_server(status, b"Parse error: no graph here\nsecond line\n")
    before = file_bytes(project)
    result = kg("-C", project, "push", "--endpoint", url)
    assert result.exit_code == 6
    assert result.stdout == ""
    graph = urllib.parse.quote("https://w3id.org/geokg/graph/ontology", safe="")
    assert result.stderr == (
        f"kg: error: PUT {url}/store?graph={graph}: HTTP {status} {reason}: Parse error: no graph here\n"
    )
    assert [method for method, *_ in seen] == ["PUT"]
    assert file_bytes(project) == before


def test_a_server_that_is_down_is_exit_6(kg, project):
    url = f"http://127.0.0.1:{free_port()}"
    before = file_bytes(project)
    result = kg("-C", project, "push", "--endpoint", url, "--graph", "entities")
    assert result.exit_code == 6 and result.stdout == ""
    assert result.stderr.endswith(": connection refused (is the server running, and is the port right?)\n")
    assert result.stderr.count("\n") == 1
    assert file_bytes(project) == before


def test_a_failed_batch_says_which_graph_is_incomplete(kg, tmp_path, scripted_server):
    tiny = make_tiny_project(tmp_path / "tiny")
    url, seen = scripted_server(by_method={"PUT": 204, "POST": 503})
    result = kg("-C", tiny, "push", "--endpoint", url, "--graph", "ontology", "--batch-size", "100")
    assert result.exit_code == 6
    assert "HTTP 503 Service Unavailable" in result.stderr
    assert result.stderr.rstrip().endswith(
        "(graph ontology is incomplete remotely: 1 batch(es) of 100 triples were sent; run kg push again)"
    )
    assert [method for method, *_ in seen] == ["PUT", "POST"]


def test_a_slow_server_times_out_with_exit_6(kg, project, scripted_server):
    url, _ = scripted_server(204, delay=2.0)
    result = kg("-C", project, "push", "--endpoint", url, "--graph", "entities", "--timeout", "0.3")
    assert result.exit_code == 6
    assert result.stderr.endswith("no answer within 0.3 s (raise it with --timeout or KG_ENDPOINT_TIMEOUT)\n")


def test_dry_run_sends_nothing_and_shows_the_plan(kg, project, scripted_server):
    url, seen = scripted_server(500)
    result = kg("-C", project, "push", "--endpoint", url, "--dry-run")
    assert result.exit_code == 0 and seen == []
    local = local_graphs(project)
    assert result.stdout.startswith(f"Would push {len(local)} graph(s) to {url}/store (dry run: nothing was sent)\n")
    rows = table_rows(result.stdout)
    assert int(rows.pop("total")[0].replace(",", "")) == sum(len(q) for q in local.values())
    assert sorted(int(r[0].replace(",", "")) for r in rows.values()) == sorted(len(q) for q in local.values())


@pytest.mark.parametrize(
    "env, header",
    [
        ({"KG_ENDPOINT_USER": "alice", "KG_ENDPOINT_PASSWORD": "s3cret-pw"}, "Basic " + base64.b64encode(b"alice:s3cret-pw").decode()),
        ({"KG_ENDPOINT_TOKEN": "tok-123456"}, "Bearer tok-123456"),
    ],
)
def test_credentials_come_from_the_environment_and_are_never_shown(kg, project, scripted_server, monkeypatch, env, header):
    secret = header.split(" ", 1)[1]
    url, seen = scripted_server(401, f"denied: Authorization: {header} ({'s3cret-pw' if 'USER' in str(env) else ''})".encode())
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = kg("-C", project, "push", "--endpoint", url, "--graph", "entities")
    assert result.exit_code == 6
    assert seen[0][2]["Authorization"] == header
    for value in (secret, *env.values()):
        if value != "alice":
            assert value not in result.stderr and value not in result.stdout
    assert "HTTP 401 Unauthorized: denied: Authorization: " in result.stderr and "***" in result.stderr


def test_redirects_to_another_host_are_not_followed(kg, project, scripted_server, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "tok-abcdef")
    elsewhere, elsewhere_seen = scripted_server(204)
    url, seen = scripted_server(307, headers={"Location": elsewhere + "/store"})
    result = kg("-C", project, "push", "--endpoint", url, "--graph", "entities")
    assert result.exit_code == 6
    assert f"HTTP 307, redirected to {elsewhere}/store; not followed" in result.stderr
    assert len(seen) == 1 and elsewhere_seen == []


def test_same_origin_redirects_are_followed_a_few_times_only(kg, project, scripted_server):
    url, seen = scripted_server(308, headers={"Location": "/store?graph=x"})
    result = kg("-C", project, "push", "--endpoint", url, "--graph", "entities")
    assert result.exit_code == 6 and "more than 5 redirects" in result.stderr
    assert len(seen) == remote.MAX_REDIRECTS + 1
    assert {method for method, *_ in seen} == {"PUT"}


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["--endpoint", "http://bob:hunter2@127.0.0.1:1"], {}, "--endpoint: the URL holds credentials"),
        (["--endpoint", "ftp://127.0.0.1/"], {}, "--endpoint must be an http:// or https:// URL with a host"),
        (["--endpoint", "http://127.0.0.1:1", "--store-url", "store"], {}, "--store-url must be an http:// or https://"),
        (["--endpoint", "http://127.0.0.1:1"], {"KG_ENDPOINT_TOKEN": "t", "KG_ENDPOINT_USER": "u"}, "set either KG_ENDPOINT_TOKEN"),
        (["--endpoint", "http://127.0.0.1:1"], {"KG_ENDPOINT_USER": "u"}, "set both KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD"),
    ],
)
def test_bad_endpoint_settings_are_usage_errors(kg, project, monkeypatch, args, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = kg("-C", project, "push", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: " + message)
    assert "hunter2" not in result.stderr


@pytest.mark.parametrize(
    "url, query_url, store_url",
    [
        ("http://localhost:7878", "http://localhost:7878/query", "http://localhost:7878/store"),
        ("http://localhost:3030/geokg/", "http://localhost:3030/geokg/query", "http://localhost:3030/geokg/data"),
        (
            "http://localhost:7200/repositories/geokg",
            "http://localhost:7200/repositories/geokg",
            "http://localhost:7200/repositories/geokg/rdf-graphs/service",
        ),
    ],
)
def test_endpoint_urls_of_oxigraph_fuseki_and_graphdb(url, query_url, store_url):
    ep = remote.endpoint(url, timeout=5, environ={})
    assert (ep.query_url, ep.store_url) == (query_url, store_url)
    override = remote.endpoint(url, query_url="https://q.example/sparql", store_url="https://s.example/gsp?x=1", timeout=5, environ={})
    assert (override.query_url, override.store_url) == ("https://q.example/sparql", "https://s.example/gsp?x=1")
    assert remote.graph_url(override, "https://w3id.org/g") == "https://s.example/gsp?x=1&graph=https%3A%2F%2Fw3id.org%2Fg"
    with pytest.raises(UsageError):
        remote.endpoint(url, query_url="not a url", timeout=5, environ={})


def test_a_failed_push_leaves_the_on_disk_store_as_it_was(kg, project, tmp_path, scripted_server):
    store_dir = tmp_path / "store"
    assert kg("-C", project, "build", "--store", store_dir).exit_code == 0
    url, _ = scripted_server(500, b"boom")
    before = file_bytes(store_dir)
    result = kg("-C", project, "push", "--endpoint", url, "--store", store_dir)
    assert result.exit_code == 6 and "HTTP 500 Internal Server Error: boom" in result.stderr
    assert file_bytes(store_dir) == before


@pytest.mark.server
def test_push_says_when_plain_clients_will_see_an_empty_default_graph(kg, project, tmp_path):
    """Oxigraph's default graph is its own unnamed graph, empty after a push of named graphs."""
    with oxigraph_serve(tmp_path / "plain") as url:
        result = kg("-C", project, "push", "--endpoint", url, "--graph", "entities")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "Note: the store's default graph is empty, so plain SPARQL clients see nothing outside GRAPH { }; "
        "kg query --endpoint names the graphs itself. Oxigraph: start it with --union-default-graph"
    )
