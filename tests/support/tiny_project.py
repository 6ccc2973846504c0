"""A tiny project for export and push tests: the real ontology and shapes, plus a few facts of our
own (tests/data/fixtures/export/) whose nodes and edges a test can list exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.paths import FIXTURES, REPO

TINY = FIXTURES / "export"


def make_tiny_project(target: Path) -> Path:
    (target / "data").mkdir(parents=True)
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copy(TINY / "entities.ttl", target / "data" / "entities.ttl")
    shutil.copytree(TINY / "sources", target / "data" / "sources")
    return target


def file_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root and its bytes, to show that a command changed nothing."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
