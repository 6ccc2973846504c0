"""Time `kg export` (nt, ttl and the other formats) and `kg push`, and compare with raw pyoxigraph.

    python bench/export.py                      # the shipped graph and a synthetic 100k-triple graph
    python bench/export.py --triples 1000000    # a bigger synthetic graph
    python bench/export.py --push               # also push to a local `oxigraph serve` (needs the oxigraph CLI),
                                                # the synthetic triples in one source graph, in several batch sizes
    python bench/export.py --stream 100k 1M --repeat 3 --work /tmp/DIR [--formats nt ttl] [--before DIR] [--helper]
        # the streamed exports (issue 17): `kg export -f nt/nq/ttl/trig --store` against the engine's
        # raw dump of the same graphs of the same store, each a process of its own, taking turns
        # round by round; median seconds, largest peak memory (wait4), ratios to raw. Projects come
        # from bench/generate.py (seed 1) and are kept in --work for the next run. --before DIR adds the
        # kg of DIR (`git archive main kg | tar -x -C DIR`), --helper kg with kg.rdf.graph_dumps' helper
        # process forced on; every figure has its CPU time (the process and the children it waited for).

bench/generate.py did not exist when this was written, so the synthetic project is made here: the
real ontology, a few hundred states and people, and events of about ten triples each, one in ten
with a blank node (a place), spread over 20 source graphs. Prints medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402

from kg.interop import export, push, remote  # noqa: E402
from kg.graph_selection import select  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.store.graph import load_in_memory  # noqa: E402

HEAD = """@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix kgr: <https://w3id.org/geokg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix src: <https://w3id.org/geokg/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def generate(target: Path, triples: int, sources: int = 20) -> Path:
    """A project of about `triples` triples with the real ontology."""
    (target / "data" / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "ontology", target / "ontology")
    states = 300
    entities = [HEAD]
    for i in range(states):
        entities.append(f'kgr:state-{i} a kg:State ; rdfs:label "State {i}"@en ; kg:wikidata "Q{i + 1000}" .\n')
    (target / "data" / "entities.ttl").write_text("".join(entities), encoding="utf-8")
    events = max(1, (triples - 3 * states) // 10)
    for k in range(sources):
        lines = [HEAD, f'src:bench-{k} a kg:Source ; rdfs:label "Bench source {k}"@en .\n']
        for i in range(k, events, sources):
            place = f' ;\n    kg:place [ a kg:Place ; rdfs:label "Place {i}"@en ]' if i % 10 == 0 else ""
            lines.append(
                f'kgr:event-{i} a kg:Meeting ;\n    rdfs:label "Meeting {i}"@en ;\n'
                f"    kg:participant kgr:state-{i % states}, kgr:state-{(i * 7 + 1) % states} ;\n"
                f'    kg:date "20{i % 25:02d}-{i % 12 + 1:02d}-{i % 28 + 1:02d}"^^xsd:date ;\n'
                f'    kg:evidence "Leaders of state {i % states} met in event {i}, the article says." ;\n'
                f'    kg:summary "Meeting number {i}" ;\n'
                f"    kg:source src:bench-{k} ;\n    kg:agent kgr:state-{i % states}{place} .\n"
            )
        (target / "data" / "sources" / f"bench-{k}.ttl").write_text("".join(lines), encoding="utf-8")
    return target


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_export(name: str, project: Path, repeat: int, out: Path) -> None:
    store = load_in_memory(Project(project)).store
    graphs = select(store, include_shapes=False)
    size = sum(1 for g in graphs for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    print(f"\n{name}: {size:,} quads in {len(graphs)} graphs (shapes left out, as kg export does)")
    raw = median_seconds(lambda: store.dump(format=ox.RdfFormat.N_QUADS), repeat)
    print(f"  raw pyoxigraph Store.dump N-Quads (whole store, unsorted): {raw:7.3f} s")
    for fmt in ("ntriples", "nquads", "turtle", "trig", "jsonld", "rdfxml", "graphml"):
        seconds = median_seconds(lambda: export.export(store, graphs, fmt), repeat)
        data_len = len(export.export(store, graphs, fmt).data)
        print(f"  kg.interop.export {fmt:9s} (service, in process):            {seconds:7.3f} s  {data_len / 1e6:7.1f} MB")
    for fmt in ("nt", "ttl"):
        command = [sys.executable, "-m", "kg", "-C", str(project), "export", "-f", fmt, "-o", str(out / f"x.{fmt}"), "--force"]
        seconds = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True), repeat)
        print(f"  `kg export -f {fmt} -o FILE` (whole command, cold process):  {seconds:7.3f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BATCHES = (10_000, 50_000, 100_000, 10**9)  # 10**9: one PUT per graph


def bench_push(project: Path, work: Path) -> None:
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    store = load_in_memory(Project(project)).store
    graphs = select(store, include_shapes=True)
    total = sum(push.local_counts(store, graphs).values())
    print(f"\nkg push of {total:,} triples in {len(graphs)} graphs to a local `oxigraph serve` (fresh store each run)")
    for batch in BATCHES:
        port = free_port()
        proc = subprocess.Popen([oxigraph, "serve", "--location", str(work / f"srv-{batch}"), "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            ep = remote.endpoint(url, timeout=600)
            report = push.push(store, ep, graphs, batch_size=batch)
            second = push.push(store, ep, graphs, batch_size=batch)
            label = "one PUT per graph" if batch == 10**9 else f"batches of {batch:,}"
            print(f"  {label:22s}: first push {report.seconds:6.2f} s ({total / report.seconds:9,.0f} triples/s), "
                  f"re-push {second.seconds:6.2f} s, counts ok: {report.ok and second.ok}")
        finally:
            proc.terminate()
            proc.wait()


# The engine alone: the graphs kg export writes (shapes and inferred left out), each dumped to one file.
RAW_DUMP = """
import json, sys, time, pyoxigraph as ox
a = json.loads(sys.argv[1]); sys.path.insert(0, a["repo"])
from kg.graph_selection import select
start = time.perf_counter()
store = ox.Store.read_only(a["store"])
with open(a["out"], "wb") as out:
    for graph in select(store, include_shapes=False, include_inferred=False):
        store.dump(out, format=ox.RdfFormat.from_extension(a["ext"]), from_graph=ox.NamedNode(graph))
"""

# The writer before issue 17 (tests/support/turtle_oracle.py), fed the same graphs as Python objects.
OLD_TURTLE = """
import json, sys, pyoxigraph as ox
a = json.loads(sys.argv[1]); sys.path.insert(0, a["repo"])
from kg.graph_selection import select
from kg.interop.export import selected_quads, union
from tests.support.turtle_oracle import serialize_turtle
store = ox.Store.read_only(a["store"])
quads = selected_quads(store, select(store, include_shapes=False, include_inferred=False))
open(a["out"], "wb").write(serialize_turtle(union(quads)).encode("utf-8"))
"""


# `kg` with the helper process of kg.rdf.graph_dumps used whatever the load (it is used only while a core is idle).
HELPER_ALWAYS = "import sys, kg.rdf.graph_dumps as d; d.spare_core = lambda: True; sys.argv[0] = 'kg'; from kg.cli import run; run()"
HELPER_NEVER = HELPER_ALWAYS.replace("lambda: True", "lambda: False")
# kg from another folder: `python -m kg` would find the checkout's own kg first (it runs from here)
FROM_FOLDER = "import sys; sys.path.insert(0, {folder!r}); sys.argv[0] = 'kg'; from kg.cli import run; run()"

# Wall seconds, CPU seconds (the process and the children it waited for) and peak resident KB of one command.
TIMED = """import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(json.loads(sys.argv[1]), env=json.loads(sys.argv[2]), stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def stream_runs(size: int, work: Path, old_up_to: int, formats: list[str], before: Path | None,
                helper: bool) -> list[tuple[str, list[str], dict]]:
    from bench.generate import generate as generate_project

    project, store = work / f"p{size}", work / f"s{size}"
    if not project.exists():
        generate_project(size, 1, project)
    if not (store / "current").exists():
        subprocess.run([sys.executable, "-m", "kg", "-C", str(project), "build", "--no-validate", "--store", str(store)],
                       check=True, capture_output=True)
    current = str(store / "current")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def snippet(code: str, ext: str) -> list[str]:
        import json

        return [sys.executable, "-c", code, json.dumps({"repo": str(REPO), "store": current, "out": str(work / f"out.{ext}"), "ext": ext})]

    def kg(ext: str, start: list[str]) -> list[str]:
        return [*start, "-C", str(project), "export", "-f", ext, "-o", str(work / f"out.{ext}"), "--force", "--store", str(store)]

    raws = sorted({"ttl" if ext in ("ttl", "trig") else ext for ext in formats}, key=("nt", "nq", "ttl").index)
    runs = [(f"raw dump {ext}", snippet(RAW_DUMP, ext), env) for ext in raws]
    for ext in formats:
        if before is not None:
            runs.append((f"before {ext}", kg(ext, [sys.executable, "-c", FROM_FOLDER.format(folder=str(before))]), env))
        runs.append((f"kg export {ext}", kg(ext, [sys.executable, "-m", "kg"]), env))
        if helper:
            runs.append((f"helper {ext}", kg(ext, [sys.executable, "-c", HELPER_ALWAYS]), env))
            runs.append((f"alone {ext}", kg(ext, [sys.executable, "-c", HELPER_NEVER]), env))
    if size <= old_up_to:
        runs.append(("old ttl writer", snippet(OLD_TURTLE, "ttl"), env))
    return runs


def timed(command: list[str], env: dict) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of one process, run through TIMED."""
    import json

    done = subprocess.run([sys.executable, "-c", TIMED, json.dumps(command), json.dumps(env)], capture_output=True,
                          cwd=REPO, text=True, check=True)
    wall, cpu, peak_kb, code = done.stdout.split()
    if int(code) != 0:
        raise RuntimeError(f"{' '.join(command[:6])}... exited {code}")
    return float(wall), float(cpu), int(peak_kb) / 1024


def bench_stream(sizes: list[int], repeat: int, work: Path, old_up_to: int, formats: list[str],
                 before: Path | None = None, helper: bool = False) -> None:
    for size in sizes:
        runs = stream_runs(size, work, old_up_to, formats, before, helper)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in runs}
        peaks: dict[str, float] = {name: 0.0 for name, _, _ in runs}
        print(f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
        for round_ in range(repeat):  # taking turns, so that the machine's load weighs on every run alike
            for name, command, env in runs:
                wall, cpu, peak = timed(command, env)
                times[name].append((wall, cpu))
                peaks[name] = max(peaks[name], peak)
                print(f"  round {round_ + 1}: {name:16s} {wall:8.2f} s  CPU {cpu:7.2f} s {peak:7.0f} MB "
                      f"(load {os.getloadavg()[0]:.1f})", flush=True)
        wall = {name: statistics.median(t for t, _ in values) for name, values in times.items()}
        cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
        print(f"\n{size:,} triples, median of {repeat} (load average {os.getloadavg()[0]:.1f} at the end)")
        for name, _, _ in runs:
            base = "raw dump " + {"nt": "nt", "nq": "nq"}.get(name[-2:], "ttl")
            print(f"  {name:16s} {wall[name]:8.2f} s  {wall[name] / wall[base]:5.2f}× raw   CPU {cpu[name]:7.2f} s "
                  f"{cpu[name] / cpu[base]:5.2f}× raw  {peaks[name]:7.0f} MB   runs: {', '.join(f'{t:.2f}' for t, _ in times[name])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--push", action="store_true")
    parser.add_argument("--stream", nargs="+", metavar="SIZE", help="sizes for the streamed-export comparison (100k, 1M)")
    parser.add_argument("--work", type=Path, help="folder for --stream's projects and stores (kept between runs)")
    parser.add_argument("--old-up-to", default="100k", help="also time the pre-streaming Turtle writer up to this size")
    parser.add_argument("--formats", nargs="+", default=["nt", "nq", "ttl", "trig"], help="--stream's formats")
    parser.add_argument("--before", type=Path, help="--stream: also time kg from this folder (e.g. `git archive main kg`)")
    parser.add_argument("--helper", action="store_true",
                        help="--stream: also time kg with the dump helper process used whatever the load, and never used")
    args = parser.parse_args()
    if args.stream:
        from bench.run import size_arg

        work = args.work or Path(tempfile.mkdtemp(prefix="kg-export-"))
        work.mkdir(parents=True, exist_ok=True)
        bench_stream([size_arg(s) for s in args.stream], args.repeat, work, size_arg(args.old_up_to), args.formats,
                     args.before, args.helper)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench_export("shipped graph", REPO, args.repeat, work)
        synthetic = generate(work / "synthetic", args.triples)
        bench_export(f"synthetic graph (--triples {args.triples:,})", synthetic, args.repeat, work)
        if args.push:  # one big source graph, so that batching has something to split
            bench_push(generate(work / "one-source", args.triples, sources=1), work)


if __name__ == "__main__":
    main()
