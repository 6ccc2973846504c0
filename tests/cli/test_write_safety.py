"""One writer at a time, and never a half-written file: the project's write lock (kg add, kg fmt,
kg check --materialize) and kg export -o under concurrency."""

from __future__ import annotations

import subprocess

import pytest

from kg.project import Project, write_lock

from tests.support.paths import REPO
from tests.support.tiny_project import file_bytes, make_tiny_project

BUSY = "kg: error: another kg command (add, fmt, check --materialize) is writing to this project (lock "


@pytest.fixture
def tiny(tmp_path):
    root = make_tiny_project(tmp_path / "project")
    entities = root / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + "kgr:Iran   kg:wikidata  \"Q794\" .\n", encoding="utf-8")
    return root  # entities.ttl is no longer in canonical form: kg fmt has work to do


@pytest.mark.parametrize("args", [["fmt"], ["fmt", "data/entities.ttl"], ["check", "--materialize"]])
def test_a_writer_is_refused_while_another_holds_the_project(kg, tiny, monkeypatch, args):
    monkeypatch.chdir(tiny)
    before = file_bytes(tiny / "data")
    with write_lock(Project(tiny)):
        result = kg("-C", tiny, *args)
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith(BUSY) and result.stderr.endswith("try again when it ends\n")
    assert file_bytes(tiny / "data") == before


def test_fmt_check_only_reads_so_it_needs_no_lock(kg, tiny):
    with write_lock(Project(tiny)):
        result = kg("-C", tiny, "fmt", "--check")
    assert result.exit_code == 1 and "would reformat" in result.stdout


def test_fmt_of_a_file_outside_any_project_takes_no_lock(kg, tmp_path, monkeypatch):
    loose = tmp_path / "loose.ttl"
    loose.write_text("<urn:a>   <urn:b>  <urn:c> .\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = kg("fmt", loose)
    assert result.exit_code == 0 and result.stdout == f"reformatted {loose}\n"
    assert not (tmp_path / ".kg").exists()


def test_concurrent_exports_to_one_file_leave_one_whole_export(kg, kg_exe, tiny, tmp_path):
    """Two writers of the same -o FILE: each renames a complete, verified temp file into place, so
    the file is always one export or the other, never a mix, and no temp file is left."""
    expected = {fmt: kg("-C", tiny, "export", "-f", fmt).stdout.encode() for fmt in ("ttl", "nt")}
    out = tmp_path / "out" / "graph.txt"
    out.parent.mkdir()
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    for _ in range(3):
        runs = [subprocess.Popen([*kg_exe, "-C", str(tiny), "export", "-f", fmt, "-o", str(out), "--force"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for fmt in ("ttl", "nt")]
        assert [run.wait(timeout=120) for run in runs] == [0, 0]
        assert out.read_bytes() in expected.values()
        assert [p.name for p in out.parent.iterdir()] == ["graph.txt"]
