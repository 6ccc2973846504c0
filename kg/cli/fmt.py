"""kg fmt."""

from __future__ import annotations

from pathlib import Path

import click

from kg.errors import EXIT_VIOLATIONS
from kg.cli.options import kg_context, limits_from_env


@click.command("fmt")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if any file is not in canonical form.")
@click.pass_context
def fmt_cmd(ctx: click.Context, files: tuple[Path, ...], check: bool) -> None:
    """Rewrite Turtle files in the canonical, diff-friendly style.

    Without FILES, formats the project's ontology, shapes and data files. Every file is parsed
    strictly before any is written, and each is replaced atomically.

    Example: kg fmt --check
    """
    from kg.rdf import fmt

    project = kg_context(ctx).project if not files else _project_or_none(ctx)
    paths = list(files) or fmt.turtle_files(project)
    results = fmt.format_files(paths, project=project, check_only=check, limits=limits_from_env())
    changed = [r for r in results if r.changed]
    for r in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {r.path}")
    click.echo(f"{len(changed)} of {len(results)} files {'need formatting' if check else 'reformatted'}", err=True)
    if check and changed:
        ctx.exit(EXIT_VIOLATIONS)


def _project_or_none(ctx: click.Context):
    """The project of -C or the current folder, or None: kg fmt FILE… also formats files of no project."""
    from kg.errors import InputError

    try:
        return kg_context(ctx).project
    except InputError:
        return None
