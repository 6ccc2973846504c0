"""Option bundles shared by commands, so one option name means one thing everywhere."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.declaration import ENDPOINT, NO_STORE, QUERY_URL, STORE, Param
from kg.limits import Limits


def click_param(param: Param, **overrides):
    """The click decorator of a declared option or argument (kg.cli.declaration): the click half
    of declaring it once. `overrides` are click keywords for what one command does differently."""
    if param.kind == "argument":
        return click.argument(param.dest, required=False, **overrides)
    settings = {"help": param.help, "metavar": param.metavar, "envvar": param.envvar, "multiple": param.repeatable}
    if param.kind == "flag":
        settings["is_flag"] = True
    elif param.kind == "pair":
        settings["nargs"] = 2
    if param.type != "text":
        settings["type"] = _click_type(param)
    return click.option(*param.names, param.dest, **{**settings, **overrides})


def click_params(params):
    """One decorator for several declared params, listed in --help in the order given."""

    def decorate(func):
        for param in reversed(params):
            func = click_param(param)(func)
        return func

    return decorate


def _click_type(param: Param):
    if param.type == "directory":
        return click.Path(file_okay=False, path_type=Path)
    if param.type == "seconds":
        return click.FloatRange(min=0, min_open=True)
    if param.type == "choice":
        return click.Choice(param.choice_values())
    if param.type == "size":
        return _Size()
    raise ValueError(f"no click type for {param!r}: {param.type}")


class _Size(click.ParamType):
    """A size in bytes from 2G, 512M (kg.cli.memory.parse_size, which the fast path uses too)."""

    name = "size"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        from kg.cli.memory import parse_size

        try:
            return parse_size(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def store_option(func):
    """--store DIR and --no-store: which store a command reads (chosen_store gives the answer)."""
    func = click_param(NO_STORE, expose_value=False, callback=_remember_no_store)(func)
    return click_param(STORE)(func)


def _remember_no_store(ctx: click.Context, _param, value: bool) -> None:
    if value:
        ctx.meta["kg.no_store"] = True


def chosen_store(ctx: click.Context, store_dir: Path | None) -> Path | None:
    """The store a command reads: --store DIR (or KG_STORE), else none with --no-store (or
    KG_NO_STORE), else the project's own (.kg/store)."""
    if store_dir is not None:
        return store_dir
    if ctx.meta.get("kg.no_store"):
        return None
    from kg.cli.querying import project_store

    return project_store(kg_context(ctx).project)


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
    """The environment's limits with the memory budget of --memory or KG_MAX_MEMORY."""
    from kg.cli import memory

    return memory.limits()


def kg_context(ctx: click.Context):
    """The group's KgContext (kg.cli.group makes it the root context's obj), found without
    importing the group, which builds its global options with this module."""
    return ctx.find_root().obj


def open_graph(ctx: click.Context, store_dir: Path | None, limits: Limits):
    """The project's graph for a reading command, saying on stderr when --store had to be rebuilt."""
    from kg.cli.querying import open_project_graph

    return open_project_graph(kg_context(ctx).project, chosen_store(ctx, store_dir), limits)


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


def endpoint_option(*, required: bool, envvar: str | None):
    """--endpoint URL; kg query reads no KG_ENDPOINT, so a query leaves the machine only when asked."""
    return click_param(ENDPOINT, required=required, envvar=envvar)


query_url_option = click_param(QUERY_URL)


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
