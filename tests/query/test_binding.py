"""How kg binds a canned question's parameters locally: as the VALUES block a remote store gets,
which pyoxigraph's planner sees, unless a parameter is used inside a sub-select (kg.query.run.LocalEngine.raw)."""

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


def test_a_parameter_outside_sub_selects_travels_as_a_values_block():
    text, substitutions = asked("SELECT ?state ?e WHERE { ?e kg:participant ?state }")
    assert substitutions is None
    assert text == f"SELECT ?state ?e WHERE {{ VALUES (?state) {{ ({STATE}) }} ?e kg:participant ?state }}"


def test_a_parameter_inside_a_sub_select_stays_a_substitution():
    query = "SELECT ?state ?n WHERE { { SELECT ?state (COUNT(?e) AS ?n) WHERE { ?e kg:participant ?state } GROUP BY ?state } }"
    text, substitutions = asked(query)
    assert text == query and substitutions == {ox.Variable("state"): STATE}
