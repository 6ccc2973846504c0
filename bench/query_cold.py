"""Cold-process timings of canned queries: `kg query -n NAME` against the same query through the
`oxigraph` CLI and through a three-line pyoxigraph script (DESIGN.md §2; issue 4 asks that kg
stay within about twice the cheaper of the two).

    python bench/query_cold.py [--runs 10] [--queries sources,search,...] [--breakdown sources]

Each figure is the median wall time of N runs of a whole new process, after one warm-up run (so
Python bytecode exists, as it does after `pip install`), and the median CPU time (user + system).
The oxigraph CLI reads an on-disk store loaded beforehand with `oxigraph load`; the script and
`kg query` parse the project's files into memory, as `kg query` does without --store;
`kg query --store` reads a store built by kg build. Other work on the machine skews every figure:
the first line gives the load average, and a quiet machine (below 0.5) gives the figures to quote.

The breakdown then says where the time of one `kg query -n NAME` goes: Python's own start-up
(`python -c pass`), then, inside one process, each import and each step, timed in order; what
is left of the whole command's time is click's dispatch and the interpreter's exit.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.query.canned import bind, load_query  # noqa: E402
from kg.namespaces import PREFIXES, sparql_prologue  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.interop.remote_query import with_values  # noqa: E402
from kg.store.graph import load_in_memory  # noqa: E402

DEFAULT_QUERIES = ("sources", "arms-by-weapon", "facts-about", "connections", "search", "paths")
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
SCRIPT = """import pyoxigraph as ox, sys
s = ox.Store(); [s.load(path=f, to_graph=ox.NamedNode(g)) for f, g in {files!r}]
sys.stdout.buffer.write(s.query(open({query!r}).read(), prefixes={prefixes!r}, use_default_graph_as_union=True, substitutions={{ox.Variable(k): ox.NamedNode(v) if t == "iri" else ox.Literal(v, datatype=ox.NamedNode(t)) for k, (t, v) in {subs!r}.items()}}).serialize(format=ox.QueryResultsFormat.TSV))
"""
# The steps of `kg query -n NAME`, in one process, each timed: printed as "step=ms;step=ms…".
STAGES = """import time
marks = [("start", time.perf_counter())]
def mark(step): marks.append((step, time.perf_counter()))
import pyoxigraph; mark("import pyoxigraph")
import kg.cli, kg.cli.fast, kg.cli.querying
from kg.store import build; mark("import kg's modules")
from kg.query import canned, run as query, results
from kg.limits import Limits
from kg.project import find_project
project = find_project({repo!r}); limits = Limits.from_env()
chosen = canned.load_query(project.queries_dir, {name!r})
graph = build.open_graph(project, None, limits); mark("find, read, parse and check the files")
engine = query.LocalEngine(graph)
prepared = query.prepare(chosen.text, engine.graph_names, str(chosen.path))
terms = canned.bind(graph, chosen, chosen.example_args())
answer = query.run_query(engine, prepared, limits, terms, abandon=True).without_columns(terms)  # as kg does: no fork
results.render(answer, "tsv"); mark("check, bind, run and render the query")
import sys; sys.stderr.write(";".join(f"{{b[0]}}={{(b[1] - a[1]) * 1000:.3f}}" for a, b in zip(marks, marks[1:])))
"""


def median_times(commands: dict[str, list[str]], runs: int, env: dict,
                 folders: dict[str, Path] | None = None) -> dict[str, tuple[float, float, bytes]]:
    """label -> (median wall seconds, median CPU seconds, output) of `runs` runs of each command,
    each run in the repository or in its folder from `folders`.

    The commands take turns, one run each per round, so a slow spell of the machine slows them
    all alike and the ratios hold even when the absolute figures do not.
    """
    folders = folders or {}
    outputs = {label: subprocess.run(c, capture_output=True, env=env, cwd=folders.get(label, REPO), check=True).stdout
               for label, c in commands.items()}  # warm-up
    wall: dict[str, list[float]] = {label: [] for label in commands}
    cpu: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, env=env, cwd=folders.get(label, REPO), check=True)
            wall[label].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[label].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {label: (statistics.median(wall[label]), statistics.median(cpu[label]), outputs[label]) for label in commands}


def setup(workdir: Path, project: Project, env: dict) -> tuple[Path, Path]:
    oxi_store = workdir / "oxigraph"
    for pf in project.files():
        subprocess.run(
            [str(OXIGRAPH), "load", "--location", str(oxi_store), "--file", str(pf.path), "--graph", pf.graph],
            capture_output=True, check=True,
        )
    kg_store = workdir / "kg-store"
    subprocess.run([sys.executable, "-m", "kg", "-C", str(REPO), "build", "--store", str(kg_store)],
                   capture_output=True, env=env, check=True)
    return oxi_store, kg_store


def commands(name: str, graph, project: Project, workdir: Path, oxi_store: Path, kg_store: Path) -> dict:
    query = load_query(project.queries_dir, name)
    args = query.example_args()
    terms = bind(graph, query, args)
    subs = {k: ("iri", t.value) if t.__class__.__name__ == "NamedNode" else (t.datatype.value, t.value) for k, t in terms.items()}
    cli_query = workdir / f"{name}.oxigraph.rq"  # the CLI takes no substitutions: bound as kg query --endpoint does
    cli_query.write_text(sparql_prologue() + (with_values(query.text, terms) if terms else query.text), encoding="utf-8")
    script = workdir / f"{name}.py"
    files = [(str(pf.path), pf.graph) for pf in project.files()]
    script.write_text(SCRIPT.format(files=files, query=str(query.path), prefixes=PREFIXES, subs=subs), encoding="utf-8")
    params = [part for k, v in args.items() for part in ("-p", k, v)]
    kg = [sys.executable, "-m", "kg", "-C", str(REPO), "query", "-n", name, *params, "-f", "tsv"]
    return {
        "kg query": kg,
        "kg query --store": [*kg, "--store", str(kg_store)],
        "oxigraph CLI": [str(OXIGRAPH), "query", "--location", str(oxi_store), "--query-file", str(cli_query),
                         "--results-format", "tsv", "--union-default-graph"],
        "pyoxigraph script": [sys.executable, str(script)],
    }


def breakdown(name: str, runs: int, env: dict) -> None:
    """Print where the time of `kg query -n name` goes, step by step (medians of `runs` rounds).

    Each round runs `python -c pass`, the step-timing probe and the whole command in turn, so the
    three see the machine in the same state.
    """
    timed = {
        "pass": [sys.executable, "-c", "pass"],
        "probe": [sys.executable, "-c", STAGES.format(repo=str(REPO), name=name)],
        "kg": [sys.executable, "-m", "kg", "-C", str(REPO), "query", "-n", name, "-f", "tsv"],
    }
    walls: dict[str, list[float]] = {label: [] for label in timed}
    steps: dict[str, list[float]] = {}
    for round_ in range(runs + 1):  # the first round only warms up
        for label, command in timed.items():
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, env=env, cwd=REPO, check=True, text=True)
            if round_:
                walls[label].append(time.perf_counter() - start)
                for part in done.stderr.strip().split(";") if label == "probe" else ():
                    step, millis = part.rsplit("=", 1)
                    steps.setdefault(step, []).append(float(millis))
    whole = statistics.median(walls["kg"]) * 1000
    rows = [("Python start-up and exit (python -c pass)", statistics.median(walls["pass"]) * 1000)]
    rows += [(step, statistics.median(values)) for step, values in steps.items()]
    rows.append(("the rest: the command line, the interpreter's exit", whole - sum(ms for _, ms in rows)))
    print(f"\nwhere the {whole:.0f} ms of `kg query -n {name}` go (medians of {runs} rounds):")
    for step, millis in rows:
        print(f"  {step:<52}{millis:6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description="Cold-process timings of canned queries.")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--queries", default=",".join(DEFAULT_QUERIES))
    parser.add_argument("--breakdown", default="sources", metavar="NAME", help="the query whose time to break down ('' for none)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    project = Project(REPO)
    graph = load_in_memory(project)
    columns = ["kg query", "kg query --store", "oxigraph CLI", "pyoxigraph script"]
    print(f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print(f"median of {args.runs} cold runs, wall / CPU milliseconds")
    print(f"{'query':<16}" + "".join(f"{c:>19}" for c in columns) + f"{'kg ÷ best other':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        oxi_store, kg_store = setup(workdir, project, env)
        for name in args.queries.split(","):
            timed = median_times(commands(name, graph, project, workdir, oxi_store, kg_store), args.runs, env)
            wall = {label: w for label, (w, _, _) in timed.items()}
            cpu = {label: c for label, (_, c, _) in timed.items()}
            rows = {label: output.count(b"\n") - 1 for label, (_, _, output) in timed.items()}
            if len(set(rows.values())) != 1:
                print(f"  (!) {name}: row counts differ: {rows}")
            best = min(columns[2:], key=lambda c: wall[c])
            ratio = f"{wall['kg query'] / wall[best]:.1f}× / {cpu['kg query'] / cpu[best]:.1f}×"
            cells = "".join(f"{f'{wall[c] * 1000:.0f} / {cpu[c] * 1000:.0f}':>19}" for c in columns)
            print(f"{name:<16}{cells}{ratio:>17}")
    if args.breakdown:
        breakdown(args.breakdown, args.runs, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
