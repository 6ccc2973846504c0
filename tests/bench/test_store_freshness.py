"""bench/store_freshness.py runs as a program: it builds a store of a generated project and times the
freshness check, which must judge the unchanged project fresh in each of its three cases (metadata
proves every file, one file hashed, every file hashed), or the program fails. No figure is asserted."""

from __future__ import annotations

from tests.support.bench_programs import run_bench


def test_the_freshness_benchmark_times_every_case_on_a_generated_project(tmp_path):
    said = run_bench("store_freshness.py", "--sizes", "1500", "--no-shipped", "--runs", "3", "--work", tmp_path).stdout
    lines = said.splitlines()
    assert "list files" in lines[1] and "every" not in said
    row = next(line for line in lines if line.startswith("1,500 triples"))
    assert len(row.split()) == 2 + 2 + 5 * 2 + 1  # name, files, MB, five wall (CPU) pairs, MB/s
    sources = len(list((tmp_path / "gen-1500" / "data" / "sources").glob("*.ttl")))
    assert sources >= 1 and row.split()[2] == str(3 + sources)  # ontology, shapes, entities and every source
