"""Entity mentions in an article: the lexicon's forms found with word boundaries, the longest
first, possessives kept, ambiguity said; and the capitalised names the graph does not know.

One pass of the automaton over the whole text, then each mention goes to the sentence it lies in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.draft.lexicon import Lexicon, fold
from kg.namespaces import KG

_LOCATIVE = re.compile(r"\b(?:in|at)\s+$", re.IGNORECASE)
_THEN_WHEN = re.compile(r"\s+(?:on|at)\s")  # "in Moscow on December 20": the city where it happened
_POSSESSIVE = re.compile(r"(?:['’]s|['’])(?![\w])")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int  # includes the possessive ending
    text: str
    iri: str | None  # the entity chosen, or None when the text does not decide
    candidates: tuple[str, ...]
    how: str  # label, alternative label, demonym
    possessive: bool
    note: str = ""  # why this entity and not the others, when there were others
    nested: bool = False  # inside a longer mention: a link, never a role


def find_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """Every mention of a known entity, non-overlapping, in text order."""
    hits = []
    probe = fold(text)
    for last, (form, _forms) in lexicon.automaton.iter(probe) if lexicon.by_text else ():
        start = last - len(form) + 1
        if _bounded(text, start, last + 1):
            hits.append((start, last + 1, form))
    chosen = _longest_first(hits)
    outer = [_mention(text, s, e, lexicon.by_text[f], lexicon) for s, e, f in chosen]
    inner = [_mention(text, s, e, lexicon.by_text[f], lexicon, nested=True) for s, e, f in _nested(hits, chosen)
             if len(lexicon.by_text[f]) == 1]
    inner = [m for m in inner if not any(o.iri == m.iri and o.start <= m.start and m.end <= o.end for o in outer)]
    return sorted(outer + inner, key=lambda m: (m.start, -m.end))


def _longest_first(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping matches, the longer first ("the Supreme Leader of Iran" is the office even
    though "the Supreme Leader", a name of Khamenei, starts at the same word)."""
    chosen: list[tuple[int, int, str]] = []
    for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if all(hit[1] <= c[0] or c[1] <= hit[0] for c in chosen):
            chosen.append(hit)
    return sorted(chosen)


def _nested(hits, chosen) -> list[tuple[int, int, str]]:
    """Matches inside a chosen one ("the Persian Gulf" in "Collective Security in the Persian Gulf")."""
    return [h for h in hits if h not in chosen and any(c[0] <= h[0] and h[1] <= c[1] for c in chosen)]


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum() or before == "_" or after == "_")


def _mention(text: str, start: int, end: int, forms, lexicon: Lexicon, nested: bool = False) -> Mention:
    possessive = _POSSESSIVE.match(text, end)
    stop = possessive.end() if possessive else end
    iris = tuple(f.iri for f in forms)
    locative = _LOCATIVE.search(text, max(0, start - 4), start) is not None and _THEN_WHEN.match(text, end)
    chosen, note = resolve(iris, lexicon, bool(locative))
    how = next((f.how for f in forms if f.iri == chosen), forms[0].how)
    return Mention(start, stop, text[start:stop], chosen, iris, how, bool(possessive), note, nested)


def resolve(iris: tuple[str, ...], lexicon: Lexicon, locative: bool = False) -> tuple[str | None, str]:
    """The entity a form names when the graph gives it to several: the place where something
    happened ("met ... in Moscow on December 20" is the city), else the actor (a capital named for its government, "Moscow"
    as Russia, is the ontology's rule); with no single one of either, undecided."""
    if len(iris) == 1:
        return iris[0], ""
    actors = [i for i in iris if lexicon.entity(i).is_a("Actor")]
    places = [i for i in iris if lexicon.entity(i).is_a("Place")]
    if locative and len(places) == 1:
        others = ", ".join(_short(i) for i in iris if i != places[0])
        return places[0], f"read as the place {_short(places[0])} (after a preposition); could be {others}"
    if len(actors) == 1:
        others = ", ".join(_short(i) for i in iris if i != actors[0])
        return actors[0], f"read as {_short(actors[0])} (the government); could be {others}"
    return None, "could be " + " or ".join(_short(i) for i in iris)


def _short(iri: str) -> str:
    return "kgr:" + iri.rsplit("/", 1)[-1]


# --- names the graph does not know --------------------------------------------------------------

_NAME = re.compile(r"[A-Z][\w’'\-.]*[\w]|[A-Z]")
_JOINERS = {"of", "the", "for", "and", "de", "al", "bin", "on"}
_NOT_NAMES = {
    "I", "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "We", "They", "His", "Her",
    "My", "Your", "You", "Me", "Us", "Them", "There", "Here",
    "Our", "Their", "In", "On", "At", "By", "For", "From", "With", "As", "After", "Before", "But", "And", "Or",
    "If", "While", "Although", "Though", "Because", "Since", "When", "Then", "Thus", "So", "Yet", "Also", "Even",
    "Such", "Some", "Any", "All", "Both", "Each", "Other", "No", "Not", "Nonetheless", "Meanwhile", "However",
    "Indeed", "First", "Second", "Third", "Fourth", "Fifth", "Last", "Currently", "Recently", "Apart", "Despite",
    "Unlike", "Based", "Following", "Over", "Under", "To", "Two", "Three", "Let", "What", "Who", "How", "Why",
    "Print", "Share", "Rate", "Notwithstanding", "Regarding", "Moreover", "Furthermore", "Therefore", "Not",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "President", "Prime", "Minister", "Secretary", "Vice", "Mr", "Mrs", "Ms", "Dr", "PhD", "MA", "BA",
}
_CLASS_WORDS = [
    (("University", "Faculty", "College", "Institute", "School"), "University"),
    (("Organization", "Organisation", "Agency", "Ministry", "Parliament", "Council", "Committee", "Majlis",
      "Department", "Office", "Administration"), "GovernmentBody"),
    (("Army", "Guard", "Guards", "Forces", "Corps", "Navy", "Militia"), "MilitaryOrganization"),
    (("News", "Times", "Post", "Reuters", "Press", "Journal", "Gazette", "TV", "Radio"), "NewsOrganization"),
    (("Sea", "Gulf", "Ocean", "Region", "Peninsula", "Valley", "Strait", "Basin"), "Region"),
    (("Treaty", "Convention", "Protocol"), "Treaty"),
    (("Agreement", "Accord", "Accords", "Deal", "Pact"), "Agreement"),
    (("War", "Conflict", "Crisis"), "Conflict"),
    (("Bank", "Company", "Corporation", "Inc", "Ltd", "Group"), "Company"),
]


@dataclass(frozen=True)
class Unknown:
    """A capitalised name no entity of the graph is called, with the class it looks like."""

    start: int
    end: int
    text: str
    suggested: str  # a kg: class IRI, or "" when nothing suggests one


def find_unknown(text: str, start: int, end: int, known: list[Mention]) -> list[Unknown]:
    """Runs of capitalised words in text[start:end] that no mention covers; a single word at the
    sentence start is left out (every sentence starts with a capital)."""
    found = []
    for run in _runs(text, start, end):
        s, e = run
        if any(m.start < e and s < m.end for m in known):
            continue
        words = text[s:e].split()
        if words[0] in _NOT_NAMES:
            continue
        first = not text[start:s].strip(" \"“‘'([")  # only quotes or brackets before it
        if len(words) == 1 and (first or len(words[0]) < 2 or words[0].isdigit()):
            continue
        found.append(Unknown(s, e, text[s:e], suggest_class(words)))
    return found


def _runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of capitalised words, joined by single spaces and by "of", "the"… between capitals."""
    tokens = [(start + m.start(), start + m.start() + len(m.group().rstrip(".’'")), m.group().rstrip(".’'"))
              for m in re.finditer(r"[\w’'\-.]+", text[start:end])]
    runs, current = [], None
    for i, (s, e, token) in enumerate(tokens):
        adjacent = current is not None and text[current[1]:s] == " "
        if _capital(token):
            current = (current[0], e) if adjacent else (s, e)
            continue
        if current is not None:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if adjacent and token in _JOINERS and nxt and _capital(nxt[2]) and text[e:nxt[0]] == " ":
                current = (current[0], e)
                continue
            runs.append(current)
        current = None
    if current is not None:
        runs.append(current)
    return runs


def _capital(token: str) -> bool:
    if token.isupper() and token.isalpha():
        return len(token) > 1
    return bool(_NAME.fullmatch(token))


def suggest_class(words: list[str]) -> str:
    for keys, cls in _CLASS_WORDS:
        if any(w.strip(".,’'") in keys for w in words):
            return KG + cls
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words):
        return KG + "Person"
    return ""
