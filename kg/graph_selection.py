"""Which named graphs a command works on: `--graph NAME` resolved against the graphs a store holds.

`kg export` and `kg push` take the same names, so a user learns them once: a role (ontology,
shapes, entities, inferred), a source slug or `src:<slug>`, a full graph IRI, or `all`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import UsageError
from kg.namespaces import ENTITIES_GRAPH, GRAPH_ROLES, INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, SRC, shorten, source_iri
from kg.project import SLUG_RE

ALL = "all"
# The order graphs are listed and pushed in: the vocabulary before the data that uses it.
_ROLE_ORDER = {iri: i for i, iri in enumerate(GRAPH_ROLES.values())}


def graph_order(iri: str) -> tuple:
    """Ontology, shapes, entities, inferred, then sources and other graphs by IRI."""
    return (_ROLE_ORDER.get(iri, len(_ROLE_ORDER)), iri)


def display_name(iri: str) -> str:
    """How a graph is named in tables: its role, or its prefixed name (src:<slug>)."""
    for role, role_iri in GRAPH_ROLES.items():
        if role_iri == iri:
            return role
    return shorten(iri)


def stored_graphs(store: ox.Store) -> list[str]:
    """The IRIs of every named graph in the store, in graph_order."""
    names = (g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return sorted(names, key=graph_order)


def resolve(name: str, available: Iterable[str]) -> str:
    """The IRI of one --graph NAME, which must be a graph the store holds."""
    available = list(available)
    text = name.strip()
    if text in GRAPH_ROLES:
        iri = GRAPH_ROLES[text]
    elif text.startswith("src:"):
        iri = SRC + text[len("src:"):]
    elif text.startswith(("http://", "https://")):
        iri = text
    elif text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif SLUG_RE.fullmatch(text):
        iri = source_iri(text)
    else:
        raise UsageError(
            f"--graph {name!r}: not a graph name; use ontology, shapes, entities, inferred, all, "
            "a source slug, src:<slug> or a full graph IRI"
        )
    if iri not in available:
        known = ", ".join(display_name(g) for g in available) or "none"
        raise UsageError(f"--graph {name}: the graph holds no such named graph (it has: {known})")
    return iri


def select(
    store: ox.Store,
    names: Iterable[str] = (),
    *,
    include_shapes: bool,
    include_ontology: bool = True,
    include_inferred: bool = True,
) -> list[str]:
    """The graphs to work on, in graph_order.

    Without names: every stored graph, the shapes graph only when `include_shapes` and the inferred
    graph only when `include_inferred` (each command documents its default). `--no-ontology`
    (include_ontology=False) then removes the ontology.
    """
    available = stored_graphs(store)
    names = [n for n in names]
    if not names:
        left_out = {g for g, wanted in ((SHAPES_GRAPH, include_shapes), (INFERRED_GRAPH, include_inferred)) if not wanted}
        chosen = [g for g in available if g not in left_out]
    elif ALL in (n.strip() for n in names):
        chosen = available
    else:
        chosen = sorted({resolve(n, available) for n in names}, key=graph_order)
    if not include_ontology:
        chosen = [g for g in chosen if g != ONTOLOGY_GRAPH]
    if not chosen:
        raise UsageError("--graph/--no-ontology: nothing is left to work on; choose at least one graph")
    return chosen


def asserted_graph_names(store: ox.Store) -> list[ox.NamedNode]:
    """The graphs a SHACL run judges: ontology, entities and every source (not shapes, not inferred)."""
    names = [ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ENTITIES_GRAPH)]
    names += sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(SRC)),
                    key=lambda g: g.value)
    return names


def only_asserted_graphs(store: ox.Store) -> bool:
    """True when every triple of the store is in an asserted graph, so their union is the whole store.

    Oxigraph reads a default graph given as a list of graphs one graph at a time: with one graph
    per source, a million triples in 877 graphs took hours to validate that way, and seconds as
    the union of all graphs. The union is only the asserted graphs when nothing else is stored.
    """
    asserted = set(asserted_graph_names(store))
    if any(g not in asserted for g in store.named_graphs()):
        return False
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
