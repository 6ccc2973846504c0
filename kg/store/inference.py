"""The entailments every build computes: a fast rule closure of the ontology's axioms, into the inferred graph.

Rules (OWL 2 RL, the ones the ontology uses and the questions rely on), over the asserted
graphs (ontology, entities, every source):
- the hierarchies: every named class of the ontology is rdfs:subClassOf itself and every named
  class above it (the hierarchy the types below use), every property rdfs:subPropertyOf itself
  and every property above it, so that a question reads `?class rdfs:subClassOf kg:Event` where
  it would need a `rdfs:subClassOf*` path, which some engines get wrong (Virtuoso 7 loses rows on
  it) and all pay for per row;
- types: every named superclass of an asserted type, up rdfs:subClassOf and named
  owl:equivalentClass (`?x a kg:Meeting` gives `?x a kg:Event`); classes of the RDF, RDFS,
  OWL and XSD vocabularies are left alone;
- property values, to a fixpoint: rdfs:subPropertyOf and owl:equivalentProperty (kg:speaker →
  kg:agent → kg:participant), owl:inverseOf both ways (kg:participant ↔ kg:involvedIn),
  owl:SymmetricProperty, owl:TransitiveProperty and owl:propertyChainAxiom (kg:heldOffice from
  kg:holds ∘ kg:office).
Not computed: rdfs:domain and rdfs:range (the ontology states them as what a value must be, and
kg validate checks them so: a type read off a property would hide a wrong fact), the
class definitions that need a reasoner (kg:Official ≡ kg:Person ⊓ ∃kg:holds.kg:Tenure), the
owl:sameAs closure. Those stay HermiT's: `kg check --materialize` writes what it finds beyond
this closure to data/inferred.ttl, stamped with the files it was derived from (inferred_status).

Done in Python over the store's indexes rather than as SPARQL INSERTs iterated to a fixpoint:
the rules read only the triples of the properties the axioms name, once (measured in
docs/PERFORMANCE.md). Only triples that no asserted graph holds are returned.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.graph_selection import asserted_graph_names
from kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, OWL, PROV, RDF, RDF_TYPE, RDFS, XSD
from kg.project import Project
from kg.store.hierarchy import hierarchy_closure, reachable

DERIVED_FROM = PROV + "wasDerivedFrom"
ASSERTED_ROLES = ("ontology", "entities", "source")
_BUILTIN = (RDF, RDFS, OWL, XSD)
_TYPE = ox.NamedNode(RDF_TYPE)


class Axioms:
    """What the ontology says that the rules read: the class hierarchy and the property axioms.

    Read here rather than with kg.store.ontology.Ontology, whose dataclasses would cost every
    in-memory `kg query` their import; the hierarchy is read the same way (named superclasses,
    named equivalent classes both ways, the named members of an equivalent intersection).
    """

    def __init__(self, quads):
        self.parents: dict = defaultdict(set)
        self._ancestors: dict = {}
        self.supers: dict = defaultdict(set)  # p -> properties that every p-value is also a value of
        self.inverses: dict = defaultdict(set)
        self.symmetric: set = set()
        self.transitive: set = set()
        self.chains: list = []  # (property, [links])
        by_subject: dict = defaultdict(list)
        for q in quads:
            by_subject[q.subject].append((q.predicate.value, q.object))
        for subject, pos in by_subject.items():
            if isinstance(subject, ox.NamedNode):
                self._read(subject, pos, by_subject)

    def _read(self, prop: ox.NamedNode, pos: list, by_subject: dict) -> None:
        for p, o in pos:
            if p == RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
                self.parents[prop.value].add(o.value)
            elif p == OWL + "equivalentClass":
                self._read_equivalence(prop.value, o, by_subject)
            elif p == RDFS + "subPropertyOf" and isinstance(o, ox.NamedNode):
                self.supers[prop].add(o)
            elif p == OWL + "equivalentProperty" and isinstance(o, ox.NamedNode):
                self.supers[prop].add(o)
                self.supers[o].add(prop)
            elif p == OWL + "inverseOf" and isinstance(o, ox.NamedNode):
                self.inverses[prop].add(o)
                self.inverses[o].add(prop)
            elif p == RDF_TYPE and o.value == OWL + "SymmetricProperty":
                self.symmetric.add(prop)
            elif p == RDF_TYPE and o.value == OWL + "TransitiveProperty":
                self.transitive.add(prop)
            elif p == OWL + "propertyChainAxiom":
                links = _rdf_list(o, by_subject)
                if len(links) >= 2:
                    self.chains.append((prop, links))

    def _read_equivalence(self, cls: str, other, by_subject: dict) -> None:
        if isinstance(other, ox.NamedNode):
            self.parents[cls].add(other.value)
            self.parents[other.value].add(cls)
            return
        for p, o in by_subject.get(other, ()):
            if p == OWL + "intersectionOf":
                self.parents[cls].update(member.value for member in _rdf_list(o, by_subject))

    def ancestors(self, cls: str) -> frozenset:
        """The class and every named class above it; cached."""
        found = self._ancestors.get(cls)
        if found is None:
            found = self._ancestors[cls] = reachable(self.parents, cls)
        return found

    def read_properties(self) -> set:
        """The properties whose values a rule reads."""
        found = set(self.supers) | set(self.inverses) | self.symmetric | self.transitive
        for _prop, links in self.chains:
            found.update(links)
        return found

    def reach(self) -> dict:
        """For each property p, every (q, flipped) such that s p o entails s q o (o q s when flipped),
        through any mix of super-properties, inverses and symmetry: the one-triple rules, closed once
        over the few axioms so that each data triple is expanded in one step."""
        found = {}
        for prop in set(self.supers) | set(self.inverses) | self.symmetric:
            seen, todo = {(prop, False)}, [(prop, False)]
            while todo:
                p, flipped = todo.pop()
                steps = [(q, flipped) for q in self.supers.get(p, ())] + [(q, not flipped) for q in self.inverses.get(p, ())]
                if p in self.symmetric:
                    steps.append((p, not flipped))
                for step in steps:
                    if step not in seen:
                        seen.add(step)
                        todo.append(step)
            seen.discard((prop, False))
            found[prop] = sorted(seen, key=lambda step: (step[0].value, step[1]))
        return found


def closure(store: ox.Store) -> list[ox.Triple]:
    """The entailed triples no asserted graph holds: types first, then property values."""
    return [ox.Triple(*t) for t in closure_terms(store)]


def closure_terms(store: ox.Store) -> list[tuple]:
    """closure() as (subject, predicate, object) tuples: a million ox.Triple objects cost memory."""
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    axioms = Axioms(store.quads_for_pattern(None, None, None, ontology))
    graphs = asserted_graph_names(store)
    return hierarchy_closure(store, axioms, ontology) + inferred_types(store, axioms, graphs) + _inferred_values(store, axioms, graphs)


def inferred_types(store: ox.Store, hierarchy: Axioms, graphs: list) -> list[tuple]:
    asserted: dict = defaultdict(set)
    for graph in graphs:
        for q in store.quads_for_pattern(None, _TYPE, None, graph):
            if isinstance(q.object, ox.NamedNode):
                asserted[q.subject].add(q.object.value)
    found, classes_as_terms = [], {}
    for subject, classes in asserted.items():
        above = set()
        for cls in classes:
            if not cls.startswith(_BUILTIN):
                above.update(hierarchy.ancestors(cls))
        found.extend((subject, _TYPE, classes_as_terms.setdefault(c, ox.NamedNode(c)))
                     for c in sorted(above - classes) if not c.startswith(_BUILTIN))
    return found


def inferred_values(store: ox.Store, axioms: Axioms, graphs: list) -> list[ox.Triple]:
    return [ox.Triple(*t) for t in _inferred_values(store, axioms, graphs)]


def _inferred_values(store: ox.Store, axioms: Axioms, graphs: list) -> list[tuple]:
    """The one-triple rules in one pass over the asserted values (Axioms.reach), then the
    rules that join two triples (chains, transitivity), whose new values go through the pass
    again, until nothing new appears. Each term is kept once (`one`): the store gives a new
    Python object per quad, and a million of each would cost gigabytes."""
    reach, literal = axioms.reach(), ox.Literal
    one = {}.setdefault
    known: set = set()
    for prop in axioms.read_properties():
        for graph in graphs:  # graph by graph: the default graph repeats them, with the shapes and inferred ones
            known.update((one(q.subject, q.subject), prop, one(q.object, q.object))
                         for q in store.quads_for_pattern(None, prop, None, graph) if type(q.object) is not literal)
    new: list = []
    todo = list(known)
    while todo:
        for s, p, o in todo:
            for q, flipped in reach.get(p, ()):
                triple = (o, q, s) if flipped else (s, q, o)
                if triple not in known:
                    known.add(triple)
                    new.append(triple)
        todo = [t for t in _joined(known, axioms) if t not in known]
        known.update(todo)
        new.extend(todo)
    return new


def _joined(known: set, axioms: Axioms) -> set:
    """What property chains and transitive properties give from the values known so far."""
    if not axioms.chains and not axioms.transitive:
        return set()
    joined = set(axioms.transitive).union(*(links for _chain, links in axioms.chains))
    out: dict = defaultdict(lambda: defaultdict(set))
    for s, p, o in known:
        if p in joined:
            out[p][s].add(o)
    found = set()
    for chain, links in axioms.chains:
        for start, firsts in out[links[0]].items():
            ends = set(firsts)
            for link in links[1:]:
                ends = {z for node in ends for z in out[link].get(node, ())}
            found.update((start, chain, end) for end in ends)
    for prop in axioms.transitive:
        for start in list(out[prop]):
            seen, todo = set(), list(out[prop][start])
            while todo:
                node = todo.pop()
                if node not in seen:
                    seen.add(node)
                    todo.extend(out[prop].get(node, ()))
            found.update((start, prop, end) for end in seen)
    return found


def _rdf_list(node, by_subject: dict) -> list:
    items = []
    while isinstance(node, ox.BlankNode) and len(items) < 64:
        pos = dict(by_subject.get(node, ()))
        first, node = pos.get(RDF + "first"), pos.get(RDF + "rest")
        if not isinstance(first, ox.NamedNode):
            return []
        items.append(first)
    return items if node == ox.NamedNode(RDF + "nil") else []


def complete(store: ox.Store, *, copied: bool = False) -> None:
    """The closure of kg.store.inference into the inferred graph, and every named graph's triples,
    once each, into the default graph.

    `copied`: an on-disk store whose default graph kg.store.bulkload.DefaultCopy already filled with
    the other graphs' triples; the inferred ones join both graphs in one bulk load (no transaction
    holding them all). In memory, one SPARQL INSERT copies every graph (faster than Python: PERFORMANCE.md).
    """
    import gc  # the closure makes many small containers and no cycles: 20% faster without collections

    inferred = ox.NamedNode(INFERRED_GRAPH)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        found = closure_terms(store)
    finally:
        if was_enabled:
            gc.enable()
    if copied:  # made as the loader reads them, in parts: one call holds what it is given several times over
        from kg.store.bulkload import bulk_extend_in_parts

        bulk_extend_in_parts(store, (quad for s, p, o in found for quad in (ox.Quad(s, p, o, inferred), ox.Quad(s, p, o))))
    else:
        store.extend(ox.Quad(s, p, o, inferred) for s, p, o in found)
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


# ---------------------------------------------------------------- what --materialize wrote


def asserted_digest(project: Project, hashes: dict | None = None) -> str:
    """An RFC 6920 ni: URI of the asserted files: each one's path and SHA-256, in a fixed order.

    `hashes` (path relative to the project -> SHA-256) saves hashing files again when a store's
    manifest has just recorded them.
    """
    import base64
    import hashlib

    from kg.store.digest import file_digest

    lines = []
    for pf in project.files():
        if pf.role in ASSERTED_ROLES:
            path = pf.relative_to(project.root)
            lines.append(f"{path}\t{hashes[path] if hashes and path in hashes else file_digest(pf.path)}\n")
    digest = hashlib.sha256("".join(sorted(lines)).encode("utf-8")).digest()
    return "ni:///sha-256;" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def inferred_status(project: Project, store: ox.Store, hashes: dict | None = None) -> str:
    """absent | current | stale: whether data/inferred.ttl was derived from the files as they are now."""
    if not project.inferred_file.exists():
        return "absent"
    node = ox.NamedNode(INFERRED_GRAPH)
    recorded = {q.object for q in store.quads_for_pattern(node, ox.NamedNode(DERIVED_FROM), None, node)}
    return "current" if recorded == {ox.NamedNode(asserted_digest(project, hashes))} else "stale"


def status_in_manifest(project: Project, store: ox.Store, manifest: dict) -> str:
    """Whether data/inferred.ttl is current, from the hashes the manifest has just recorded; a
    fresh store was built from the same files, so readers take it from the manifest."""
    if not any(e["graph"] == INFERRED_GRAPH for e in manifest["files"]):
        return "absent"
    return inferred_status(project, store, {e["path"]: e["sha256"] for e in manifest["files"]})
