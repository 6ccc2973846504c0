"""kg export -f owl: an OWL 2 DL ontology that owlready2 reads and HermiT reasons over as kg check does."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from kg.interop.owl import owl_statements
from kg.namespaces import KG, OWL, RDF_TYPE, XSD
from kg.project import Project
from kg.rdf.owl2 import OWL2_DATATYPES, first_instant
from kg.store.graph import load_in_memory

JAVA = shutil.which("java")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import main
    from tests.support.paths import copy_project

    root = tmp_path_factory.mktemp("owl")
    project = copy_project(root / "project")
    result = CliRunner().invoke(main, ["-C", str(project), "export", "-o", str(root / "geokg.owl")])
    assert result.exit_code == 0, result.stderr
    assert "(owl, " in result.stderr
    return project, root / "geokg.owl"


def triples(path) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=ox.RdfFormat.RDF_XML)]


def test_every_literal_is_in_the_owl2_datatype_map(exported):
    _, path = exported
    datatypes = {t.object.datatype.value for t in triples(path) if isinstance(t.object, ox.Literal) and t.object.language is None}
    assert datatypes <= OWL2_DATATYPES
    assert XSD + "dateTime" in datatypes


def test_a_date_keeps_its_written_precision_beside_its_datetime(exported):
    _, path = exported
    found = triples(path)
    f35 = ox.NamedNode("https://w3id.org/geokg/resource/arms-purchase-turkey-f-35")
    as_of = [t.object for t in found if t.subject == f35 and t.predicate == ox.NamedNode(KG + "asOf")]
    assert as_of == [ox.Literal("2019-06-01T00:00:00", datatype=ox.NamedNode(XSD + "dateTime"))]
    axioms = {t.subject for t in found if t.predicate == ox.NamedNode(OWL + "annotatedSource") and t.object == f35}
    written = {t.object.value for t in found if t.subject in axioms and t.predicate == ox.NamedNode(KG + "writtenAs")}
    assert written == {"2019-06"}


def test_individuals_are_declared_and_imports_left_out(exported):
    _, path = exported
    found = triples(path)
    named = {t.subject for t in found if t.predicate == ox.NamedNode(RDF_TYPE) and t.object == ox.NamedNode(OWL + "NamedIndividual")}
    assert ox.NamedNode("https://w3id.org/geokg/resource/Iran") in named
    assert ox.NamedNode(KG + "State") not in named
    assert not [t for t in found if t.predicate == ox.NamedNode(OWL + "imports")]


@pytest.mark.parametrize(
    "lexical, datatype, instant",
    [("2019-05-14", "date", "2019-05-14T00:00:00"), ("2019-05", "gYearMonth", "2019-05-01T00:00:00"),
     ("2019", "gYear", "2019-01-01T00:00:00"), ("-0044-03-15", "date", "-0044-03-15T00:00:00"),
     ("2019-05-14Z", "date", "2019-05-14T00:00:00Z"), ("2019", "string", None)],
)
def test_first_instant_of_a_period(lexical, datatype, instant):
    assert first_instant(lexical, XSD + datatype) == instant


def test_an_owl_export_needs_the_ontology():
    from kg.errors import UsageError

    with pytest.raises(UsageError, match="needs the ontology"):
        owl_statements([ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode(RDF_TYPE), ox.NamedNode("urn:C"))])


@pytest.mark.java
@pytest.mark.slow
@pytest.mark.skipif(JAVA is None, reason="HermiT needs Java 17 (apt-get install openjdk-17-jre-headless)")
def test_hermit_on_the_export_is_consistent_and_infers_what_kg_check_infers(exported):
    from kg.reasoning.cleaned_copy import build_copy
    from kg.reasoning.hermit import run_hermit, run_hermit_on_file

    project, path = exported
    on_export = run_hermit_on_file(path, "rdfxml", JAVA, 300)
    assert on_export.consistent and on_export.unsatisfiable == []
    on_copy = run_hermit(build_copy(load_in_memory(Project(project)).store), JAVA, 300)
    assert on_copy.consistent
    assert on_export.new_types == on_copy.new_types and on_export.new_types
