"""`kg validate --text ARTICLE` / `kg add --text ARTICLE`: every kg:evidence verbatim in the article
(whitespace and typographic quotes aside), each one that is not named at its line and column."""

from __future__ import annotations

import json

import pytest

from tests.support.paths import REPO

ARTICLE = REPO / "examples" / "made-up-s400-talks.txt"
EDITED = REPO / "examples" / "made-up-s400-talks.ttl"
FACT = """@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix kgr: <https://w3id.org/geokg/resource/> .
@prefix src: <https://w3id.org/geokg/source/> .

kgr:statement-x a kg:Statement ;
    kg:evidence {evidence} ;
    kg:source src:made-up-x ;
    kg:speaker kgr:Russia .
"""


def test_the_analysts_version_of_the_example_is_verbatim(kg, project):
    result = kg("--project", project, "validate", EDITED, "--text", ARTICLE)
    assert result.exit_code == 0, result.stdout


def test_a_changed_word_is_named_at_its_line_and_column(kg, project, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(EDITED.read_text(encoding="utf-8").replace("refused to provide Tehran with", "refused Tehran"),
                   encoding="utf-8")
    result = kg("--project", project, "validate", bad, "--text", ARTICLE)
    assert result.exit_code == 1
    assert f"{bad}:17:18: violation: kg:evidence is not in the article: " \
           "\"Moscow refused Tehran the S-400 last year.\"" in result.stdout
    assert result.stdout.rstrip().endswith("does NOT conform: 1 violation, 0 warnings (47 triples about 5 subjects)")
    as_json = json.loads(kg("--project", project, "validate", bad, "--text", ARTICLE, "-f", "json").stdout)
    assert [(m["line"], m["column"]) for m in as_json["not_in_text"]] == [(17, 18)]


def test_add_with_text_adds_nothing_when_an_evidence_is_not_in_the_article(kg, project, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(EDITED.read_text(encoding="utf-8").replace("officials said", "an official said"), encoding="utf-8")
    result = kg("--project", project, "add", bad, "--text", ARTICLE)
    assert result.exit_code == 1
    assert "bad.ttl:28:18: violation" in result.stdout
    assert "nothing was added: 1 evidence sentence" in result.stderr
    assert not (project / "data" / "sources" / "made-up-2024-s400-talks.ttl").exists()
    assert kg("--project", project, "add", EDITED, "--text", ARTICLE).exit_code == 0


@pytest.mark.parametrize(("name", "article", "evidence"), [
    # typographic quotes, a non-breaking space and a line break against plain ones
    ("a.txt", "Russia said it was “not a fire\u00a0brigade”\nat all.\n", '"Russia said it was \\"not a fire brigade\\" at all."'),
    # HTML: the text of the page, as kg draft reads it
    ("a.html", "<html><body><p>Russia <b>said</b> it would help.</p></body></html>", '"Russia said it would help."'),
], ids=["quotes-and-spaces", "html"])
def test_what_does_not_count_as_a_difference(kg, project, tmp_path, name, article, evidence):
    (tmp_path / name).write_text(article, encoding="utf-8")
    facts = tmp_path / "f.ttl"
    facts.write_text(FACT.format(evidence=evidence), encoding="utf-8")
    result = kg("--project", project, "validate", facts, "--text", tmp_path / name, "-f", "json")
    assert json.loads(result.stdout)["not_in_text"] == []


def test_an_evidence_written_with_escapes_is_still_found_in_its_file(kg, project, tmp_path):
    facts = tmp_path / "f.ttl"
    facts.write_text(FACT.format(evidence='"Russia said \\"no\\" to nobody."'), encoding="utf-8")
    result = kg("--project", project, "validate", facts, "--text", ARTICLE, "-f", "json")
    assert [(m["line"], m["column"]) for m in json.loads(result.stdout)["not_in_text"]] == [(6, 18)]


def test_locate_gives_the_offset_in_the_text_as_given():
    from kg.draft.verbatim import locate

    text = "Title\n\nRussia said it was “not a fire\u00a0brigade”\nat all. Iran  answered.\n"
    found = locate(text, ['Russia said it was "not a fire brigade" at all.', "Iran answered.", "Iran refused."])
    assert found == {'Russia said it was "not a fire brigade" at all.': 7, "Iran answered.": 55, "Iran refused.": None}
    assert text[55:59] == "Iran"


def test_a_repeated_paragraph_is_located_at_its_first_copy():
    from kg.draft.verbatim import locate

    assert locate("Lead one.\n\nBody.\n\nLead one.\n", ["Lead one."]) == {"Lead one.": 0}
