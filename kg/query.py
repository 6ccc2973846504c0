"""Running a SPARQL query safely: read-only, no network, bounded in time, errors located.

Every query, typed by a user or canned, goes through `prepare`, which looks at its tokens
before any engine sees it (DESIGN.md §5: pyoxigraph federates SERVICE from Rust, where
no Python hook can stop it), so a refusal never depends on how an engine treats the query;
then through `run_query`, which bounds its time. Execution sits behind a small engine interface
(`graph_names`, `evaluate`) so a remote SPARQL endpoint can be dropped in beside the local
pyoxigraph store, producing the same QueryResult.
"""

from __future__ import annotations

import threading
from typing import Callable, NamedTuple, Protocol, Union

import pyoxigraph as ox

from .errors import LimitError, PolicyError, UsageError
from .limits import Limits
from .namespaces import PREFIXES
from .sparql_lexer import LexError, Token, projected_variables, query_form, tokenize

GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
GraphNames = Union[set, Callable[[], set]]  # the store's graph IRIs, or how to get them
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


class QueryResult(NamedTuple):
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


class PreparedQuery(NamedTuple):
    """A query that passed the checks: its text, tokens and form."""

    text: str
    tokens: tuple[Token, ...]
    form: str
    origin: str | None = None  # the file it came from, for messages

    @property
    def names_its_dataset(self) -> bool:
        """FROM / FROM NAMED: the query chooses its graphs, so the union default must not apply."""
        return any(t.keyword == "FROM" for t in self.tokens)

    @property
    def column_order(self) -> list[str] | None:
        """For SELECT *, the variables in order of appearance (engines return them in any order)."""
        if self.form != "SELECT" or projected_variables(list(self.tokens)) is not None:
            return None
        return list(dict.fromkeys(t.text[1:] for t in self.tokens if t.kind == "var"))


class Engine(Protocol):
    """Where queries run: the local store (LocalEngine) or a remote endpoint (kg.remote_query.RemoteStore)."""

    def graph_names(self) -> set[str]: ...

    def evaluate(self, query: PreparedQuery, substitutions: dict | None) -> QueryResult: ...


class LocalEngine:
    """A kg.store.Graph: project prefixes predeclared, the default graph is the union of all graphs.

    `dataset` (default graphs, named graphs), as a SPARQL protocol request names it (kg serve),
    replaces that union and any FROM of the query.
    """

    def __init__(self, graph, dataset: tuple[list[str], list[str]] | None = None):
        self.graph = graph
        self.dataset = dataset

    def graph_names(self) -> set[str]:
        return {g.value for g in self.graph.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def evaluate(self, query: PreparedQuery, substitutions: dict | None) -> QueryResult:
        subs = {ox.Variable(name): term for name, term in (substitutions or {}).items()}
        if self.dataset is None:
            dataset: dict = {"use_default_graph_as_union": not query.names_its_dataset}
        else:
            default, named = self.dataset
            dataset = {"default_graph": [ox.NamedNode(g) for g in default], "named_graphs": [ox.NamedNode(g) for g in named]}
        raw = self.graph.store.query(query.text, prefixes=PREFIXES, substitutions=subs or None, **dataset)
        return from_pyoxigraph(query.form, raw, query.column_order)


def prepare(text: str, graph_names: GraphNames, origin: str | None = None) -> PreparedQuery:
    """Check a query before execution: tokens readable, read-only, no network, known prefixes.

    `graph_names` may be a function, called only for a query with FROM (and after the other
    checks), so a remote store is asked for its graphs only when needed and never before a refusal.
    """
    try:
        tokens = tokenize(text)
        refuse_deep_nesting(tokens)
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
    return PreparedQuery(text, tuple(tokens), form, origin)


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


def run_query(engine: Engine, query: PreparedQuery, limits: Limits, substitutions: dict | None = None) -> QueryResult:
    """Evaluate a prepared query, results materialised, within limits.query_timeout seconds."""
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["result"] = engine.evaluate(query, substitutions)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    worker.start()
    worker.join(limits.query_timeout)
    if worker.is_alive():  # pyoxigraph cannot be interrupted; the process exits soon after
        raise LimitError(
            f"the query ran longer than {limits.query_timeout:g} s and was stopped",
            hint="narrow it, or raise the limit with --timeout SECONDS or KG_QUERY_TIMEOUT",
        )
    error = outcome.get("error")
    if isinstance(error, SyntaxError):
        from .sparql_errors import syntax_error  # only a rejected query needs it

        located = syntax_error(error, list(query.tokens), query.text)
        raise UsageError(_in(query.origin, located.message)) from None
    if error is not None:
        raise error
    return outcome["result"]


# ---------------------------------------------------------------- checks


def refuse_unsafe(tokens: list[Token], graph_names: GraphNames) -> None:
    """Refuse SPARQL Update, SERVICE, and FROM / FROM NAMED with an IRI that is not a graph of the store."""
    token = first_unsafe_keyword(tokens)
    if token is not None and token.keyword in UPDATE_KEYWORDS:
        raise PolicyError(
            f"SPARQL Update is refused: {token.keyword} at line {token.line}, column {token.column}; "
            "kg query is read-only (change the data files and rebuild instead)"
        )
    if token is not None:
        raise PolicyError(
            f"SERVICE at line {token.line}, column {token.column} is refused: "
            "a kg query never reaches other endpoints (no network beyond a store you name)"
        )
    if any(t.keyword == "FROM" for t in tokens):
        known = graph_names() if callable(graph_names) else graph_names
        declared = declared_prefixes(tokens)
        base = next(
            (tokens[i + 1].text[1:-1] for i, t in enumerate(tokens[:-1]) if t.keyword == "BASE" and tokens[i + 1].kind == "iri"),
            None,
        )
        for index, token in enumerate(tokens):
            if token.keyword == "FROM":
                _check_from(tokens, index, declared, base, known)


def refuse_deep_nesting(tokens: list[Token], limit: int | None = None) -> None:
    """Refuse brackets nested deeper than KG_MAX_NESTING_DEPTH before the engine parses them.

    Oxigraph's SPARQL parser recurses on nesting: at a few thousand levels it overflows the stack
    and the process dies with a segmentation fault, which no Python handler can turn into a message.
    """
    limit = limit or Limits.from_env().max_nesting_depth
    depth = 0
    for token in tokens:
        if token.kind == "punct" and token.text in "({[":
            depth += 1
            if depth > limit:
                raise LimitError(
                    f"the query nests brackets more than {limit} levels deep (line {token.line}, column "
                    f"{token.column}); raise KG_MAX_NESTING_DEPTH if it is trusted"
                )
        elif token.kind == "punct" and token.text in ")}]":
            depth -= 1


def first_unsafe_keyword(tokens: list[Token]) -> Token | None:
    """The first token that would write (an Update keyword, LOAD among them) or reach the network (SERVICE).

    The one test of what SPARQL may run: kg query uses it, and so does kg.shapes_policy for the
    SPARQL that SHACL shapes carry.
    """
    return next((t for t in tokens if t.keyword in UPDATE_KEYWORDS or t.keyword == "SERVICE"), None)


def _check_from(tokens: list[Token], index: int, declared: dict, base: str | None, graph_names: set[str]) -> None:
    from urllib.parse import urljoin

    position = index + 1
    if position < len(tokens) and tokens[position].keyword == "NAMED":
        position += 1
    target = tokens[position] if position < len(tokens) else None
    iri = None
    if target is not None and target.kind == "iri":
        iri = target.text[1:-1]
        iri = urljoin(base, iri) if base else iri
    elif target is not None and target.kind == "pname":
        prefix, local = target.text.split(":", 1)
        namespace = declared.get(prefix, PREFIXES.get(prefix))
        iri = namespace + local if namespace is not None else None
    if iri is None or iri not in graph_names:
        shown = target.text if target is not None else "(nothing)"
        where = tokens[index]
        raise PolicyError(
            f"FROM {shown} at line {where.line}, column {where.column} is refused: only graphs of this store "
            "can be named, and nothing is fetched from elsewhere (kg stats lists the graphs)"
        )


def declared_prefixes(tokens: list[Token]) -> dict[str, str]:
    """The PREFIX declarations of a query: prefix -> namespace."""
    found = {}
    for i, token in enumerate(tokens[:-2]):
        if token.keyword == "PREFIX" and tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri":
            found[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
    return found


def check_prefixes(tokens: list[Token]) -> None:
    """An unknown prefix, named with its position (pyoxigraph points at the end of the query)."""
    known = set(PREFIXES) | set(declared_prefixes(tokens))
    for token in tokens:
        if token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            if prefix not in known:
                raise UsageError(
                    f"SPARQL syntax error at line {token.line}, column {token.column}: unknown prefix {prefix}: "
                    f"(declare it with PREFIX {prefix}: <…>; predeclared: {', '.join(PREFIXES)})"
                )
