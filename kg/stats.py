"""Counts that tell a user what a graph holds: triples per named graph, instances per class.

All counting happens in the engine (GROUP BY in SPARQL), so it stays fast on big graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, SRC, shorten
from .store import Graph


@dataclass(frozen=True)
class GraphCount:
    graph: str  # full IRI
    name: str  # prefixed or short name
    role: str  # ontology | shapes | entities | source | inferred | other
    triples: int
    facts: int  # subjects carrying kg:evidence


@dataclass(frozen=True)
class ClassCount:
    cls: str  # prefixed name
    label: str
    asserted: int  # instances typed with exactly this class
    total: int  # instances of this class or any subclass


@dataclass(frozen=True)
class Stats:
    graphs: list[GraphCount]
    classes: list[ClassCount]

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    @property
    def sources(self) -> int:
        return sum(1 for g in self.graphs if g.role == "source")


_GRAPH_COUNTS = """
SELECT ?g (COUNT(*) AS ?n) (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
  GRAPH ?g { ?s ?p ?o }
  BIND(IF(?p = kg:evidence, ?s, ?unbound) AS ?fact)
} GROUP BY ?g"""

_CLASS_COUNTS = """
SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?x) AS ?total) (COUNT(DISTINCT ?direct) AS ?asserted) WHERE {
  GRAPH <%(ontology)s> { ?class a owl:Class . OPTIONAL { ?class rdfs:label ?l } ?sub rdfs:subClassOf* ?class }
  GRAPH ?g { ?x a ?sub }
  FILTER(?g != <%(ontology)s> && ?g != <%(shapes)s> && ?g != <%(inferred)s>)
  BIND(IF(?sub = ?class, ?x, ?unbound) AS ?direct)
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
} GROUP BY ?class"""


def role_of(graph_iri: str) -> str:
    from .namespaces import GRAPH_ROLES

    for role, iri in GRAPH_ROLES.items():
        if iri == graph_iri:
            return role
    return "source" if graph_iri.startswith(SRC) else "other"


def collect(graph: Graph) -> Stats:
    graphs = []
    for row in graph.query(_GRAPH_COUNTS):
        iri = row["g"].value
        role = role_of(iri)
        name = shorten(iri) if role in ("source", "other") else role
        graphs.append(GraphCount(iri, name, role, int(row["n"].value), int(row["facts"].value)))
    order = {"ontology": 0, "shapes": 1, "entities": 2, "source": 3, "inferred": 4, "other": 5}
    graphs.sort(key=lambda g: (order[g.role], g.graph))
    query = _CLASS_COUNTS % {"ontology": ONTOLOGY_GRAPH, "shapes": SHAPES_GRAPH, "inferred": INFERRED_GRAPH}
    classes = [
        ClassCount(
            shorten(row["class"].value),
            row["label"].value if row["label"] is not None else "",
            int(row["asserted"].value),
            int(row["total"].value),
        )
        for row in graph.query(query)
    ]
    classes.sort(key=lambda c: c.cls)
    return Stats(graphs=graphs, classes=classes)
