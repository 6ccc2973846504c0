"""Counts that tell a user what a graph holds: triples per named graph, instances per class.

All counting happens in the engine (GROUP BY in SPARQL), so it stays fast on big graphs.
"""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import INFERRED_GRAPH, KG, ONTOLOGY_GRAPH, PREFIXES, RDF_TYPE, SHAPES_GRAPH, SRC, shorten
from kg.store.graph import Graph


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


_TRIPLES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_FACTS = "SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s kg:evidence ?o } } GROUP BY ?g"
_ASSERTED_GRAPHS = "FILTER(?g != <%(ontology)s> && ?g != <%(shapes)s> && ?g != <%(inferred)s>)"
# Instances of exactly this class, and of it or any subclass. The distinct (instance, type) pairs
# come first and the hierarchy is joined to them: the other way round, or with both counts in one
# query, took 3 to 300 times longer on a million triples.
_ASSERTED = ("SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?class } %(graphs)s FILTER(isIRI(?class)) } "
             "GROUP BY ?class")
_TOTALS = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { SELECT DISTINCT ?x ?sub WHERE { GRAPH ?g { ?x a ?sub } %(graphs)s } }
  GRAPH <%(ontology)s> { ?sub rdfs:subClassOf* ?class . ?class a owl:Class }
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
} GROUP BY ?class"""
_LABELS = "SELECT ?class (SAMPLE(?l) AS ?n) WHERE { GRAPH <%(ontology)s> { ?class a owl:Class ; rdfs:label ?l } } GROUP BY ?class"


def role_of(graph_iri: str) -> str:
    from kg.namespaces import GRAPH_ROLES

    for role, iri in GRAPH_ROLES.items():
        if iri == graph_iri:
            return role
    return "source" if graph_iri.startswith(SRC) else "other"


def collect(graph: Graph) -> Stats:
    return assemble(counts(graph))


def counts(graph: Graph) -> dict:
    """The numbers Stats shows, as JSON (a store's manifest carries them; a refresh patches them).
    By SPARQL, two queries at a time: on a million triples on disk each full scan takes about a
    second, and the engine runs queries without holding the GIL."""
    names = {"ontology": ONTOLOGY_GRAPH, "shapes": SHAPES_GRAPH, "inferred": INFERRED_GRAPH}
    names["graphs"] = _ASSERTED_GRAPHS % names
    queries = {"triples": _TRIPLES, "facts": _FACTS, "totals": _TOTALS % names, "asserted": _ASSERTED % names,
               "labels": _LABELS % names}
    gc.collect()  # the caller's garbage is freed here, not on a worker (pyoxigraph iterators stay on their thread)
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = dict(zip(queries, pool.map(lambda q: _by_key(graph, q), queries.values())))
    return {key: {iri: (term.value if key == "labels" else int(term.value)) for iri, term in found.items()}
            for key, found in answers.items()}


def assemble(numbers: dict) -> Stats:
    graphs = []
    for iri, triples in numbers["triples"].items():
        role = role_of(iri)
        name = shorten(iri) if role in ("source", "other") else role
        graphs.append(GraphCount(iri, name, role, triples, numbers["facts"].get(iri, 0)))
    order = {"ontology": 0, "shapes": 1, "entities": 2, "source": 3, "inferred": 4, "other": 5}
    graphs.sort(key=lambda g: (order[g.role], g.graph))
    classes = [ClassCount(shorten(iri), numbers["labels"].get(iri, ""), numbers["asserted"].get(iri, 0), total)
               for iri, total in numbers["totals"].items()]
    classes.sort(key=lambda c: c.cls)
    return Stats(graphs=graphs, classes=classes)


def _by_key(graph: Graph, query: str) -> dict:
    """The rows of a two-column query as {IRI of the first column: term of the second}."""
    return {row[0].value: row[1] for row in graph.query(query, **graph.dataset(inferred=True))}


# ---------------------------------------------------------------- patched by a refresh

_TYPE = ox.NamedNode(RDF_TYPE)
_EVIDENCE = ox.NamedNode(KG + "evidence")
_UNCOUNTED = {ONTOLOGY_GRAPH, SHAPES_GRAPH, INFERRED_GRAPH}
_SUPERCLASSES = """SELECT ?sub ?class WHERE { VALUES ?sub { %s } GRAPH <%s> { ?sub rdfs:subClassOf* ?class . ?class a owl:Class }
  FILTER(STRSTARTS(STR(?class), STR(kg:))) }"""


def class_sets(store: ox.Store, nodes) -> dict | None:
    """Each node's classes as the class counts read them (the objects of its rdf:type triples in
    the named graphs but the ontology, shapes and inferred ones); None when one is no IRI."""
    found = {}
    for node in nodes:
        types = {q.object for q in store.quads_for_pattern(node, _TYPE, None, None)
                 if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in _UNCOUNTED}
        if any(not isinstance(t, ox.NamedNode) for t in types):
            return None
        found[node] = frozenset(t.value for t in types)
    return found


def patched(numbers: dict | None, store: ox.Store, graphs: set[str], inferred_change: int,
            before: dict | None) -> dict | None:
    """`counts` after a refresh, from those before it, without reading the whole store: the named
    graphs `graphs` were replaced, added or removed (counted again), the inferred graph gained
    `inferred_change` triples, and `before` holds the class_sets, before the change, of every node
    with an rdf:type triple in those graphs (only theirs can have changed). None: count anew."""
    after = class_sets(store, before) if numbers is not None and before is not None else None
    if after is None:
        return None
    new = {key: dict(found) for key, found in numbers.items()}
    for iri in sorted(graphs | {INFERRED_GRAPH}):
        graph = ox.NamedNode(iri)
        triples = (new["triples"].get(iri, 0) + inferred_change if iri == INFERRED_GRAPH
                   else sum(1 for _ in store.quads_for_pattern(None, None, None, graph)))
        _put(new["triples"], iri, triples)
        _put(new["facts"], iri, len({q.subject for q in store.quads_for_pattern(None, _EVIDENCE, None, graph)}))
    supers = _superclasses(store, set().union(*before.values(), *after.values()))
    for node, old in before.items():
        _shift(new["asserted"], old, after[node])
        closure = [set().union(*(supers.get(t, ()) for t in types)) for types in (old, after[node])]
        _shift(new["totals"], *closure)
    return new


def _superclasses(store: ox.Store, classes: set) -> dict:
    """{class IRI: the kg: classes it is a subclass of, itself included}, as _TOTALS joins them."""
    if not classes:
        return {}
    query = _SUPERCLASSES % (" ".join(f"<{c}>" for c in sorted(classes)), ONTOLOGY_GRAPH)
    found: dict = {}
    for row in store.query(query, prefixes=PREFIXES):
        found.setdefault(row[0].value, set()).add(row[1].value)
    return found


def _shift(numbers: dict, old: set, new: set) -> None:
    for key in new - old:
        numbers[key] = numbers.get(key, 0) + 1
    for key in old - new:
        _put(numbers, key, numbers.get(key, 0) - 1)


def _put(numbers: dict, key: str, value: int) -> None:
    """As the GROUP BY queries give them: no row for a count of 0."""
    if value:
        numbers[key] = value
    else:
        numbers.pop(key, None)
