"""`kg build` and the one way every reading command gets its graph.

Reading commands call `open_graph`: with a store folder (the project's own, .kg/store, unless the
command line names another or none) they reuse the on-disk store while it is fresh and bring it up
to date, validation included, when a file changed (kg.store.refresh: only the changed files'
graphs when that is provably the same); without one they parse the project into memory.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pyoxigraph as ox

from kg.errors import PolicyError, ViolationsFound
from kg.limits import Limits
from kg.memory import give_back
from kg.namespaces import SHAPES_GRAPH
from kg.project import Project
from kg.store.graph import Graph, ensure_store_dir, load_in_memory, open_on_disk, publish_generation, write_generation, writer_lock

if TYPE_CHECKING:  # imported where used: reading commands (kg query) need neither
    from kg import shacl
    from kg.store import stats


class BuildReport(NamedTuple):
    stats: stats.Stats
    shacl: shacl.ShaclReport | None  # None when validation was skipped
    store_dir: Path | None
    seconds: float
    unread: tuple[str, ...] = ()  # warnings: files in data/ that are not read (kg.project.Project.unread_files), a stale data/inferred.ttl
    how: str = ""  # how an existing store was brought up to date: "refreshed …" or "built in full: <why>"

    @property
    def conforms(self) -> bool:
        return self.shacl is None or self.shacl.conforms


def build(project: Project, store_dir: Path | None = None, limits: Limits | None = None, *, validate: bool = True) -> BuildReport:
    """Parse everything strictly, validate, and (with store_dir) publish a new on-disk store.

    An on-disk store is only published when the graph conforms, so a store is always a valid graph.
    """
    from kg import shacl
    from kg.store import stats

    limits = limits or Limits()
    started = time.perf_counter()
    if store_dir is None:
        graph = load_in_memory(project, limits, completed=False)
        report = shacl.validate_store(graph.store, nesting_limit=limits.max_nesting_depth) if validate else None
        from kg.store.inference import complete

        complete(graph.store)
        return BuildReport(stats.collect(graph), report, None, time.perf_counter() - started,
                           tuple(project.unread_files()) + tuple(graph.warnings))

    ensure_store_dir(store_dir)
    outcome: dict = {}

    def validate_asserted(graph: Graph, apart) -> None:
        shapes = apart.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH))
        outcome["shacl"] = (shacl.validate_store(_in_memory(graph.store), shapes=shapes,
                                                 nesting_limit=limits.max_nesting_depth) if validate else None)
        give_back()  # the copy's memory, before the default graph's load
        graph.findings = outcome["shacl"].results if validate else None

    def check(graph: Graph) -> None:
        if graph.counts is None:  # a refresh brings the previous build's counts up to date
            graph.counts = stats.counts(graph)
        outcome["stats"], outcome["warnings"] = stats.assemble(graph.counts), tuple(graph.warnings)
        if "shacl" not in outcome:  # a refresh: the kept results and those judged again
            outcome["shacl"] = shacl.ShaclReport(results=graph.findings) if graph.findings is not None else None
        if outcome["shacl"] is not None and not outcome["shacl"].conforms:
            raise ViolationsFound("the graph does not conform to the shapes; the store was not updated")

    with writer_lock(store_dir):
        try:
            generation = _new_generation(project, store_dir, limits, check, validate_asserted, validate, outcome)
        except ViolationsFound:
            return BuildReport(outcome["stats"], outcome["shacl"], store_dir, time.perf_counter() - started,
                               tuple(project.unread_files()) + outcome["warnings"], outcome["how"])
        publish_generation(store_dir, generation)
    return BuildReport(outcome["stats"], outcome["shacl"], store_dir, time.perf_counter() - started,
                       tuple(project.unread_files()) + outcome["warnings"], outcome["how"])


# The largest asserted graph SHACL validates in memory (~450 MB per million quads); a larger one is
# validated on RocksDB, 2-3x slower, so that the build's memory stays bounded.
SHACL_IN_MEMORY_QUADS = 1_500_000


def _in_memory(store: ox.Store) -> ox.Store:
    """The asserted graphs, copied into memory to be validated there (or `store` itself when they
    hold more than SHACL_IN_MEMORY_QUADS): the engine answers the shapes' queries two to three times
    faster than on RocksDB, and the copy is let go before the build's next phase, so its memory does
    not add to the loaders' (docs/PERFORMANCE.md, issue 17)."""
    from itertools import islice

    copy, quads = ox.Store(), iter(store)
    copy.bulk_extend(islice(quads, SHACL_IN_MEMORY_QUADS))
    return store if next(quads, None) is not None else copy


def _new_generation(project: Project, store_dir: Path, limits: Limits, check, validate_asserted,
                    validate: bool, outcome: dict) -> Path:
    """A refresh of the current generation when the change is provably local (kg.store.refresh),
    else a full build; outcome["how"] says which ("" for a first build or an unchanged project)."""
    from kg.store import refresh
    from kg.store.graph import changes, read_manifest

    files = project.files()
    found = read_manifest(store_dir)
    outcome["how"] = ""
    if found is not None:
        previous, manifest = found
        changed = changes(project, manifest, files)
        if changed:
            reason = refresh.why_not_local(changed, manifest, validate)
            if reason is None:
                paths = changed.paths(project)
                shown = ", ".join(paths[:3]) + (", …" if len(paths) > 3 else "")
                outcome["how"] = f"refreshed: {len(paths)} changed file{'s' if len(paths) != 1 else ''} ({shown})"
                try:
                    return refresh.refresh(project, files, changed, previous, manifest, store_dir, limits, check,
                                           validate).generation
                except refresh.NotLocal as exc:
                    reason = str(exc)
            outcome["how"] = f"built in full: {reason}"
    return write_generation(project, store_dir, limits, check, validate_asserted, files)


def graph_of(where, store_dir: Path | None = None, limits: Limits | None = None) -> Graph:
    """The graph `where` stands for: a Project's (read as open_graph reads it), a Graph as it is, or
    what a function of no arguments returns (a caller's own way of opening it, called only now)."""
    if isinstance(where, Graph):
        return where
    if isinstance(where, Project):
        return open_graph(where, store_dir, limits)
    if callable(where):
        return where()
    raise TypeError(f"expected a kg.Project, a graph from kg.open_graph, or a function giving one, not {type(where).__name__}")


def project_store(project: Project) -> Path:
    """The project's own store: .kg/ is git-ignored, and kg writes nothing else outside it when reading."""
    return project.root / ".kg" / "store"


def open_graph(project: Project, store_dir: Path | None = None, limits: Limits | None = None) -> Graph:
    """The project's graph for reading: in memory, or the on-disk store (brought up to date first).

    The project's own store (project_store) gives way to memory, with a warning, when it cannot be
    written (a read-only checkout, another kg writing it) or the files do not conform (a store
    holds only a valid graph): reading a project never fails because of its cache. A store named
    with --store fails instead, as it always has.
    """
    limits = limits or Limits()
    if store_dir is None:
        return load_in_memory(project, limits)
    if store_dir == project_store(project):
        try:
            return _open_store(project, store_dir, limits)
        except (ViolationsFound, PolicyError, OSError) as exc:
            graph = load_in_memory(project, limits)
            graph.notes.append(f"the project store {store_dir} was not used ({_why(exc)}); the files were read "
                               "into memory")
            return graph
    return _open_store(project, store_dir, limits)


def _why(exc: Exception) -> str:
    if isinstance(exc, ViolationsFound):
        return "the files do not conform to the shapes: kg build lists the violations"
    if isinstance(exc, PolicyError):
        return str(exc).split(": ", 1)[-1]
    return exc.strerror or str(exc)


def _open_store(project: Project, store_dir: Path, limits: Limits) -> Graph:
    graph = open_on_disk(project, store_dir, project.files())  # listed once: each listing resolves every path
    if graph is not None:
        return graph
    report = build(project, store_dir, limits)
    if not report.conforms:
        raise ViolationsFound(
            f"--store {store_dir} is out of date and the project's files do not conform to the shapes; "
            "run kg build to see the violations"
        )
    graph = open_on_disk(project, store_dir)
    assert graph is not None  # just built from the same files
    graph.rebuilt = True
    graph.how = report.how
    return graph
