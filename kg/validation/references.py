"""What a new fact points at: an entity or source nobody knows, or a literal where an entity belongs.

A one-letter typo in an IRI (kgr:Rusia, src:...-iram) passes the parser and the vocabulary check,
and the shapes then say only that the fact lacks what it visibly has ("needs kg:source", "points at
an actor"). These checks name the real mistake instead, once per unknown IRI with every fact that
uses it, and suggest the nearest known name by edit distance; a literal given to an object property
("Russia") is matched against the labels and alternative labels of the graph's entities, ignoring
case. A suggestion is only ever a question ("did you mean ...?"): nothing is changed.

Lookups are index scans of the store; the label and name lists are read only when a fact needs them.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.errors import location
from kg.findings import Finding
from kg.namespaces import KG, RDF_TYPE, RDFS_LABEL, SKOS_ALT_LABEL, shorten
from kg.rdf.terms import term_text
from kg.store.ontology import Ontology
from kg.validation.provenance import SOURCE, SOURCE_CLASS
from kg.validation.report import NewFacts, violation

_TYPE = ox.NamedNode(RDF_TYPE)
_NAMING = (ox.NamedNode(RDFS_LABEL), ox.NamedNode(SKOS_ALT_LABEL))
_SHOWN_USES = 3


class Names:
    """The names the new facts may point at: the graph's and the new files' own."""

    def __init__(self, store: ox.Store, facts: NewFacts, ontology: Ontology):
        self.store, self.facts, self.ontology = store, facts, ontology
        self.new_subjects = {t.subject for t in facts.triples}
        self._labels: dict | None = None
        self._by_namespace: dict = {}

    def known(self, node: ox.NamedNode) -> bool:
        """Described in the new files, or named anywhere in the graph (as subject or object)."""
        return (node in self.new_subjects or node.value in self.ontology.declared
                or next(self.store.quads_for_pattern(node, None, None), None) is not None
                or next(self.store.quads_for_pattern(None, None, node), None) is not None)

    def with_label(self, text: str) -> list[tuple[ox.NamedNode, str]]:
        """The entities one of whose labels or alternative labels is `text`, ignoring case, with that label."""
        if self._labels is None:
            self._labels = defaultdict(dict)
            quads = [q for p in _NAMING for q in self.store.quads_for_pattern(None, p, None)]
            for t in [*quads, *(t for t in self.facts.triples if t.predicate in _NAMING)]:
                if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal) \
                        and t.subject.value not in self.ontology.declared:
                    self._labels[t.object.value.casefold()].setdefault(t.subject, t.object.value)
        return sorted(self._labels.get(text.strip().casefold(), {}).items(), key=lambda pair: pair[0].value)

    def nearest(self, node: ox.NamedNode, of_class: str | None = None) -> list[ox.NamedNode]:
        """The typed nodes (of `of_class`, if given) in `node`'s namespace whose names are a few edits away."""
        local = _local(node.value)
        namespace = node.value[: len(node.value) - len(local)]
        candidates = self._typed(of_class).get(namespace, ())
        return closest_by_edits(node, {n for n in candidates if n != node})

    def _typed(self, of_class: str | None) -> dict:
        """Namespace -> the typed nodes in it (of `of_class`, if given): read once, for every unknown IRI."""
        if of_class not in self._by_namespace:
            cls = ox.NamedNode(of_class) if of_class else None
            typed = {q.subject for q in self.store.quads_for_pattern(None, _TYPE, cls)}
            typed |= {t.subject for t in self.facts.triples if t.predicate == _TYPE and (cls is None or t.object == cls)}
            grouped: dict = defaultdict(list)
            for n in typed:
                if isinstance(n, ox.NamedNode):
                    grouped[n.value[: len(n.value) - len(_local(n.value))]].append(n)
            self._by_namespace[of_class] = grouped
        return self._by_namespace[of_class]

    def types(self, node) -> set[str]:
        found = {q.object.value for q in self.store.quads_for_pattern(node, _TYPE, None) if isinstance(q.object, ox.NamedNode)}
        return found | {t.object.value for t in self.facts.triples if t.subject == node and t.predicate == _TYPE}


def closest_by_edits(node: ox.NamedNode, candidates: set) -> list[ox.NamedNode]:
    """The candidates nearest to `node` by edit distance of their local names (case ignored), if near enough.

    Near enough is one edit for a short name, up to three for a long one: src:...-iram finds
    src:...-iran, but kgr:Iran is never offered for kgr:Oman.
    """
    local = _local(node.value).casefold()
    limit = max(1, min(3, len(local) // 5))
    scored = [(d, c.value, c) for c in candidates if abs(len(_local(c.value)) - len(local)) <= limit
              and (d := edits(local, _local(c.value).casefold(), limit)) <= limit]
    best = min((d for d, _, _ in scored), default=None)
    return [c for d, _, c in sorted(scored) if d == best][:2]


def edits(a: str, b: str, limit: int) -> int:
    """Edits from `a` to `b` (insert, delete, replace, or swap two neighbours: "Alpah" is one from
    "Alpha"), or limit + 1 as soon as it must be more than `limit`."""
    before, previous = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if before is not None and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def check(facts: NewFacts, ontology: Ontology, names: Names, known_sources: set) -> tuple[list[Finding], set]:
    """The findings, and the unknown IRIs they explain (every other finding about them is a consequence)."""
    problems = [f for t in facts.triples if t.predicate.value in ontology.object_properties
                and isinstance(t.object, ox.Literal) for f in [_literal_for_entity(t, ontology, names)]]
    sources, entities = defaultdict(list), defaultdict(list)
    for t in facts.triples:
        if t.predicate.value == SOURCE and not isinstance(t.object, ox.Literal):
            sources[t.object].append(t)
        elif isinstance(t.object, ox.NamedNode) and t.predicate != _TYPE and not t.object.value.startswith(KG):
            entities[t.object].append(t)
    unknown = set()
    for node, triples in sources.items():
        if node not in known_sources:
            problems.append(_unknown_source(node, triples, names, facts))
            unknown.add(node)
    for node, triples in entities.items():
        if node not in unknown and not names.known(node) and (near := names.nearest(node)):
            problems.append(_unknown_entity(node, triples, near, facts))
            unknown.add(node)
    return problems, unknown


def _literal_for_entity(t, ontology: Ontology, names: Names) -> Finding:
    prop = shorten(t.predicate.value)
    ranges = [u for u in ontology.ranges(t.predicate.value) if all(c.startswith(KG) for c in u)]
    expected = " and ".join(" or ".join(shorten(c) for c in sorted(u)) for u in ranges)
    lead = f"{prop} expects an entity{f' (a {expected})' if expected else ''}, but a literal was given: {term_text(t.object)}"
    found = names.with_label(t.object.value)
    fitting = [(n, label) for n, label in found if all(ontology.closure(names.types(n)) & u for u in ranges)]
    if fitting:
        return violation("axioms", t.subject, t.predicate, t.object, f"{lead}; did you mean {_named(fitting)}?")
    if found:  # named so, but of a class the property does not take: no suggestion, the reason instead
        classes = ontology.closure(names.types(found[0][0]))
        missed = " and ".join(" or ".join(shorten(c) for c in sorted(u)) for u in ranges if not classes & u)
        return violation("axioms", t.subject, t.predicate, t.object,
                         f"{lead}; {_named(found)} has that label but is not a {missed}, so write the IRI "
                         "of the entity meant")
    return violation("axioms", t.subject, t.predicate, t.object,
                     f"{lead}; no entity has that label, so write the entity's IRI (such as kgr:Name), "
                     "or describe a new entity with that label")


def _named(found: list) -> str:
    return " or ".join(f'{shorten(n.value)} (label "{label}")' for n, label in found[:3])


def _unknown_source(node, triples: list, names: Names, facts: NewFacts) -> Finding:
    near = names.nearest(node, SOURCE_CLASS) if isinstance(node, ox.NamedNode) else []
    advice = (f"did you mean {' or '.join(shorten(n.value) for n in near)}?" if near else
              "describe it (a kg:Source with its title, genre, publisher and date) or correct the IRI")
    nothing = ("no kg:Source in these files or the graph has this IRI" if isinstance(node, ox.NamedNode) else
               "kg:source names a kg:Source node (src:<slug>) of these files or the graph, not a blank node")
    message = f"{term_text(node)} is not a known source: {nothing}; {advice}{_used_by(triples, facts)}"
    return violation("provenance", triples[0].subject, triples[0].predicate, node, message)


def _unknown_entity(node, triples: list, near: list, facts: NewFacts) -> Finding:
    message = (f"{term_text(node)} is not known: nothing in these files or the graph describes it; "
               f"did you mean {' or '.join(shorten(n.value) for n in near)}?{_used_by(triples, facts)}")
    return violation("vocabulary", triples[0].subject, triples[0].predicate, node, message)


def _used_by(triples: list, facts: NewFacts) -> str:
    """' Used by 7 facts: kgr:a (f.ttl:3:15), ...' when more than one fact uses the IRI."""
    triples = list({t.subject: t for t in reversed(triples)}.values())[::-1]  # one per fact, in file order
    if len(triples) < 2:
        return ""
    def one(t) -> str:
        spot = facts.spots.get(t)
        return f"{term_text(t.subject)} ({location(spot[0], spot[3].line, spot[3].column)})" if spot else term_text(t.subject)
    shown = ", ".join(one(t) for t in triples[:_SHOWN_USES])
    more = f" and {len(triples) - _SHOWN_USES:,} more" if len(triples) > _SHOWN_USES else ""
    return f" Used by {len(triples):,} facts: {shown}{more}."


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
