"""Small rendering helpers shared by commands: aligned tables and JSON, always to stdout."""

from __future__ import annotations

import click

from kg.query.results import format_table

__all__ = ["echo_json", "format_table"]


def echo_json(data: object) -> None:
    import json

    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
