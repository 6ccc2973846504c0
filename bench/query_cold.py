"""Cold-process timings of canned queries: `kg query -n NAME` against the same query through the
`oxigraph` CLI and through a three-line pyoxigraph script (DESIGN.md §2; issue 4 asks that kg
stay within about twice the cheaper of the two).

    python bench/query_cold.py [--runs 10] [--queries sources,search,...]

Each figure is the median wall time of N runs of a whole new process, after one warm-up run (so
Python bytecode exists, as it does after `pip install`). The oxigraph CLI reads an on-disk store
loaded beforehand with `oxigraph load`; the script and `kg query` parse the project's files into
memory, as `kg query` does without --store; `kg query --store` reads a store built by kg build.
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

from kg.canned import bind, load_query  # noqa: E402
from kg.namespaces import PREFIXES, sparql_prologue  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.store import load_in_memory  # noqa: E402

DEFAULT_QUERIES = ("sources", "arms-by-weapon", "facts-about", "connections", "search")
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
SCRIPT = """import pyoxigraph as ox, sys
s = ox.Store(); [s.load(path=f, to_graph=ox.NamedNode(g)) for f, g in {files!r}]
sys.stdout.buffer.write(s.query(open({query!r}).read(), prefixes={prefixes!r}, use_default_graph_as_union=True, substitutions={{ox.Variable(k): ox.NamedNode(v) if t == "iri" else ox.Literal(v, datatype=ox.NamedNode(t)) for k, (t, v) in {subs!r}.items()}}).serialize(format=ox.QueryResultsFormat.TSV))
"""


def median_seconds(command: list[str], runs: int, env: dict) -> tuple[float, float, bytes]:
    """Median wall time and median CPU time (user + system) of `runs` runs, and the output."""
    output = subprocess.run(command, capture_output=True, env=env, check=True).stdout  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(wall), statistics.median(cpu), output


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
    names, row = " ".join(f"?{k}" for k in terms), " ".join(str(t) for t in terms.values())
    values = f"WHERE {{ VALUES ({names}) {{ ({row}) }}" if terms else "WHERE {"  # the CLI has no substitutions
    cli_query = workdir / f"{name}.oxigraph.rq"
    cli_query.write_text(sparql_prologue() + query.text.replace("WHERE {", values, 1), encoding="utf-8")
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


def main() -> int:
    parser = argparse.ArgumentParser(description="Cold-process timings of canned queries.")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--queries", default=",".join(DEFAULT_QUERIES))
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    project = Project(REPO)
    graph = load_in_memory(project)
    columns = ["kg query", "kg query --store", "oxigraph CLI", "pyoxigraph script"]
    print(f"median of {args.runs} cold runs, wall / CPU milliseconds ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    print(f"{'query':<16}" + "".join(f"{c:>19}" for c in columns) + f"{'kg ÷ best other':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        oxi_store, kg_store = setup(workdir, project, env)
        for name in args.queries.split(","):
            wall, cpu, rows = {}, {}, {}
            for label, command in commands(name, graph, project, workdir, oxi_store, kg_store).items():
                wall[label], cpu[label], output = median_seconds(command, args.runs, env)
                rows[label] = output.count(b"\n") - 1
            if len(set(rows.values())) != 1:
                print(f"  (!) {name}: row counts differ: {rows}")
            best = min(columns[2:], key=lambda c: wall[c])
            ratio = f"{wall['kg query'] / wall[best]:.1f}× / {cpu['kg query'] / cpu[best]:.1f}×"
            cells = "".join(f"{f'{wall[c] * 1000:.0f} / {cpu[c] * 1000:.0f}':>19}" for c in columns)
            print(f"{name:<16}{cells}{ratio:>17}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
