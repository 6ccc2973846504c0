"""The hostile and broken inputs of tests/data/hostile/: each command refuses them with the documented
exit code and a one-line message, reaches no one, and leaves every file of the project as it was.

The cases and their expectations are in tests/data/hostile/manifest.toml; this file only runs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.paths import DATA, FIXTURES, REPO
from tests.support.servers import recording_http_server
from tests.support.killed_add import kill_add_before_its_rename
from tests.support.tiny_project import file_bytes, make_tiny_project

HOSTILE = DATA / "hostile"
CASES = tomllib.loads((HOSTILE / "manifest.toml").read_text(encoding="utf-8"))


def generate(kind: str, folder: Path) -> Path:
    """Inputs too big or too deep to keep in git."""
    if kind == "big-literal":
        path = folder / "big-literal.ttl"
        path.write_text('<https://w3id.org/geokg/resource/x> <http://www.w3.org/2000/01/rdf-schema#comment> "'
                        + "a" * 4_000_000 + '" .\n', encoding="utf-8")
    elif kind == "deep-turtle":
        path = folder / "deep.ttl"
        path.write_text("@prefix : <https://example.org/> .\n:a :p " + "[ :p " * 10000 + ":b" + " ]" * 10000 + " .\n",
                        encoding="utf-8")
    else:
        path = folder / "deep.jsonld"
        path.write_text('{"@id": "https://example.org/a", "https://example.org/p": ' + "[" * 100000 + "1"
                        + "]" * 100000 + "}\n", encoding="utf-8")
    return path


def setup_existing_output(project: Path, tmp: Path) -> dict[Path, bytes]:
    (tmp / "existing.ttl").write_bytes(b"the user's original\n")
    return {tmp / "existing.ttl": b"the user's original\n"}


def setup_symlinked_output(project: Path, tmp: Path) -> dict[Path, bytes]:
    (tmp / "victim.txt").write_bytes(b"not to be overwritten\n")
    (tmp / "link.ttl").symlink_to(tmp / "victim.txt")
    return {tmp / "victim.txt": b"not to be overwritten\n"}


def setup_symlinked_sources(project: Path, tmp: Path) -> dict[Path, bytes]:
    elsewhere = tmp / "elsewhere"
    shutil.move(project / "data" / "sources", elsewhere)
    (project / "data" / "sources").symlink_to(elsewhere, target_is_directory=True)
    return {p: p.read_bytes() for p in elsewhere.iterdir()}


def setup_symlinked_source_file(project: Path, tmp: Path) -> dict[Path, bytes]:
    outside = tmp / "outside.ttl"
    shutil.move(project / "data" / "sources" / "tiny-2024.ttl", outside)
    (project / "data" / "sources" / "tiny-2024.ttl").symlink_to(outside)
    return {outside: outside.read_bytes()}


def setup_valid_input(project: Path, tmp: Path) -> dict[Path, bytes]:
    shutil.copy(FIXTURES / "export" / "sources" / "tiny-2024.ttl", tmp / "tiny-2024.ttl")
    return {}


def setup_special_source(kind: str):
    """A source file that is not a file, or whose name is not a slug (issue 18: a hang, then exit 70)."""
    def place(project: Path, tmp: Path) -> dict[Path, bytes]:
        sources = project / "data" / "sources"
        if kind == "fifo":
            os.mkfifo(sources / "fifo.ttl")
        elif kind == "dev-zero":
            (sources / "zero.ttl").symlink_to("/dev/zero")
        elif kind == "secret":  # a syntax error would quote the secret's first token
            (tmp / "secret.txt").write_bytes(b"s3cr3t-token and more\n")
            (sources / "leak.ttl").symlink_to(tmp / "secret.txt")
        else:
            shutil.copy(sources / "tiny-2024.ttl", sources / "bad\n.ttl")
        return {}
    return place


SETUPS = {
    "fifo-in-sources": setup_special_source("fifo"),
    "dev-zero-in-sources": setup_special_source("dev-zero"),
    "secret-outside-the-project": setup_special_source("secret"),
    "newline-in-a-source-name": setup_special_source("newline"),
    "existing-output": setup_existing_output,
    "symlinked-output": setup_symlinked_output,
    "symlinked-sources": setup_symlinked_sources,
    "symlinked-source-file": setup_symlinked_source_file,
    "a-valid-input": setup_valid_input,
    "add-lock-held": lambda project, tmp: {},  # the lock is taken around the run
}


def prepare(case: dict, project: Path, tmp: Path, port: int) -> tuple[Path | None, dict[Path, bytes]]:
    """The input in the scratch folder (PORT filled in), placed or appended into the project if asked."""
    kept = SETUPS[case["setup"]](project, tmp) if "setup" in case else {}
    if "generate" in case:
        return generate(case["generate"], tmp), kept
    if "input" not in case:
        return None, kept
    data = (HOSTILE / case["input"]).read_bytes().replace(b"PORT", str(port).encode())
    path = tmp / case["input"]
    path.write_bytes(data)
    if "place" in case:
        (project / case["place"]).write_bytes(data)
    if "append" in case:
        with open(project / case["append"], "ab") as handle:
            handle.write(data)
    return path, kept


def hostile_project(tmp_path: Path) -> Path:
    root = make_tiny_project(tmp_path / "project")
    shutil.copytree(REPO / "queries", root / "queries")
    return root


@contextmanager
def arranged(case: dict, tmp_path: Path):
    """A throw-away project, a scratch folder and the logging server, the case's input in place.

    Yields (project, scratch, port, requests, input path, files that must keep their bytes).
    """
    project = hostile_project(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    answer = (HOSTILE / case["answer"]).read_bytes() if "answer" in case else None
    with recording_http_server(answer) as (port, requests):
        path, kept = prepare(case, project, scratch, port)
        yield project, scratch, port, requests, path, kept


def project_files(project: Path) -> dict[str, bytes]:
    """The project's own files (not the lock files under .kg/) and their bytes."""
    return {name: data for name, data in file_bytes(project).items() if not name.startswith(".kg/")}


def command_line(case: dict, project: Path, tmp: Path, port: int, path: Path | None) -> list[str]:
    fill = {"{input}": str(path), "{tmp}": str(tmp), "{port}": str(port)}
    args = []
    for arg in case["args"]:  # not str.format: queries are full of braces
        for placeholder, value in fill.items():
            arg = arg.replace(placeholder, value)
        args.append(arg)
    return ["-C", str(project), *args]


COMMAND_CASES = [pytest.param(name, marks=[pytest.mark.java] if case.get("java") else [])
                 for name, case in sorted(CASES.items()) if case.get("kind") is None]


def test_the_corpus_is_big_enough_and_every_file_is_used():
    assert len(CASES) >= 30
    used = {case[key] for case in CASES.values() for key in ("input", "answer") if key in case}
    assert used == {p.name for p in HOSTILE.iterdir() if p.name != "manifest.toml"}


@pytest.mark.parametrize("name", COMMAND_CASES)
def test_hostile_input(kg, tmp_path, monkeypatch, request, name):
    case = CASES[name]
    if case.get("java") and shutil.which("java") is None:
        pytest.skip("needs Java 17 for HermiT")
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, value)
    with arranged(case, tmp_path) as (project, scratch, port, requests, path, kept):
        before = project_files(project)
        args = command_line(case, project, scratch, port, path)
        if case.get("setup") == "add-lock-held":
            from kg.project import Project, write_lock

            with write_lock(Project(project)):
                result = kg(*args)
        else:
            result = kg(*args)
    assert result.exit_code == case["exit"], result.stderr
    if case["exit"] != 1:  # kg check -f json reports its findings on stdout
        assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert len(result.stderr.splitlines()) <= 1 or case["exit"] == 1
    for word in case["stderr"]:
        assert word in result.stderr
    for word in case.get("absent", []):
        assert word not in result.stderr and word not in result.stdout
    if case.get("network") != "expected":
        assert requests == []
    assert project_files(project) == before
    assert {p: p.read_bytes() for p in kept} == kept
    leftovers = [p for p in project.rglob("*.tmp")] + [p for p in scratch.rglob("*.tmp")]
    assert leftovers == []


QUERY_CASES = sorted(name for name, case in CASES.items() if case.get("args", [""])[0] == "query")


@pytest.mark.parametrize("name", QUERY_CASES)
def test_hostile_queries_through_the_fast_path(kg_exe, tmp_path, name):
    """`kg query` in its own process takes a click-free fast path (kg.cli.fast): the same refusals."""
    case = CASES[name]
    with arranged(case, tmp_path) as (project, scratch, port, requests, path, _):
        env = {**os.environ, **case.get("env", {}), "PYTHONPATH": str(REPO)}
        result = subprocess.run([*kg_exe, *command_line(case, project, scratch, port, path)], env=env,
                                capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (case["exit"], "")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert all(word in result.stderr for word in case["stderr"])
    assert case.get("network") == "expected" or requests == []


def test_a_kill_during_add_leaves_the_data_byte_identical(kg, kg_exe, tmp_path):
    """kg add killed after its temp file is written and verified, before the rename: the source's
    file is byte-identical, and the next add removes the temp file the killed one could not."""
    project = hostile_project(tmp_path)
    path = tmp_path / "facts.ttl"
    shutil.copy(HOSTILE / CASES["kill-during-add"]["input"], path)
    sources = project / "data" / "sources"
    before = file_bytes(project / "data")
    assert [p.name for p in kill_add_before_its_rename(kg_exe, project, path)][0].startswith(".tiny-2024.ttl.")
    after = {name: data for name, data in file_bytes(project / "data").items() if not name.endswith(".tmp")}
    assert after == before
    retry = kg("-C", project, "add", path)
    assert (retry.exit_code, retry.stdout) == (0, "added 9 triples to data/sources/tiny-2024.ttl\n")
    assert list(sources.glob(".*.tmp")) == []


def test_a_symlink_inside_the_project_is_still_read(kg, tmp_path):
    """The symlink rule refuses only links leaving the project: one to a file inside it is read."""
    baseline = kg("-C", str(hostile_project(tmp_path / "plain")), "build")
    project = hostile_project(tmp_path / "linked")
    sources = project / "data" / "sources"
    shutil.move(sources / "tiny-2024.ttl", project / "tiny-2024.ttl")
    (sources / "tiny-2024.ttl").symlink_to(project / "tiny-2024.ttl")
    result = kg("-C", str(project), "build")
    assert "outside" not in result.stderr
    assert (result.exit_code, result.stdout.splitlines()[0]) == (baseline.exit_code, baseline.stdout.splitlines()[0])
