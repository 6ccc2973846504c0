"""Helpers for the kg validate and kg add tests: a small project made of the real ontology and
shapes plus made-up background entities (tests/data/fixtures/validate/background), so the tests do
not depend on the shipped data, which keeps growing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from kg.namespaces import PREFIXES as NAMESPACES
from kg.rdf.turtle import prefix_lines

from tests.support.paths import DATA, FIXTURES, REPO

BACKGROUND = FIXTURES / "validate" / "background"
CORPUS = DATA / "validate_corpus"
SNIPPETS = DATA / "shapes"


def background_project(target: Path) -> Path:
    """The real ontology/ with the background data, in a fresh folder."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copytree(BACKGROUND / "data", target / "data")
    return target


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below `folder`, by relative path: to prove nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PREFIXES = prefix_lines(["dcterms", "kg", "kgr", "rdfs", "src", "xsd"], NAMESPACES)
