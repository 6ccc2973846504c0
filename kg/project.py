"""Where a project's files are and which named graph each one fills.

A project is a folder with the shipped layout (ontology/, data/, queries/). Users keep their own
graph in a folder of the same shape and point the tool at it with -C DIR; without it the tool
looks in the current folder and its parents, as git does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kg.errors import InputError
from kg.records import record
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


@record
class ProjectFile:
    """One file of the project and the named graph its triples go into."""

    path: Path
    graph: str
    role: str  # ontology | shapes | entities | source | inferred
    slug: str | None = None

    def relative_to(self, root: Path) -> str:
        """The path from `root`, as os.path.relpath gives it: read off the string when the path is
        `root` joined with plain names (as Project lists them), which is 20 times faster; the
        freshness check of a 1M store asks it for each of its 878 files."""
        text, base = str(self.path), str(root)
        if text.startswith(base) and text[len(base):len(base) + 1] == os.sep:
            rest = text[len(base) + 1:]
            parts = rest.split(os.sep)
            if "" not in parts and "." not in parts and ".." not in parts:
                return rest
        return os.path.relpath(self.path, root)


def refuse_outside(path: Path, root: Path, folders: dict | None = None, linked: bool | None = None) -> None:
    """Refuse a project file that resolves outside the (resolved) project `root`.

    A cloned repository may carry data/sources/x.ttl -> ~/.secrets: reading it would put the
    secret's first token in a syntax error, in a CI log. Every reader (build, validate, fmt,
    check) goes through Project.files(), so the rule holds in one place. The message names the
    link only, never its target or content. `linked` says whether the path is a symbolic link
    when the caller knows it (from its folder's listing), so the file is not asked again.
    """
    resolved = _resolved(path, folders, linked) if folders is not None else str(path.resolve())
    if not _inside(resolved, str(root)):
        raise InputError(
            "is a symbolic link to a file outside the project; refused "
            "(kg reads only files inside the project: copy the file in instead)",
            path=str(path),
        )


def _inside(resolved: str, root: str) -> bool:
    """`resolved` is `root` or below it (both resolved, so a prefix of names says it, as Path.parents
    would, without making a Path for each parent: that was 35 ms of a `kg query` on a 1M project)."""
    return resolved == root or resolved.startswith(root if root.endswith(os.sep) else root + os.sep)


def _resolved(path: Path, folders: dict, linked: bool | None = None) -> str:
    """path.resolve(), with each folder resolved once (`folders` caches them): a file that is not a
    link resolves to its resolved folder and its own name. Resolving every path in full was 59 ms
    of a `kg query` on a 1M project (878 files, six lstat calls each)."""
    if path.is_symlink() if linked is None else linked:
        return str(path.resolve())
    text = str(path)
    parent, name = os.path.split(text)
    folder = folders.get(parent)
    if folder is None:
        folder = folders[parent] = str(Path(parent).resolve())
    return os.path.join(folder, name)


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
        sources, links = self._source_files()
        found.extend(sources)
        if self.inferred_file.exists():
            found.append(ProjectFile(self.inferred_file, INFERRED_GRAPH, "inferred"))
        root, folders = self.root.resolve(), {}
        for pf in found:
            refuse_outside(pf.path, root, folders, (pf.slug in links) if pf.role == "source" else None)
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
        return self._source_files()[0]

    def _source_files(self) -> tuple[list[ProjectFile], set[str]]:
        """The source files, in the order of their names, and the slugs of those that are symbolic
        links (the folder's listing says so: no file is asked). Names are sorted as strings, as
        Path sorts files of one folder, at a fraction of the cost (20 ms at 1M)."""
        if not self.sources_dir.is_dir():
            return [], set()
        with os.scandir(self.sources_dir) as listing:
            entries = sorted((entry.name, entry.is_symlink()) for entry in listing)
        result, links, slugs, twice = [], set(), set(), set()
        folder = self.sources_dir
        for name, linked in entries:
            slug, dot, suffix = name.rpartition(".")
            if not dot or not slug or "." + suffix not in SOURCE_EXTENSIONS or name.startswith("."):
                continue
            path = folder / name
            if not SLUG_RE.fullmatch(slug):
                raise InputError(
                    "a source file name must be a slug: lower-case letters, digits and hyphens",
                    path=str(path),
                )
            (twice if slug in slugs else slugs).add(slug)
            if linked:
                links.add(slug)
            result.append(ProjectFile(path, source_iri(slug), "source", slug))
        if twice:
            raise InputError(f"two files define source {min(twice)!s}; keep one file per source", path=str(folder))
        return result, links


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
