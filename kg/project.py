"""Where a project's files are and which named graph each one fills.

A project is a folder with the shipped layout (ontology/, data/, queries/). Users keep their own
graph in a folder of the same shape and point the tool at it with -C DIR; without it the tool
looks in the current folder and its parents, as git does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from kg.errors import InputError
from kg.namespaces import ENTITIES_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, source_iri

ONTOLOGY_FILE = Path("ontology/geokg.ttl")
SHAPES_FILE = Path("ontology/shapes.ttl")
ENTITIES_FILE = Path("data/entities.ttl")
INFERRED_FILE = Path("data/inferred.ttl")
SOURCES_DIR = Path("data/sources")
QUERIES_DIR = Path("queries")
WRITE_LOCK = Path(".kg") / "add.lock"  # named when kg add was its only user; kept so old checkouts agree

# Extensions a source file may have; each file holds the triples of exactly one source.
SOURCE_EXTENSIONS = (".ttl", ".nt", ".jsonld")
# Always fullmatch: `$` would accept a trailing newline ("x\n" passed once, exit 70 later).
_RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".json", ".rdf", ".owl", ".n3", ".xml")
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


class ProjectFile(NamedTuple):
    """One file of the project and the named graph its triples go into."""

    path: Path
    graph: str
    role: str  # ontology | shapes | entities | source | inferred
    slug: str | None = None

    def relative_to(self, root: Path) -> str:
        return os.path.relpath(self.path, root)


def refuse_outside(path: Path, root: Path, folders: dict | None = None) -> None:
    """Refuse a project file that resolves outside the (resolved) project `root`.

    A cloned repository may carry data/sources/x.ttl -> ~/.secrets: reading it would put the
    secret's first token in a syntax error, in a CI log. Every reader (build, validate, fmt,
    check) goes through Project.files(), so the rule holds in one place. The message names the
    link only, never its target or content.
    """
    resolved = _resolved(path, folders) if folders is not None else path.resolve()
    if resolved != root and root not in resolved.parents:
        raise InputError(
            "is a symbolic link to a file outside the project; refused "
            "(kg reads only files inside the project: copy the file in instead)",
            path=str(path),
        )


def _resolved(path: Path, folders: dict) -> Path:
    """path.resolve(), with each folder resolved once (`folders` caches them): a file that is not a
    link resolves to its resolved folder and its own name. Resolving every path in full was 59 ms
    of a `kg query` on a 1M project (878 files, six lstat calls each)."""
    if path.is_symlink():
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name


class Project:
    """A project folder: where its files are. Opening one reads nothing (find_project checks it is one).

    `root` may be given as a str; it is kept as a Path. A plain class, not a dataclass: defining a
    dataclass costs every `kg query` about a millisecond of imports.
    """

    __slots__ = ("root",)

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Project) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    def __repr__(self) -> str:
        return f"Project({str(self.root)!r})"

    @property
    def ontology_file(self) -> Path:
        return self.root / ONTOLOGY_FILE

    @property
    def shapes_file(self) -> Path:
        return self.root / SHAPES_FILE

    @property
    def entities_file(self) -> Path:
        return self.root / ENTITIES_FILE

    @property
    def inferred_file(self) -> Path:
        return self.root / INFERRED_FILE

    @property
    def sources_dir(self) -> Path:
        return self.root / SOURCES_DIR

    @property
    def queries_dir(self) -> Path:
        return self.root / QUERIES_DIR

    def source_file(self, slug: str) -> Path:
        return self.sources_dir / f"{slug}.ttl"

    def files(self) -> list[ProjectFile]:
        """Every file that feeds the graph, in a fixed order: ontology, shapes, entities, sources, inferred."""
        found = [
            ProjectFile(self.ontology_file, ONTOLOGY_GRAPH, "ontology"),
            ProjectFile(self.shapes_file, SHAPES_GRAPH, "shapes"),
        ]
        if self.entities_file.exists():
            found.append(ProjectFile(self.entities_file, ENTITIES_GRAPH, "entities"))
        found.extend(self.source_files())
        if self.inferred_file.exists():
            found.append(ProjectFile(self.inferred_file, INFERRED_GRAPH, "inferred"))
        root, folders = self.root.resolve(), {}
        for pf in found:
            refuse_outside(pf.path, root, folders)
        return found

    def unread_files(self) -> list[str]:
        """Warnings for files a user may think are read but are not, so none is ignored without a word.

        In data/sources anything but .ttl, .nt and .jsonld (a .trig or .nq file there was skipped
        silently); in data/ itself any RDF file but entities.ttl and inferred.ttl.
        """
        warnings = []
        data = self.root / "data"
        if self.sources_dir.is_dir():
            for path in sorted(self.sources_dir.iterdir()):
                if path.suffix not in SOURCE_EXTENSIONS and not path.name.startswith(".") \
                        and not path.name.startswith("README"):
                    warnings.append(f"{path}: not read (a source file is {', '.join(SOURCE_EXTENSIONS)})")
        if data.is_dir():
            read = {self.entities_file.name, self.inferred_file.name}
            for path in sorted(data.iterdir()):
                if path.suffix.lower() in _RDF_SUFFIXES and path.name not in read:
                    warnings.append(f"{path}: not read (only entities.ttl and inferred.ttl are read in data/; "
                                    "a source goes in data/sources/)")
        return warnings

    def source_files(self) -> list[ProjectFile]:
        if not self.sources_dir.is_dir():
            return []
        result = []
        for path in sorted(self.sources_dir.iterdir()):
            if path.suffix not in SOURCE_EXTENSIONS or path.name.startswith("."):
                continue
            slug = path.stem
            if not SLUG_RE.fullmatch(slug):
                raise InputError(
                    "a source file name must be a slug: lower-case letters, digits and hyphens",
                    path=str(path),
                )
            result.append(ProjectFile(path, source_iri(slug), "source", slug))
        slugs = [f.slug for f in result]
        duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
        if duplicates:
            raise InputError(
                f"two files define source {duplicates[0]!s}; keep one file per source",
                path=str(self.sources_dir),
            )
        return result


def write_lock(project: Project):
    """The one lock of a project's files: kg add, kg fmt and kg check --materialize hold it while they
    read and rewrite them, so a second writer fails at once (exit 4) instead of undoing the first's work.
    """
    from kg.atomic import exclusive_lock  # here: reading commands never lock

    path = project.root / WRITE_LOCK
    path.parent.mkdir(exist_ok=True)
    return exclusive_lock(
        path, f"another kg command (add, fmt, check --materialize) is writing to this project (lock {path}); "
        "try again when it ends"
    )


def find_project(start: Path | str | None = None) -> Project:
    """The project at `start`, or in the nearest parent folder that has ontology/geokg.ttl."""
    explicit = start is not None
    here = Path(start if explicit else os.getcwd()).resolve()
    if explicit:
        if not (here / ONTOLOGY_FILE).is_file():
            raise InputError(
                f"not a geokg project: {ONTOLOGY_FILE} is missing",
                path=str(here),
                hint="point -C/--project at a folder with ontology/, data/ and queries/",
            )
        return Project(here)
    for folder in (here, *here.parents):
        if (folder / ONTOLOGY_FILE).is_file():
            return Project(folder)
    raise InputError(
        f"no geokg project here or in any parent folder (looked for {ONTOLOGY_FILE})",
        path=str(here),
        hint="run kg inside a project folder or pass -C/--project DIR",
    )
