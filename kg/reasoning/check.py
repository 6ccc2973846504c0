"""`kg check`: OWL consistency with HermiT, inferred types, materialisation and ontology hygiene.

The command looks for Java first (java_for), before any graph is loaded, so a missing Java costs
nothing; then run_check reports everything: hygiene and the staleness of data/inferred.ttl need no
Java, and data/inferred.ttl is written only from a consistent graph.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import findings
from kg.reasoning import hygiene
from kg.store.ontology import Ontology
from kg.errors import UsageError
from kg.findings import Finding
from kg.limits import Limits
from kg.project import Project, write_lock
from kg.reasoning.explain import culprit, find_culprits
from kg.reasoning.materialize import Materialized, materialize
from kg.store.inference import inferred_status
from kg.namespaces import RDF_TYPE, shorten
from kg.reasoning.hermit import HermitResult, find_java, run_hermit
from kg.reasoning.cleaned_copy import CopyPart, build_copy
from kg.graph_selection import asserted_graph_names
from kg.store.graph import Graph


@dataclass(frozen=True)
class TypeChange:
    """An individual whose most specific types, as HermiT infers them, are not all asserted."""

    individual: str
    asserted: tuple[str, ...]
    inferred: tuple[str, ...]


@dataclass
class CheckReport:
    hygiene: list[Finding]
    inferred_status: str  # absent | current | stale, after any materialisation
    reasoner_ran: bool = False
    consistent: bool | None = None
    reasoner_seconds: float | None = None
    culprits: list[Finding] = field(default_factory=list)  # why the graph is inconsistent
    unsatisfiable: list[str] = field(default_factory=list)
    type_changes: list[TypeChange] = field(default_factory=list)
    materialized: Materialized | None = None
    seconds: float = 0.0

    def count(self, severity: str) -> int:
        """Hygiene findings of this severity."""
        return findings.count(self.hygiene, severity)

    @property
    def ok(self) -> bool:
        """Exit 0 only when nothing is wrong: consistent, all classes satisfiable, no hygiene ERROR, fresh inferences."""
        return (self.consistent is not False and not self.unsatisfiable and findings.conforms(self.hygiene)
                and self.inferred_status != "stale")


def check(
    project: Project, *, graph: Graph | Callable[[], Graph] | None = None, store_dir: Path | None = None,
    reasoner: bool = True, materialize: bool = False, timeout: float | None = None, limits: Limits | None = None,
) -> CheckReport:
    """Everything kg check reports about the project; with `materialize`, data/inferred.ttl rewritten.

    Java is looked for before any graph is read. `graph` is the project's graph when the caller has
    it open, or a function that opens it; by default it is read as open_graph reads it. With
    `materialize` the project's write lock is held from the reading of the files to the writing:
    the file is stamped with the digest of the files it was derived from, so none may change in
    between, and a second writer fails at once (PolicyError, exit 4).
    """
    from kg.store.build import graph_of

    limits = limits or Limits()
    java = java_for(reasoner=reasoner, write_inferred=materialize)
    seconds = timeout if timeout is not None else limits.reasoner_timeout
    with write_lock(project) if materialize else nullcontext():
        opened = graph_of(graph if graph is not None else project, store_dir, limits)
        return run_check(opened, java, write_inferred=materialize, timeout=seconds, limits=limits)


def java_for(reasoner: bool, write_inferred: bool) -> str | None:
    """The java executable when the reasoner is wanted, looked for before any graph is loaded."""
    if write_inferred and not reasoner:
        raise UsageError("--materialize needs the reasoner; drop --no-reasoner")
    return find_java() if reasoner else None


def run_check(graph: Graph, java: str | None, *, write_inferred: bool = False, timeout: float = 300.0,
              limits: Limits | None = None) -> CheckReport:
    """Everything kg check reports; the reasoner runs when `java` is given (see java_for).

    With write_inferred the caller holds the project's write lock (as check() does).
    """
    started = time.perf_counter()
    project = graph.project
    hierarchy = Ontology.from_store(graph.store)
    places = {pf.graph: pf.relative_to(project.root) for pf in graph.files}
    report = CheckReport(
        hygiene=hygiene.check(graph.store, hierarchy, project.ontology_file, places),
        inferred_status=inferred_status(project, graph.store),
    )
    if java is not None:
        seconds = timeout
        parts = build_copy(graph.store)
        result = run_hermit(parts, java, seconds)
        report.reasoner_ran, report.consistent, report.reasoner_seconds = True, result.consistent, result.seconds
        if not result.consistent:
            report.culprits = find_culprits(graph.store, hierarchy, places) or _locate(parts, java, seconds, places)
        else:
            report.unsatisfiable = [shorten(c) for c in result.unsatisfiable]
            report.type_changes = type_changes(graph.store, result)
            if write_inferred:
                report.materialized = materialize(project, graph.store, hierarchy, result, limits)
                report.inferred_status = "current"
    report.seconds = time.perf_counter() - started
    return report


def _locate(parts: list[CopyPart], java: str, timeout: float, places: dict[str, str]) -> list[Finding]:
    from kg.reasoning.bisection import locate

    found = locate(parts, lambda candidate: run_hermit(candidate, java, timeout).consistent, places)
    if found is None:
        return [culprit("", "HermiT finds the graph inconsistent; no targeted check explains it, and bisection ran out of runs")]
    return [found.finding]


def type_changes(store: ox.Store, result: HermitResult) -> list[TypeChange]:
    """Each individual HermiT gave a type nobody asserted, with its asserted and its new types."""
    graphs = set(asserted_graph_names(store))
    changes = []
    for individual in sorted(result.new_types):
        asserted = {
            shorten(q.object.value)
            for q in store.quads_for_pattern(ox.NamedNode(individual), ox.NamedNode(RDF_TYPE), None)
            if q.graph_name in graphs and isinstance(q.object, ox.NamedNode)
        }
        inferred = tuple(sorted(shorten(c) for c in result.new_types[individual]))
        changes.append(TypeChange(shorten(individual), tuple(sorted(asserted)), inferred))
    return changes
