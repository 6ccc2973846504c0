"""Dumps shared with a helper process (kg.rdf.graph_dumps): every graph once, the engine's bytes, whoever dumps it.

The helper is used only for an on-disk store while a core is idle; here it is forced on, and the
exports it takes part in must be the bytes of the exports made without it, also when the helper
cannot open the store or leaves a graph it claimed unfinished.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from kg.interop import export
from kg.namespaces import SRC
from kg.rdf import graph_dumps


GRAPH_COUNT = 12


def on_disk(tmp_path) -> tuple[ox.Store, list[str], object]:
    """A store of GRAPH_COUNT graphs written to disk, then opened read-only as kg opens a generation."""
    folder = tmp_path / "gen"
    store = ox.Store(str(folder))
    graphs = [SRC + f"g-{i}" for i in range(GRAPH_COUNT)]
    store.extend(ox.Quad(ox.NamedNode(SRC + f"s{i}-{k}"), ox.NamedNode(SRC + "p"), ox.Literal(f"v {k} \"q\"\n"),
                         ox.NamedNode(g)) for i, g in enumerate(graphs) for k in range(i * 40))
    store.flush()
    del store
    return ox.Store.read_only(str(folder)), graphs, folder


def dumped(store, graphs, location) -> dict[str, bytes]:
    seen: dict[str, bytes] = {}
    for iri, dump in graph_dumps.graph_dumps(store, graphs, location):
        assert iri not in seen
        seen[iri] = dump.read()
    return seen


@pytest.fixture
def helper_on(monkeypatch):
    monkeypatch.setattr(graph_dumps, "spare_core", lambda: True)


def test_the_helper_shares_the_dumps_and_each_graph_comes_once_with_the_engines_bytes(tmp_path, helper_on, monkeypatch):
    store, graphs, folder = on_disk(tmp_path)
    alone = dumped(store, graphs, None)
    here = []
    own_dump = graph_dumps.dump_graph

    def slow_dump(store, iri):  # this process is slow, so the helper surely dumps some graphs
        here.append(iri)
        time.sleep(0.5)
        return own_dump(store, iri)

    monkeypatch.setattr(graph_dumps, "dump_graph", slow_dump)
    assert dumped(store, graphs, folder) == alone
    assert 0 < len(here) < GRAPH_COUNT
    assert set(alone) == set(graphs) and all(alone[g] == store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))
                                             for g in graphs)


def test_a_helper_that_cannot_open_the_store_leaves_every_graph_to_this_process(tmp_path, helper_on):
    store, graphs, _ = on_disk(tmp_path)
    assert dumped(store, graphs, tmp_path / "not-a-store") == dumped(store, graphs, None)


def test_a_graph_the_helper_claimed_but_did_not_finish_is_dumped_here(tmp_path, helper_on, monkeypatch):
    """The helper dies after claiming its first graph: its .part file is never renamed into place."""
    store, graphs, folder = on_disk(tmp_path)
    dies = graph_dumps.HELPER.replace("    with open(", "    os._exit(1)\n    with open(", 1)
    assert dies != graph_dumps.HELPER
    monkeypatch.setattr(graph_dumps, "HELPER", dies)
    assert dumped(store, graphs, folder) == dumped(store, graphs, None)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "ntriples", "nquads"])
def test_an_export_with_the_helper_is_the_export_without_it(tmp_path, helper_on, fmt):
    store, graphs, folder = on_disk(tmp_path)
    with_helper = export.export(store, graphs, fmt, location=folder)
    assert with_helper.data == export.export(store, graphs, fmt).data
    assert with_helper.statements == sum(i * 40 for i in range(GRAPH_COUNT))


def test_without_an_idle_core_or_with_few_graphs_no_helper_is_started(tmp_path, monkeypatch):
    store, graphs, folder = on_disk(tmp_path)
    started = []
    monkeypatch.setattr(graph_dumps.subprocess, "Popen", lambda *a, **k: started.append(a) or pytest.fail("helper started"))
    monkeypatch.setattr(graph_dumps, "spare_core", lambda: False)
    assert len(dumped(store, graphs, folder)) == GRAPH_COUNT
    monkeypatch.setattr(graph_dumps, "spare_core", lambda: True)
    assert len(dumped(store, graphs[:graph_dumps.SHARE_FROM - 1], folder)) == graph_dumps.SHARE_FROM - 1
    assert not started


def test_one_core_is_never_shared(monkeypatch):
    monkeypatch.setattr(graph_dumps.os, "cpu_count", lambda: 1)
    assert graph_dumps.spare_core() is False
