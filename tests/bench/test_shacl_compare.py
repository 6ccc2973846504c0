"""bench/shacl_compare.py runs as a program at a tiny size and compares what it says it compares:
the three engines' reports on the W3C core suite and on a generated project with defects.
Not a timed test: no figure is asserted, only that each run finished and what it found."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.support.bench_programs import run_bench

ENGINES = ["kg", "pyshacl"] + (["pyrudof"] if importlib.util.find_spec("pyrudof") else [])  # pyrudof: the bench extra


@pytest.mark.slow
def test_the_comparison_runs_every_engine_and_finds_the_same_results(tmp_path):
    out = tmp_path / "figures.json"
    done = run_bench("shacl_compare.py", "--sizes", "1500", "--engines", *ENGINES, "--cap", "300",
                     "--work", tmp_path / "work", "--out", out, timeout=900)
    figures = json.loads(out.read_text(encoding="utf-8"))
    suite = {s["engine"]: s for s in figures["w3c"]}
    assert sorted(suite) == sorted(ENGINES)
    for s in suite.values():
        assert s["tests"] == 98 and s["wrong_conforms"] == 0 and s["error"] == 0, s
    assert suite["kg"]["right"] >= 97 and set(suite["kg"]["ran"]) <= {"sparql", "pyshacl"}
    runs = {r["engine"]: r for r in figures["whole_graph"]}
    assert sorted(runs) == sorted(ENGINES) and all(r["triples"] == 1500 for r in runs.values())
    assert runs["kg"]["ran"] == "sparql"  # the project's shapes never fall back to pyshacl
    by_component = runs["kg"]["by_component"]
    # 5 defect units: each a duplicate label (both ways), a French label, two holders, a state as office,
    # a date as a plain string, a meeting with one participant (bench/shacl_compare.py write_defects)
    assert by_component["sh:SPARQLConstraintComponent violation"] == 10
    assert by_component["sh:LanguageInConstraintComponent violation"] == 5
    assert by_component["sh:MaxCountConstraintComponent violation"] == 5
    for r in runs.values():
        assert "failed" not in r and r["same_as"] == "kg" and r["peak_mb"] > 0, r
    assert "faster_than_pyshacl" in runs["kg"] and "load average" in done.stdout
