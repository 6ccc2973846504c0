"""How kg binds a canned question's parameters locally: as pyoxigraph's substitutions and, unless a
parameter is used inside a sub-select, also as the VALUES block a remote store gets, which
pyoxigraph's planner sees (kg.query.run.LocalEngine.raw)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.namespaces import KGR
from kg.query.run import LocalEngine, prepare
from kg.sparql.lexer import tokenize, variables_in_subselects

STATE = ox.NamedNode(KGR + "Iran")


@pytest.mark.parametrize(
    ("query", "inside"),
    [
        ("SELECT ?a WHERE { ?a ?p ?b }", set()),
        ("SELECT ?a ?n WHERE { ?a ?p ?b { SELECT ?b (COUNT(*) AS ?n) WHERE { ?b ?q ?c } GROUP BY ?b } }", {"b", "q", "c", "n"}),
        ("SELECT ?a WHERE { { ?a ?p ?b } UNION { ?a ?q ?c } FILTER(?a != '{ SELECT ?x }') }", set()),
        ("SELECT ?a WHERE { OPTIONAL { SELECT ?a WHERE { GRAPH ?g { ?a ?p ?o } } } ?a ?r ?s }", {"a", "g", "p", "o"}),
    ],
)
def test_the_variables_used_inside_a_sub_select(query, inside):
    assert variables_in_subselects(tokenize(query)) == inside


class Recording:
    """A graph whose store records what it is asked (a pyoxigraph Store cannot be patched)."""

    def __init__(self):
        self.asked = []
        self.store = self

    def query(self, text, **kwargs):
        self.asked.append((text, kwargs.get("substitutions")))
        return ox.Store().query("ASK {}")

    def dataset(self):
        return {}


def asked(query: str) -> tuple[str, dict | None]:
    graph = Recording()
    LocalEngine(graph).raw(prepare(query, set()), {"state": STATE})
    return graph.asked[0]


def test_a_parameter_outside_sub_selects_travels_as_a_values_block_too():
    text, substitutions = asked("SELECT ?state ?e WHERE { ?e kg:participant ?state }")
    assert substitutions == {ox.Variable("state"): STATE}
    assert text == f"SELECT ?state ?e WHERE {{ VALUES (?state) {{ ({STATE}) }} ?e kg:participant ?state }}"


@pytest.mark.parametrize("name", ["evidence", "facts-about", "officials", "search", "statements"])
def test_both_bindings_answer_as_each_alone(name):
    """The block and the substitutions bind the same terms: the answer is the one either gives alone."""
    from kg.project import Project
    from kg.query.canned import bind, load_query
    from kg.query.portable import with_values
    from kg.store.graph import load_in_memory
    from tests.support.paths import REPO

    graph = load_in_memory(Project(REPO))
    query = load_query(REPO / "queries", name)
    terms = bind(graph, query, query.example_args())
    subs = {ox.Variable(k): v for k, v in terms.items()}
    both = LocalEngine(graph).raw(prepare(query.text, set()), terms)
    alone = graph.query(query.text, substitutions=subs)
    block = graph.query(with_values(query.text, terms))
    rows = [sorted(tuple(map(str, row)) for row in answer) for answer in (both, alone, block)]
    assert rows[0] == rows[1] == rows[2] and rows[0]


def test_a_parameter_inside_a_sub_select_stays_a_substitution():
    query = "SELECT ?state ?n WHERE { { SELECT ?state (COUNT(?e) AS ?n) WHERE { ?e kg:participant ?state } GROUP BY ?state } }"
    text, substitutions = asked(query)
    assert text == query and substitutions == {ox.Variable("state"): STATE}
