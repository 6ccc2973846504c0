"""`kg fmt`: rewrite the project's Turtle files in the canonical style of kg.rdf.turtle.

Hand-edited files drift (order, spacing, prefixes); formatting them makes every later change a
minimal diff, and `kg fmt --check` lets CI insist on it, like black or ROBOT's normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.rdf import reading
from kg.atomic import write_atomically
from kg.limits import Limits
from kg.project import Project
from kg.rdf.turtle import serialize_turtle


@dataclass(frozen=True)
class FormatResult:
    path: Path
    changed: bool


def canonical_text(path: Path, limits: Limits) -> tuple[str, str]:
    """(current text, canonical text) of one Turtle file, parsed strictly first."""
    inp = reading.read_input(path, "turtle", limits)
    quads = reading.parse(inp, limits=limits)
    return inp.text, serialize_turtle(quads)


def turtle_files(project: Project) -> list[Path]:
    return [pf.path for pf in project.files() if pf.path.suffix == ".ttl"]


def locked_project(project: Project | None, paths: list[Path]) -> Project | None:
    """The project whose write lock a rewrite of `paths` must hold: the one they lie in, if any."""
    if project is None:
        return None
    root = project.root.resolve()
    inside = any(root == p.resolve() or root in p.resolve().parents for p in paths)
    return project if inside else None


def format_files(paths: list[Path], *, check_only: bool, limits: Limits | None = None) -> list[FormatResult]:
    """Format each file (or, with check_only, only report which would change). All are parsed before any is written."""
    limits = limits or Limits.from_env()
    planned = [(path, *canonical_text(path, limits)) for path in paths]
    results = []
    for path, current, canonical in planned:
        changed = current != canonical
        if changed and not check_only:
            write_atomically(path, canonical.encode("utf-8"))
        results.append(FormatResult(path, changed))
    return results
