"""kg build and kg stats."""

from __future__ import annotations

from pathlib import Path

import click

from kg.errors import EXIT_VIOLATIONS
from kg.cli.options import chosen_store, kg_context, limits_from_env, open_graph, store_option, text_or_json_option
from kg.cli.failures import one_line
from kg.cli.output import echo_json, format_table


@click.command("build")
@store_option
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (parsing stays strict).")
@text_or_json_option
@click.pass_context
def build_cmd(ctx: click.Context, store_dir: Path | None, no_validate: bool, fmt: str) -> None:
    """Parse every file strictly, validate against the shapes, print a summary.

    The graph is written to the project's store (.kg/store, or --store DIR) that later commands
    reuse; the previous store stays in place unless the new graph is complete and conforms. When
    files changed since the last build, only their graphs are replaced and only the nodes the
    change can affect are validated again, where that provably gives what a full build gives;
    otherwise everything is built again and the summary says why. --no-store: in memory only.

    Example: kg build   (then edit a file in data/sources/ and run it again: "refreshed: 1 changed file")
    """
    from kg.store import build

    report = build.build(kg_context(ctx).project, chosen_store(ctx, store_dir), limits_from_env(), validate=not no_validate)
    for warning in report.unread:
        click.echo(one_line(f"kg: warning: {warning}"), err=True)
    if fmt == "json":
        echo_json(build_json(report))
    else:
        click.echo(render_build(report))
    if not report.conforms:
        ctx.exit(EXIT_VIOLATIONS)


@click.command("stats")
@store_option
@text_or_json_option
@click.pass_context
def stats_cmd(ctx: click.Context, store_dir: Path | None, fmt: str) -> None:
    """Count triples per named graph and instances per class.

    Example: kg stats -f json
    """
    from kg.store import stats

    result = stats.collect(open_graph(ctx, store_dir, limits_from_env()))
    if fmt == "json":
        echo_json(stats_json(result))
    else:
        click.echo(render_stats(result))


def render_stats(result) -> str:
    graphs = format_table(
        ["graph", "role", "triples", "facts"],
        [[g.name, g.role, g.triples, g.facts] for g in result.graphs],
        indent="  ",
    )
    classes = format_table(
        ["class", "label", "asserted", "with subclasses"],
        [[c.cls, c.label, c.asserted, c.total] for c in result.classes],
        indent="  ",
    )
    head = f"{result.triples:,} triples in {len(result.graphs)} named graphs, {result.sources} sources"
    return f"{head}\n\nNamed graphs\n{graphs}\n\nInstances per class\n{classes}"


def stats_json(result) -> dict:
    return {
        "triples": result.triples,
        "sources": result.sources,
        "graphs": [
            {"graph": g.graph, "name": g.name, "role": g.role, "triples": g.triples, "facts": g.facts}
            for g in result.graphs
        ],
        "classes": [
            {"class": c.cls, "label": c.label, "asserted": c.asserted, "total": c.total} for c in result.classes
        ],
    }


def render_build(report) -> str:
    lines = [render_stats(report.stats), ""]
    if report.shacl is None:
        lines.append("SHACL validation: skipped (--no-validate)")
    else:
        s = report.shacl
        from kg.shacl.report import severity_text

        verdict = "conforms" if s.conforms else "does NOT conform"
        custom = f", {s.count_custom()} of other severities" if s.count_custom() else ""
        lines.append(
            f"SHACL validation: {verdict} ({s.count('violation')} violations, {s.count('warning')} warnings{custom})"
        )
        for r in s.results:
            value = f" value {r.value}" if r.value else ""
            path = f" {r.path}" if r.path else ""
            lines.append(f"  {severity_text(r.severity)}: {r.focus}{path}{value}: {r.message}")
    where = f"store {report.store_dir}" if report.store_dir else "in memory"
    if report.store_dir and not report.conforms:
        where += " (not updated: the graph does not conform)"
    how = f" ({report.how})" if report.how else ""
    lines.append(f"Built {where} in {report.seconds:.2f} s{how}")
    return "\n".join(lines)


def build_json(report) -> dict:
    data = {"stats": stats_json(report.stats), "seconds": round(report.seconds, 3)}
    data["store"] = str(report.store_dir) if report.store_dir else None
    if report.how:
        data["how"] = report.how
    if report.shacl is not None:
        data["conforms"] = report.shacl.conforms
        from kg.shacl.report import result_json

        data["results"] = [result_json(r) for r in report.shacl.results]
    else:
        data["conforms"] = None
    return data
