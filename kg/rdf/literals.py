"""Lexical checks for typed literals, which pyoxigraph's parser accepts unchecked.

`"abc"^^xsd:integer` parses everywhere, then silently drops out of every FILTER and every
SHACL datatype check; a date like "2019-02-30" sorts but means nothing. Catching them when a
file is read gives the user the line to fix instead of a missing answer later.
"""

from __future__ import annotations

import re

from kg.namespaces import XSD

_TZ = r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?"  # up to 14 hours, and 14:00 is the last
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
    if not re.fullmatch(pattern, value, re.ASCII):  # ASCII: \d is [0-9], not every Unicode digit
        return f"{value!r} is not a valid xsd:{name}"
    if name in ("date", "dateTime"):
        return _calendar_problem(value, name)
    return None


def _integer_problem(value: str, name: str) -> str | None:
    if not re.fullmatch(_INTEGER, value, re.ASCII):
        return f"{value!r} is not a valid xsd:{name}"
    low, high = _INTEGER_RANGES[name]
    if low is None and high is None:
        return None  # xsd:integer is unbounded: no conversion (int() refuses over 4,300 digits)
    number = integer_value(value)
    if (low is not None and number < low) or (high is not None and number > high):
        shown = value if len(value) <= 40 else f"a {len(value.lstrip('+-'))}-digit number"
        return f"{shown} is out of range for xsd:{name}"
    return None


def integer_value(value: str) -> int:
    """The int of a valid integer lexical form of any length (int() refuses over 4,300 digits)."""
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = len(value) + 1
        return int(Decimal(value))


def _calendar_problem(value: str, name: str) -> str | None:
    """Whether the day exists in that month of that year, for any year of the XSD 1.1 lexical space.

    XSD 1.1 counts years proleptically with a year 0 (1 BCE, a leap year): "-0044-03-15" and
    "10000-01-01" are valid, "10100-02-29" is not. Python's date stops at 1..9999, so the leap
    rule is ours.
    """
    year_text, month_text, rest = value.lstrip("-").split("-", 2)
    year, month, day = int(year_text), int(month_text), int(rest[:2])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if day > _DAYS_IN_MONTH[month - 1] + (month == 2 and leap):
        return f"{value!r} is not a valid xsd:{name}: there is no day {day} in month {month}"
    return None


def beyond_python(value: str, datatype: str) -> bool:
    """True when a valid lexical form has no Python value (rdflib then logs a traceback).

    Years outside 1..9999 (datetime's range) and integers over 4,000 digits; kg.rdf.terms gives
    rdflib such literals without letting it convert them.
    """
    name = datatype[len(XSD):] if datatype.startswith(XSD) else ""
    if name in _INTEGER_RANGES or name == "decimal":
        return len(value) > 4000
    if name in ("date", "dateTime", "gYear", "gYearMonth"):
        year = re.match(r"-?\d*", value).group()
        return len(year) != 4 or year == "0000"
    return False


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def stand_in_value(value: str, datatype: str):
    """A Python value of the right type for a valid literal beyond Python's range (see beyond_python).

    Integers are exact; a date or dateTime gets a year in 2000..2399 with the same leap rule, so
    a type check passes (order comparisons with such dates are not meaningful: none is made).
    """
    from datetime import date, datetime

    name = datatype[len(XSD):]
    if name in _INTEGER_RANGES:
        return integer_value(value)
    if name == "decimal":
        from decimal import Decimal

        return Decimal(value)
    if name not in ("date", "dateTime"):
        return None
    year_text, month_text, rest = value.lstrip("-").split("-", 2)
    year = int(year_text) * (-1 if value.startswith("-") else 1)
    stand_in = date(2000 + year % 400, int(month_text), int(rest[:2]))
    return stand_in if name == "date" else datetime(stand_in.year, stand_in.month, stand_in.day)
