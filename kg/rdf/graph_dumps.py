"""The engine's N-Triples dump of each graph of a store, shared with a helper process when the store is on disk.

The engine's dump is about three quarters of a streamed export at a million triples (issue 17),
and pyoxigraph holds the GIL while it dumps, so a thread cannot share it. When the store is an
on-disk generation (read-only, never changed once published), a second process opens the same
generation read-only and dumps graphs from the front of the list; this process turns each dump the
helper has finished into records as it comes, and dumps a graph from the back itself only when
none is ready. Each graph is claimed by creating a file with O_EXCL,
so exactly one process dumps it; the helper renames a dump into place only once it is complete,
and any graph the helper claimed but did not finish (it failed, or could not open the store) is
dumped here. The bytes are the engine's either way: which process dumped a graph changes nothing
in the output, only the wall-clock time. The CPU time is not less (two engines each decode what
they dump: measured about a fifth more in all), so the helper is used only while a core is idle.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

BATCH = 1 << 22  # bytes or characters read at a time
SHARE_FROM = 8  # graphs: below this, starting a helper process costs more than it saves

# The helper: pyoxigraph only (no kg import, so it starts in a few tens of milliseconds).
HELPER = """
import json, os, sys, pyoxigraph as ox
store, folder = ox.Store.read_only(sys.argv[1]), sys.argv[2]
for i, graph in enumerate(json.load(open(os.path.join(folder, "graphs.json"), encoding="utf-8"))):
    try:
        os.close(os.open(os.path.join(folder, f"{i}.claim"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        break
    with open(os.path.join(folder, f"{i}.part"), "wb") as out:
        store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    os.rename(os.path.join(folder, f"{i}.part"), os.path.join(folder, f"{i}.nt"))
"""


def line_batches(dump, *, binary: bool = False) -> Iterator[list]:
    """The lines of one dumped graph (a binary file at its start) in lists of a few MB."""
    reader = dump if binary else io.TextIOWrapper(dump, encoding="utf-8", newline="\n")
    while batch := reader.readlines(BATCH):
        yield batch


def dump_graph(store: ox.Store, iri: str):
    """One graph's N-Triples in a temporary file, through a file rather than one big string."""
    tmp = tempfile.TemporaryFile()
    store.dump(tmp, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))
    tmp.seek(0)
    return tmp


def graph_dumps(store: ox.Store, graphs: list[str], location: Path | None = None) -> Iterator[tuple[str, object]]:
    """(graph IRI, binary file holding its N-Triples) for every graph, in no fixed order.

    `location`: the on-disk generation `store` was opened from, if any; then a helper process
    shares the dumps (see the module's docstring). Each file is closed once the next is asked for.
    """
    if location is None or len(graphs) < SHARE_FROM or not spare_core():
        for iri in graphs:
            with dump_graph(store, iri) as dump:
                yield iri, dump
        return
    yield from _shared(store, graphs, location)


def spare_core() -> bool:
    """A core is idle now: on a busy machine a helper only adds its start-up and a second engine's decoding.

    Linux says how many tasks are runnable at this moment (/proc/loadavg, this process among
    them), which follows the machine better than the one-minute average: back-to-back exports would
    otherwise see the previous export's helper in the average and refuse one. Elsewhere the
    average is used; without either (Windows), the core count alone decides.
    """
    cores = os.cpu_count() or 1
    try:
        runnable = int(Path("/proc/loadavg").read_text(encoding="ascii").split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        try:
            runnable = os.getloadavg()[0] + 1
        except (AttributeError, OSError):
            runnable = 1
    return cores >= 2 and runnable < cores


def _shared(store: ox.Store, graphs: list[str], location: Path) -> Iterator[tuple[str, object]]:
    with tempfile.TemporaryDirectory(prefix="kg-dumps-") as folder:
        Path(folder, "graphs.json").write_text(json.dumps(graphs), encoding="utf-8")
        helper = subprocess.Popen([sys.executable, "-c", HELPER, str(location), folder],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # The helper's finished dumps first, as they come, so that this process (which also
            # turns every dump into records) dumps only when none is ready: graphs [0, taken)
            # are the helper's and already handed on, [mine, len) this process's.
            taken, mine = 0, len(graphs)
            while taken < mine:
                done = Path(folder, f"{taken}.nt")
                if done.exists():
                    with open(done, "rb") as dump:
                        yield graphs[taken], dump
                    done.unlink()
                    taken += 1
                elif _claim(folder, mine - 1):
                    mine -= 1
                    with dump_graph(store, graphs[mine]) as dump:
                        yield graphs[mine], dump
                else:
                    break  # every graph left is the helper's: wait for it
            helper.wait()
        finally:
            if helper.poll() is None:
                helper.kill()
                helper.wait()
        for i in range(taken, mine):  # the helper's rest; what it did not finish is dumped here
            done = Path(folder, f"{i}.nt")
            with (open(done, "rb") if done.exists() else dump_graph(store, graphs[i])) as dump:
                yield graphs[i], dump
            done.unlink(missing_ok=True)


def _claim(folder: str, index: int) -> bool:
    try:
        os.close(os.open(os.path.join(folder, f"{index}.claim"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True
