"""Which literals of the project's files the store keeps in another form than the files write them.

A store keeps numbers, booleans and dates in canonical form: `4000000000.0` (an xsd:decimal) comes
back as "4000000000"^^xsd:decimal, `"3"^^xsd:byte` as "3"^^xsd:integer. The value is the same, but
an export then differs in text from the files, and a diff between them shows changes nobody made.
kg cannot keep the written form (the engine has no such option), so an export says how many
literals it writes otherwise, with the first one, rather than letting the diff surprise.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

from kg.limits import Limits
from kg.namespaces import XSD
from kg.project import ProjectFile
from kg.rdf import reading

# The datatypes whose lexical forms the engine rewrites (numbers and their derived types,
# booleans, dates and times); a string or an IRI is never rewritten.
_REWRITTEN = frozenset(XSD + n for n in (
    "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
    "unsignedLong unsignedInt unsignedShort unsignedByte double float boolean dateTime date time gYear "
    "gYearMonth gMonth gDay gMonthDay duration dayTimeDuration yearMonthDuration"
).split())


class Rewritten(NamedTuple):
    """How many literals of the files the store writes otherwise, and the first of them."""

    count: int
    path: str | None = None
    written: ox.Literal | None = None
    stored: ox.Literal | None = None


def rewritten_literals(files: list[ProjectFile], limits: Limits | None = None) -> Rewritten:
    """The literal occurrences of `files` whose stored form differs from their written form (each file parsed)."""
    limits = limits or Limits()
    found = []
    for pf in files:
        inp = reading.read_input(pf.path, limits=limits)
        found.append((str(inp.path), rewritten_in(ox.parse(inp.data, format=reading.FORMATS[inp.format], base_iri=None))))
    return summed(found)


def recorded_rewritten(manifest: dict, root, files: list[ProjectFile]) -> Rewritten | None:
    """The same count from a store's manifest, which kg build fills as it parses each file; None when
    an entry lacks it (a store built by an older kg), so the caller parses the files instead."""
    entries = {e["path"]: e for e in manifest.get("files", [])}
    found = []
    for pf in files:
        entry = entries.get(pf.relative_to(root))
        if entry is None or "rewritten" not in entry:
            return None
        found.append((str(pf.path), entry["rewritten"]))
    return summed(found)


def rewritten_in(quads) -> dict:
    """One file's count as the manifest keeps it: {"count": n} and, when n > 0, its first rewritten
    literal, written and stored, each as [lexical form, datatype IRI]."""
    literals = [q.object for q in quads if isinstance(q.object, ox.Literal) and q.object.datatype.value in _REWRITTEN]
    if not literals:
        return {"count": 0}
    distinct = list(dict.fromkeys(literals))
    probe = [ox.Triple(ox.BlankNode("x"), ox.NamedNode("urn:x-kg:p"), lit) for lit in distinct]
    stored = dict(zip(distinct, (t.object for t in as_stored(probe))))
    changed = [lit for lit in literals if stored[lit] != lit]
    if not changed:
        return {"count": 0}
    return {"count": len(changed), "written": _pair(changed[0]), "stored": _pair(stored[changed[0]])}


def summed(per_file: list[tuple[str, dict]]) -> Rewritten:
    """The files' counts added up, with the first rewritten literal of the first file that has one."""
    count, first = 0, None
    for path, found in per_file:
        if found["count"] and first is None:
            first = (path, _literal(found["written"]), _literal(found["stored"]))
        count += found["count"]
    return Rewritten(count, *first) if first else Rewritten(0)


def _pair(literal: ox.Literal) -> list[str]:
    return [literal.value, literal.datatype.value]


def _literal(pair: list[str]) -> ox.Literal:
    return ox.Literal(pair[0], datatype=ox.NamedNode(pair[1]))


def as_stored(triples: list) -> list[ox.Triple]:
    """The triples with each literal in the form a store keeps it in.

    A store keeps numbers, booleans and dates in canonical form ("1.50"^^xsd:decimal comes back as
    "1.5", "1"^^xsd:boolean as "true"), so a file's triple and the same triple read from a store
    differ unless both are compared in this form.
    """
    literals = list({t.object for t in triples if isinstance(t.object, ox.Literal) and not t.object.language})
    if not literals:
        return [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
    scratch, holds = ox.Store(), ox.NamedNode("urn:x-kg:holds")
    scratch.extend(ox.Quad(ox.BlankNode(f"v{i}"), holds, literal) for i, literal in enumerate(literals))
    stored = {lit: next(scratch.quads_for_pattern(ox.BlankNode(f"v{i}"), holds, None)).object for i, lit in enumerate(literals)}
    return [ox.Triple(t.subject, t.predicate, stored.get(t.object, t.object)) for t in triples]
