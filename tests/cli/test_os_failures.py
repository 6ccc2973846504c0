"""Operating-system failures are exit 3 with the path and the fix, never an internal error (issue 18).

The mapping lives in one place (kg.errors.os_failure, applied by kg.cli.failures.report); the
read-only and full-disk cases run on a real tmpfs where the machine lets the test mount one.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.errors import EXIT_INPUT, os_failure
from tests.support.paths import REPO

COMMANDS = [["add", "{new}", "--source", "newsrc"], ["fmt"], ["build", "--store", "{root}/.kg/store"],
            ["check", "--materialize"]]


@pytest.mark.parametrize("code, words", [(errno.EROFS, "read-only"), (errno.ENOSPC, "no space"),
                                         (errno.EACCES, "permission denied")])
def test_user_fixable_errors_name_the_path_and_the_fix(code, words):
    failure = os_failure(OSError(code, "x", "/some/file"))
    assert failure.exit_code == EXIT_INPUT and words in str(failure) and "/some/file" in str(failure)
    assert failure.hint


def test_an_error_without_errno_is_recognised_by_its_text():
    """pyoxigraph (RocksDB) raises OSError('IO error: No space left on device: While appending…')."""
    failure = os_failure(OSError("IO error: No space left on device: While appending to file: x"), "/store")
    assert failure is not None and "no space" in str(failure) and "/store" in str(failure)


def test_other_os_errors_stay_bugs():
    assert os_failure(OSError(errno.EBADF, "Bad file descriptor")) is None


@pytest.fixture
def tmpfs(tmp_path):
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode(errors='replace').strip()})")
    try:
        for folder in ("ontology", "data", "queries"):
            shutil.copytree(REPO / folder, mount / folder)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _run(kg, root: Path, new: Path, command: list[str]):
    args = [a.replace("{new}", str(new)).replace("{root}", str(root)) for a in command]
    return kg("-C", root, *args)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_read_only_project(kg, tmpfs, tmp_path, command):
    new = tmp_path / "new.ttl"
    shutil.copy(REPO / "tests/data/hostile/add-new-fact.ttl", new)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    result = _run(kg, tmpfs, new, command)
    assert result.exit_code == EXIT_INPUT, result.stderr
    assert "read-only file system" in result.stderr and str(tmpfs) in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", COMMANDS[2:], ids=lambda c: c[0])
def test_a_full_disk(kg, tmpfs, tmp_path, command):
    before = {p: p.read_bytes() for p in tmpfs.rglob("*.ttl")}
    fd = os.open(tmpfs / "fill", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 65536):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    result = _run(kg, tmpfs, tmp_path, command)
    assert result.exit_code == EXIT_INPUT, result.stderr
    assert "no space left" in result.stderr and str(tmpfs) in result.stderr
    assert {p: p.read_bytes() for p in tmpfs.rglob("*.ttl")} == before
