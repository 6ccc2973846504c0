"""`kg show`: everything the graph knows about one entity, each fact with its source and quote.

A fact is a node that carries kg:evidence in a source graph (an event, a tenure, a claim, or an
entity described in the source itself). The entity takes part in a fact when the fact node
points at it with any property in that graph, or when it is the fact node. Everything else
that links to or from the entity (background facts of the reference-entities graph, a source's
publisher) is listed as a link. Facts are sorted by date, then label, so the output is stable; a
source's facts are in the order of its text (kg:evidenceOffset), those without an offset after.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from kg.namespaces import KG, ONTOLOGY_GRAPH, RDF_TYPE, RDFS, RDFS_LABEL, SHAPES_GRAPH, SKOS_ALT_LABEL, shorten
from kg.query import show_claims
from kg.query.resolve import labels_for, resolve
from kg.rdf.terms import term_text

EVIDENCE = KG + "evidence"
OFFSET = KG + "evidenceOffset"
# Date-like properties, in the order that decides which one a fact is sorted by.
DATE_PROPERTIES = tuple(
    KG + p for p in ("date", "startDate", "asOf", "asOfEarliest", "earliestDate", "latestDate", "asOfLatest", "endDate")
)
_NOT_ROLES = {RDF_TYPE, KG + "source", KG + "epistemicStatus", KG + "claimedBy", show_claims.PROPOSITION}
_CARD = {RDF_TYPE, RDFS_LABEL, SKOS_ALT_LABEL, KG + "wikidata", RDFS + "comment"}

# The entity is written into each query (pyoxigraph's N-Triples of a checked IRI), not bound as a
# substitution: pyoxigraph plans a query before it binds substitutions, so ?entity bound that way
# is planned as free (at 1M triples, reading the facts of an entity took 3.7 s so, 0.2 s written in).
# They are asked of the store's own dataset (ASKED), leaving the inferred graph out themselves: over
# the list of every other graph, a GRAPH lookup visits the graphs one by one (877 at 1M).
_OWN = "SELECT ?g ?p ?o WHERE { GRAPH ?g { %s ?p ?o } FILTER(?g != <https://w3id.org/geokg/graph/inferred>) }"
_FACTS = """
SELECT DISTINCT ?fact ?g ?p ?o WHERE {
  GRAPH ?g { ?fact ?link %s . ?fact kg:evidence ?evidence . ?fact ?p ?o }
  FILTER(?g != <https://w3id.org/geokg/graph/inferred>)
}"""
_INCOMING = """
SELECT ?s ?p ?g WHERE {
  GRAPH ?g { ?s ?p %s }
  FILTER(?p != rdf:type && ?g != <https://w3id.org/geokg/graph/inferred>)
  FILTER NOT EXISTS { GRAPH ?g { ?s kg:evidence ?evidence } }
}"""
ASKED = {"use_default_graph_as_union": False}  # the store's own dataset: every named graph


@dataclass
class Ref:
    """A term as JSON gives it (prefixed name, or a literal's value) and as text shows it (its label)."""

    name: str
    label: str


@dataclass
class Role:
    role: str  # prefixed property
    name: str  # prefixed name of the participant
    label: str


@dataclass
class Fact:
    node: str
    source: str  # the source graph, prefixed
    classes: list[str] = field(default_factory=list)
    label: str = ""
    date: str = ""
    date_property: str = ""
    when: str = ""  # all its dates, read as what they mean ("as of between … and …", "not after …")
    date_note: str = ""
    entity_roles: list[str] = field(default_factory=list)  # how the shown entity takes part
    participants: list[Role] = field(default_factory=list)
    status: str = ""
    claimed_by: list[Ref] = field(default_factory=list)
    held_by: list[Ref] = field(default_factory=list)  # whose belief a kg:Belief is (kg:beliefHolder)
    content: list[show_claims.Content] = field(default_factory=list)  # what a claim puts forward
    content_of: list[show_claims.ClaimOf] = field(default_factory=list)  # the claims this fact is the content of
    details: list[tuple[str, str]] = field(default_factory=list)  # other literal properties
    evidence: list[str] = field(default_factory=list)
    offset: int | None = None  # kg:evidenceOffset in this source's graph: where the evidence stands in the text


@dataclass
class Link:
    subject: Ref
    predicate: str
    object: Ref
    graph: str


@dataclass
class EntityReport:
    iri: str
    name: str
    label: str
    alt_labels: list[str]
    types: list[str]
    wikidata: str
    comment: str
    facts: list[Fact]
    links: list[Link]
    text_order: bool = False  # a source: facts in the order of its text, then those without an offset

    @property
    def unplaced(self) -> int:
        """How many facts of a source the graph does not place in its text (listed last, by date)."""
        return sum(1 for f in self.facts if f.offset is None) if self.text_order else 0

    def to_json(self) -> dict:
        data = asdict(self)
        for fact in data["facts"]:
            fact["details"] = [{"property": p, "value": v} for p, v in fact["details"]]
        return data


def show(graph, text: str) -> EntityReport:
    """The report for the entity `text` names (IRI, prefixed name, label or alt-label)."""
    iri = resolve(graph, text)
    entity = str(ox.NamedNode(iri))
    own = [r for r in graph.query(_OWN % entity, **ASKED) if r["g"].value != SHAPES_GRAPH]
    fact_rows = list(graph.query(_FACTS % entity, **ASKED))
    incoming = [r for r in graph.query(_INCOMING % entity, **ASKED) if r["g"].value not in (SHAPES_GRAPH, ONTOLOGY_GRAPH)]
    contents, content_names = show_claims.contents(graph, entity)
    claims, claim_names = show_claims.claims_of(graph, entity)
    labels = labels_for(graph, {iri} | _names_in(own, fact_rows, incoming) | content_names | claim_names)
    own_fact_graphs = {r["g"] for r in own if r["p"].value == EVIDENCE}
    card = [(r["p"].value, r["o"]) for r in own]
    types = sorted({shorten(o.value) for p, o in card if p == RDF_TYPE})
    facts = _facts(iri, fact_rows, own, own_fact_graphs, labels, (contents, claims))
    text_order = "kg:Source" in types
    if text_order:
        facts.sort(key=lambda f: (f.offset is None, f.offset or 0))  # stable: date order among equals
    return EntityReport(
        iri=iri,
        name=shorten(iri),
        label=labels.get(iri, ""),
        alt_labels=sorted({o.value for p, o in card if p == SKOS_ALT_LABEL}),
        types=types,
        wikidata=next((o.value for p, o in card if p == KG + "wikidata"), ""),
        comment=next((o.value for p, o in card if p == RDFS + "comment"), ""),
        facts=facts,
        links=_links(iri, own, incoming, own_fact_graphs, labels),
        text_order=text_order,
    )


def _facts(iri: str, fact_rows: list, own: list, own_fact_graphs: set, labels: dict[str, str], v2: tuple) -> list[Fact]:
    """Fact nodes pointing at the entity, and the entity itself where a source describes it; a claim
    with its typed content, a proposition with the claim it belongs to (v2: show_claims' two maps)."""
    by_key: dict[tuple, list] = {}
    for row in fact_rows:
        by_key.setdefault((row["fact"], row["g"]), []).append((row["p"], row["o"]))
    for g in own_fact_graphs:
        by_key.setdefault((ox.NamedNode(iri), g), []).extend((r["p"], r["o"]) for r in own if r["g"] == g)
    contents, claims = v2
    facts = []
    for (node, g), pairs in by_key.items():
        fact = _fact(node, g, pairs, iri, labels)
        fact.content = [show_claims.content_of(n, p, labels) for n, p in sorted(contents.get((node, g), {}).items())]
        fact.content_of = [show_claims.claim_of(n, p, labels) for n, p in sorted(claims.get((node, g), {}).items())]
        facts.append(fact)
    facts.sort(key=lambda f: (f.date == "", f.date, f.label, f.node, f.source))
    return facts


def _links(iri: str, own: list, incoming: list, own_fact_graphs: set, labels: dict[str, str]) -> list[Link]:
    """Plain triples from and to the entity that are not facts (background, a source's publisher)."""
    me = _ref(ox.NamedNode(iri), labels)
    links = [
        Link(me, shorten(r["p"].value), _ref(r["o"], labels), _graph_name(r["g"]))
        for r in own
        if r["p"].value not in _CARD and r["g"] not in own_fact_graphs
    ]
    links += [Link(_ref(r["s"], labels), shorten(r["p"].value), me, _graph_name(r["g"])) for r in incoming]
    links.sort(key=lambda link: (link.graph, link.subject.name, link.predicate, link.object.name))
    return links


def _names_in(*row_lists) -> set[str]:
    found = set()
    for rows in row_lists:
        for row in rows:
            for term in row:
                if isinstance(term, ox.NamedNode):
                    found.add(term.value)
    return found


def _fact(node, graph_name, pairs: list, entity: str, labels: dict[str, str]) -> Fact:
    fact = Fact(node=term_text(node, literals="value"), source=_graph_name(graph_name))
    me = ox.NamedNode(entity)
    dates: dict[str, str] = {}
    for predicate, value in sorted(pairs, key=lambda pv: (pv[0].value, str(pv[1]))):
        p = predicate.value
        if value == me and p != RDF_TYPE:
            fact.entity_roles.append(shorten(p))
        elif p == RDF_TYPE:
            fact.classes.append(shorten(value.value))
        elif p == RDFS_LABEL:
            fact.label = value.value
        elif p == EVIDENCE:
            fact.evidence.append(value.value)
        elif p == OFFSET and _is_offset(value):
            fact.offset = min(int(value.value), fact.offset if fact.offset is not None else int(value.value))
        elif p == KG + "dateNote":
            fact.date_note = value.value
        elif p in DATE_PROPERTIES:
            dates[p] = value.value
        elif p == KG + "epistemicStatus":
            fact.status = labels.get(value.value) or shorten(value.value)
        elif p == KG + "claimedBy":
            fact.claimed_by.append(_ref(value, labels))
        elif p == show_claims.BELIEF_HOLDER:
            fact.held_by.append(_ref(value, labels))
        elif p == KG + "source":
            continue
        elif isinstance(value, ox.Literal):
            fact.details.append((shorten(p), value.value))
        elif p not in _NOT_ROLES:
            ref = _ref(value, labels)
            fact.participants.append(Role(shorten(p), ref.name, ref.label))
    first = next((p for p in DATE_PROPERTIES if p in dates), None)
    if first is not None:
        fact.date, fact.date_property = dates[first], shorten(first)
    fact.when = show_claims.when(dates)
    if not fact.label and isinstance(node, ox.NamedNode):
        fact.label = labels.get(node.value, "")
    return fact


def _is_offset(value) -> bool:
    """A well-formed offset; anything else stays visible among the details (the shapes reject it)."""
    return isinstance(value, ox.Literal) and value.value.isdigit() and value.value.isascii()


def _ref(term, labels: dict[str, str]) -> Ref:
    """Literals as their bare value, blank nodes as [] (their id changes with every load)."""
    return Ref(term_text(term, literals="value"), term_text(term, labels=labels, literals="value"))


def _graph_name(term) -> str:
    from kg.store.stats import role_of

    role = role_of(term.value)
    return shorten(term.value) if role in ("source", "other") else role
