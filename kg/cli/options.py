"""Option bundles shared by commands, so one option name means one thing everywhere."""

from __future__ import annotations

from pathlib import Path

import click

from ..limits import Limits


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
    from . import KgContext

    return ctx.find_object(KgContext)
