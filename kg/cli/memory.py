"""The memory budget of the kg program: --memory SIZE or KG_MAX_MEMORY, and its watch.

The library keeps the budget where it runs a query apart (kg.query.isolated, kg serve's workers:
see kg.memory). The kg program keeps it for its own process, whatever the command (a build's
store load and SHACL, a validation, a query run in a thread): a watcher thread reads the process's
resident memory every few milliseconds, and past the budget stops the command in two steps. First
it interrupts the main thread with a signal whose handler raises the LimitError, so the command
ends as any error does (files are never half-written, the lock is released, one line, exit 5);
a main thread busy inside Rust code does not see the signal until the call returns, so if the
process still runs a moment later, the watcher says the same line itself and ends it with exit 5,
as a kill would, which every write survives (SECURITY.md, rule 10). Only the program does this:
main() called inside someone else's process (tests, scripts) leaves that process alone.
"""

from __future__ import annotations

import os
import re

from kg.limits import Limits

MIN_BUDGET = 64 * 1024**2  # Python and pyoxigraph alone hold about 30 MB
GRACE_SECONDS = 0.5  # how long the main thread has to end cleanly once told

_SIZE = r"([0-9]+(?:\.[0-9]+)?) *([KMGT]?)(?:i?B)?"
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_chosen: int | None = None


def parse_size(text: str) -> int:
    """Bytes from `512M`, `2G`, `1.5GiB`, `4096` (binary units: 1G is 1024³ bytes); ValueError
    with the reason for anything else."""
    found = re.fullmatch(_SIZE, text.strip(), re.IGNORECASE)
    if not found:
        raise ValueError(f"{text!r} is not a size: give a number with K, M, G or T, e.g. 2G or 512M")
    size = int(float(found[1]) * _UNITS[found[2].upper()])
    if size < MIN_BUDGET:
        raise ValueError(f"{text!r} is below the least budget kg can run in, 64M")
    return size


def choose(size: int | None) -> None:
    """Set the budget of this run: --memory or KG_MAX_MEMORY as parsed, None for the default."""
    global _chosen
    _chosen = size


def limits() -> Limits:
    """The limits of a command: the environment's (Limits.from_env) with the chosen memory budget."""
    found = Limits.from_env()
    return found if _chosen is None else found._replace(max_memory=_chosen)


def guard(command: str) -> None:
    """Watch the kg program's own memory for the rest of its life (see the module's docstring)."""
    # The low-level modules threading and signal are built on, loaded with the interpreter: importing
    # those two would cost every cold kg query 2 ms (their enums and classes), 3 % of its time.
    import _signal
    import _thread

    from kg.memory import resident_bytes

    if resident_bytes() is None:
        return
    budget = Limits().max_memory if _chosen is None else _chosen
    try:
        _signal.signal(_signal.SIGUSR1, _raise_pending)
    except ValueError:  # not the main thread, the only one a signal handler runs in: nothing to interrupt
        return
    _thread.start_new_thread(_watch, (command, budget, _thread.get_ident()))  # ends with the process, as a daemon


_pending: list = []
_done: list = []


def stand_down() -> None:
    """The command has ended: a budget crossed from now on (the interpreter's exit) stops nothing."""
    _done.append(True)


def _raise_pending(signum, frame) -> None:
    if _pending and not _done:
        raise _pending[0]


def _watch(command: str, budget: int, main_thread: int) -> None:
    import _signal  # as in guard
    import time

    from kg.cli import failures
    from kg.memory import WATCH_SECONDS, over_budget, resident_bytes

    while (resident_bytes() or 0) <= budget:
        if _done:
            return
        time.sleep(WATCH_SECONDS)
    _pending.append(over_budget(f"kg {command}", budget))
    _signal.pthread_kill(main_thread, _signal.SIGUSR1)
    time.sleep(GRACE_SECONDS)
    failures.report_once(_pending[0])
    os._exit(_pending[0].exit_code)
