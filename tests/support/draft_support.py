"""Where the two seed articles are (shared/seeds beside the repository, not in it: the project
keeps only sentence-long quotes of them), and a lexicon of the shipped graph."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from tests.support.paths import REPO

SEED_DIRS = (REPO.parent / "shared" / "seeds", Path("/work/shared/seeds"))


def seed(name: str) -> Path:
    for folder in SEED_DIRS:
        if (folder / name).exists():
            return folder / name
    pytest.skip(f"the seed article {name} is not beside the repository (shared/seeds)")


@lru_cache(maxsize=4)
def lexicon(*exclude: str):
    from kg.draft.lexicon import load_lexicon
    from kg.project import Project

    return load_lexicon(Project(REPO), exclude)
