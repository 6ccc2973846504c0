"""Seeded random edits of a store that break shapes, and the two engines' verdicts on it."""

from __future__ import annotations

import random

import pyoxigraph as ox

from kg import shacl
from kg.findings import Finding
from kg.namespaces import KG, RDF, RDFS, SRC


def key(result: Finding) -> tuple:
    return (result.focus, result.path, result.value, result.severity, result.constraint)


def both(store: ox.Store) -> tuple[set, set]:
    fast = {key(r) for r in shacl.validate_store(store, engine="sparql").results}
    reference = {key(r) for r in shacl.validate_store(store, engine="pyshacl").results}
    return fast, reference


def mutate(store: ox.Store, seed: int) -> ox.Store:
    """A copy of the store with random edits of the kinds that break shapes, until one is violated."""
    rng = random.Random(seed)
    copy = ox.Store()
    copy.extend(store)
    for _ in range(10):
        _edit(store, copy, rng)
        if not shacl.validate_store(copy, engine="sparql").conforms:  # warnings alone do not count
            break
    return copy


def _edit(store: ox.Store, copy: ox.Store, rng: random.Random) -> None:
    facts = sorted((q for q in store if q.graph_name.value.startswith(SRC)), key=str)
    entities = sorted({q.subject for q in facts if isinstance(q.subject, ox.NamedNode)}, key=str)
    classes = ["Meeting", "State", "Treaty", "Official", "City", "Sanctions", "Claim", "ArmsRefusal", "Source"]
    for _ in range(rng.randint(1, 3)):
        q = rng.choice(facts)
        kind = rng.choice(["drop", "swap", "literal", "extra", "retype", "label"])
        if kind in ("drop", "swap", "literal"):
            copy.remove(q)
        if kind == "swap":
            copy.add(ox.Quad(q.subject, q.predicate, rng.choice(entities), q.graph_name))
        elif kind == "literal":
            copy.add(ox.Quad(q.subject, q.predicate, ox.Literal(str(q.object.value)[:20]), q.graph_name))
        elif kind == "extra":
            extra = ox.Literal("extra") if isinstance(q.object, ox.Literal) else rng.choice(entities)
            copy.add(ox.Quad(q.subject, q.predicate, extra, q.graph_name))
        elif kind == "retype":
            copy.add(ox.Quad(q.subject, ox.NamedNode(RDF + "type"), ox.NamedNode(KG + rng.choice(classes)), q.graph_name))
        elif kind == "label":
            copy.add(ox.Quad(q.subject, ox.NamedNode(RDFS + "label"), ox.Literal("Iran", language=rng.choice(["en", "fr"])), q.graph_name))
