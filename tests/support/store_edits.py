"""Seeded edits of a project's source files, for the tests that compare a refreshed store with a
full build (tests/store/test_refresh.py)."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

_LABEL = re.compile(rb'(rdfs:label ")([^"]*)(")')


def edit(project: Path, rng: random.Random, spare: Path) -> str:
    """One random change to data/sources (edit, add, remove, rename, touch); says which."""
    sources = sorted((project / "data" / "sources").glob("*.ttl"))
    kind = rng.choice(["edit", "edit", "add", "remove", "rename", "touch"])
    if kind == "remove" and len(sources) < 2:
        kind = "edit"
    if kind == "add":
        pool = sorted(spare.glob("*.ttl"))
        if not pool:
            kind = "edit"
        else:
            chosen = rng.choice(pool)
            shutil.move(str(chosen), project / "data" / "sources" / chosen.name)
            return f"add {chosen.name}"
    target = rng.choice(sources)
    if kind == "remove":
        shutil.move(str(target), spare / target.name)
    elif kind == "rename":
        target.rename(target.with_name(f"{target.stem}-r{rng.randrange(1000)}.ttl"))
    elif kind == "touch":
        target.touch()
    else:
        data = target.read_bytes()
        found = list(_LABEL.finditer(data))
        match = rng.choice(found)
        target.write_bytes(data[:match.start(2)] + b"Edited " + match.group(2) + data[match.end(2):])
    return f"{kind} {target.name}"
