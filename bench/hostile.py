"""How long the tool takes to refuse hostile input: the refusal must come before the cost.

    python bench/hostile.py            # median of 5 fresh processes per input
    python bench/hostile.py --runs 9

Each run is `python -m kg -C <the shipped project> validate|query FILE` in a fresh process, as a
user runs it, so the figures include Python start-up (about 0.1 s). The naive paths these rules
replace: rdflib spent over 60 s on the entity-expansion file, pyoxigraph expands it into a 29 MB
literal, and Oxigraph's SPARQL parser crashes on the deeply nested query.
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
HOSTILE = REPO / "tests" / "hostile"


def inputs(folder: Path) -> list[tuple[str, list[str]]]:
    big = folder / "big-literal.ttl"
    big.write_text('<urn:x> <urn:p> "' + "a" * 4_000_000 + '" .\n', encoding="utf-8")
    deep = folder / "deep.ttl"
    deep.write_text("@prefix : <urn:x:> .\n:a :p " + "[ :p " * 10000 + ":b" + " ]" * 10000 + " .\n", encoding="utf-8")
    return [
        ("entity expansion, 673 bytes (validate)", ["validate", str(HOSTILE / "rdfxml-entity-expansion.rdf")]),
        ("XXE file entity (validate)", ["validate", str(HOSTILE / "rdfxml-xxe-file.rdf")]),
        ("remote JSON-LD @context (validate)", ["validate", str(HOSTILE / "jsonld-remote-context.jsonld")]),
        ("4 MB literal (validate)", ["validate", str(big)]),
        ("blank nodes 10,000 deep (validate)", ["validate", str(deep)]),
        ("SPARQL 10,000 brackets deep (query)", ["query", str(HOSTILE / "query-deep-nesting.rq")]),
        ("SERVICE query (query)", ["query", str(HOSTILE / "query-service.rq")]),
    ]


def seconds(args: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", "-C", str(REPO), *args], capture_output=True, cwd=REPO)
    return time.perf_counter() - started, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'input':45} {'exit':>4} {'median s':>9} {'max s':>7}")
        for name, args in inputs(Path(tmp)):
            timings = [seconds(args) for _ in range(runs)]
            codes = {code for _, code in timings}
            values = [t for t, _ in timings]
            print(f"{name:45} {','.join(map(str, sorted(codes))):>4} {statistics.median(values):9.3f} {max(values):7.3f}")


if __name__ == "__main__":
    main()
