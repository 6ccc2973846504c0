"""How close `kg draft` comes to the hand-made data of a shipped article (issue 19, "Must show").

The draft is made with the graph minus the article's own source file, then compared, sentence by
sentence, with the facts the analyst wrote for that article:

- entity links: for each evidence sentence of the shipped data, the entities its facts link
  (any kg: property, kg:source aside) that the reduced graph knows. The article's author
  (dcterms:creator of the source) is left out: opinion pieces never name him in the sentence.
  A link is found when the draft links that entity in one of the draft's sentences that make up
  the evidence. A draft link is *wrong* when the shipped data links, in that sentence, another
  entity the same words could name (e.g. kgr:Moscow the city where the data has kgr:Russia).
  Draft links the shipped data does not make in that sentence are counted apart (`unconfirmed`):
  the data does not link every mention, so they are neither confirmed nor refuted by it.
- dates: every date value the shipped facts give for those sentences (kg:date, kg:asOf,
  kg:startDate, kg:endDate, kg:earliestDate, kg:latestDate, kg:deadline), found when the draft
  normalised the same value with the same datatype (precision) in those sentences.

Run: python -m bench.draft_score  (prints the figures the README quotes)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

KG = "https://w3id.org/geokg/ontology#"
DATE_PROPS = {KG + p for p in ("date", "asOf", "startDate", "endDate", "earliestDate", "latestDate", "deadline")}
CREATOR = "http://purl.org/dc/terms/creator"
ROOT = Path(__file__).resolve().parent.parent
SEEDS = [  # (source slug, article file name, article date as the source node gives it)
    ("aljazeera-2019-russia-iran", "000_da83e1ebf59ca90b.txt", "2019-06"),
    # Written in late December 2020 (the source node bounds it by 2020-12-20 and 2021-01-20; its
    # "Last year" is 2019 in the shipped data).
    ("eftekhari-2021-russia-iran", "004_a6980d63f0498410.txt", "2020-12"),
]


@dataclass
class Score:
    slug: str
    evidence: int = 0  # shipped evidence strings
    links: int = 0
    found: int = 0
    wrong: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    unconfirmed: int = 0
    dates: int = 0
    dates_found: int = 0
    dates_missed: list = field(default_factory=list)


def _norm(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def shipped(path: Path) -> tuple[list[tuple[list[str], set[str], set[tuple[str, str]]]], set[str]]:
    """Each fact of the shipped file as (its evidence sentences, linked entities, date values),
    and the source's creators. A fact with two evidence sentences links and dates through either."""
    by_subject: dict = {}
    creators = set()
    for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE):
        by_subject.setdefault(t.subject.value, []).append(t)
        if t.predicate.value == CREATOR:
            creators.add(t.object.value)
    facts = []
    for triples in by_subject.values():
        evidence = [_norm(t.object.value) for t in triples if t.predicate.value == KG + "evidence"]
        links = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)
                 and t.predicate.value.startswith(KG) and t.predicate.value != KG + "source"}
        dates = {(t.object.value, t.object.datatype.value) for t in triples if t.predicate.value in DATE_PROPS}
        if evidence:
            facts.append((evidence, links, dates))
    return facts, creators


def score(slug: str, article: Path, date: str, root: Path = ROOT) -> Score:
    from kg.draft.draft import draft_article
    from kg.project import Project

    draft = draft_article(Project(root), article, slug="scored-draft", date=date, exclude=[slug])
    known = _lexicon_iris(root, slug)
    facts, creators = shipped(Project(root).source_file(slug))
    sentences = [(_norm(s.text), r) for s, r in zip(draft.article.sentences, draft.readings)]
    result = Score(slug)
    pairs: dict[tuple, bool] = {}  # (evidence sentences, entity) -> found; a pair counts once
    date_pairs: dict[tuple, bool] = {}
    for evidence, links, dates in facts:
        covering = [r for text, r in sentences for e in evidence if text and (text in e or e in text)]
        key = tuple(sorted(evidence))
        drafted = {m.iri for r in covering for m in r.mentions if m.iri}
        for iri in links & known - creators:
            pairs[key, iri] = pairs.get((key, iri), False) or iri in drafted
        normalised = {v for r in covering for d in r.dates for v in (d.value, d.upper) if v}
        for value in dates:
            date_pairs[key, value] = date_pairs.get((key, value), False) or value in normalised
    gold_by_sentence: dict[int, set[str]] = {}
    for (key, iri) in pairs:
        for text, r in sentences:
            if text and any(text in e or e in text for e in key):
                gold_by_sentence.setdefault(id(r), set()).add(iri)
    result.evidence = len({k for k, _ in pairs} | {k for k, _ in date_pairs})
    result.links, result.found = len(pairs), sum(pairs.values())
    result.missed = [(iri.rsplit("/", 1)[-1], key[0][:70]) for (key, iri), ok in sorted(pairs.items()) if not ok]
    for text, r in sentences:
        gold = gold_by_sentence.get(id(r))
        if gold is None:
            continue
        for m in (m for m in r.mentions if m.iri):
            if m.iri not in gold and any(c in gold for c in m.candidates if c != m.iri):
                result.wrong.append((m.text, m.iri, text[:70]))
            elif m.iri not in gold:
                result.unconfirmed += 1
    result.dates, result.dates_found = len(date_pairs), sum(date_pairs.values())
    result.dates_missed = [(v[0], v[1].rsplit("#", 1)[-1], key[0][:70]) for (key, v), ok in sorted(date_pairs.items())
                           if not ok]
    return result


def _lexicon_iris(root: Path, slug: str) -> set[str]:
    from kg.draft.lexicon import load_lexicon
    from kg.project import Project

    return set(load_lexicon(Project(root), [slug]).entities)


def main(seeds_dir: str = "/work/shared/seeds") -> None:
    for slug, name, date in SEEDS:
        s = score(slug, Path(seeds_dir) / name, date)
        print(f"{slug}: {s.evidence} facts' evidence; "
              f"entity links {s.found}/{s.links} ({100 * s.found / max(s.links, 1):.1f} %), wrong {len(s.wrong)}, "
              f"other draft links {s.unconfirmed}; dates {s.dates_found}/{s.dates}")
        for item in s.missed:
            print("  missed link", *item)
        for item in s.wrong:
            print("  WRONG link", *item)
        for item in s.dates_missed:
            print("  missed date", *item)


if __name__ == "__main__":
    main(*sys.argv[1:])
