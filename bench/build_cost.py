"""What `kg build` costs with and without SHACL, and against another tree (issue 17).

    python bench/build_cost.py PROJECT [PROJECT ...] [--repeat 3] [--baseline DIR]

For each project, `kg build` (validation included) and `kg build --no-validate` take turns round
by round, each a new `kg` process building the project store from nothing (.kg/ removed first),
timed by bench/store_refresh.py's launcher (wall, CPU of the process, peak RSS). With --baseline,
a third task runs `kg build` from the tree at DIR (e.g. `git archive main | tar -x -C DIR`) in the
same rounds, for a ratio against it in the same run. Prints the medians and the load average
beside each round.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.store_refresh import KG, run_once  # noqa: E402


def tasks(project: Path, baseline: Path | None) -> list[tuple[str, list[str], dict | None]]:
    found = [("kg build", [*KG, "-C", str(project), "build"], None),
             ("kg build --no-validate", [*KG, "-C", str(project), "build", "--no-validate"], None)]
    if baseline is not None:
        # PYTHONSAFEPATH: `python -m kg` would otherwise import kg from the current folder first
        found.append(("baseline kg build", [*KG, "-C", str(project), "build"], {"PYTHONPATH": str(baseline), "PYTHONSAFEPATH": "1"}))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a tree of kg to build with too, for a ratio in the same run")
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    for project in args.projects:
        runs = tasks(project, args.baseline)
        figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _c, _e in runs}
        for round_ in range(args.repeat):
            for name, command, extra in runs:
                shutil.rmtree(project / ".kg", ignore_errors=True)
                wall, cpu, peak, _out = run_once(command, {**env, **(extra or {})})
                figures[name].append((wall, cpu, peak))
                print(f"{project.name} round {round_ + 1} {name:<24} wall {wall:7.2f} s  CPU {cpu:7.2f} s  "
                      f"peak {peak:6.0f} MB  load {os.getloadavg()[0]:.2f}", flush=True)
        print(f"\n{project.name}: median of {args.repeat}: wall s, CPU s, highest peak MB")
        medians = {name: (statistics.median(f[0] for f in rows), statistics.median(f[1] for f in rows),
                          max(f[2] for f in rows)) for name, rows in figures.items()}
        plain = medians["kg build --no-validate"]
        for name, (wall, cpu, peak) in medians.items():
            print(f"  {name:<24} {wall:8.2f} {cpu:8.2f} {peak:8.0f}   {wall / plain[0]:.2f}x wall, "
                  f"{cpu / plain[1]:.2f}x CPU of --no-validate")
        shutil.rmtree(project / ".kg", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
