"""How kg validate judges new facts: a neighbourhood instead of the whole graph, and why.

The shapes run on the focus nodes' neighbourhood (kg.validation.neighbourhood); these tests prove that this
gives exactly the verdicts of a run over the whole graph, and fail when a shape starts to use a
SHACL feature the neighbourhood does not fetch for.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest

from kg.rdf.terms import term_text
from kg.store import build
from kg.validation import neighbourhood, validate
from kg import shacl
from kg.namespaces import INFERRED_GRAPH, KG, RDF_TYPE, RDFS, SH, SHAPES_GRAPH
from kg.project import Project

from tests.support.paths import REPO
from tests.support.validate_support import CORPUS, SNIPPETS, background_project

CHECKED_FILES = [CORPUS / c["file"] for c in json.loads((CORPUS / "manifest.json").read_text())["cases"] if c["exit"] < 3]
CHECKED_FILES += sorted(SNIPPETS.glob("*.bad.ttl"))[::4]

# What kg.validation.neighbourhood fetches is enough for shapes built from these SHACL terms only.
COVERED = {
    "targetClass", "property", "path", "class", "datatype", "minCount", "maxCount", "in", "or", "pattern",
    "languageIn", "minLength", "nodeKind", "sparql", "select", "prefixes", "message", "severity", "declare",
    "namespace", "prefix", "minInclusive",
    "targetSubjectsOf",  # of kg:evidenceOffset: the focus nodes' own triples say whether they are targets
}
LABEL_QUERY = "SELECT $this ?value WHERE { $this rdfs:label ?label . ?value rdfs:label ?label . FILTER(?value != $this) }"
# Each sh:select, and what kg.validation.neighbourhood fetches for it beyond the focus nodes' own triples.
SELECTS = {
    LABEL_QUERY,  # the other nodes with one of the focus nodes' labels
    "SELECT $this WHERE { FILTER NOT EXISTS { $this kg:claimedBy ?by } "
    "FILTER NOT EXISTS { $this kg:epistemicStatus kg:Reported } }",  # nothing more
    "SELECT $this ?value WHERE { $this kg:proposition ?value . FILTER NOT EXISTS { ?value kg:epistemicStatus ?status . "
    "FILTER(?status != kg:Asserted) } }",  # the status of the nodes pointed at
    "SELECT $this WHERE { FILTER NOT EXISTS { $this kg:adoptedBy ?by } "
    "FILTER NOT EXISTS { ?adoption kg:policy $this } }",  # the kg:policy edges into the focus nodes
    "SELECT $this ?value WHERE { $this kg:evidenceOffset ?value . $this kg:evidenceOffset ?other . "
    "FILTER(STR(?value) > STR(?other)) FILTER NOT EXISTS { $this kg:source ?first . $this kg:source ?second . "
    "FILTER(?first != ?second) } }",  # nothing more
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return build.open_graph(Project(background_project(tmp_path_factory.mktemp("bg") / "project")))


@pytest.mark.parametrize("path", CHECKED_FILES, ids=lambda p: p.name)
def test_the_neighbourhood_gives_the_verdicts_of_the_whole_graph(graph, path):
    facts = validate.read_new_facts([path])
    shapes = list(graph.store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    hood = neighbourhood.gather(graph.store, facts.triples, facts.subjects)
    skipped = {ox.NamedNode(SHAPES_GRAPH), ox.NamedNode(INFERRED_GRAPH)}
    everything = {ox.Triple(q.subject, q.predicate, q.object) for q in graph.store if q.graph_name not in skipped}
    assert len(hood.triples) < len(everything) / 2
    small = shacl.validate_triples([*hood.triples, *facts.triples], shapes, facts.subjects)
    whole = shacl.validate_triples_plainly([*everything, *facts.triples], shapes, facts.subjects)
    assert small == whole


def test_the_shapes_use_only_what_the_neighbourhood_fetches():
    quads = list(ox.parse(path=str(REPO / "ontology" / "shapes.ttl")))
    used = {q.predicate.value[len(SH):] for q in quads if q.predicate.value.startswith(SH)}
    assert used <= COVERED, f"shapes now use sh:{sorted(used - COVERED)}: extend kg.validation.neighbourhood.gather, then COVERED"
    assert all(not isinstance(q.object, ox.BlankNode) for q in quads if q.predicate.value == SH + "path"), \
        "a property path that is not a single property needs more than the focus nodes' own triples"
    selects = {re.sub(r"\s+", " ", q.object.value).strip() for q in quads if q.predicate.value == SH + "select"}
    assert selects <= SELECTS, "a new sh:sparql constraint: make kg.validation.neighbourhood fetch what it reads"


def test_pyshacl_focus_nodes_still_skips_sh_or_on_values():
    """Why kg.shacl does not use pyshacl's focus_nodes= (pyshacl 0.40.1): it passes a wrong date.

    If this fails, pyshacl was fixed: focus_nodes= could then replace filtering the results.
    """
    import pyshacl
    import rdflib

    shapes = rdflib.Graph().parse(REPO / "ontology" / "shapes.ttl")
    data = rdflib.Graph().parse(data=(
        "@prefix kg: <https://w3id.org/geokg/ontology#> . @prefix kgr: <https://w3id.org/geokg/resource/> .\n"
        'kgr:m a kg:Event ; kg:date "15 May 2019" .'
    ), format="turtle")
    focus = rdflib.URIRef("https://w3id.org/geokg/resource/m")

    def or_failures(**kwargs) -> int:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", **kwargs)
        return len(list(report.subjects(rdflib.URIRef(SH + "sourceConstraintComponent"),
                                        rdflib.URIRef(SH + "OrConstraintComponent"))))

    assert or_failures() == 1
    assert or_failures(focus_nodes=[focus]) == 0


def test_validate_triples_reports_only_the_focus_nodes(graph):
    facts = validate.read_new_facts([CORPUS / "missing-label.ttl"])
    shapes = list(graph.store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    hierarchy = list(graph.store.quads_for_pattern(None, ox.NamedNode(RDFS + "subClassOf"), None, None))
    elsewhere = ox.NamedNode("https://w3id.org/geokg/resource/Elsewhere")
    unlabelled = ox.Triple(elsewhere, ox.NamedNode(RDF_TYPE), ox.NamedNode(KG + "State"))
    data = [*facts.triples, unlabelled, *hierarchy]
    both = shacl.validate_triples(data, shapes, [*facts.subjects, elsewhere])
    assert {term_text(f.focus) for f in both} == {"kgr:Delta", "kgr:Elsewhere"}
    findings = shacl.validate_triples(data, shapes, facts.subjects)
    assert [(term_text(f.focus), f.shape, f.constraint) for f in findings] == [
        ("kgr:Delta", "kgsh:LabelledShape", "sh:MinCountConstraintComponent")
    ]
