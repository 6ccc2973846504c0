"""Shared fixtures: a throw-away copy of the shipped project, and a CLI runner that keeps
stdout, stderr and the exit code apart (click >= 8.2)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_project(target: Path) -> Path:
    """The shipped ontology, data and queries in a fresh folder, safe to modify."""
    target.mkdir(parents=True, exist_ok=True)
    for part in ("ontology", "data", "queries"):
        if (REPO / part).exists():
            shutil.copytree(REPO / part, target / part)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def kg():
    """Run `kg ARGS…` in-process: kg(*args, input=None) -> click Result (stdout, stderr, exit_code)."""
    from kg.cli import main

    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def kg_exe() -> list[str]:
    """The command to run kg as a separate process (for cold-start and kill tests)."""
    return [sys.executable, "-m", "kg"]
