"""The bad-input corpus: every file in tests/data/validate_corpus/ with its exit code, message and line."""

from __future__ import annotations

import json

import pytest

from tests.support.validate_support import CORPUS, background_project

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
CASES = MANIFEST["cases"]


@pytest.fixture(scope="module")
def background(tmp_path_factory):
    return background_project(tmp_path_factory.mktemp("background") / "project")


def test_every_corpus_file_has_one_case_and_at_least_twenty_are_bad():
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "manifest.json")
    assert files == sorted(c["file"] for c in CASES)
    assert sum(1 for c in CASES if c["exit"] != 0) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_file(kg, background, case):
    path = CORPUS / case["file"]
    result = kg("-C", background, "validate", path)
    assert result.exit_code == case["exit"], result.stdout + result.stderr
    if case["exit"] >= 3:
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        where = f"{path}:{case['line']}:" if case["line"] else f"{path}: "
        assert line.startswith(f"kg: error: {where}")
        message = line
    else:
        assert result.stderr == ""
        blocks = result.stdout.strip().split("\n\n")
        summary = blocks.pop()
        assert summary.startswith(f"{path}: ")
        (block,) = [b for b in blocks if b.startswith(f"{path}:{case['line']}  ")]
        message = block + "\n" + summary
    for word in case["words"]:
        assert word in message, f"{word!r} not in:\n{message}"


@pytest.mark.parametrize("case", [c for c in CASES if c["exit"] == 1], ids=lambda c: c["file"])
def test_corpus_file_as_json(kg, background, case):
    result = kg("-C", background, "validate", "-f", "json", CORPUS / case["file"])
    assert result.exit_code == 1 and result.stderr == ""
    report = json.loads(result.stdout)
    assert report["conforms"] is False and report["violations"] >= 1
    (subject,) = [s for s in report["subjects"] if s["line"] == case["line"]]
    assert subject["file"] == str(CORPUS / case["file"])
    assert any(p["severity"] == "violation" for p in subject["problems"])
