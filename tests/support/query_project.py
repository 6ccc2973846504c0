"""A fictional project whose answers do not change when the shipped data grows.

The real ontology and shapes of the repository, with the entities, sources and canned queries
of tests/data/fixtures/query (see its README).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.paths import FIXTURES, REPO

QUERY_FIXTURE = FIXTURES / "query"


def make_query_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copytree(QUERY_FIXTURE / "data", target / "data")
    shutil.copytree(QUERY_FIXTURE / "queries", target / "queries")
    return target
