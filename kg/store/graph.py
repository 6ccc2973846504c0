"""The pyoxigraph store every command reads: built from the project's files, in memory or on disk.

The files are the source of truth; a store is a build product. An on-disk store (--store DIR)
keeps one generation per build and a `current` symlink that is swapped atomically once a new
generation is complete, so a crash or a failed build mid-way leaves the previous store usable.
A manifest of file sizes, times and SHA-256 hashes tells whether a store is still fresh.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.rdf import literals, reading
from kg.errors import InputError, LimitError, PolicyError
from kg.limits import Limits
from kg.namespaces import INFERRED_GRAPH, PREFIXES
from kg.project import Project, ProjectFile
from kg.store.digest import file_digest

# Bump when the layout of a store changes, so old stores are rebuilt. 2: the default graph holds the
# distinct union of the named graphs, and the inferred graph the closure of kg.store.inference.
STORE_FORMAT = 2
CURRENT = "current"
LOCK = ".lock"


STALE_INFERRED = (
    "data/inferred.ttl is stale: kg check --materialize wrote it before the last change to ontology/ or data/, "
    "so types in it may no longer hold; run kg check --materialize to refresh it, or delete it"
)


class Graph:
    """An open store plus where it came from (a plain class: a dataclass costs kg query 1 ms to define).

    The store's default graph holds every triple of the named graphs once (set semantics, as
    Jena's union graph); `complete` puts it there.
    """

    def __init__(self, store: ox.Store, project: Project, location: Path | None = None, rebuilt: bool = False,
                 files: list[ProjectFile] | None = None, inferred_status: str = "absent"):
        self.store = store
        self.project = project
        self.location = location  # the on-disk generation, or None in memory
        self.rebuilt = rebuilt  # an on-disk store was stale and has just been rebuilt
        self.files = files if files is not None else []
        self.inferred_status = inferred_status  # of data/inferred.ttl: absent | current | stale
        self.how = ""  # when a stale store was brought up to date: how (kg.store.build.BuildReport.how)
        self.notes: list[str] = []  # more warnings, e.g. that the project's store could not be used
        self.findings: list | None = None  # a build's SHACL results (kg.findings.Finding), kept in its manifest
        self.counts: dict | None = None  # what kg.store.stats shows, kept in the manifest for a refresh to patch

    @property
    def warnings(self) -> list[str]:
        """What every command that reads this graph says on stderr."""
        return ([STALE_INFERRED] if self.inferred_status == "stale" else []) + self.notes

    def query(self, sparql: str, **kwargs):
        """SPARQL with the project prefixes over the graph's dataset (see dataset)."""
        if not any(k in kwargs for k in ("default_graph", "named_graphs", "use_default_graph_as_union")):
            kwargs.update(self.dataset())
        return self.store.query(sparql, prefixes=PREFIXES, **kwargs)

    def in_memory(self, max_quads: int) -> Graph:
        """This graph copied into memory when it holds at most `max_quads` quads, else itself.

        For a long-running reader (kg serve): an entity page makes many small lookups, which run
        2.5x faster in memory than in RocksDB (bench/web.py); the copy reads ~100,000 quads a second.
        """
        if self.location is None or len(self.store) > max_quads:
            return self
        store = ox.Store()
        store.bulk_extend(self.store.quads_for_pattern(None, None, None, None))
        copy = Graph(store, self.project, None, self.rebuilt, self.files, self.inferred_status)
        copy.how, copy.notes, copy.findings = self.how, list(self.notes), self.findings
        return copy

    def dataset(self, *, inferred: bool = False) -> dict:
        """The dataset a query sees: outside GRAPH, the default graph (each asserted or inferred
        triple once); GRAPH ?g ranges over the ontology, shapes, entities and source graphs, so a
        question about provenance never answers "inferred" (`inferred=True` names that graph too)."""
        hidden = None if inferred else ox.NamedNode(INFERRED_GRAPH)
        # In a fixed order: GRAPH ?g reads them in the order given, and rows that tie in an ORDER BY
        # come out in that order (an in-memory store lists its graphs in a different order each run).
        return {"named_graphs": sorted((g for g in self.store.named_graphs() if g != hidden), key=str)}


# ---------------------------------------------------------------- loading


def load_files(store: ox.Store, files: list[ProjectFile], limits: Limits) -> None:
    """Parse every file strictly into its named graph, then run the checks the parser does not.

    For in-memory stores; on-disk stores are filled by kg.store.bulkload.
    """
    largest = 0
    for pf in files:
        inp = reading.read_input(pf.path, limits=limits)
        largest = max(largest, len(inp.data))
        target = ox.NamedNode(pf.graph)
        if inp.format in reading.NAMED_GRAPH_FORMATS:  # the loader would keep its named graphs: the shapes', another source's
            reading.parse(inp, graph=pf.graph, limits=limits)
        try:
            store.load(inp.data, format=reading.FORMATS[inp.format], to_graph=target)
        except SyntaxError as exc:
            raise reading.syntax_error(exc, str(pf.path)) from None
        except (ValueError, OSError) as exc:
            raise InputError(f"cannot load: {exc}", path=str(pf.path)) from None
    check_store(store, files, limits, largest_input=largest)


def check_store(store: ox.Store, files: list[ProjectFile], limits: Limits, *, largest_input: int | None = None) -> None:
    """Ill-typed literals, over-long literals and deep nesting, reported by file.

    One pass over the quads in Python: measured faster than the SPARQL FILTER it replaced (2 ms
    against 12 ms on the shipped data, 0.22 s against 0.56 s on 100k triples), and it runs in
    every reading command. Each distinct typed literal is checked once. A literal has no more
    characters than its file has bytes, so when no input (`largest_input`, in bytes) is over the
    length limit, lengths are not measured; that and skipping language-tagged literals first
    halve the pass (2.6 against 4.8 ms on the shipped data).
    """
    by_graph = {pf.graph: pf for pf in files}
    checked = set(literals.CHECKED_DATATYPES)
    measure = largest_input is None or largest_input > limits.max_literal_chars
    seen: set = set()
    children: dict = {}
    literal, blank = ox.Literal, ox.BlankNode
    for quad in store.quads_for_pattern(None, None, None, None):
        obj = quad.object
        if type(obj) is literal:
            if (measure and len(obj.value) > limits.max_literal_chars) or (
                not obj.language and obj.datatype.value in checked and obj not in seen
            ):
                _check_literal(obj, by_graph.get(getattr(quad.graph_name, "value", None)), limits)
                seen.add(obj)
        elif type(obj) is blank and type(quad.subject) is blank:
            children.setdefault(quad.subject, []).append(obj)
    if children and reading.nesting_depth(children) > limits.max_nesting_depth:
        raise LimitError(
            f"blank nodes nested more than {limits.max_nesting_depth} levels deep (KG_MAX_NESTING_DEPTH)"
        )


def _check_literal(literal: ox.Literal, pf: ProjectFile | None, limits: Limits) -> None:
    shown = str(pf.path) if pf else "the store"
    if len(literal.value) > limits.max_literal_chars:
        raise LimitError(
            f"{shown}: a literal of {len(literal.value):,} characters is over the limit of "
            f"{limits.max_literal_chars:,} (KG_MAX_LITERAL_CHARS)"
        )
    problem = literals.lexical_problem(literal.value, literal.datatype.value)
    if problem:
        text = pf.path.read_text(encoding="utf-8") if pf else ""
        inp = reading.RdfInput(shown, b"", text, "turtle")
        raise reading.ill_typed(inp, literal, problem)


def load_in_memory(project: Project, limits: Limits | None = None, *, completed: bool = True) -> Graph:
    """The project in a new in-memory store; `completed=False` leaves out the inferred closure and
    the default graph (kg build validates the asserted graphs first, then calls complete)."""
    limits = limits or Limits()
    files = project.files()
    store = ox.Store()
    load_files(store, files, limits)
    if completed:
        from kg.store.inference import complete  # here: not for a store that is only checked

        complete(store)
    status = "absent"
    if any(pf.role == "inferred" for pf in files):
        from kg.store.inference import inferred_status

        status = inferred_status(project, store)
    return Graph(store=store, project=project, files=files, inferred_status=status)


# ---------------------------------------------------------------- manifest


def manifest_for(project: Project, records: list) -> dict:
    """The manifest of a store built from files read as `records` (kg.store.bulkload.FileRecord) say.

    Sizes and times are taken before each file was read and the hash is of the bytes read, so a
    file that changes during a build makes the store stale, never wrongly fresh.
    """
    entries = [
        {
            "path": r.pf.relative_to(project.root),
            "graph": r.pf.graph,
            "size": r.size,
            "mtime_ns": r.mtime_ns,
            "ctime_ns": r.ctime_ns,
            "inode": r.inode,
            "sha256": r.sha256,
            **({} if r.rewritten is None else {"rewritten": r.rewritten}),
        }
        for r in records
    ]
    return {"format": STORE_FORMAT, "project": str(project.root), "built": time.time(), "files": entries}


class Changes(NamedTuple):
    """How the project's files differ from those a store was built from (a rename is a removal and
    an addition: the graph of a source is named after its file)."""

    changed: list  # ProjectFile: same path, other content
    added: list  # ProjectFile: not in the manifest
    removed: list  # manifest entries of files that are gone
    format_changed: bool = False  # the store is of another layout: nothing in it can be reused

    def __bool__(self) -> bool:
        return self.format_changed or bool(self.changed or self.added or self.removed)

    def paths(self, project: Project) -> list[str]:
        return sorted([pf.relative_to(project.root) for pf in (*self.changed, *self.added)]
                      + [e["path"] for e in self.removed])


def changes(project: Project, manifest: dict, files: list[ProjectFile]) -> Changes:
    """What changed since the store was built: sizes, inodes and times first, a file's SHA-256 only
    when they cannot prove it unchanged, so a `touch` without an edit costs one hash, not a rebuild."""
    if manifest.get("format") != STORE_FORMAT:
        return Changes([], list(files), [], format_changed=True)
    recorded = {e["path"]: e for e in manifest.get("files", [])}
    changed, added = [], []
    for pf in files:
        entry = recorded.pop(pf.relative_to(project.root), None)
        if entry is None or entry["graph"] != pf.graph:
            added.append(pf)
            if entry is not None:
                recorded[entry["path"] + "\0"] = entry  # the same path, another graph: remove the old one
            continue
        try:
            stat = pf.path.stat()
        except OSError:
            changed.append(pf)  # reading it says what is wrong
            continue
        if stat.st_size != entry["size"] or (
                not _unchanged_by_metadata(stat, entry, manifest) and file_digest(pf.path) != entry["sha256"]):
            changed.append(pf)
    return Changes(changed, added, list(recorded.values()))


def is_fresh(project: Project, manifest: dict, files: list[ProjectFile] | None = None) -> bool:
    """True when the store was built from exactly the files the project has now (`files`: the
    project's listing when the caller has it: listing resolves every path, 59 ms at 1M)."""
    if manifest.get("format") != STORE_FORMAT:
        return False
    if files is None:
        try:
            files = project.files()
        except InputError:
            return False
    return not changes(project, manifest, files)


# A change within this long after a file's recorded ctime may share that ctime on a file system with
# coarse timestamps (as git's "racy" index entries): such a file is always hashed.
RACY_NS = _RACY_NS = 2_000_000_000


class KeptRecord:
    """A manifest entry carried into a refreshed store's manifest, as a FileRecord for manifest_for."""

    def __init__(self, pf: ProjectFile, entry: dict, ctime_ns: int | None):
        self.pf, self.size, self.mtime_ns, self.ctime_ns = pf, entry["size"], entry["mtime_ns"], ctime_ns
        self.inode, self.sha256 = entry.get("inode"), entry["sha256"]
        self.rewritten = entry.get("rewritten")


def _unchanged_by_metadata(stat: os.stat_result, entry: dict, manifest: dict) -> bool:
    """True when the file's metadata proves it has not been written since the store was built.

    Size and mtime cannot prove it: `touch -r`, `cp -p`, `rsync -a` and `tar x` put an old mtime
    back on new content. The ctime can: no user call sets it, and any write or `touch` moves it.
    A new file at the same path (cp, rsync, an editor's rename) has a new inode or ctime. Whatever
    this cannot prove (an older manifest without ctime, a ctime close to the build) is hashed.
    """
    recorded = entry.get("ctime_ns")
    if recorded is None or entry.get("inode") != stat.st_ino:
        return False
    built_ns = int(manifest.get("built", 0) * 1e9)
    return (stat.st_ctime_ns == recorded and stat.st_mtime_ns == entry["mtime_ns"]
            and recorded + _RACY_NS < built_ns)


# ---------------------------------------------------------------- on-disk store


def _current_generation(store_dir: Path) -> Path | None:
    link = store_dir / CURRENT
    if not link.is_symlink():
        return None
    target = store_dir / os.readlink(link)
    return target if target.is_dir() else None


def _manifest_path(generation: Path) -> Path:
    return generation.with_name(generation.name + ".json")


def read_manifest(store_dir: Path) -> tuple[Path, dict] | None:
    generation = _current_generation(store_dir)
    if generation is None:
        return None
    manifest = read_generation_manifest(generation)
    return None if manifest is None else (generation, manifest)


def read_generation_manifest(generation: Path) -> dict | None:
    try:
        import json  # here: reading commands without --store never need it

        return json.loads(_manifest_path(generation).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure_store_dir(store_dir: Path) -> None:
    """Refuse to write into a folder that holds something other than a kg store."""
    if store_dir.exists() and not store_dir.is_dir():
        raise PolicyError(f"--store {store_dir}: exists and is not a folder")
    if store_dir.is_dir():
        foreign = [p.name for p in store_dir.iterdir() if not _is_store_entry(p.name)]
        if foreign:
            raise PolicyError(
                f"--store {store_dir}: the folder holds files that are not a kg store ({foreign[0]}); "
                "choose an empty or new folder"
            )
    store_dir.mkdir(parents=True, exist_ok=True)


def _is_store_entry(name: str) -> bool:
    return name in (CURRENT, LOCK, CURRENT + ".tmp") or name.startswith("gen-")


def write_generation(project: Project, store_dir: Path, limits: Limits, check, validate=None,
                     files: list[ProjectFile] | None = None) -> Path:
    """Build a complete new generation beside the current one; `check(graph)` may raise to abandon it.

    `validate(graph, apart)` runs first, while the store holds nothing but the asserted graphs:
    the shapes and inferred files are loaded into `apart`, an in-memory store, and join the
    generation after it (see kg.shacl.only_asserted_graphs for why that order makes SHACL fast),
    then the default graph (kg.store.bulkload.DefaultCopy) and the inferred closure.
    """
    from kg.store.bulkload import DefaultCopy, load_project_files  # here: only writing a store needs it
    from kg.store.inference import complete, status_in_manifest

    generation = store_dir / f"gen-{time.time_ns()}"
    files = project.files() if files is None else files
    later = [pf for pf in files if pf.role in ("shapes", "inferred")]
    try:
        store, apart = ox.Store(str(generation)), ox.Store()
        copy = DefaultCopy()
        records = load_project_files(store, [pf for pf in files if pf not in later], limits, default_copy=copy)
        records += load_project_files(apart, later, limits)
        graph = Graph(store=store, project=project, location=generation, files=files)
        if validate is not None:
            validate(graph, apart)
        joining = list(apart.quads_for_pattern(None, None, None, None))
        store.bulk_extend(joining + [ox.Quad(q.subject, q.predicate, q.object) for q in joining])
        copy.load(store)
        complete(store, copied=True)
        manifest = manifest_for(project, records)
        graph.inferred_status = manifest["inferred"] = status_in_manifest(project, store, manifest)
        check(graph)
        manifest["findings"] = findings_as_json(graph.findings)
        manifest["counts"] = graph.counts
        store.optimize()  # compacts the bulk loads' files: a string lookup (every term a query returns) 2-3x faster
        store.flush()
        del store
        write_manifest(generation, manifest)
    except BaseException as exc:
        store_write_failed(exc, store_dir, generation)
        raise
    return generation


def findings_as_json(findings: list | None) -> list | None:
    """The build's SHACL results as the manifest keeps them: a refresh keeps those it does not judge again."""
    import dataclasses

    return None if findings is None else [dataclasses.asdict(f) for f in findings]


def store_write_failed(exc: BaseException, store_dir: Path, generation: Path) -> None:
    """Remove an unfinished generation; name the store in an OSError that names no file."""
    import shutil

    if isinstance(exc, OSError) and exc.filename is None:
        exc.filename = str(store_dir)  # RocksDB's errors name no file: say which store (kg.errors.os_failure)
    shutil.rmtree(generation, ignore_errors=True)
    _manifest_path(generation).unlink(missing_ok=True)


def write_manifest(generation: Path, manifest: dict) -> None:
    _write_json_atomically(_manifest_path(generation), manifest)


def publish_generation(store_dir: Path, generation: Path) -> None:
    """Point `current` at the new generation in one atomic rename, then drop all but the previous one."""
    previous = _current_generation(store_dir)
    tmp_link = store_dir / (CURRENT + ".tmp")
    tmp_link.unlink(missing_ok=True)
    os.symlink(generation.name, tmp_link)
    os.replace(tmp_link, store_dir / CURRENT)
    import shutil

    keep = {generation.name, previous.name if previous else None}
    for old in store_dir.glob("gen-*"):
        name = old.name[:-5] if old.name.endswith(".json") else old.name
        if name not in keep:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)


def _write_json_atomically(path: Path, data: dict) -> None:
    import json

    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def writer_lock(store_dir: Path):
    """A lock that makes a second concurrent writer fail at once instead of interleaving."""
    from kg.atomic import exclusive_lock  # here: tempfile and its imports cost reading commands 5 ms

    return exclusive_lock(
        store_dir / LOCK, f"--store {store_dir}: another kg process is writing this store; try again when it ends"
    )


def open_on_disk(project: Project, store_dir: Path, files: list[ProjectFile] | None = None,
                 found: tuple[Path, dict] | None = None) -> Graph | None:
    """The current generation, read-only, if it is fresh for the project's files; else None.

    `files` (the project's listing) and `found` (read_manifest's answer), when the caller has them,
    are not read again.
    """
    found = found or read_manifest(store_dir)
    if found is None:
        return None
    generation, manifest = found
    if files is None:
        try:
            files = project.files()
        except InputError:
            return None
    if not is_fresh(project, manifest, files):
        return None
    try:
        store = ox.Store.read_only(str(generation))
    except OSError as exc:
        raise InputError(f"cannot open store: {exc}", path=str(store_dir)) from None
    return Graph(store=store, project=project, location=generation, files=files,
                 inferred_status=manifest.get("inferred", "absent"))
