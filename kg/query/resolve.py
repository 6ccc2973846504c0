"""Finding the entity a user means: by IRI, prefixed name, label or alternative label.

Users type "Iran", "the Kremlin" or "kgr:S-400"; queries need IRIs. Names are matched without
regard to case. A name can be shared: "Moscow" is the label of the city and an alternative
label of the state (its government). An exact rdfs:label wins over alternative labels; a class
(a canned query's `-p state Moscow` wants a kg:State) narrows the candidates first; what is
still ambiguous is refused with the candidates listed (exit 2), and an unknown name gets the
closest known names (exit 3). Names are looked up in the entity and source graphs, not in the
ontology or the shapes (their terms are reached by prefixed name).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import NotFound, UsageError
from kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, RDFS_LABEL, SHAPES_GRAPH, expand, shorten

_NAMES = """
SELECT DISTINCT ?entity ?name ?kind WHERE {
  GRAPH ?g { ?entity ?kind ?name }
  VALUES ?kind { rdfs:label skos:altLabel }
  FILTER(?g != <%s> && ?g != <%s> && isIRI(?entity))
}""" % (ONTOLOGY_GRAPH, SHAPES_GRAPH)

# The class is written into the text, not bound as a substitution: pyoxigraph plans a query before
# it binds substitutions, so with ?class bound that way it read every rdf:type (9 s at 1M triples,
# 0.01 s with the class in the text). The IRIs written in are pyoxigraph's own N-Triples of terms
# checked as IRIs.
_INSTANCES = "SELECT DISTINCT ?entity WHERE { ?class rdfs:subClassOf* %s . ?entity rdf:type ?class }"
_IS_INSTANCE = "ASK { %s rdf:type/rdfs:subClassOf* %s }"
# The names that can equal a text without regard to case, read in the engine: an ASCII name
# case-folds as LCASE lowers it; any other may fold differently (straße, STRASSE), so it is kept
# for Python's str.casefold to decide. Read in the default graph (each triple once) and then
# checked to be stated in an entity or source graph (_STATED): reading them through GRAPH ?g, graph
# by graph, took 5 s at 1M.
_NAMES_LIKE = """
SELECT DISTINCT ?entity ?name ?kind WHERE {
  ?entity ?kind ?name .
  VALUES ?kind { rdfs:label skos:altLabel }
  FILTER(isIRI(?entity) && (LCASE(STR(?name)) = %s || REGEX(STR(?name), "[^\\\\x00-\\\\x7F]")))
}"""
_STATED = "ASK { GRAPH ?g { %%s %%s %%s } FILTER(?g != <%s> && ?g != <%s>) }" % (ONTOLOGY_GRAPH, SHAPES_GRAPH)
_EXISTS = "SELECT ?entity WHERE { GRAPH ?g { ?entity ?p ?o } } LIMIT 1"
# Asked of the store's own dataset (every named graph, the inferred one left out here): over the
# list of graphs kg queries see, each entity's lookup visited the graphs one by one (877 at 1M
# triples: 40 s for kg show of an entity named by 3,831 facts, 0.3 s this way).
_LABELS = """
SELECT ?entity ?label WHERE {
  VALUES ?entity { %%s }
  GRAPH ?g { ?entity rdfs:label ?label }
  FILTER(?g != <%s> && ?g != <%s>)
}
ORDER BY ?entity ?g ?label""" % (SHAPES_GRAPH, INFERRED_GRAPH)


@dataclass(frozen=True)
class Name:
    """One name of one entity."""

    entity: str  # IRI
    name: str
    is_label: bool  # rdfs:label, or else skos:altLabel


def resolve(graph, text: str, cls: str | None = None) -> str:
    """The IRI of the entity `text` names; `cls` (an IRI) keeps only instances of that class."""
    text = text.strip()
    iri = _as_iri(text)
    if iri is not None:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise UsageError(f"{text!r} is not a valid IRI") from None
        if not _exists(graph, iri):
            raise NotFound(f"nothing in the graph has the IRI {shorten(iri)}")
        if cls is not None and not is_instance(graph, iri, cls):
            raise UsageError(f"{shorten(iri)} is not a {shorten(cls)}")
        return iri
    matching = names_equal(graph, text)
    if cls is not None:
        members = {e for e in {n.entity for n in matching} if is_instance(graph, e, cls)}
        matching = [n for n in matching if n.entity in members]
    by_label = sorted({n.entity for n in matching if n.is_label})
    candidates = by_label or sorted({n.entity for n in matching})
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        labels = labels_for(graph, candidates)
        listed = ", ".join(f"{shorten(c)} ({labels.get(c, shorten(c))})" for c in candidates)
        raise UsageError(f"{text!r} names {len(candidates)} entities: {listed}; use the prefixed name of the one you mean")
    members = instances(graph, cls) if cls is not None else None
    raise NotFound(_unknown_message(text, [n for n in all_names(graph) if members is None or n.entity in members], cls))


def is_instance(graph, iri: str, cls: str) -> bool:
    """Whether `iri` is an instance of `cls` or of one of its subclasses."""
    return bool(graph.query(_IS_INSTANCE % (ox.NamedNode(iri), ox.NamedNode(cls))))


def names_equal(graph, text: str) -> list[Name]:
    """The names stated in the entity and source graphs that equal `text` without regard to case."""
    wanted = text.casefold()
    found = []
    for row in graph.query(_NAMES_LIKE % ox.Literal(wanted)):
        entity, kind, name = row["entity"], row["kind"], row["name"]
        if name.value.casefold() == wanted and graph.query(_STATED % (entity, kind, name)):
            found.append(Name(entity.value, name.value, kind.value == RDFS_LABEL))
    return found


def _as_iri(text: str) -> str | None:
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        return text
    if " " not in text:
        return expand(text)
    return None


def _exists(graph, iri: str) -> bool:
    rows = graph.query(_EXISTS, substitutions={ox.Variable("entity"): ox.NamedNode(iri)})
    return next(iter(rows), None) is not None


def instances(graph, cls: str) -> set[str]:
    """IRIs of the instances of `cls` and of its subclasses, in any graph."""
    rows = graph.query(_INSTANCES % ox.NamedNode(cls))
    return {row["entity"].value for row in rows if isinstance(row["entity"], ox.NamedNode)}


def all_names(graph) -> list[Name]:
    return [
        Name(row["entity"].value, row["name"].value, row["kind"].value == RDFS_LABEL)
        for row in graph.query(_NAMES)
    ]


def _unknown_message(text: str, names: list[Name], cls: str | None) -> str:
    import difflib

    what = f"no {shorten(cls)}" if cls else "nothing"
    by_folded: dict[str, list[Name]] = {}
    for n in names:
        by_folded.setdefault(n.name.casefold(), []).append(n)
    close = difflib.get_close_matches(text.casefold(), list(by_folded), n=5, cutoff=0.6)
    message = f"{what} in the graph is named {text!r}"
    if not close:
        return message
    shown = []
    for folded in close:
        first = by_folded[folded][0]
        shown.append(f"{first.name} ({shorten(first.entity)})")
    return message + "; closest names: " + ", ".join(shown)


def labels_for(graph, iris) -> dict[str, str]:
    """rdfs:label of each IRI that has one (for tables that show labels instead of IRIs).

    One query, so a remote store answers it in one request; the IRIs come from query results and
    are written in N-Triples syntax by pyoxigraph.
    """
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(iri)) for iri in sorted(iris))
    found: dict[str, str] = {}
    for row in graph.query(_LABELS % values, use_default_graph_as_union=False):
        found.setdefault(row["entity"].value, row["label"].value)
    return found

