"""The cleaned copy HermiT reads: what it keeps, drops and converts, and that an ontology with
owl:imports and an owlready2 python_module annotation neither reaches the network nor runs code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store.build import open_graph
from kg.namespaces import DCTERMS, ONTOLOGY_IRI, OWL, RDF_TYPE, RDFS, SKOS, XSD
from kg.project import Project
from kg.reasoning.cleaned_copy import OWL2_DATATYPES, OWLREADY_NS, build_copy, ntriples
from kg.graph_selection import asserted_graph_names

from tests.support.check_projects import append
from tests.support.paths import REPO
from tests.support.servers import recording_http_server

PYTHON_MODULE = OWLREADY_NS + "python_module"
ATTACK_MODULE = "kg_check_attack_module"


@pytest.fixture(scope="module")
def shipped():
    graph = open_graph(Project(REPO))
    return graph, build_copy(graph.store)


def every_triple(parts):
    return [t for part in parts for t in part.triples]


def test_one_part_per_asserted_graph_ontology_first(shipped):
    graph, parts = shipped
    assert [p.graph for p in parts] == [g.value for g in asserted_graph_names(graph.store)]
    assert parts[0].graph.endswith("/graph/ontology")


def test_no_annotation_no_import_no_unsupported_datatype(shipped):
    _, parts = shipped
    triples = every_triple(parts)
    predicates = {t.predicate.value for t in triples}
    for dropped in (RDFS + "label", RDFS + "comment", SKOS + "altLabel", OWL + "imports", OWL + "versionIRI"):
        assert dropped not in predicates
    assert not any(p.startswith(DCTERMS) for p in predicates)
    datatypes = {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    assert datatypes <= OWL2_DATATYPES
    assert not any(isinstance(t.object, ox.NamedNode) and t.object.value in (XSD + "date", XSD + "gYear", XSD + "gYearMonth")
                   for t in triples)
    ontologies = [t for t in triples if t.predicate.value == RDF_TYPE and t.object.value == OWL + "Ontology"]
    assert [t.subject.value for t in ontologies] == [ONTOLOGY_IRI]


def test_dates_keep_their_lexical_form_as_strings(shipped):
    graph, parts = shipped
    stored = {(str(r["s"]), r["d"].value) for r in graph.query(
        "SELECT ?s ?d WHERE { GRAPH ?g { ?s kg:date ?d } FILTER(datatype(?d) IN (xsd:date, xsd:gYearMonth, xsd:gYear)) }")}
    assert stored, "the shipped data has dated events"
    copied = {(str(t.subject), t.object.value) for t in every_triple(parts)
              if t.predicate.value.endswith("#date") and t.object.datatype.value == XSD + "string"}
    assert copied == stored


def test_ranges_over_date_unions_are_dropped_with_their_blank_nodes(shipped):
    graph, parts = shipped
    triples = every_triple(parts)
    ranges = {t.subject.value for t in triples if t.predicate.value == RDFS + "range"}
    date_properties = {r["p"].value for r in graph.query(
        "SELECT ?p WHERE { ?p rdfs:range/owl:unionOf/rdf:rest*/rdf:first xsd:date }")}
    assert date_properties and not date_properties & ranges
    blank_subjects = {t.subject for t in triples if isinstance(t.subject, ox.BlankNode)}
    blank_objects = {t.object for t in triples if isinstance(t.object, ox.BlankNode)}
    assert blank_subjects <= blank_objects | {t.subject for t in triples if t.predicate.value == RDF_TYPE
                                              and t.object.value == OWL + "AllDisjointClasses"}


def test_object_and_data_property_assertions_stay(shipped):
    graph, parts = shipped
    copied = {(str(t.subject), str(t.predicate), str(t.object)) for t in every_triple(parts)}
    for row in graph.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?p IN (kg:holder, kg:party, kg:speaker, kg:evidence)) }"):
        assert (str(row["s"]), str(row["p"]), str(row["o"])) in copied


def attack(project: Path, port: int) -> None:
    """An ontology that asks owlready2 to fetch an import from 127.0.0.1 and to import a Python module."""
    append(project / "ontology" / "geokg.ttl",
           f"<https://w3id.org/geokg/ontology> owl:imports <http://127.0.0.1:{port}/imported.owl> ;\n"
           f'    <{PYTHON_MODULE}> "{ATTACK_MODULE}" .')


def attack_module(folder: Path, marker: Path) -> Path:
    folder.mkdir()
    (folder / f"{ATTACK_MODULE}.py").write_text(f"open({str(marker)!r}, 'w').write('imported')\n", encoding="utf-8")
    return folder


@pytest.fixture
def logging_server():
    """An HTTP server on 127.0.0.1 that records every request and serves a tiny ontology."""
    body = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns:owl="http://www.w3.org/2002/07/owl#"><owl:Ontology rdf:about="http://127.0.0.1/imported.owl"/></rdf:RDF>')
    with recording_http_server(body) as (port, paths):
        yield port, paths


def test_the_attack_works_on_an_uncleaned_file(project, tmp_path, logging_server):
    """Control: owlready2 given the raw ontology fetches the import and runs the module, so the
    next test's zero requests and absent marker mean the cleaning worked."""
    port, requests = logging_server
    attack(project, port)
    marker = tmp_path / "marker"
    modules = attack_module(tmp_path / "modules", marker)
    raw = tmp_path / "raw.nt"
    raw.write_bytes(ox.serialize(ox.parse(path=str(project / "ontology" / "geokg.ttl")), format=ox.RdfFormat.N_TRIPLES))
    load = ("import owlready2\n"
            f"owlready2.World().get_ontology({ONTOLOGY_IRI!r}).load(fileobj=open({str(raw)!r}, 'rb'), format='ntriples')\n")
    env = dict(os.environ, PYTHONPATH=str(modules))
    subprocess.run([sys.executable, "-c", load], env=env, cwd=tmp_path, capture_output=True, timeout=120)
    assert requests == ["/imported.owl"]
    assert marker.read_text() == "imported"


@pytest.mark.java
def test_check_cleans_imports_and_python_modules_away(kg_exe, project, tmp_path, logging_server):
    port, requests = logging_server
    attack(project, port)
    marker = tmp_path / "marker"
    modules = attack_module(tmp_path / "modules", marker)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(modules)]))
    result = subprocess.run([*kg_exe, "-C", str(project), "check", "-f", "json"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=600)
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["reasoner"]["consistent"] is True
    assert requests == []
    assert not marker.exists()
    rules = {(f["severity"], f["rule"], f["term"]) for f in data["hygiene"]}
    assert ("WARN", "imports_ignored", "<https://w3id.org/geokg/ontology>") in rules
    assert ("ERROR", "undeclared_term", f"<{PYTHON_MODULE}>") in rules
    assert result.returncode == 1
