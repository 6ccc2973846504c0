"""bench/generate.py writes a reproducible, conforming project of the size asked for; bench/validate_delta.py
writes a 100-triple delta that conforms. Both run as programs, as users run them."""

from __future__ import annotations

import pyoxigraph as ox

from tests.support.bench_programs import generate_project, run_bench
from tests.support.validate_support import digests

TARGET = 1500


def triples_in(files) -> int:
    return sum(len(list(ox.parse(path=str(p)))) for p in files)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    generate_project(TARGET, 7, tmp_path / "a")
    generate_project(TARGET, 7, tmp_path / "b")
    generate_project(TARGET, 8, tmp_path / "c")
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert digests(tmp_path / "a") != digests(tmp_path / "c")


def test_the_project_has_the_size_asked_for_and_conforms(kg, tmp_path):
    counts = generate_project(TARGET, 1, tmp_path / "gen")
    data = tmp_path / "gen" / "data"
    assert counts["entities"] == triples_in([data / "entities.ttl"])
    assert counts["sources"] == triples_in((data / "sources").glob("*.ttl"))
    assert counts["total"] == counts["entities"] + counts["sources"]
    assert TARGET <= counts["total"] < TARGET + 20  # it stops after the fact that reaches the target
    result = kg("-C", tmp_path / "gen", "build")
    assert result.exit_code == 0 and "SHACL validation: conforms (0 violations" in result.stdout


def test_the_benchmark_delta_is_100_conforming_triples(kg, tmp_path):
    generate_project(TARGET, 1, tmp_path / "gen")
    said = run_bench("validate_delta.py", "--project", tmp_path / "gen", "--write-delta", tmp_path / "delta.ttl").stdout
    assert said == "100\n"
    assert triples_in([tmp_path / "delta.ttl"]) == 100
    result = kg("-C", tmp_path / "gen", "validate", tmp_path / "delta.ttl")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert ": conforms: 0 violations" in result.stdout
