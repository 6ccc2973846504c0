"""How long `kg validate` takes to judge 100 new triples, against graphs of growing size.

    python bench/validate_delta.py                      # shipped graph, generated 10k and 100k
    python bench/validate_delta.py --sizes 10000 1000000 --whole-up-to 0
    python bench/validate_delta.py --project DIR --write-delta delta.ttl   # only write the delta

For each graph: an on-disk store is built with `kg build --store` (without SHACL by default:
whole-graph SHACL on 100k triples takes minutes, see --validate-build), a delta of 100 triples
is written that points at entities of that graph (a new source with meetings, arms requests,
visits and tenures), and the checks of kg validate are timed in-process: the first run (which
pays for importing rdflib and pyshacl) and the median of the next five, in wall time and in CPU
time (the CPU figure is the steadier one on a shared machine). For the smaller graphs
the same SHACL verdict computed over the whole graph is timed for comparison.

Prints one table; figures are seconds of wall time on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402
from kg.store import build  # noqa: E402
from kg import shacl
from kg.validation import validate
from kg.namespaces import INFERRED_GRAPH, PREFIXES, SHAPES_GRAPH  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.rdf.turtle import prefix_lines  # noqa: E402

DELTA_TRIPLES = 100
PICK = "SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x a %s } } ORDER BY ?x LIMIT 40"


def write_delta(graph, path: Path) -> int:
    """A new source whose facts point at the graph's own states, people, offices and weapons."""
    pick = {cls: [f"<{row['x'].value}>" for row in graph.query(PICK % cls)]
            for cls in ("kg:State", "kg:Person", "kg:Office", "kg:WeaponSystem")}
    source = "<https://w3id.org/geokg/source/bench-delta>"
    lines = [f'{source} a kg:Source ; rdfs:label "Benchmark delta source"@en ; '
             'dcterms:title "Benchmark delta" ; kg:genre "news" ; dcterms:date "2024-01"^^xsd:gYearMonth .']
    count, n = 5, 0
    while count < DELTA_TRIPLES - 7:
        n += 1
        a, b = pick["kg:State"][n % len(pick["kg:State"])], pick["kg:State"][(n + 1) % len(pick["kg:State"])]
        person = pick["kg:Person"][n % len(pick["kg:Person"])]
        body = [
            f"kg:participant {a}, {b} ; kg:date \"2024-01-{n % 28 + 1:02d}\"^^xsd:date",
            f"kg:recipient {a} ; kg:supplier {b} ; kg:weapon {pick['kg:WeaponSystem'][n % len(pick['kg:WeaponSystem'])]}",
            f"kg:visitor {person} ; kg:destination {b}",
            f"kg:holder {person} ; kg:office {pick['kg:Office'][n % len(pick['kg:Office'])]}",
        ][n % 4]
        cls = ["kg:Meeting", "kg:ArmsRequest", "kg:Visit", "kg:Tenure"][n % 4]
        lines.append(f"<https://w3id.org/geokg/resource/bench-delta-{n}> a {cls} ; "
                     f'rdfs:label "Benchmark delta fact {n}"@en ; {body} ; '
                     f'kg:evidence "Benchmark sentence number {n}." ; kg:source {source} .')
        count += body.count(";") + body.count(",") + 1 + 4
    pad = DELTA_TRIPLES - count
    lines.append(f"{source} " + " ; ".join(f'dcterms:subject "padding {i}"' for i in range(pad)) + " ." if pad else "")
    prologue = prefix_lines(["dcterms", "kg", "rdfs", "xsd"], PREFIXES)
    path.write_text(prologue + "\n".join(lines) + "\n", encoding="utf-8")
    return len(validate.read_new_facts([path]).triples)


def build_store(project: Path, store: Path, with_shacl: bool) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "kg", "-C", str(project), "build", "--store", str(store)]
    subprocess.run(command + ([] if with_shacl else ["--no-validate"]), cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - started


def whole_graph_shacl(graph, facts) -> float:
    """The same SHACL verdict over the whole union: what the neighbourhood saves."""
    import pyoxigraph as ox

    started = time.perf_counter()
    skipped = {ox.NamedNode(SHAPES_GRAPH), ox.NamedNode(INFERRED_GRAPH)}
    everything = [ox.Triple(q.subject, q.predicate, q.object) for q in graph.store if q.graph_name not in skipped]
    shapes = list(graph.store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    shacl.validate_triples_plainly([*everything, *facts.triples], shapes, facts.subjects)
    return time.perf_counter() - started


def measure(name: str, project: Path, work: Path, args) -> list:
    store = work / f"store-{name}"
    built = build_store(project, store, args.validate_build)
    started = time.perf_counter()
    graph = build.open_graph(Project(project), store)
    opened = time.perf_counter() - started
    delta = work / f"delta-{name}.ttl"
    size = write_delta(graph, delta)
    facts = validate.read_new_facts([delta])
    seconds, cpu = [], []
    for _ in range(6):
        started = time.process_time()
        report = validate.validate_facts(graph, facts)
        cpu.append(time.process_time() - started)
        seconds.append(report.seconds)
        assert report.conforms, [p.message for p in report.problems]
    whole = f"{whole_graph_shacl(graph, facts):.2f}" if len(graph.store) <= args.whole_up_to else "-"
    return [name, f"{len(graph.store):,}", size, f"{built:.1f}", f"{opened:.2f}", f"{seconds[0]:.3f}",
            f"{statistics.median(seconds[1:]):.3f}", f"{statistics.median(cpu[1:]):.3f}", whole]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="generated graph sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--whole-up-to", type=int, default=20_000, help="time whole-graph SHACL up to this many triples")
    parser.add_argument("--validate-build", action="store_true", help="let kg build run SHACL too (slow)")
    parser.add_argument("--work", type=Path, help="folder for the generated projects and stores (default: a temp folder)")
    parser.add_argument("--write-delta", type=Path, metavar="FILE",
                        help="only write the 100-triple delta for --project to FILE, print its triple count, and exit")
    parser.add_argument("--project", type=Path, default=REPO, help="the project --write-delta reads (default: the shipped one)")
    args = parser.parse_args()
    if args.write_delta:
        print(write_delta(build.open_graph(Project(args.project)), args.write_delta))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    rows = [measure("shipped", REPO, work, args)]
    for size in args.sizes:
        project = work / f"gen-{size}"
        if not project.exists():
            generate(size, args.seed, project)
        rows.append(measure(f"generated {size:,}", project, work, args))
    headers = ["graph", "triples in store", "delta triples", "build s", "open s", "validate 1st s",
               "validate median s", "median CPU s", "whole-graph SHACL s"]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths)))


if __name__ == "__main__":
    main()
