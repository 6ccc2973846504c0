"""Date expressions, normalised with the precision the text gives, against the article's date.

A small normaliser rather than dateparser: dateparser returns a datetime, so "March" would come
back with a day and a year it invented (the very thing DESIGN.md and the seeds' README forbid),
it weighs ~100 ms of imports and ~30 MB of locale data, and news English needs only the forms
below. Each value says how it was read (`note`): a year taken from the article's date is said.

Kinds: "date" (kg:date), "asOf" (currently, at this time, recently: the article's date), "start" (over the past N years),
"bounds" (a decade: kg:earliestDate/kg:latestDate), "unresolved" (relative to an event the text
does not date, such as "two weeks later": the note says so and no value is given).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
_MONTH = "(" + "|".join(MONTHS) + ")"
NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER = r"(\d{1,2}|" + "|".join(NUMBERS) + ")"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATE, YEAR_MONTH, YEAR = XSD + "date", XSD + "gYearMonth", XSD + "gYear"


@dataclass(frozen=True)
class ArticleDate:
    """The article's date at the precision known: year, and month and day when given."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "ArticleDate":
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
        if not match:
            raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and _checked(year, month, day or 1) is None:
            raise ValueError(f"{text!r} is not a real date")
        return cls(year, month, day)

    def literal(self) -> tuple[str, str]:
        return _value(self.year, self.month, self.day)

    def __str__(self) -> str:
        return self.literal()[0]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str  # date, asOf, start, bounds, unresolved
    value: tuple[str, str] | None  # (lexical form, datatype IRI)
    note: str = ""
    upper: tuple[str, str] | None = None  # the latest date, for bounds


def _value(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str]:
    if day is not None:
        return f"{year:04d}-{month:02d}-{day:02d}", DATE
    if month is not None:
        return f"{year:04d}-{month:02d}", YEAR_MONTH
    return f"{year:04d}", YEAR


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def _year_for(month: int, article: ArticleDate | None) -> tuple[int | None, str]:
    """The year of a month named without one: the article's, or the one before when the month
    lies more than six months after the article's (a "December 20" in a January article)."""
    if article is None:
        return None, "no year in the text and no article date (--date) to take it from"
    if article.month is not None and month - article.month > 6:
        return article.year - 1, f"the year {article.year - 1} is the one before the article's ({article})"
    return article.year, f"the year {article.year} is the article's ({article})"


# Each pattern: (regex, handler name). Tried in order; a later match may not overlap an earlier one.
_PATTERNS = [
    (rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", "month_day_year"),
    (rf"\b(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})\b", "day_month_year"),
    (rf"\b(?:(early|mid|late)[-\s])?{_MONTH},?\s+(\d{{4}})\b", "month_year"),
    (rf"\b{_MONTH}\s+(\d{{1,2}})(?!\d|,?\s+\d{{4}})(?:st|nd|rd|th)?\b", "month_day"),
    (rf"\b(?:(early|mid|late)[-\s])?(\d{{3}}0)s\b", "decade"),
    (r"(?<![\d\-–/])\b(1[89]\d\d|20\d\d)\b(?![\d\-–/]|s\b)", "year"),
    (rf"\b{_NUMBER}\s+years?\s+(later|earlier|before|after)\b", "years_relative"),
    (rf"\b{_NUMBER}\s+years?\s+ago\b", "years_ago"),
    (rf"\b(?:over|in|during)\s+the\s+(?:past|last)\s+{_NUMBER}\s+years\b", "past_years"),
    (r"\b(last|this|next|previous)\s+year\b", "relative_year"),
    (r"\b(?:(later|earlier)\s+)?(last|this|next|previous)\s+month\b", "relative_month"),
    (r"\b(currently|at this time|at the moment|recently)\b", "now"),
    (rf"\b{_NUMBER}\s+(days?|weeks?|months?)\s+(later|earlier|before|after)\b", "unresolved"),
    (rf"\b(?:(?i:in|by|since|until)\s+)(?:(early|mid|late)[-\s])?{_MONTH}\b(?!\s+\d)", "month_only"),
]
_COMPILED = [(re.compile(p, re.IGNORECASE if h in {"now", "relative_year", "relative_month", "years_relative",
                                                    "years_ago", "past_years", "unresolved"} else 0), h)
             for p, h in _PATTERNS]


def find_dates(text: str, start: int, end: int, article: ArticleDate | None) -> list[DateMention]:
    """Date expressions of text[start:end], in text order, each with its value or why it has none."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for regex, handler in _COMPILED:
        for match in regex.finditer(text, start, end):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            mention = _HANDLERS[handler](match, article, found)
            if mention is not None:
                taken.append((match.start(), match.end()))
                found.append(mention)
    return sorted(found, key=lambda d: d.start)


def _make(match, kind, value, note="", upper=None) -> DateMention:
    return DateMention(match.start(), match.end(), match.group(), kind, value, note, upper)


def _month_day_year(m, article, found):
    return _make(m, "date", _checked(int(m[3]), MONTHS[m[1]], int(m[2])))


def _day_month_year(m, article, found):
    return _make(m, "date", _checked(int(m[3]), MONTHS[m[2]], int(m[1])))


def _checked(year, month, day):
    import datetime

    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return _value(year, month, day)


def _month_year(m, article, found):
    note = f"'{m[1]} {m[2]}': the month is given, not the day" if m[1] else ""
    return _make(m, "date", _value(int(m[3]), MONTHS[m[2]]), note)


def _month_day(m, article, found):
    year, how = _year_for(MONTHS[m[1]], article)
    value = _checked(year, MONTHS[m[1]], int(m[2])) if year else None
    return _make(m, "date" if value else "unresolved", value, f"'{m.group()}': {how}.")


def _month_only(m, article, found):
    month = MONTHS[m[2]]
    year, how = _year_for(month, article)
    return _make(m, "date" if year else "unresolved", _value(year, month) if year else None, f"'{m.group()}': {how}.")


_PARTS = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}


def _decade(m, article, found):
    first, last = _PARTS[m[1] and m[1].lower()]
    decade = int(m[2])
    return _make(m, "bounds", _value(decade + first), f"'{m.group()}'", _value(decade + last))


def _years_relative(m, article, found):
    anchor = next((d for d in reversed(found) if d.start < m.start() and d.value and d.kind == "date"), None)
    sign = 1 if m[2].lower() in ("later", "after") else -1
    if anchor is None:
        return _make(m, "unresolved", None, f"'{m.group()}': relative to a date the sentence does not give")
    year = int(anchor.value[0][:4]) + sign * _number(m[1])
    return _make(m, "date", _value(year), f"'{m.group()}' than {anchor.value[0][:4]}.")


def _years_ago(m, article, found):
    if article is None:
        return _make(m, "unresolved", None, f"'{m.group()}': needs the article's date (--date)")
    year = article.year - _number(m[1])
    return _make(m, "date", _value(year), f"'{m.group()}' in an article of {article}.")


def _past_years(m, article, found):
    if article is None:
        return _make(m, "unresolved", None, f"'{m.group()}': needs the article's date (--date)")
    year = article.year - _number(m[1])
    return _make(m, "start", _value(year), f"'{m.group()}' in an article of {article}: since about {year}.")


def _relative_year(m, article, found):
    if article is None:
        return _make(m, "unresolved", None, f"'{m.group()}': needs the article's date (--date)")
    shift = {"last": -1, "previous": -1, "this": 0, "next": 1}[m[1].lower()]
    return _make(m, "date", _value(article.year + shift), f"'{m.group()}' in an article of {article}.")


def _relative_month(m, article, found):
    if article is None or article.month is None:
        return _make(m, "unresolved", None, f"'{m.group()}': needs the article's month (--date YYYY-MM)")
    shift = {"last": -1, "previous": -1, "this": 0, "next": 1}[m[2].lower()]
    index = article.year * 12 + article.month - 1 + shift
    return _make(m, "date", _value(index // 12, index % 12 + 1), f"'{m.group()}' in an article of {article}.")


def _now(m, article, found):
    if article is None:
        return _make(m, "unresolved", None, f"'{m.group()}': the article's date, which was not given (--date)")
    return _make(m, "asOf", article.literal(), f"'{m.group()}': the article's date.")


def _unresolved(m, article, found):
    return _make(m, "unresolved", None, f"'{m.group()}': relative to an event the text does not date here")


def _year(m, article, found):
    return _make(m, "date", _value(int(m[1])))


_HANDLERS = {name[1:]: func for name, func in globals().items() if name.startswith("_") and callable(func)
             and name[1:] in {h for _, h in _PATTERNS}}
