"""The benchmark: kg against the bare engine (and rdflib up to 100k) on synthetic graphs of growing size.

    python bench/run.py                          # 10k 100k 1M, median of 3
    python bench/run.py --sizes 1M --only export  # the rows whose task names contain "export"
    python bench/run.py --sizes 10k --repeat 1   # the CI smoke run

For each size a seeded project is generated (bench/generate.py), an on-disk store is built once
for the reading measurements, and then every measurement runs in its own process, taking turns
round by round, so that the machine's mood weighs on kg and on its baselines alike and the ratios
hold. Each gives the median time of --repeat runs and its peak resident memory (wait4's
ru_maxrss). Prints a table and writes results.json and timings.png (log-log; needs matplotlib, the
`bench` extra) into --out (default bench/results/).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import plan  # noqa: E402
from bench.generate import generate  # noqa: E402

SUFFIXES = {"k": 1_000, "m": 1_000_000}


def size_arg(text: str) -> int:
    text = text.strip().lower()
    try:
        return int(float(text[:-1]) * SUFFIXES[text[-1]]) if text[-1] in SUFFIXES else int(text)
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (say 10k, 100k, 1M or a number)") from None


# Children are started by this small process, not by run.py: a child forked from a big parent
# counts the parent's pages in its peak memory (ru_maxrss survives exec), so run.py's own
# hundred megabytes would be every figure's floor. The launcher's ~10 MB is the floor instead.
LAUNCHER = """import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(json.loads(sys.argv[1]))
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.write(f"\\nkg-bench {time.perf_counter() - start} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\\n")
"""


def run_once(command: list[str], env: dict, before=None) -> tuple[float, float, str]:
    """(seconds, peak MB, stdout) of one process: its own `seconds=` line if it prints one, else its wall time."""
    if before:
        before()
    done = subprocess.run([sys.executable, "-c", LAUNCHER, json.dumps(command)], capture_output=True, env=env,
                          cwd=REPO, text=True)
    _, wall, peak_kb, code = done.stderr.strip().splitlines()[-1].split()
    # kg validate and kg build exit 1 on violations: still a timing. A snippet exits 1 only when it
    # failed (an uncaught error, such as the query timeout), which must never pass for a figure.
    allowed = (0, 1) if command[1:3] == ["-m", "kg"] else (0,)
    if int(code) not in allowed:
        raise RuntimeError(f"{' '.join(command[:6])}... exited {code}: {done.stderr[-2000:]}")
    lines = done.stdout.strip().splitlines()
    seconds = float(lines[-1][8:]) if lines and lines[-1].startswith("seconds=") else float(wall)
    return seconds, int(peak_kb) / 1024, done.stdout


def measure(runs: list[plan.Run], repeat: int, env: dict) -> list[dict]:
    """Median seconds and the largest peak memory of each run, the runs taking turns each round."""
    times: dict[int, list[float]] = {i: [] for i in range(len(runs))}
    peaks: dict[int, float] = {i: 0.0 for i in range(len(runs))}
    notes: dict[int, str] = {}
    for _ in range(repeat):
        for i, run in enumerate(runs):
            seconds, peak, text = run_once(run.command, env, run.before)
            times[i].append(seconds)
            peaks[i] = max(peaks[i], peak)
            notes[i] = " ".join(line for line in text.strip().splitlines() if not line.startswith("seconds="))[-80:]
    return [
        {"task": r.task, "tool": r.tool, "triples": r.triples, "seconds": statistics.median(times[i]),
         "runs": times[i], "peak_mb": round(peaks[i], 1), "note": notes[i]}
        for i, r in enumerate(runs)
    ]


def machine() -> dict:
    import pyoxigraph
    import pyshacl

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(ram, 1), "python": platform.python_version(),
            "pyoxigraph": pyoxigraph.__version__, "pyshacl": pyshacl.__version__, "os": platform.platform(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def with_ratios(results: list[dict]) -> list[dict]:
    """Each kg figure divided by the raw engine's (and rdflib's) on the same task and size."""
    index = {(r["task"], r["tool"], r["triples"]): r["seconds"] for r in results}
    for r in results:
        if r["tool"] == "kg":
            for other in ("raw", "rdflib", "pyshacl"):
                base = index.get((r["task"], other, r["triples"]))
                if base:
                    r[f"vs_{other}"] = round(r["seconds"] / base, 4)
    return results


def print_table(results: list[dict]) -> None:
    print(f"{'triples':>9}  {'task':<33}{'tool':<8}{'seconds':>10}{'peak MB':>9}{'÷ raw':>8}{'÷ rdflib':>9}  note")
    for r in results:
        raw = f"{r['vs_raw']:.2f}" if "vs_raw" in r else ""
        lib = f"{r.get('vs_rdflib', r.get('vs_pyshacl', 0)):.3f}" if ("vs_rdflib" in r or "vs_pyshacl" in r) else ""
        print(f"{r['triples']:>9,}  {r['task']:<33}{r['tool']:<8}{r['seconds']:>10.3f}{r['peak_mb']:>9.0f}"
              f"{raw:>8}{lib:>9}  {r['note'][:40]}")


def markdown(results: list[dict]) -> str:
    """The table for docs/PERFORMANCE.md: one row per task and size, kg beside its baselines."""
    rows: dict = {}
    for r in results:
        rows.setdefault((r["triples"], r["task"]), {})[r["tool"]] = r
    lines = ["| triples | task | kg s (peak MB) | raw engine s (peak MB) | kg ÷ raw | rdflib / pyshacl s | other s |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    cell = lambda r: f"{r['seconds']:.3f} ({r['peak_mb']:.0f})" if r else ""  # noqa: E731
    for (triples, task), tools in rows.items():
        kg_run, raw = tools.get("kg"), tools.get("raw")
        ratio = f"{kg_run['seconds'] / raw['seconds']:.2f}×" if kg_run and raw else ""
        lib = tools.get("rdflib") or tools.get("pyshacl")
        other = tools.get("raw-per-file") or tools.get("script")
        size = f"{triples:,}" if triples else "shipped"
        lines.append(f"| {size} | {task} | {cell(kg_run)} | {cell(raw)} | {ratio} | {cell(lib)} | {cell(other)} |")
    return "\n".join(lines) + "\n"


def plot(results: list[dict], path: Path) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "no plot: matplotlib is missing (pip install '.[bench]')"
    fig, ax = plt.subplots(figsize=(10, 7))
    series: dict = {}
    for r in results:
        if r["triples"] > 0:
            series.setdefault((r["task"], r["tool"]), []).append((r["triples"], r["seconds"]))
    styles = {"kg": "-o", "raw": "--s", "raw-per-file": "-.x", "rdflib": ":^", "pyshacl": ":v"}
    tasks = sorted({task for task, _ in series})
    colours = plt.get_cmap("tab20")
    for (task, tool), points in sorted(series.items()):  # one colour per task, one line style per tool
        xs, ys = zip(*sorted(points))
        ax.plot(xs, ys, styles.get(tool, "-"), color=colours(tasks.index(task) % 20), label=f"{task} ({tool})", markersize=4)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples in the graph")
    ax.set_ylabel("seconds (median)")
    ax.set_title("geokg against the bare engine (raw) and rdflib")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=6, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    return f"plot: {path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=size_arg, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--only", nargs="+", metavar="TEXT",
                        help="only the tasks whose names contain one of these (e.g. export, 'build with SHACL'); "
                             "the default-store rows (first command on a fresh clone, full build, edit one file, cold query on the "
                             "default store) depend on each other: select them together")
    parser.add_argument("--rdflib-up-to", type=size_arg, default=100_000, help="rdflib baselines up to this size")
    parser.add_argument("--pyshacl-up-to", type=size_arg, default=10_000,
                        help="pyshacl whole-graph baseline up to this size (minutes at 100k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    parser.add_argument("--work", type=Path, help="folder for projects and stores (kept; default: a temp folder)")
    args = parser.parse_args(argv)
    # kg's own settings are left out (KG_NO_STORE would turn the default-store rows into in-memory ones)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("KG_")}
    env["PYTHONPATH"] = str(REPO)
    env["KG_QUERY_TIMEOUT"] = "3600"  # the bare engine has no timeout; kg's default (30 s) is near the 1M figures
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    args.out.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"{info['cpu']}; {info['cores']} cores; {info['ram_gib']} GiB; Python {info['python']}; "
          f"pyoxigraph {info['pyoxigraph']}; pyshacl {info['pyshacl']}; load average {info['load_average']}")
    chosen = (lambda runs: [r for r in runs if any(text in r.task for text in args.only)]) if args.only else list
    results = measure(chosen(plan.cold_query_runs(work / "shipped", env)), args.repeat, env)
    for size in args.sizes:
        project = work / f"gen-{size}"
        if not project.exists():
            generate(size, args.seed, project)
        runs = plan.size_runs(project, work / f"stores-{size}", size, args, env)
        results += measure(chosen(runs), args.repeat, env)
        print(f"  {size:,} done; load average {os.getloadavg()[0]:.2f}", flush=True)
    results = with_ratios(results)
    info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print_table(results)
    document = {"machine": info, "sizes": args.sizes, "repeat": args.repeat, "results": results,
                "targets": plan.targets(results)}
    (args.out / "results.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    (args.out / "table.md").write_text(markdown(results), encoding="utf-8")
    for line in document["targets"]:
        print(f"target {line['target']}: {line['verdict']} ({line['figure']})")
    print(plot(results, args.out / "timings.png"))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
