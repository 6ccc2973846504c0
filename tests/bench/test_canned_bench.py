"""bench/canned.py, run as a program on a small generated project: every figure it prints is a real answer."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.support.paths import REPO


@pytest.mark.slow
def test_the_canned_question_benchmark_prints_before_after_and_the_date_scan(tmp_path):
    project, store, before = tmp_path / "p", tmp_path / "s", tmp_path / "before"
    subprocess.run([sys.executable, "bench/generate.py", "--triples", "5000", "--out", str(project)], cwd=REPO, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "kg", "-C", str(project), "build", "--no-validate", "--store", str(store)],
                   cwd=REPO, check=True, capture_output=True)
    before.mkdir()
    (before / "events-in-period.rq").write_text((REPO / "queries" / "events-in-period.rq").read_text(encoding="utf-8"))
    done = subprocess.run([sys.executable, "bench/canned.py", "--project", str(project), "--store", str(store),
                           "--before", str(before), "--only", "events-in-period", "arms-by-weapon", "--repeat", "1"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {line.split(" | ")[0].strip("| "): re.findall(r"\(([\d,]+)\)", line) for line in done.stdout.splitlines()[2:]}
    # Every dated fact of a generated project is an event inside the default period (1900-2100):
    # the question gives as many rows as the scan of kg:date, before and after.
    scan = rows["date scan"]
    assert len(scan) == 1 and int(scan[0].replace(",", "")) > 100
    assert rows["events-in-period"] == scan * 2
    assert len(rows["arms-by-weapon"]) == 1  # no before file: after only, asked about kgr:Weapon_1
