"""`kg push`: copy named graphs to a remote store with the Graph Store Protocol, then verify.

Each graph is replaced, never appended to, so pushing twice leaves the same remote graph. A
graph of up to `batch_size` triples goes in one PUT; a larger one as a PUT of the first batch
then POSTs of the rest, because one huge PUT is slow and all-or-nothing (1M triples: 47 s in
DESIGN.md §2) and a server's request limits are easier to meet in batches. Triples that share
blank nodes always travel in the same request: a server reads each request's blank-node labels
afresh, so splitting them would cut one node in two. Pushing only reads the local store.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.interop import remote
from kg.errors import RemoteError
from kg.graph_selection import display_name, stored_graphs
from kg.namespaces import GRAPH, SRC

# Triples per request. bench/export.py --push to a local `oxigraph serve`, one source graph:
# 95k triples: batches of 10k-50k ~35k triples/s, 100k batches or one PUT ~20k triples/s;
# 932k triples: batches 49-60 s (re-push 128-150 s), one PUT 146 s (re-push 275 s).
DEFAULT_BATCH = 50_000
# About the rate of a first push in batches; used only to say roughly how long a push will take.
# A re-push (the first request also deletes the old graph) and a server across a network are slower.
TRIPLES_PER_SECOND = 15_000


@dataclass(frozen=True)
class GraphPlan:
    graph: str
    triples: int
    ntriples_bytes: int
    requests: int


@dataclass(frozen=True)
class GraphResult:
    graph: str
    local: int
    remote: int

    @property
    def ok(self) -> bool:
        return self.local == self.remote


@dataclass(frozen=True)
class PushReport:
    results: list[GraphResult]
    seconds: float
    pruned: list[str] = field(default_factory=list)  # remote graphs deleted because the project no longer has them
    # False when the store's own default graph is empty after the push: plain SPARQL clients then see
    # nothing outside GRAPH (Oxigraph without --union-default-graph); None when unknown.
    default_graph_seen: bool | None = None

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def local_counts(store: ox.Store, graphs: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(graphs, 0)
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        if row["g"].value in counts:
            counts[row["g"].value] = int(row["n"].value)
    return counts


def plan(store: ox.Store, graphs: list[str], batch_size: int = DEFAULT_BATCH) -> list[GraphPlan]:
    """What a push would send, without contacting anything."""
    counts = local_counts(store, graphs)
    return [
        GraphPlan(
            graph=g,
            triples=counts[g],
            ntriples_bytes=len(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))),
            requests=max(1, math.ceil(counts[g] / batch_size)),
        )
        for g in graphs
    ]


def estimated_seconds(plans: list[GraphPlan]) -> float:
    return sum(p.triples for p in plans) / TRIPLES_PER_SECOND


def push(
    store: ox.Store, ep: remote.Endpoint, graphs: list[str], batch_size: int = DEFAULT_BATCH, prune: bool = False
) -> PushReport:
    """Replace each graph remotely, then compare remote and local triple counts.

    With `prune`, remote graphs named under the project's namespaces that the local store does not
    have at all (a source file removed) are deleted first; graphs merely left out of `graphs` stay.
    """
    started = time.perf_counter()
    pruned = [g for g in stale_graphs(store, ep) if remote.delete_graph(ep, g)] if prune else []
    local = local_counts(store, graphs)
    for g in graphs:
        upload(store, ep, g, local[g], batch_size)
    remote_counts = remote.count_triples(ep, graphs)
    results = [GraphResult(g, local[g], remote_counts[g]) for g in graphs]
    seen = default_graph_seen(ep) if any(r.remote for r in results) else None
    return PushReport(results, time.perf_counter() - started, pruned, seen)


def default_graph_seen(ep: remote.Endpoint) -> bool | None:
    """Whether a plain query (no GRAPH, no dataset named) sees any triple; None if the store will not say."""
    try:
        answer = remote.run_query(ep, "ASK { ?s ?p ?o }")
    except RemoteError:
        return None
    return bool(answer) if isinstance(answer, ox.QueryBoolean) else None


def stale_graphs(store: ox.Store, ep: remote.Endpoint) -> list[str]:
    """Remote graphs in the project's graph and source namespaces that the local store does not have."""
    local = set(stored_graphs(store))
    return [g for g in remote.graph_names(ep) if g.startswith((GRAPH, SRC)) and g not in local]


def upload(store: ox.Store, ep: remote.Endpoint, graph: str, triples: int, batch_size: int) -> None:
    if triples <= batch_size:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        remote.put_graph(ep, graph, data)
        return
    sent = 0
    try:
        for i, data in enumerate(batches(store, graph, batch_size)):
            (remote.put_graph if i == 0 else remote.post_graph)(ep, graph, data)
            sent = i + 1
    except RemoteError as exc:
        raise RemoteError(
            f"{exc} (graph {display_name(graph)} is incomplete remotely: {sent} batch(es) of "
            f"{batch_size:,} triples were sent; run kg push again)"
        ) from None


def batches(store: ox.Store, graph: str, batch_size: int) -> Iterator[bytes]:
    """N-Triples batches of about batch_size triples; triples linked by blank nodes stay together."""
    plain, linked = [], []
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        triple = ox.Triple(q.subject, q.predicate, q.object)
        has_blank = isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        (linked if has_blank else plain).append(triple)
    groups = blank_node_groups(linked)
    groups += [plain[i:i + batch_size] for i in range(0, len(plain), batch_size)]
    batch: list = []
    for group in groups:
        if batch and len(batch) + len(group) > batch_size:
            yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
            batch = []
        batch.extend(group)
    if batch:
        yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)


def blank_node_groups(triples: list) -> list[list]:
    """Triples partitioned so that two triples sharing a blank node are in the same part."""
    parent: dict = {}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for t in triples:
        blanks = [n for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        for n in blanks:
            parent.setdefault(n, n)
        if len(blanks) == 2:
            parent[root(blanks[1])] = root(blanks[0])
    groups: dict = defaultdict(list)
    for t in triples:
        first = t.subject if isinstance(t.subject, ox.BlankNode) else t.object
        groups[root(first)].append(t)
    return [groups[k] for k in sorted(groups, key=lambda b: b.value)]
