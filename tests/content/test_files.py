"""Every shipped file parses strictly and is in canonical form; the shipped graph conforms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.rdf import reading
from kg.rdf.fmt import canonical_text
from kg.limits import Limits
from kg.project import Project

from tests.support.paths import REPO

SHIPPED = sorted(pf.path.relative_to(REPO) for pf in Project(REPO).files())


def test_the_project_ships_ontology_shapes_entities_and_sources():
    names = {str(p) for p in SHIPPED}
    assert {"ontology/geokg.ttl", "ontology/shapes.ttl", "data/entities.ttl"} <= names
    assert any(n.startswith("data/sources/") for n in names)


@pytest.mark.parametrize("relpath", SHIPPED, ids=str)
def test_file_parses_strictly(relpath: Path):
    inp = reading.read_input(REPO / relpath, limits=Limits())
    assert reading.parse(inp, limits=Limits()), f"{relpath} holds no triples"


@pytest.mark.parametrize("relpath", SHIPPED, ids=str)
def test_file_is_canonical(relpath: Path):
    current, canonical = canonical_text(REPO / relpath, Limits())
    assert current == canonical, f"{relpath} is not in canonical form: run `kg fmt`"


def test_shipped_graph_conforms(kg):
    result = kg("-C", REPO, "build")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "SHACL validation: conforms (0 violations" in result.stdout
