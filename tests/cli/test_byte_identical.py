"""The command line after the package move is byte-identical to the one before it (16f2aa2).

Every command line of tests/data/golden/commands.toml (the README's commands that run offline on
the shipped project, with typical errors) runs on a fresh copy of the project, and its stdout,
stderr, exit code and the files it writes are compared with tests/data/golden/expected.json,
captured from the old tool. The only normalisation is tests/support/golden.py's: the temporary
project path, elapsed seconds, a store's time-stamped generation names, and `kg push --dry-run`'s
sizes of graphs with blank nodes. A difference is a regression: do not loosen the comparison,
and never recapture expected.json from this tool (tests/data/golden/README.md).

In-process through click's runner, called as the `kg` program calls main(): with prog_name "kg"
(the `kg` fixture would say "Usage: main") and help 78 columns wide (what COLUMNS=80 gives the
program: click wraps at the terminal's width less 2, where its runner would force 80); the cases that are all `kg query` lines run again as a
program, since most of them take the click-free fast path (kg.cli.fast) that only the program
uses.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import golden
from tests.support.paths import DATA

PROJECT = DATA / "golden" / "project"  # the shipped project as it was at 16f2aa2, frozen with its expectations

CASES = golden.load_cases()
EXPECTED = json.loads(golden.EXPECTED.read_text(encoding="utf-8"))
AS_PROGRAM = [c for c in CASES if all(step.argv[0] == "query" for step in c.steps)]


def params(cases: list[golden.Case]) -> list:
    return [pytest.param(c, id=c.id, marks=[pytest.mark.java] if c.java else []) for c in cases]


def in_process(step: golden.Step, root: Path) -> tuple[int, bytes, bytes]:
    from kg.cli import main

    result = CliRunner().invoke(
        main, step.argv, input=step.stdin, prog_name="kg", terminal_width=78, catch_exceptions=False
    )
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


def as_program(step: golden.Step, root: Path) -> tuple[int, bytes, bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"COLUMNS": "80", "KG_NO_STORE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "kg", *step.argv],
        cwd=root,
        env=env,
        input=(step.stdin or "").encode("utf-8"),
        capture_output=True,
        timeout=300,
    )
    return done.returncode, done.stdout, done.stderr


def run_case(case: golden.Case, tmp_path: Path, run) -> list[dict]:
    root = golden.make_project(PROJECT, tmp_path / "project", case)
    outcomes, before = [], golden.snapshot(root)
    for step in case.steps:
        code, stdout, stderr = run(step, root)
        after = golden.snapshot(root)
        outcomes.append(golden.outcome(step.line, code, stdout, stderr, golden.changes(before, after), root))
        before = after
    return outcomes


def assert_identical(case: golden.Case, outcomes: list[dict]) -> None:
    expected = EXPECTED["cases"][case.id]
    assert [o["line"] for o in outcomes] == [e["line"] for e in expected], "commands.toml changed: see README"
    for got, want in zip(outcomes, expected):
        differences = [explain(key, got[key], want[key]) for key in want if got[key] != want[key]]
        assert not differences, f"`{want['line']}` differs from the tool before the package move:\n" + "\n".join(
            differences
        )


def explain(key: str, got, want) -> str:
    if isinstance(got, str) and isinstance(want, str):
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(), "before", "now", lineterm="")
        return f"{key}:\n" + "\n".join(list(diff)[:60])
    return f"{key}: before {want!r}, now {got!r}"


@pytest.fixture
def clean_env(monkeypatch):
    for name in [k for k in os.environ if k.startswith("KG_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("COLUMNS", "80")
    # The old tool read the files into memory unless given --store; the project store that is on
    # by default now (issue 17) writes .kg/store, so the lines run as the old tool did.
    monkeypatch.setenv("KG_NO_STORE", "1")


def test_the_frozen_project_is_the_one_the_expectations_were_captured_on():
    assert golden.input_hashes(PROJECT) == EXPECTED["inputs"], (
        "tests/data/golden/project/ changed since tests/data/golden/expected.json was captured on it: "
        "restore it (git checkout), never edit it"
    )


def test_every_case_has_expectations():
    assert {c.id: [s.line for s in c.steps] for c in CASES} == {
        k: [o["line"] for o in v] for k, v in EXPECTED["cases"].items()
    }


@pytest.mark.parametrize("case", params(CASES))
def test_in_process_output_exit_code_and_files_are_as_before(case, tmp_path, monkeypatch, clean_env):
    def run(step, root):
        monkeypatch.chdir(root)
        return in_process(step, root)

    assert_identical(case, run_case(case, tmp_path, run))


@pytest.mark.parametrize("case", params(AS_PROGRAM))
def test_kg_query_as_a_program_is_as_before(case, tmp_path):
    assert_identical(case, run_case(case, tmp_path, as_program))
