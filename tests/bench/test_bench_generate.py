"""bench/generate.py writes a reproducible, conforming project of the size asked for."""

from __future__ import annotations

import pyoxigraph as ox

from bench.generate import generate
from bench.validate_delta import DELTA_TRIPLES, write_delta
from kg.store import build
from kg.validation import validate
from kg.project import Project

from tests.support.validate_support import digests

TARGET = 1500


def data_triples(project) -> int:
    return sum(len(list(ox.parse(path=str(p)))) for p in (project / "data").rglob("*.ttl"))


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    generate(TARGET, 7, tmp_path / "a")
    generate(TARGET, 7, tmp_path / "b")
    generate(TARGET, 8, tmp_path / "c")
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert digests(tmp_path / "a") != digests(tmp_path / "c")


def test_the_project_has_the_size_asked_for_and_conforms(kg, tmp_path):
    counts = generate(TARGET, 1, tmp_path / "gen")
    total = data_triples(tmp_path / "gen")
    assert total == counts["entities"] + counts["sources"]
    assert TARGET <= total < TARGET + 20  # it stops after the fact that reaches the target
    result = kg("-C", tmp_path / "gen", "build")
    assert result.exit_code == 0 and "SHACL validation: conforms (0 violations" in result.stdout


def test_the_benchmark_delta_is_100_conforming_triples(tmp_path):
    generate(TARGET, 1, tmp_path / "gen")
    graph = build.open_graph(Project(tmp_path / "gen"))
    assert write_delta(graph, tmp_path / "delta.ttl") == DELTA_TRIPLES
    assert validate.validate_facts(graph, validate.read_new_facts([tmp_path / "delta.ttl"])).conforms
