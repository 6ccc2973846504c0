"""Store freshness by content (issue 18): an edit that puts the old size and mtime back is seen,
and a file whose metadata proves it unchanged is not hashed."""

from __future__ import annotations

import os

from kg.project import Project
from kg.store import digest, generations
from kg.store.manifest import STORE_FORMAT, is_fresh


def _built(kg, project, tmp_path):
    store = tmp_path / "store"
    assert kg("-C", project, "build", "--store", store).exit_code == 0
    generation, manifest = generations.read_manifest(store)
    return store, manifest


def test_a_same_size_edit_with_its_mtime_put_back_makes_the_store_stale(kg, project, tmp_path):
    store, manifest = _built(kg, project, tmp_path)
    entities = project / "data" / "entities.ttl"
    stat = entities.stat()
    data = entities.read_bytes()
    assert b"State" in data
    entities.write_bytes(data.replace(b"State", b"Statx", 1))
    os.utime(entities, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # what touch -r, cp -p, rsync -a do
    assert entities.stat().st_size == stat.st_size and entities.stat().st_mtime_ns == stat.st_mtime_ns
    manifest["built"] += 10  # even when the build is long past (no racy-ctime hashing)
    assert not is_fresh(Project(project), manifest)
    again = kg("-C", project, "stats", "--store", store)
    assert again.exit_code != 0 or "rebuilt" in again.stderr


def test_an_unchanged_file_is_not_hashed_once_the_build_is_past(kg, project, tmp_path, monkeypatch):
    _, manifest = _built(kg, project, tmp_path)
    assert is_fresh(Project(project), manifest)  # within the racy window: hashed, and fresh
    manifest["built"] += 10

    def no_hashing(path):
        raise AssertionError(f"hashed {path}")

    monkeypatch.setattr(digest, "file_digest", no_hashing)  # kg.store.graph imports it when it hashes
    assert is_fresh(Project(project), manifest)


def test_a_manifest_without_ctime_is_checked_by_hash(kg, project, tmp_path):
    _, manifest = _built(kg, project, tmp_path)
    for entry in manifest["files"]:
        del entry["ctime_ns"], entry["inode"]
    manifest["built"] += 10
    assert is_fresh(Project(project), manifest)
    entry = manifest["files"][0]
    entry["sha256"] = "0" * 64
    assert not is_fresh(Project(project), manifest)


def test_a_store_of_the_previous_format_is_rebuilt_not_read(kg, project, tmp_path):
    """Format 1 stores had no default graph: read as they are, every pattern outside GRAPH would
    find nothing. A manifest of another format makes the store stale, so it is rebuilt first."""
    import json

    store_dir, manifest = _built(kg, project, tmp_path)
    assert manifest["format"] == STORE_FORMAT == 2
    generation, _ = generations.read_manifest(store_dir)
    manifest["format"] = 1
    generation.with_name(generation.name + ".json").write_text(json.dumps(manifest), encoding="utf-8")
    assert not is_fresh(Project(project), manifest)
    result = kg("-C", project, "query", "--store", str(store_dir), "-f", "tsv", "SELECT (COUNT(*) AS ?n) WHERE { ?x a kg:Event }")
    assert result.exit_code == 0
    assert "was out of date and has been rebuilt" in result.stderr
    assert result.stdout.splitlines()[1] == '"116"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_racy_files_proved_unchanged_are_stamped_and_not_hashed_again(kg, project, tmp_path, monkeypatch):
    """A store built within seconds of a checkout (a fresh clone's first command) records ctimes too
    close to the build to prove anything: the next command hashes those files, and once their ctime
    is far enough behind, records that they were proved unchanged, so the commands after it do not
    hash them again (before: every command, for good). An edit after the stamp is still seen."""
    import time

    from kg.store import manifest as manifests

    store, _ = _built(kg, project, tmp_path)
    generation, manifest = generations.read_manifest(store)
    monkeypatch.setattr(manifests, "_RACY_NS", 200_000_000)  # the window, made short for the test
    monkeypatch.setattr(manifests, "RACY_NS", 200_000_000)
    manifest["built"] = max(e["ctime_ns"] for e in manifest["files"]) / 1e9 + 0.1  # within the window
    generations.write_manifest(generation, manifest)
    time.sleep(0.35)
    hashed = []
    real = digest.file_digest
    monkeypatch.setattr(digest, "file_digest", lambda path: hashed.append(path) or real(path))
    assert generations.open_on_disk(Project(project), store) is not None
    assert len(hashed) == len(manifest["files"])
    assert generations.read_manifest(store)[1]["verified"] > manifest["built"]
    hashed.clear()
    assert generations.open_on_disk(Project(project), store) is not None
    assert hashed == []
    entities = project / "data" / "entities.ttl"
    stat, data = entities.stat(), entities.read_bytes()
    entities.write_bytes(data.replace(b"State", b"Statx", 1))
    os.utime(entities, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert generations.open_on_disk(Project(project), store) is None
