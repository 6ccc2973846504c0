"""kg add: validated facts go into their source's file, atomically, once; nothing else ever changes."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
from filelock import FileLock

from kg.validation import add as add_service
from kg.store import build
from kg.rdf.fmt import canonical_text
from kg.limits import Limits
from kg.project import Project

from tests.support.killed_add import kill_add_before_its_rename
from tests.support.validate_support import CORPUS, PREFIXES, background_project, digests, write

REQUEST = "https://w3id.org/geokg/resource/arms-request-beta-shield-9"
NEW_SOURCE = PREFIXES + """
kgr:arms-request-beta-shield-9 a kg:ArmsRequest ;
    rdfs:label "Beta asks Alpha for the Shield-9"@en ;
    kg:date "2022-02"^^xsd:gYearMonth ;
    kg:evidence "Beta has asked Alpha for the Shield-9, the Delta article says." ;
    kg:recipient kgr:Beta ;
    kg:source src:delta-article ;
    kg:supplier kgr:Alpha ;
    kg:weapon kgr:Shield-9 .

src:delta-article a kg:Source ;
    rdfs:label "Delta article (made up for the tests)"@en ;
    dcterms:title "A made-up article for the kg add tests" ;
    kg:genre "news" .
"""
MORE_FOR_BACKGROUND = PREFIXES + """
kgr:meeting-alpha-beta-2021 a kg:Meeting ;
    rdfs:label "Alpha and Beta meet in 2021"@en ;
    kg:evidence "Alpha and Beta met again in 2021, the background article says." ;
    kg:participant kgr:Alpha, kgr:Beta ;
    kg:source src:background-article .
"""


@pytest.fixture
def background(tmp_path):
    return background_project(tmp_path / "project")


def count(turtle: str) -> int:
    return len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE)))


def facts_in_graph(project, graph_iri: str) -> list[str]:
    graph = build.open_graph(Project(project))
    rows = graph.query(
        "SELECT ?g ?weapon WHERE { GRAPH ?g { ?request kg:recipient kgr:Beta ; kg:weapon ?weapon } }",
        substitutions={ox.Variable("g"): ox.NamedNode(graph_iri)},
    )
    return [row["weapon"].value for row in rows]


def test_a_new_source_gets_its_own_canonical_file_and_is_queryable(kg, background, tmp_path):
    facts = write(tmp_path / "delta.ttl", NEW_SOURCE)
    result = kg("-C", background, "add", facts)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == f"added {count(NEW_SOURCE)} triples to data/sources/delta-article.ttl (a new source file)\n"
    assert result.stderr == ""
    written = background / "data" / "sources" / "delta-article.ttl"
    current, canonical = canonical_text(written, Limits())
    assert current == canonical
    source_graph = "https://w3id.org/geokg/source/delta-article"
    assert facts_in_graph(background, source_graph) == ["https://w3id.org/geokg/resource/Shield-9"]
    assert kg("-C", background, "build").exit_code == 0


def test_adding_the_same_file_again_adds_nothing(kg, background, tmp_path):
    facts = write(tmp_path / "delta.ttl", NEW_SOURCE)
    assert kg("-C", background, "add", facts).exit_code == 0
    before = digests(background / "data")
    again = kg("-C", background, "add", facts)
    assert again.exit_code == 0
    assert again.stdout == f"nothing to add: every triple of {facts} is already in data/sources/delta-article.ttl\n"
    assert digests(background / "data") == before


def test_facts_of_a_known_source_are_merged_into_its_file(kg, background, tmp_path):
    target = background / "data" / "sources" / "background-article.ttl"
    old = set(ox.parse(path=str(target)))
    result = kg("-C", background, "add", write(tmp_path / "more.ttl", MORE_FOR_BACKGROUND))
    added = count(MORE_FOR_BACKGROUND)
    assert result.exit_code == 0 and result.stdout == f"added {added} triples to data/sources/background-article.ttl\n"
    new = set(ox.parse(path=str(target)))
    assert old < new and len(new - old) == added


def test_blank_node_facts_are_added_once(kg, background, tmp_path):
    facts = write(tmp_path / "blank.ttl", PREFIXES + """
kgr:Beta kg:memberOf [
    a kg:StateGroup ; rdfs:label "Beta's made-up alliance"@en ;
    kg:evidence "Beta joined an alliance, the article says." ; kg:source src:background-article
] ;
    kg:evidence "Beta joined an alliance, the article says." ;
    kg:source src:background-article .
""")
    assert kg("-C", background, "add", facts).exit_code == 0
    before = digests(background / "data")
    again = kg("-C", background, "add", facts)
    assert again.exit_code == 0 and again.stdout.startswith("nothing to add")
    assert digests(background / "data") == before


def test_violations_change_nothing(kg, background):
    before = digests(background)
    result = kg("-C", background, "add", CORPUS / "unknown-property.ttl")
    assert result.exit_code == 1
    assert "did you mean kg:supplier?" in result.stdout
    assert result.stderr == f"kg: error: nothing was added: {CORPUS / 'unknown-property.ttl'} has 1 violation\n"
    after = digests(background)
    after.pop(".kg/add.lock", None)
    assert after == before


def test_facts_naming_another_source_than_the_one_given_are_refused(kg, background, tmp_path):
    before = digests(background / "data")
    result = kg("-C", background, "add", "--source", "other-article", write(tmp_path / "more.ttl", MORE_FOR_BACKGROUND))
    assert result.exit_code == 1
    assert "src:background-article is not src:other-article, the source these facts are being added to" in result.stdout
    assert digests(background / "data") == before


def test_a_file_that_names_no_source_needs_the_source_option(kg, background):
    result = kg("-C", background, "add", CORPUS / "missing-label.ttl")
    assert result.exit_code == 2
    assert "names no source" in result.stderr and "--source SLUG" in result.stderr


def test_a_bad_source_slug_is_a_usage_error(kg, background, tmp_path):
    result = kg("-C", background, "add", "--source", "../etc", write(tmp_path / "more.ttl", MORE_FOR_BACKGROUND))
    assert result.exit_code == 2 and "--source '../etc'" in result.stderr


def test_a_second_add_at_the_same_time_is_refused(kg, background, tmp_path):
    before = digests(background / "data")
    (background / ".kg").mkdir()
    with FileLock(str(background / ".kg" / "add.lock")):
        result = kg("-C", background, "add", write(tmp_path / "more.ttl", MORE_FOR_BACKGROUND))
    assert result.exit_code == 4
    assert result.stderr.startswith("kg: error: another kg command (add, fmt, check --materialize) is writing to this project")
    assert digests(background / "data") == before


def test_a_write_that_does_not_read_back_changes_nothing(kg, background, tmp_path, monkeypatch):
    real_parse = add_service.reading.parse

    def garbled_when_reading_back(inp, **kwargs):
        quads = real_parse(inp, **kwargs)
        return quads[1:] if inp.path.endswith(".tmp") else quads

    monkeypatch.setattr(add_service.reading, "parse", garbled_when_reading_back)
    before = digests(background / "data")
    result = kg("-C", background, "add", write(tmp_path / "more.ttl", MORE_FOR_BACKGROUND))
    assert result.exit_code == 3 and "does not read back as written" in result.stderr
    assert digests(background / "data") == before


def test_a_killed_add_leaves_every_data_file_byte_identical(kg, kg_exe, background, tmp_path):
    facts = write(tmp_path / "more.ttl", MORE_FOR_BACKGROUND)
    before = digests(background / "data")
    sources = background / "data" / "sources"
    leftovers = kill_add_before_its_rename(kg_exe, background, facts)
    after = digests(background / "data")
    for tmp in leftovers:
        after.pop(str(tmp.relative_to(background / "data")))
    assert after == before
    assert kg("-C", background, "build").exit_code == 0  # the leftover temp file is not part of the project
    retry = kg("-C", background, "add", facts)
    assert retry.exit_code == 0 and retry.stdout.startswith(f"added {count(MORE_FOR_BACKGROUND)} triples")
    assert list(sources.glob(".*.tmp")) == []  # the next add cleans up after the killed one


def test_add_refreshes_the_store(kg, background, tmp_path):
    store = tmp_path / "store"
    assert kg("-C", background, "build", "--store", store).exit_code == 0
    first = os.readlink(store / "current")
    result = kg("-C", background, "add", "--store", store, write(tmp_path / "delta.ttl", NEW_SOURCE))
    assert result.exit_code == 0 and result.stdout.endswith(f"store {store} refreshed\n")
    assert os.readlink(store / "current") != first
    stats = kg("-C", background, "stats", "--store", store)
    assert stats.exit_code == 0 and "rebuilt" not in stats.stderr and "src:delta-article" in stats.stdout


def test_new_blank_nodes_never_merge_with_same_named_ones_of_the_file():
    b0, p = ox.BlankNode("b0"), ox.NamedNode("https://w3id.org/geokg/ontology#about")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    existing = [ox.Quad(b0, label, ox.Literal("old", language="en")), ox.Quad(ox.NamedNode(REQUEST), p, b0)]
    new = [ox.Triple(b0, label, ox.Literal("new", language="en")), ox.Triple(ox.NamedNode(REQUEST), p, b0)]
    added = add_service.with_fresh_blank_nodes(add_service.not_yet_present(new, existing))
    merged = {ox.Triple(q.subject, q.predicate, q.object) for q in existing} | set(added)
    labels = {t.subject: t.object.value for t in merged if t.predicate == label}
    assert sorted(labels.values()) == ["new", "old"] and len(labels) == 2


def test_a_number_in_a_non_canonical_form_is_still_the_same_fact(kg, background, tmp_path):
    """The store keeps 1.50 as 1.5: facts already in the graph must not look like a second value."""
    facts = write(tmp_path / "loss.ttl", PREFIXES + """
kgr:economic-change-beta-loss a kg:EconomicChange ;
    rdfs:label "Beta's loss of trade"@en ;
    kg:affects kgr:Beta ;
    kg:amount 1.50 ;
    kg:currency "USD" ;
    kg:evidence "Beta lost 1.50 dollars of trade, the background article says." ;
    kg:source src:background-article .
""")
    assert kg("-C", background, "add", facts).exit_code == 0
    written = (background / "data" / "sources" / "background-article.ttl").read_text(encoding="utf-8")
    assert "kg:amount 1.50 ;" in written  # the file keeps the number as it was written
    again = kg("-C", background, "validate", facts)
    assert again.exit_code == 0, again.stdout
    assert kg("-C", background, "add", facts).stdout.startswith("nothing to add")
