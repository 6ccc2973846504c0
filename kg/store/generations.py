"""The on-disk store: one generation per build beside the previous one, and a `current` symlink
swapped atomically once a new generation is complete, so a crash or a failed build mid-way leaves
the previous store usable; a writer lock, so two builds never interleave.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, PolicyError
from kg.limits import Limits
from kg.project import Project, ProjectFile
from kg.store.graph import Graph
from kg.store.manifest import findings_as_json, is_fresh, manifest_for

CURRENT = "current"
LOCK = ".lock"


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
    checked_at, racy = time.time(), []
    if not is_fresh(project, manifest, files, racy):
        return None
    if racy:
        stamp_verified(store_dir, generation, manifest, checked_at, racy)
    try:
        store = ox.Store.read_only(str(generation))
    except OSError as exc:
        raise InputError(f"cannot open store: {exc}", path=str(store_dir)) from None
    return Graph(store=store, project=project, location=generation, files=files,
                 inferred_status=manifest.get("inferred", "absent"))


def stamp_verified(store_dir: Path, generation: Path, manifest: dict, checked_at: float, racy: list[dict]) -> None:
    """Record in the manifest that its racy files were proved unchanged at `checked_at` (a time taken
    before they were read), once their ctime is RACY_NS before it: from then on their metadata
    proves them, as git refreshes its index. Without it, a store built within seconds of a checkout
    (the first command of a fresh clone) hashed every file in every command after it. Skipped when
    another process is writing the store, or the store cannot be written: the files are hashed
    again next time."""
    from kg.store.manifest import RACY_NS

    if not all(e.get("ctime_ns") is not None and e["ctime_ns"] + RACY_NS < checked_at * 1e9 for e in racy):
        return  # still within the window: a change now could keep the recorded ctime
    try:
        with writer_lock(store_dir):
            if read_generation_manifest(generation) == manifest:  # not replaced or removed meanwhile
                write_manifest(generation, {**manifest, "verified": checked_at})
    except (PolicyError, OSError):
        pass
