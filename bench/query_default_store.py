"""Issue 17's cold-query targets, side by side: `kg query -n sources` on a project's default store
(.kg/store) against the `oxigraph query` CLI on a copy of the same store (the CLI may write to
what it opens) and a bare pyoxigraph script opening the store read-only, with the same query text.

    python bench/query_default_store.py PROJECT [--runs 15] [--before TREE]

PROJECT's store must be fresh (run `kg build --no-validate` in it first: otherwise the first kg
run rebuilds it, untimed, in the warm-up). `--before TREE` adds a column for the kg of another
source tree (e.g. a worktree of main), run the same way, so a change is measured against what
it changes in the same run. Each command runs once to warm up (Python writes its bytecode, as
after `pip install`), then the commands take turns, one run each per round, so a slow spell of
the machine slows them all alike; the medians of wall and CPU time (user + system) are printed
with the load average before and after. PYTHONDONTWRITEBYTECODE is removed from the environment
of the runs: with it, kg compiles every module in every run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import snippets  # noqa: E402
from bench.plan import OXIGRAPH, _copy_store  # noqa: E402
from bench.query_cold import median_times  # noqa: E402


def commands(project: Path, work: Path, before: Path | None) -> dict[str, tuple[list[str], Path]]:
    """label -> (command, folder it runs in): `python -m kg` runs the kg of the folder it runs in."""
    from kg.namespaces import PREFIXES, sparql_prologue
    from kg.project import Project
    from kg.query import canned

    text = work / "sources.rq"
    text.write_text(sparql_prologue() + canned.load_query(Project(project).queries_dir, "sources").text, encoding="utf-8")
    current, copy = project / ".kg" / "store" / "current", work / "oxigraph-copy"
    _copy_store(current, copy)
    kg = [sys.executable, "-m", "kg", "-C", str(project), "query", "-n", "sources", "-f", "tsv"]
    import json

    script = [sys.executable, "-c", snippets.STORE_QUERY,
              json.dumps({"store": str(current), "query": str(text), "prefixes": PREFIXES})]
    made = {"kg query": (kg, REPO)}
    if before is not None:
        made["kg query (before)"] = (kg, before)
    made["oxigraph CLI"] = ([str(OXIGRAPH), "query", "--location", str(copy), "--query-file", str(text),
                             "--results-format", "tsv"], work)
    made["pyoxigraph script"] = (script, work)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another source tree whose kg to time beside this one")
    args = parser.parse_args()
    project = args.project.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        made = commands(project, Path(tmp), args.before.resolve() if args.before else None)
        load = os.getloadavg()[0]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        timed = median_times({label: c for label, (c, _) in made.items()}, args.runs, env,
                             {label: folder for label, (_, folder) in made.items()})
    print(f"{project}: median of {args.runs} cold runs each, taking turns; load average {load:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after; {os.cpu_count()} cores")
    cli, script = timed["oxigraph CLI"], timed["pyoxigraph script"]
    for label, (wall, cpu, output) in timed.items():
        rows = output.count(b"\n") - 1
        print(f"  {label:<20} {wall * 1000:8.1f} ms wall {cpu * 1000:8.1f} ms CPU  {rows:>6} rows   "
              f"÷ CLI {wall / cli[0]:.2f}× wall {cpu / cli[1]:.2f}× CPU   ÷ script {wall / script[0]:.2f}× wall "
              f"{cpu / script[1]:.2f}× CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
