"""Ontology hygiene (kg check --no-reasoner): each rule on a tiny ontology that passes them all,
broken one way at a time, with the exact finding and severity it must produce. No Java needed."""

from __future__ import annotations

import pytest

from tests.support.check_projects import append, hygiene_project, report


@pytest.fixture
def clean(tmp_path):
    return hygiene_project(tmp_path / "hygiene")


def findings(kg, project) -> tuple[int, list[tuple[str, str, str, str]]]:
    result = kg("-C", project, "check", "--no-reasoner", "-f", "json")
    assert result.stderr == ""
    data = report(result)
    assert data["reasoner"]["ran"] is False and data["ok"] is (result.exit_code == 0)
    return result.exit_code, [(f["severity"], f["rule"], f["term"], f["message"]) for f in data["hygiene"]]


def test_the_clean_fixture_passes_every_rule(kg, clean):
    assert findings(kg, clean) == (0, [])


def test_a_class_without_a_label_is_an_error_with_its_line(kg, clean):
    ontology = clean / "ontology" / "geokg.ttl"
    append(ontology, 'kg:Treaty a owl:Class ;\n    rdfs:comment "A formal agreement."@en ;\n    rdfs:subClassOf kg:Agreement .')
    code, found = findings(kg, clean)
    assert (code, found) == (1, [("ERROR", "missing_label", "kg:Treaty", "kg:Treaty has no English rdfs:label")])
    line = next(i for i, text in enumerate(ontology.read_text().splitlines(), 1) if text.startswith("kg:Treaty"))
    where = report(kg("-C", clean, "check", "--no-reasoner", "-f", "json"))["hygiene"][0]["where"]
    assert where == f"ontology/geokg.ttl:{line}"


HEAD = "<https://w3id.org/geokg/ontology>"
BROKEN = {
    "label in French only": (
        "ontology", 'kg:Treaty a owl:Class ;\n    rdfs:label "traité"@fr ;\n    rdfs:comment "A treaty."@en ;\n    rdfs:subClassOf kg:Agreement .',
        1, [("ERROR", "missing_label", "kg:Treaty", "kg:Treaty has no English rdfs:label")]),
    "two English labels": (
        "ontology", 'kg:State rdfs:label "country"@en .',
        1, [("ERROR", "multiple_labels", "kg:State", 'kg:State has 2 English labels: "country", "state"')]),
    "duplicate label, other case": (
        "ontology", 'kg:agreement a owl:ObjectProperty ;\n    rdfs:label "Agreement"@en ;\n    rdfs:comment "The agreement."@en ;\n'
                    "    rdfs:domain kg:Actor ;\n    rdfs:range kg:Agreement .",
        1, [("ERROR", "duplicate_label", term, 'kg:Agreement and kg:agreement share the label "agreement"')
            for term in ("kg:Agreement", "kg:agreement")]),
    "no comment": (
        "ontology", 'kg:Treaty a owl:Class ;\n    rdfs:label "treaty"@en ;\n    rdfs:subClassOf kg:Agreement .',
        0, [("WARN", "missing_comment", "kg:Treaty", "kg:Treaty has no rdfs:comment")]),
    "object property without domain and range": (
        "ontology", 'kg:ally a owl:ObjectProperty ;\n    rdfs:label "ally"@en ;\n    rdfs:comment "An ally."@en .',
        1, [("ERROR", "missing_domain", "kg:ally", "the object property kg:ally has no rdfs:domain"),
            ("ERROR", "missing_range", "kg:ally", "the object property kg:ally has no rdfs:range")]),
    "class outside the top classes": (
        "ontology", 'kg:Rumour a owl:Class ;\n    rdfs:label "rumour"@en ;\n    rdfs:comment "Hearsay."@en .',
        1, [("ERROR", "no_path_to_top", "kg:Rumour",
             "kg:Rumour has no rdfs:subClassOf path to a top class (top classes: kg:Actor, kg:Agreement)")]),
    "deprecated term in use": (
        "ontology", "kg:partyTo owl:deprecated true .",
        0, [("WARN", "deprecated_in_use", "kg:partyTo", "kg:partyTo is deprecated but used in data/entities.ttl")]),
    "undeclared class in the data": (
        "entities", 'kgr:Otherland a kg:Sttae ;\n    rdfs:label "Otherland"@en .',
        1, [("ERROR", "undeclared_term", "kg:Sttae", "kg:Sttae is used in data/entities.ttl but the ontology does not declare it")]),
    "owl:imports": (
        "ontology", f"{HEAD} owl:imports <http://example.org/other.owl> .",
        0, [("WARN", "imports_ignored", HEAD,
             "owl:imports <http://example.org/other.owl> is never followed: kg reasons over the project's own triples only")]),
}
FILES = {"ontology": "ontology/geokg.ttl", "entities": "data/entities.ttl"}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_rule_reports_exactly_its_finding(kg, clean, case):
    where, turtle, code, expected = BROKEN[case]
    append(clean / FILES[where], turtle)
    assert findings(kg, clean) == (code, expected)


def test_an_ontology_without_version_and_license_is_an_error(kg, clean):
    ontology = clean / "ontology" / "geokg.ttl"
    text = ontology.read_text(encoding="utf-8")
    text = text.replace('    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;\n    owl:versionInfo "0.0.1" .', "")
    ontology.write_text(text.replace(f"{HEAD} a owl:Ontology ;", f"{HEAD} a owl:Ontology ."), encoding="utf-8")
    assert findings(kg, clean) == (1, [
        ("ERROR", "missing_license", HEAD, f"{HEAD} has no dcterms:license"),
        ("ERROR", "missing_version", HEAD, f"{HEAD} has no owl:versionInfo or owl:versionIRI"),
    ])


def test_text_report_groups_findings_under_hygiene(kg, clean):
    append(clean / "ontology" / "geokg.ttl", 'kg:Treaty a owl:Class ;\n    rdfs:subClassOf kg:Agreement .')
    result = kg("-C", clean, "check", "--no-reasoner")
    assert result.exit_code == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "OWL consistency: not checked (--no-reasoner)"
    assert "Ontology hygiene: 1 error, 1 warning, 0 info" in lines
    table = lines[lines.index("Ontology hygiene: 1 error, 1 warning, 0 info") + 1:]
    assert table[0].split() == ["severity", "rule", "where", "message"]
    assert table[2].split()[:2] == ["ERROR", "missing_label"] and table[3].split()[:2] == ["WARN", "missing_comment"]
    assert lines[-1].endswith("problems found")


def test_the_shipped_ontology_passes_every_hygiene_rule(kg):
    from tests.support.paths import REPO

    assert findings(kg, REPO) == (0, [])
