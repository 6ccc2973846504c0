"""kg.store.bulkload fills an on-disk store with the graph an in-memory load gives, file by file, and
refuses what the in-memory load refuses, naming the file, line and column."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.store import bulkload
from kg.limits import Limits
from kg.project import Project
from kg.store.graph import load_in_memory

PREFIXES = (
    "@prefix kg: <https://w3id.org/geokg/ontology#> .\n@prefix kgr: <https://w3id.org/geokg/resource/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


def source(project, slug: str, text: str, suffix: str = ".ttl"):
    path = project / "data" / "sources" / f"{slug}{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def canonical(quads) -> ox.Dataset:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def bulk_loaded(project, tmp_path) -> tuple[ox.Store, list]:
    store = ox.Store(str(tmp_path / "store"))
    records = bulkload.load_project_files(store, Project(project).files(), Limits())
    return store, records


@pytest.fixture(params=["one load", "a load per file"])
def parts(request, monkeypatch):
    """Every load in one call, or in parts as small as they go (a 1M build loads in parts)."""
    if request.param == "a load per file":
        monkeypatch.setattr(bulkload, "LOAD_BYTES", 1)
        monkeypatch.setattr(bulkload, "EXTEND_QUADS", 2)
    return request.param


def test_the_bulk_store_holds_what_a_file_by_file_load_holds(project, tmp_path, parts):
    source(project, "labels-one", PREFIXES + 'kgr:a kg:about _:x .\n_:x kg:name "one" .\n')
    source(project, "labels-two", PREFIXES + 'kgr:b kg:about _:x .\n_:x kg:name "two" .\n')  # not the same _:x
    source(project, "with-base", "@base <https://w3id.org/geokg/resource/> .\n<c> <https://w3id.org/geokg/ontology#name> \"c\" .\n")
    source(project, "late-prefix", PREFIXES + 'kgr:d kg:name "d" .\n@prefix ex: <https://example.org/> .\nex:e kg:name "e" .\n')
    source(project, "as-json", json.dumps({"@id": "https://w3id.org/geokg/resource/f",
                                           "https://w3id.org/geokg/ontology#name": "f"}), ".jsonld")
    source(project, "as-ntriples", '<https://w3id.org/geokg/resource/g> <https://w3id.org/geokg/ontology#name> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n', ".nt")
    store, records = bulk_loaded(project, tmp_path)
    expected = load_in_memory(Project(project), completed=False).store  # the files as they are: no default graph, no inferences
    assert canonical(store) == canonical(expected)
    shared = [q for q in store if q.predicate.value.endswith("#name") and q.object.value in ("one", "two")]
    assert len({q.subject for q in shared}) == 2
    assert [r.pf.path for r in records] == [pf.path for pf in Project(project).files()]


def test_the_default_graph_copy_holds_every_triple_of_the_files_once(project, tmp_path, parts):
    """Streamed again (no blank node), copied from the store (blank nodes, labelled or not; a file
    loaded alone): the default graph is the set of the named graphs' triples, blank nodes the same nodes."""
    source(project, "labels-one", PREFIXES + 'kgr:a kg:about _:x .\n_:x kg:name "one" .\n')  # loaded alone
    source(project, "anonymous", PREFIXES + 'kgr:b kg:about [ kg:name "two" ] .\n')  # streamed once, copied
    source(project, "restates", PREFIXES + 'kgr:Turkey kg:name "Turkey" .\nkgr:b kg:name "b" .\n')
    source(project, "restates-too", PREFIXES + 'kgr:Turkey kg:name "Turkey" .\n')  # the same triple in two sources
    store = ox.Store(str(tmp_path / "store"))
    copy = bulkload.DefaultCopy()
    bulkload.load_project_files(store, Project(project).files(), Limits(), default_copy=copy)
    assert next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None  # until asked
    copy.load(store)
    named = {ox.Triple(q.subject, q.predicate, q.object) for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    default = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    assert len(default) == len(set(default)) == len(named)
    assert set(default) == named


def test_a_directive_inside_a_file_falls_back_to_one_load_per_file(project, tmp_path, parts):
    path = source(project, "late-prefix", PREFIXES + 'kgr:d kg:name "d" .\n@prefix ex: <https://example.org/> .\nex:e kg:name "e" .\n')
    assert bulkload.stream_parts(bulkload.reading.read_input(path), "urn:g") is not None  # so the stream meets it
    store, _ = bulk_loaded(project, tmp_path)
    graph = ox.NamedNode("https://w3id.org/geokg/source/late-prefix")
    assert {q.subject.value for q in store.quads_for_pattern(None, None, None, graph)} == {
        "https://w3id.org/geokg/resource/d", "https://example.org/e"}


def test_after_the_fall_back_the_default_graph_copy_is_still_whole(project, tmp_path, parts):
    source(project, "late-prefix", PREFIXES + 'kgr:d kg:name "d" .\n@prefix ex: <https://example.org/> .\nex:e kg:name "e" .\n')
    store, copy = ox.Store(str(tmp_path / "store")), bulkload.DefaultCopy()
    bulkload.load_project_files(store, Project(project).files(), Limits(), default_copy=copy)
    assert copy.parts == [] and len(copy.graphs) == len(Project(project).files())  # every graph copied from the store
    copy.load(store)
    named = {ox.Triple(q.subject, q.predicate, q.object) for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())} == named


def test_records_hold_size_time_and_hash_of_what_was_read(project, tmp_path):
    import hashlib

    _, records = bulk_loaded(project, tmp_path)
    for record in records:
        data = record.pf.path.read_bytes()
        assert (record.size, record.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        assert record.mtime_ns == record.pf.path.stat().st_mtime_ns


@pytest.mark.parametrize("text, line, message", [
    (PREFIXES + "\nkgr:a kg:count \"many\"^^xsd:integer .\n", 5, "ill-typed literal"),
    (PREFIXES + "\nkgr:a kg:name \"unterminated .\n", 5, "syntax error"),
    (PREFIXES + "\nkgr:a kg:name undeclared:b .\n", 5, "syntax error"),
])
def test_a_bad_file_is_named_with_its_line_in_the_on_disk_build(kg, project, tmp_path, text, line, message):
    bad = source(project, "zz-bad", text)
    result = kg("-C", project, "build", "--store", tmp_path / "store")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"kg: error: {bad}:{line}:") and message in result.stderr
    assert not (tmp_path / "store" / "current").exists()


def test_over_long_literals_and_deep_nesting_are_refused_in_the_on_disk_build(kg, project, tmp_path, monkeypatch):
    nested = "kgr:y"
    for _ in range(70):
        nested = f"[ kg:about {nested} ]"
    deep = source(project, "deep", PREFIXES + f"kgr:x kg:about {nested} .\n")
    result = kg("-C", project, "build", "--store", tmp_path / "store")
    assert result.exit_code == 5
    assert result.stderr == f"kg: error: {deep}: blank nodes nested 70 levels deep, over the limit of 64 (KG_MAX_NESTING_DEPTH)\n"
    monkeypatch.setenv("KG_MAX_LITERAL_CHARS", "100000")
    long = source(project, "deep", PREFIXES + f'kgr:x kg:name "{"x" * 100_001}" .\n')
    result = kg("-C", project, "build", "--store", tmp_path / "store")
    assert result.exit_code == 5
    assert result.stderr.startswith(f"kg: error: {long}:4:") and "100,001 characters is over the limit of 100,000" in result.stderr
