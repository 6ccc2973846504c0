"""The same data gets the same SHACL verdict from kg build, kg validate and kg add (issue 14).

The scenario: a shape that is also a class (an implicit class target) with a datatype on a
property; kg build once said "conforms" on it because its engine did not find the shape.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHAPE = """
@prefix ex: <http://example.org/dogs#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:Dog a owl:Class, sh:NodeShape ;
    sh:property [ sh:path ex:age ; sh:datatype xsd:integer ] .
"""
REX = """@prefix ex: <http://example.org/dogs#> .
ex:rex a ex:Dog ; ex:age "five" .
"""


@pytest.fixture
def dog_project(project: Path) -> Path:
    shapes = project / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + SHAPE, encoding="utf-8")
    return project


def _says_age_is_not_an_integer(text: str) -> bool:
    return "rex" in text and "age" in text and ("five" in text or "Datatype" in text)


def test_kg_build_finds_the_datatype_violation(kg, dog_project):
    entities = dog_project / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + "\n" + REX, encoding="utf-8")
    result = kg("-C", dog_project, "build")
    assert result.exit_code == 1, result.stdout
    assert _says_age_is_not_an_integer(result.stdout), result.stdout


def test_kg_validate_finds_the_datatype_violation(kg, dog_project, tmp_path):
    facts = tmp_path / "rex.ttl"
    facts.write_text(REX, encoding="utf-8")
    result = kg("-C", dog_project, "validate", facts)
    assert result.exit_code == 1
    assert _says_age_is_not_an_integer(result.stdout), result.stdout
    assert "DatatypeConstraintComponent" in kg("-C", dog_project, "validate", "-f", "ttl", facts).stdout


def test_kg_add_refuses_it_for_the_datatype_violation(kg, dog_project, tmp_path):
    facts = tmp_path / "rex.ttl"
    facts.write_text(REX, encoding="utf-8")
    result = kg("-C", dog_project, "add", "--source", "dogs", facts)
    assert result.exit_code == 1
    assert _says_age_is_not_an_integer(result.stdout), result.stdout


def test_kg_serve_refuses_to_rebuild_a_stale_store_for_the_datatype_violation(kg, kg_exe, dog_project, tmp_path):
    """kg serve validates only when --store is out of date and it rebuilds it, through kg build's
    entry point: the same verdict, so it exits 1 before it listens (in memory it validates nothing,
    as kg query does not)."""
    import subprocess

    store = tmp_path / "store"
    assert kg("-C", dog_project, "build", "--store", store).exit_code == 0
    entities = dog_project / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + "\n" + REX, encoding="utf-8")
    served = subprocess.run([*kg_exe, "-C", str(dog_project), "serve", "--port", "0", "--store", str(store)],
                            capture_output=True, text=True, timeout=120)
    assert served.returncode == 1, served.stdout
    assert served.stdout == ""
    assert served.stderr == (f"kg: error: --store {store} is out of date and the project's files do not conform to "
                             "the shapes; run kg build to see the violations\n")
    rebuilt = kg("-C", dog_project, "build")
    assert rebuilt.exit_code == 1 and _says_age_is_not_an_integer(rebuilt.stdout)
