"""kg check with HermiT (needs Java 17): consistency of the shipped graph (issue 2), inconsistencies
named with their individuals and axioms, unsatisfiable classes, inferred types, timeouts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.store.build import open_graph
from kg.reasoning.check import run_check
from kg.reasoning.hermit import find_java
from kg.namespaces import shorten
from kg.project import Project

from tests.support.check_projects import CHECK_FIXTURES, append, report, tiny_project
from tests.support.paths import REPO

pytestmark = pytest.mark.java


@pytest.fixture(scope="module")
def shipped_report():
    return run_check(open_graph(Project(REPO)), find_java())


def test_the_shipped_ontology_and_data_are_consistent_with_no_unsatisfiable_class(shipped_report):
    assert shipped_report.reasoner_ran is True
    assert shipped_report.consistent is True
    assert shipped_report.culprits == []
    assert shipped_report.unsatisfiable == []


def test_every_tenure_holder_not_asserted_official_is_inferred_official(shipped_report):
    graph = open_graph(Project(REPO))
    expected = {shorten(r["p"].value) for r in graph.query("""
        SELECT DISTINCT ?p WHERE { ?t kg:holder ?p . FILTER NOT EXISTS { ?p a kg:Official } }""")}
    assert expected, "the shipped data has tenures"
    official = {c.individual for c in shipped_report.type_changes if "kg:Official" in c.inferred}
    assert official == expected


def test_an_individual_typed_state_and_official_is_named_with_both_classes(kg, project):
    shutil.copy(CHECK_FIXTURES / "state-and-official.ttl", project / "data" / "sources" / "test-state-official.ttl")
    result = kg("-C", project, "check")
    assert result.exit_code == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": INCONSISTENT")
    assert lines[1] == (
        "  kgr:Ruritania is typed kg:Official (asserted in data/sources/test-state-official.ttl) and kg:State "
        "(asserted in data/sources/test-state-official.ttl), which are disjoint: owl:AllDisjointClasses "
        "(kg:Administration kg:Faction kg:Organization kg:Person kg:State kg:StateGroup) separates kg:Person (a superclass of "
        "kg:Official) and kg:State"
    )
    data = report(kg("-C", project, "check", "-f", "json"))
    assert data["ok"] is False and data["reasoner"]["consistent"] is False
    assert [c["subject"] for c in data["reasoner"]["culprits"]] == ["kgr:Ruritania"]


def test_a_type_from_a_domain_that_clashes_is_traced_to_its_triple(kg, tmp_path):
    project = tiny_project(tmp_path / "tiny")
    append(project / "data" / "sources" / "tiny-article.ttl", "kgr:Otherland kg:holds kgr:tenure-jane-doe-president-2020 .")
    data = report(kg("-C", project, "check", "-f", "json"))
    messages = [c["message"] for c in data["reasoner"]["culprits"]]
    assert (
        "kgr:Otherland is typed kg:Person (the domain of kg:holds, from kgr:Otherland kg:holds "
        "kgr:tenure-jane-doe-president-2020 in data/sources/tiny-article.ttl) and kg:State (asserted in "
        "data/entities.ttl), which are disjoint (owl:AllDisjointClasses (kg:Administration kg:Faction kg:Organization kg:Person "
        "kg:State kg:StateGroup))"
    ) in messages
    # kg:holder is functional: Jane Doe and Otherland would have to be one individual.
    assert any(m.startswith("kgr:tenure-jane-doe-president-2020 has two values of the functional property kg:holder")
               for m in messages)


def test_an_unsatisfiable_class_is_reported_and_exits_1(kg, tmp_path):
    project = tiny_project(tmp_path / "tiny")
    append(project / "ontology" / "geokg.ttl",
           'kg:StatePerson a owl:Class ;\n    rdfs:label "state person"@en ;\n    rdfs:comment "Cannot exist."@en ;\n'
           "    rdfs:subClassOf kg:Person, kg:State .")
    result = kg("-C", project, "check", "-f", "json")
    data = report(result)
    assert result.exit_code == 1
    assert data["reasoner"]["consistent"] is True
    assert data["reasoner"]["unsatisfiable"] == ["kg:StatePerson"]


@pytest.mark.slow
def test_an_inconsistency_no_targeted_check_knows_is_located_by_bisection(kg, tmp_path):
    project = tiny_project(tmp_path / "tiny")
    append(project / "ontology" / "geokg.ttl",
           'kg:State rdfs:subClassOf [ a owl:Restriction ; owl:onProperty kg:partyTo ; owl:maxCardinality "0"^^xsd:nonNegativeInteger ] .')
    data = report(kg("-C", project, "check", "-f", "json"))
    assert data["reasoner"]["consistent"] is False
    assert data["reasoner"]["culprits"] == [{
        "subject": "kgr:Pact",
        "message": "the graph becomes inconsistent when the facts about kgr:Pact in data/sources/tiny-article.ttl "
                   "are added (found by bisection; facts added before them may take part too)",
    }]


def test_inferred_types_are_listed_first_ten_unless_all(kg):
    count = len(report(kg("-C", REPO, "check", "-f", "json"))["reasoner"]["inferred_types"])
    short = kg("-C", REPO, "check").stdout.splitlines()
    full = kg("-C", REPO, "check", "--all").stdout.splitlines()
    assert f"Inferred types that differ from the asserted ones: {count} individual{'' if count == 1 else 's'}" in short
    table = lambda lines: [l for l in lines if l.startswith("  kgr:")]  # noqa: E731
    assert len(table(full)) == count and len(table(short)) == min(count, 10)
    if count > 10:
        assert f"  … and {count - 10} more (--all lists every one)" in short


def test_a_timeout_stops_hermit_with_exit_5_and_leaves_no_process(kg_exe, project, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), PYTHONPATH=str(REPO))
    result = subprocess.run([*kg_exe, "-C", str(project), "check", "--timeout", "0.3"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 5 and result.stdout == ""
    assert result.stderr.strip() == ("kg: error: HermiT took longer than 0.3 s and was stopped "
                                     "(raise the limit with --timeout SECONDS or KG_REASONER_TIMEOUT)")
    assert list(scratch.iterdir()) == []
    assert [pid for pid in _processes_mentioning(str(scratch))] == []


def _processes_mentioning(text: str):
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    yield int(entry.name)
            except OSError:
                continue


@pytest.mark.java
def test_kg_check_passes_on_the_shipped_project(kg):
    """Consistent, nothing unsatisfiable, no hygiene error, no stale inferred graph: exit 0."""
    from tests.support.paths import REPO

    result = kg("-C", REPO, "check")
    assert result.exit_code == 0, result.stdout
    assert "consistent" in result.stdout and "no problems" in result.stdout
