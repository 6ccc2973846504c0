"""Asking the graph a question from Python: the library behind `kg query`.

    answer = ask(project, name="weapon-seekers", params={"weapon": "S-400"})
    answer.columns, answer.rows      # the SELECT's columns and rows of pyoxigraph terms
    answer.render("csv")             # any format of kg query -f

The checks that need no graph come first (the canned query's file and header, then the tokens,
policy and prefixes of kg.query.run.prepare), so a refused or malformed question costs
milliseconds and never reads the graph nor reaches a remote store. Then the graph is opened, the
parameters are bound as typed terms (kg.query.canned.bind), the query runs within
limits.query_timeout (kg.query.run.run_query: in a forked child that is killed at the deadline),
and a canned query's parameter columns are dropped: whoever asked knows them.

Where to ask (`where`):
- a Project: its files are read into memory (for an on-disk store, pass open_graph(project, dir));
- a Graph from kg.store.build.open_graph;
- a remote store: a kg.interop.remote_query.RemoteStore, or any object with its three methods
  (graph_names, evaluate, query). This package sits below kg.interop in the layers
  (pyproject.toml), so it cannot make one: the caller makes it and hands it in;
- a function of no arguments that returns one of these two, called once the checks have passed:
  that is how `kg query` says on stderr that a stale --store was rebuilt, and builds the remote
  store only for a question it is allowed to send.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.errors import UsageError
from kg.limits import Limits
from kg.query.run import PreparedQuery, QueryResult, prepare, run_query

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (kg.records says why)
if TYPE_CHECKING:
    from typing import Union

    Params = Union[Mapping[str, str], Iterable[tuple[str, str]], None]


def ask(where, query: str | None = None, *, name: str | None = None, params: Params = None,
        limits: Limits | None = None, queries: Path | None = None) -> Answer:
    """The answer to a SPARQL query (its text) or to the canned question `name` with `params`.

    `params` maps each parameter to its value as `kg query -p` takes it (an IRI, a prefixed name
    or a label; a date; a string). `queries` is the folder of canned questions, by default the
    project's queries/; give it when `where` is a remote store or a function. Raises the KgError
    subclasses of kg.errors, each with the exit code kg query would give.
    """
    return question(where, query, name=name, params=params, limits=limits, queries=queries).answer()


def question(where, query: str | None = None, *, name: str | None = None, params: Params = None,
             limits: Limits | None = None, queries: Path | None = None, origin: str | None = None) -> Question:
    """The question checked as far as it can be without the graph; Question.answer() asks it.

    The two steps are apart for callers that must decide something between them (kg query
    refuses --ask-exit for a query that is not an ASK, and an output format that does not fit the
    query's form, before anything runs). `origin` names the file the query text came from, for
    messages.
    """
    limits = limits or Limits()
    given = one_value_each(params)
    canned = _canned(where, query, name, given, queries)
    text, origin = (canned.text, str(canned.path)) if canned else (query, origin)
    place = _Place(where, limits)
    prepared = prepare(text, lambda: place.engine().graph_names(), origin, limits, every_graph=bool(canned and canned.every_graph))
    return Question(prepared, canned, given, place, limits)


def one_value_each(params: Params) -> dict[str, str]:
    """The parameters as a dict, refusing a name given twice (exit 2).

    `-p state Russia -p state Iran` once silently kept only Iran. Binding every value (as VALUES)
    would change what a canned question means where its parameter sits in a FILTER or BIND, so a
    repeated name is refused: ask once per value.
    """
    pairs = params.items() if isinstance(params, Mapping) else (params or ())
    given: dict[str, str] = {}
    for key, value in pairs:
        if key in given:
            raise UsageError(f"parameter {key} is given twice ({given[key]!r} and {value!r}); a canned question "
                             "takes one value per parameter: run it once per value")
        given[key] = value
    return given


def _canned(where, query: str | None, name: str | None, given: dict, queries: Path | None):
    from kg.query import canned

    if name is None:
        if query is None:
            raise UsageError("give a query, or the name of a canned question")
        if given:
            raise UsageError("parameters are for canned questions: give the question's name")
        return None
    if query is not None:
        raise UsageError("give either a query or the name of a canned question, not both")
    return canned.load_query(queries or _project_of(where).queries_dir, name)


def _project_of(where):
    from kg.project import Project
    from kg.store.graph import Graph

    if isinstance(where, Project):
        return where
    if isinstance(where, Graph) and where.project is not None:
        return where.project
    raise UsageError("a canned question needs the folder of canned queries: pass queries=… (e.g. project.queries_dir)")


class _Place:
    """Where the question is asked, opened once and only when first needed."""

    def __init__(self, where, limits: Limits):
        self._where = where
        self._limits = limits
        self._opened: tuple | None = None

    def graph(self):
        """What names and labels are looked up in: the Graph, or the remote store."""
        return self._open()[0]

    def engine(self):
        return self._open()[1]

    def _open(self) -> tuple:
        if self._opened is None:
            from kg.project import Project

            where = self._where
            if isinstance(where, Project):
                from kg.store.build import open_graph

                where = open_graph(where, None, self._limits)
            elif callable(where) and not _is_place(where):
                where = where()
            self._opened = _graph_and_engine(where)
        return self._opened


def _is_place(thing) -> bool:
    from kg.store.graph import Graph

    return isinstance(thing, Graph) or (hasattr(thing, "evaluate") and hasattr(thing, "graph_names"))


def _graph_and_engine(thing) -> tuple:
    from kg.query.run import LocalEngine
    from kg.store.graph import Graph

    if isinstance(thing, Graph):
        return thing, LocalEngine(thing)
    if _is_place(thing):
        return thing, thing
    raise TypeError(f"cannot ask a {type(thing).__name__}: give a Project, a Graph, a remote store or a function giving one")


class Question:
    """A query that passed every check that needs no graph, and where it is to be asked."""

    def __init__(self, prepared: PreparedQuery, canned, params: dict, place: _Place, limits: Limits):
        self.prepared = prepared
        self.canned = canned  # the kg.query.canned.CannedQuery, or None for a query's text
        self.params = params
        self.limits = limits
        self._place = place
        self._warnings: list[str] | None = None

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return self.prepared.form

    def open(self):
        """The graph or remote store the question is asked of, opened now if it was not yet."""
        return self._place.graph()

    def warnings(self) -> list[str]:
        """One line per kg: or kgr: name of the query that the graph does not know, with the nearest
        names: a misspelt name matches nothing, and an empty answer would read as a true one.

        Opens the graph. Looked up only in a local graph (a remote store's vocabulary is its own);
        a remote store gives instead the known bugs of its server that this query may meet.
        """
        if self._warnings is None:
            from kg.store.graph import Graph

            graph = self._place.graph()
            if not isinstance(graph, Graph):
                server_warnings = getattr(graph, "warnings", None)
                self._warnings = server_warnings(self.prepared.tokens) if server_warnings else []
            else:
                from kg.query.names import unknown_names

                self._warnings = unknown_names(self.prepared.tokens, graph.store)
        return self._warnings

    def answer(self, *, abandon: bool = False) -> Answer:
        """Bind the parameters, run the query within the limits, drop the parameter columns.

        `abandon` (only for a process that ends right after, as the kg program does) leaves a
        query that overruns running in a thread instead of killing its child process; see run_query.
        """
        from kg.query import canned

        graph, engine = self._place.graph(), self._place.engine()
        terms = canned.bind(graph, self.canned, self.params) if self.canned else None
        result = run_query(engine, self.prepared, self.limits, terms, abandon=abandon)
        if self.canned:
            result = result.without_columns(terms)
        return Answer(result, graph, self.limits, self.warnings())


class Answer:
    """What a question gave: rows for a SELECT, a boolean for an ASK, triples for a CONSTRUCT or DESCRIBE."""

    def __init__(self, result: QueryResult, graph=None, limits: Limits | None = None, warnings=()):
        self.result = result
        self.warnings = list(warnings)  # Question.warnings(): unknown kg:/kgr: names, for the asker to show
        self._graph = graph  # where labels are looked up
        self._limits = limits or Limits()
        self._labels: dict[str, str] | None = None

    @property
    def form(self) -> str:
        return self.result.form

    @property
    def columns(self) -> tuple[str, ...]:
        """The SELECT's variables, in the order of its projection (of appearance for SELECT *)."""
        return self.result.variables

    @property
    def rows(self) -> tuple[tuple, ...]:
        """One tuple per solution: a pyoxigraph term (NamedNode, Literal, BlankNode) or None per column."""
        return self.result.rows

    @property
    def boolean(self) -> bool | None:
        """An ASK's answer; None for the other forms."""
        return self.result.boolean

    @property
    def triples(self) -> tuple:
        """A CONSTRUCT's or DESCRIBE's pyoxigraph Triples."""
        return self.result.triples

    def labels(self) -> dict[str, str]:
        """The rdfs:label of each IRI in the rows that has one: one more query, made once."""
        if self._labels is None:
            import pyoxigraph as ox

            from kg.query.resolve import labels_for

            iris = {t.value for row in self.rows for t in row if isinstance(t, ox.NamedNode)}
            self._labels = labels_for(self._graph, iris) if self._graph is not None else {}
        return self._labels

    def render(self, fmt: str | None = None, *, labels: bool = False) -> str:
        """The answer as `kg query -f FMT` prints it, less the final newline kg adds.

        Default: tsv, or turtle for a graph. `labels` shows labels for IRIs in table and md, as
        --labels does. A table of more than limits.max_table_rows rows is a LimitError.
        """
        from kg.query.results import check_format, default_format, render

        fmt = check_format(self.form, fmt or default_format(self.form, terminal=False))
        shown = self.labels() if labels and fmt in ("table", "md") else None
        return render(self.result, fmt, labels=shown, max_table_rows=self._limits.max_table_rows)

    def write(self, out, fmt: str | None = None, *, labels: bool = False) -> None:
        """Write the rendering to the text stream `out`, ending in one newline, as kg query prints it."""
        text = self.render(fmt, labels=labels)
        out.write(text if text.endswith("\n") else text + "\n")

    def __repr__(self) -> str:
        if self.boolean is not None:
            return f"<Answer ASK {self.boolean}>"
        if self.result.is_graph:
            return f"<Answer {self.form}: {len(self.triples)} triples>"
        return f"<Answer SELECT {' '.join(self.columns)}: {len(self.rows)} rows>"
