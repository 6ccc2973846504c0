"""Where things are: the repository, the shipped project, and the tests' own data."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
FIXTURES = DATA / "fixtures"


def copy_project(target: Path) -> Path:
    """The shipped ontology, data and queries in a fresh folder, safe to modify."""
    target.mkdir(parents=True, exist_ok=True)
    for part in ("ontology", "data", "queries"):
        if (REPO / part).exists():
            shutil.copytree(REPO / part, target / part)
    return target
