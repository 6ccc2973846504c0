"""kg build and kg stats through the CLI: exit codes, summaries, strict parsing, on-disk stores."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox

from kg.project import Project

from tests.support.paths import REPO


def count_triples(path: Path) -> int:
    return sum(1 for _ in ox.parse(path=str(path)))


def test_build_prints_triples_per_graph_and_instances_per_class(kg):
    result = kg("-C", REPO, "build", "-f", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    graphs = {g["name"]: g["triples"] for g in report["stats"]["graphs"]}
    for pf in Project(REPO).files():
        name = pf.role if pf.role != "source" else f"src:{pf.slug}"
        assert graphs[name] == count_triples(pf.path)
    assert report["conforms"] is True and report["results"] == []
    classes = {c["class"]: c for c in report["stats"]["classes"]}
    assert classes["kg:State"]["total"] >= 12
    assert classes["kg:Actor"]["asserted"] == 0 and classes["kg:Actor"]["total"] > classes["kg:State"]["total"]


def test_stats_counts_sources(kg):
    result = kg("-C", REPO, "stats", "-f", "json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["sources"] == len(Project(REPO).source_files())
    assert stats["triples"] == sum(g["triples"] for g in stats["graphs"])


def test_malformed_turtle_exits_3_with_file_line_column(kg, project):
    bad = project / "data" / "sources" / "broken-article.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/geokg/ontology#> .\nkg:a kg:b "unterminated .\n', encoding="utf-8")
    result = kg("-C", project, "build")
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"kg: error: {bad}:2:")
    assert "syntax error" in lines[0]
    assert result.stdout == ""


def test_ill_typed_literal_is_rejected_with_its_line(kg, project):
    bad = project / "data" / "sources" / "typo-article.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/geokg/ontology#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
        '<https://w3id.org/geokg/resource/x> kg:count "many"^^xsd:nonNegativeInteger .\n',
        encoding="utf-8",
    )
    result = kg("-C", project, "build")
    assert result.exit_code == 3
    assert f"{bad}:4:" in result.stderr and "ill-typed literal" in result.stderr


def test_missing_project_is_a_clear_error(kg, tmp_path):
    result = kg("-C", tmp_path, "stats")
    assert result.exit_code == 3
    assert "not a geokg project" in result.stderr and "-C/--project" in result.stderr


def test_store_is_written_then_reused_then_rebuilt_when_a_file_changes(kg, project, tmp_path):
    store = tmp_path / "store"
    assert kg("-C", project, "build", "--store", store).exit_code == 0
    first = os.readlink(store / "current")
    again = kg("-C", project, "stats", "--store", store)
    assert again.exit_code == 0 and "rebuilt" not in again.stderr
    assert os.readlink(store / "current") == first
    entities = project / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # same triples, new bytes
    touched = kg("-C", project, "stats", "--store", store)
    assert touched.exit_code == 0
    assert "rebuilt" in touched.stderr
    assert os.readlink(store / "current") != first


def test_a_failing_build_leaves_the_previous_store_usable(kg, project, tmp_path):
    store = tmp_path / "store"
    assert kg("-C", project, "build", "--store", store).exit_code == 0
    before = os.readlink(store / "current")
    listing = sorted(p.name for p in store.iterdir())
    (project / "data" / "sources" / "broken-article.ttl").write_text("this is not turtle\n", encoding="utf-8")
    assert kg("-C", project, "build", "--store", store).exit_code == 3
    assert os.readlink(store / "current") == before
    assert sorted(p.name for p in store.iterdir()) == listing  # no half-written generation left behind
    store_graph = ox.Store.read_only(str(store / before))
    assert len(store_graph) > 0


def test_a_non_conforming_graph_is_not_published(kg, project, tmp_path):
    store = tmp_path / "store"
    assert kg("-C", project, "build", "--store", store).exit_code == 0
    before = os.readlink(store / "current")
    (project / "data" / "sources" / "bad-facts.ttl").write_text(
        "@prefix kg: <https://w3id.org/geokg/ontology#> .\n@prefix kgr: <https://w3id.org/geokg/resource/> .\n"
        "kgr:meeting-without-anything a kg:Meeting .\n",
        encoding="utf-8",
    )
    result = kg("-C", project, "build", "--store", store)
    assert result.exit_code == 1
    assert "does NOT conform" in result.stdout and "not updated" in result.stdout
    assert os.readlink(store / "current") == before


def test_a_graph_too_large_to_copy_is_validated_on_disk_with_the_same_findings(project, tmp_path, monkeypatch):
    """Above SHACL_IN_MEMORY_QUADS the build validates the store itself, not a copy in memory: the
    verdict must not depend on where it was computed."""
    from kg.store import build

    (project / "data" / "sources" / "bad-facts.ttl").write_text(
        "@prefix kg: <https://w3id.org/geokg/ontology#> .\n@prefix kgr: <https://w3id.org/geokg/resource/> .\n"
        "kgr:meeting-without-anything a kg:Meeting .\n",
        encoding="utf-8",
    )
    copied = build.build(Project(project), tmp_path / "a")
    monkeypatch.setattr(build, "SHACL_IN_MEMORY_QUADS", 100)
    on_disk = build.build(Project(project), tmp_path / "b")
    assert not copied.shacl.conforms and not on_disk.shacl.conforms
    assert any("meeting-without-anything" in str(f.focus) for f in on_disk.shacl.results)
    assert sorted(map(repr, on_disk.shacl.results)) == sorted(map(repr, copied.shacl.results))


def test_the_copy_for_shacl_holds_every_quad_or_is_not_made(monkeypatch):
    from kg.store import build

    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"urn:x:{i}"), ox.NamedNode("urn:x:p"), ox.Literal(str(i))) for i in range(3))
    monkeypatch.setattr(build, "SHACL_IN_MEMORY_QUADS", 3)
    copy = build._in_memory(store)
    assert copy is not store and set(copy) == set(store)
    monkeypatch.setattr(build, "SHACL_IN_MEMORY_QUADS", 2)
    assert build._in_memory(store) is store


def test_store_refuses_a_folder_that_is_not_a_store(kg, project, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious", encoding="utf-8")
    result = kg("-C", project, "build", "--store", folder)
    assert result.exit_code == 4
    assert "not a kg store" in result.stderr
    assert (folder / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_an_over_long_literal_is_refused_with_its_file(kg, project, monkeypatch):
    monkeypatch.setenv("KG_MAX_LITERAL_CHARS", "50")
    result = kg("-C", project, "stats")
    assert result.exit_code == 5 and result.stdout == ""
    assert "characters is over the limit of 50 (KG_MAX_LITERAL_CHARS)" in result.stderr
    assert result.stderr.startswith(f"kg: error: {project}/")


def test_blank_nodes_nested_too_deep_are_refused(kg, project, monkeypatch):
    deep = project / "data" / "sources" / "deep-article.ttl"
    deep.write_text(
        "@prefix kg: <https://w3id.org/geokg/ontology#> .\n"
        "<https://w3id.org/geokg/resource/x> kg:about [ kg:about [ kg:about [ kg:about kg:x ] ] ] .\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KG_MAX_NESTING_DEPTH", "2")
    result = kg("-C", project, "stats")
    assert result.exit_code == 5
    assert result.stderr == "kg: error: blank nodes nested more than 2 levels deep (KG_MAX_NESTING_DEPTH)\n"
