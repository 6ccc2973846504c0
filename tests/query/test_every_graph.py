"""'# graphs: all': a canned question that leaves the inferred graph out of its GRAPH patterns itself
runs on the store's own dataset (one index seek per GRAPH lookup) and answers exactly as it does
over the list of every other graph (the dataset of kg query)."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.namespaces import INFERRED_GRAPH
from kg.project import Project
from kg.query.canned import list_queries, parse_file
from kg.query.results import render
from kg.store.graph import load_in_memory
from tests.support.expected_answers import result
from tests.support.paths import REPO

EVERY_GRAPH = [q for q in list_queries(REPO / "queries") if q.every_graph]


@pytest.fixture(scope="module")
def shipped_graph():
    return load_in_memory(Project(REPO))


def test_the_questions_that_scale_by_a_seek_per_row_declare_it():
    # The questions whose GRAPH lookups are made once per row (measured at 1M: docs/PERFORMANCE.md).
    assert {"most-mentioned", "officials", "statements"} <= {q.name for q in EVERY_GRAPH}


@pytest.mark.parametrize("query", EVERY_GRAPH, ids=lambda q: q.name)
def test_every_graph_answers_as_the_listed_graphs_do(shipped_graph, query):
    fast = result(shipped_graph, query)
    listed = result(shipped_graph, query, every_graph=False)
    assert fast.rows, f"{query.name} has no answer on the shipped data: the comparison would prove nothing"
    assert render(fast, "tsv") == render(listed, "tsv")
    assert all(getattr(term, "value", None) != INFERRED_GRAPH for row in fast.rows for term in row)


def test_without_its_filter_a_question_would_answer_inferred(shipped_graph, tmp_path):
    """The header is a promise the query keeps: without the FILTER the inferred graph is a source."""
    path = tmp_path / "graphs.rq"
    path.write_text("# title: t\n# description: d\n# returns: g\n# graphs: all\n"
                    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }\n", encoding="utf-8")
    query = parse_file(path)
    assert query.every_graph
    assert INFERRED_GRAPH in {row[0].value for row in result(shipped_graph, query).rows}
    assert INFERRED_GRAPH not in {row[0].value for row in result(shipped_graph, query, every_graph=False).rows}


def test_graphs_takes_only_all(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("# title: t\n# description: d\n# returns: s\n# graphs: some\nSELECT ?s WHERE { ?s ?p ?o }\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="takes one value, all") as caught:
        parse_file(path)
    assert caught.value.line == 4
