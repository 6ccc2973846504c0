"""What `kg query` does once its command line is parsed, without click.

Both parsers of the command line call answer(): the click command (kg.cli.query) and the fast
path of the program (kg.cli.fast), so the two cannot drift apart in what they print or exit with.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.errors import EXIT_USAGE, EXIT_VIOLATIONS, InputError, UsageError
from kg.limits import Limits
from kg.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (kg.records says why)
if TYPE_CHECKING:
    from typing import Callable

QUERY_FILE_SUFFIXES = (".rq", ".sparql")


@record
class QueryRequest:
    """The options of one `kg query`, as the user gave them."""

    query: str | None = None
    name: str | None = None
    params: tuple = ()
    fmt: str | None = None
    labels: bool = False
    timeout: float | None = None
    ask_exit: bool = False
    strict: bool = False
    store_dir: Path | None = None
    no_store: bool = False
    endpoint: str | None = None
    query_url: str | None = None
    store_on_command_line: bool = False  # --store given as an option, not only through KG_STORE


def answer(request: QueryRequest, project: Callable) -> int:
    """Run the query, print its answer to stdout, and give the exit code (0, or 1 for a false ASK
    with --ask-exit, or 2 under --strict for a query naming unknown kg:/kgr: terms, which are
    warned about on stderr either way). `project` gives the project when it is first needed.

    The library (kg.query.ask) does the asking; what is left here is the command line's: the
    query's text from an argument, a file or stdin, the limits from the environment, where to ask,
    the default format (table on a terminal), and printing.
    """
    from kg.cli import memory, owns_process
    from kg.query.ask import question
    from kg.query.results import check_format, default_format

    text, origin = _query_text(request)
    queries = project().queries_dir if request.name else None
    limits = memory.limits()
    # The query is checked before the graph is opened, so a refusal or a syntax error costs
    # milliseconds, not the load of the graph; the graph names are asked for only by a FROM.
    asked = question(lambda: _where_to_ask(request, project, limits), text, name=request.name, params=request.params,
                     limits=limits.with_timeout(request.timeout if request.endpoint is None else None),
                     queries=queries, origin=origin)
    asked.open()
    if request.ask_exit and asked.form != "ASK":
        raise UsageError(f"--ask-exit is for ASK queries; this one is a {asked.form}")
    fmt = check_format(asked.form, request.fmt or default_format(asked.form, sys.stdout.isatty()))
    if request.strict and asked.warnings():
        _warn(asked.warnings())
        return EXIT_USAGE
    result = asked.answer(abandon=owns_process())
    _warn(result.warnings)  # only for a query that ran: a syntax error says all there is to say
    result.write(sys.stdout, fmt, labels=request.labels)
    sys.stdout.flush()
    return EXIT_VIOLATIONS if request.ask_exit and result.boolean is False else 0


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        sys.stderr.write(f"kg: warning: {warning}\n")


def project_store(project) -> Path:
    """The store every command uses unless --store or --no-store says otherwise (kg.store.build.project_store)."""
    from kg.store.build import project_store as store_of

    return store_of(project)


def open_project_graph(project, store_dir: Path | None, limits):
    """The project's graph for a reading command, saying on stderr when --store had to be rebuilt
    (the project's own store is brought up to date silently: that is its job) or could not be used."""
    from kg.store import build

    graph = build.open_graph(project, store_dir, limits)
    if graph.rebuilt and store_dir != build.project_store(project):
        sys.stderr.write(f"kg: note: --store {store_dir} was out of date and has been rebuilt\n")
    _warn(graph.warnings)
    return graph


def _where_to_ask(request: QueryRequest, project: Callable, limits: Limits):
    """The project's graph, or the remote store of --endpoint (made once the query passed the checks)."""
    if request.endpoint is None:
        if request.query_url:
            raise UsageError("--query-url needs --endpoint")
        found = project()
        store_dir = request.store_dir or (None if request.no_store else project_store(found))
        return open_project_graph(found, store_dir, limits.with_timeout(request.timeout))
    if request.store_dir is not None and request.store_on_command_line:
        raise UsageError("give either --store (the local graph) or --endpoint (a remote one), not both")
    from kg.cli.environment import endpoint
    from kg.interop.remote_query import RemoteStore

    # Each read waits at most --timeout (exit 6); the whole answer at most twice that and a second.
    return RemoteStore(endpoint(request.endpoint, query_url=request.query_url, timeout=request.timeout))


def _query_text(request: QueryRequest) -> tuple[str | None, str | None]:
    """(the query text, where it came from) for QUERY; (None, None) for -n NAME, which the library loads."""
    if request.params and not request.name:
        raise UsageError("-p is for canned queries; give the query's name with -n NAME")
    if not request.name:
        return read_query_argument(request.query)
    if request.query:
        raise UsageError("give either QUERY or -n NAME, not both")
    return None, None


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
