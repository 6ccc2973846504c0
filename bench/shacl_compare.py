"""Whether to keep kg's own SHACL engine: it against pyshacl and pyrudof, on correctness, speed and memory.

    python bench/shacl_compare.py                        # W3C core suite, then 10k 100k 1M
    python bench/shacl_compare.py --sizes 10k --cap 120  # a quick look

Correctness: every test of the W3C SHACL core suite (tests/data/w3c-shacl/suite, put there by
tools/w3c_shacl_suite.py), per engine:
how many give exactly the expected report, how many say "conforms" wrongly (see
bench/shacl_engines.py for how results are compared). Speed: whole-graph SHACL of the project's
shapes on a generated project per size (bench/generate.py, plus data/sources/defects.ttl, a few
violations of several kinds per 2,000 triples, so that "the same results" means something), each
engine in its own process, capped in time (--cap) and address space (--memory); a run that does not
finish is reported as such, never extrapolated. Times are of the validation alone (from the data in
an in-memory Oxigraph store to the report); peak memory is the whole process's (wait4's
ru_maxrss, loading included). Results are compared as multisets of (focus, path, component,
severity) across the engines that finished.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402
from bench.run import size_arg  # noqa: E402

ENGINES = ("kg", "pyshacl", "pyrudof")
NAMES = {"kg": "kg (validate_store)", "pyshacl": "pyshacl", "pyrudof": "pyrudof"}

# Started by this small launcher, not by this script, so a child's peak memory is not this
# process's pages (ru_maxrss survives exec); the cap kills the child, the limit bounds its address space.
LAUNCHER = """import json, os, resource, subprocess, sys, threading, time
command, cap, memory = json.loads(sys.argv[1])
limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
start = time.perf_counter()
child = subprocess.Popen(command, preexec_fn=limit)
timer = threading.Timer(cap, child.kill); timer.start()
_, status, usage = os.wait4(child.pid, 0)
killed = not timer.is_alive(); timer.cancel()
sys.stderr.write(f"\\nkg-bench {time.perf_counter() - start} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {int(killed)}\\n")
"""


def run_engine(args: dict, cap: float, memory_bytes: int, work: Path) -> dict:
    """One engine on one job in its own process: its report (or why there is none), wall time, peak MB."""
    out = work / f"{args['job']}-{args['engine']}.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, str(REPO / "bench" / "shacl_engines.py"), json.dumps({**args, "out": str(out)})]
    done = subprocess.run([sys.executable, "-c", LAUNCHER, json.dumps([command, cap, memory_bytes])],
                          capture_output=True, text=True, cwd=REPO)
    _, wall, peak_kb, code, killed = done.stderr.strip().splitlines()[-1].split()
    found = {"engine": args["engine"], "wall": float(wall), "peak_mb": round(int(peak_kb) / 1024, 1)}
    if killed == "1":
        return {**found, "failed": f"did not finish in {cap:.0f} s"}
    if int(code) != 0 or not out.exists():
        said = [line.strip() for line in done.stderr.strip().splitlines()[:-1] if line.strip()] or [""]
        why = next((line for line in said if "memory allocation" in line or "panicked" in line or "Error" in line), said[-1])
        return {**found, "failed": f"exit {code}: {why[:200]}"}
    return {**found, **json.loads(out.read_text(encoding="utf-8"))}


# ---------------------------------------------------------------- the W3C core suite


def w3c_suite(engines, cap: float, memory: int, work: Path) -> list[dict]:
    from tests.support import w3c_shacl

    if not w3c_shacl.present():
        print(f"\n{w3c_shacl.MISSING}; the W3C part is left out", flush=True)
        return []
    summaries = []
    for engine in engines:
        found = run_engine({"engine": engine, "job": "w3c"}, cap, memory, work)
        cases = found.pop("cases", {})
        verdicts = Counter(c["verdict"] for c in cases.values())
        summaries.append({
            **found, "tests": len(cases), "right": verdicts["right"], "wrong_conforms": verdicts["wrong conforms"],
            "wrong": verdicts["wrong"], "error": verdicts["error"], "ran": dict(Counter(c["ran"] for c in cases.values() if "ran" in c)),
            "not_right": {name: c for name, c in cases.items() if c["verdict"] != "right"},
        })
    return summaries


def print_w3c(summaries: list[dict]) -> None:
    print("\nW3C SHACL core suite (tests/data/w3c-shacl/suite/core)")
    print(f"{'engine':<22}{'right':>8}{'wrong conforms':>16}{'other wrong':>13}{'errors':>8}  engine that ran")
    for s in summaries:
        if "failed" in s:
            print(f"{NAMES[s['engine']]:<22}  {s['failed']}")
            continue
        print(f"{NAMES[s['engine']]:<22}{s['right']:>5}/{s['tests']:<2}{s['wrong_conforms']:>16}{s['wrong']:>13}"
              f"{s['error']:>8}  {s['ran']}")
        for name, case in s["not_right"].items():
            print(f"    {name}: {case['verdict']} ({case.get('detail', '')[:300]})")


# ---------------------------------------------------------------- whole-graph SHACL at each size


def write_defects(project: Path, triples: int) -> int:
    """Violations of several kinds, in a source file of their own: duplicate labels (the sh:sparql
    constraint), a label in French, two holders and a state as office, a meeting with one participant."""
    units = max(5, triples // 2000)
    lines = ["@prefix kg: <https://w3id.org/geokg/ontology#> .", "@prefix kgr: <https://w3id.org/geokg/resource/> .",
             "@prefix src: <https://w3id.org/geokg/source/> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             'src:defects a kg:Source ; rdfs:label "Defects for the SHACL comparison"@en .']
    for i in range(1, units + 1):
        lines += [f'kgr:Defect_State_{i} a kg:State ; rdfs:label "State {i}"@en .',
                  f'kgr:Defect_City_{i} a kg:City ; rdfs:label "Ville {i}"@fr ; kg:locatedIn kgr:State_1 .',
                  f'kgr:defect-tenure-{i} a kg:Tenure ; rdfs:label "Defect tenure {i}"@en ; kg:holder kgr:Person_1, '
                  f'kgr:Person_2 ; kg:office kgr:State_1 ; kg:startDate "last year" ; kg:source src:defects .',
                  f'kgr:defect-meeting-{i} a kg:Meeting ; rdfs:label "Defect meeting {i}"@en ; kg:participant kgr:State_1 ; '
                  f'kg:source src:defects .']
    (project / "data" / "sources" / "defects.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return units


def whole_graph(project: Path, size: int, engines, cap: float, memory: int, work: Path) -> list[dict]:
    runs = []
    for engine in engines:
        found = run_engine({"engine": engine, "job": "whole", "project": str(project)}, cap, memory, work)
        runs.append({"triples": size, **found})
        print(f"  {size:,} {engine}: {found.get('seconds', found.get('failed'))} s; load average {os.getloadavg()[0]:.2f}",
              flush=True)
    compare(runs)
    return runs


def compare(runs: list[dict]) -> None:
    """Each finished run's results against the first finished one's; the rows themselves are dropped."""
    finished = [r for r in runs if "rows" in r]
    base = Counter(map(tuple, finished[0]["rows"])) if finished else Counter()
    for r in finished:
        mine = Counter(map(tuple, r.pop("rows")))
        r["results"] = sum(mine.values())
        r["by_component"] = dict(Counter(f"{c} {s}" for (_f, _p, c, s) in mine.elements()))
        r["same_as"] = finished[0]["engine"] if mine == base else None
        if mine != base:
            r["differences"] = {"missing": [list(k) for k in (base - mine)][:5], "extra": [list(k) for k in (mine - base)][:5],
                                "missing_count": sum((base - mine).values()), "extra_count": sum((mine - base).values())}
    pyshacl = next((r for r in runs if r["engine"] == "pyshacl"), None)
    for r in runs:
        if "seconds" in r and pyshacl is not None and r is not pyshacl:
            if "seconds" in pyshacl:
                r["faster_than_pyshacl"] = round(pyshacl["seconds"] / r["seconds"], 1)
            elif pyshacl["failed"].startswith("did not finish"):
                r["faster_than_pyshacl_at_least"] = round(pyshacl["wall"] / r["seconds"], 1)


def print_whole(runs: list[dict]) -> None:
    print(f"\n{'triples':>10}  {'engine':<22}{'validate s':>11}{'process s':>10}{'peak MB':>9}{'results':>9}"
          f"{'× pyshacl':>11}  same results")
    for r in runs:
        if "failed" in r:
            print(f"{r['triples']:>10,}  {NAMES[r['engine']]:<22}{r['failed']:>11}  (peak {r['peak_mb']:.0f} MB)")
            continue
        ratio = (f"{r['faster_than_pyshacl']}×" if "faster_than_pyshacl" in r else
                 f"≥{r['faster_than_pyshacl_at_least']}×" if "faster_than_pyshacl_at_least" in r else "")
        same = f"as {r['same_as']}" if r["same_as"] else f"DIFFERENT: {r['differences']}"
        print(f"{r['triples']:>10,}  {NAMES[r['engine']]:<22}{r['seconds']:>11.3f}{r['wall']:>10.2f}{r['peak_mb']:>9.0f}"
              f"{r['results']:>9}{ratio:>11}  {same} ({r['ran']})")
        print(f"{'':>12}{r['by_component']}")


def machine() -> dict:
    import platform

    import pyoxigraph
    import pyshacl

    try:
        from importlib.metadata import version

        rudof = version("pyrudof")
    except Exception:  # noqa: BLE001 - not installed: its runs say so
        rudof = "missing"
    return {"cores": os.cpu_count(), "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "pyshacl": pyshacl.__version__, "pyrudof": rudof, "load_average": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=size_arg, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--cap", type=float, default=900, help="seconds a run may take before it is killed")
    parser.add_argument("--memory", type=float, default=12, help="GB of address space a run may use")
    parser.add_argument("--no-w3c", action="store_true", help="skip the W3C core suite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="folder for the projects (kept, reused; default: a temp folder)")
    parser.add_argument("--out", type=Path, help="write the figures (no result rows) to this JSON file")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-shacl-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    memory = int(args.memory * 1e9)
    info = machine()
    print(f"{info['cores']} cores; Python {info['python']}; pyoxigraph {info['pyoxigraph']}; pyshacl {info['pyshacl']}; "
          f"pyrudof {info['pyrudof']}; load average {info['load_average']}; cap {args.cap:.0f} s, {args.memory:g} GB", flush=True)
    suite = [] if args.no_w3c else w3c_suite(args.engines, args.cap, memory, work)
    if suite:
        print_w3c(suite)
    runs = []
    for size in args.sizes:
        project = work / f"gen-{size}"
        if not project.exists():
            generate(size, args.seed, project)
        units = write_defects(project, size)
        print(f"{size:,} triples, {units} defect units; load average {os.getloadavg()[0]:.2f}", flush=True)
        runs += whole_graph(project, size, args.engines, args.cap, memory, work)
    info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    if runs:
        print_whole(runs)
    print(f"load average after: {info['load_average_after']}")
    if args.out:
        args.out.write_text(json.dumps({"machine": info, "w3c": suite, "whole_graph": runs}, indent=1) + "\n", encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
