"""The part of the existing graph that judging new facts needs, fetched by index lookups.

Validating the whole union with SHACL costs seconds at 100k triples and grows with the graph. The
shapes only ever look at: the focus nodes' own triples (new and existing), the types, labels and
epistemic status of the nodes those triples point at (a claim's content must not be asserted), the
kg:policy edges that point at a focus node (a policy needs an adopter or an adoption event), the
class hierarchy, and, for the label-uniqueness sh:sparql constraint, the other nodes that carry one
of the focus nodes' labels. That is what is fetched, so
the cost depends on the new facts, not on the size of the store. tests/validation/test_validate_engine.py
checks that the shapes ask for nothing more and that the verdicts equal a whole-graph run.

Lookups use the store's quad pattern API with bound terms (index scans, no query text to build).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import INFERRED_GRAPH, KG, ONTOLOGY_GRAPH, RDF_TYPE, RDFS, RDFS_LABEL, SHAPES_GRAPH

# The default graph repeats the named graphs' triples (kg.store.graph.complete) with the inferred ones.
_SKIPPED_GRAPHS = {ox.NamedNode(SHAPES_GRAPH), ox.NamedNode(INFERRED_GRAPH), ox.DefaultGraph()}
_TYPE = ox.NamedNode(RDF_TYPE)
_LABEL = ox.NamedNode(RDFS_LABEL)
_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
_STATUS = ox.NamedNode(KG + "epistemicStatus")
_POLICY = ox.NamedNode(KG + "policy")


@dataclass
class Neighbourhood:
    triples: set = field(default_factory=set)  # existing triples (graph names dropped)
    types: dict = field(default_factory=lambda: defaultdict(set))  # node -> class IRIs, existing and new
    origins: dict = field(default_factory=dict)  # (node, class IRI) -> the named graph stating an existing type

    def add(self, quads: Iterable) -> list:
        added = []
        for q in quads:
            if q.graph_name in _SKIPPED_GRAPHS:
                continue
            triple = ox.Triple(q.subject, q.predicate, q.object)
            if triple not in self.triples:
                self.triples.add(triple)
                added.append(triple)
            if q.predicate == _TYPE and isinstance(q.object, ox.NamedNode):
                self.types[q.subject].add(q.object.value)
                self.origins.setdefault((q.subject, q.object.value), q.graph_name.value)
        return added


def gather(store: ox.Store, new_triples: list, focus: Iterable) -> Neighbourhood:
    """Existing triples that the focus nodes' validation needs, plus every known node type."""
    hood = Neighbourhood()
    focus = set(focus)
    stored = [node for node in focus if isinstance(node, ox.NamedNode)]
    own = [t for node in stored for t in hood.add(store.quads_for_pattern(node, None, None, None))]
    pointed_at = {t.object for t in [*new_triples, *own] if not isinstance(t.object, ox.Literal)}
    for node in pointed_at:
        for predicate in (_TYPE, _LABEL, _STATUS):
            hood.add(store.quads_for_pattern(node, predicate, None, None))
    for node in stored:
        hood.add(store.quads_for_pattern(None, _POLICY, node, None))
    labels = {t.object for t in [*new_triples, *own] if t.predicate == _LABEL and t.subject in focus}
    for label in labels:
        hood.add(store.quads_for_pattern(None, _LABEL, label, None))
    hood.add(store.quads_for_pattern(None, _SUBCLASS, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    for t in new_triples:
        if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
            hood.types[t.subject].add(t.object.value)
    return hood
