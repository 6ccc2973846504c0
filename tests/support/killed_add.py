"""Kill a `kg add` subprocess after it wrote and verified its temp file, just before the rename."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from tests.support.paths import REPO

# Runs `kg ARGS…` with kg add's atomic write wrapped so that, once the temp file is written and
# verified, the process waits there to be killed: the library itself has no hook for this.
PAUSED_ADD = """
import sys, time
import kg.validation.add as add

def write_then_wait(path, data, *, verify=None, overwrite=True):
    def verify_then_wait(tmp):
        if verify is not None:
            verify(tmp)
        time.sleep(60)
    return write(path, data, verify=verify_then_wait, overwrite=overwrite)

write, add.write_atomically = add.write_atomically, write_then_wait
sys.argv[0] = "kg"
from kg.cli import run
run()
"""


def kill_add_before_its_rename(kg_exe: list[str], project: Path, facts: Path) -> list[Path]:
    """Run `kg add facts` in a process paused before its rename, SIGKILL it there; return its temp files.

    Only the interpreter of `kg_exe` (its first word) is used: the pause needs a launcher of its own.
    """
    sources = project / "data" / "sources"
    process = subprocess.Popen([kg_exe[0], "-c", PAUSED_ADD, "-C", str(project), "add", str(facts)], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not list(sources.glob(".*.tmp")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(sources.glob(".*.tmp")), "kg add never reached the point before its rename"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    return list(sources.glob(".*.tmp"))
