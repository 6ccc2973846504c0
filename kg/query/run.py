"""Running a SPARQL query safely: read-only, no network, bounded in time, errors located.

Every query, typed by a user or canned, goes through `prepare`, which looks at its tokens
before any engine sees it (DESIGN.md §5: pyoxigraph federates SERVICE from Rust, where
no Python hook can stop it), so a refusal never depends on how an engine treats the query;
then through `run_query`, which bounds its time. Execution sits behind a small engine interface
(`graph_names`, `evaluate`) so a remote SPARQL endpoint can be dropped in beside the local
pyoxigraph store, producing the same QueryResult.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import LimitError, PolicyError, UsageError
from kg.limits import Limits
from kg.namespaces import PREFIXES
from kg.sparql.lexer import (
    LexError, Token, projected_variables, query_form, tokenize, variables_in_subselects, where_group,
)
from kg.records import record
from kg.sparql.policy import check_prefixes, refuse_deep_nesting, refuse_unsafe

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (kg.records says why)
if TYPE_CHECKING:
    from kg.sparql.policy import GraphNames

GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
_NO_DEADLINE = float("inf")  # math.inf, without importing math for it

@record
class QueryResult:
    """What a query returned, in one shape whatever produced it.

    SELECT fills `variables` and `rows` (one pyoxigraph term or None per variable); ASK fills
    `boolean`; CONSTRUCT and DESCRIBE fill `triples`. A remote backend builds the same object
    from `pyoxigraph.parse_query_results` or `pyoxigraph.parse` with `from_pyoxigraph`.
    """

    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    variables: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = ()
    boolean: bool | None = None
    triples: tuple = ()

    @property
    def is_graph(self) -> bool:
        return self.form in GRAPH_FORMS

    def without_columns(self, names) -> "QueryResult":
        """The same rows without some variables (canned queries hide their bound parameters)."""
        hidden = set(names)
        keep = [i for i, v in enumerate(self.variables) if v not in hidden]
        return self._replace(
            variables=tuple(self.variables[i] for i in keep),
            rows=tuple(tuple(row[i] for i in keep) for row in self.rows),
        )


def from_pyoxigraph(form: str, result, order: list[str] | None = None) -> QueryResult:
    """Materialise a pyoxigraph result (QuerySolutions, QueryBoolean, or an iterable of triples)."""
    if isinstance(result, ox.QuerySolutions):
        engine_names = [v.value for v in result.variables]
        names = list(engine_names)
        if order:  # SELECT *: the engine's order is arbitrary, the order of appearance is not
            names.sort(key=lambda n: order.index(n) if n in order else len(order))
        # A solution iterates its values in the engine's order: 10-15% faster than by name on big answers.
        if names == engine_names:
            rows = tuple(tuple(solution) for solution in result)
        else:
            places = [engine_names.index(n) for n in names]
            rows = tuple(tuple(values[i] for i in places) for values in map(tuple, result))
        return QueryResult(form, tuple(names), rows)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(result))
    triples = tuple(t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object) for t in result)
    return QueryResult(form, triples=triples)


@record
class PreparedQuery:
    """A query that passed the checks: its text, tokens and form."""

    text: str
    tokens: tuple[Token, ...]
    form: str
    origin: str | None = None  # the file it came from, for messages
    # A canned question's '# graphs: all': its GRAPH patterns may range over the inferred graph too (it
    # leaves that out itself), so a local store runs it on its own dataset rather than the list of
    # every other graph, over which a GRAPH lookup made once per row is one index seek per graph.
    every_graph: bool = False

    @property
    def names_its_dataset(self) -> bool:
        """FROM / FROM NAMED: the query chooses its graphs, so the project's dataset must not apply."""
        return any(t.keyword == "FROM" for t in self.tokens)

    @property
    def column_order(self) -> list[str] | None:
        """For SELECT *, the variables in order of appearance (engines return them in any order)."""
        if self.form != "SELECT" or projected_variables(list(self.tokens)) is not None:
            return None
        return list(dict.fromkeys(t.text[1:] for t in self.tokens if t.kind == "var"))


class Engine:
    """Where queries run: the local store (LocalEngine) or a remote endpoint (kg.interop.remote_query.RemoteStore).
    An interface that no engine needs to inherit (a plain class: typing.Protocol would import typing).

    `isolated` says whether run_query must evaluate in a child process to be able to stop a query
    at its deadline: true for pyoxigraph, which cannot be interrupted; false for an engine that
    only waits on sockets with timeouts of its own. An engine without the attribute is isolated.
    """

    isolated: bool

    def graph_names(self) -> set[str]: ...

    def evaluate(self, query: PreparedQuery, substitutions: dict | None) -> QueryResult: ...


class LocalEngine:
    """A kg.store.graph.Graph: project prefixes predeclared, the dataset of Graph.dataset (the default
    graph holds each asserted or inferred triple once; GRAPH ranges over every graph but the inferred one).

    `dataset` (default graphs, named graphs), as a SPARQL protocol request names it (kg serve),
    replaces that dataset and any FROM of the query.
    """

    isolated = True

    def __init__(self, graph, dataset: tuple[list[str], list[str]] | None = None):
        self.graph = graph
        self.dataset = dataset

    def graph_names(self) -> set[str]:
        return {g.value for g in self.graph.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def evaluate(self, query: PreparedQuery, substitutions: dict | None) -> QueryResult:
        return from_pyoxigraph(query.form, self.raw(query, substitutions), query.column_order)

    def raw(self, query: PreparedQuery, substitutions: dict | None):
        """pyoxigraph's own answer, unread: a child process serialises it without making Python terms.

        Parameters are bound twice, as equal bindings: as pyoxigraph's substitutions, which it
        applies when it evaluates (so a lookup by a parameter is one seek), and as the VALUES block
        opening the WHERE group that a remote store gets (the canned-query checks make the two
        equal), which its planner sees: it plans a query before it binds substitutions, so with
        those alone a parameter is planned as a free variable. At 1M (engine only): facts-about
        1.41 s with substitutions, 0.10 with VALUES, 0.12 with both; evidence 0.02, 8.94, 0.02
        (VALUES alone joined every fact's evidence with the block); search 4.60, 0.72, 1.31. A
        question that uses a parameter inside a sub-select, where the block does not reach, gets
        the substitutions alone (most-mentioned: 8.3 s so, 11.2 with the block).
        """
        text = query.text
        tokens = list(query.tokens)
        if substitutions and where_group(tokens) is not None and not set(substitutions) & variables_in_subselects(tokens):
            from kg.query.portable import with_values

            text = with_values(text, substitutions, tokens)  # the tokens prepare made, not made again
        subs = {ox.Variable(name): term for name, term in (substitutions or {}).items()}
        if self.dataset is None:
            dataset: dict = {} if query.names_its_dataset or query.every_graph else self.graph.dataset()
        else:
            default, named = self.dataset
            dataset = {"default_graph": [ox.NamedNode(g) for g in default], "named_graphs": [ox.NamedNode(g) for g in named]}
        return self.graph.store.query(text, prefixes=PREFIXES, substitutions=subs or None, **dataset)


def prepare(text: str, graph_names: GraphNames, origin: str | None = None, limits: Limits | None = None,
            every_graph: bool = False) -> PreparedQuery:
    """Check a query before execution: tokens readable, read-only, no network, known prefixes.

    `graph_names` may be a function, called only for a query with FROM (and after the other
    checks), so a remote store is asked for its graphs only when needed and never before a refusal.
    `limits` gives the nesting depth refused (default Limits()).
    """
    try:
        tokens = tokenize(text)
        refuse_deep_nesting(tokens, (limits or Limits()).max_nesting_depth)
        refuse_unsafe(tokens, graph_names)
        form = query_form(tokens)
        if form is None:
            raise _not_a_query(tokens)
        check_prefixes(tokens)
    except LexError as exc:
        raise UsageError(_in(origin, f"SPARQL syntax error at line {exc.line}, column {exc.column}: {exc}")) from None
    except (UsageError, PolicyError) as exc:
        exc.message = _in(origin, exc.message)
        raise
    return PreparedQuery(text, tuple(tokens), form, origin, every_graph)


def _not_a_query(tokens: list[Token]) -> UsageError:
    """Where a query form was expected: the first token after the PREFIX and BASE lines."""
    index = 0
    while index < len(tokens) and tokens[index].keyword in ("PREFIX", "BASE"):
        index += 3 if tokens[index].keyword == "PREFIX" else 2
    if index >= len(tokens):
        return UsageError("the query is empty: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    token = tokens[index]
    return UsageError(
        f"SPARQL syntax error at line {token.line}, column {token.column}: expected SELECT, ASK, CONSTRUCT "
        f"or DESCRIBE, not {token.text!r}"
    )


def _in(origin: str | None, message: str) -> str:
    return f"{origin}: {message}" if origin else message


def run_query(
    engine: Engine, query: PreparedQuery, limits: Limits, substitutions: dict | None = None, *, abandon: bool = False,
) -> QueryResult:
    """Evaluate a prepared query, results materialised, within limits.query_timeout seconds and,
    in a child, limits.max_memory bytes (LimitError, exit 5, for either).

    pyoxigraph cannot be interrupted and a thread cannot be killed, so a local query with a
    deadline runs in a forked child that is killed at the deadline (kg.query.isolated): a timed-out
    query leaves no thread or process behind. `abandon` runs it in a thread left running at the
    deadline instead, which saves the fork: only for a process that ends right after (the kg
    program). A timeout of math.inf, or an engine that is not `isolated`, evaluates in the
    caller's thread.
    """
    try:
        if limits.query_timeout == _NO_DEADLINE or not getattr(engine, "isolated", True):
            return engine.evaluate(query, substitutions)
        return _isolated(engine, query, substitutions, limits, abandon)
    except SyntaxError as error:
        from kg.sparql.syntax import syntax_error  # only a rejected query needs it

        located = syntax_error(error, list(query.tokens), query.text)
        raise UsageError(_in(query.origin, located.message)) from None


def _isolated(engine: Engine, query: PreparedQuery, substitutions: dict | None, limits: Limits, abandon: bool) -> QueryResult:
    from kg.query import isolated

    seconds = limits.query_timeout
    try:
        answer = isolated.evaluate(engine, query, substitutions, seconds, in_thread=abandon, memory=limits.max_memory)
    except isolated.MemoryOverrun:
        from kg.memory import over_budget

        raise over_budget("the query", limits.max_memory) from None
    except isolated.Overrun:
        raise LimitError(
            f"the query ran longer than {seconds:g} s and was stopped",
            hint="narrow it, or raise the limit with --timeout SECONDS or KG_QUERY_TIMEOUT",
        ) from None
    return answer if isinstance(answer, QueryResult) else from_pyoxigraph(query.form, answer, query.column_order)
