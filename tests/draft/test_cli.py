"""`kg draft` on the command line: the draft it prints, how `kg validate` takes it, the worked
example of the README end to end, and the one-line errors for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pyoxigraph as ox

from kg.draft.article import normalise_space
from tests.support.paths import REPO

ARTICLE = REPO / "examples" / "made-up-s400-talks.txt"
EDITED = REPO / "examples" / "made-up-s400-talks.ttl"
ARGS = ("--source", "made-up-2024-s400-talks", "--title", "Iran and Russia at odds over air defence (a made-up example)",
        "--date", "2024-03")


def test_the_draft_is_turtle_with_one_fact_per_asserting_sentence(kg, project):
    result = kg("--project", project, "draft", ARTICLE, *ARGS)
    assert result.exit_code == 0, result.stderr
    triples = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.TURTLE))
    classes = sorted(t.object.value.rsplit("#", 1)[-1] for t in triples
                     if t.predicate.value.endswith("#type") and "/draft-" in t.subject.value)
    assert classes == ["ArmsRefusal", "ArmsRequest", "Cooperation", "Opposition"]
    assert "# TODO: kg:participant: the sentence names no actor" in result.stdout
    assert "#   Ahmad Karimi  (kg:Person?)" in result.stdout
    assert result.stderr.startswith("kg: drafted 4 candidate facts from 7 sentences")


def test_each_drafted_fact_says_where_its_sentence_stands_in_the_article(kg, project):
    result = kg("--project", project, "draft", ARTICLE, *ARGS)
    text = ARTICLE.read_text(encoding="utf-8")
    facts: dict = {}
    for t in ox.parse(result.stdout.encode(), format=ox.RdfFormat.TURTLE):
        if t.predicate.value.rsplit("#", 1)[-1] in ("evidence", "evidenceOffset"):
            facts.setdefault(t.subject.value, {})[t.predicate.value.rsplit("#", 1)[-1]] = t.object
    assert len(facts) == 4
    for fact in facts.values():
        at = int(fact["evidenceOffset"].value)
        assert fact["evidenceOffset"].datatype.value.endswith("#integer")
        assert normalise_space(text[at:at + 2 * len(fact["evidence"].value)]).startswith(fact["evidence"].value)
    assert sorted(int(f["evidenceOffset"].value) for f in facts.values()) == [
        int(f["evidenceOffset"].value) for _, f in sorted(facts.items())]  # nodes are numbered by sentence


def test_validate_on_the_draft_names_only_what_the_analyst_must_decide(kg, project):
    draft = project / "draft.ttl"
    assert kg("--project", project, "draft", ARTICLE, *ARGS, "-o", draft).exit_code == 0
    result = kg("--project", project, "validate", draft, "-f", "json")
    assert result.exit_code == 1
    problems = [(g["subject"], p["stage"], p["property"]) for g in json.loads(result.stdout)["subjects"]
                for p in g["problems"]]
    assert sorted(problems) == [
        ("kgr:draft-made-up-2024-s400-talks-005-cooperation", "shapes", "kg:participant"),
        ("src:made-up-2024-s400-talks", "shapes", "kg:genre"),
    ]


def test_the_worked_example_drafts_validates_and_adds(kg, project):
    """article -> draft -> the analyst's edits (examples/made-up-s400-talks.ttl) -> validate -> add."""
    assert kg("--project", project, "draft", ARTICLE, *ARGS, "-o", project / "draft.ttl").exit_code == 0
    text = normalise_space(ARTICLE.read_text(encoding="utf-8"))
    for t in ox.parse(EDITED.read_bytes(), format=ox.RdfFormat.TURTLE):
        if t.predicate.value.endswith("#evidence"):
            assert t.object.value in text  # every evidence sentence is verbatim in the article
    assert kg("--project", project, "validate", EDITED).exit_code == 0
    added = kg("--project", project, "add", EDITED)
    assert added.exit_code == 0, added.stdout + added.stderr
    assert (project / "data" / "sources" / "made-up-2024-s400-talks.ttl").exists()


def test_output_file_is_not_overwritten_without_force(kg, project):
    out = project / "draft.ttl"
    out.write_text("keep me", encoding="utf-8")
    result = kg("--project", project, "draft", ARTICLE, "-o", out)
    assert result.exit_code == 4 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert kg("--project", project, "draft", ARTICLE, "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# DRAFT made by `kg draft`")


def test_bad_input_is_one_line_and_its_exit_code(kg, project, tmp_path):
    missing = kg("--project", project, "draft", tmp_path / "nope.txt")
    assert missing.exit_code == 3 and missing.stderr.count("\n") == 1
    bad_date = kg("--project", project, "draft", ARTICLE, "--date", "2024-13")
    assert bad_date.exit_code == 2 and "--date" in bad_date.stderr
    bad_slug = kg("--project", project, "draft", ARTICLE, "--source", "Not A Slug")
    assert bad_slug.exit_code == 2 and "--source" in bad_slug.stderr
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Iran met Russia.\nCaf\xe9 talks.\n".encode("latin-1"))
    result = kg("--project", project, "draft", latin1)
    assert result.exit_code == 3 and re.search(r"latin1\.txt:2:4: is not UTF-8", result.stderr)


def test_a_missing_extra_is_named(kg, project, monkeypatch):
    import importlib

    real = importlib.import_module

    def without_pysbd(name, *args):
        if name == "pysbd":
            raise ImportError("No module named 'pysbd'")
        return real(name, *args)

    monkeypatch.setattr("kg.draft.libs.importlib.import_module", without_pysbd)
    result = kg("--project", project, "draft", ARTICLE)
    assert result.exit_code == 2
    assert "pip install 'geokg[draft]'" in result.stderr and result.stderr.count("\n") == 1


def test_kg_query_does_not_load_the_draft_libraries():
    probe = ("import sys; from kg.cli import main\n"
             "try:\n    main(['--project', sys.argv[1], 'query', 'SELECT * WHERE { ?s ?p ?o } LIMIT 1'])\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in ('pysbd', 'ahocorasick', 'selectolax', 'kg.draft') if m in sys.modules),"
             " file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, str(REPO)], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_help_example_names_a_file_that_exists(kg):
    shown = kg("draft", "--help").stdout
    (path,) = re.findall(r"kg draft (\S+)", shown.split("Example:")[1])
    assert (REPO / path).exists()


def test_the_draft_is_canonical_turtle_once_its_comments_are_taken_out(kg, project, tmp_path):
    from kg.limits import Limits
    from kg.rdf.fmt import canonical_text

    result = kg("--project", project, "draft", ARTICLE, *ARGS)
    bare = tmp_path / "bare.ttl"
    bare.write_text("".join(line for line in result.stdout.splitlines(keepends=True)
                            if not line.lstrip().startswith("#")).lstrip("\n"), encoding="utf-8")
    original, canonical = canonical_text(bare, Limits())
    assert original == canonical
