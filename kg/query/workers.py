"""Worker processes that answer kg serve's queries and can be stopped mid-query.

pyoxigraph cannot interrupt a running query (it has no cancellation in its Python API), and a
thread cannot be killed: a server that ran queries in threads would answer "timed out" and keep
the runaway query burning a core for as long as it lasts, and the next one beside it. So each
query runs in one of a few worker processes holding their own copy of the graph; a worker that
overruns the timeout is killed and replaced while the client gets its answer (HTTP 503).

A worker loads a snapshot the server made once (the N-Quads of the graph it validated, or the
on-disk store it opened read-only), so every worker, and every replacement, answers from the
same graph. Workers ignore Ctrl-C: the server stops them when it stops.
"""

from __future__ import annotations

import math
import queue
import threading
from dataclasses import dataclass

from kg.errors import KgError, LimitError
from kg.limits import Limits

READY_SECONDS = 120  # how long a new worker may take to load the snapshot


@dataclass(frozen=True)
class Snapshot:
    """Where workers load the graph from: ("nquads", file) or ("store", on-disk generation)."""

    kind: str
    path: str


@dataclass(frozen=True)
class Job:
    text: str
    fmt: str  # a kg.query.results format name, already checked for the query's form
    dataset: tuple[list[str], list[str]] | None = None  # (default graphs, named graphs) from the request
    # A canned question's parameters as typed terms (kg.query.canned.bind), and the columns to drop
    # (the parameters, as kg query drops them): the web UI asks its questions through the same workers.
    substitutions: tuple[tuple[str, object], ...] = ()
    hidden: tuple[str, ...] = ()
    every_graph: bool = False  # a canned question's '# graphs: all' (kg.query.run.PreparedQuery)


def answer(store, names: set[str], job: Job, limits: Limits | None = None) -> tuple:
    """("ok", body bytes) or ("error", exit code, message): one query, checked again, rendered."""
    from kg.query.run import LocalEngine, prepare, run_query
    from kg.query.results import render
    from kg.store.graph import Graph

    limits = (limits or Limits())._replace(query_timeout=math.inf)  # the server's clock rules: no fork here
    try:
        prepared = prepare(job.text, names, limits=limits, every_graph=job.every_graph)  # the server checked it too: a second line of defence
        engine = LocalEngine(Graph(store=store, project=None), job.dataset)
        result = run_query(engine, prepared, limits, dict(job.substitutions) or None)
        if job.hidden:
            result = result.without_columns(job.hidden)
        text = render(result, job.fmt)
        return ("ok", (text if text.endswith("\n") else text + "\n").encode("utf-8"))  # as kg query prints it
    except KgError as exc:
        return ("error", exc.exit_code, str(exc))
    except Exception as exc:  # noqa: BLE001 - reported to the client, the worker lives on
        return ("error", 70, f"{type(exc).__name__}: {exc}")


def _worker_main(connection, snapshot: Snapshot, limits: Limits) -> None:
    import signal

    import pyoxigraph as ox

    from kg.query import results, run  # noqa: F401 - imported now, not on the first query
    from kg.store import graph as _store

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if snapshot.kind == "store":
        store = ox.Store.read_only(snapshot.path)
    else:
        store = ox.Store()
        store.bulk_load(path=snapshot.path, format=ox.RdfFormat.N_QUADS)
    names = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer(store, names, job, limits))


class _Worker:
    def __init__(self, context, snapshot: Snapshot, limits: Limits):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, snapshot, limits), daemon=True,
                                       name="kg-query-worker")
        self.process.start()
        child.close()
        if not self.connection.poll(READY_SECONDS) or self.connection.recv() != "ready":
            self.stop()
            raise KgError("a query worker could not load the graph")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """`size` workers; `run` hands a job to a free one and kills it when it overruns."""

    def __init__(self, snapshot: Snapshot, size: int, log=None, limits: Limits | None = None):
        import multiprocessing

        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._snapshot = snapshot
        self._limits = limits or Limits()
        self._log = log or (lambda line: None)
        self._idle: queue.Queue = queue.Queue()
        self._closed = False
        for _ in range(size):
            self._idle.put(_Worker(self._context, snapshot, self._limits))

    def run(self, job: Job, timeout: float) -> tuple:
        """The worker's reply; LimitError when no worker is free, or the query runs, past `timeout`."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise LimitError(f"every query worker stayed busy for {timeout:g} s; try again later") from None
        try:
            worker.connection.send(job)
            problem = self._wait(worker, timeout)
            if problem is None:
                reply = worker.connection.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            problem = KgError("the query worker stopped unexpectedly (out of memory?); it has been replaced")
            problem.exit_code = 70
        worker.stop()
        threading.Thread(target=self._replace, daemon=True, name="kg-worker-start").start()
        raise problem

    def _wait(self, worker: _Worker, timeout: float) -> KgError | None:
        """None once the worker's reply is there; the LimitError for a query that overran its time,
        or added more than the memory budget to the worker (kg.memory), after which it is killed."""
        import time

        from kg.memory import WATCH_SECONDS, over_budget, resident_bytes

        budget = self._limits.max_memory
        started_with = resident_bytes(worker.process.pid)
        deadline = time.monotonic() + timeout
        while not worker.connection.poll(max(0.0, min(WATCH_SECONDS, deadline - time.monotonic()))):
            if started_with is not None and (resident_bytes(worker.process.pid) or 0) > started_with + budget:
                return over_budget("the query", budget)
            if time.monotonic() >= deadline:
                return LimitError(f"the query ran longer than {timeout:g} s and was stopped")
        return None

    def _replace(self) -> None:
        if self._closed:
            return
        try:
            self._idle.put(_Worker(self._context, self._snapshot, self._limits))
        except (KgError, OSError) as exc:  # e.g. the on-disk store was rebuilt and its old generation pruned
            self._log(f"kg: warning: a stopped query worker could not be replaced ({exc}); one fewer remains")

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
