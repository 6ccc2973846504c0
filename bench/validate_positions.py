"""What placing every problem at its triple's line and column costs `kg validate` (issue 19).

    python bench/validate_positions.py                    # the shipped source files, generated 10k and 100k
    python bench/validate_positions.py --sizes 100000

Reading new facts means parsing them strictly (pyoxigraph) and finding each subject's line; issue
19 added a scan for each triple's line and column (kg.rdf.positions). For each input, the median
of five runs of each step in CPU seconds, and the scan as a ratio of the parse in the same run.
The generated inputs are the source files of bench/generate.py's projects, in a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402

from bench.generate import generate  # noqa: E402
from kg.rdf import locations, positions, reading  # noqa: E402


def median_cpu(work, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def one_file(folder: Path) -> Path:
    """The project's source files as one Turtle file (each file's own prefixes kept, which Turtle allows)."""
    out = folder / "all.ttl"
    out.write_text("\n".join(p.read_text(encoding="utf-8") for p in sorted((folder / "data" / "sources").glob("*.ttl"))),
                   encoding="utf-8")
    return out


def row(name: str, path: Path) -> str:
    inp = reading.read_input(path)
    quads = reading.parse(inp)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    parse = median_cpu(lambda: reading.parse(inp))
    lines = median_cpu(lambda: locations.subject_lines(inp, quads))
    spots = median_cpu(lambda: positions.triple_spots(inp, triples))
    placed = len(positions.triple_spots(inp, triples))
    return (f"{name:<28} {len(triples):>8,} {placed:>8,} {parse:>8.3f} {lines:>8.3f} {spots:>8.3f} "
            f"{spots / parse:>7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    args = parser.parse_args()
    print(f"{'input':<28} {'triples':>8} {'placed':>8} {'parse':>8} {'lines':>8} {'spots':>8} {'spots/parse':>8}")
    for path in sorted((REPO / "data" / "sources").glob("*.ttl")):
        print(row(path.name, path))
    with tempfile.TemporaryDirectory(prefix="bench-positions-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            generate(size, 1, folder)
            print(row(f"generated {size:,}", one_file(folder)))


if __name__ == "__main__":
    main()
