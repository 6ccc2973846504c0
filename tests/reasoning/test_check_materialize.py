"""kg check --materialize (needs Java 17): the inferred triples go to data/inferred.ttl and the
inferred named graph only, asserted files stay byte-identical, and a stale file is reported."""

from __future__ import annotations

import shutil

import pytest

from kg.store.build import open_graph
from kg.project import Project

from tests.support.check_projects import CHECK_FIXTURES, append, file_hashes, report, tiny_project, triples_of

pytestmark = pytest.mark.java

KG = "https://w3id.org/geokg/ontology#"
KGR = "https://w3id.org/geokg/resource/"
PROV = "http://www.w3.org/ns/prov#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INFERRED = "https://w3id.org/geokg/graph/inferred"


def nt(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    return f"<{subject}>", f"<{predicate}>", f"<{obj}>"


@pytest.fixture(scope="module")
def materialized(tmp_path_factory):
    """The shipped project after kg check --materialize, with the hashes of its files before."""
    from click.testing import CliRunner

    from kg.cli import main

    from tests.support.paths import copy_project

    project = copy_project(tmp_path_factory.mktemp("materialize") / "project")
    before = file_hashes(project)
    result = CliRunner().invoke(main, ["-C", str(project), "check", "--materialize", "-f", "json"], catch_exceptions=False)
    return project, before, result


def test_only_data_inferred_ttl_is_written(materialized):
    project, before, result = materialized
    assert result.stderr == ""
    after = file_hashes(project)
    assert set(after) - set(before) == {"data/inferred.ttl", ".kg/add.lock"}  # the project's write lock, git-ignored
    assert {k: v for k, v in after.items() if k in before} == before
    written = report(result)["inferred_graph"]["written"]
    assert written["triples"] == written["types"] + written["property_values"]
    assert len(triples_of(project / "data" / "inferred.ttl")) == written["triples"] + 1  # + the provenance stamp


def test_inferred_triples_are_in_the_inferred_graph_and_no_asserted_one(materialized):
    project, _, _ = materialized
    graph = open_graph(Project(project))
    every_graph = graph.dataset(inferred=True)  # queries see the inferred graph only in the default graph
    assert graph.query(f"ASK {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}", **every_graph)
    overlap = graph.query(f"ASK {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERRED}>) }}",
                          **every_graph)
    assert not overlap


@pytest.mark.parametrize("forward, backward", [
    ("kg:holder", "kg:holds"), ("kg:party", "kg:partyTo"), ("kg:memberOf", "kg:member"), ("kg:participant", "kg:involvedIn"),
])
def test_every_inverse_link_is_there_after_materializing(materialized, forward, backward):
    project, _, _ = materialized
    graph = open_graph(Project(project))
    assert graph.query(f"ASK {{ ?x {forward} ?y }}")
    missing = f"ASK {{ {{ ?x {forward} ?y FILTER NOT EXISTS {{ ?y {backward} ?x }} }} UNION {{ ?y {backward} ?x FILTER NOT EXISTS {{ ?x {forward} ?y }} }} }}"
    assert not graph.query(missing)


def test_sub_properties_chains_and_superclasses_are_closed(materialized):
    project, _, _ = materialized
    graph = open_graph(Project(project))
    assert not graph.query("ASK { ?x ?p ?y . ?p rdfs:subPropertyOf ?q . ?q a owl:ObjectProperty FILTER NOT EXISTS { ?x ?q ?y } }")
    assert not graph.query("ASK { ?p kg:holds/kg:office ?o FILTER NOT EXISTS { ?p kg:heldOffice ?o } }")
    assert not graph.query("ASK { ?x a ?c . ?c rdfs:subClassOf ?d FILTER(isIRI(?x) && isIRI(?d)) FILTER NOT EXISTS { ?x a ?d } }")
    assert not graph.query("ASK { ?t kg:holder ?p FILTER NOT EXISTS { ?p a kg:Official } }")


def test_the_file_is_canonical_and_current_then_stale_when_a_file_changes(materialized, kg, tmp_path):
    project, _, _ = materialized
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    assert kg("-C", copy, "fmt", "--check").exit_code == 0
    fresh = report(kg("-C", copy, "check", "--no-reasoner", "-f", "json"))
    assert fresh["inferred_graph"]["status"] == "current"
    entities = copy / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = kg("-C", copy, "check", "--no-reasoner")
    assert result.exit_code == 1
    assert ("Inferred graph: data/inferred.ttl is STALE: the asserted files changed since it was written; "
            "run kg check --materialize") in result.stdout.splitlines()


def test_materializing_twice_gives_the_same_bytes(kg, tmp_path):
    project = tiny_project(tmp_path / "tiny")
    assert kg("-C", project, "check", "--materialize").exit_code in (0, 1)
    first = (project / "data" / "inferred.ttl").read_bytes()
    kg("-C", project, "check", "--materialize")
    assert (project / "data" / "inferred.ttl").read_bytes() == first


def test_what_is_materialized_for_a_tenure_a_treaty_and_a_statement(kg, tmp_path):
    project = tiny_project(tmp_path / "tiny")
    kg("-C", project, "check", "--materialize")
    inferred = triples_of(project / "data" / "inferred.ttl")
    jane, tenure, statement = KGR + "Jane_Doe", KGR + "tenure-jane-doe-president-2020", KGR + "statement-jane-doe-2020"
    expected = {
        nt(jane, TYPE, KG + "Official"),  # the equivalent-class axiom: a person who holds a tenure
        nt(jane, TYPE, KG + "Actor"),  # superclass of kg:Person
        nt(jane, KG + "holds", tenure),  # inverse of kg:holder
        nt(jane, KG + "heldOffice", KGR + "President_of_Statia"),  # chain kg:holds o kg:office
        nt(statement, KG + "agent", jane), nt(statement, KG + "participant", jane),  # kg:speaker ⊑ kg:agent ⊑ kg:participant
        nt(jane, KG + "involvedIn", statement),  # inverse of kg:participant
        nt(statement, TYPE, KG + "Event"),
        nt(KGR + "Statia", KG + "partyTo", KGR + "Pact"), nt(KGR + "Otherland", KG + "partyTo", KGR + "Pact"),
        nt(KGR + "Pact", TYPE, KG + "Agreement"),  # superclass of kg:Treaty
        nt(tenure, PROV + "wasDerivedFrom", "https://w3id.org/geokg/source/tiny-article"),  # kg:source ⊑ prov:wasDerivedFrom
        nt("https://w3id.org/geokg/source/tiny-article", TYPE, PROV + "Entity"),
    }
    assert expected <= inferred
    asserted = set().union(*(triples_of(p) for p in (project / "data").rglob("*.ttl") if p.name != "inferred.ttl"))
    assert not inferred & asserted
    assert not any(o == "<http://www.w3.org/2002/07/owl#Thing>" or s.startswith("_:") for s, _, o in inferred)


def test_an_inconsistent_graph_writes_nothing(kg, project):
    shutil.copy(CHECK_FIXTURES / "state-and-official.ttl", project / "data" / "sources" / "test-state-official.ttl")
    result = kg("-C", project, "check", "--materialize", "-f", "json")
    assert result.exit_code == 1
    assert report(result)["inferred_graph"] == {"status": "absent", "written": None}
    assert not (project / "data" / "inferred.ttl").exists()


def test_types_follow_the_hierarchy_hermit_classified(kg, tmp_path):
    """kg:Head ≡ ∃kg:holds.kg:Tenure is, by the domain of kg:holds, the same class as kg:Official:
    only the reasoner knows, and a kg:Head gets every type above kg:Official."""
    project = tiny_project(tmp_path / "tiny")
    append(project / "ontology" / "geokg.ttl",
           'kg:Head a owl:Class ;\n    rdfs:label "head"@en ;\n    rdfs:comment "Someone who holds a tenure."@en ;\n'
           "    owl:equivalentClass [ a owl:Restriction ; owl:onProperty kg:holds ; owl:someValuesFrom kg:Tenure ] .")
    append(project / "data" / "entities.ttl", 'kgr:John_Roe a kg:Head ;\n    rdfs:label "John Roe"@en .')
    data = report(kg("-C", project, "check", "--materialize", "-f", "json"))
    assert data["reasoner"]["consistent"] is True
    inferred = triples_of(project / "data" / "inferred.ttl")
    for cls in ("Official", "Person", "Actor"):
        assert nt(KGR + "John_Roe", TYPE, KG + cls) in inferred
