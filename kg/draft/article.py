"""An article as sentences with exact offsets, its repeated paragraphs dropped.

Offsets index the article's text as read (UTF-8, or the text extracted from HTML), so each
sentence can be found again in the file; the evidence written into the draft is the sentence with
its runs of whitespace (non-breaking spaces included) made one space, the normalisation
`kg validate --text` also applies.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.draft import libs
from kg.errors import InputError
from kg.limits import Limits

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_SPACE = re.compile(r"\s+")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(r"\A\s*(<!doctype html|<html|<head|<body|<p[\s>]|<article)", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    index: int  # 1-based, in reading order, after repeated paragraphs are dropped
    start: int
    end: int
    text: str  # exactly the article's characters start:end
    line: int
    column: int

    @property
    def evidence(self) -> str:
        return normalise_space(self.text)


@dataclass(frozen=True)
class Article:
    path: str
    text: str
    sentences: list[Sentence]
    repeated: list[int] = field(default_factory=list)  # lines where a dropped repeated paragraph starts

    def position(self, offset: int) -> tuple[int, int]:
        return line_column(self.text, offset)


def normalise_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_article(path: Path, limits: Limits | None = None, *, html: bool | None = None) -> Article:
    """Read a UTF-8 text or HTML article and split it into sentences (exit 3 on unreadable input)."""
    return split_article(read_text(path, limits, html=html), str(path))


def read_text(path: Path, limits: Limits | None = None, *, html: bool | None = None) -> str:
    """The article's text as `kg draft` reads it, which sentence offsets (and kg:evidenceOffset) index:
    UTF-8 without a byte-order mark, line ends as \\n, an HTML page's readable text."""
    from kg.rdf.reading import read_bytes

    data = read_bytes(path, limits or Limits())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, column = line_column(before, len(before))
        raise InputError("is not UTF-8 text; save the article as UTF-8", path=str(path), line=line, column=column) from None
    if "\x00" in text:
        line, column = line_column(text, text.index("\x00"))
        raise InputError("is binary, not text (a NUL byte)", path=str(path), line=line, column=column)
    if html if html is not None else looks_like_html(path, text):
        text = html_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(path: Path, text: str) -> bool:
    """An .html/.htm file, or text that starts the way a page does."""
    return Path(path).suffix.lower() in _HTML_SUFFIXES or bool(_HTML_START.match(text))


def split_article(text: str, path: str = "<text>") -> Article:
    """Sentences of every paragraph seen for the first time (scraped pages repeat their lead)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    repeated: list[int] = []
    for start, end in paragraphs(text):
        key = normalise_space(text[start:end])
        if key in seen:
            repeated.append(line_column(text, start)[0])
            continue
        seen.add(key)
        spans.extend(sentence_spans(text, start, end))
    sentences = [Sentence(i, s, e, text[s:e], *line_column(text, s)) for i, (s, e) in enumerate(spans, 1)]
    return Article(path, text, sentences, repeated)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; inside one, a line break before a capital starts a new block
    (scraped pages put headings and captions on lines of their own; hard-wrapped prose goes on)."""
    found = []
    cursor = 0
    for gap in [*_BLANK_LINE.finditer(text), None]:
        stop = gap.start() if gap else len(text)
        found.extend(_lines_as_blocks(text, cursor, stop))
        cursor = gap.end() if gap else stop
    return [(s, e) for s, e in found if text[s:e].strip()]


def _lines_as_blocks(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    blocks, begin = [], start
    for match in re.finditer(r"\n", text[start:stop]):
        at = start + match.start()
        following = text[at + 1 : stop].lstrip()
        previous = text[begin:at].rstrip()
        if following[:1].isupper() or previous[-1:] in ".!?:”\"" or not following:
            blocks.append((begin, at))
            begin = at + 1
    blocks.append((begin, stop))
    return [_strip(text, s, e) for s, e in blocks]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """pysbd's sentences of one paragraph, each located in the text from where the last one ended,
    so the offsets are exact even where pysbd's own spans would be (repeated sentences)."""
    spans, cursor = [], start
    for sentence in libs.segmenter().segment(text[start:end]):
        piece = sentence.sent.strip() if hasattr(sentence, "sent") else str(sentence).strip()
        if not piece:
            continue
        at = text.find(piece, cursor, end)
        if at < 0:  # pysbd changed the text: keep the rest of the paragraph as one sentence
            spans.append(_strip(text, cursor, end))
            return [s for s in spans if s[1] > s[0]]
        spans.extend(_after_quotes(text, at, at + len(piece)))
        cursor = at + len(piece)
    return spans


# A sentence that ends inside quotation marks ('…attacking Hezbollah." "Israel must…'): pysbd keeps
# the two together, the shipped evidence does not.
_QUOTED_END = re.compile(r"(?<=[.!?][\"”])\s+(?=[\"“]?[A-Z])")


def _after_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, begin = [], start
    for gap in _QUOTED_END.finditer(text, start, end):
        spans.append((begin, gap.start()))
        begin = gap.end()
    spans.append((begin, end))
    return spans


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    starts = _line_starts(text)
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


_STARTS_CACHE: list = [None, []]  # the last text asked about and its line starts


def _line_starts(text: str) -> list[int]:
    if _STARTS_CACHE[0] is not text:
        _STARTS_CACHE[:] = [text, [0, *(m.end() for m in re.finditer("\n", text))]]
    return _STARTS_CACHE[1]


_BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, pre, td, dt, dd"


def html_text(html: str) -> str:
    """The readable text of an HTML page: one paragraph per block element, scripts and styles left out."""
    tree = libs.html_parser()(html)
    for junk in tree.css("script, style, noscript, template, nav, footer"):
        junk.decompose()
    blocks = []
    for node in tree.css(_BLOCKS):
        if any(inner != node for inner in node.css(_BLOCKS)):  # an outer block: its inner ones are taken alone
            continue
        piece = normalise_space(node.text(separator=" "))
        if piece:
            blocks.append(piece)
    if not blocks and tree.body is not None:
        blocks = [normalise_space(tree.body.text(separator=" "))]
    return "\n\n".join(blocks) + "\n"
