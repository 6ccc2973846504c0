"""kg show."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from kg.cli.options import limits_from_env, open_graph, store_option, text_or_json_option
from kg.cli.output import echo_json
from kg.rdf.terms import escape_controls

WIDTH = 100
LABEL_WIDTH = 12


@click.command("show")
@click.argument("entity", nargs=-1, required=True)
@store_option
@text_or_json_option
@click.pass_context
def show_cmd(ctx: click.Context, entity: tuple[str, ...], store_dir: Path | None, fmt: str) -> None:
    """Show everything known about one entity, each fact with its date, source and quote.

    ENTITY is a label or alternative label (any case; several words need no quotes), a prefixed
    name such as kgr:Iran, or a full IRI. An exact label wins over alternative labels ("Moscow"
    is the city; kgr:Russia is the state). An unknown name exits 3 with the closest names; a
    name shared by several entities exits 2 with the candidates.

    Example: kg show the Kremlin
    """
    from kg.query import show

    report = show.show(open_graph(ctx, store_dir, limits_from_env()), " ".join(entity))
    if fmt == "json":
        echo_json(report.to_json())
    else:
        click.echo(render_report(report))  # every line's control characters escaped (render_report)


def render_report(report) -> str:
    lines = [f"{report.label or report.name}  ({report.name})"]
    lines += _field("type", ", ".join(report.types))
    lines += _field("also called", ", ".join(report.alt_labels))
    lines += _field("Wikidata", report.wikidata)
    lines += _field("about", report.comment)
    lines += ["", f"Facts ({len(report.facts)})"]
    for fact in report.facts:
        lines += [""] + _fact_lines(fact, report)
    if report.links:
        lines += ["", f"Links ({len(report.links)})"]
        lines += [
            f"  {link.subject.label}  {_role(link.predicate)}  {link.object.label}  [{link.graph}]" for link in report.links
        ]
    return "\n".join(escape_controls(line) for line in lines)  # labels come from the data: no terminal escapes


def _fact_lines(fact, report) -> list[str]:
    when = f"{fact.when}  " if fact.when else ""
    lines = [f"{when}{fact.label or fact.node}"]
    lines += _field("fact", f"{fact.node}  ({', '.join(fact.classes)})" if fact.classes else fact.node)
    lines += _field("date note", fact.date_note)
    lines += _field("role", ", ".join(_role(r) for r in fact.entity_roles))
    if "kg:OfficeDesignation" in fact.classes:
        lines += _field("in office", "no: chosen for the office, not yet in it")
    for role in fact.participants:
        lines += _field(_role(role.role), _named(role.label, role.name))
    lines += _field("status", fact.status)
    unnamed = "nobody named" if fact.status in ("reported", "alleged") else ""
    lines += _field("claimed by", ", ".join(ref.label for ref in fact.claimed_by) or unnamed)
    lines += _field("belief of", ", ".join(ref.label for ref in fact.held_by))
    for content in fact.content:
        lines += _field("content", f"{_named(content.label, content.node)}: {', '.join(content.kinds)}, {content.status or 'no status'}")
        lines += _field("its roles", _roles(content.roles))
    for claim in fact.content_of:
        who = [claim.status] + [f"claimed by {r['label']}" for r in claim.claimed_by] + [f"belief of {r['label']}" for r in claim.held_by]
        lines += _field("content of", f"{_named(claim.label, claim.node)}; " + "; ".join(w for w in who if w))
    for prop, value in fact.details:
        lines += _field(_role(prop), value)
    lines += _field("source", fact.source)
    for sentence in fact.evidence:
        lines += _field("evidence", f"“{sentence}”")
    return lines


def _named(label: str, name: str) -> str:
    return label if not label or label == name else f"{label} ({name})"


def _roles(roles: list[dict]) -> str:
    """`agent: Russia; counterpart: Iran, United States`: each role once, its actors in order."""
    grouped: dict[str, list[str]] = {}
    for role in roles:
        grouped.setdefault(_role(role["role"]), []).append(role["label"] or role["name"])
    return "; ".join(f"{role}: {', '.join(names)}" for role, names in grouped.items())


def _role(prefixed: str) -> str:
    """kg:recipient reads as "recipient"; other vocabularies keep their prefix."""
    return prefixed[3:] if prefixed.startswith("kg:") else prefixed


def _field(name: str, value: str) -> list[str]:
    """`  name        value`, the value wrapped under itself; nothing when the value is empty."""
    if not value:
        return []
    head = f"  {name:<{LABEL_WIDTH}} "
    if len(head) > LABEL_WIDTH + 3:
        head = f"  {name}: "
    return textwrap.wrap(value, WIDTH, initial_indent=head, subsequent_indent=" " * (LABEL_WIDTH + 3)) or [head]
