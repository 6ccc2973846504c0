"""What completing a graph costs next to loading it: the rule closure and the distinct default graph.

    nice -n 10 python bench/inference.py /tmp/kg-100k [--repeat 3]

Loads the project into memory without completing it (the baseline, as every in-memory command
loads it), then times, on that same store, kg.store.inference.closure_terms and the copy of every named
graph's triples into the default graph (kg.store.graph.complete, in memory: one SPARQL INSERT),
and prints each (wall and CPU seconds) with its CPU time's ratio to the load's. Medians of
--repeat runs; figures in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402

from kg.namespaces import INFERRED_GRAPH  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.store.graph import load_in_memory  # noqa: E402
from kg.store.inference import closure_terms  # noqa: E402


def one_run(project: Project) -> dict:
    """Wall and CPU seconds of each step (CPU: the machine is shared; wall includes waiting for it)."""
    marks = [(time.perf_counter(), time.process_time())]
    graph = load_in_memory(project, completed=False)
    marks.append((time.perf_counter(), time.process_time()))
    inferred = closure_terms(graph.store)
    marks.append((time.perf_counter(), time.process_time()))
    graph.store.extend(ox.Quad(s, p, o, ox.NamedNode(INFERRED_GRAPH)) for s, p, o in inferred)
    marks.append((time.perf_counter(), time.process_time()))
    graph.store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    marks.append((time.perf_counter(), time.process_time()))
    steps = ("load", "closure", "add inferred", "default graph copy")
    found = {step: (marks[i + 1][0] - marks[i][0], marks[i + 1][1] - marks[i][1]) for i, step in enumerate(steps)}
    default = sum(1 for _ in graph.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    every = sum(1 for _ in graph.store.quads_for_pattern(None, None, None, None))
    found.update({"inferred triples": len(inferred), "named-graph triples": every - default, "default-graph triples": default})
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    runs = [one_run(Project(args.project)) for _ in range(args.repeat)]
    load = statistics.median(r["load"][1] for r in runs)
    print(f"{'step':<20} {'wall s':>8} {'CPU s':>8} {'CPU / load CPU':>15}")
    for key in ("load", "closure", "add inferred", "default graph copy"):
        wall, cpu = statistics.median(r[key][0] for r in runs), statistics.median(r[key][1] for r in runs)
        print(f"{key:<20} {wall:8.3f} {cpu:8.3f} {cpu / load:15.2f}")
    for key in ("named-graph triples", "inferred triples", "default-graph triples"):
        print(f"{key:<20} {runs[0][key]:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
