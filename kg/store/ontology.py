"""What the ontology declares, read once from its named graph: the terms that exist, the class
hierarchy, each property's domains and ranges, and which classes are disjoint.

Checks that judge new facts against the ontology (vocabulary, disjointness, ranges, dates, what
counts as a fact) read it from here rather than each walking the OWL triples their own way.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import ONTOLOGY_GRAPH, OWL, RDF, RDF_TYPE, RDFS, shorten
from kg.store.inference import reachable

THING = OWL + "Thing"
_CLASS_TYPES = {OWL + "Class", RDFS + "Class"}
_OBJECT_PROPERTY_TYPES = {OWL + "ObjectProperty"}
_DATATYPE_PROPERTY_TYPES = {OWL + "DatatypeProperty"}
_OTHER_PROPERTY_TYPES = {OWL + "AnnotationProperty", RDF + "Property", OWL + "FunctionalProperty"}


@dataclass(frozen=True)
class Disjointness:
    """One axiom that makes classes pairwise disjoint, as users read it in a report."""

    members: frozenset[str]
    text: str  # e.g. "owl:AllDisjointClasses (kg:Faction kg:Person kg:State)"


@dataclass
class Ontology:
    classes: set[str] = field(default_factory=set)
    object_properties: set[str] = field(default_factory=set)
    datatype_properties: set[str] = field(default_factory=set)
    other_properties: set[str] = field(default_factory=set)
    individuals: set[str] = field(default_factory=set)
    declared: set[str] = field(default_factory=set)  # every IRI the ontology says something about
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    super_properties: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    own_domains: dict[str, list[frozenset[str]]] = field(default_factory=lambda: defaultdict(list))
    own_ranges: dict[str, list[frozenset[str]]] = field(default_factory=lambda: defaultdict(list))
    disjoint_pairs: set[frozenset[str]] = field(default_factory=set)
    disjointness: list[Disjointness] = field(default_factory=list)
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ reading

    @classmethod
    def from_store(cls, store: ox.Store) -> "Ontology":
        return cls.from_triples(store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))

    @classmethod
    def from_triples(cls, triples: Iterable) -> "Ontology":
        by_subject: dict = defaultdict(list)
        for t in triples:
            by_subject[t.subject].append((t.predicate.value, t.object))
        onto = cls()
        for subject, pos in by_subject.items():
            if isinstance(subject, ox.NamedNode):
                onto.declared.add(subject.value)
                onto._read_named(subject.value, pos, by_subject)
            elif any(p == RDF_TYPE and o.value == OWL + "AllDisjointClasses" for p, o in pos):
                for p, o in pos:
                    if p == OWL + "members":
                        members = _rdf_list(o, by_subject)
                        onto._add_disjoint(members)
                        names = " ".join(shorten(c) for c in sorted(members))
                        onto.disjointness.append(Disjointness(frozenset(members), f"owl:AllDisjointClasses ({names})"))
        onto.disjointness.sort(key=lambda d: d.text)
        return onto

    def _read_named(self, iri: str, pos: list, by_subject: dict) -> None:
        for p, o in pos:
            if p == RDF_TYPE:
                self._read_type(iri, o)
            elif p == RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
                self.parents[iri].add(o.value)
            elif p == RDFS + "subPropertyOf" and isinstance(o, ox.NamedNode):
                self.super_properties[iri].add(o.value)
            elif p in (RDFS + "domain", RDFS + "range"):
                target = self.own_domains if p == RDFS + "domain" else self.own_ranges
                target[iri].append(_union(o, by_subject))
            elif p == OWL + "equivalentClass":
                self._read_equivalence(iri, o, by_subject)
            elif p == OWL + "disjointWith" and isinstance(o, ox.NamedNode):
                self._add_disjoint([iri, o.value])
                text = f"{shorten(iri)} owl:disjointWith {shorten(o.value)}"
                self.disjointness.append(Disjointness(frozenset((iri, o.value)), text))

    def _read_equivalence(self, iri: str, other, by_subject: dict) -> None:
        """Equivalent named classes are each other's superclasses; an equivalent intersection
        (kg:Official ≡ kg:Person ⊓ ∃kg:holds.kg:Tenure) makes each named member a superclass."""
        if isinstance(other, ox.NamedNode):
            self.add_edge(iri, other.value)
            self.add_edge(other.value, iri)
            return
        for p, o in by_subject.get(other, ()):
            if p == OWL + "intersectionOf":
                for member in _rdf_list(o, by_subject):
                    self.add_edge(iri, member)

    def _read_type(self, iri: str, cls: ox.NamedNode) -> None:
        kind = cls.value
        if kind in _CLASS_TYPES:
            self.classes.add(iri)
        elif kind in _OBJECT_PROPERTY_TYPES:
            self.object_properties.add(iri)
        elif kind in _DATATYPE_PROPERTY_TYPES:
            self.datatype_properties.add(iri)
        elif kind in _OTHER_PROPERTY_TYPES:
            self.other_properties.add(iri)
        elif not kind.startswith(OWL) or kind == OWL + "NamedIndividual":
            self.individuals.add(iri)

    def _add_disjoint(self, members: list[str]) -> None:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                self.disjoint_pairs.add(frozenset((a, b)))

    # ------------------------------------------------------------ questions

    @property
    def properties(self) -> set[str]:
        return self.object_properties | self.datatype_properties | self.other_properties

    def add_edge(self, sub: str, superclass: str) -> None:
        if sub != superclass:
            self.parents[sub].add(superclass)
            self._ancestors.clear()

    def ancestors(self, cls: str) -> frozenset[str]:
        """The class and every named class above it (cycles of equivalence are fine); cached."""
        found = self._ancestors.get(cls)
        if found is None:
            found = self._ancestors[cls] = reachable(self.parents, cls)
        return found

    def superclasses(self, cls: str) -> set[str]:
        """The class and every class above it."""
        return set(self.ancestors(cls))

    def clash(self, first: str, second: str) -> tuple[str, str, Disjointness] | None:
        """Two disjoint ancestors of `first` and `second`, and the axiom that says so, if any."""
        up_first, up_second = self.ancestors(first), self.ancestors(second)
        for axiom in self.disjointness:
            for a in sorted(up_first & axiom.members):
                for b in sorted(up_second & axiom.members):
                    if a != b:
                        return a, b, axiom
        return None

    def closure(self, types: Iterable[str]) -> set[str]:
        return set().union(*(self.superclasses(t) for t in types)) if types else set()

    def subclasses(self, cls: str) -> set[str]:
        """The class and every class below it."""
        return {c for c in self.classes | set(self.parents) if cls in self.superclasses(c)}

    def disjoint(self, a: str, b: str) -> bool:
        """True when no individual can be both an `a` and a `b`."""
        return any(frozenset((x, y)) in self.disjoint_pairs for x in self.superclasses(a) for y in self.superclasses(b))

    def domains(self, prop: str) -> list[frozenset[str]]:
        """Every domain the property has, its super-properties' included; each a union of classes."""
        return self._inherited(prop, self.own_domains)

    def ranges(self, prop: str) -> list[frozenset[str]]:
        return self._inherited(prop, self.own_ranges)

    def _inherited(self, prop: str, own: dict) -> list[frozenset[str]]:
        found, seen, todo = [], set(), [prop]
        while todo:
            p = todo.pop()
            if p in seen:
                continue
            seen.add(p)
            found += [u for u in own.get(p, ()) if THING not in u and u not in found]
            todo.extend(self.super_properties.get(p, ()))
        return found


def _rdf_list(node, by_subject: dict) -> list[str]:
    items, seen = [], set()
    while isinstance(node, ox.BlankNode) and node not in seen:
        seen.add(node)
        pos = dict(by_subject.get(node, ()))
        first = pos.get(RDF + "first")
        if isinstance(first, ox.NamedNode):
            items.append(first.value)
        node = pos.get(RDF + "rest")
    return items


def _union(node, by_subject: dict) -> frozenset[str]:
    """A named class or datatype, or the members of an owl:unionOf blank node."""
    if isinstance(node, ox.NamedNode):
        return frozenset((node.value,))
    for p, o in by_subject.get(node, ()):
        if p == OWL + "unionOf":
            return frozenset(_rdf_list(o, by_subject))
    return frozenset((THING,))  # a restriction or intersection: not checked here


def closest(iri: str, candidates: set[str], n: int = 2) -> list[str]:
    """The candidates whose names are nearest to `iri`'s, ignoring case; same namespace first."""
    def local(value: str) -> str:
        return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()

    by_name: dict[str, list[str]] = {}
    for c in sorted(candidates):
        by_name.setdefault(local(c), []).append(c)
    names = difflib.get_close_matches(local(iri), list(by_name), n=n, cutoff=0.6)
    found = [c for name in names for c in by_name[name]]
    namespace = iri[: len(iri) - len(iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])]
    return sorted(found, key=lambda c: not c.startswith(namespace))[:n]
