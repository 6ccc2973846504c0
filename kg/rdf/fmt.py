"""`kg fmt`: rewrite the project's Turtle files in the canonical style of kg.rdf.turtle.

Hand-edited files drift (order, spacing, prefixes); formatting them makes every later change a
minimal diff, and `kg fmt --check` lets CI insist on it, like black or ROBOT's normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.rdf import reading
from contextlib import nullcontext

from kg.atomic import write_atomically
from kg.limits import Limits
from kg.project import Project, write_lock
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


def format_files(
    paths: list[Path] | None = None, *, project: Project | None = None, check_only: bool = False,
    limits: Limits | None = None,
) -> list[FormatResult]:
    """Format each file (or, with check_only, only report which would change). All are parsed before any is written.

    Without `paths`, the project's Turtle files. When some of the files lie in `project`, its write
    lock is held from the first read to the last write, so kg add cannot slip a change in between
    that the rewrite would undo (a second writer fails at once: PolicyError, exit 4).
    """
    limits = limits or Limits()
    if paths is None:
        if project is None:
            raise TypeError("format_files needs paths, a project, or both")
        paths = turtle_files(project)
    locked = None if check_only else locked_project(project, paths)
    with write_lock(locked) if locked is not None else nullcontext():
        planned = [(path, *canonical_text(path, limits)) for path in paths]
        results = []
        for path, current, canonical in planned:
            changed = current != canonical
            if changed and not check_only:
                write_atomically(path, canonical.encode("utf-8"))
            results.append(FormatResult(path, changed))
    return results
