"""Capture tests/data/golden/expected.json from the OLD tool, the one before the package move.

    python -m tests.support.capture_golden --old-checkout /path/to/geokg-at-16f2aa2 \\
        --old-kg /path/to/its/venv/bin/kg

It refuses to run unless --old-checkout is a git checkout at commit 16f2aa2 (flat kg/ modules,
kg/rdfio.py and no kg/rdf/) and --old-kg is a `kg` program whose Python imports kg from that
checkout: the expectations must never come from the tool they are meant to test. Each case runs
in a fresh copy of ontology/, data/, queries/ and examples/ (from the old checkout, or from
--project DIR), with no KG_* variable and COLUMNS=80; see tests/data/golden/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support import golden

OLD_COMMIT = "16f2aa263484d616a3ad04134273621be7b03876"


def refuse_unless_old(checkout: Path, kg_program: Path) -> None:
    head = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.stdout.strip() != OLD_COMMIT:
        sys.exit(f"refused: {checkout} is not a checkout at {OLD_COMMIT[:7]} (HEAD {head.stdout.strip() or '?'})")
    if not (checkout / "kg" / "rdfio.py").is_file() or (checkout / "kg" / "rdf").exists():
        sys.exit(f"refused: {checkout}/kg is not the flat, pre-move package")
    python = kg_program.read_text(encoding="utf-8").splitlines()[0].removeprefix("#!").strip()
    where = subprocess.run([python, "-c", "import kg; print(kg.__file__)"], capture_output=True, text=True, cwd="/")
    if Path(where.stdout.strip()).resolve().parent != (checkout / "kg").resolve():
        sys.exit(f"refused: {kg_program} does not run the kg of {checkout} (it imports {where.stdout.strip()!r})")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["COLUMNS"] = "80"
    return env


def run_case(case: golden.Case, project: Path, kg_program: Path, scratch: Path) -> list[dict]:
    root = golden.make_project(project, scratch / case.id / "project", case)
    results, before = [], golden.snapshot(root)
    for step in case.steps:
        done = subprocess.run(
            [str(kg_program), *step.argv],
            cwd=root,
            env=environment(),
            input=(step.stdin or "").encode("utf-8"),
            capture_output=True,
            timeout=600,
        )
        after = golden.snapshot(root)
        results.append(golden.outcome(step.line, done.returncode, done.stdout, done.stderr, golden.changes(before, after), root))
        before = after
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-checkout", type=Path, required=True)
    parser.add_argument("--old-kg", type=Path, required=True)
    parser.add_argument("--project", type=Path, help="where to copy the project's files from (default: the old checkout)")
    args = parser.parse_args()
    refuse_unless_old(args.old_checkout, args.old_kg)
    project = args.project or args.old_checkout
    with tempfile.TemporaryDirectory() as scratch:
        cases = {c.id: run_case(c, project, args.old_kg, Path(scratch)) for c in golden.load_cases()}
    expected = {
        "captured_from": OLD_COMMIT,
        "inputs": golden.input_hashes(project),
        "cases": cases,
    }
    golden.EXPECTED.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {golden.EXPECTED}: {sum(len(v) for v in cases.values())} command lines in {len(cases)} cases")


if __name__ == "__main__":
    main()
