"""What OWL 2 tools accept of RDF literals: the OWL 2 datatype map, and dates put into it.

The graph keeps dates at the precision of the text: xsd:date, xsd:gYearMonth, xsd:gYear. None of
them is in the OWL 2 datatype map (OWL 2 Structural Specification §4), so HermiT rejects
xsd:date and owlready2 cannot read xsd:gYear; the reasoner's copy (kg.reasoning.cleaned_copy) and
the OWL export (kg.interop.owl) both start from this table.
"""

from __future__ import annotations

import re

from kg.namespaces import OWL, RDF, RDFS, XSD

# The OWL 2 datatype map, plus rdf:langString of RDF 1.1.
OWL2_DATATYPES = frozenset(
    [RDF + n for n in ("PlainLiteral", "XMLLiteral", "langString")]
    + [RDFS + "Literal", OWL + "real", OWL + "rational"]
    + [XSD + n for n in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
        "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
        "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
        "dateTime dateTimeStamp"
    ).split()]
)
DATE_TYPES = frozenset(XSD + n for n in ("date", "gYearMonth", "gYear"))
_DATE = re.compile(r"(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?(Z|[+-]\d\d:\d\d)?")


def first_instant(lexical: str, datatype: str) -> str | None:
    """The xsd:dateTime lexical form of the first instant of a date, month or year, or None.

    "2019-05" (xsd:gYearMonth) -> "2019-05-01T00:00:00"; a time zone is kept.
    """
    if datatype not in DATE_TYPES:
        return None
    match = _DATE.fullmatch(lexical.strip())
    if match is None:
        return None
    year, month, day, zone = match.groups()
    return f"{year}-{month or '01'}-{day or '01'}T00:00:00{zone or ''}"


def blank_tree(node, by_subject: dict) -> set:
    """Every blank node reachable from `node` through objects: a class expression or a data range and its lists.

    `by_subject` maps a subject to its statements (triples or quads).
    """
    import pyoxigraph as ox

    seen: set = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, ox.BlankNode) and current not in seen:
            seen.add(current)
            todo.extend(t.object for t in by_subject.get(current, ()))
    return seen
