"""The answers the canned queries give on the shipped data, for review and for the tests.

tests/query/test_queries.py compares each query's answer (run with the example parameters of its
header, as SPARQL TSV) with tests/data/expected/queries/NAME.tsv. When the data grows, the answers
change; review them here and write the new ones:

    python -m tests.support.expected_answers             # show what changed, as a diff per query
    python -m tests.support.expected_answers --write     # rewrite every expected file
    python -m tests.support.expected_answers --write search officials   # only these

Review the diff before committing it: it is the test's only knowledge of the right answer.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from kg.query.canned import CannedQuery, bind, list_queries
from kg.limits import Limits
from kg.project import Project
from kg.query.run import LocalEngine, prepare, run_query
from kg.query.results import render
from kg.store.graph import load_in_memory

from tests.support.paths import REPO
EXPECTED = REPO / "tests" / "data" / "expected" / "queries"


def result(graph, query: CannedQuery, every_graph: bool | None = None):
    """The query's QueryResult with its example parameters bound (their columns hidden), on the
    dataset its header asks for (`every_graph` overrides '# graphs: all')."""
    engine = LocalEngine(graph)
    every_graph = query.every_graph if every_graph is None else every_graph
    prepared = prepare(query.text, engine.graph_names(), str(query.path), every_graph=every_graph)
    terms = bind(graph, query, query.example_args())
    return run_query(engine, prepared, Limits(), terms).without_columns(terms)


def answer(graph, query: CannedQuery) -> str:
    """The query's answer as SPARQL TSV, with its example parameters bound."""
    return render(result(graph, query), "tsv")


def expected_file(query: CannedQuery) -> Path:
    return EXPECTED / f"{query.name}.tsv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the expected files")
    parser.add_argument("names", nargs="*", help="only these queries")
    args = parser.parse_args(argv)
    project = Project(REPO)
    graph = load_in_memory(project)
    changed = 0
    for query in list_queries(project.queries_dir):
        if args.names and query.name not in args.names:
            continue
        path = expected_file(query)
        new = answer(graph, query)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if new == old:
            continue
        changed += 1
        if args.write:
            EXPECTED.mkdir(parents=True, exist_ok=True)
            path.write_text(new, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
        else:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), str(path), "now"))
    print(f"{changed} quer{'y' if changed == 1 else 'ies'} {'rewritten' if args.write else 'changed'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
