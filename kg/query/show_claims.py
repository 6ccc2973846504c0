"""The parts of a `kg show` fact that ontology v2 added: what a claim puts forward (its typed
proposition, with roles and status), whose belief it is apart from who claims it, which claim a
proposition belongs to, and a reading of the dates that says what each bound means.

A proposition is a node of the same classes as asserted facts, so without this a claim would show
only the proposition's name, and the proposition would look like a fact of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import KG, RDF_TYPE, RDFS_LABEL, shorten
from kg.rdf.terms import term_text

PROPOSITION = KG + "proposition"
BELIEF_HOLDER = KG + "beliefHolder"
# Not roles of a proposition: what says how it is known, where it comes from, or is a literal.
_NOT_CONTENT_ROLES = {RDF_TYPE, RDFS_LABEL, KG + "source", KG + "epistemicStatus", KG + "claimedBy", KG + "evidence"}

# `?fact (!rdf:nil)? ?entity`: the fact links to the entity by any predicate, or is the entity.
# Not `{ ?fact ?link ?entity } UNION { BIND(?entity AS ?fact) }`: a UNION branch is evaluated before
# the pre-bound ?entity joins it (SPARQL's bottom-up scoping), so the BIND left ?fact unbound and the
# query read every claim's proposition for every entity (328 rows a page, 4x slower).
_CONTENTS = """
SELECT DISTINCT ?fact ?g ?content ?p ?o WHERE {
  GRAPH ?g { ?fact (!rdf:nil)? %s .
             ?fact kg:evidence ?evidence ; kg:proposition ?content . ?content ?p ?o }
  FILTER(?g != <https://w3id.org/geokg/graph/inferred>)
}"""
_CLAIMS_OF = """
SELECT DISTINCT ?fact ?g ?claim ?p ?o WHERE {
  GRAPH ?g { ?fact (!rdf:nil)? %s .
             ?claim kg:proposition ?fact ; ?p ?o }
  VALUES ?p { rdfs:label kg:claimedBy kg:beliefHolder kg:epistemicStatus }
  FILTER(?g != <https://w3id.org/geokg/graph/inferred>)
}"""


@dataclass
class Content:
    """A claim's typed proposition: the event or relationship it puts forward."""

    node: str
    label: str
    classes: list[str] = field(default_factory=list)  # prefixed
    kinds: list[str] = field(default_factory=list)  # the classes' labels
    status: str = ""
    roles: list[dict] = field(default_factory=list)  # {"role", "name", "label"}, sorted


@dataclass
class ClaimOf:
    """The claim whose proposition a fact is: who puts it forward, and whose belief it is."""

    node: str
    label: str
    status: str = ""
    claimed_by: list[dict] = field(default_factory=list)  # {"name", "label"}
    held_by: list[dict] = field(default_factory=list)


def contents(graph, entity: str) -> tuple[dict, set[str]]:
    """(fact node, graph) -> its propositions' triples, and the names they mention (to be labelled).
    `entity` is the N-Triples of the entity's IRI, written into the query (kg.query.show says why)."""
    return _grouped(graph, _CONTENTS % entity, "content")


def claims_of(graph, entity: str) -> tuple[dict, set[str]]:
    """(fact node, graph) -> the triples of the claims it is the proposition of, and the names they mention."""
    return _grouped(graph, _CLAIMS_OF % entity, "claim")


def _grouped(graph, query: str, node: str) -> tuple[dict, set[str]]:
    found: dict[tuple, dict[str, list]] = {}
    names: set[str] = set()
    for row in graph.query(query, use_default_graph_as_union=False):  # as kg.query.show.ASKED
        found.setdefault((row["fact"], row["g"]), {}).setdefault(row[node].value, []).append((row["p"], row["o"]))
        names.update(t.value for t in (row[node], row["o"]) if isinstance(t, ox.NamedNode))
    return found, names


def content_of(node: str, pairs: list, labels: dict[str, str]) -> Content:
    content = Content(node=shorten(node), label=labels.get(node, ""))
    for predicate, value in sorted(pairs, key=lambda pv: (pv[0].value, str(pv[1]))):
        p = predicate.value
        if p == RDF_TYPE:
            content.classes.append(shorten(value.value))
            content.kinds.append(labels.get(value.value) or shorten(value.value))
        elif p == RDFS_LABEL:
            content.label = value.value
        elif p == KG + "epistemicStatus":
            content.status = labels.get(value.value) or shorten(value.value)
        elif p not in _NOT_CONTENT_ROLES and isinstance(value, ox.NamedNode):
            content.roles.append({"role": shorten(p), **ref(value, labels)})
    return content


def claim_of(node: str, pairs: list, labels: dict[str, str]) -> ClaimOf:
    claim = ClaimOf(node=shorten(node), label=labels.get(node, ""))
    for predicate, value in sorted(pairs, key=lambda pv: (pv[0].value, str(pv[1]))):
        p = predicate.value
        if p == RDFS_LABEL:
            claim.label = value.value
        elif p == KG + "epistemicStatus":
            claim.status = labels.get(value.value) or shorten(value.value)
        elif p == KG + "claimedBy":
            claim.claimed_by.append(ref(value, labels))
        elif p == BELIEF_HOLDER:
            claim.held_by.append(ref(value, labels))
    return claim


def ref(term, labels: dict[str, str]) -> dict:
    return {"name": term_text(term, literals="value"), "label": term_text(term, labels=labels, literals="value")}


def when(dates: dict[str, str]) -> str:
    """The fact's dates as a reader should take them: a bound is not a date, and an as-of date (or the
    source's date bounds, for an undated source) says when the fact held, not when it began."""
    get = lambda name: dates.get(KG + name, "")  # noqa: E731
    if get("date"):
        return get("date")
    parts = []
    if get("startDate") or get("endDate"):
        parts.append(f"{get('startDate') or '…'} – {get('endDate') or '…'}" if get("endDate") else f"from {get('startDate')}")
    if get("earliestDate") or get("latestDate"):
        parts.append(_bounds(get("earliestDate"), get("latestDate"), "not before", "not after"))
    if get("asOf"):
        parts.append(f"as of {get('asOf')}")
    elif get("asOfEarliest") or get("asOfLatest"):
        parts.append("as of " + _bounds(get("asOfEarliest"), get("asOfLatest"), "not before", "not after"))
    return "; ".join(parts)


def _bounds(earliest: str, latest: str, after: str, before: str) -> str:
    if earliest and latest:
        return f"between {earliest} and {latest}"
    return f"{after} {earliest}" if earliest else f"{before} {latest}"
