"""The actor dictionary of `kg draft`, built from the graph: every entity's labels and alternative
labels, the demonyms of its states and their possessives, in one Aho–Corasick automaton.

The graph is read from the project's files (ontology, entities, sources), not from a store, so a
draft needs no `kg build`; `exclude` leaves sources out, to draft an article that is already in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.draft import libs
from kg.limits import Limits
from kg.namespaces import KG, RDF_TYPE
from kg.project import Project

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
NOT_ENTITIES = (KG + "Claim", KG + "Tenure", KG + "Source", KG + "EpistemicStatus")
EVENTS_AS_ENTITIES = (KG + "Conflict", KG + "Election")  # events the sources name like things

# Adjectives and plurals that name a state or group of states ("Russian", "the Iranians", "Western"),
# keyed by its label.
# Only those whose state is in the graph are used.
DEMONYMS = {
    "Russia": ("Russian", "Russians", "Russo"),
    "Iran": ("Iranian", "Iranians"),
    "United States": ("American", "Americans"),
    "Israel": ("Israeli", "Israelis"),
    "Saudi Arabia": ("Saudi", "Saudis"),
    "Syria": ("Syrian", "Syrians"),
    "Turkey": ("Turkish", "Turks"),
    "China": ("Chinese",),
    "Ukraine": ("Ukrainian", "Ukrainians"),
    "Georgia": ("Georgian", "Georgians"),
    "India": ("Indian", "Indians"),
    "Tajikistan": ("Tajik",),
    "the West": ("Western",),
}


# One character for one, so offsets in the folded text are offsets in the article.
_FOLD = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "’": "'", "‘": "'", "‐": "-", "‑": "-"})


def fold(text: str) -> str:
    """The text as the automaton matches it: typographic apostrophes, hyphens and spaces made plain."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    classes: frozenset[str]  # the asserted types and every class above them

    def is_a(self, cls: str) -> bool:
        return KG + cls in self.classes


@dataclass(frozen=True)
class Form:
    """One way the text may name an entity."""

    text: str
    iri: str
    how: str  # "label", "alternative label", "demonym"


class Lexicon:
    """Entities by IRI and an automaton from every surface form to the forms it may be."""

    def __init__(self, entities: dict[str, Entity], forms: list[Form]):
        self.entities = entities
        self.by_text: dict[str, list[Form]] = defaultdict(list)
        for form in forms:
            form = Form(fold(form.text), form.iri, form.how)
            if form.iri not in {f.iri for f in self.by_text[form.text]}:
                self.by_text[form.text].append(form)
        self.automaton = libs.automaton_class()()
        for text, found in self.by_text.items():
            self.automaton.add_word(text, (text, tuple(found)))
        if self.by_text:
            self.automaton.make_automaton()

    def entity(self, iri: str) -> Entity:
        return self.entities[iri]

    def by_label(self) -> dict[str, str]:
        return {e.label: e.iri for e in self.entities.values()}


def load_lexicon(project: Project, exclude: Iterable[str] = (), limits: Limits | None = None) -> Lexicon:
    """The lexicon of the project's graph, less the sources whose slugs are in `exclude`."""
    from kg.store.ontology import Ontology

    limits = limits or Limits()
    ontology = Ontology.from_triples(_triples(project.ontology_file, limits))
    skip = set(exclude)
    files = [project.entities_file] if project.entities_file.exists() else []
    files += [f.path for f in project.source_files() if f.path.stem not in skip]
    types: dict[str, set[str]] = defaultdict(set)
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in files:
        for t in _triples(path, limits):
            _collect(t, types, names)
    entities = _entities(types, names, ontology)
    return Lexicon(entities, list(_forms(entities, names)))


def _triples(path, limits: Limits):
    from kg.rdf.reading import FORMATS, read_input

    given = read_input(path, None, limits)
    return ox.parse(given.data, format=FORMATS[given.format], base_iri="https://w3id.org/geokg/")


def _collect(t, types: dict, names: dict) -> None:
    if not isinstance(t.subject, ox.NamedNode):
        return
    p, o = t.predicate.value, t.object
    if p == RDF_TYPE and isinstance(o, ox.NamedNode):
        types[t.subject.value].add(o.value)
    elif p in (RDFS_LABEL, SKOS_ALT) and isinstance(o, ox.Literal) and o.language in (None, "en"):
        names[t.subject.value].append((o.value, "label" if p == RDFS_LABEL else "alternative label"))


def _entities(types: dict, names: dict, ontology) -> dict[str, Entity]:
    found = {}
    for iri, asserted in types.items():
        classes = frozenset(ontology.closure(asserted))
        labels = [text for text, how in names.get(iri, ()) if how == "label"]
        if not labels or any(c in classes for c in NOT_ENTITIES):
            continue
        if KG + "Event" in classes and not any(c in classes for c in EVENTS_AS_ENTITIES):
            continue
        found[iri] = Entity(iri, labels[0], classes)
    return found


def _forms(entities: dict[str, Entity], names: dict):
    for iri, entity in entities.items():
        for text, how in names.get(iri, ()):
            yield from _variants(text, iri, how)
        if entity.is_a("State") or entity.is_a("StateGroup"):
            for demonym in DEMONYMS.get(entity.label, ()):
                yield Form(demonym, iri, "demonym")


def _variants(text: str, iri: str, how: str):
    """The form as written, without a leading "the", and capitalised as at a sentence start."""
    text = " ".join(text.split())
    bare = text[4:] if text.lower().startswith("the ") and len(text) > 6 else None
    for variant in filter(None, (text, bare)):
        yield Form(variant, iri, how)
        if variant[0].islower():
            yield Form(variant[0].upper() + variant[1:], iri, how)
        elif " " in variant and variant[1:2].islower():  # "Head of the AEOI" written "head of the AEOI"
            yield Form(variant[0].lower() + variant[1:], iri, how)
    if text.startswith("the "):
        yield Form("The " + text[4:], iri, how)
