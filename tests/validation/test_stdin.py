"""`kg validate -` and `kg add -`: new facts from standard input, named <stdin> in every message."""

from __future__ import annotations

import pyoxigraph as ox

from tests.support.validate_support import PREFIXES, background_project, digests, write

GOOD = PREFIXES + """
kgr:meeting-alpha-beta-stdin a kg:Meeting ;
    rdfs:label "Alpha and Beta meet (piped)"@en ;
    kg:evidence "The background article says that Alpha and Beta met." ;
    kg:participant kgr:Alpha, kgr:Beta ;
    kg:source src:background-article .
"""
SIX = PREFIXES.count("\n")  # the prefix lines; GOOD's first statement is on line SIX + 2


def test_validate_reads_standard_input(kg, tmp_path):
    background = background_project(tmp_path / "project")
    bad = GOOD.replace("kgr:Alpha, kgr:Beta", '"Alpha", kgr:Beta')
    result = kg("-C", background, "validate", "-", input=bad)
    assert result.exit_code == 1 and result.stderr == ""
    assert result.stdout.startswith(f"<stdin>:{SIX + 2}  kgr:meeting-alpha-beta-stdin\n"
                                    f"<stdin>:{SIX + 5}:20: violation: kg:participant expects an entity")
    assert result.stdout.endswith("<stdin>: does NOT conform: 1 violation, 0 warnings (6 triples about 1 subject)\n")
    assert kg("-C", background, "validate", "-", input=GOOD).exit_code == 0


def test_validate_reads_other_formats_from_standard_input_with_input_format(kg, tmp_path):
    background = background_project(tmp_path / "project")
    subject_and_property = "<https://w3id.org/geokg/resource/Alpha> <https://w3id.org/geokg/ontology#alignedWith> "
    result = kg("-C", background, "validate", "-", "--input-format", "ntriples", input=subject_and_property + '"Beta" .\n')
    assert result.exit_code == 1
    column = len(subject_and_property) + 1
    assert f'<stdin>:1:{column}: violation: kg:alignedWith expects an entity' in result.stdout
    as_turtle_by_default = kg("-C", background, "validate", "-", input='{"@id": "x"}')
    assert as_turtle_by_default.exit_code == 3
    assert as_turtle_by_default.stderr.startswith("kg: error: <stdin>:1:1: ")


def test_standard_input_is_read_once(kg, tmp_path):
    result = kg("-C", background_project(tmp_path / "project"), "validate", "-", "-", input=GOOD)
    assert result.exit_code == 2
    assert result.stderr == "kg: error: - (standard input) can be given only once\n"


def test_add_from_standard_input_writes_the_source_file_atomically_once(kg, tmp_path):
    background = background_project(tmp_path / "project")
    target = background / "data" / "sources" / "background-article.ttl"
    before = len(list(ox.parse(target.read_bytes(), format=ox.RdfFormat.TURTLE)))
    result = kg("-C", background, "add", "-", input=GOOD)
    assert (result.exit_code, result.stdout) == (0, "added 6 triples to data/sources/background-article.ttl\n")
    assert len(list(ox.parse(target.read_bytes(), format=ox.RdfFormat.TURTLE))) == before + 6
    again = kg("-C", background, "add", "-", input=GOOD)
    assert again.stdout == "nothing to add: every triple of <stdin> is already in data/sources/background-article.ttl\n"


def test_add_from_standard_input_refuses_and_changes_nothing(kg, tmp_path):
    background = background_project(tmp_path / "project")
    before = digests(background / "data")
    result = kg("-C", background, "add", "-", input=GOOD.replace("kg:source src:background-article",
                                                                  "kg:source src:background-articel"))
    assert result.exit_code == 1
    assert "did you mean src:background-article?" in result.stdout
    assert result.stderr == "kg: error: nothing was added: <stdin> has 1 violation\n"
    assert digests(background / "data") == before


def test_evidence_from_standard_input_is_checked_against_the_article(kg, tmp_path):
    background = background_project(tmp_path / "project")
    article = write(tmp_path / "article.txt", "Nothing of the kind was said.\n")
    result = kg("-C", background, "validate", "-", "--text", article, input=GOOD)
    assert result.exit_code == 1
    # --text names the evidence where its text starts, inside the quotes (kg.draft.verbatim)
    assert f"<stdin>:{SIX + 4}:18: violation: kg:evidence is not in the article" in result.stdout
