"""kg fmt: canonical Turtle, idempotent, atomic, and --check for CI."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox


def same_graph(a: Path, b_text: str) -> bool:
    left = ox.Dataset(ox.parse(path=str(a)))
    right = ox.Dataset(ox.parse(b_text.encode(), format=ox.RdfFormat.TURTLE))
    left.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    right.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return left == right


MESSY = """@prefix kgr: <https://w3id.org/geokg/resource/> .
@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kgr:B rdfs:label "B"@en ; a kg:State .
kgr:A a kg:State ;    rdfs:label "A"@en ; kg:memberOf [ a kg:StateGroup ; rdfs:label "G"@en ] .
"""


def test_fmt_rewrites_to_canonical_form_and_keeps_the_graph(kg, tmp_path):
    path = tmp_path / "messy.ttl"
    path.write_text(MESSY, encoding="utf-8")
    result = kg("fmt", path)
    assert result.exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.index("kgr:A a kg:State") < text.index("kgr:B a kg:State")
    assert "kg:memberOf [ a kg:StateGroup ; rdfs:label \"G\"@en ]" in text
    original = tmp_path / "original.ttl"
    original.write_text(MESSY, encoding="utf-8")
    assert same_graph(original, text)
    assert kg("fmt", "--check", path).exit_code == 0  # idempotent


def test_fmt_check_reports_and_changes_nothing(kg, tmp_path):
    path = tmp_path / "messy.ttl"
    path.write_text(MESSY, encoding="utf-8")
    result = kg("fmt", "--check", path)
    assert result.exit_code == 1
    assert f"would reformat {path}" in result.stdout
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_writes_nothing_if_any_file_is_broken(kg, tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text(MESSY, encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("kgr:x kgr:y .\n", encoding="utf-8")
    result = kg("fmt", good, bad)
    assert result.exit_code == 3
    assert good.read_text(encoding="utf-8") == MESSY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "good.ttl"]
