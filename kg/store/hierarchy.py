"""The class and property hierarchies, closed, for the inferred graph (kg.store.inference).

A question that needs the classes under kg:Event reads `?class rdfs:subClassOf kg:Event`, one
lookup, instead of the path `rdfs:subClassOf*`, which Virtuoso 7 answers with rows missing when it
is joined with other patterns, and which every engine walks anew for each row. So every named
class and property gets the RDFS entailments of its hierarchy: itself (reflexivity) and each named
class or property above it (transitivity), through the same edges as the inferred types
(rdfs:subClassOf, named owl:equivalentClass both ways, the named members of an equivalent
intersection; rdfs:subPropertyOf and owl:equivalentProperty).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import OWL, RDF, RDF_TYPE, RDFS, XSD

_BUILTIN = (RDF, RDFS, OWL, XSD)
_TYPE = ox.NamedNode(RDF_TYPE)
_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
_SUBPROPERTY = ox.NamedNode(RDFS + "subPropertyOf")


def reachable(edges: dict, start) -> frozenset:
    """`start` and every node reachable from it along `edges` (node -> next nodes); cycles are fine."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return frozenset(seen)


def hierarchy_closure(store: ox.Store, hierarchy, ontology: ox.NamedNode) -> list[tuple]:
    """`C rdfs:subClassOf A` for every named class C of the ontology and every A in its ancestors
    (C itself included: RDFS's reflexive rule), and the same of properties up rdfs:subPropertyOf
    and owl:equivalentProperty; but those the ontology states, and none to or from the RDF, RDFS,
    OWL and XSD vocabularies."""
    classes = _declared(store, ontology, ("Class",), RDFS + "Class") | set(hierarchy.parents)
    properties = _declared(store, ontology, ("ObjectProperty", "DatatypeProperty", "AnnotationProperty"), RDF + "Property")
    properties |= {p.value for p in hierarchy.supers}
    supers = {p.value: {q.value for q in above} for p, above in hierarchy.supers.items()}
    return (_closed(store, ontology, _SUBCLASS, classes, hierarchy.ancestors)
            + _closed(store, ontology, _SUBPROPERTY, properties, lambda p: reachable(supers, p)))


def _declared(store: ox.Store, ontology: ox.NamedNode, owl_kinds: tuple, other: str) -> set[str]:
    kinds = [ox.NamedNode(OWL + k) for k in owl_kinds] + [ox.NamedNode(other)]
    return {q.subject.value for kind in kinds for q in store.quads_for_pattern(None, _TYPE, kind, ontology)
            if isinstance(q.subject, ox.NamedNode)}


def _closed(store: ox.Store, ontology: ox.NamedNode, link: ox.NamedNode, terms: set, above) -> list[tuple]:
    stated = {(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, link, None, ontology)}
    nodes: dict = {}
    node = lambda iri: nodes.setdefault(iri, ox.NamedNode(iri))  # noqa: E731
    return [(node(t), link, node(a)) for t in sorted(terms) if not t.startswith(_BUILTIN)
            for a in sorted(above(t)) if not a.startswith(_BUILTIN) and (t, a) not in stated]
