"""The web UI's speed on the shipped graph: server time of an entity page, and a load test.

    python bench/web.py [--runs 20] [--clients 50] [--seconds 30]

1. Server time (issue 20 asks < 100 ms for an entity page of the shipped graph): every entity
   page rendered in-process by kg.web.App.handle, as the server does between reading a request
   and writing the answer, RUNS times each, from the graph in memory (as kg serve's pages read a
   graph of up to kg.cli.serve.PAGES_IN_MEMORY_QUADS), and once each from the store on disk; against the same run's baseline, kg.query.show.show
   alone (the library's answer the page is made from), so the ratio is what the page adds.
2. Load test: a real `kg serve` on 127.0.0.1 and a free port; CLIENTS threads each fetch entity
   pages one after another for SECONDS seconds (a new connection per request, as HTTP/1.0 does).
   Prints requests, errors, and the latency median, p95 and maximum seen by the clients, which run
   on the same machine and so compete with the server for its cores.

The first line gives the load average: figures taken beside other work are slower.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.cli.serve import PAGES_IN_MEMORY_QUADS  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def entity_paths(graph) -> list[str]:
    from kg.namespaces import KGR
    from kg.query.resolve import all_names

    return sorted({"/entity/" + n.entity[len(KGR):] for n in all_names(graph) if n.entity.startswith(KGR)})


def server_time(runs: int) -> list[str]:
    from kg.limits import Limits
    from kg.project import find_project
    from kg.query.show import show
    from kg.store.build import open_graph
    from kg.web.app import App

    project = find_project(REPO)
    graph = open_graph(project, None, Limits())
    app = App(graph, project.queries_dir, set(), ask=None)
    paths = entity_paths(graph)
    app.handle("GET", paths[0], "", {})  # templates compiled, names cached: as after the first request
    pages, shows, sizes = [], [], []
    by_path: dict[str, list[float]] = {}
    for _ in range(runs):
        for path in paths:
            started = time.perf_counter()
            page = app.handle("GET", path, "", {})
            pages.append((time.perf_counter() - started) * 1000)
            by_path.setdefault(path, []).append(pages[-1])
            sizes.append(len(page.body))
            started = time.perf_counter()
            show(graph, "kgr:" + path[len("/entity/"):])
            shows.append((time.perf_counter() - started) * 1000)
    slowest = sorted(((statistics.median(times), path) for path, times in by_path.items()), reverse=True)
    disk = _on_disk_pages(project, paths)
    return [
        f"entity pages: {len(paths)} entities x {runs} runs; page body median {statistics.median(sizes) / 1024:.0f} kB, "
        f"max {max(sizes) / 1024:.0f} kB",
        f"server time per page   median {statistics.median(pages):6.1f} ms  p95 {percentile(pages, 0.95):6.1f} ms  "
        f"max {max(pages):6.1f} ms",
        f"kg show alone (base)   median {statistics.median(shows):6.1f} ms  p95 {percentile(shows, 0.95):6.1f} ms  "
        f"max {max(shows):6.1f} ms",
        f"page / show (median)   {statistics.median(pages) / statistics.median(shows):.2f}x",
        "slowest pages (median): " + ", ".join(f"{path} {ms:.1f} ms" for ms, path in slowest[:3]),
        f"from the store on disk  median {statistics.median(disk):6.1f} ms  p95 {percentile(disk, 0.95):6.1f} ms  "
        f"({statistics.median(disk) / statistics.median(pages):.2f}x; kg serve reads it above "
        f"{PAGES_IN_MEMORY_QUADS:,} quads)",
    ]


def _on_disk_pages(project, paths: list[str]) -> list[float]:
    """Every entity page once from the project's store on disk, as kg serve's pages read a larger graph."""
    from kg.limits import Limits
    from kg.store import build
    from kg.web.app import App

    graph = build.open_graph(project, build.project_store(project), Limits())
    app = App(graph, project.queries_dir, set(), ask=None)
    app.handle("GET", paths[0], "", {})
    times = []
    for path in paths:
        started = time.perf_counter()
        app.handle("GET", path, "", {})
        times.append((time.perf_counter() - started) * 1000)
    return times


def load_test(clients: int, seconds: float) -> list[str]:
    import tempfile

    from tests.support.paths import copy_project
    from tests.support.web import kg_serve

    with tempfile.TemporaryDirectory(prefix="webui-bench-") as folder:
        project = copy_project(Path(folder) / "project")
        with kg_serve(project) as url:
            from kg.limits import Limits
            from kg.project import find_project
            from kg.store.build import open_graph

            paths = entity_paths(open_graph(find_project(project), None, Limits()))
            return _hammer(url, paths, clients, seconds)


def _hammer(url: str, paths: list[str], clients: int, seconds: float) -> list[str]:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        n = offset
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url + paths[n % len(paths)], timeout=60) as answer:
                    answer.read()
                latencies.append((time.perf_counter() - started) * 1000)
            except Exception as exc:  # noqa: BLE001 - counted and shown
                errors.append(f"{type(exc).__name__}: {exc}")
            n += 1

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = [f"load test: {clients} clients, {seconds:g} s, {len(latencies)} pages served "
             f"({len(latencies) / seconds:.0f}/s), {len(errors)} errors"]
    if latencies:
        lines.append(f"latency seen by clients  median {statistics.median(latencies):.0f} ms  "
                     f"p95 {percentile(latencies, 0.95):.0f} ms  max {max(latencies):.0f} ms")
    lines += sorted(set(errors))[:5]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for line in server_time(args.runs):
        print(line)
    if args.clients:
        for line in load_test(args.clients, args.seconds):
            print(line)


if __name__ == "__main__":
    main()
