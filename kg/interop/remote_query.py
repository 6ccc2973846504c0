"""A remote SPARQL endpoint as a query engine: the same checks, parameters and results as the local store.

`kg query --endpoint URL` runs every query here instead of on the project's files. Three things
differ from pyoxigraph and are made up for:

- The protocol has no prefix map: the project's PREFIX lines are sent before the query.
- The local default graph holds every triple of the named graphs, the inferred ones included,
  once; GRAPH ranges over all of them but the inferred graph (kg.store.graph.Graph.dataset). A
  remote default graph is whatever the server says it is, so kg names the dataset itself: every
  named graph of the store as the default graph, and all but the inferred graph as the named
  graphs (default-graph-uri, named-graph-uri), unless the query names its own with FROM (which
  the checks allow only for graphs the store has). Whether a triple stated in two graphs is one
  row or two is the server's choice: Fuseki and GraphDB merge the graphs, Oxigraph counts each.
- The protocol takes no substitutions. Parameters, already resolved to typed terms, open the
  WHERE group as `VALUES (?a ?b) { (term term) }`, written in N-Triples syntax by pyoxigraph, so
  no text a user typed ever becomes query syntax. That binds them for the whole group; the canned
  query checks refuse the uses a VALUES block would not reach (sparql_lexer.expression_uses_out_of_reach),
  and tests/interop/test_remote_query.py shows both bindings give the same rows for every canned question.

Syntax errors are found locally, by parsing the query against an empty pyoxigraph store, so a
malformed query is reported with its line and column and never sent.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.interop import remote
from kg.errors import UsageError
from kg.namespaces import INFERRED_GRAPH, PREFIXES, sparql_prologue
from kg.query.run import PreparedQuery, QueryResult, from_pyoxigraph
from kg.sparql.lexer import tokenize, where_group

_GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


class RemoteStore:
    """An Engine (kg.query.run) and the `graph` that name resolution (kg.query.resolve) queries, over HTTP.

    Not `isolated`: it waits only on sockets, each read bounded by the endpoint's timeout and the
    whole answer by twice that plus a second (kg.interop.remote), so it runs in the caller's thread.
    """

    isolated = False

    def __init__(self, ep: remote.Endpoint):
        self.ep = ep
        self._graphs: list[str] | None = None

    def graph_names(self) -> set[str]:
        return set(self._graph_list())

    def _graph_list(self) -> list[str]:
        if self._graphs is None:
            answer = remote.run_query(self.ep, _GRAPH_NAMES)
            self._graphs = sorted(row["g"].value for row in answer if isinstance(row["g"], ox.NamedNode))
        return self._graphs

    def query(self, sparql: str, *, use_default_graph_as_union: bool = True, substitutions: dict | None = None):
        """Like kg.store.graph.Graph.query: pyoxigraph results, project prefixes, the project's dataset."""
        terms = {getattr(name, "value", name): term for name, term in (substitutions or {}).items()}
        text = with_values(sparql, terms) if terms else sparql
        if not use_default_graph_as_union:
            return remote.run_query(self.ep, sparql_prologue() + text)
        graphs = self._graph_list()
        return remote.run_query(self.ep, sparql_prologue() + text, graphs, [g for g in graphs if g != INFERRED_GRAPH])

    def evaluate(self, query: PreparedQuery, substitutions: dict | None) -> QueryResult:
        check_syntax(query.text)
        raw = self.query(query.text, use_default_graph_as_union=not query.names_its_dataset, substitutions=substitutions)
        return from_pyoxigraph(query.form, raw, query.column_order)


def check_syntax(text: str) -> None:
    """Raise pyoxigraph's SyntaxError for a malformed query; evaluates nothing (the store is empty)."""
    ox.Store().query(text, prefixes=PREFIXES)


def with_values(text: str, terms: dict[str, object]) -> str:
    """The query with `VALUES (?name …) { (term …) }` opening its WHERE group."""
    tokens = tokenize(text)
    where = where_group(tokens)
    if where is None:
        raise UsageError(
            "a query with parameters needs a WHERE group to bind them on a remote endpoint "
            "(write CONSTRUCT { … } WHERE { … }, not CONSTRUCT WHERE { … })"
        )
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(term) for term in terms.values())  # N-Triples syntax, escaped by pyoxigraph
    cut = tokens[where].offset + 1
    return f"{text[:cut]} VALUES ({names}) {{ ({values}) }}{text[cut:]}"
