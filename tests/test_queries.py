"""Every canned query under queries/: its header holds, and it gives exactly the expected answer
on the shipped data (tests/expected/queries/NAME.tsv; regenerate and review them with
`python -m tests.expected_answers` when the data grows)."""

from __future__ import annotations

import re

import pytest

from kg.canned import list_queries, parse_file
from kg.project import Project
from kg.store import load_in_memory

from .conftest import REPO
from .expected_answers import EXPECTED, answer, expected_file

QUERY_FILES = sorted((REPO / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def shipped_graph():
    return load_in_memory(Project(REPO))


def rows(tsv: str) -> tuple[str, list[str]]:
    """The header line and the answer rows, as a sorted list: the answer set, in any order."""
    head, *body = tsv.splitlines()
    return head, sorted(body)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_canned_query_gives_exactly_its_expected_answer(shipped_graph, path):
    query = parse_file(path)  # header parsed; parameters used, projected and typed; returns = columns
    target = expected_file(query)
    assert target.is_file(), f"no expected answer for {query.name}: run python -m tests.expected_answers --write {query.name}"
    expected = target.read_text(encoding="utf-8")
    head, body = rows(expected)
    assert body, f"{target} holds no answer: a canned question must be answered by the shipped data"
    assert head == "\t".join(f"?{v}" for v in query.returns)
    assert rows(answer(shipped_graph, query)) == (head, body)


def test_every_expected_answer_belongs_to_a_query():
    names = {p.stem for p in QUERY_FILES}
    assert sorted(p.stem for p in EXPECTED.glob("*.tsv") if p.stem not in names) == []


def test_there_are_canned_questions_with_and_without_parameters():
    queries = list_queries(REPO / "queries")
    assert len(queries) >= 8
    kinds = {p.type for q in queries for p in q.params}
    assert {"string", "date", "IRI"} <= kinds and any(k.startswith("https://") for k in kinds)


def test_the_readme_lists_every_canned_question():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Questions you can ask", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.M))
    assert listed == {p.stem for p in QUERY_FILES}
