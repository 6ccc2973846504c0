"""bench/run.py works end to end at the smallest size: a smoke test, not a timed test.

It runs the benchmark as a program, as users do; the task lists below are the specification of
what the benchmark measures."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.paths import REPO

QUERIES = ("arms-transfers", "meetings", "most-mentioned", "events-in-period", "search", "sources")
COLD_QUERIES = ("sources", "search")


@pytest.mark.slow
def test_the_benchmark_runs_at_10k_and_writes_every_measurement(tmp_path):
    done = subprocess.run([sys.executable, "bench/run.py", "--sizes", "10k", "--repeat", "1", "--out", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    document = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    measured = {(r["task"], r["tool"]) for r in document["results"] if r["triples"] == 10_000}
    store_tasks = {"first command on a fresh clone", "full build", "edit one file, then kg build",
                   "cold query on the default store", "cold query --no-store"}  # issue 17, on the default store
    tasks = {"build --no-validate", "build with SHACL", "whole-graph SHACL", "validate 100-triple delta",
             "export nt", "export ttl", *(f"query {name}" for name in QUERIES)}
    assert {task for task, tool in measured if tool == "kg"} == tasks | store_tasks
    assert {task for task, tool in measured if tool == "raw"} == tasks - {
        "build with SHACL", "whole-graph SHACL", "validate 100-triple delta"} | {"cold query on the default store"}
    assert {task for task, tool in measured if tool == "script"} == {"cold query on the default store"}
    assert {task for task, tool in measured if tool == "rdflib"} == {"build --no-validate", "export nt", "export ttl"}
    assert ("whole-graph SHACL", "pyshacl") in measured
    cold = {(r["task"], r["tool"]) for r in document["results"] if r["triples"] == 0}
    assert cold == {(f"cold query {name}", tool) for name in COLD_QUERIES for tool in ("kg", "raw", "script")}
    assert all(r["seconds"] > 0 and r["peak_mb"] > 0 for r in document["results"])
    assert [t["verdict"] for t in document["targets"]] and all(
        t["verdict"] in ("met", "NOT met") for t in document["targets"])
    named = " ".join(t["target"] for t in document["targets"])
    for target in ("≤ 10 % of the full build", "≤ 2× kg build --no-validate", "≤ 1.5× oxigraph CLI on the same store",
                   "to Turtle ≤ 1.5× raw, < 300 MB", "peak memory of a query"):
        assert target in named
    assert document["machine"]["cores"] >= 1 and "load average" in done.stdout
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "no plot: matplotlib is missing" in done.stdout
    else:
        assert (tmp_path / "timings.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_inference_benchmark_runs_on_the_shipped_project():
    """bench/inference.py as a program: each step timed, and the triple counts of the shipped graph."""
    done = subprocess.run([sys.executable, "bench/inference.py", ".", "--repeat", "1"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = {line.split("  ")[0].strip(): line.split()[-1] for line in done.stdout.splitlines() if line.strip()}
    assert {"load", "closure", "add inferred", "default graph copy"} <= set(lines)
    assert (lines["named-graph triples"], lines["inferred triples"], lines["default-graph triples"]) == ("6,325", "1,037", "6,321")  # 5,288 stated (5,284 distinct) + 1,037 inferred
