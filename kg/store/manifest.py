"""A store's manifest: the files a generation was built from (sizes, times, inodes, SHA-256), and
whether the project's files are still those, cheaply (metadata first, a hash only when it cannot
prove a file unchanged). Every command that reads a store asks this first.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from kg.errors import InputError
from kg.project import Project, ProjectFile
from kg.records import record

# Bump when the layout of a store changes, so old stores are rebuilt. 2: the default graph holds the
# distinct union of the named graphs, and the inferred graph the closure of kg.store.inference.
STORE_FORMAT = 2


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


@record
class Changes:
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


def changes(project: Project, manifest: dict, files: list[ProjectFile], racy: list | None = None) -> Changes:
    """What changed since the store was built: sizes, inodes and times first, a file's SHA-256 only
    when they cannot prove it unchanged, so a `touch` without an edit costs one hash, not a rebuild.

    `racy` collects the entries hashed only because their ctime was too close to the build (and
    found unchanged): kg.store.generations.stamp_verified records when they were proved so.
    """
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
        if stat.st_size != entry["size"]:
            changed.append(pf)
        elif not _unchanged_by_metadata(stat, entry, manifest):  # kg.store.digest only when a file must be hashed
            if _digest(pf.path) != entry["sha256"]:
                changed.append(pf)
            elif racy is not None and _only_racy(stat, entry):
                racy.append(entry)
    return Changes(changed, added, list(recorded.values()))


def _digest(path: Path) -> str:
    from kg.store.digest import file_digest

    return file_digest(path)


def is_fresh(project: Project, manifest: dict, files: list[ProjectFile] | None = None, racy: list | None = None) -> bool:
    """True when the store was built from exactly the files the project has now (`files`: the
    project's listing when the caller has it: listing resolves every path, 59 ms at 1M; `racy`:
    as for changes)."""
    if manifest.get("format") != STORE_FORMAT:
        return False
    if files is None:
        try:
            files = project.files()
        except InputError:
            return False
    return not changes(project, manifest, files, racy)


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
    # `verified`: when a later command hashed the racy files and found them unchanged (stamp_verified)
    built_ns = int(max(manifest.get("built", 0), manifest.get("verified", 0)) * 1e9)
    return (stat.st_ctime_ns == recorded and stat.st_mtime_ns == entry["mtime_ns"]
            and recorded + _RACY_NS < built_ns)


def _only_racy(stat: os.stat_result, entry: dict) -> bool:
    """The file's metadata is the recorded one: it was hashed only for being changed close to the build."""
    return (entry.get("ctime_ns") == stat.st_ctime_ns and entry.get("inode") == stat.st_ino
            and entry["mtime_ns"] == stat.st_mtime_ns)


def findings_as_json(findings: list | None) -> list | None:
    """The build's SHACL results as the manifest keeps them: a refresh keeps those it does not judge again."""
    import dataclasses

    return None if findings is None else [dataclasses.asdict(f) for f in findings]
