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
    # Written around the turn of 2020 to 2021 (the source node bounds it by 2020-12-20 and
    # 2021-01-20; its "Last year" is 2019 and its "recently" 2020 in the shipped data): the year.
    ("eftekhari-2021-russia-iran", "004_a6980d63f0498410.txt", "2020"),
]


# Links of the shipped data whose entity the sentence does not name (read by hand): a pronoun or
# "the two countries", an inference ("Both times" = the two deals), or a description that is not
# one of its names ("the increased pressure on Iran" for maximum pressure). They are links, not
# mentions: the "named" figure leaves them out, the "all" figure keeps them.
NOT_NAMED = {
    ("Russia", "After the report of Special Counsel"), ("United_States", "After the report of Special Counsel"),
    ("Maximum_pressure", "At the same time, Moscow might"), ("Gore_Chernomyrdin_agreement", "Both times"),
    ("US_Russia_reset", "Both times"), ("Maximum_pressure", "For all these reasons"),
    ("President_of_Russia", "In 2009, the administrations"),
    ("President_of_the_United_States", "In 2009, the administrations"),
    ("S-400", "Indeed, given that this weapons system"), ("S-400", "Other countries, like Saudi Arabia"),
    ("Iran", "Third, the two countries"), ("Russia", "Third, the two countries"), ("US_Russia_reset", "Thus, in 2010"),
    ("Iran", "To make its"), ("Javad_Zarif", '"My thirty visits'), ("US_return_to_JCPOA", "Although at first glance"),
    ("Iran_nuclear_programme", "Based on this perspective"), ("Iranian_hardliners", "Critics accuse"),
    ("President_of_Iran", "Critics accuse"), ("Bijan_Zanganeh", "He described"), ("Iran", "He described"),
    ("Russia", "He described"), ("Iranian_hardliners", "However, critics"),
    ("Anatoly_Viktorov", "In another important case"), ("Iran_missile_programme", "In other words, Russia"),
    ("US_return_to_JCPOA", "Iran pursues lifting"), ("Abraham_Accords", "Moscow knows that the furthering"),
    ("Iran_nuclear_programme", "Tehran is not enthusiastic"), ("Iran_missile_programme", "Tehran rejects any"),
    ("Iran_nuclear_programme", "Tehran rejects any"), ("Iran", "Unlike Zarif"), ("Ali_Khamenei", "Kayhan newspaper"),
    ("United_States", "Notwithstanding close relations"),
}


# Dates of the shipped data that no date expression of the sentence gives (read by hand): the
# article's date where the sentence has no date words, an anchor in another sentence ("Two weeks
# later" than the 15 May of the sentence before), or knowledge of the world (the US election of
# 2020). The "written" figure leaves them out.
NOT_WRITTEN = {
    ("2019-06", "Meanwhile, Russia can also take advantage"), ("2019-06", "The sudden drop"),
    ("2019-05-15", "Two weeks later"), ("2019-06-30", "Two weeks later"), ("2020", "With a bit more than a year"),
    ("2021", "Although winning the next Iranian"), ("2020-12-20", "But the Supreme Leader"),
    ("2021-01-20", "But the Supreme Leader"), ("2020-12-20", "Critics accuse"), ("2021-01-20", "Critics accuse"),
    ("2020", "In another important case"), ("2021-01-20", "In another important case"),
    ("2020", "In his pre-election interviews"), ("2020-12-20", "In his pre-election interviews"),
    ("2021-01-20", "In his pre-election interviews"), ("2020-12-20", "Iran's Foreign Minister Javad Zarif"),
    ("2021-01-20", "Iran's Foreign Minister Javad Zarif"),
}


@dataclass
class Score:
    slug: str
    evidence: int = 0  # shipped evidence strings
    links: int = 0
    found: int = 0
    named: int = 0  # links whose entity the sentence names (NOT_NAMED left out)
    named_found: int = 0
    wrong: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    unconfirmed: int = 0
    dates: int = 0
    dates_found: int = 0
    written: int = 0  # dates a date expression of the sentence gives (NOT_WRITTEN left out)
    written_found: int = 0
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
    facts, creators = shipped(Project(root).source_file(slug))
    sentences = [(_norm(s.text), r) for s, r in zip(draft.article.sentences, draft.readings)]
    pairs, date_pairs = _pairs(facts, sentences, _lexicon_iris(root, slug) - creators)
    result = Score(slug)
    result.evidence = len({k for k, _ in pairs} | {k for k, _ in date_pairs})
    result.links, result.found = len(pairs), sum(pairs.values())
    named = {k: ok for k, ok in pairs.items()
             if not any(k[1].endswith("/" + e) and any(x.startswith(p) for x in k[0]) for e, p in NOT_NAMED)}
    result.named, result.named_found = len(named), sum(named.values())
    result.missed = [(iri.rsplit("/", 1)[-1], key[0][:70]) for (key, iri), ok in sorted(pairs.items()) if not ok]
    _judge_links(result, pairs, sentences)
    result.dates, result.dates_found = len(date_pairs), sum(date_pairs.values())
    written = {k: ok for k, ok in date_pairs.items()
               if not any(k[1][0] == v and any(x.startswith(p) for x in k[0]) for v, p in NOT_WRITTEN)}
    result.written, result.written_found = len(written), sum(written.values())
    result.dates_missed = [(v[0], v[1].rsplit("#", 1)[-1], key[0][:70]) for (key, v), ok in sorted(date_pairs.items())
                           if not ok]
    return result


def _covers(text: str, evidence) -> bool:
    return bool(text) and any(text in e or e in text for e in evidence)


def _pairs(facts, sentences, known: set[str]) -> tuple[dict, dict]:
    """(evidence sentences, entity) -> found and (evidence sentences, date) -> found; each counts once."""
    pairs: dict[tuple, bool] = {}
    date_pairs: dict[tuple, bool] = {}
    for evidence, links, dates in facts:
        covering = [r for text, r in sentences if _covers(text, evidence)]
        key = tuple(sorted(evidence))
        drafted = {m.iri for r in covering for m in r.mentions if m.iri}
        for iri in links & known:
            pairs[key, iri] = pairs.get((key, iri), False) or iri in drafted
        normalised = {v for r in covering for d in r.dates for v in (d.value, d.upper) if v}
        for value in dates:
            date_pairs[key, value] = date_pairs.get((key, value), False) or value in normalised
    return pairs, date_pairs


def _judge_links(result: Score, pairs: dict, sentences) -> None:
    """Wrong links (another reading of the same words is what the data links there) and the rest."""
    for text, r in sentences:
        gold = {iri for key, iri in pairs if _covers(text, key)}
        if not gold:
            continue
        for m in (m for m in r.mentions if m.iri):
            if m.iri not in gold and any(c in gold for c in m.candidates if c != m.iri):
                result.wrong.append((m.text, m.iri, text[:70]))
            elif m.iri not in gold:
                result.unconfirmed += 1


def _lexicon_iris(root: Path, slug: str) -> set[str]:
    from kg.draft.lexicon import load_lexicon
    from kg.project import Project

    return set(load_lexicon(Project(root), [slug]).entities)


def main(seeds_dir: str = "/work/shared/seeds") -> None:
    for slug, name, date in SEEDS:
        s = score(slug, Path(seeds_dir) / name, date)
        print(f"{slug}: {s.evidence} facts' evidence; "
              f"named mentions linked {s.named_found}/{s.named} ({100 * s.named_found / max(s.named, 1):.1f} %), "
              f"all links {s.found}/{s.links} ({100 * s.found / max(s.links, 1):.1f} %), wrong {len(s.wrong)}, "
              f"other draft links {s.unconfirmed}; dates written in the sentence {s.written_found}/{s.written}, "
              f"all dates {s.dates_found}/{s.dates}")
        for item in s.missed:
            print("  missed link", *item)
        for item in s.wrong:
            print("  WRONG link", *item)
        for item in s.dates_missed:
            print("  missed date", *item)


if __name__ == "__main__":
    main(*sys.argv[1:])
