"""A query that names an unknown kg: term or kgr: entity gets a warning with the nearest names
(issue 15): a misspelt name matches nothing, and 0 rows would read as a true answer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.project import Project
from kg.query.ask import ask, question
from kg.store.graph import load_in_memory

from tests.support.paths import REPO


@pytest.fixture(scope="module")
def graph():
    return load_in_memory(Project(REPO))


def test_an_unknown_property_is_warned_about_with_the_nearest_name(kg):
    result = kg("-C", REPO, "query", "SELECT * WHERE { ?e kg:suppliedTo ?x }", "-f", "tsv")
    assert result.exit_code == 0
    assert result.stdout == "?e\t?x\n"
    assert result.stderr == "kg: warning: kg:suppliedTo is not in the ontology; did you mean kg:supplier?\n"


def test_strict_exits_2_without_running_the_query(kg):
    result = kg("-C", REPO, "query", "--strict", "SELECT * WHERE { ?e a kg:Meting ; kg:participant kgr:Rusia }")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "kg: warning: kg:Meting is not in the ontology; did you mean kg:Meeting or kg:Mediation?",
        "kg: warning: kgr:Rusia is not in the graph; did you mean kgr:Russia or kgr:Syria?",
    ]


def test_the_fast_path_warns_and_exits_as_click_does():
    command = [sys.executable, "-m", "kg", "-C", str(REPO), "query", "--strict", "ASK { ?e kg:suppliedTo ?x }"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "kg: warning: kg:suppliedTo is not in the ontology; did you mean kg:supplier?\n"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?m a kg:Meeting ; kg:participant kgr:Russia ; kg:epistemicStatus kg:Planned }",
        'SELECT * WHERE { ?s ?p "kg:suppliedTo" } # kg:suppliedTo in a comment',
        "PREFIX kg: <http://example.org/other#> SELECT * WHERE { ?s kg:suppliedTo ?o }",
        "SELECT * WHERE { ?s <https://w3id.org/geokg/ontology#supplier> ?o }",
    ],
)
def test_known_names_strings_comments_and_other_namespaces_give_no_warning(graph, query):
    assert question(graph, query).warnings() == []


def test_a_full_iri_is_checked_like_a_prefixed_name(graph):
    warnings = question(graph, "SELECT * WHERE { ?s <https://w3id.org/geokg/ontology#suppliedTo> ?o }").warnings()
    assert warnings == ["kg:suppliedTo is not in the ontology; did you mean kg:supplier?"]


def test_the_library_answer_carries_the_warnings_and_never_prints(graph, capsys):
    answer = ask(graph, "SELECT * WHERE { ?e kg:suppliedTo ?x }")
    assert answer.rows == () and answer.warnings == ["kg:suppliedTo is not in the ontology; did you mean kg:supplier?"]
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("path", sorted((REPO / "queries").glob("*.rq")), ids=lambda p: p.stem)
def test_no_canned_question_names_an_unknown_term(graph, path):
    from kg.query.canned import parse_file
    from kg.query.names import unknown_names
    from kg.sparql.lexer import tokenize

    assert unknown_names(tuple(tokenize(parse_file(path).text)), graph.store) == []
