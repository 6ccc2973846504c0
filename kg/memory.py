"""The memory budget: how much memory a process holds, and the error for going over it.

A query can grow without end (a cross join under ORDER BY took 0.4 GB a second until its 30 s
timeout), and a process that runs out of memory does not fail cleanly: pyoxigraph's Rust code
aborts the whole process when an allocation fails, with no exception to catch. So the budget is
not an allocation limit (setrlimit) inside the process that does the work but a watch from
outside it: resident memory is read every few milliseconds from /proc, and the work is stopped
once it is over the budget, by whoever can stop it without losing anything (the parent of a
forked query, kg serve's pool for its workers, the kg program for its own process). Where there
is no /proc (macOS, Windows), resident_bytes says None and nothing is watched.
"""

from __future__ import annotations

import os

from kg.errors import LimitError

WATCH_SECONDS = 0.01  # between two reads: at 0.4 GB/s a query overshoots by about 4 MB

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int | None = None) -> int | None:
    """The resident memory of process `pid` (this one by default), or None where it cannot be read."""
    try:
        with open(f"/proc/{pid or 'self'}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def over_budget(what: str, budget: int) -> LimitError:
    """The one error for going over: `what` ("the query", "kg build") and the budget it broke."""
    return LimitError(f"{what} went over the memory budget of {shown_size(budget)} and was stopped",
                      hint="narrow it, or raise the budget with --memory SIZE or KG_MAX_MEMORY")


def shown_size(size: int) -> str:
    """A size as a person reads it: 512 MiB, 4 GiB, 1.5 GiB (binary units, as --memory takes them)."""
    for unit, scale in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.4g} {unit}"
    return f"{size} bytes"


def give_back() -> None:
    """Hand the heap's free pages back to the system (glibc's malloc_trim; elsewhere nothing).

    A phase of kg build that frees a few hundred megabytes (the in-memory copy SHACL reads) leaves
    them resident in the allocator's arenas, under the next phase's own peak; trimmed, the
    phases' peaks no longer add up (docs/PERFORMANCE.md, issue 17).
    """
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass
