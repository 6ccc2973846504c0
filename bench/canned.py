"""Every canned question on one store, in kg's own query path, beside a plain scan of the dated facts.

    python bench/canned.py --project /tmp/kg-100k --store /tmp/kg-100k-store [--before DIR] [--repeat 3]

Each question runs in its own process (open the store, check, bind the header's example
parameters, run, render TSV; median of --inner warm runs), so a slow one can be cut at
--timeout. `--before DIR` names a second folder of .rq files (the questions as they were:
`git archive main queries | tar -x -C DIR`), run on the same store in the same rounds, so the
"before" and "after" columns are measured side by side. The `date scan` row is
`SELECT ?e ?d WHERE { ?e kg:date ?d }` through the same path: the floor that issue 17 measures
events-in-period against (≤ 3×). `peak MB` is the largest resident memory of a question's process
(issue 17: a query on the 1M store under 250 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCAN = "SELECT ?e ?d WHERE { ?e kg:date ?d }"
# The header's examples name entities of the shipped data; on a generated project (bench/generate.py)
# the questions are asked about these instead.
SYNTHETIC = {"weapon": "kgr:Weapon_1", "holder": "kgr:State_1", "actor": "kgr:State_1", "entity": "kgr:State_1",
             "first": "kgr:State_1", "second": "kgr:State_2", "fact": "kgr:fact-0000841", "state": "kgr:State_1",
             "speaker": "kgr:Person_87", "about": "kgr:State_2"}

PROGRAM = """
import json, statistics, sys, time
a = json.loads(sys.argv[1]); sys.path.insert(0, a["repo"])
from pathlib import Path
from kg.store import build
from kg.query import canned, run as query, results
from kg.limits import Limits
from kg.project import Project
project = Project(Path(a["project"])); limits = Limits.from_env()
graph = build.open_graph(project, Path(a["store"]), limits)
chosen = canned.load_query(Path(a["queries"]), a["name"]) if a["name"] else None
text = chosen.text if chosen else a["text"]
times = []
for _ in range(a["inner"]):
    start = time.perf_counter()
    engine = query.LocalEngine(graph)
    prepared = query.prepare(text, engine.graph_names, "bench", every_graph=bool(chosen and chosen.every_graph))
    given = {k: a["args"].get(k, v) for k, v in chosen.example_args().items()} if chosen else {}
    terms = canned.bind(graph, chosen, given) if chosen else {}
    answer = query.run_query(engine, prepared, limits, terms, abandon=True)
    out = results.render(answer.without_columns(terms), "tsv")
    times.append(time.perf_counter() - start)
import resource
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": len(out.splitlines()) - 1, "seconds": statistics.median(times), "peak_mb": peak}))
"""


def run_one(args, queries: Path | None, name: str | None) -> dict:
    spec = {"repo": str(REPO), "project": str(args.project), "store": str(args.store), "queries": str(queries),
            "name": name, "text": SCAN, "inner": args.inner, "args": {} if args.shipped_args else SYNTHETIC}
    try:
        done = subprocess.run([sys.executable, "-c", PROGRAM, json.dumps(spec)], capture_output=True, text=True,
                              timeout=args.timeout, cwd=REPO, env=os.environ | {"KG_QUERY_TIMEOUT": str(args.timeout)})
    except subprocess.TimeoutExpired:
        return {"seconds": None, "rows": None, "note": f"> {args.timeout:.0f} s"}
    if done.returncode != 0:
        return {"seconds": None, "rows": None, "note": done.stderr.strip().splitlines()[-1][:120]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True, help="a store built by kg build --store")
    parser.add_argument("--queries", type=Path, default=REPO / "queries", help="the questions to measure (default: this checkout's)")
    parser.add_argument("--before", type=Path, help="a folder of the questions as they were, measured beside")
    parser.add_argument("--shipped-args", action="store_true", help="the headers' examples, not the generated project's entities")
    parser.add_argument("--only", nargs="*", help="these questions only")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (median)")
    parser.add_argument("--inner", type=int, default=1, help="warm runs inside each process (median)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before one run is cut")
    args = parser.parse_args(argv)
    after = args.queries
    names = args.only or sorted(p.stem for p in after.glob("*.rq"))
    columns = {"after": after, **({"before": args.before} if args.before else {})}
    cells: dict = {}
    for _ in range(args.repeat):
        cells.setdefault(("date scan", "after"), []).append(run_one(args, None, None))
        for name in names:
            for column, folder in columns.items():
                if (folder / f"{name}.rq").exists():
                    cells.setdefault((name, column), []).append(run_one(args, folder, name))
    print(f"| question | {' | '.join(f'{c} s (rows)' for c in reversed(columns))} | after ÷ date scan | peak MB |")
    print("|---|" + "---:|" * (len(columns) + 2))
    scan = median(cells[("date scan", "after")])
    for name in ["date scan", *names]:
        shown = [fmt(cells.get((name, c), [])) for c in reversed(columns) if name != "date scan" or c == "after"]
        if name == "date scan":
            shown = [""] * (len(columns) - 1) + shown
        mine = median(cells.get((name, "after"), []))
        ratio = f"{mine / scan:.2f}×" if mine is not None and scan else ""
        print(f"| {name} | {' | '.join(shown)} | {ratio} | {peak(cells.get((name, 'after'), []))} |")
    print(json.dumps({f"{k[0]}/{k[1]}": v for k, v in cells.items()}), file=sys.stderr)
    return 0


def median(runs: list[dict]) -> float | None:
    times = [r["seconds"] for r in runs if r.get("seconds") is not None]
    return statistics.median(times) if times else None


def peak(runs: list[dict]) -> str:
    """The largest resident memory of the process that asked the question (store open, query, TSV)."""
    peaks = [r["peak_mb"] for r in runs if r.get("peak_mb") is not None]
    return f"{max(peaks):.0f}" if peaks else ""


def fmt(runs: list[dict]) -> str:
    if not runs:
        return ""
    seconds = median(runs)
    if seconds is None:
        return runs[-1].get("note", "failed")
    return f"{seconds:.3f} ({runs[-1]['rows']:,})"


if __name__ == "__main__":
    sys.exit(main())
