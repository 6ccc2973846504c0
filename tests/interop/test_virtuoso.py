"""kg push and kg query --endpoint against a real Virtuoso 7: Digest authentication, its answer quirks, --prune.

Virtuoso is the second real server of the suite (Oxigraph is the first): .ci/run installs Debian's
virtuoso-opensource and sets KG_TEST_REQUIRE_SERVERS=1, so in CI these tests run and never skip.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.project import Project
from kg.query.canned import list_queries
from kg.sparql.lexer import repeated_paths, tokenize
from kg.store.graph import load_in_memory
from tests.support.paths import REPO, copy_project
from tests.support.servers import REQUIRE_SERVERS, VIRTUOSO_USERS, virtuoso_missing, virtuoso_serve

pytestmark = pytest.mark.server
CANNED = sorted(list_queries(REPO / "queries"), key=lambda q: q.name)

DBA = {"KG_ENDPOINT_USER": "dba", "KG_ENDPOINT_PASSWORD": VIRTUOSO_USERS["dba"]}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """(project, url): the shipped project pushed, as dba, to a fresh Virtuoso on 127.0.0.1."""
    why = virtuoso_missing()
    if why:
        if REQUIRE_SERVERS:
            pytest.fail(why)
        pytest.skip(why)
    from kg.cli import main

    root = tmp_path_factory.mktemp("virtuoso")
    project = copy_project(root / "project")
    with virtuoso_serve(root / "db") as url:
        pushed = CliRunner().invoke(main, ["-C", str(project), "push", "--endpoint", url + "/sparql"], env=DBA)
        assert pushed.exit_code == 0, pushed.stderr
        yield project, url


def run(*args, env=None):
    from kg.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], env=env or {}, catch_exceptions=False)


def remote_graph(url: str, graph: str) -> ox.Dataset:
    """One graph as Virtuoso holds it, read anonymously through its read-only Graph Store endpoint.

    As N-Triples: Virtuoso's Turtle writes an integral xsd:decimal (4000000000) as a bare integer.
    """
    query = url + "/sparql-graph-crud?" + urllib.parse.urlencode({"graph": graph})
    try:
        with urllib.request.urlopen(urllib.request.Request(query, headers={"Accept": "application/n-triples"}), timeout=30) as answer:
            data = answer.read()
    except urllib.error.HTTPError as exc:
        if exc.code != 404:  # Virtuoso's answer for a graph it does not have
            raise
        data = b""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def local_graph(project, graph: str) -> ox.Dataset:
    store = load_in_memory(Project(project)).store
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def test_push_with_digest_auth_stores_every_graph_as_it_is_locally(virtuoso):
    project, url = virtuoso
    for graph in ("https://w3id.org/geokg/graph/entities", "https://w3id.org/geokg/source/aljazeera-2019-russia-iran"):
        assert set(remote_graph(url, graph)) == set(local_graph(project, graph))


def test_a_second_push_changes_nothing(virtuoso):
    project, url = virtuoso
    graph = "https://w3id.org/geokg/source/eftekhari-2021-russia-iran"
    before = remote_graph(url, graph)
    again = run("-C", project, "push", "--endpoint", url + "/sparql", env=DBA)
    assert again.exit_code == 0, again.stderr
    assert "default graph is empty" not in again.stdout  # Virtuoso's default graph is the union of its graphs
    assert set(remote_graph(url, graph)) == set(before)


# Virtuoso 7.2.5 loses rows when a property path with * or + is joined with other patterns (one
# of 14 agreements in `?a kg:party ?x . ?a a ?c . ?c rdfs:subClassOf* kg:Agreement`); kg cannot
# correct the server, so it says so on stderr for every query with such a path.
WITH_PATHS = {q.name for q in CANNED if repeated_paths(tokenize(q.text))}


@pytest.mark.parametrize("query", CANNED, ids=lambda q: q.name)
def test_every_canned_question_gives_the_same_answer_from_virtuoso_or_a_warning(virtuoso, query):
    project, url = virtuoso
    args = ["-n", query.name, *[p for k, v in query.example_args().items() for p in ("-p", k, v)], "-f", "tsv"]
    local = run("-C", project, "query", *args)
    remote = run("-C", project, "query", "--endpoint", url + "/sparql", *args)
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert len(local.stdout.splitlines()) > 1
    if query.name in WITH_PATHS:
        assert "whose property paths with * or +" in remote.stderr and "can lose rows" in remote.stderr
    elif query.name == "inferred-dates":
        assert remote.stdout == source_rows_called_asserted(local.stdout) != local.stdout
    else:
        assert remote.stdout == local.stdout and remote.stderr == ""


def source_rows_called_asserted(tsv: str) -> str:
    """inferred-dates as Virtuoso 7.2.5 answers it: a source's own publication date gets status "asserted".

    The query leaves it unbound with BIND(IF(EXISTS { ?fact a kg:Source }, ?unbound, …)); Virtuoso does
    so when the query is cut down, but not with all its OPTIONALs - a server bug kg cannot see. Pinned
    here exactly, so that any other difference fails.
    """
    lines = tsv.splitlines(keepends=True)
    out = [lines[0]]
    status = lines[0].rstrip("\n").split("\t").index("?status")
    for line in lines[1:]:
        cells = line.rstrip("\n").split("\t")
        if cells[0].startswith("<https://w3id.org/geokg/source/"):
            cells[status] = '"asserted"'
        out.append("\t".join(cells) + "\n")
    return "".join(out)


def test_ask_is_answered_true_or_false_though_virtuoso_sends_a_table(virtuoso):
    project, url = virtuoso
    yes = run("-C", project, "query", "--endpoint", url + "/sparql", "--ask-exit", "ASK { kgr:Iran ?p ?o }")
    no = run("-C", project, "query", "--endpoint", url + "/sparql", "--ask-exit", "ASK { kgr:Iran kg:memberOf kgr:Iran }")
    assert (yes.exit_code, yes.stdout.strip()) == (0, "true")
    assert (no.exit_code, no.stdout.strip()) == (1, "false")


def test_blank_nodes_in_answers_are_read(virtuoso):
    project, url = virtuoso
    sparql = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b ?p ?o FILTER(isBlank(?b)) }"
    local = run("-C", project, "query", "-f", "tsv", sparql)
    listed = run("-C", project, "query", "--endpoint", url + "/sparql", "-f", "tsv", "SELECT DISTINCT ?b WHERE { ?b ?p ?o FILTER(isBlank(?b)) }")
    assert listed.exit_code == 0, listed.stderr
    assert len(listed.stdout.splitlines()) - 1 == int(local.stdout.splitlines()[1].split("^^")[0].strip('"'))


def test_a_wrong_password_is_exit_6_naming_the_variables_and_never_the_password(virtuoso):
    project, url = virtuoso
    env = {"KG_ENDPOINT_USER": "dba", "KG_ENDPOINT_PASSWORD": "wrong-password-123"}
    result = run("-C", project, "push", "--endpoint", url + "/sparql", "--graph", "entities", env=env)
    assert result.exit_code == 6
    assert "HTTP 401" in result.stderr and "check KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD" in result.stderr
    assert "wrong-password-123" not in result.stderr + result.stdout


def test_no_credentials_on_the_auth_endpoint_says_which_are_needed(virtuoso):
    project, url = virtuoso
    result = run("-C", project, "push", "--endpoint", url + "/sparql", "--store-url", url + "/sparql-graph-crud-auth", "--graph", "entities")
    assert result.exit_code == 6
    assert "HTTP 401" in result.stderr and "set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD" in result.stderr


def test_a_user_without_write_permission_gets_the_servers_reason(virtuoso):
    project, url = virtuoso
    env = {"KG_ENDPOINT_USER": "reader", "KG_ENDPOINT_PASSWORD": VIRTUOSO_USERS["reader"]}
    result = run("-C", project, "push", "--endpoint", url + "/sparql", "--graph", "entities", env=env)
    assert result.exit_code == 6
    assert "HTTP 403" in result.stderr and "Permission denied" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_anonymous_graph_store_refuses_writes_with_a_clear_error(virtuoso):
    project, url = virtuoso
    result = run("-C", project, "push", "--endpoint", url + "/sparql", "--graph", "entities")
    assert result.exit_code == 6
    assert f"PUT {url}/sparql-graph-crud?graph=" in result.stderr and "HTTP 403" in result.stderr


def test_prune_deletes_a_graph_removed_locally_and_only_with_prune(virtuoso, tmp_path):
    project, url = virtuoso
    scratch = copy_project(tmp_path / "scratch")
    graph = "https://w3id.org/geokg/source/aljazeera-2019-russia-iran"
    for path in (scratch / "data" / "sources").glob("aljazeera-2019-russia-iran.*"):
        path.unlink()
    kept = run("-C", scratch, "push", "--endpoint", url + "/sparql", env=DBA)
    assert kept.exit_code == 0, kept.stderr
    assert len(remote_graph(url, graph)) > 0 and "Deleted" not in kept.stdout
    pruned = run("-C", scratch, "push", "--endpoint", url + "/sparql", "--prune", env=DBA)
    assert pruned.exit_code == 0, pruned.stderr
    assert "Deleted remote graph src:aljazeera-2019-russia-iran: the project no longer has it" in pruned.stdout
    assert len(remote_graph(url, graph)) == 0
    restored = run("-C", project, "push", "--endpoint", url + "/sparql", env=DBA)  # for the other tests
    assert restored.exit_code == 0 and len(remote_graph(url, graph)) > 0
