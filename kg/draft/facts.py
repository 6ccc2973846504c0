"""One candidate fact per asserting sentence: a class from the cue lexicon, roles from the
mentions around the cue, the dates of the sentence, how the source presents it, and a TODO for
everything the text does not settle."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.draft import cues
from kg.draft.article import Sentence
from kg.draft.dates import DateMention
from kg.draft.lexicon import Lexicon
from kg.draft.mentions import Mention, Unknown

ARMS = {"ArmsRefusal", "ArmsInterest", "ArmsRequest", "ArmsPurchase", "ArmsPromise"}
AGREEMENT_ROLE = {"Signing", "Withdrawal", "CommitmentReduction"}
WITH_ABOUT = {"Statement", "Claim", "Rejection", "Dispute", "Proposal", "Support", "Opposition", "Cooperation"}
EVENT_STATUSES = {"Alleged", "Reported", "Planned", "Hypothetical", "Predicted"}


@dataclass
class Candidate:
    sentence: Sentence
    cls: str  # local name of a kg: class
    cue: str  # the words that chose the class
    roles: dict[str, list[str]] = field(default_factory=dict)  # kg: property local name -> entity IRIs
    dates: list[tuple[str, tuple[str, str]]] = field(default_factory=list)  # (kg: property, (lexical, datatype))
    date_note: str = ""
    status: str | None = None
    todos: dict[str, list[str]] = field(default_factory=dict)  # kg: property local name ("" = the fact) -> notes

    def add(self, role: str, iri: str) -> None:
        values = self.roles.setdefault(role, [])
        if iri not in values:
            values.append(iri)

    def todo(self, note: str, role: str = "") -> None:
        self.todos.setdefault(role, []).append(note)


def candidate(sentence: Sentence, mentions: list[Mention], dates: list[DateMention], unknown: list[Unknown],
              lexicon: Lexicon) -> Candidate | None:
    """The candidate fact of one sentence, or None when no cue makes it assert anything."""
    text, base = sentence.text, sentence.start
    linked = [m for m in mentions if m.iri]
    kinds = _kinds(linked, lexicon)
    reporter, rest = _reporter(text, base, linked, lexicon)
    has = {"weapon"} if kinds["weapon"] or kinds["category"] else set()
    found = cues.first_cue(text[rest - base:], has)
    said = cues.status(text)
    if found is None:
        if said is None or not linked:
            return None
        fact = Candidate(sentence, "Claim", said[1].group())
        for m in linked:
            if not lexicon.entity(m.iri).is_a("Office"):
                fact.add("about", m.iri)
        fact.status = said[0] if said[0] != "Reported" or reporter else "Opinion"
        fact.todo("the author of the article, or the actor the sentence quotes", "claimedBy")
        fact.todo("one plain English sentence saying what is claimed", "summary")
    else:
        cue, match = found
        fact = Candidate(sentence, cue.cls, match.group())
        _fill_roles(fact, cue, (rest + match.start(), rest + match.end()), linked, kinds, lexicon, reporter)
        if said and said[0] in EVENT_STATUSES:
            fact.status = said[0]
            fact.todo(f"kg:{said[0]} read from '{said[1].group()}': keep it, or drop it if the source asserts this",
                      "epistemicStatus")
    if reporter is not None:
        fact.add("claimedBy", reporter.iri)
        fact.status = fact.status if fact.status in {"Alleged"} else "Reported"
    _dates(fact, dates)
    _notes(fact, mentions, unknown, lexicon)
    return fact


def _kinds(linked: list[Mention], lexicon: Lexicon) -> dict[str, list[Mention]]:
    kinds: dict[str, list[Mention]] = {"actor": [], "weapon": [], "category": [], "agreement": [], "place": [],
                                       "other": []}
    for m in linked:
        if m.nested:
            continue
        entity = lexicon.entity(m.iri)
        kind = next((k for k, c in (("actor", "Actor"), ("weapon", "WeaponSystem"), ("category", "WeaponCategory"),
                                    ("agreement", "Agreement"), ("place", "Place")) if entity.is_a(c)), "other")
        kinds[kind].append(m)
    return kinds


def _reporter(text: str, base: int, linked: list[Mention], lexicon: Lexicon) -> tuple[Mention | None, int]:
    """The actor of "X reported that …", and where the reported clause starts."""
    match = cues.REPORTED_BY.search(text)
    if match is None or not match.group().lower().endswith("that") and "according" not in match.group().lower():
        return None, base
    before = [m for m in linked if m.end <= base + match.start() and lexicon.entity(m.iri).is_a("Actor")]
    if not before or base + match.start() - before[-1].end > 3:
        return None, base
    return before[-1], base + match.end()


def _fill_roles(fact: Candidate, cue, span: tuple[int, int], linked, kinds, lexicon, reporter) -> None:
    actors = [m for m in kinds["actor"] if m is not reporter]
    if cue.all_actors:
        people = [m for m in actors if lexicon.entity(m.iri).is_a("Person")]
        for m in people if cue.cls == "Signing" and people else actors:  # who signs, rather than for whom
            fact.add(cue.all_actors, m.iri)
    before = [m for m in actors if m.end <= span[0]]
    after = [m for m in actors if m.start >= span[1]]
    if cue.before and before:
        fact.add(cue.before, before[-1].iri)
    if cue.cls == "Visit":
        _visit(fact, fact.sentence.text, fact.sentence.start, actors, kinds["place"])
    elif cue.after and after and not (cue.cls == "Statement" and fact.roles.get(cue.before)):
        taken = set(fact.roles.get(cue.before, ())) if cue.before != cue.after else set()
        other = next((m for m in after if m.iri not in taken), None)  # one entity, one role
        if other is not None:
            fact.add(cue.after, other.iri)
    for role in filter(None, {cue.before, cue.after, cue.all_actors}):
        if role not in fact.roles:
            fact.todo(f"the sentence names no actor for it around '{fact.cue}'", role)
    if fact.cls in ARMS:
        for m in kinds["weapon"]:
            fact.add("weapon", m.iri)
        for m in kinds["category"]:
            if not kinds["weapon"]:
                fact.add("weaponCategory", m.iri)
    if fact.cls in AGREEMENT_ROLE:
        for m in kinds["agreement"]:
            fact.add("agreement", m.iri)
    elif fact.cls in WITH_ABOUT:
        for m in kinds["agreement"] + kinds["other"] + kinds["weapon"]:
            if not lexicon.entity(m.iri).is_a("Office"):  # an office is a tenure's, said in a TODO
                fact.add("about", m.iri)
    for m in kinds["place"]:
        if fact.cls != "Visit" or "destination" in fact.roles:
            fact.add("place", m.iri)
    placed = {i for values in fact.roles.values() for i in values}
    rest = [m.iri for m in actors + kinds["other"] if m.iri not in placed]
    if rest:
        names = ", ".join(dict.fromkeys(_short(i) for i in rest))
        fact.todo(f"also named: {names} — a role, kg:about, or nothing")


def _visit(fact: Candidate, text: str, base: int, actors: list[Mention], places: list[Mention]) -> None:
    """A visit goes *to* its destination; the visitor is the first other actor named."""
    fact.roles.pop("visitor", None)
    to = [m for m in actors + places if re.search(r"\bto\s$", text[max(0, m.start - base - 3):m.start - base])]
    if to:
        fact.add("destination", to[0].iri)
    visitor = next((m for m in actors if not to or m.iri != to[0].iri), None)
    if visitor is not None:
        fact.add("visitor", visitor.iri)


def _dates(fact: Candidate, dates: list[DateMention]) -> None:
    dated = [d for d in dates if d.value is not None]
    for d in dates:
        if d.value is None:
            fact.todo(d.note, "date")
    if not dated:
        return
    first, others = dated[0], dated[1:]
    prop = {"date": "date" if fact.cls != "Claim" else "asOf", "asOf": "asOf", "start": "startDate",
            "bounds": "earliestDate"}[first.kind]
    fact.dates.append((prop, first.value))
    if first.kind == "bounds":
        fact.dates.append(("latestDate", first.upper))
    fact.date_note = first.note
    for d in others:
        upper = f" to {d.upper[0]}" if d.upper else ""
        fact.todo(f"another date in the sentence: '{d.text}' = {d.value[0]}{upper} ({_local(d.value[1])}); "
                  f"which one dates this fact?", "date")


def _notes(fact: Candidate, mentions: list[Mention], unknown: list[Unknown], lexicon: Lexicon) -> None:
    for m in mentions:
        if m.note:
            fact.todo(f"'{m.text}' {m.note}")
    for u in unknown:
        cls = f" (looks like {_short(u.suggested, 'kg:')})" if u.suggested else ""
        fact.todo(f"'{u.text}' is not in the graph{cls}: add it to data/entities.ttl to link it")
    offices = [m for m in mentions if m.iri and lexicon.entity(m.iri).is_a("Office")]
    for office in offices:
        holder = next((m for m in mentions if m.iri and m.start >= office.end and m.start - office.end <= 1
                       and lexicon.entity(m.iri).is_a("Person")), None)
        if holder is not None:
            fact.todo(f"a kg:Tenure too? {_short(holder.iri)} holds {_short(office.iri)} ('{office.text} {holder.text}')")


def _short(iri: str, prefix: str = "kgr:") -> str:
    return prefix + iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _local(datatype: str) -> str:
    return "xsd:" + datatype.rsplit("#", 1)[-1]
