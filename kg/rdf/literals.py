"""Lexical checks for typed literals, which pyoxigraph's parser accepts unchecked.

`"abc"^^xsd:integer` parses everywhere, then silently drops out of every FILTER and every
SHACL datatype check; a date like "2019-02-30" sorts but means nothing. Catching them when a
file is read gives the user the line to fix instead of a missing answer later.
"""

from __future__ import annotations

import re
from datetime import date

from kg.namespaces import XSD

_TZ = r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?"
_YEAR = r"-?([1-9]\d{4,}|\d{4})"
# Sources, compiled by `re` on first use (and cached there): most graphs use a few of these types,
# and compiling all of them would cost every reading command 2 ms of start-up.
_PATTERNS = {
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "double": r"([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)",
    "boolean": r"true|false|1|0",
    "gYear": _YEAR + _TZ,
    "gYearMonth": _YEAR + r"-(0[1-9]|1[0-2])" + _TZ,
    "date": r"(" + _YEAR + r")-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _TZ,
    "dateTime": (
        r"(" + _YEAR + r")-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)" + _TZ
    ),
    "time": r"(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)" + _TZ,
}
_PATTERNS["float"] = _PATTERNS["double"]
_INTEGER = r"[+-]?\d+"
# Integer types and their inclusive bounds (None: unbounded).
_INTEGER_RANGES = {
    "integer": (None, None),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}

CHECKED_DATATYPES = tuple(XSD + name for name in (*_PATTERNS, *_INTEGER_RANGES))


def lexical_problem(value: str, datatype: str) -> str | None:
    """Why `value` is not a valid lexical form of `datatype`, or None if it is (or is not checked)."""
    if not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD):]
    if name in _INTEGER_RANGES:
        return _integer_problem(value, name)
    pattern = _PATTERNS.get(name)
    if pattern is None:
        return None
    if not re.fullmatch(pattern, value):
        return f"{value!r} is not a valid xsd:{name}"
    if name in ("date", "dateTime"):
        return _calendar_problem(value, name)
    return None


def _integer_problem(value: str, name: str) -> str | None:
    if not re.fullmatch(_INTEGER, value):
        return f"{value!r} is not a valid xsd:{name}"
    low, high = _INTEGER_RANGES[name]
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        return f"{value} is out of range for xsd:{name}"
    return None


def _calendar_problem(value: str, name: str) -> str | None:
    body = value[1:] if value.startswith("-") else value
    year_text, month_text, rest = body.split("-", 2)
    day = int(rest[:2])
    year = int(year_text)
    try:
        date(year if 1 <= year <= 9999 else 2000, int(month_text), day)
    except ValueError:
        return f"{value!r} is not a valid xsd:{name}: there is no day {day} in month {int(month_text)}"
    return None
