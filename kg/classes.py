"""The named-class hierarchy and the disjointness axioms of the ontology graph, read once.

Explaining an inconsistency (which two types of an individual clash, and by which axiom) and
materialising types (every superclass of every type) both need the same two things: the
superclasses of a named class and the disjointness axioms. They are read here from the
ontology's named graph with two small queries, so neither walks the OWL triples its own way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import ONTOLOGY_GRAPH, OWL, RDF, RDFS, shorten

# Superclass edges between named classes: asserted, by equivalence, or by an equivalent
# intersection (kg:Official ≡ kg:Person ⊓ ∃kg:holds.kg:Tenure makes kg:Official ⊑ kg:Person).
_EDGES = """
SELECT ?sub ?super WHERE {
  { ?sub rdfs:subClassOf ?super }
  UNION { ?sub owl:equivalentClass ?super }
  UNION { ?super owl:equivalentClass ?sub }
  UNION { ?sub owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first ?super }
  FILTER(isIRI(?sub) && isIRI(?super))
}"""

_DISJOINT = """
SELECT ?axiom ?member WHERE {
  { ?axiom a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?member }
  UNION { ?member owl:disjointWith ?other . BIND(?member AS ?axiom) }
  UNION { ?other owl:disjointWith ?member . BIND(?other AS ?axiom) }
  FILTER(isIRI(?member))
}"""

_PREFIXES = {"rdf": RDF, "rdfs": RDFS, "owl": OWL}


@dataclass(frozen=True)
class Disjointness:
    """One axiom that makes classes pairwise disjoint, as users read it in a report."""

    members: frozenset[str]
    text: str  # e.g. "owl:AllDisjointClasses (kg:Faction kg:Person kg:State)"


@dataclass
class ClassHierarchy:
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    disjointness: list[Disjointness] = field(default_factory=list)
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def add_edge(self, sub: str, superclass: str) -> None:
        if sub != superclass:
            self.parents[sub].add(superclass)
            self._ancestors.clear()

    def ancestors(self, cls: str) -> frozenset[str]:
        """The class itself and every named class above it (cycles of equivalence are fine)."""
        found = self._ancestors.get(cls)
        if found is None:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self._ancestors[cls] = frozenset(seen)
        return found

    def clash(self, first: str, second: str) -> tuple[str, str, Disjointness] | None:
        """Two disjoint ancestors of `first` and `second`, and the axiom that says so, if any."""
        up_first, up_second = self.ancestors(first), self.ancestors(second)
        for axiom in self.disjointness:
            mine = sorted(up_first & axiom.members)
            theirs = sorted(up_second & axiom.members)
            for a in mine:
                for b in theirs:
                    if a != b:
                        return a, b, axiom
        return None


def read_hierarchy(store: ox.Store, ontology_graph: str = ONTOLOGY_GRAPH) -> ClassHierarchy:
    only_ontology = {"prefixes": _PREFIXES, "default_graph": ox.NamedNode(ontology_graph)}
    hierarchy = ClassHierarchy()
    for row in store.query(_EDGES, **only_ontology):
        hierarchy.add_edge(row["sub"].value, row["super"].value)
    members: dict = defaultdict(set)
    for row in store.query(_DISJOINT, **only_ontology):
        members[row["axiom"]].add(row["member"].value)
    for axiom, classes in members.items():
        names = " ".join(shorten(c) for c in sorted(classes))
        if isinstance(axiom, ox.NamedNode):  # owl:disjointWith, grouped by its subject
            for other in classes - {axiom.value}:
                pair = frozenset({axiom.value, other})
                text = f"{shorten(axiom.value)} owl:disjointWith {shorten(other)}"
                hierarchy.disjointness.append(Disjointness(pair, text))
        else:
            hierarchy.disjointness.append(Disjointness(frozenset(classes), f"owl:AllDisjointClasses ({names})"))
    hierarchy.disjointness.sort(key=lambda d: d.text)
    return hierarchy
