"""kg query and kg queries."""

from __future__ import annotations

import click

from kg.cli.declaration import QUERY_OPTIONS, STORE, query_request
from kg.cli.options import click_params, kg_context, text_or_json_option
from kg.cli.output import echo_json, format_table


@click.command("query")
@click_params(QUERY_OPTIONS)
@click.pass_context
def query_cmd(ctx, **given) -> None:
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
    from kg.cli.querying import answer

    from_command_line = ctx.get_parameter_source(STORE.dest) == click.core.ParameterSource.COMMANDLINE
    request = query_request(given, store_on_command_line=from_command_line)
    code = answer(request, lambda: kg_context(ctx).project)
    if code:
        ctx.exit(code)


@click.command("queries")
@text_or_json_option
@click.option(
    "--show",
    "show",
    metavar="NAME",
    help="Print canned question NAME as standalone SPARQL: PREFIX lines, and the -p values bound as VALUES, "
    "ready for arq, the oxigraph CLI or any endpoint.",
)
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="KEY VALUE", help="A parameter of --show NAME.")
@click.pass_context
def queries_cmd(ctx: click.Context, fmt: str, show: str | None, params) -> None:
    """List the canned questions in queries/: name, question, parameters.

    Run one with kg query -n NAME, giving each parameter with -p NAME VALUE (parameters with a
    default may be left out). With --show NAME, print that question as a standalone query that
    other SPARQL tools run unchanged (its default graph must be the union of the named graphs).

    \b
    Example: kg queries -f json
             kg queries --show weapon-seekers -p weapon S-400 > q.rq
    """
    from kg.query import canned

    if show is None:
        if params:
            raise click.UsageError("-p is for --show NAME")
        _list(kg_context(ctx).project, fmt)
        return
    from kg.query.ask import question
    from kg.query.portable import standalone

    asked = question(kg_context(ctx).project, name=show, params=params)
    terms = canned.bind(asked.open(), asked.canned, asked.params) if asked.canned.params else None
    click.echo(standalone(asked.canned.text, terms), nl=False)


def _list(project, fmt: str) -> None:
    from kg.query import canned

    found = canned.list_queries(project.queries_dir)
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
