"""The inferred graph brought up to date around the changed triples only (kg.store.refresh).

kg.store.inference's rules derive each triple from: one asserted triple (sub-properties, inverses,
symmetry: the derived triple has the same two nodes), the asserted types of one subject, a chain
of k triples (owl:propertyChainAxiom), or a path of a transitive property. So a changed triple
can only change derived triples whose nodes lie near its own: the `core`, its nodes widened along
the chained properties by k-1 steps and along the transitive ones to the end. Every derived
triple about the core is computed by the module's own closure (kg.store.inference.closure_terms,
called unchanged) over a scratch store that holds the ontology, the asserted triples from and to
the core, and of a wider ring of nodes (k more steps) their types and their triples of the chained
and transitive properties (and those that derive them), enough for each of those derivations
(the ring's other triples only derive triples about the ring); derived triples that
touch no core node cannot have changed. The store's inferred triples about the core are then
replaced by the scratch's. When the ring grows past WIDEST nodes (a hub of chained or transitive
properties) the caller computes the whole closure instead.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.graph_selection import asserted_graph_names
from kg.namespaces import ENTITIES_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, RDF_TYPE

WIDEST = 50_000
_TYPE = ox.NamedNode(RDF_TYPE)


def inferred_around(store: ox.Store, diff: set) -> tuple[set, set] | None:
    """(derived triples about the core as they should be, as they are), or None past WIDEST."""
    from kg.store.inference import Axioms, closure_terms

    ontology = list(store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    axioms = Axioms(ontology)
    reach = axioms.reach()
    transitive = set(axioms.transitive)
    linked = transitive | {link for _chain, links in axioms.chains for link in links}
    feeding = {p for p in linked} | {p for p, steps in reach.items() if any(q in linked for q, _f in steps)}
    feeding_transitive = transitive | {p for p, steps in reach.items() if any(q in transitive for q, _f in steps)}
    longest = max((len(links) for _chain, links in axioms.chains), default=1)
    # The closure reads the asserted triples of rdf:type and the rules' properties, and leaves out
    # those it derives that are asserted: a changed triple of any other property (a label) can
    # change no inferred triple, and brings no node in.
    derivable = {q for steps in reach.values() for q, _f in steps} | {chain for chain, _l in axioms.chains} | transitive
    relevant = axioms.read_properties() | derivable | {_TYPE}
    diff = {t for t in diff if t.predicate in relevant}
    if not diff:
        return set(), set()
    graphs = set(asserted_graph_names(store))
    # A class is no node of the rules (types are derived per subject): a changed `x a kg:Event`
    # must not bring in every event.
    nodes = {t.subject for t in diff} | {t.object for t in diff
                                         if not isinstance(t.object, ox.Literal) and t.predicate != _TYPE}
    core = _widen(store, graphs, nodes, feeding_transitive, None)
    core = _widen(store, graphs, core, feeding, longest - 1)
    ring = _widen(store, graphs, core, feeding, longest)
    ring = _widen(store, graphs, ring, feeding_transitive, None)
    if ring is None or len(ring) > WIDEST:
        return None
    scratch = _scratch(store, graphs, ontology, core, ring - core, feeding)
    wanted = {t for t in closure_terms(scratch) if _about(t, core)}
    wanted = {t for t in wanted if not any(q.graph_name in graphs for q in store.quads_for_pattern(*t, None))}
    inferred = ox.NamedNode(INFERRED_GRAPH)
    held = {(q.subject, q.predicate, q.object) for node in core for pattern in ((node, None, None), (None, None, node))
            for q in store.quads_for_pattern(*pattern, inferred) if _about((q.subject, q.predicate, q.object), core)}
    return wanted, held


def _scratch(store: ox.Store, graphs: set, ontology: list, core: set, ring: set, feeding: set) -> ox.Store:
    """The ontology, the asserted triples from and to the core, and what the ring adds to them."""
    scratch = ox.Store()
    scratch.extend(ontology)
    entities = ox.NamedNode(ENTITIES_GRAPH)
    scratch.extend(ox.Quad(q.subject, q.predicate, q.object, entities) for node in core
                   for q in store.quads_for_pattern(node, None, None, None) if q.graph_name in graphs)
    # Beyond the core, a node's triples matter only as links of a chain or a transitive path (those
    # of `feeding`), and its types (a class in the core has instances there): a hub's thousands of
    # other triples derive nothing about the core.
    wanted_there = [_TYPE, *sorted(feeding, key=str)]
    scratch.extend(ox.Quad(q.subject, q.predicate, q.object, entities) for node in ring for p in wanted_there
                   for q in store.quads_for_pattern(node, p, None, None) if q.graph_name in graphs)
    scratch.extend(ox.Quad(q.subject, q.predicate, q.object, entities) for node in core
                   for q in store.quads_for_pattern(None, None, node, None) if q.graph_name in graphs)
    return scratch


def _about(triple, core: set) -> bool:
    """A derived triple the core can change. A type (`y a C`) is derived from y's own types only, so it
    changes only with y: a class in the core (named as a value by a changed triple) leaves its
    instances' types, which the scratch closure does not hold, as they are."""
    subject, predicate, value = triple
    return subject in core or (value in core and predicate != _TYPE)


def _widen(store: ox.Store, graphs: set, nodes: set | None, predicates: set, steps: int | None) -> set | None:
    """`nodes` and those `steps` edges away (None: all the way) along `predicates`, either way;
    None once past WIDEST."""
    if nodes is None:
        return None
    found, frontier, step = set(nodes), set(nodes), 0
    while frontier and (steps is None or step < steps) and predicates:
        step += 1
        following = set()
        for node in frontier:
            if isinstance(node, ox.Literal):
                continue
            for p in predicates:
                following.update(q.object for q in store.quads_for_pattern(node, p, None, None)
                                 if q.graph_name in graphs and not isinstance(q.object, ox.Literal))
                following.update(q.subject for q in store.quads_for_pattern(None, p, node, None) if q.graph_name in graphs)
        frontier = following - found
        found |= frontier
        if len(found) > WIDEST:
            return None
    return found
