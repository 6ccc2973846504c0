"""Where `kg build` spends its memory and time, phase by phase (issue 17: the 1M build under 1 GB).

    python bench/build_phases.py PROJECT [--no-validate]

Builds PROJECT's default store (.kg/store, removed first) in this process, as `kg build` does,
with a thread reading the resident memory (kg.memory.resident_bytes) every 5 ms, and prints for
each phase its wall and CPU seconds and the highest resident memory seen while it ran. The phases
are the functions kg.store.generations.write_generation calls, wrapped here (a phase inside another
restarts the outer one's peak); "maxrss" is the process's high-water mark when the phase ended,
which catches what the 5 ms samples miss. Run it under
`prlimit --as=8G` and `nice`.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.memory import resident_bytes  # noqa: E402

PHASES = [  # (module, attribute): the build's phases, in the order they run
    ("kg.store.bulkload", "load_project_files"),
    ("kg.shacl", "validate_store"),
    ("kg.store.bulkload", "DefaultCopy.load"),
    ("kg.store.inference", "closure_terms"),
    ("kg.store.inference", "complete"),
    ("kg.store.stats", "collect"),
    ("kg.store.generations", "manifest_for"),
    ("kg.store.generations", "write_manifest"),
]


class Sampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.stopped = 0, False

    def run(self):
        while not self.stopped:
            self.peak = max(self.peak, resident_bytes() or 0)
            time.sleep(0.005)

    def take(self) -> int:
        """The peak since the last take, and start again from now."""
        peak, self.peak = self.peak, resident_bytes() or 0
        return max(peak, self.peak)


def wrap(sampler: Sampler, rows: list, module: str, attribute: str) -> None:
    import importlib

    owner = importlib.import_module(module)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    inner = getattr(owner, name)

    def timed(*args, **kwargs):
        before = sampler.take()
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            rows.append((attribute, time.perf_counter() - wall, time.process_time() - cpu, before, sampler.take(),
                         resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))

    setattr(owner, name, timed)


def time_checks() -> list:
    """Time each query of the SPARQL SHACL engine, rows included: (seconds, query) as they run."""
    from kg.shacl import sparql_engine

    timings, inner = [], sparql_engine.run

    class Timed:
        def __init__(self, store):
            self.store = store

        def query(self, query, **kwargs):
            started = time.process_time()
            rows = list(self.store.query(query, **kwargs))
            timings.append((time.process_time() - started, query))
            return rows

    sparql_engine.run = lambda store, *args, **kwargs: inner(Timed(store), *args, **kwargs)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--checks", type=int, default=0, metavar="N", help="also print the N slowest SHACL queries")
    args = parser.parse_args(argv)
    from kg.project import Project
    from kg.store.build import build, project_store

    project = Project(args.project)
    shutil.rmtree(project_store(project).parent, ignore_errors=True)
    sampler, rows = Sampler(), []
    sampler.start()
    for module, attribute in PHASES:
        wrap(sampler, rows, module, attribute)
    timings = time_checks() if args.checks else []
    wall, cpu = time.perf_counter(), time.process_time()
    report = build(project, project_store(project), validate=not args.no_validate)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    sampler.stopped = True
    print(f"{'phase':<24} {'wall s':>8} {'CPU s':>8} {'RSS before MB':>14} {'peak MB':>8} {'maxrss MB':>10}")
    for name, w, c, before, peak, high in rows:
        print(f"{name:<24} {w:8.2f} {c:8.2f} {before / 2**20:14.0f} {peak / 2**20:8.0f} {high / 2**20:10.0f}")
    print(f"{'whole build':<24} {wall:8.2f} {cpu:8.2f} {'':>14} {sampler.take() / 2**20:8.0f}")
    for seconds, query in sorted(timings, reverse=True)[:args.checks]:
        print(f"{seconds:8.2f} s  {' '.join(query.split())[:300]}")
    print(f"conforms: {report.conforms}, triples: {report.stats.triples if hasattr(report.stats, 'triples') else report.stats}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
