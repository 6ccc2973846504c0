"""A query evaluated in a forked child process, so that it can be stopped at its deadline.

pyoxigraph has no way to interrupt a running query, and Python has no way to kill a thread: a
query abandoned in a thread at its deadline burns a core until it ends, for the life of the
process, which in a notebook or a pipeline is long. A child forked for the one query shares the
parent's store copy-on-write (nothing is loaded again) and is killed at the deadline, so a
timed-out query leaves neither a thread nor a process behind.

The child sends its answer through a pipe in pyoxigraph's own serialisations (SPARQL TSV for
solutions, N-Triples for graphs; both keep every term exactly, blank-node labels included), which
it writes from the engine's result without making a Python object per term; an engine without a
raw result (`raw`) is pickled instead. Errors travel pickled too and are raised in the parent as
they were raised in the child. Measured costs are in docs/PERFORMANCE.md ("Query deadlines").

The child is watched for memory too (kg.memory): with a budget, the parent reads the child's
resident memory every few milliseconds while it waits, and kills it once the query has added more
than the budget to what the process held when it forked (MemoryOverrun). A limit set inside the
child (setrlimit) would not do: pyoxigraph aborts the process when an allocation fails, and an
abort cannot be told apart from a crash.

A thread abandoned at the deadline is still the right tool for a process that ends right after
the query, as the `kg` program does (`in_thread`): it saves the fork, about 1 ms on a quiet
machine and several under load, and the query stops with the process. It is also what runs
where os.fork is missing (Windows).
"""

from __future__ import annotations

import os
import time

import pyoxigraph as ox

_RESULTS, _TRIPLES, _PICKLED, _ERROR = b"r", b"t", b"p", b"e"
_CHUNK = 1 << 20


class Overrun(Exception):
    """The query did not finish before its deadline; it has been stopped."""


class MemoryOverrun(Exception):
    """The query went over its memory budget; it has been stopped."""


def evaluate(engine, query, substitutions: dict | None, seconds: float, *, in_thread: bool = False,
             memory: int | None = None):
    """The answer, or Overrun once `seconds` have passed, or MemoryOverrun once the query has added
    `memory` bytes to its process: what the engine's `raw` gives (parsed from the child's
    serialisation: solutions, a boolean, or triples), else its QueryResult. In a thread, memory is
    the kg program's to watch (kg.cli.memory)."""
    if in_thread or not hasattr(os, "fork"):
        return _in_thread(engine, query, substitutions, seconds)
    from kg.memory import resident_bytes

    started_with = resident_bytes() if memory else None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answers, then ends without running the parent's exit handlers
        os.close(read_end)
        _answer(engine, query, substitutions, write_end)
    os.close(write_end)
    finished = False
    try:
        ceiling = None if started_with is None else started_with + memory
        data = _read_until(read_end, time.monotonic() + seconds, pid, ceiling)
        finished = True
    finally:
        os.close(read_end)
        if not finished:  # the deadline, or the caller interrupted (Ctrl-C): the child goes too
            _kill(pid)
    return _decoded(data, _reaped(pid))


def _answer(engine, query, substitutions: dict | None, fd: int) -> None:
    try:
        try:
            payload = _payload(engine, query, substitutions)
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            payload = _ERROR + _pickled_error(exc)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)


def _payload(engine, query, substitutions: dict | None) -> bytes:
    raw_of = getattr(engine, "raw", None)
    if raw_of is None:
        import pickle

        return _PICKLED + pickle.dumps(engine.evaluate(query, substitutions), pickle.HIGHEST_PROTOCOL)
    raw = raw_of(query, substitutions)
    if isinstance(raw, (ox.QuerySolutions, ox.QueryBoolean)):
        return _RESULTS + raw.serialize(format=ox.QueryResultsFormat.TSV)
    return _TRIPLES + raw.serialize(format=ox.RdfFormat.N_TRIPLES)


def _pickled_error(exc: BaseException) -> bytes:
    import pickle

    try:
        return pickle.dumps(exc, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an exception that cannot travel is described instead
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))


def _read_until(fd: int, deadline: float, pid: int, ceiling: int | None) -> bytes:
    """What the child writes, until it closes the pipe; Overrun past the deadline, MemoryOverrun
    once the child holds more than `ceiling` bytes (None: no watch)."""
    import select  # poll, not select: a notebook may hold more than 1024 descriptors

    from kg.memory import WATCH_SECONDS, resident_bytes

    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Overrun
        ready = poller.poll(min(remaining, WATCH_SECONDS if ceiling else remaining) * 1000)
        if ceiling is not None and (resident_bytes(pid) or 0) > ceiling:
            raise MemoryOverrun
        if not ready:
            continue
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reaped(pid)


def _reaped(pid: int) -> int:
    """The child's wait status, once it has ended (so no zombie is left)."""
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return 0
        except InterruptedError:
            continue


def _decoded(data: bytes, status: int):
    kind, body = data[:1], data[1:]
    if kind == _RESULTS:
        return ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
    if kind == _TRIPLES:
        return ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
    if kind in (_PICKLED, _ERROR):
        import pickle  # here: an answer in the engine's own format never needs it

        if kind == _ERROR:
            raise pickle.loads(body)
        return pickle.loads(body)
    raise _died(status)


def _died(status: int):
    """The child ended without an answer: killed from outside (the out-of-memory killer) or crashed."""
    from kg.errors import KgError

    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.waitstatus_to_exitcode(status)}"
    problem = KgError(f"the query's process ended without an answer ({how}; out of memory?)")
    problem.exit_code = 70  # as kg.cli.failures reports an internal error
    return problem


def _in_thread(engine, query, substitutions: dict | None, seconds: float):
    import _thread  # the low-level API: importing threading would cost every cold kg query a millisecond

    outcome: dict = {}
    done = _thread.allocate_lock()
    done.acquire()

    def work() -> None:
        try:
            outcome["result"] = engine.evaluate(query, substitutions)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = exc
        finally:
            done.release()

    _thread.start_new_thread(work, ())  # left running past the deadline, it ends with the process (a daemon)
    if not done.acquire(timeout=seconds):
        raise Overrun
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
