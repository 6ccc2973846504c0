"""The bench/ scripts run as programs, as users run them (no test imports bench)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO

WROTE = re.compile(r"wrote ([\d,]+) data triples \(([\d,]+) in data/entities\.ttl, ([\d,]+) in ")


def run_bench(script: str, *args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python bench/SCRIPT ARGS…` from the repository's root; fails the test unless it exits 0."""
    done = subprocess.run([sys.executable, f"bench/{script}", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def generate_project(triples: int, seed: int, out: Path) -> dict[str, int]:
    """`python bench/generate.py --triples N --seed S --out DIR`; the counts it reports."""
    said = run_bench("generate.py", "--triples", str(triples), "--seed", str(seed), "--out", out).stderr
    found = WROTE.search(said)
    assert found, said
    total, entities, sources = (int(n.replace(",", "")) for n in found.groups())
    return {"total": total, "entities": entities, "sources": sources}
