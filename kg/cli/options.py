"""Option bundles shared by commands, so one option name means one thing everywhere."""

from __future__ import annotations

from pathlib import Path

import click

from kg.limits import Limits


def store_option(func):
    """--store DIR: use (and keep fresh) an on-disk store instead of parsing into memory."""
    return click.option(
        "--store",
        "store_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="KG_STORE",
        help="On-disk store folder (kg build writes it; reused while the files are unchanged). Default: in memory.",
    )(func)


def output_format_option(*choices: str):
    """-f/--format: what a command prints (the first choice is the default). Never the input's format."""

    def decorate(func):
        return click.option(
            "-f",
            "--format",
            "fmt",
            type=click.Choice(list(choices)),
            default=choices[0],
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


text_or_json_option = output_format_option("text", "json")


def input_format_option(func):
    """--input-format FMT: the RDF syntax of input files, when their extension does not say it."""
    return click.option(
        "--input-format",
        "input_format",
        metavar="FMT",
        help="RDF syntax of the input files: turtle, trig, ntriples, nquads, jsonld, rdfxml. Default: from the extension.",
    )(func)


def limits_from_env() -> Limits:
    return Limits.from_env()


def kg_context(ctx: click.Context):
    from kg.cli.group import KgContext

    return ctx.find_object(KgContext)


def open_graph(ctx: click.Context, store_dir: Path | None, limits: Limits):
    """The project's graph for a reading command, saying on stderr when --store had to be rebuilt."""
    from kg.cli.querying import open_project_graph

    return open_project_graph(kg_context(ctx).project, store_dir, limits)


def graph_option(func):
    """--graph NAME, repeatable: the same names in every command (see kg.graph_selection)."""
    return click.option(
        "--graph",
        "graphs",
        multiple=True,
        metavar="NAME",
        help="A named graph to include (repeatable): ontology, shapes, entities, inferred, a source slug, "
        "src:<slug>, a full graph IRI, or all.",
    )(func)


ENDPOINT_HELP = (
    "The remote store's base URL: a server root (Oxigraph, kg serve), a Fuseki dataset (…/ds) or a GraphDB "
    "repository (…/repositories/ID). Credentials come only from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, "
    "or KG_ENDPOINT_TOKEN."
)


def endpoint_option(*, required: bool, envvar: str | None):
    """--endpoint URL; kg query reads no KG_ENDPOINT, so a query leaves the machine only when asked."""
    return click.option("--endpoint", required=required, envvar=envvar, metavar="URL", help=ENDPOINT_HELP)


def query_url_option(func):
    return click.option(
        "--query-url", metavar="URL", help="The SPARQL query URL, when it is not where --endpoint implies."
    )(func)


def endpoint_options(func):
    """--endpoint, --query-url, --store-url, --timeout: a remote SPARQL store, the same in every command."""
    options = [
        endpoint_option(required=True, envvar="KG_ENDPOINT"),
        query_url_option,
        click.option("--store-url", metavar="URL", help="The Graph Store Protocol URL, when it is not where --endpoint implies."),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="How long the endpoint may take to connect and to answer each read. Default: "
            "KG_ENDPOINT_TIMEOUT, else 60.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func
