"""The project store on by default (issue 17): what a user waits for, per project size.

    python bench/store_refresh.py                     # 10k and 100k, median of 3
    python bench/store_refresh.py --sizes 1M --repeat 1
    python bench/store_refresh.py --project DIR      # any project (it is copied first)

Each figure is one `kg` process (bench/run.py's launcher: wall time and peak memory), the tasks
taking turns round by round in a copy of the project:
- first command on a fresh clone: `kg query -n sources` with no .kg/ (builds the project store,
  validation included, then answers);
- full build: `kg build` with no .kg/ (the baseline of the refresh);
- edit one file, then `kg build`: one source file's labels edited and kgr:State_1 added as a
  participant of its meetings and conflicts (the file is about 1 % of the triples at 100k and
  1M), the store refreshed (its graph replaced, the inferred graph and the affected focus
  nodes' validation brought up to date); the target is at most 10 % of the full build;
- cold query on the default store, and the same with --no-store (the files parsed into memory).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402
from bench.run import size_arg  # noqa: E402

KG = [sys.executable, "-m", "kg"]
# bench/run.py's launcher (a small parent, so the child's peak memory is its own), with the CPU time
# of the child too: on this shared machine wall time moves with the load, CPU time much less.
LAUNCHER = """import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(json.loads(sys.argv[1]), stdout=subprocess.PIPE)
out = child.stdout.read()
_, status, usage = os.wait4(child.pid, 0)
sys.stdout.buffer.write(out)
sys.stderr.write(f"\\nkg-bench {time.perf_counter() - start} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} "
                 f"{os.waitstatus_to_exitcode(status)}\\n")
"""


def run_once(command: list[str], env: dict, before=None) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak MB, stdout) of one kg process (exit 0, or 1 for violations)."""
    if before:
        before()
    done = subprocess.run([sys.executable, "-c", LAUNCHER, json.dumps(command)], capture_output=True, env=env,
                          text=True)
    _, wall, cpu, peak_kb, code = done.stderr.strip().splitlines()[-1].split()
    if int(code) not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {code}: {done.stderr[-2000:]}")
    return float(wall), float(cpu), int(peak_kb) / 1024, done.stdout


def tasks(project: Path) -> list[tuple[str, list[str], object]]:
    """(name, command, what to do before it) in the order they take turns."""
    store = project / ".kg"
    edits = iter(range(10_000))

    def fresh():
        shutil.rmtree(store, ignore_errors=True)

    def edit_one():
        sources = sorted((project / "data" / "sources").glob("*.ttl"))
        target = sources[next(edits) % len(sources)]
        text = target.read_text(encoding="utf-8").replace('rdfs:label "', 'rdfs:label "Edited ')
        # and relations: a new participant in each meeting and conflict (validation and inference of
        # those facts and of kgr:State_1 come into play, not only labels)
        target.write_text(text.replace("kg:participant ", "kg:participant kgr:State_1, "), encoding="utf-8")

    query = ["query", "-n", "sources", "-f", "tsv"]
    return [
        ("first command on a fresh clone", [*KG, "-C", str(project), *query], fresh),
        ("full build", [*KG, "-C", str(project), "build"], fresh),
        ("edit one file, then kg build", [*KG, "-C", str(project), "build"], edit_one),
        ("cold query on the default store", [*KG, "-C", str(project), *query], None),
        ("cold query --no-store", [*KG, "-C", str(project), *query, "--no-store"], None),
    ]


def measure(project: Path, repeat: int, env: dict) -> list[dict]:
    runs = tasks(project)
    times: dict[str, list[float]] = {name: [] for name, _c, _b in runs}
    cpus: dict[str, list[float]] = {name: [] for name, _c, _b in runs}
    peaks: dict[str, float] = {name: 0.0 for name, _c, _b in runs}
    notes: dict[str, str] = {}
    for _ in range(repeat):
        for name, command, before in runs:
            seconds, cpu, peak, out = run_once(command, env, before)
            times[name].append(seconds)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], peak)
            notes[name] = next((line.split(" in ")[-1] for line in out.splitlines() if line.startswith("Built ")), "")
    return [{"task": name, "seconds": statistics.median(times[name]), "cpu": statistics.median(cpus[name]),
             "runs": times[name], "peak_mb": round(peaks[name], 1), "note": notes[name]} for name in times]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=size_arg, default=[10_000, 100_000])
    parser.add_argument("--project", type=Path, help="measure this project instead of generated ones")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="kg-store-bench-") as scratch:
        sources = [("project", args.project)] if args.project else [(f"{n:,}", None) for n in args.sizes]
        for label, given in sources:
            project = Path(scratch) / "project"
            shutil.rmtree(project, ignore_errors=True)
            if given is not None:
                shutil.copytree(given, project, ignore=shutil.ignore_patterns(".kg"))
            else:
                generate(int(label.replace(",", "")), 1, project)
            rows = measure(project, args.repeat, env)
            full = next(r for r in rows if r["task"] == "full build")
            print(f"\n{label} triples: wall s, CPU s, peak MB")
            for r in rows:
                ratio = (f"{r['seconds'] / full['seconds']:.1%} of the full build's wall, "
                         f"{r['cpu'] / full['cpu']:.1%} of its CPU") if "edit" in r["task"] else ""
                print(f"  {r['task']:<34} {r['seconds']:8.3f} {r['cpu']:8.3f} {r['peak_mb']:8.1f}  {ratio} {r['note']}")
            results[label] = rows
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
