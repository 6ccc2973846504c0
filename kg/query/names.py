"""Warn about the kg: and kgr: names a query uses that the graph does not know.

A misspelt property (kg:suppliedTo) or entity (kgr:Rusia) makes a query match nothing, and an
empty answer reads like a true one: "nobody supplied anything". kg validate catches such names in
data; this catches them in queries, as a warning with the nearest names (the library never prints:
kg query does, and exits 2 under --strict).

Cheap for a cold kg query: it reads the lexer tokens the safety checks already made, so a query
that names no kg:/kgr: term costs nothing more; each name it does use costs one index lookup, and
the candidate names for a suggestion are gathered only once a name turns out to be unknown.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import KG, KGR, ONTOLOGY_GRAPH, RDF_TYPE, shorten
from kg.sparql.lexer import Token


def unknown_names(tokens: tuple[Token, ...], store: ox.Store) -> list[str]:
    """One warning per kg: term the ontology does not declare and kgr: entity the graph lacks."""
    named = named_terms(tokens)
    if not named:
        return []
    unknown = [iri for iri in named if not _known(iri, store)]
    return [_warning(iri, store) for iri in unknown]


def named_terms(tokens: tuple[Token, ...]) -> list[str]:
    """The kg: and kgr: IRIs the query names, in order, once each, under the query's own prefixes.

    A query that rebinds kg: to another namespace (PREFIX kg: <…>) names none of ours with it.
    """
    prefixes = {"kg": KG, "kgr": KGR}
    for i, token in enumerate(tokens[:-2]):
        if token.keyword == "PREFIX" and tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
    found: dict[str, None] = {}
    for token in tokens:
        iri = _iri_of(token, prefixes)
        if iri and (iri.startswith(KG) or iri.startswith(KGR)) and iri not in (KG, KGR):
            found[iri] = None
    return list(found)


def _iri_of(token: Token, prefixes: dict[str, str]) -> str | None:
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind != "pname" or "\\" in token.text:
        return None
    prefix, _, local = token.text.partition(":")
    return prefixes[prefix] + local if prefix in prefixes and local else None


def _known(iri: str, store: ox.Store) -> bool:
    """A kg: term is known when the ontology says something about it; a kgr: one when any graph does."""
    node = ox.NamedNode(iri)
    if iri.startswith(KG):
        return _any(store.quads_for_pattern(node, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    return _any(store.quads_for_pattern(node, None, None)) or _any(store.quads_for_pattern(None, None, node))


def _any(quads) -> bool:
    return next(iter(quads), None) is not None


def _warning(iri: str, store: ox.Store) -> str:
    """'kg:suppliedTo is not in the ontology; did you mean kg:supplier?'"""
    from kg.store.ontology import closest  # with difflib: only once a name is unknown

    in_ontology = iri.startswith(KG)
    lead = f"{shorten(iri)} is not {'in the ontology' if in_ontology else 'in the graph'}"
    close = closest(iri, _ontology_terms(store) if in_ontology else _entities(store))
    if not close:
        return f"{lead}, and nothing there has a similar name"
    return f"{lead}; did you mean {' or '.join(shorten(c) for c in close)}?"


def _ontology_terms(store: ox.Store) -> set[str]:
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))
    return {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(KG)}


def _entities(store: ox.Store) -> set[str]:
    quads = store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None)
    return {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(KGR)}
