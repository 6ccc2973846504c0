"""A report keeps what the shape says: a custom severity as its IRI, a complex path as its structure.

SHACL lets a shape name any IRI as sh:severity, and a property shape's sh:path may be a
sequence, an alternative, an inverse or a repetition. Every report format (kg build text and
JSON, kg validate text, JSON and Turtle) names the custom severity and renders the path as a
SPARQL property path (Turtle keeps its SHACL structure), and a custom severity fails the
check as a violation does (exit 1), while sh:Warning passes (exit 0), as it always has.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.findings import conforms, from_shacl, shacl_iri
from kg.rdf.paths import PropertyPath, path_triples, read_path
from kg.rdf.terms import term_text

from tests.support.paths import FIXTURES
from tests.support.tiny_project import make_tiny_project

NEW_FACTS = FIXTURES / "export" / "sources" / "tiny-2024.ttl"
PREFIXES = """
@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/severity#> .
"""
# The evidence "Iran asked Russia for the S-400." has 32 characters; the place's label 16.
CUSTOM = """ex:Short a sh:NodeShape ; sh:targetClass kg:ArmsRequest ;
    sh:property [ sh:path kg:evidence ; sh:maxLength 5 ; sh:severity ex:Awful ; sh:message "evidence too long" ] ."""
WARNING = """ex:Short a sh:NodeShape ; sh:targetClass kg:ArmsRequest ;
    sh:property [ sh:path kg:evidence ; sh:maxLength 5 ; sh:severity sh:Warning ; sh:message "evidence too long" ] ."""
COMPLEX = """ex:Place a sh:NodeShape ; sh:targetClass kg:ArmsRequest ;
    sh:property [ sh:path ( kg:place [ sh:alternativePath ( rdfs:label [ sh:inversePath kg:place ] ) ] ) ;
                  sh:maxLength 3 ; sh:message "place label too long" ] ."""
AWFUL = "https://example.org/severity#Awful"
# A shape the SPARQL engine declines (sh:node) and that finds nothing: the whole graph goes to pyshacl.
TO_PYSHACL = "\nex:Decline a sh:NodeShape ; sh:targetNode ex:nothing ; sh:node [ sh:nodeKind sh:IRI ] ."


def project_with(tmp_path, shapes: str):
    """The tiny project with these shapes alone (the shipped ones find things in it), so the exit
    code depends on them only."""
    root = make_tiny_project(tmp_path / "project")
    (root / "ontology" / "shapes.ttl").write_text(PREFIXES + shapes, encoding="utf-8")
    return root


def test_a_custom_severity_is_kept_and_fails_like_a_violation():
    assert from_shacl(AWFUL) == AWFUL and shacl_iri(AWFUL) == AWFUL
    assert from_shacl("http://www.w3.org/ns/shacl#Warning") == "warning"
    from kg.findings import Finding

    assert not conforms([Finding(AWFUL, "m")]) and conforms([Finding("warning", "m"), Finding("info", "m")])


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_kg_build_names_the_custom_severity_and_exits_1(kg, tmp_path, engine):
    root = project_with(tmp_path, CUSTOM + (TO_PYSHACL if engine == "pyshacl" else ""))
    text = kg("-C", root, "build")
    assert text.exit_code == 1, text.stderr
    assert "SHACL validation: does NOT conform (0 violations, 0 warnings, 1 of other severities)" in text.stdout
    assert ('  <https://example.org/severity#Awful>: kgr:tiny-request kg:evidence value '
            '"Iran asked Russia for the S-400.": evidence too long') in text.stdout
    data = json.loads(kg("-C", root, "build", "-f", "json").stdout)
    assert data["conforms"] is False
    assert [r["severity"] for r in data["results"]] == ["<https://example.org/severity#Awful>"]


def test_a_warning_still_passes(kg, tmp_path):
    result = kg("-C", project_with(tmp_path, WARNING), "build")
    assert result.exit_code == 0, result.stdout
    assert "SHACL validation: conforms (0 violations, 1 warnings)" in result.stdout


def test_kg_validate_keeps_the_custom_severity_in_every_format(kg, tmp_path):
    root = project_with(tmp_path, CUSTOM)
    text = kg("-C", root, "validate", NEW_FACTS)
    assert text.exit_code == 1
    assert (f"{NEW_FACTS}:16:17: <https://example.org/severity#Awful>: evidence too long "
            '[kg:evidence "Iran asked Russia for the S-400."]\n') in text.stdout
    assert "does NOT conform: 0 violations and 1 of other severities, 0 warnings" in text.stdout
    problems = [p for s in json.loads(kg("-C", root, "validate", NEW_FACTS, "-f", "json").stdout)["subjects"]
                for p in s["problems"]]
    assert [p["severity"] for p in problems] == ["<https://example.org/severity#Awful>"]
    graph = ox.Store()
    graph.load(kg("-C", root, "validate", NEW_FACTS, "-f", "ttl").stdout.encode(), format=ox.RdfFormat.TURTLE)
    severities = [q.object.value for q in graph.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/ns/shacl#resultSeverity"), None)]
    assert severities == [AWFUL]
    added = kg("-C", root, "add", NEW_FACTS, "--source", "tiny-2025")
    assert added.exit_code == 1
    assert "nothing was added" in added.stderr and "1 of other severities" in added.stderr


PATH_TEXT = "kg:place/(rdfs:label|^kg:place)"


def test_kg_build_renders_a_complex_path_as_a_sparql_property_path(kg, tmp_path):
    root = project_with(tmp_path, COMPLEX)
    text = kg("-C", root, "build")
    assert text.exit_code == 1
    assert f'  violation: kgr:tiny-request {PATH_TEXT} value "a room in Moscow"@en: place label too long' in text.stdout
    data = json.loads(kg("-C", root, "build", "-f", "json").stdout)
    # the path leads to the label, and back (^kg:place) to the request itself, whose IRI is long too
    assert [(r["path"], r["value"]) for r in data["results"]] == [
        (PATH_TEXT, '"a room in Moscow"@en'), (PATH_TEXT, "kgr:tiny-request")]


def test_kg_validate_keeps_the_path_structure_in_turtle(kg, tmp_path):
    root = project_with(tmp_path, COMPLEX)
    text = kg("-C", root, "validate", NEW_FACTS)
    # a path is no triple of the file: the problem is placed at its subject
    assert f'{NEW_FACTS}:12:1: violation: place label too long [{PATH_TEXT} "a room in Moscow"@en]\n' in text.stdout
    graph = ox.Store()
    graph.load(kg("-C", root, "validate", NEW_FACTS, "-f", "ttl").stdout.encode(), format=ox.RdfFormat.TURTLE)
    paths = [q.object for q in graph.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/ns/shacl#resultPath"), None)]
    objects = lambda n, p: [q.object for q in graph.quads_for_pattern(n, ox.NamedNode(p), None)]  # noqa: E731
    kg_ = "https://w3id.org/geokg/ontology#"
    assert len(paths) == 2
    assert {read_path(path, objects) for path in paths} == {PropertyPath("sequence", (
        ox.NamedNode(kg_ + "place"),
        PropertyPath("alternative", (ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                     PropertyPath("inverse", (ox.NamedNode(kg_ + "place"),))))))}


@pytest.mark.parametrize(("path", "text"), [
    (PropertyPath("inverse", (ox.NamedNode("urn:p"),)), "^<urn:p>"),
    (PropertyPath("zeroOrMore", (ox.NamedNode("urn:p"),)), "<urn:p>*"),
    (PropertyPath("oneOrMore", (ox.NamedNode("urn:p"),)), "<urn:p>+"),
    (PropertyPath("zeroOrOne", (ox.NamedNode("urn:p"),)), "<urn:p>?"),
    (PropertyPath("zeroOrMore", (PropertyPath("inverse", (ox.NamedNode("urn:p"),)),)), "(^<urn:p>)*"),
    (PropertyPath("sequence", (ox.NamedNode("urn:p"), PropertyPath("sequence", (ox.NamedNode("urn:q"), ox.NamedNode("urn:r"))))),
     "<urn:p>/<urn:q>/<urn:r>"),
    (PropertyPath("alternative", (PropertyPath("sequence", (ox.NamedNode("urn:p"), ox.NamedNode("urn:q"))),
                                  PropertyPath("alternative", (ox.NamedNode("urn:r"), ox.NamedNode("urn:s"))))),
     "<urn:p>/<urn:q>|(<urn:r>|<urn:s>)"),
])
def test_every_kind_of_path_is_sparql_that_oxigraph_reads_and_round_trips(path, text):
    assert term_text(path) == text
    ox.Store().query(f"SELECT * WHERE {{ ?s {text} ?o }}")  # valid SPARQL property path syntax
    node, triples = path_triples(path, "p")
    graph = ox.Store()
    graph.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    objects = lambda n, p: [q.object for q in graph.quads_for_pattern(n, ox.NamedNode(p), None)]  # noqa: E731
    assert read_path(node, objects) == path
