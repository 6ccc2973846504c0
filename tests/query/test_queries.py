"""Every canned query under queries/: its header holds, and it gives exactly the expected answer
on the shipped data (tests/data/expected/queries/NAME.tsv; regenerate and review them with
`python -m tests.support.expected_answers` when the data grows)."""

from __future__ import annotations

import re
import shutil

import pyoxigraph as ox
import pytest

from kg.query.canned import bind, list_queries, parse_file
from kg.limits import Limits
from kg.namespaces import KG, KGR
from kg.project import Project
from kg.query.run import LocalEngine, prepare, run_query
from kg.store.graph import load_in_memory

from tests.support.paths import REPO
from tests.support.expected_answers import EXPECTED, answer, expected_file, result
from tests.support.query_project import make_query_project

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
    assert target.is_file(), f"no expected answer for {query.name}: run python -m tests.support.expected_answers --write {query.name}"
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
    assert len(queries) >= 22
    kinds = {p.type for q in queries for p in q.params}
    assert {"string", "date", "IRI"} <= kinds and any(k.startswith("https://") for k in kinds)


def test_the_readme_lists_every_canned_question():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Questions you can ask", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.M))
    assert listed == {p.stem for p in QUERY_FILES}


# The core classes of DESIGN.md §3. kg:Official is defined (owl:equivalentClass) as a person who
# holds a tenure, and the shipped data leaves it to the reasoner, so its members are found that way.
CORE_CLASS_MEMBERS = """
SELECT DISTINCT ?class ?member WHERE {
  { ?member a/rdfs:subClassOf* ?class }
  UNION
  { FILTER(?class = kg:Official) ?tenure a kg:Tenure ; kg:holder ?member }
}"""
CORE_CLASSES = ("State", "Official", "Treaty", "WeaponSystem", "Policy")


def test_the_answers_name_an_instance_of_every_core_class(shipped_graph):
    """Across the library, with the example parameters, each core class has a member in some answer
    (as a value the question returns, not merely inside its text)."""
    answered: dict[str, set] = {}
    for query in list_queries(REPO / "queries"):
        for row in result(shipped_graph, query).rows:
            for term in row:
                if isinstance(term, ox.NamedNode):
                    answered.setdefault(term.value, set()).add(query.name)
    covered = {}
    for name in CORE_CLASSES:
        cls = ox.NamedNode(KG + name)
        members = {s["member"].value for s in shipped_graph.query(CORE_CLASS_MEMBERS, substitutions={ox.Variable("class"): cls})}
        assert members, f"kg:{name} has no member in the shipped graph"
        covered[name] = sorted({q for m in members & answered.keys() for q in answered[m]})
    assert [name for name, queries in covered.items() if not queries] == []


@pytest.mark.parametrize(
    ("start", "end", "events"),
    [
        ("2020-01-20", "2021", ["meeting-2020-01-stone-reed", "arms-refusal-2020-atlantis-lemuria", "arms-purchase-2021-mu-trident"]),
        ("2020-02", "2020", ["arms-refusal-2020-atlantis-lemuria"]),
        ("2021-06-30", "2100", ["arms-purchase-2021-mu-trident"]),
        ("1900", "2020-01-14", ["meeting-2020-01-stone-reed"]),
        ("2020-01-16", "2020-01-31", ["meeting-2020-01-stone-reed"]),
        # A date of a year or a month is the whole of it, never its first day: a sortable key
        # such as 2021-01-01 for "2021" would lose the first three.
        ("2021-12-31", "2021-12-31", ["arms-purchase-2021-mu-trident"]),
        ("2021-06", "2021-07", ["arms-purchase-2021-mu-trident"]),
        ("2020-02-29", "2020-12-31", ["arms-refusal-2020-atlantis-lemuria"]),
        # Both bounds count (closed interval), at each precision.
        ("2020-01-31", "2020-02-01", ["meeting-2020-01-stone-reed", "arms-refusal-2020-atlantis-lemuria"]),
        ("2020-01-15", "2020-01-15", ["meeting-2020-01-stone-reed", "arms-request-2020-lemuria-trident"]),
        ("2019-12-31", "2020-01-01", ["meeting-2020-01-stone-reed"]),
        ("2020-03", "2020-12", []),
        ("2022", "2100", []),
    ],
)
def test_events_in_period_counts_an_event_whose_date_overlaps_the_period(tmp_path, start, end, events):
    """A month overlaps a day inside it and a year overlaps any month of it, on either bound."""
    project = Project(make_query_project(tmp_path / "project"))
    shutil.copy(REPO / "queries" / "events-in-period.rq", project.queries_dir)
    graph = load_in_memory(project)
    query = parse_file(project.queries_dir / "events-in-period.rq")
    terms = bind(graph, query, {"from": start, "to": end})
    engine = LocalEngine(graph)
    found = run_query(engine, prepare(query.text, engine.graph_names()), Limits(), terms).without_columns(terms)
    assert [row[0].value.removeprefix(KGR) for row in found.rows] == events
