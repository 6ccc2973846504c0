"""The W3C SHACL test suites (core, and SHACL-SPARQL), every test through the entry point kg build uses.

Each test's data goes into the entities graph and its shapes into the shapes graph of one
in-memory store, as kg build loads a project; `kg.shacl.validate_store` picks the engine. The
verdict must never be a wrong "conforms", and the results must equal the expected report
(tests/support/w3c_shacl.py says how results are compared). A test whose expected outcome is a
failure (a query SHACL forbids) must be refused with one line naming the shape, never validated.
"""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest

from kg import shacl
from kg.errors import InputError, PolicyError
from kg.shacl import sparql_engine
from kg.namespaces import ENTITIES_GRAPH, SHAPES_GRAPH
from tests.support import w3c_shacl

CORE_CASES = w3c_shacl.cases()
SPARQL_CASES = [replace(c, name="sparql/" + c.name) for c in w3c_shacl.cases(w3c_shacl.SPARQL_SUITE / "manifest.ttl")]
CASES = CORE_CASES + SPARQL_CASES

# Tests whose expected report this entry point does not reproduce, with the reason. pyshacl,
# which the entry point falls back to, fails these too.
KNOWN_FAILURES = {
    "property/uniqueLang-002": "sh:uniqueLang \"1\"^^xsd:boolean must be ignored (only true activates it); pyshacl "
                               "reads it as true and reports the duplicate language (pyshacl 0.x, the shapes are declined "
                               "to it for sh:uniqueLang)",
    "sparql/pre-binding/shapesGraph-001": "the query uses $shapesGraph and $currentShape, which SHACL makes optional "
                                          "and neither engine binds (pyshacl raises NotImplementedError); SHACL says a "
                                          "processor that does not support them MUST report a failure, so it is refused",
}

# Tests with an expected report that the entry point refuses, as SHACL lets a processor do (KNOWN_FAILURES says why).
REFUSED = {"sparql/pre-binding/shapesGraph-001"}


def report_for(case: w3c_shacl.Case) -> shacl.ShaclReport:
    store = ox.Store()
    store.extend(w3c_shacl.load(case.data, ENTITIES_GRAPH))
    store.extend(w3c_shacl.load(case.shapes, SHAPES_GRAPH))
    return shacl.validate_store(store)


def suite_in_place() -> None:
    """Without the suites every case below is absent; say so, and fail where CI requires them."""
    if not w3c_shacl.present():
        if w3c_shacl.REQUIRED:
            pytest.fail(w3c_shacl.MISSING + " (KG_TEST_REQUIRE_W3C=1)")
        pytest.skip(w3c_shacl.MISSING)


def test_the_whole_suite_is_found():
    suite_in_place()
    assert len(CORE_CASES) == 98


def test_the_whole_sparql_suite_is_found():
    suite_in_place()
    assert len(SPARQL_CASES) == 23  # the 22 of the W3C manifests, and component/nodeValidator-001 which pyshacl's copy lists
    assert sum(c.failure for c in SPARQL_CASES) == 7


def refused(case: w3c_shacl.Case, validate) -> None:
    """A query the standard forbids: an error for the user (exit 3, or 5 for SERVICE), one line naming the shape."""
    with pytest.raises((InputError, PolicyError)) as caught:
        validate()
    message = str(caught.value)
    assert "\n" not in message and message.startswith("SHACL shape <http://datashapes.org/sh/tests/"), message


def shacl_conforms(report: shacl.ShaclReport) -> bool:
    """The standard's verdict: no result at all. kg's own (ShaclReport.conforms) lets warnings and
    infos pass, a policy on top of the report (misc/severity-001 expects a warning to fail)."""
    return not report.results


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_never_a_wrong_conforms(case):
    if case.failure or case.name in REFUSED:
        return refused(case, lambda: report_for(case))
    report = report_for(case)
    assert not (shacl_conforms(report) and not case.conforms), "conforms, but the expected report has results"


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[c.name])) if c.name in KNOWN_FAILURES else c
    for c in CASES
], ids=[c.name for c in CASES])
def test_report_equals_the_expected_one(case):
    if case.failure:
        return refused(case, lambda: report_for(case))
    report = report_for(case)
    assert shacl_conforms(report) == case.conforms
    actual = w3c_shacl.actual_keys(report.results)
    assert w3c_shacl.same_results(case.results, actual), f"expected {sorted(case.results.elements())}\nactual {sorted(actual.elements())}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_sparql_engine_is_right_or_declines(case):
    """The fast engine alone: the expected report exactly, or UnsupportedShapes (never a wrong report)."""
    store = ox.Store()
    store.extend(w3c_shacl.load(case.data, ENTITIES_GRAPH))
    store.extend(w3c_shacl.load(case.shapes, SHAPES_GRAPH))
    if case.failure or case.name in REFUSED:
        return refused(case, lambda: shacl.validate_store(store, engine="sparql"))
    try:
        report = shacl.validate_store(store, engine="sparql")
    except sparql_engine.UnsupportedShapes:
        return
    assert shacl_conforms(report) == case.conforms
    assert w3c_shacl.same_results(case.results, w3c_shacl.actual_keys(report.results))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_kg_validate_gets_the_verdict_kg_build_gets(case):
    """validate_triples (kg validate, kg add) on the same data: the same results as validate_store,
    shapes aside (kg validate names the targeted shape, kg build the shape that holds the constraint)."""
    from kg.shacl.report import as_text

    stored = ox.Store()  # kg validate judges facts as the store keeps them (kg.store.graph.as_stored)
    stored.extend(w3c_shacl.load(case.data, ENTITIES_GRAPH))
    data = [ox.Triple(q.subject, q.predicate, q.object) for q in stored]
    shapes = w3c_shacl.load(case.shapes, SHAPES_GRAPH)
    nodes = {t.subject for t in data} | {t.object for t in data}
    if case.failure or case.name in REFUSED:
        return refused(case, lambda: shacl.validate_triples(data, shapes, nodes))
    found = [as_text(f) for f in shacl.validate_triples(data, shapes, nodes)]
    without_shape = lambda findings: sorted((f.focus, f.path, f.value, f.constraint, f.severity) for f in findings)  # noqa: E731
    assert without_shape(found) == without_shape(report_for(case).results)
