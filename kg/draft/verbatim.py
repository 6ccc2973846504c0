"""`kg validate --text ARTICLE` and `kg add --text ARTICLE`: is every kg:evidence of the new facts
verbatim in the article?

Verbatim after normalisation only: runs of whitespace (non-breaking spaces, line breaks) are one
space and typographic quotes are plain ones, as an analyst copying a sentence out of a browser
gets them. Anything else (a changed word, a dropped clause) is reported at the line and column
where the evidence literal is written, so the mistake can be fixed in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.limits import Limits
from kg.namespaces import KG

EVIDENCE = KG + "evidence"
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                         "‛": "'"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class NotVerbatim:
    file: str
    line: int | None
    column: int | None
    subject: str
    evidence: str

    def __str__(self) -> str:
        from kg.errors import location
        from kg.findings import located

        shown = self.evidence if len(self.evidence) <= 70 else self.evidence[:67] + "..."
        return located(location(self.file, self.line, self.column), "violation",
                       f"kg:evidence is not in the article: \"{shown}\"")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def locate(text: str, evidences: Iterable[str]) -> dict[str, int | None]:
    """Where each evidence begins in `text`: a character offset into `text` as given (so into what
    `kg draft` reads), compared after the normalisation above; None where it is not there. The
    first occurrence counts: a scraped page that repeats its lead is read from its first copy, as
    `kg draft` reads it."""
    flat, starts = _normalised_with_offsets(text)
    found = {}
    for evidence in evidences:
        wanted = normalise(evidence)
        at = flat.find(wanted) if wanted else -1
        found[evidence] = starts[at] if at >= 0 else None
    return found


def _normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text normalised as `normalise` does it, and for each of its characters the offset of the
    character of `text` it comes from (a run of whitespace: its first character)."""
    out, starts = [], []
    for match in re.finditer(r"\s+|\S+", text.translate(_QUOTES)):
        if match.group().isspace():
            out.append(" ")
            starts.append(match.start())
        else:
            out.append(match.group())
            starts.extend(range(match.start(), match.end()))
    return "".join(out), starts


def article_text(path: Path, limits: Limits | None = None) -> str:
    """The article's text, normalised; HTML is read as `kg draft` reads it."""
    from kg.rdf.reading import read_bytes

    data = read_bytes(path, limits or Limits())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text; save the article as UTF-8", path=str(path)) from None
    from kg.draft.article import html_text, looks_like_html

    if looks_like_html(path, text):
        text = html_text(text)
    return normalise(text)


def check_evidence(paths: list[Path], article: Path, input_format: str | None = None,
                   limits: Limits | None = None) -> list[NotVerbatim]:
    """Every kg:evidence of the files that the article does not contain, where it is written."""
    from kg.rdf.reading import FORMATS, RdfInput, read_input

    text = article_text(article, limits)
    missing = []
    for path in paths:
        given = path if isinstance(path, RdfInput) else read_input(path, input_format, limits)
        try:
            quads = list(ox.parse(given.data, format=FORMATS[given.format], base_iri="https://w3id.org/geokg/"))
        except SyntaxError as exc:
            raise InputError(f"cannot be parsed: {exc}", path=given.path) from None
        for q in quads:
            if q.predicate.value == EVIDENCE and isinstance(q.object, ox.Literal):
                if normalise(q.object.value) not in text:
                    line, column = _where(given.text, q.object.value)
                    missing.append(NotVerbatim(given.path, line, column, q.subject.value, q.object.value))
    return sorted(missing, key=lambda m: (m.file, m.line or 0, m.column or 0))


def _where(source: str, value: str) -> tuple[int | None, int | None]:
    """Line and column of the literal in the file's text: as written, or escaped as Turtle writes it."""
    escaped = str(ox.Literal(value))[1:-1]  # as N-Triples (and the Turtle writer) escape it

    for probe in (value[:60], escaped[:60]):
        at = source.find(probe)
        if at >= 0:
            line = source.count("\n", 0, at) + 1
            return line, at - (source.rfind("\n", 0, at) + 1) + 1
    return None, None
