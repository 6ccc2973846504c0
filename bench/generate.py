"""Write a synthetic geokg project of about N triples, reproducibly, for benchmarks.

    python bench/generate.py --triples 100000 --seed 1 --out /tmp/kg-100k

The folder gets the repository's ontology/ and queries/ (copied) and data in our ontology, shaped like the real
data: states with offices, cities and government bodies; people and their tenures; weapon
categories and systems; agreements (some treaties) with their parties; policies with who adopts
them and whom they target; and events (meetings, visits, statements, arms purchases and
requests, signings, conflicts) with their participants. Every fact lives in a source file
(data/sources/gen-NNNN.ttl) with its evidence sentence and kg:source, and the whole graph conforms
to the shapes (`kg -C DIR build` exits 0; states carry no Wikidata ID, which is a warning).

The same --triples and --seed always give the same bytes. Files are written as they are
generated (nothing is held in memory), so a million triples take a few seconds.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.namespaces import PREFIXES as NAMESPACES  # noqa: E402
from kg.rdf.turtle import prefix_lines  # noqa: E402

FACTS_PER_SOURCE = 150
PREFIXES = prefix_lines(["dcterms", "kg", "kgr", "rdfs", "src", "xsd"], NAMESPACES) + "\n"
CATEGORIES = ["Air_defence_system", "Fighter_aircraft", "Ballistic_missile", "Drone", "Tank", "Warship"]


@dataclass
class World:
    """The entities facts can point at, sized from the target triple count."""

    states: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    treaties: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)


class Writer:
    """A Turtle file written block by block; counts the triples it writes."""

    def __init__(self, path: Path):
        self.handle = open(path, "w", encoding="utf-8")
        self.handle.write(PREFIXES)
        self.triples = 0

    def block(self, subject: str, pairs: list[tuple[str, str | tuple[str, ...]]]) -> None:
        """One subject; an object given as a tuple is written as an object list."""
        objects = [(p, o if isinstance(o, tuple) else (o,)) for p, o in pairs]
        self.handle.write(f"{subject} " + " ;\n    ".join(f"{p} {', '.join(os)}" for p, os in objects) + " .\n\n")
        self.triples += sum(len(os) for _, os in objects)

    def close(self) -> int:
        self.handle.close()
        return self.triples


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def label(text: str) -> str:
    return lit(text) + "@en"


def write_entities(path: Path, target: int) -> tuple[World, int]:
    world, out = World(), Writer(path)
    n_states = max(12, target // 2500)
    for i in range(1, n_states + 1):
        state = f"kgr:State_{i}"
        world.states.append(state)
        out.block(state, [("a", "kg:State"), ("rdfs:label", label(f"State {i}"))])
        for kind in ("President", "Foreign_Minister"):
            office = f"kgr:{kind}_of_State_{i}"
            world.offices.append(office)
            out.block(office, [("a", "kg:Office"), ("rdfs:label", label(f"{kind.replace('_', ' ')} of State {i}")),
                               ("kg:officeOf", state)])
        for c in (1, 2):
            city = f"kgr:City_{i}_{c}"
            world.cities.append(city)
            out.block(city, [("a", "kg:City"), ("rdfs:label", label(f"City {c} of State {i}")), ("kg:locatedIn", state)])
        out.block(f"kgr:Ministry_of_State_{i}", [("a", "kg:GovernmentBody"), ("rdfs:label", label(f"Ministry of State {i}")),
                                                 ("kg:country", state)])
    for i in range(1, max(20, target // 400) + 1):
        world.persons.append(f"kgr:Person_{i}")
        out.block(f"kgr:Person_{i}", [("a", "kg:Person"), ("rdfs:label", label(f"Person {i}"))])
    for category in CATEGORIES:
        out.block(f"kgr:{category}", [("a", "kg:WeaponCategory"), ("rdfs:label", label(category.replace("_", " ").lower()))])
    rng = random.Random(len(world.states))
    for i in range(1, max(10, target // 2000) + 1):
        weapon = f"kgr:Weapon_{i}"
        world.weapons.append(weapon)
        out.block(weapon, [("a", "kg:WeaponSystem"), ("rdfs:label", label(f"Weapon system {i}")),
                           ("kg:category", f"kgr:{rng.choice(CATEGORIES)}"), ("kg:countryOfOrigin", rng.choice(world.states))])
    for i in range(1, max(6, target // 1500) + 1):
        kind = "kg:Treaty" if i % 2 else "kg:Agreement"
        agreement = f"kgr:Agreement_{i}"
        (world.treaties if i % 2 else world.agreements).append(agreement)
        out.block(agreement, [("a", kind), ("rdfs:label", label(f"Agreement {i}"))])
    for i in range(1, max(5, target // 2000) + 1):
        world.policies.append(f"kgr:Policy_{i}")
        out.block(f"kgr:Policy_{i}", [("a", "kg:Policy"), ("rdfs:label", label(f"Policy {i}"))])
    world.agreements += world.treaties
    return world, out.close()


def date(rng: random.Random) -> str:
    return f'"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date'


def fact(kind: str, rng: random.Random, w: World) -> tuple[str, list[tuple[str, str]], str]:
    """(class, predicate-object pairs, sentence) of one synthetic fact."""
    a, b = rng.sample(w.states, 2)
    person = rng.choice(w.persons)
    if kind == "Tenure":
        office = rng.choice(w.offices)
        return "kg:Tenure", [("kg:holder", person), ("kg:office", office),
                             ("kg:startDate", f'"{rng.randint(1990, 2024)}"^^xsd:gYear')], f"{person} took office as {office}"
    if kind == "Meeting":
        return "kg:Meeting", [("kg:participant", (a, b)), ("kg:date", date(rng)), ("kg:place", rng.choice(w.cities))], \
            f"{a} and {b} met"
    if kind == "Visit":
        return "kg:Visit", [("kg:visitor", person), ("kg:destination", b), ("kg:date", date(rng))], f"{person} visited {b}"
    if kind == "Statement":
        return "kg:Statement", [("kg:speaker", person), ("kg:quote", lit(f"We will work with {b}.")), ("kg:about", b)], \
            f"{person} spoke about {b}"
    if kind in ("ArmsPurchase", "ArmsRequest"):
        weapon = rng.choice(w.weapons)
        return f"kg:{kind}", [("kg:recipient", a), ("kg:supplier", b), ("kg:weapon", weapon), ("kg:date", date(rng))], \
            f"{a} and {b} dealt in {weapon}"
    if kind == "Signing":
        agreement = rng.choice(w.agreements)
        return "kg:Signing", [("kg:agreement", agreement), ("kg:signatory", (a, b)), ("kg:date", date(rng))], \
            f"{a} and {b} signed {agreement}"
    return "kg:Conflict", [("kg:participant", (a, b)), ("kg:startDate", f'"{rng.randint(1990, 2024)}"^^xsd:gYear')], \
        f"{a} and {b} fought"


KINDS = ["Tenure", "Meeting", "Visit", "Statement", "ArmsPurchase", "ArmsRequest", "Signing", "Conflict"]


def entity_facts(w: World, rng: random.Random):
    """Facts every entity needs from some source: treaty parties, policy adopters and targets."""
    for treaty in w.treaties:
        a, b = rng.sample(w.states, 2)
        yield treaty, [("kg:party", (a, b))], f"{a} and {b} are parties to {treaty}"
    for policy in w.policies:
        a, b = rng.sample(w.states, 2)
        yield policy, [("kg:adoptedBy", a), ("kg:targets", b)], f"{a} adopted {policy} against {b}"


def write_sources(folder: Path, world: World, budget: int, rng: random.Random) -> tuple[int, int]:
    """Source files of FACTS_PER_SOURCE facts each until `budget` triples are written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = files = number = 0
    pending = list(entity_facts(world, rng))
    while written < budget or pending:
        files += 1
        slug = f"gen-{files:04d}"
        out = Writer(folder / f"{slug}.ttl")
        out.block(f"src:{slug}", [("a", "kg:Source"), ("rdfs:label", label(f"Synthetic source {files}")),
                                  ("dcterms:title", lit(f"Synthetic article {files}")), ("kg:genre", lit("news")),
                                  ("dcterms:date", date(rng))])
        for _ in range(FACTS_PER_SOURCE):
            if not pending and written + out.triples >= budget:
                break
            number += 1
            if pending:
                (subject, pairs, sentence), head = pending.pop(0), []
            else:
                kind = KINDS[number % len(KINDS)]
                cls, pairs, sentence = fact(kind, rng, world)
                subject, head = f"kgr:fact-{number:07d}", [("a", cls), ("rdfs:label", label(f"{kind} fact {number}"))]
            out.block(subject, head + pairs + [("kg:evidence", lit(f"{sentence} (synthetic sentence {number}).")),
                                               ("kg:source", f"src:{slug}")])
        written += out.close()
    return written, files


def generate(triples: int, seed: int, out: Path) -> dict:
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; choose a new folder")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "ontology", out / "ontology")
    shutil.copytree(REPO / "queries", out / "queries")  # the canned queries, for kg query -n and bench/run.py
    rng = random.Random(seed)
    (out / "data").mkdir()
    world, entity_triples = write_entities(out / "data" / "entities.ttl", triples)
    source_triples, files = write_sources(out / "data" / "sources", world, max(triples - entity_triples, 0), rng)
    return {"entities": entity_triples, "sources": source_triples, "source_files": files}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many data triples to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same bytes)")
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder for the project")
    args = parser.parse_args(argv)
    counts = generate(args.triples, args.seed, args.out)
    total = counts["entities"] + counts["sources"]
    print(f"wrote {total:,} data triples ({counts['entities']:,} in data/entities.ttl, {counts['sources']:,} in "
          f"{counts['source_files']:,} source files) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
