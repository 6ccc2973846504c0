"""The pyoxigraph store every command reads (`Graph`), and the project's files loaded into it.

The files are the source of truth; a store is a build product, in memory or on disk. An on-disk
store's generations are kg.store.generations; the manifest that says whether one is still fresh
is kg.store.manifest.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, LimitError
from kg.limits import Limits
from kg.namespaces import INFERRED_GRAPH, PREFIXES
from kg.project import Project, ProjectFile

STALE_INFERRED = (
    "data/inferred.ttl is stale: kg check --materialize wrote it before the last change to ontology/ or data/, "
    "so types in it may no longer hold; run kg check --materialize to refresh it, or delete it"
)


class Graph:
    """An open store plus where it came from (a plain class: a dataclass costs kg query 1 ms to define).

    The store's default graph holds every triple of the named graphs once (set semantics, as
    Jena's union graph); `complete` puts it there.
    """

    def __init__(self, store: ox.Store, project: Project, location: Path | None = None, rebuilt: bool = False,
                 files: list[ProjectFile] | None = None, inferred_status: str = "absent"):
        self.store = store
        self.project = project
        self.location = location  # the on-disk generation, or None in memory
        self.rebuilt = rebuilt  # an on-disk store was stale and has just been rebuilt
        self.files = files if files is not None else []
        self.inferred_status = inferred_status  # of data/inferred.ttl: absent | current | stale
        self.how = ""  # when a stale store was brought up to date: how (kg.store.build.BuildReport.how)
        self.notes: list[str] = []  # more warnings, e.g. that the project's store could not be used
        self.findings: list | None = None  # a build's SHACL results (kg.findings.Finding), kept in its manifest
        self.counts: dict | None = None  # what kg.store.stats shows, kept in the manifest for a refresh to patch

    @property
    def warnings(self) -> list[str]:
        """What every command that reads this graph says on stderr."""
        return ([STALE_INFERRED] if self.inferred_status == "stale" else []) + self.notes

    def query(self, sparql: str, **kwargs):
        """SPARQL with the project prefixes over the graph's dataset (see dataset)."""
        if not any(k in kwargs for k in ("default_graph", "named_graphs", "use_default_graph_as_union")):
            kwargs.update(self.dataset())
        return self.store.query(sparql, prefixes=PREFIXES, **kwargs)

    def in_memory(self, max_quads: int) -> Graph:
        """This graph copied into memory when it holds at most `max_quads` quads, else itself.

        For a long-running reader (kg serve): an entity page makes many small lookups, which run
        2.5x faster in memory than in RocksDB (bench/web.py); the copy reads ~100,000 quads a second.
        """
        if self.location is None or len(self.store) > max_quads:
            return self
        store = ox.Store()
        store.bulk_extend(self.store.quads_for_pattern(None, None, None, None))
        copy = Graph(store, self.project, None, self.rebuilt, self.files, self.inferred_status)
        copy.how, copy.notes, copy.findings = self.how, list(self.notes), self.findings
        return copy

    def dataset(self, *, inferred: bool = False) -> dict:
        """The dataset a query sees: outside GRAPH, the default graph (each asserted or inferred
        triple once); GRAPH ?g ranges over the ontology, shapes, entities and source graphs, so a
        question about provenance never answers "inferred" (`inferred=True` names that graph too)."""
        hidden = None if inferred else ox.NamedNode(INFERRED_GRAPH)
        # In a fixed order: GRAPH ?g reads them in the order given, and rows that tie in an ORDER BY
        # come out in that order (an in-memory store lists its graphs in a different order each run).
        return {"named_graphs": sorted((g for g in self.store.named_graphs() if g != hidden), key=str)}


# ---------------------------------------------------------------- loading


def load_files(store: ox.Store, files: list[ProjectFile], limits: Limits) -> None:
    """Parse every file strictly into its named graph, then run the checks the parser does not.

    For in-memory stores; on-disk stores are filled by kg.store.bulkload.
    """
    from kg.rdf import reading  # here, as in the two functions below: a query on a fresh store never parses

    largest = 0
    for pf in files:
        inp = reading.read_input(pf.path, limits=limits)
        largest = max(largest, len(inp.data))
        target = ox.NamedNode(pf.graph)
        if inp.format in reading.NAMED_GRAPH_FORMATS:  # the loader would keep its named graphs: the shapes', another source's
            reading.parse(inp, graph=pf.graph, limits=limits)
        try:
            store.load(inp.data, format=reading.FORMATS[inp.format], to_graph=target)
        except SyntaxError as exc:
            raise reading.syntax_error(exc, str(pf.path)) from None
        except (ValueError, OSError) as exc:
            raise InputError(f"cannot load: {exc}", path=str(pf.path)) from None
    check_store(store, files, limits, largest_input=largest)


def check_store(store: ox.Store, files: list[ProjectFile], limits: Limits, *, largest_input: int | None = None) -> None:
    """Ill-typed literals, over-long literals and deep nesting, reported by file.

    One pass over the quads in Python: measured faster than the SPARQL FILTER it replaced (2 ms
    against 12 ms on the shipped data, 0.22 s against 0.56 s on 100k triples), and it runs in
    every reading command. Each distinct typed literal is checked once. A literal has no more
    characters than its file has bytes, so when no input (`largest_input`, in bytes) is over the
    length limit, lengths are not measured; that and skipping language-tagged literals first
    halve the pass (2.6 against 4.8 ms on the shipped data).
    """
    from kg.rdf import literals, reading

    by_graph = {pf.graph: pf for pf in files}
    checked = set(literals.CHECKED_DATATYPES)
    measure = largest_input is None or largest_input > limits.max_literal_chars
    seen: set = set()
    children: dict = {}
    literal, blank = ox.Literal, ox.BlankNode
    for quad in store.quads_for_pattern(None, None, None, None):
        obj = quad.object
        if type(obj) is literal:
            if (measure and len(obj.value) > limits.max_literal_chars) or (
                not obj.language and obj.datatype.value in checked and obj not in seen
            ):
                _check_literal(obj, by_graph.get(getattr(quad.graph_name, "value", None)), limits)
                seen.add(obj)
        elif type(obj) is blank and type(quad.subject) is blank:
            children.setdefault(quad.subject, []).append(obj)
    if children and reading.nesting_depth(children) > limits.max_nesting_depth:
        raise LimitError(
            f"blank nodes nested more than {limits.max_nesting_depth} levels deep (KG_MAX_NESTING_DEPTH)"
        )


def _check_literal(literal: ox.Literal, pf: ProjectFile | None, limits: Limits) -> None:
    from kg.rdf import literals, reading

    shown = str(pf.path) if pf else "the store"
    if len(literal.value) > limits.max_literal_chars:
        raise LimitError(
            f"{shown}: a literal of {len(literal.value):,} characters is over the limit of "
            f"{limits.max_literal_chars:,} (KG_MAX_LITERAL_CHARS)"
        )
    problem = literals.lexical_problem(literal.value, literal.datatype.value)
    if problem:
        text = pf.path.read_text(encoding="utf-8") if pf else ""
        inp = reading.RdfInput(shown, b"", text, "turtle")
        raise reading.ill_typed(inp, literal, problem)


def load_in_memory(project: Project, limits: Limits | None = None, *, completed: bool = True) -> Graph:
    """The project in a new in-memory store; `completed=False` leaves out the inferred closure and
    the default graph (kg build validates the asserted graphs first, then calls complete)."""
    limits = limits or Limits()
    files = project.files()
    store = ox.Store()
    load_files(store, files, limits)
    if completed:
        from kg.store.inference import complete  # here: not for a store that is only checked

        complete(store)
    status = "absent"
    if any(pf.role == "inferred" for pf in files):
        from kg.store.inference import inferred_status

        status = inferred_status(project, store)
    return Graph(store=store, project=project, files=files, inferred_status=status)


