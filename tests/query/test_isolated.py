"""A query with a deadline runs in a forked child (kg.query.isolated): its answer comes back through
SPARQL TSV or N-Triples and must be exactly the answer of the same query run in the caller's thread."""

from __future__ import annotations

import math
import os
import threading

import pyoxigraph as ox
import pytest

from kg.errors import KgError, LimitError, UsageError
from kg.limits import Limits
from kg.project import Project
from kg.query import isolated
from kg.query.canned import bind, list_queries
from kg.query.run import LocalEngine, QueryResult, prepare, run_query
from kg.store.graph import Graph, load_in_memory

from tests.support.paths import REPO

INLINE, FORKED = Limits(query_timeout=math.inf), Limits()


@pytest.fixture(scope="module")
def graph():
    return load_in_memory(Project(REPO))


@pytest.fixture(scope="module")
def odd_graph():
    """Terms that a results format could mangle: blank nodes, languages, escapes, odd literals."""
    store = ox.Store()
    g, p = ox.NamedNode("urn:g"), ox.NamedNode("urn:p")
    for obj in (ox.Literal('tab\there\nnewline "quoted" \\ back', language="en-GB"), ox.Literal("01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                ox.Literal("x", datatype=ox.NamedNode("urn:datatype")), ox.BlankNode("b1"), ox.Literal("ünïcödé 𝄞")):
        store.add(ox.Quad(ox.BlankNode("b0"), p, obj, g))
    return Graph(store=store, project=None)


def both(graph, text: str, terms: dict | None = None) -> tuple[QueryResult, QueryResult]:
    engine, prepared = LocalEngine(graph), prepare(text, set())
    return run_query(engine, prepared, INLINE, terms), run_query(engine, prepared, FORKED, terms)


@pytest.mark.parametrize("query", list_queries(REPO / "queries"), ids=lambda q: q.name)
def test_every_canned_question_gets_the_same_answer_from_the_child(graph, query):
    inline, forked = both(graph, query.text, bind(graph, query, query.example_args()))
    assert forked == inline


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT ?o ?unbound WHERE { ?s ?p ?o } ORDER BY STR(?o)",
        "SELECT * WHERE {}",
        "SELECT * WHERE { FILTER(false) }",
        "SELECT (<<( <urn:a> <urn:b> <urn:c> )>> AS ?triple) (1.0e0 AS ?double) WHERE {}",
        "ASK { ?s ?p ?o }",
        "ASK { ?s ?p <urn:nothing> }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DESCRIBE ?s WHERE { ?s ?p ?o }",
    ],
)
def test_odd_terms_and_every_form_survive_the_pipe(odd_graph, text):
    inline, forked = both(odd_graph, text)
    assert forked == inline


def test_a_syntax_error_in_the_child_is_located_as_in_the_caller(graph):
    text = "SELECT ?s WHERE { ?s ?p ?o } GROUP BY"
    errors = []
    for limits in (INLINE, FORKED):
        with pytest.raises(UsageError) as raised:
            run_query(LocalEngine(graph), prepare(text, set()), limits)
        errors.append(str(raised.value))
    assert errors[0] == errors[1] and "line 1" in errors[0]


def test_the_child_is_killed_at_the_deadline_and_reaped(graph):
    slow = prepare("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", set())
    threads = threading.active_count()
    with pytest.raises(LimitError, match="ran longer than 0.2 s"):
        run_query(LocalEngine(graph), slow, Limits(query_timeout=0.2))
    assert threading.active_count() == threads
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_child_that_dies_without_an_answer_is_an_internal_error():
    class Dies:
        def raw(self, query, substitutions):
            os._exit(3)

    with pytest.raises(KgError, match="exit status 3") as raised:
        isolated.evaluate(Dies(), prepare("ASK {}", set()), None, 10)
    assert raised.value.exit_code == 70


def test_an_engine_without_a_raw_answer_is_pickled():
    class Plain:
        def evaluate(self, query, substitutions):
            return QueryResult("ASK", boolean=True)

    assert isolated.evaluate(Plain(), prepare("ASK {}", set()), None, 10) == QueryResult("ASK", boolean=True)


def test_abandon_keeps_the_old_thread_for_the_kg_program():
    """For a process that exits right after: no fork; the overrunning query is left running in a thread."""

    class Overruns:  # an engine whose query runs until the test lets it end
        isolated = True

        def __init__(self):
            self.started, self.go_on, self.ended = threading.Event(), threading.Event(), threading.Event()

        def evaluate(self, query, substitutions):
            self.started.set()
            self.go_on.wait(60)
            self.ended.set()
            return QueryResult("ASK", boolean=True)

    forks, engine = [], Overruns()
    real = os.fork
    try:
        os.fork = lambda: forks.append(1) or real()
        with pytest.raises(LimitError, match="ran longer than 0.2 s"):
            run_query(engine, prepare("ASK {}", set()), Limits(query_timeout=0.2), abandon=True)
    finally:
        os.fork = real
    assert forks == [] and engine.started.is_set() and not engine.ended.is_set()
    engine.go_on.set()
    assert engine.ended.wait(10)  # it was still running, and ends once let go


def test_abandon_gives_the_answer_and_the_error_of_the_caller_s_thread(graph):
    prepared = prepare("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", set())
    assert run_query(LocalEngine(graph), prepared, FORKED, abandon=True) == run_query(LocalEngine(graph), prepared, INLINE)
    wrong = prepare("SELECT ?x WHERE { ?x ?p }", set())  # the engine's syntax error, raised in the thread
    errors = []
    for limits, abandon in ((INLINE, False), (FORKED, True)):
        with pytest.raises(UsageError) as raised:
            run_query(LocalEngine(graph), wrong, limits, abandon=abandon)
        errors.append(str(raised.value))
    assert errors[0] == errors[1]
