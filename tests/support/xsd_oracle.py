"""An oracle for the XSD 1.1 lexical spaces of a few datatypes, written from the grammar of
"XML Schema Definition Language (XSD) 1.1 Part 2: Datatypes" (W3C Recommendation, 5 April 2012),
to check kg.rdf.literals against something that is not itself.

It shares nothing with kg.rdf.literals: no regular expressions, only a reader that walks the
text one character at a time through the productions, named as in the spec (§3.3 and appendix
D.3: yearFrag, monthFrag, dayFrag, hourFrag, minuteFrag, secondFrag, endOfDayFrag,
timezoneFrag; decimal, double and boolean from §3.3.3, §3.3.5, §3.3.2). A digit is 0-9 only:
the spec's `digit` is `[0-9]`, whatever Unicode calls a digit.
"""

from __future__ import annotations

DIGITS = "0123456789"


class _Reader:
    """The text and a position; each method consumes one production or says False."""

    def __init__(self, text: str):
        self.text, self.at = text, 0

    def done(self) -> bool:
        return self.at == len(self.text)

    def peek(self, n: int = 1) -> str:
        return self.text[self.at:self.at + n]

    def take(self, allowed: str) -> str | None:
        """One character from `allowed`, consumed, or None."""
        if self.at < len(self.text) and self.text[self.at] in allowed:
            self.at += 1
            return self.text[self.at - 1]
        return None

    def literal(self, word: str) -> bool:
        if self.text.startswith(word, self.at):
            self.at += len(word)
            return True
        return False

    def digits(self) -> str:
        """digit* : as many as there are."""
        start = self.at
        while self.take(DIGITS):
            pass
        return self.text[start:self.at]

    def two_digits(self) -> int | None:
        pair = self.digits_exactly(2)
        return None if pair is None else int(pair)

    def digits_exactly(self, n: int) -> str | None:
        start = self.at
        for _ in range(n):
            if not self.take(DIGITS):
                self.at = start
                return None
        return self.text[start:self.at]


def _year(r: _Reader) -> int | None:
    """yearFrag ::= '-'? (([1-9] digit digit digit+) | ('0' digit digit digit))"""
    negative = r.take("-") is not None
    first = r.take(DIGITS)
    if first is None:
        return None
    rest = r.digits()
    if first == "0" and len(rest) != 3:
        return None
    if first != "0" and len(rest) < 3:
        return None
    value = int(first + rest)
    return -value if negative else value


def _month(r: _Reader) -> int | None:
    """monthFrag ::= ('0' [1-9]) | ('1' [0-2])"""
    value = r.two_digits()
    return value if value is not None and 1 <= value <= 12 else None


def _day(r: _Reader) -> int | None:
    """dayFrag ::= ('0' [1-9]) | ([12] digit) | ('3' [01])"""
    value = r.two_digits()
    return value if value is not None and 1 <= value <= 31 else None


def _timezone(r: _Reader) -> bool:
    """timezoneFrag ::= 'Z' | ('+' | '-') (('0' digit | '1' [0-3]) ':' minuteFrag | '14:00')"""
    if r.take("Z"):
        return True
    if not r.take("+-"):
        return False
    if r.literal("14:00"):
        return True
    hours = r.two_digits()
    if hours is None or hours > 13 or not r.take(":"):
        return False
    minutes = r.two_digits()
    return minutes is not None and minutes <= 59


def _optional_timezone(r: _Reader) -> bool:
    return r.done() or (_timezone(r) and r.done())


def _time_of_day(r: _Reader) -> bool:
    """(hourFrag ':' minuteFrag ':' secondFrag) | endOfDayFrag
    secondFrag ::= ([0-5] digit) ('.' digit+)?     endOfDayFrag ::= '24:00:00' ('.' '0'+)?"""
    if r.literal("24:00:00"):
        if r.take("."):
            zeros = 0
            while r.take("0"):
                zeros += 1
            return zeros > 0
        return True
    hours = r.two_digits()
    if hours is None or hours > 23 or not r.take(":"):
        return False
    minutes = r.two_digits()
    if minutes is None or minutes > 59 or not r.take(":"):
        return False
    seconds = r.two_digits()
    if seconds is None or seconds > 59:
        return False
    return not r.take(".") or r.digits() != ""


def days_in_month(year: int, month: int) -> int:
    """daysInMonth (D.3.2): February has 29 days when year is divisible by 400, or by 4 and not 100
    (year 0, 1 BCE, is a leap year)."""
    if month == 2:
        return 29 if year % 400 == 0 or (year % 4 == 0 and year % 100 != 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _date_part(r: _Reader) -> bool:
    """yearFrag '-' monthFrag '-' dayFrag, with the day-of-month constraint."""
    year = _year(r)
    if year is None or not r.take("-"):
        return False
    month = _month(r)
    if month is None or not r.take("-"):
        return False
    day = _day(r)
    return day is not None and day <= days_in_month(year, month)


def is_date(text: str) -> bool:
    r = _Reader(text)
    return _date_part(r) and _optional_timezone(r)


def is_datetime(text: str) -> bool:
    r = _Reader(text)
    return _date_part(r) and r.take("T") is not None and _time_of_day(r) and _optional_timezone(r)


def is_gyear(text: str) -> bool:
    r = _Reader(text)
    return _year(r) is not None and _optional_timezone(r)


def is_gyearmonth(text: str) -> bool:
    r = _Reader(text)
    return _year(r) is not None and r.take("-") is not None and _month(r) is not None and _optional_timezone(r)


def _no_decimal_point(r: _Reader) -> bool:
    """noDecimalPtNumeral ::= ('+' | '-')? unsignedNoDecimalPtNumeral (digit+)"""
    r.take("+-")
    return r.digits() != ""


def _decimal_numeral(r: _Reader) -> bool:
    """noDecimalPtNumeral | decimalPtNumeral, where unsignedDecimalPtNumeral ::=
    (unsignedNoDecimalPtNumeral '.' fracFrag?) | ('.' fracFrag)"""
    r.take("+-")
    whole = r.digits()
    if r.take("."):
        fraction = r.digits()
        return whole != "" or fraction != ""
    return whole != ""


def is_integer(text: str) -> bool:
    """xsd:integer: decimal restricted by the pattern [\\-+]?[0-9]+"""
    r = _Reader(text)
    return _no_decimal_point(r) and r.done()


def is_decimal(text: str) -> bool:
    r = _Reader(text)
    return _decimal_numeral(r) and r.done()


def is_double(text: str) -> bool:
    """doubleRep ::= noDecimalPtNumeral | decimalPtNumeral | scientificNotationNumeral | numericalSpecialRep
    scientificNotationNumeral ::= (noDecimalPtNumeral | decimalPtNumeral) ('e' | 'E') noDecimalPtNumeral
    numericalSpecialRep ::= '+INF' | '-INF' | 'INF' | 'NaN'"""
    if text in ("+INF", "-INF", "INF", "NaN"):
        return True
    r = _Reader(text)
    if not _decimal_numeral(r):
        return False
    if r.take("eE"):
        return _no_decimal_point(r) and r.done()
    return r.done()


def is_boolean(text: str) -> bool:
    return text in ("true", "false", "1", "0")


VALID = {
    "date": is_date, "dateTime": is_datetime, "gYear": is_gyear, "gYearMonth": is_gyearmonth,
    "integer": is_integer, "decimal": is_decimal, "double": is_double, "boolean": is_boolean,
}
