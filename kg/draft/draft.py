"""`kg draft`: read an article, find what the graph knows in it, and write candidate facts.

Nothing is written to the project: the draft goes to the caller (the CLI prints it or writes the
file given with -o), and the analyst runs `kg validate` and `kg add` on it when it is right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.draft.article import Article, read_article
from kg.draft.dates import ArticleDate, DateMention, find_dates
from kg.draft.facts import Candidate, candidate
from kg.draft.lexicon import Lexicon, load_lexicon
from kg.draft.mentions import Mention, Unknown, find_mentions, find_unknown
from kg.errors import UsageError
from kg.limits import Limits
from kg.namespaces import is_safe_local_name
from kg.project import SLUG_RE, Project


@dataclass
class SentenceReading:
    """What the draft found in one sentence."""

    mentions: list[Mention]
    dates: list[DateMention]
    unknown: list[Unknown]
    fact: Candidate | None


@dataclass
class Draft:
    slug: str
    article: Article
    readings: list[SentenceReading]
    turtle: str
    facts: list[Candidate] = field(default_factory=list)

    def summary(self) -> str:
        mentions = sum(1 for r in self.readings for m in r.mentions if m.iri)
        unknown = len({u.text for r in self.readings for u in r.unknown})
        dates = sum(1 for r in self.readings for d in r.dates if d.value)
        dropped = len(self.article.repeated)
        return (f"{_n(len(self.facts), 'candidate fact')} from {_n(len(self.article.sentences), 'sentence')} "
                f"({_n(dropped, 'repeated paragraph')} dropped); {_n(mentions, 'entity mention')}, "
                f"{_n(unknown, 'unknown name')}, {_n(dates, 'date')}")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def draft_article(
    project: Project,
    article: Path,
    *,
    slug: str | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    exclude: Iterable[str] = (),
    limits: Limits | None = None,
    html: bool | None = None,
) -> Draft:
    """Candidate facts for `article`, as a Draft whose `turtle` is ready for review.

    `exclude` leaves out sources already in the project (to draft an article again, or to measure
    the draft against hand-made data). Raises UsageError for a bad slug, date or URL and
    InputError for an unreadable article.
    """
    slug = _slug(slug, article)
    when = _date(date)
    _check_url(url)
    text = read_article(article, limits, html=html)
    lexicon = load_lexicon(project, exclude, limits)
    readings = read_sentences(text, lexicon, when)
    facts = [r.fact for r in readings if r.fact is not None]
    meta = {"label": title or f"DRAFT: {Path(article).name}", "title": title, "identifier": Path(article).stem,
            "date": when.literal() if when else None, "url": url}
    from kg.draft.render import render

    turtle = render(slug, facts, meta, _header(article, text, readings, facts))
    return Draft(slug, text, readings, turtle, facts)


def read_sentences(article: Article, lexicon: Lexicon, when: ArticleDate | None) -> list[SentenceReading]:
    mentions = find_mentions(article.text, lexicon)
    readings, cursor = [], 0
    for sentence in article.sentences:
        while cursor < len(mentions) and mentions[cursor].start < sentence.start:
            cursor += 1
        inside = []
        while cursor < len(mentions) and mentions[cursor].end <= sentence.end:
            inside.append(mentions[cursor])
            cursor += 1
        dates = find_dates(article.text, sentence.start, sentence.end, when)
        unknown = find_unknown(article.text, sentence.start, sentence.end, inside)
        unknown = [u for u in unknown if not any(d.start < u.end and u.start < d.end for d in dates)]
        readings.append(SentenceReading(inside, dates, unknown, candidate(sentence, inside, dates, unknown, lexicon)))
    return readings


def _slug(slug: str | None, article: Path) -> str:
    if slug is None:
        slug = re.sub(r"[^a-z0-9]+", "-", Path(article).stem.lower()).strip("-") or "draft"
        if not slug[0].isalpha():
            slug = "article-" + slug
    if not SLUG_RE.fullmatch(slug) or not is_safe_local_name(slug):
        raise UsageError(f"--source {slug!r} is not a slug: use lower-case letters, digits and hyphens")
    return slug


def _date(date: str | None) -> ArticleDate | None:
    if date is None:
        return None
    try:
        return ArticleDate.parse(date)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None


def _check_url(url: str | None) -> None:
    if url is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise UsageError(f"--url {url!r} is not an http(s) URL")


def _header(path: Path, article: Article, readings: list[SentenceReading], facts: list[Candidate]) -> list[str]:
    lines = [
        f"DRAFT made by `kg draft` from {Path(path).name}: candidate facts for an analyst to review.",
        "Nothing here is decided. Check every class, role and date against its sentence, settle each",
        "TODO, rename the draft- nodes, then `kg validate` this file and `kg add` it.",
        "",
        f"{len(facts)} candidate facts from {len(article.sentences)} sentences.",
    ]
    if article.repeated:
        lines.append("Repeated paragraphs dropped (lines " + ", ".join(map(str, article.repeated)) + ").")
    unknown: dict[str, str] = {}
    for r in readings:
        for u in r.unknown:
            unknown.setdefault(u.text, u.suggested)
    if unknown:
        lines.append("Names not in the graph (candidate new entities, with the class they look like):")
        lines += [f"  {name}" + (f"  (kg:{cls.rsplit('#', 1)[-1]}?)" if cls else "") for name, cls in unknown.items()]
    quiet = [str(s.index) for s, r in zip(article.sentences, readings) if r.fact is None and any(m.iri for m in r.mentions)]
    if quiet:
        lines.append("Sentences that name known entities but have no cue (not drafted): " + ", ".join(quiet) + ".")
    return lines + [""]
