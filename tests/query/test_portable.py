"""kg queries --show: every canned question as standalone SPARQL that the oxigraph CLI runs with kg's answer."""

from __future__ import annotations

import subprocess

import pytest

from kg.query.canned import list_queries
from kg.query.portable import prefix_lines, standalone
from tests.support.paths import REPO, copy_project
from tests.support.servers import OXIGRAPH

CANNED = sorted(list_queries(REPO / "queries"), key=lambda q: q.name)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    """(project, store): the shipped project, and an oxigraph CLI store loaded from its N-Quads export,
    with the inferred graph (the hierarchies the questions read) as the store's default graph: in
    the union default graph, as kg's, and out of every GRAPH ?g, as kg's."""
    from click.testing import CliRunner

    from kg.cli import main

    assert OXIGRAPH is not None, "the oxigraph command is missing: pip install oxigraph (it is in the test extra)"
    root = tmp_path_factory.mktemp("portable")
    project = copy_project(root / "project")
    exported = CliRunner().invoke(main, ["-C", str(project), "export", "-f", "nq", "-o", str(root / "all.nq")])
    assert exported.exit_code == 0, exported.stderr
    inferred = CliRunner().invoke(main, ["-C", str(project), "export", "-f", "nt", "--graph", "inferred", "-o", str(root / "inferred.nt")])
    assert inferred.exit_code == 0, inferred.stderr
    for dump in ("all.nq", "inferred.nt"):
        subprocess.run([OXIGRAPH, "load", "--location", str(root / "store"), "--file", str(root / dump)], check=True, capture_output=True)
    return project, root / "store"


def rows(tsv: str, leave_out: set[str] = frozenset()) -> list[tuple]:
    """The rows of a TSV answer as RDF terms, in order (the CLI writes 92 where kg writes "92"^^xsd:integer)."""
    import pyoxigraph as ox

    answer = ox.parse_query_results(tsv.encode("utf-8"), ox.QueryResultsFormat.TSV)
    names = [v for v in answer.variables if v.value not in leave_out]
    return [tuple(row[v] for v in names) for row in answer]


@pytest.mark.parametrize("query", CANNED, ids=lambda q: q.name)
def test_every_canned_question_runs_unchanged_in_the_oxigraph_cli(kg, cli_store, query, tmp_path):
    project, store = cli_store
    params = [part for name, value in query.example_args().items() for part in ("-p", name, value)]
    shown = kg("-C", project, "queries", "--show", query.name, *params)
    assert shown.exit_code == 0, shown.stderr
    (tmp_path / "q.rq").write_text(shown.stdout, encoding="utf-8")
    ran = subprocess.run(
        [OXIGRAPH, "query", "--location", str(store), "--query-file", str(tmp_path / "q.rq"),
         "--results-format", "tsv", "--union-default-graph"],
        capture_output=True, text=True,
    )
    assert ran.returncode == 0, ran.stderr
    local = kg("-C", project, "query", "-n", query.name, *params, "-f", "tsv")
    assert rows(ran.stdout, {p.name for p in query.params}) == rows(local.stdout)
    assert len(local.stdout.splitlines()) > 1


def test_prefixes_are_declared_once_each_and_only_when_used():
    text = "PREFIX kg: <https://w3id.org/geokg/ontology#>\nSELECT ?x WHERE { ?x a kg:State ; rdfs:label ?l ; skos:altLabel ?a }"
    assert prefix_lines(text) == (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    )


def test_a_header_stays_above_the_prefixes_and_a_value_is_a_term():
    import pyoxigraph as ox

    text = '# title: t\nSELECT ?s WHERE { ?s rdfs:label ?name }\n'
    shown = standalone(text, {"name": ox.Literal('"} ; DROP ALL ; {')})
    assert shown.startswith("# title: t\n# Ask it of a store")
    assert 'WHERE { VALUES (?name) { ("\\"} ; DROP ALL ; {") }' in shown


def test_show_needs_the_required_parameters_and_takes_no_stray_ones(kg, project):
    missing = kg("-C", project, "queries", "--show", "weapon-seekers")
    assert missing.exit_code == 2 and "-p weapon is required by query weapon-seekers" in missing.stderr
    stray = kg("-C", project, "queries", "-p", "weapon", "S-400")
    assert stray.exit_code == 2 and "-p is for --show NAME" in stray.stderr
