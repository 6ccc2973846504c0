"""kg query and kg queries."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_VIOLATIONS, InputError, UsageError
from ..results import FORMAT_CHOICES
from .options import (
    endpoint_from_options,
    endpoint_option,
    kg_context,
    limits_from_env,
    open_graph,
    query_url_option,
    store_option,
    text_or_json_option,
)
from .output import echo_json, format_table

QUERY_FILE_SUFFIXES = (".rq", ".sparql")


@click.command("query")
@click.argument("query", required=False)
@click.option("-n", "--name", help="Run the canned query queries/NAME.rq instead (kg queries lists them).")
@click.option(
    "-p",
    "--param",
    "params",
    nargs=2,
    multiple=True,
    metavar="KEY VALUE",
    help="A parameter of the canned query; an entity may be given by IRI, prefixed name or label. Repeatable.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    help="Output format. SELECT/ASK: table, csv, tsv, json, xml, md (default: table on a terminal, tsv in a pipe). "
    "CONSTRUCT/DESCRIBE: turtle (default), nt, jsonld, rdfxml.",
)
@click.option("--labels", is_flag=True, help="In table and md output, show each IRI's rdfs:label where it has one.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop the query after this many seconds, with exit 5. Default: KG_QUERY_TIMEOUT or 30. With --endpoint, "
    "as in kg push: how long the endpoint may take to connect and to answer each read (exit 6); default "
    "KG_ENDPOINT_TIMEOUT or 60.",
)
@click.option("--ask-exit", is_flag=True, help="For ASK queries: exit 0 when the answer is true, 1 when false.")
@store_option
@endpoint_option(required=False, envvar=None)
@query_url_option
@click.pass_context
def query_cmd(ctx, query, name, params, fmt, labels, timeout, ask_exit, store_dir: Path | None, endpoint, query_url) -> None:
    """Ask the graph a SPARQL question: typed, from a file, from stdin, or canned.

    QUERY is the text of a query, a FILE.rq, or - for stdin. The project's prefixes (kg:, kgr:,
    src:, rdfs:, skos:, …) are predeclared, and the default graph is the union of all graphs, so
    `GRAPH ?g { … }` still tells which source a triple comes from. Queries are read-only: SPARQL
    Update, SERVICE, LOAD and FROM <elsewhere> are refused (exit 4) before anything runs. With
    --endpoint URL the same query runs on a remote SPARQL store instead (one kg push filled),
    with the same checks, parameters and output.

    \b
    Example: kg query 'SELECT ?state WHERE { ?state a kg:State }'
             kg query -n arms-by-weapon -p weapon S-400 -f csv
             kg query --endpoint http://localhost:7878 -n sources
    """
    from .. import canned
    from ..query import prepare, run_query
    from ..results import check_format, default_format, render

    chosen, text, origin = _query_source(ctx, query, name, params)
    graph, engine, limits = _where_to_ask(ctx, store_dir, endpoint, query_url, timeout)
    prepared = prepare(text, engine.graph_names, origin)
    if ask_exit and prepared.form != "ASK":
        raise UsageError(f"--ask-exit is for ASK queries; this one is a {prepared.form}")
    fmt = check_format(prepared.form, fmt or default_format(prepared.form, sys.stdout.isatty()))
    substitutions = canned.bind(graph, chosen, dict(params)) if chosen else None
    result = run_query(engine, prepared, limits, substitutions)
    if chosen:
        result = result.without_columns(substitutions)
    shown_labels = _labels(graph, result) if labels and fmt in ("table", "md") else None
    output = render(result, fmt, labels=shown_labels, max_table_rows=limits.max_table_rows)
    click.echo(output, nl=not output.endswith("\n"))
    if ask_exit and result.boolean is False:
        ctx.exit(EXIT_VIOLATIONS)


def _where_to_ask(ctx, store_dir: Path | None, endpoint: str | None, query_url: str | None, timeout: float | None):
    """(the graph names are resolved in, the engine, the limits): the project's store or a remote one."""
    limits = limits_from_env()
    if endpoint is None:
        if query_url:
            raise UsageError("--query-url needs --endpoint")
        limits = limits.with_timeout(timeout)
        graph = open_graph(ctx, store_dir, limits)
        from ..query import LocalEngine

        return graph, LocalEngine(graph), limits
    if store_dir is not None and ctx.get_parameter_source("store_dir") == click.core.ParameterSource.COMMANDLINE:
        raise UsageError("give either --store (the local graph) or --endpoint (a remote one), not both")
    from ..remote_query import RemoteStore

    store = RemoteStore(endpoint_from_options(endpoint, query_url, None, timeout))
    # The HTTP timeout (per read) answers first with exit 6; this only bounds a server that trickles.
    return store, store, limits.with_timeout(2 * store.ep.timeout + 1)


def _query_source(ctx, query: str | None, name: str | None, params) -> tuple:
    """(the canned query or None, the query text, where it came from) for QUERY or -n NAME."""
    from .. import canned

    if params and not name:
        raise UsageError("-p is for canned queries; give the query's name with -n NAME")
    if not name:
        return (None, *read_query_argument(query))
    if query:
        raise UsageError("give either QUERY or -n NAME, not both")
    chosen = canned.load_query(kg_context(ctx).project.queries_dir, name)
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

    from ..resolve import labels_for

    iris = {t.value for row in result.rows for t in row if isinstance(t, ox.NamedNode)}
    return labels_for(graph, iris)


@click.command("queries")
@text_or_json_option
@click.pass_context
def queries_cmd(ctx: click.Context, fmt: str) -> None:
    """List the canned questions in queries/: name, question, parameters.

    Run one with kg query -n NAME, giving each parameter with -p NAME VALUE (parameters with a
    default may be left out).

    Example: kg queries -f json
    """
    from .. import canned

    found = canned.list_queries(kg_context(ctx).project.queries_dir)
    if fmt == "json":
        echo_json([_query_json(q) for q in found])
        return
    rows = [[q.name, q.title, ", ".join(_param_text(p) for p in q.params)] for q in found]
    click.echo(format_table(["name", "question", "parameters"], rows))


def _param_text(param) -> str:
    value = f"default {param.default}" if param.default is not None else f"e.g. {param.example}"
    return f"{param.name} ({param.type_shown}, {value})"


def _query_json(query) -> dict:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "returns": list(query.returns),
        "params": [
            {
                "name": p.name,
                "type": p.type_shown,
                "description": p.description,
                "example": p.example,
                "default": p.default,
            }
            for p in query.params
        ],
    }
