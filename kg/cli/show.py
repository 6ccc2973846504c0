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
    name shared by several entities exits 2 with the candidates. Facts come in date order; a
    source's (src:SLUG) in the order of its text, where the graph records it (kg:evidenceOffset).

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
    lines += ["", f"Facts ({len(report.facts)}){order_note(report)}"]
    for fact in report.facts:
        lines += [""] + _fact_lines(fact, report)
    if report.links:
        lines += ["", f"Links ({len(report.links)})"]
        lines += [
            f"  {link.subject.label}  {_role(link.predicate)}  {link.object.label}  [{link.graph}]" for link in report.links
        ]
    return "\n".join(escape_controls(line) for line in lines)  # labels come from the data: no terminal escapes


def order_note(report) -> str:
    """What order a source's facts are in; nothing for other entities (date order)."""
    if not report.text_order:
        return ""
    if not report.unplaced:
        return ", in the order of the text"
    return (f", in the order of the text; the last {report.unplaced} by date: the graph does not say where in the text"
            " their evidence stands")


def _fact_lines(fact, report) -> list[str]:
    when = f"{fact.date}  " if fact.date else ""
    lines = [f"{when}{fact.label or fact.node}"]
    lines += _field("fact", f"{fact.node}  ({', '.join(fact.classes)})" if fact.classes else fact.node)
    if fact.date_property and fact.date_property != "kg:date":
        lines += _field("date", f"{fact.date} ({_role(fact.date_property)})")
    lines += _field("date note", fact.date_note)
    lines += _field("role", ", ".join(_role(r) for r in fact.entity_roles))
    for role in fact.participants:
        shown = role.label if role.label == role.name else f"{role.label} ({role.name})"
        lines += _field(_role(role.role), shown)
    claimed = ", ".join(ref.label for ref in fact.claimed_by)
    status = fact.status + (f", claimed by {claimed}" if claimed else "")
    lines += _field("status", status.strip(", "))
    for prop, value in fact.details:
        lines += _field(_role(prop), value)
    lines += _field("source", fact.source)
    for sentence in fact.evidence:
        lines += _field("evidence", f"“{sentence}”")
    return lines


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
