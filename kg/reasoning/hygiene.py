"""Ontology hygiene in the spirit of ROBOT's `report`: rules, each with a severity.

ERROR (a violation, kg.findings) means the ontology breaks a rule the project relies on (kg check
exits 1); WARN (a warning) means something a reviewer should look at. Findings are kept as text:
the report is final. The label and comment rules apply to the project's own kg:
terms; the external terms the ontology uses (dcterms:, prov:, skos:…) are exempt from them but,
like every term used anywhere in the graph, must be declared. Rules:

  ERROR missing_label      a kg: term without an English rdfs:label
  ERROR multiple_labels    a kg: term with more than one English label
  ERROR duplicate_label    two kg: terms with the same label (case and spacing ignored)
  WARN  missing_comment    a kg: term without an rdfs:comment
  ERROR missing_domain     a kg: object property without rdfs:domain
  ERROR missing_range      a kg: object property without rdfs:range
  ERROR no_path_to_top     a kg: class with no subclass path to a top class (the classes of the
                           disjointness axioms that have no kg: superclass; DESIGN.md §3)
  WARN  deprecated_in_use  a term marked owl:deprecated that the graph still uses
  ERROR missing_ontology, missing_version, missing_license: the header must have an owl:Ontology,
                           owl:versionInfo or owl:versionIRI, and dcterms:license
  WARN  imports_ignored    an owl:imports, which kg never follows
  ERROR undeclared_term    a kg: term used anywhere, or another non-built-in predicate or class
                           used in the ontology or the data, that the ontology does not declare
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from kg.findings import ROBOT_NAMES, SEVERITIES, VIOLATION, WARNING, Finding
from kg.store.ontology import Ontology
from kg.namespaces import INFERRED_GRAPH, KG, ONTOLOGY_GRAPH, OWL, PREFIXES, RDF, RDFS, XSD, shorten
from kg.graph_selection import asserted_graph_names

_BUILTIN = (RDF, RDFS, OWL, XSD)

_DEPRECATED_USE = """SELECT DISTINCT ?term ?g WHERE {
  GRAPH ?g { { ?s ?term ?o } UNION { ?s ?p ?term } } }"""
_KG_TERMS_USED = """SELECT DISTINCT ?term ?g WHERE {
  GRAPH ?g { { ?term ?p ?o } UNION { ?s ?term ?o } UNION { ?s ?p ?term } }
  FILTER(isIRI(?term) && STRSTARTS(STR(?term), STR(kg:))) }"""
_OTHER_TERMS_USED = """SELECT DISTINCT ?term ?g WHERE {
  GRAPH ?g { { ?s ?term ?o } UNION { ?s a ?term } }
  FILTER(isIRI(?term) && !STRSTARTS(STR(?term), STR(kg:))) }"""


def order(finding: Finding) -> tuple:
    """Most serious first, then by rule, term and message."""
    return SEVERITIES.index(finding.severity), finding.constraint, finding.focus, finding.message


def to_json(finding: Finding) -> dict:
    """A finding as ROBOT's report names its parts: severity ERROR, WARN or INFO, rule, term."""
    return {"severity": ROBOT_NAMES[finding.severity], "rule": finding.constraint, "term": finding.focus,
            "message": finding.message, "where": finding.where}


def check(store: ox.Store, hierarchy: Ontology, ontology_file: Path | None = None,
          places: dict[str, str] | None = None) -> list[Finding]:
    """Every finding, most severe first, with the line of the ontology file that defines its term.

    `places` names each graph as users know it (its file, relative to the project); the ontology
    file is shown under the name its graph has there.
    """
    declared = _by_term(store, "SELECT ?t ?type WHERE { ?t a ?type FILTER(isIRI(?t)) }")
    own = sorted(t for t in declared if t.startswith(KG))
    place = lambda graph: (places or {}).get(graph.value) or shorten(graph.value)  # noqa: E731
    findings = _label_findings(store, own) + _comment_findings(store, own)
    findings += _object_property_findings(store, declared)
    findings += _orphan_findings(declared, hierarchy)
    findings += _deprecated_findings(store, place)
    findings += _header_findings(store)
    findings += _undeclared_findings(store, set(declared), place)
    if ontology_file is not None and ontology_file.exists():
        findings = _with_lines(findings, ontology_file, (places or {}).get(ONTOLOGY_GRAPH) or str(ontology_file))
    return sorted(set(findings), key=order)


def _by_term(store: ox.Store, sparql: str, graphs: list | None = None) -> dict[str, list]:
    """First column (an IRI) -> the values of the second, from the ontology graph or `graphs`."""
    if graphs is None:
        rows = store.query(sparql, prefixes=PREFIXES, default_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    else:
        rows = store.query(sparql, prefixes=PREFIXES, named_graphs=graphs)
    found: dict[str, list] = defaultdict(list)
    for row in rows:
        found[row[0].value].append(row[1] if len(row) > 1 else None)
    return found


def _finding(severity: str, rule: str, term: str, message: str) -> Finding:
    """`term` is an IRI, or "" for the ontology as a whole; the finding names it as a prefixed name."""
    return Finding(severity, message, focus=shorten(term) if term else "", stage="hygiene", constraint=rule)


def _label_findings(store: ox.Store, own: list[str]) -> list[Finding]:
    labels = _by_term(store, 'SELECT ?t ?l WHERE { ?t rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en")) }')
    findings, by_text = [], defaultdict(list)
    for term in own:
        mine = labels.get(term, [])
        if not mine:
            findings.append(_finding(VIOLATION, "missing_label", term, f"{shorten(term)} has no English rdfs:label"))
        elif len(mine) > 1:
            shown = ", ".join(sorted(f'"{label.value}"' for label in mine))
            findings.append(_finding(VIOLATION, "multiple_labels", term, f"{shorten(term)} has {len(mine)} English labels: {shown}"))
        for label in mine:
            by_text[" ".join(label.value.lower().split())].append(term)
    for text, terms in by_text.items():
        if len(terms) > 1:
            message = f'{" and ".join(sorted(shorten(t) for t in terms))} share the label "{text}"'
            findings += [_finding(VIOLATION, "duplicate_label", term, message) for term in terms]
    return findings


def _comment_findings(store: ox.Store, own: list[str]) -> list[Finding]:
    comments = _by_term(store, "SELECT ?t WHERE { ?t rdfs:comment ?c }")
    return [_finding(WARNING, "missing_comment", t, f"{shorten(t)} has no rdfs:comment") for t in own if t not in comments]


def _object_property_findings(store: ox.Store, declared: dict[str, list]) -> list[Finding]:
    domains = _by_term(store, "SELECT ?p WHERE { ?p rdfs:domain ?d }")
    ranges = _by_term(store, "SELECT ?p WHERE { ?p rdfs:range ?r }")
    findings = []
    for term, types in sorted(declared.items()):
        if not term.startswith(KG) or ox.NamedNode(OWL + "ObjectProperty") not in types:
            continue
        for rule, known, axiom in (("missing_domain", domains, "rdfs:domain"), ("missing_range", ranges, "rdfs:range")):
            if term not in known:
                findings.append(_finding(VIOLATION, rule, term, f"the object property {shorten(term)} has no {axiom}"))
    return findings


def _orphan_findings(declared: dict[str, list], hierarchy: Ontology) -> list[Finding]:
    classes = {t for t, types in declared.items() if t.startswith(KG) and ox.NamedNode(OWL + "Class") in types}
    in_axioms = set().union(*(axiom.members for axiom in hierarchy.disjointness))
    tops = {c for c in in_axioms if not any(a.startswith(KG) for a in hierarchy.ancestors(c) - {c})}
    shown = ", ".join(sorted(shorten(t) for t in tops)) or "none: no disjointness axiom names a class without a kg: superclass"
    return [
        _finding(VIOLATION, "no_path_to_top", c, f"{shorten(c)} has no rdfs:subClassOf path to a top class (top classes: {shown})")
        for c in sorted(classes)
        if not hierarchy.ancestors(c) & tops
    ]


def _deprecated_findings(store: ox.Store, place) -> list[Finding]:
    deprecated = _by_term(store, 'SELECT ?t WHERE { ?t owl:deprecated ?v FILTER(STR(?v) IN ("true", "1")) }')
    if not deprecated:
        return []
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != INFERRED_GRAPH]
    findings = []
    for term in sorted(deprecated):
        rows = store.query(_DEPRECATED_USE, named_graphs=graphs, substitutions={ox.Variable("term"): ox.NamedNode(term)})
        where = ", ".join(sorted({place(row["g"]) for row in rows}))
        if where:
            findings.append(_finding(WARNING, "deprecated_in_use", term, f"{shorten(term)} is deprecated but used in {where}"))
    return findings


def _header_findings(store: ox.Store) -> list[Finding]:
    heads = _by_term(store, "SELECT ?o ?p WHERE { ?o a owl:Ontology OPTIONAL { ?o ?p ?v } }")
    if not heads:
        return [_finding(VIOLATION, "missing_ontology", "", "the ontology file declares no owl:Ontology")]
    findings = []
    for head, predicates in sorted(heads.items()):
        have = {p.value for p in predicates if p is not None}
        if not have & {OWL + "versionInfo", OWL + "versionIRI"}:
            findings.append(_finding(VIOLATION, "missing_version", head, f"{shorten(head)} has no owl:versionInfo or owl:versionIRI"))
        if "http://purl.org/dc/terms/license" not in have:
            findings.append(_finding(VIOLATION, "missing_license", head, f"{shorten(head)} has no dcterms:license"))
    for row in store.query("SELECT ?o ?i WHERE { ?o owl:imports ?i }", prefixes=PREFIXES, default_graph=ox.NamedNode(ONTOLOGY_GRAPH)):
        findings.append(_finding(WARNING, "imports_ignored", row["o"].value,
                                 f"owl:imports {shorten(row['i'].value)} is never followed: kg reasons over the project's own triples only"))
    return findings


def _undeclared_findings(store: ox.Store, declared: set[str], place) -> list[Finding]:
    everywhere = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != INFERRED_GRAPH]
    used = _by_term(store, _KG_TERMS_USED, everywhere)
    for term, where in _by_term(store, _OTHER_TERMS_USED, asserted_graph_names(store)).items():
        if not term.startswith(_BUILTIN):
            used[term] += where
    findings = []
    for term, where in sorted(used.items()):
        if term not in declared:
            shown = ", ".join(sorted({place(g) for g in where}))
            findings.append(_finding(VIOLATION, "undeclared_term", term, f"{shorten(term)} is used in {shown} but the ontology does not declare it"))
    return findings


def _with_lines(findings: list[Finding], ontology_file: Path, shown: str) -> list[Finding]:
    """Point each finding at the line where its term's block starts in the ontology file."""
    text = ontology_file.read_text(encoding="utf-8")
    located = []
    for f in findings:
        match = re.search(rf"^{re.escape(f.focus)}\s", text, re.M) if f.focus else None
        if match is None:
            located.append(f)
            continue
        line = text.count("\n", 0, match.start()) + 1
        located.append(replace(f, where=f"{shown}:{line}"))
    return located
