"""The vocabulary reference: every class, property and named individual of the ontology with its
label, definition, place in the hierarchy, domain, range and one example from the data.

`kg vocab` prints it and docs/VOCABULARY.md holds it (kg.query.vocab_markdown writes it). The
example triple is chosen by a fixed order (subject, predicate, object, graph; never the store's
order), so the same ontology and data give the same reference, in memory and on disk, and a
check can tell a stale docs/VOCABULARY.md from a current one byte for byte.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import pyoxigraph as ox

from kg.errors import NotFound, UsageError
from kg.graph_selection import display_name
from kg.namespaces import (
    INFERRED_GRAPH, ONTOLOGY_GRAPH, ONTOLOGY_IRI, OWL, RDF_TYPE, RDFS, RDFS_LABEL, SHAPES_GRAPH, SKOS, expand, shorten,
)
from kg.rdf.terms import term_text
from kg.store.ontology import THING, Ontology, closest

KINDS = ("class", "object property", "datatype property", "other property", "individual")
EXAMPLE_WIDTH = 100  # a longer literal in an example is cut, and says so
_NOT_DATA = {ONTOLOGY_GRAPH, SHAPES_GRAPH, INFERRED_GRAPH}
_DEFINITIONS = (SKOS + "definition", RDFS + "comment")


@dataclass(frozen=True)
class Example:
    """One triple of the data that uses the term, and the graph it is in."""

    triple: str  # e.g. 'kgr:Iran a kg:State .'
    graph: str  # e.g. 'src:aljazeera-2019-russia-iran'
    through: str = ""  # for a class without instances of its own: the subclass the example is of


@dataclass(frozen=True)
class Term:
    name: str  # prefixed name, e.g. kg:Meeting
    iri: str
    kind: str  # one of KINDS
    label: str = ""
    definition: str = ""
    domain: tuple[str, ...] = ()  # each a class, or "kg:A or kg:B" for a union
    range: tuple[str, ...] = ()
    supers: tuple[str, ...] = ()  # direct superclasses or super-properties
    subs: tuple[str, ...] = ()  # direct subclasses or sub-properties
    types: tuple[str, ...] = ()  # an individual's classes
    example: Example | None = None

    def to_json(self) -> dict:
        return asdict(self)


def vocabulary(store: ox.Store, examples: bool = True) -> list[Term]:
    """Every term the ontology declares, sorted by prefixed name (a class before a property of the
    same name ignoring case: kg:Agreement, then kg:agreement).

    `examples=False` leaves each term's example out (None): finding one reads every use of the term
    in the data (44 s for all 185 terms at 1M triples), so a lookup of one term or the list of names
    reads only what it shows (with_example).
    """
    onto = Ontology.from_store(store)
    texts = _texts(store)
    found = [_term(store, onto, iri, kind, texts, examples) for kind, iris in _by_kind(onto) for iri in iris]
    return sorted(found, key=lambda t: (t.name.casefold(), t.name))


def with_example(store: ox.Store, term: Term) -> Term:
    """`term` with its example from the data, as vocabulary() gives it."""
    if term.kind == "class":
        example = _class_example(store, Ontology.from_store(store), term.iri)
    elif term.kind == "individual":
        example = _example(store, None, None, ox.NamedNode(term.iri))
    else:
        example = _example(store, None, ox.NamedNode(term.iri), None)
    return replace(term, example=example)


def find_term(terms: list[Term], text: str) -> Term:
    """The term `text` names: a prefixed name, an IRI, a local name or a label (any case).

    Unknown: NotFound (exit 3) with the nearest names; several: UsageError (exit 2) listing them.
    """
    wanted = text.strip()
    iri = wanted[1:-1] if wanted.startswith("<") and wanted.endswith(">") else (expand(wanted) or wanted)
    for matches in (
        [t for t in terms if t.iri == iri],
        [t for t in terms if _local(t.iri) == wanted],
        [t for t in terms if wanted.casefold() in (_local(t.iri).casefold(), t.label.casefold())],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = ", ".join(f"{t.name} ({t.kind})" for t in matches)
            raise UsageError(f"{text!r} names {len(matches)} terms: {listed}; give the prefixed name of the one you mean")
    near = closest(iri if "#" in iri or "/" in iri else wanted, {t.iri for t in terms})
    hint = f"; did you mean {' or '.join(shorten(n) for n in near)}?" if near else ""
    raise NotFound(f"{text!r} is not a term of the ontology{hint}")


# ---------------------------------------------------------------- reading


def _by_kind(onto: Ontology) -> list[tuple[str, set[str]]]:
    other = onto.other_properties - onto.object_properties - onto.datatype_properties
    individuals = onto.individuals - onto.classes - onto.properties - {ONTOLOGY_IRI}
    return list(zip(KINDS, (onto.classes, onto.object_properties, onto.datatype_properties, other, individuals)))


def _texts(store: ox.Store) -> dict[tuple[str, str], str]:
    """(IRI, property) -> the English (else first, by value) label or definition."""
    found: dict[tuple[str, str], list[tuple[bool, str]]] = {}
    for prop in (RDFS_LABEL, *_DEFINITIONS):
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, ox.NamedNode(ONTOLOGY_GRAPH)):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                english = quad.object.language in (None, "en")
                found.setdefault((quad.subject.value, prop), []).append((not english, quad.object.value))
    return {key: min(values)[1] for key, values in found.items()}


def _term(store: ox.Store, onto: Ontology, iri: str, kind: str, texts: dict, examples: bool) -> Term:
    definition = next((texts[(iri, p)] for p in _DEFINITIONS if (iri, p) in texts), "")
    common = {"name": shorten(iri), "iri": iri, "kind": kind, "label": texts.get((iri, RDFS_LABEL), ""),
              "definition": definition}
    if kind == "class":
        subs = {c for c, ups in onto.parents.items() if iri in ups and c != iri}
        return Term(**common, supers=_names(onto.parents.get(iri, ()), iri), subs=_names(subs, iri),
                    example=_class_example(store, onto, iri) if examples else None)
    if kind == "individual":
        types = {q.object.value for q in _quads(store, iri, RDF_TYPE, None, ONTOLOGY_GRAPH)} - {OWL + "NamedIndividual"}
        return Term(**common, types=_names(types, iri),
                    example=_example(store, None, None, ox.NamedNode(iri)) if examples else None)
    subs = {p for p, ups in onto.super_properties.items() if iri in ups and p != iri}
    return Term(**common, domain=_unions(onto.own_domains.get(iri, ())), range=_unions(onto.own_ranges.get(iri, ())),
                supers=_names(onto.super_properties.get(iri, ()), iri), subs=_names(subs, iri),
                example=_example(store, None, ox.NamedNode(iri), None) if examples else None)


def _names(iris, own: str) -> tuple[str, ...]:
    return tuple(sorted(shorten(i) for i in iris if i != own))


def _unions(unions) -> tuple[str, ...]:
    """Each rdfs:domain or rdfs:range statement, a union read as "kg:A or kg:B"."""
    return tuple(sorted(" or ".join(sorted(shorten(c) for c in u)) if THING not in u or len(u) == 1 else "owl:Thing"
                        for u in unions))


def _quads(store: ox.Store, s, p, o, graph: str):
    node = (lambda v: ox.NamedNode(v) if isinstance(v, str) else v)
    return store.quads_for_pattern(node(s), node(p), node(o), ox.NamedNode(graph))


# ---------------------------------------------------------------- examples


def _class_example(store: ox.Store, onto: Ontology, iri: str) -> Example | None:
    """A direct instance if there is one, else one of the nearest subclass that has one, else one
    the ontology itself declares (the epistemic statuses are its own individuals)."""
    own = _example(store, None, ox.NamedNode(RDF_TYPE), ox.NamedNode(iri))
    if own is not None:
        return own
    below = sorted(onto.subclasses(iri) - {iri}, key=lambda c: (len(onto.ancestors(c)), c))
    for sub in below:
        found = _example(store, None, ox.NamedNode(RDF_TYPE), ox.NamedNode(sub))
        if found is not None:
            return Example(found.triple, found.graph, shorten(sub))
    return _example(store, None, ox.NamedNode(RDF_TYPE), ox.NamedNode(iri), data=False)


def _example(store: ox.Store, s, p, o, data: bool = True) -> Example | None:
    """The first matching triple of a data graph (or of the ontology's, with data=False), by
    subject, predicate, object and graph as N-Triples (cheap to compare: only the one chosen is
    rendered, so a property used 100,000 times costs one pass)."""
    best, best_key = None, None
    for quad in store.quads_for_pattern(s, p, o, None if data else ox.NamedNode(ONTOLOGY_GRAPH)):
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode) or (data and graph.value in _NOT_DATA):
            continue
        key = (str(quad.subject), str(quad.predicate), str(quad.object), graph.value)
        if best_key is None or key < best_key:
            best, best_key = quad, key
    if best is None:
        return None
    predicate = "a" if best.predicate.value == RDF_TYPE else term_text(best.predicate)
    obj = term_text(best.object)
    if len(obj) > EXAMPLE_WIDTH:
        obj = obj[: EXAMPLE_WIDTH - 2] + '…" (cut)'
    return Example(f"{term_text(best.subject)} {predicate} {obj} .", display_name(best.graph_name.value))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
