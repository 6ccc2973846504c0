"""How long `kg check` takes: on the shipped graph and on synthetic graphs of a given size.

    python bench/check.py                    # shipped graph and 10,000 triples, median of 3
    python bench/check.py --triples 10000 50000 --runs 5

Each run is a fresh process, as a user runs it (`python -m kg -C DIR check -f json`), so the
figures include Python start-up, loading the graph, the cleaned copy, the JVM start and HermiT.
The table gives the median wall time of the whole command and of the HermiT run inside it, of
`--no-reasoner` (hygiene only) and of `--materialize`.

The synthetic graph comes from a small generator in this file (bench/generate.py was not on main
when this was written): states, people with tenures in offices, treaties with their parties,
meetings with participants and places, statements with speakers; every fact in a source file with
its label, evidence and kg:source, dates as xsd:gYear, in the shipped ontology. It conforms to
the shapes (`kg build` exits 0).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAD = (
    "@prefix dcterms: <http://purl.org/dc/terms/> .\n@prefix kg: <https://w3id.org/geokg/ontology#> .\n@prefix kgr: <https://w3id.org/geokg/resource/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix src: <https://w3id.org/geokg/source/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
)
FACTS_PER_SOURCE = 100


def generate(folder: Path, triples: int, seed: int = 1) -> Path:
    """A project of about `triples` triples in the shipped ontology; the same seed gives the same files."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "ontology", folder / "ontology")
    (folder / "data" / "sources").mkdir(parents=True)
    facts = max(1, triples // 9)  # a fact block holds about 9 triples with its share of entities
    states = [f"kgr:State_{i}" for i in range(max(4, facts // 20))]
    people = [f"kgr:Person_{i}" for i in range(max(4, facts // 5))]
    offices = [f"kgr:Office_{i}" for i in range(len(states))]
    entities = [f'{s} a kg:State ;\n    rdfs:label "State {i}"@en .\n' for i, s in enumerate(states)]
    entities += [f'{p} a kg:Person ;\n    rdfs:label "Person {i}"@en ;\n    kg:country {rng.choice(states)} .\n' for i, p in enumerate(people)]
    entities += [f'{o} a kg:Office ;\n    rdfs:label "Office {i}"@en ;\n    kg:officeOf {states[i]} .\n' for i, o in enumerate(offices)]
    (folder / "data" / "entities.ttl").write_text(HEAD + "\n".join(entities), encoding="utf-8")
    for first in range(0, facts, FACTS_PER_SOURCE):
        slug = f"gen-{first // FACTS_PER_SOURCE:04d}"
        blocks = [f'src:{slug} a kg:Source ;\n    rdfs:label "Generated source {slug}"@en ;\n'
                  f'    dcterms:title "Generated source {slug}" ;\n    kg:genre "news" .\n']
        blocks += [_fact(rng, n, slug, states, people, offices) for n in range(first, min(facts, first + FACTS_PER_SOURCE))]
        (folder / "data" / "sources" / f"{slug}.ttl").write_text(HEAD + "\n".join(blocks), encoding="utf-8")
    return folder


def _fact(rng: random.Random, n: int, slug: str, states: list, people: list, offices: list) -> str:
    year = rng.randint(1990, 2021)
    tail = (f'    rdfs:label "Generated fact {n}"@en ;\n    kg:evidence "Generated sentence number {n}." ;\n'
            f'    kg:source src:{slug} .\n')
    kind = n % 4
    a, b = rng.sample(states, 2)
    if kind == 0:
        return (f"kgr:tenure-{n} a kg:Tenure ;\n    kg:holder {rng.choice(people)} ;\n    kg:office {rng.choice(offices)} ;\n"
                f'    kg:asOf "{year}"^^xsd:gYear ;\n' + tail)
    if kind == 1:
        return f"kgr:agreement-{n} a kg:Treaty ;\n    kg:party {a}, {b} ;\n    kg:startDate \"{year}\"^^xsd:gYear ;\n" + tail
    if kind == 2:
        return (f"kgr:meeting-{n} a kg:Meeting ;\n    kg:participant {rng.choice(people)}, {b} ;\n"
                f'    kg:place {a} ;\n    kg:date "{year}"^^xsd:gYear ;\n' + tail)
    return (f"kgr:statement-{n} a kg:Statement ;\n    kg:speaker {rng.choice(people)} ;\n    kg:about {a} ;\n"
            f'    kg:quote "Generated quote {n}." ;\n    kg:date "{year}"^^xsd:gYear ;\n' + tail)


def count_triples(folder: Path) -> int:
    import pyoxigraph as ox

    return sum(sum(1 for _ in ox.parse(path=str(p))) for p in folder.rglob("*.ttl") if p.name != "shapes.ttl")


def timed(folder: Path, *options: str) -> tuple[float, float | None]:
    """Wall time of one `kg check` process, and HermiT's time inside it."""
    command = [sys.executable, "-m", "kg", "-C", str(folder), "check", "-f", "json", *options]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"kg check failed ({result.returncode}): {result.stderr.strip()}")
    return wall, json.loads(result.stdout)["reasoner"]["seconds"]


def measure(name: str, folder: Path, runs: int) -> list[str]:
    full = [timed(folder) for _ in range(runs)]
    hygiene = [timed(folder, "--no-reasoner")[0] for _ in range(runs)]
    materialize = [timed(folder, "--materialize")[0] for _ in range(runs)]
    (folder / "data" / "inferred.ttl").unlink(missing_ok=True)
    median = lambda values: f"{statistics.median(values):.2f}"  # noqa: E731
    return [name, f"{count_triples(folder):,}", median([w for w, _ in full]), median([h for _, h in full]),
            median(hygiene), median(materialize)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="*", default=[10_000], help="sizes of synthetic graphs")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-check-") as scratch:
        shipped = Path(scratch) / "shipped"
        shutil.copytree(REPO / "ontology", shipped / "ontology")
        shutil.copytree(REPO / "data", shipped / "data")
        (shipped / "data" / "inferred.ttl").unlink(missing_ok=True)
        rows = [measure("shipped", shipped, args.runs)]
        for size in args.triples:
            rows.append(measure(f"synthetic {size:,}", generate(Path(scratch) / f"gen-{size}", size), args.runs))
    headers = ["graph", "triples", "kg check (s)", "HermiT (s)", "--no-reasoner (s)", "--materialize (s)"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print(f"kg check, median of {args.runs} runs, each a fresh process")
    for row in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))))


if __name__ == "__main__":
    main()
