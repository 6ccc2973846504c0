"""The click group behind `kg`: global options, lazy commands, and KgErrors turned into exit codes."""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from kg import __version__
from kg.cli import COMMANDS, failures
from kg.cli.declaration import GLOBAL_OPTIONS
from kg.cli.options import click_params


class KgContext:
    """What every command needs from the group: the project folder and the debug switch."""

    def __init__(self, project_dir: Path | None, debug: bool):
        self.project_dir = project_dir
        self.debug = debug
        self._project = None

    @property
    def project(self):
        if self._project is None:
            from kg.project import find_project

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
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            ctx.exit(failures.report(exc, _debug(ctx)))


def _debug(ctx: click.Context) -> bool:
    obj = ctx.find_object(KgContext)
    return bool(obj and obj.debug)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="kg")
@click_params(GLOBAL_OPTIONS)
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None, memory: int | None, debug: bool) -> None:
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
      5  resource limit, memory budget or timeout
      6  remote endpoint error
    """
    ctx.obj = KgContext(project_dir, debug)
    from kg.cli import memory as budget, owns_process

    budget.choose(memory)
    if owns_process() and ctx.invoked_subcommand is not None:
        budget.guard(ctx.invoked_subcommand)
