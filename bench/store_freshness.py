"""What checking that an on-disk store is fresh costs every reading command: at the shipped project and generated ones.

    python bench/store_freshness.py                          # shipped, 100k and 1M triples
    python bench/store_freshness.py --sizes 10k --runs 5
    python bench/store_freshness.py --project DIR            # an existing project (its store is built in a temp folder)

A reading command with --store first compares the project's files with the store's manifest
(kg.store.manifest.is_fresh): a file whose inode, ctime and mtime are as recorded, with the build well
after its ctime, is proved unchanged by its metadata; any other file is hashed (SHA-256). Timed
in this process, median of --runs after one warm-up, the files in the page cache (the usual case
right after an edit or a build): listing the project's files alone (what any command pays),
reading the manifest, the check when metadata proves every file unchanged, when one file's
metadata has changed (`touch`), and when every file must be hashed (a manifest without ctimes, as
an older store has, or a build within 2 s of the files' last change). The store is built once per
project with `kg build --no-validate --store` (untimed).
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402
from bench.run import size_arg  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.store import generations  # noqa: E402
from kg.store.manifest import is_fresh  # noqa: E402


def timed(work, runs: int) -> tuple[tuple[float, float], object]:
    """Median wall and CPU milliseconds of `work()` over `runs` calls after one warm-up, and its last
    answer. The CPU time (user and system, this process) is the steadier figure on a shared machine."""
    answer = work()
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        answer = work()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return (statistics.median(walls), statistics.median(cpus)), answer


def build_store(root: Path, store: Path) -> dict:
    """A store of the project, built after its files' ctimes are 2 s old, so metadata can prove them."""
    newest = max(pf.path.stat().st_ctime for pf in Project(root).files())
    time.sleep(max(0.0, 2.1 - (time.time() - newest)))
    done = subprocess.run([sys.executable, "-m", "kg", "-C", str(root), "build", "--no-validate", "--store", str(store)],
                          cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"kg build failed on {root}: {done.stderr[-500:]}")
    return generations.read_manifest(store)[1]


def measure(name: str, root: Path, store: Path, runs: int) -> dict:
    manifest = build_store(root, store)
    project = Project(root)
    files = project.files()
    size = sum(pf.path.stat().st_size for pf in files)
    listing, _ = timed(project.files, runs)
    reading, _ = timed(lambda: generations.read_manifest(store), runs)
    proved, fresh = timed(lambda: is_fresh(project, manifest), runs)
    touched = copy.deepcopy(manifest)  # one file's ctime as a `touch` leaves it: that file alone is hashed
    touched["files"][0]["ctime_ns"] -= 1
    one, fresh_one = timed(lambda: is_fresh(project, touched), runs)
    unproved = copy.deepcopy(manifest)  # no ctimes: every file is hashed
    for entry in unproved["files"]:
        del entry["ctime_ns"]
    hashed, fresh_all = timed(lambda: is_fresh(project, unproved), runs)
    if not (fresh and fresh_one and fresh_all):
        raise SystemExit(f"{name}: the unchanged project was judged stale ({fresh}, {fresh_one}, {fresh_all})")
    return {"project": name, "files": len(files), "mb": size / 1e6, "list_ms": listing, "manifest_ms": reading,
            "proved_ms": proved, "one_hashed_ms": one, "all_hashed_ms": hashed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=size_arg, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--project", type=Path, nargs="*", default=[], help="existing projects to measure too")
    parser.add_argument("--no-shipped", action="store_true", help="leave out the shipped project")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="folder for generated projects (kept, reused; default: a temp folder)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-freshness-"))
    stores = Path(tempfile.mkdtemp(prefix="kg-freshness-stores-"))
    targets = ([] if args.no_shipped else [("shipped", REPO)]) + [(str(p), p) for p in args.project]
    for size in args.sizes:
        root = work / f"gen-{size}"
        if not root.exists():
            generate(size, args.seed, root)
        targets.append((f"{size:,} triples", root))
    print(f"load average {os.getloadavg()}; median of {args.runs} runs, wall ms (CPU ms); files in the page cache;"
          " MB/s: hashing, from the CPU times")
    print(f"{'project':<18}{'files':>6}{'MB':>7}{'list files':>17}{'manifest':>13}{'proved':>17}{'1 hashed':>17}"
          f"{'all hashed':>17}{'MB/s':>7}")
    for i, (name, root) in enumerate(targets):
        r = measure(name, root, stores / f"s{i}", args.runs)
        extra = r["all_hashed_ms"][1] - r["proved_ms"][1]
        rate = f"{r['mb'] / (extra / 1000):.0f}" if extra > 0 else "-"
        cell = lambda name: f"{r[name][0]:.2f} ({r[name][1]:.2f})"  # noqa: E731
        print(f"{r['project']:<18}{r['files']:>6}{r['mb']:>7.1f}{cell('list_ms'):>17}{cell('manifest_ms'):>13}"
              f"{cell('proved_ms'):>17}{cell('one_hashed_ms'):>17}{cell('all_hashed_ms'):>17}{rate:>7}", flush=True)
    print(f"load average after {os.getloadavg()}")
    shutil.rmtree(stores, ignore_errors=True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
