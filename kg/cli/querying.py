"""What `kg query` does once its command line is parsed, without click.

Both parsers of the command line call answer(): the click command (kg.cli.query) and the fast
path of the program (kg.cli.fast), so the two cannot drift apart in what they print or exit with.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, NamedTuple

from kg.errors import EXIT_VIOLATIONS, InputError, UsageError

QUERY_FILE_SUFFIXES = (".rq", ".sparql")


class QueryRequest(NamedTuple):
    """The options of one `kg query`, as the user gave them."""

    query: str | None = None
    name: str | None = None
    params: tuple = ()
    fmt: str | None = None
    labels: bool = False
    timeout: float | None = None
    ask_exit: bool = False
    store_dir: Path | None = None
    endpoint: str | None = None
    query_url: str | None = None
    store_on_command_line: bool = False  # --store given as an option, not only through KG_STORE


def answer(request: QueryRequest, project: Callable) -> int:
    """Run the query, print its answer to stdout, and give the exit code (0, or 1 for a false ASK
    with --ask-exit). `project` gives the project when it is first needed."""
    from kg.query import canned
    from kg.query.run import prepare, run_query
    from kg.query.results import check_format, default_format, render

    chosen, text, origin = _query_source(request, project)
    # The query is checked before the graph is opened, so a refusal or a syntax error costs
    # milliseconds, not the load of the graph; the graph names are asked for only by a FROM.
    opened: list = []

    def where():
        if not opened:
            opened.append(_where_to_ask(request, project))
        return opened[0]

    prepared = prepare(text, lambda: where()[1].graph_names(), origin)
    graph, engine, limits = where()
    if request.ask_exit and prepared.form != "ASK":
        raise UsageError(f"--ask-exit is for ASK queries; this one is a {prepared.form}")
    fmt = check_format(prepared.form, request.fmt or default_format(prepared.form, sys.stdout.isatty()))
    substitutions = canned.bind(graph, chosen, dict(request.params)) if chosen else None
    result = run_query(engine, prepared, limits, substitutions)
    if chosen:
        result = result.without_columns(substitutions)
    shown_labels = _labels(graph, result) if request.labels and fmt in ("table", "md") else None
    output = render(result, fmt, labels=shown_labels, max_table_rows=limits.max_table_rows)
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    sys.stdout.flush()
    return EXIT_VIOLATIONS if request.ask_exit and result.boolean is False else 0


def open_project_graph(project, store_dir: Path | None, limits):
    """The project's graph for a reading command, saying on stderr when --store had to be rebuilt."""
    from kg.store import build

    graph = build.open_graph(project, store_dir, limits)
    if graph.rebuilt:
        sys.stderr.write(f"kg: note: --store {store_dir} was out of date and has been rebuilt\n")
    return graph


def _where_to_ask(request: QueryRequest, project: Callable):
    """(the graph names are resolved in, the engine, the limits): the project's store or a remote one."""
    from kg.limits import Limits

    limits = Limits.from_env()
    if request.endpoint is None:
        if request.query_url:
            raise UsageError("--query-url needs --endpoint")
        limits = limits.with_timeout(request.timeout)
        graph = open_project_graph(project(), request.store_dir, limits)
        from kg.query.run import LocalEngine

        return graph, LocalEngine(graph), limits
    if request.store_dir is not None and request.store_on_command_line:
        raise UsageError("give either --store (the local graph) or --endpoint (a remote one), not both")
    from kg.interop.remote import endpoint
    from kg.interop.remote_query import RemoteStore

    store = RemoteStore(endpoint(request.endpoint, query_url=request.query_url, timeout=request.timeout))
    # The HTTP timeout (per read) answers first with exit 6; this only bounds a server that trickles.
    return store, store, limits.with_timeout(2 * store.ep.timeout + 1)


def _query_source(request: QueryRequest, project: Callable) -> tuple:
    """(the canned query or None, the query text, where it came from) for QUERY or -n NAME."""
    from kg.query import canned

    if request.params and not request.name:
        raise UsageError("-p is for canned queries; give the query's name with -n NAME")
    if not request.name:
        return (None, *read_query_argument(request.query))
    if request.query:
        raise UsageError("give either QUERY or -n NAME, not both")
    chosen = canned.load_query(project().queries_dir, request.name)
    return chosen, chosen.text, str(chosen.path)


def read_query_argument(argument: str | None) -> tuple[str, str | None]:
    """The query text and where it came from: `-` is stdin, a FILE.rq or existing file is read."""
    if argument is None:
        raise UsageError("give a query: its text, a FILE.rq, - for stdin, or -n NAME for a canned one")
    if argument == "-":
        return sys.stdin.read(), "<stdin>"
    single_word = not any(ch.isspace() for ch in argument)
    if single_word and (argument.endswith(QUERY_FILE_SUFFIXES) or Path(argument).is_file()):
        try:
            return Path(argument).read_text(encoding="utf-8"), argument
        except FileNotFoundError:
            raise InputError("no such query file", path=argument) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the query: {exc}", path=argument) from None
    return argument, None


def _labels(graph, result) -> dict[str, str]:
    import pyoxigraph as ox

    from kg.query.resolve import labels_for

    iris = {t.value for row in result.rows for t in row if isinstance(t, ox.NamedNode)}
    return labels_for(graph, iris)
