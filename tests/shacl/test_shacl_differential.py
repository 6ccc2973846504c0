"""The SPARQL SHACL engine against pyshacl beyond the shipped graph: every file of the bad-input
corpus as kg validate sees it (its facts with their neighbourhood in the background graph, judged
through kg validate's pyshacl path), and seeded mutations of synthetic graphs from bench/generate.py."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.rdf.terms import term_text
from kg.validation import neighbourhood, validate
from kg import shacl
from kg.store.build import open_graph
from kg.store.graph import load_in_memory
from kg.namespaces import SHAPES_GRAPH, SRC
from kg.project import Project

from tests.support.bench_programs import generate_project
from tests.support.shacl_mutations import both, key, mutate
from tests.support.validate_support import CORPUS, background_project

JUDGED = [c for c in json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["cases"] if c["exit"] in (0, 1)]
SYNTHETIC_SEEDS = range(4)


@pytest.fixture(scope="module")
def judged(tmp_path_factory) -> dict:
    """File name -> (SPARQL engine's results, kg validate's pyshacl results), computed once."""
    graph = open_graph(Project(background_project(tmp_path_factory.mktemp("background") / "project")))
    shapes = list(graph.store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    return {case["file"]: both_on_a_delta(graph, CORPUS / case["file"], shapes) for case in JUDGED}


def both_on_a_delta(graph, path, shapes) -> tuple[set, set]:
    facts = validate.read_new_facts([path])
    focus = [s for s in facts.subjects if isinstance(s, ox.NamedNode)]
    data = [*neighbourhood.gather(graph.store, facts.triples, facts.subjects).triples, *facts.triples]
    reference = {(term_text(f.focus), term_text(f.path), term_text(f.value), f.severity, f.constraint)
                 for f in shacl.validate_triples(data, shapes, focus)}
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(SRC + "corpus-delta")) for t in data)
    report = shacl.validate_store(store, [f.value for f in focus], engine="sparql", shapes=shapes)
    return {key(r) for r in report.results}, reference


@pytest.mark.slow
@pytest.mark.parametrize("case", JUDGED, ids=[c["file"] for c in JUDGED])
def test_both_engines_judge_each_corpus_file_alike(judged, case):
    fast, reference = judged[case["file"]]
    assert fast == reference


@pytest.mark.slow
def test_the_corpus_breaks_shapes_of_several_kinds(judged):
    constraints = {result[-1] for fast, _ in judged.values() for result in fast}
    assert len([name for name, (fast, _) in judged.items() if fast]) >= 5
    assert {"sh:ClassConstraintComponent", "sh:MinCountConstraintComponent"} <= constraints


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    project = tmp_path_factory.mktemp("synthetic") / "generated"
    generate_project(1500, 3, project)
    return load_in_memory(Project(project), completed=False).store  # the asserted files, as kg build validates them


def test_both_engines_find_the_synthetic_graph_conforming_but_for_warnings(synthetic):
    fast, reference = both(synthetic)
    assert fast == reference
    assert fast and {result[3] for result in fast} == {"warning"}


@pytest.mark.slow
@pytest.mark.parametrize("seed", SYNTHETIC_SEEDS)
def test_both_engines_report_the_same_violations_on_a_mutated_synthetic_graph(synthetic, seed):
    fast, reference = both(mutate(synthetic, seed))
    assert fast == reference
    assert any(result[3] == "violation" for result in fast), "the mutations should break at least one shape"
