"""The `kg` command line: parse options, call one service, render its result, map errors to exit codes.

Commands live in sibling modules and are imported only when used (a lazy group), so `kg query`
pays for click and pyoxigraph, never for rdflib, pyshacl or owlready2.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import EXIT_LIMIT, KgError

# name -> "module:function", in the order `kg --help` lists them.
COMMANDS = {
    "build": "kg.cli.build:build_cmd",
    "stats": "kg.cli.build:stats_cmd",
    "query": "kg.cli.query:query_cmd",
    "queries": "kg.cli.query:queries_cmd",
    "show": "kg.cli.show:show_cmd",
    "serve": "kg.cli.serve:serve_cmd",
    "validate": "kg.cli.validate:validate_cmd",
    "add": "kg.cli.validate:add_cmd",
    "check": "kg.cli.check:check_cmd",
    "fmt": "kg.cli.fmt:fmt_cmd",
    "export": "kg.cli.export:export_cmd",
    "push": "kg.cli.remote:push_cmd",
}

EXIT_INTERNAL = 70  # an unexpected error: a bug to report (BSD sysexits EX_SOFTWARE)


class KgContext:
    """What every command needs from the group: the project folder and the debug switch."""

    def __init__(self, project_dir: Path | None, debug: bool):
        self.project_dir = project_dir
        self.debug = debug
        self._project = None

    @property
    def project(self):
        if self._project is None:
            from ..project import find_project

            self._project = find_project(self.project_dir)
        return self._project


class KgGroup(click.Group):
    """A group that loads command modules lazily and turns KgErrors into one line and an exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            _report(exc, ctx)
            ctx.exit(exc.exit_code)
        except RecursionError:
            if _debug(ctx):
                raise
            click.echo("kg: error: input is nested too deeply to process safely", err=True)
            ctx.exit(EXIT_LIMIT)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: say so in one line, keep the traceback for --debug
            if _debug(ctx):
                raise
            click.echo(
                one_line(f"kg: internal error: {type(exc).__name__}: {exc} ")
                + "(run with --debug for the traceback, and please report it)",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _debug(ctx: click.Context) -> bool:
    obj = ctx.find_object(KgContext)
    return bool(obj and obj.debug)


def _report(exc: KgError, ctx: click.Context) -> None:
    if _debug(ctx):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    line = f"kg: error: {exc}"
    if exc.hint:
        line += f" ({exc.hint})"
    click.echo(one_line(line), err=True)


# Control characters (C0, DEL, C1) as escapes: a message quotes bytes of hostile input, which must
# neither break the one-line contract nor reach the terminal as escape sequences.
_CONTROLS = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0))}


def one_line(message: str) -> str:
    """The message with every control character written as an escape (a newline as \\n)."""
    return message.translate(_CONTROLS)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="kg")
@click.option(
    "-C",
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_PROJECT",
    help="Project folder (with ontology/, data/, queries/). Default: the current folder or its nearest parent that is one.",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None, debug: bool) -> None:
    """geokg: a knowledge graph of international relations.

    Build the graph from the project's ontology, shapes and source files, ask it questions in
    SPARQL, validate and add new facts, export it to other tools.

    \b
    Exit codes:
      0  success, or the graph conforms
      1  violations found (SHACL, OWL, hygiene)
      2  usage error: a bad option, name or query
      3  input could not be read or parsed
      4  refused by policy: network, update, unsafe input, overwrite
      5  resource limit or timeout
      6  remote endpoint error
    """
    ctx.obj = KgContext(project_dir, debug)


def run() -> None:
    """The `kg` program: main(), then an exit that skips the interpreter's last garbage collections.

    Whatever a command leaves in memory goes with the process, so the objects are frozen out of
    the collections Python runs while it shuts down: 8 ms of a 100 ms `kg query` (bench/query_cold.py).
    Everything else still runs (buffers flushed, atexit handlers, files closed). Only the program
    does this: main() called in-process (tests, other Python code) leaves the collector alone.
    """
    import gc

    try:
        main(prog_name="kg")
    finally:
        gc.freeze()
