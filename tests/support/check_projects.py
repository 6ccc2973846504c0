"""Small projects for the kg check tests, and helpers to read what a check wrote."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox

from tests.support.paths import FIXTURES, REPO

CHECK_FIXTURES = FIXTURES / "check"


def tiny_project(target: Path) -> Path:
    """The shipped ontology and shapes with a few facts of our own (a tenure, a treaty, a statement)."""
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copytree(CHECK_FIXTURES / "tiny" / "data", target / "data")
    return target


def hygiene_project(target: Path) -> Path:
    """A tiny ontology that passes every hygiene rule, with two entities that use it."""
    (target / "ontology").mkdir(parents=True)
    (target / "data").mkdir()
    shutil.copy(CHECK_FIXTURES / "hygiene" / "geokg.ttl", target / "ontology" / "geokg.ttl")
    shutil.copy(CHECK_FIXTURES / "hygiene" / "shapes.ttl", target / "ontology" / "shapes.ttl")
    shutil.copy(CHECK_FIXTURES / "hygiene" / "entities.ttl", target / "data" / "entities.ttl")
    return target


def append(path: Path, turtle: str) -> None:
    """Add Turtle statements to a file that already declares the prefixes they use."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n" + turtle.strip() + "\n")


def file_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def report(result) -> dict:
    """The JSON report of a `kg check -f json` run, after checking that nothing else went to stdout."""
    return json.loads(result.stdout)


def triples_of(path: Path) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(path=str(path))}
