"""Where a term links to, and how a date reads: the only place the UI builds an address.

Every href on every page comes from `href_for`, so a hostile IRI can never become a
`javascript:` link: internal pages are percent-encoded paths, and the only outside links are
http(s) IRIs, which the templates mark rel="noopener noreferrer".
"""

from __future__ import annotations

import re
import urllib.parse

from kg.namespaces import KGR, SRC, expand, shorten

_DATE = re.compile(r"^(-?)(\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?(T.*)?$")
PRECISIONS = {1: "year", 2: "month", 3: "day"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def href_for(iri: str, sources: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The page of a term of the graph, an http(s) IRI itself, or None (no link for other schemes)."""
    if iri.startswith(KGR) and len(iri) > len(KGR):
        return "/entity/" + urllib.parse.quote(iri[len(KGR):], safe="")
    if iri in sources:
        return "/source/" + urllib.parse.quote(iri[len(SRC):], safe="")
    short = shorten(iri)
    if short != iri and not short.startswith("<"):
        return "/entity/" + urllib.parse.quote(short, safe=":")
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def entity_name(segment: str) -> str | None:
    """What /entity/SEGMENT names, for kg.query.show: kgr:SEGMENT, or a prefixed name as given.

    By IRI only, never by label: the same address always means the same entity.
    """
    name = urllib.parse.unquote(segment, errors="strict")
    if not name:
        return None
    if ":" not in name:
        return "kgr:" + name
    return name if expand(name) is not None else None


def precision(date: str) -> str:
    """year, month, day or time: how much of a date the source gave (gYear, gYearMonth, date…)."""
    match = _DATE.match(date)
    if not match:
        return ""
    if match.group(5):
        return "time"
    return PRECISIONS[sum(1 for g in match.groups()[1:4] if g)]


def readable(date: str) -> str:
    """'2019', 'June 2019', '15 May 2019'; anything else as it is written."""
    match = _DATE.match(date)
    if not match or match.group(5):
        return date
    sign, year, month, day = match.groups()[:4]
    year = ("-" if sign else "") + year.lstrip("0").rjust(1, "0")
    if month and 1 <= int(month) <= 12:
        return " ".join(p for p in (str(int(day)) if day else "", MONTHS[int(month) - 1], year) if p)
    return date


def decimal_year(date: str) -> float | None:
    """The date as a point on a year axis (the start of its month or year), for the timeline."""
    match = _DATE.match(date)
    if not match:
        return None
    sign, year, month, day = match.groups()[:4]
    value = int(year) + (int(month or 1) - 1) / 12 + (int(day or 1) - 1) / 365
    return -value if sign else value


def iri_of(name: str) -> str | None:
    """The IRI a name of a kg show report stands for: <full> or prefixed; None for a literal's value.

    A report gives terms as text (kg show --json keeps that shape), so a literal whose value
    reads exactly like a prefixed name would pass for one; it then links to that name's page,
    which says whether the graph holds it.
    """
    if name.startswith("<") and name.endswith(">") and " " not in name:
        return name[1:-1]
    if " " in name or name.startswith("_:"):
        return None
    return expand(name)
