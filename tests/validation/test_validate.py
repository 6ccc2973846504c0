"""kg validate: output formats, several files as one set of facts, the existing graph as context."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.store import build
from kg.validation import validate
from kg.namespaces import KGSH, SH
from kg.project import Project

from tests.support.paths import REPO
from tests.support.validate_support import CORPUS, PREFIXES, background_project, write

MEETING = PREFIXES + """
kgr:meeting-alpha-delta a kg:Meeting ;
    rdfs:label "Alpha and Delta meet"@en ;
    kg:evidence "The background article says that Alpha and Delta met." ;
    kg:participant kgr:Alpha, kgr:Delta ;
    kg:source src:background-article .
"""
DELTA = PREFIXES + """
kgr:Delta a kg:State ;
    rdfs:label "Delta"@en ;
    kg:wikidata "Q900009" .
"""


@pytest.fixture
def background(tmp_path):
    return background_project(tmp_path / "project")


def test_json_report_has_stable_keys(kg, background):
    result = kg("-C", background, "validate", "-f", "json", CORPUS / "unknown-property.ttl")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert sorted(report) == ["conforms", "files", "seconds", "subjects", "triples", "violations", "warnings"]
    assert (report["conforms"], report["violations"], report["warnings"], report["triples"]) == (False, 1, 0, 7)
    (subject,) = report["subjects"]
    assert sorted(subject) == ["file", "line", "problems", "subject"]
    assert (subject["subject"], subject["line"]) == ("kgr:arms-request-beta", 8)
    assert subject["problems"] == [{
        "stage": "vocabulary", "severity": "violation", "property": "kg:suppliedTo", "value": "",
        "message": "kg:suppliedTo is not in the ontology; did you mean kg:supplier?", "shape": "", "constraint": "",
        "file": str(CORPUS / "unknown-property.ttl"), "line": 11, "column": 5,  # the triple's predicate
    }]


def test_ttl_report_is_a_shacl_validation_report(kg, background):
    result = kg("-C", background, "validate", "-f", "ttl", CORPUS / "unknown-status.ttl")
    assert result.exit_code == 1
    store = ox.Store()
    store.load(result.stdout.encode(), format=ox.RdfFormat.TURTLE)
    rows = list(store.query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?component ?severity ?value WHERE { "
        "?report a sh:ValidationReport ; sh:conforms false ; sh:result ?r . "
        "?r a sh:ValidationResult ; sh:focusNode <https://w3id.org/geokg/resource/meeting-alpha-beta> ; "
        "sh:sourceConstraintComponent ?component ; sh:resultSeverity ?severity ; sh:value ?value }"
    ))
    found = sorted((r["component"].value, r["severity"].value, r["value"].value) for r in rows)
    assert found == [
        (SH + "InConstraintComponent", SH + "Violation", "https://w3id.org/geokg/ontology#Reportd"),
        (KGSH + "VocabularyCheck", SH + "Violation", "https://w3id.org/geokg/ontology#Reportd"),
    ]


def test_a_new_fact_may_point_at_an_entity_typed_only_in_the_existing_graph(kg, background, tmp_path):
    facts = write(tmp_path / "meeting.ttl", MEETING.replace("kgr:Delta", "kgr:Beta").replace("Delta", "Beta"))
    result = kg("-C", background, "validate", facts)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("conforms: 0 violations, 0 warnings (6 triples about 1 subject)\n")
    (background / "data" / "entities.ttl").write_text(PREFIXES, encoding="utf-8")  # forget that Beta is a state
    result = kg("-C", background, "validate", facts)
    assert result.exit_code == 1
    assert f"{facts}:11:31: violation: kg:participant points at an actor. [kgr:Beta]\n" in result.stdout
    assert f"{facts}:11:31: violation: A meeting needs at least two kg:participant values. [kgr:Beta]\n" in result.stdout


def test_several_files_are_one_set_of_new_facts(kg, background, tmp_path):
    delta = write(tmp_path / "delta.ttl", DELTA)
    meeting = write(tmp_path / "meeting.ttl", MEETING)
    alone = kg("-C", background, "validate", meeting)
    assert alone.exit_code == 1 and f"{meeting}:8  kgr:meeting-alpha-delta" in alone.stdout
    together = kg("-C", background, "validate", delta, meeting)
    assert together.exit_code == 0, together.stdout
    assert together.stdout == f"{delta}, {meeting}: conforms: 0 violations, 0 warnings (9 triples about 2 subjects)\n"


def test_existing_violations_elsewhere_are_not_reported(kg, background, tmp_path):
    write(background / "data" / "sources" / "broken-article.ttl", PREFIXES + "\nkgr:meeting-of-nobody a kg:Meeting .\n")
    assert kg("-C", background, "build").exit_code == 1  # the existing graph does not conform
    result = kg("-C", background, "validate", write(tmp_path / "delta.ttl", DELTA))
    assert result.exit_code == 0 and "meeting-of-nobody" not in result.stdout


def test_the_existing_triples_of_a_new_facts_subject_are_judged_with_them(kg, background, tmp_path):
    second_label = write(tmp_path / "alpha.ttl", PREFIXES + '\nkgr:Alpha rdfs:label "Republic of Alpha"@en .\n')
    result = kg("-C", background, "validate", second_label)
    assert result.exit_code == 1
    assert f"{second_label}:8  kgr:Alpha" in result.stdout and "exactly one rdfs:label" in result.stdout


def test_input_format_overrides_the_extension(kg, background, tmp_path):
    text = write(tmp_path / "delta.txt", DELTA)
    unknown = kg("-C", background, "validate", text)
    assert unknown.exit_code == 2 and "--format" not in unknown.stderr and "pass --input-format" in unknown.stderr
    assert kg("-C", background, "validate", "--input-format", "turtle", text).exit_code == 0


def test_a_missing_file_is_unreadable_input(kg, background, tmp_path):
    result = kg("-C", background, "validate", tmp_path / "nowhere.ttl")
    assert result.exit_code == 3 and result.stderr == f"kg: error: {tmp_path / 'nowhere.ttl'}: no such file\n"


def test_warnings_are_listed_but_do_not_fail(kg, background):
    result = kg("-C", background, "validate", CORPUS / "warning-only.ttl")
    assert result.exit_code == 0
    path = CORPUS / "warning-only.ttl"
    assert f"{path}:8  kgr:Delta\n{path}:8:1: warning: A state should carry its Wikidata ID (kg:wikidata).\n" in result.stdout


def test_validate_with_a_store_gives_the_same_report(kg, background, tmp_path):
    store = tmp_path / "store"
    in_memory = kg("-C", background, "validate", CORPUS / "entity-wrong-class.ttl")
    on_disk = kg("-C", background, "validate", "--store", store, CORPUS / "entity-wrong-class.ttl")
    assert on_disk.exit_code == in_memory.exit_code == 1
    assert on_disk.stdout == in_memory.stdout


@pytest.mark.parametrize("path", sorted((REPO / "data" / "sources").glob("*.ttl")), ids=lambda p: p.name)
def test_each_shipped_source_passes_validation_against_the_project(path):
    """The checks kg validate adds to the shapes (axioms, provenance) agree with the shipped data."""
    report = validate.validate_files(Project(REPO), [path])
    assert [(p.stage, p.message) for p in report.problems if p.severity == "violation"] == []
    assert report.conforms


def test_validation_work_excludes_opening_the_graph(background):
    graph = build.open_graph(Project(background))
    report = validate.validate_facts(graph, validate.read_new_facts([CORPUS / "missing-label.ttl"]))
    assert 0 < report.seconds and not report.conforms


def test_a_blank_node_label_in_one_file_is_not_the_same_node_in_another(kg, background, tmp_path):
    meeting = PREFIXES + """
_:m a kg:Meeting ;
    rdfs:label "Alpha and Beta meet in {place}"@en ;
    kg:evidence "The background article says that Alpha and Beta met." ;
    kg:participant kgr:Alpha, kgr:Beta ;
    kg:source src:background-article .
"""
    first = write(tmp_path / "first.ttl", meeting.format(place="Alpha City"))
    second = write(tmp_path / "second.ttl", meeting.format(place="Beta"))
    result = kg("-C", background, "validate", first, second)
    assert result.exit_code == 0, result.stdout  # one node with two labels would break "exactly one rdfs:label"
    assert result.stdout.endswith("(12 triples about 2 subjects)\n")
