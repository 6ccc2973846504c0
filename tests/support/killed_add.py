"""Kill a `kg add` subprocess after it wrote and verified its temp file, just before the rename."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from kg.validation.add import PAUSE_ENV

from tests.support.paths import REPO


def kill_add_before_its_rename(kg_exe: list[str], project: Path, facts: Path) -> list[Path]:
    """Run `kg add facts` in a process paused before its rename, SIGKILL it there; return its temp files."""
    sources = project / "data" / "sources"
    env = {**os.environ, PAUSE_ENV: "60", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([*kg_exe, "-C", str(project), "add", str(facts)], env=env, cwd=REPO,
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
