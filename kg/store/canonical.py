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
from kg.store.graph import as_stored

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
    """The literal occurrences of `files` whose stored form differs from their written form."""
    limits = limits or Limits()
    count, first = 0, None
    for pf in files:
        inp = reading.read_input(pf.path, limits=limits)
        literals = [q.object for q in ox.parse(inp.data, format=reading.FORMATS[inp.format], base_iri=None)
                    if isinstance(q.object, ox.Literal) and q.object.datatype.value in _REWRITTEN]
        if not literals:
            continue
        distinct = list(dict.fromkeys(literals))
        probe = [ox.Triple(ox.BlankNode("x"), ox.NamedNode("urn:x-kg:p"), lit) for lit in distinct]
        stored = dict(zip(distinct, (t.object for t in as_stored(probe))))
        changed = [lit for lit in literals if stored[lit] != lit]
        if changed and first is None:
            first = (inp.path, changed[0], stored[changed[0]])
        count += len(changed)
    return Rewritten(count, *first) if first else Rewritten(0)
