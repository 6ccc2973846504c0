"""kg check."""

from __future__ import annotations

from pathlib import Path

import click

from kg.errors import EXIT_VIOLATIONS
from kg.findings import ROBOT_NAMES, SEVERITIES
from kg.project import INFERRED_FILE
from kg.cli.options import kg_context, limits_from_env, open_graph, store_option, text_or_json_option
from kg.cli.output import echo_json, format_table

FIRST = 10  # inferred types listed without --all


@click.command("check")
@store_option
@click.option("--materialize", is_flag=True,
              help="Write the inferred triples (types, inverse, sub-property and chain values) to data/inferred.ttl.")
@click.option("--no-reasoner", is_flag=True, help="Only the hygiene checks and the staleness of data/inferred.ttl; no Java needed.")
@click.option("--all", "show_all", is_flag=True, help=f"List every individual with inferred types, not the first {FIRST}.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop HermiT after this many seconds, with exit 5. Default: KG_REASONER_TIMEOUT or 300.",
)
@text_or_json_option
@click.pass_context
def check_cmd(ctx: click.Context, store_dir: Path | None, materialize: bool, no_reasoner: bool, show_all: bool,
              timeout: float | None, fmt: str) -> None:
    """Check OWL consistency with HermiT, list inferred types, and report ontology hygiene.

    HermiT (through owlready2; needs Java 17+) reasons over a cleaned copy of the ontology and the
    asserted facts: no owl:imports, no network. It reports an inconsistency with the individuals
    and axioms involved, unsatisfiable classes, and the types it infers that nobody asserted.
    The hygiene rules (labels, comments, domains and ranges, a path to a top class, version and
    license, declared terms) need no Java. Exit 0 when all is well, 1 when anything is wrong,
    4 when Java is missing.

    Example: kg check --materialize
    """
    from kg.reasoning import check

    limits = limits_from_env()
    report = check.check(kg_context(ctx).project, graph=lambda: open_graph(ctx, store_dir, limits), reasoner=not no_reasoner,
                         materialize=materialize, timeout=timeout, limits=limits)
    if fmt == "json":
        echo_json(check_json(report))
    else:
        click.echo(render_check(report, show_all))
    if not report.ok:
        ctx.exit(EXIT_VIOLATIONS)


def render_check(report, show_all: bool) -> str:
    lines = _reasoner_lines(report, show_all)
    lines.append(_inferred_line(report))
    lines.append("")
    e, w, i = (report.count(s) for s in SEVERITIES)
    lines.append(f"Ontology hygiene: {_count(e, 'error')}, {_count(w, 'warning')}, {i} info")
    if report.hygiene:
        rows = [[ROBOT_NAMES[f.severity], f.constraint, f.where or "-", f.message] for f in report.hygiene]
        lines.append(format_table(["severity", "rule", "where", "message"], rows, indent="  "))
    lines.append("")
    verdict = "no problems" if report.ok else "problems found"
    lines.append(f"Checked in {report.seconds:.2f} s: {verdict}")
    return "\n".join(lines)


def _reasoner_lines(report, show_all: bool) -> list[str]:
    if not report.reasoner_ran:
        return ["OWL consistency: not checked (--no-reasoner)"]
    verdict = "consistent" if report.consistent else "INCONSISTENT"
    lines = [f"OWL consistency (HermiT through owlready2, {report.reasoner_seconds:.2f} s): {verdict}"]
    lines += [f"  {c.message}" for c in report.culprits]
    if not report.consistent:
        return lines + ["Unsatisfiable classes and inferred types: not computed (the graph is inconsistent)"]
    lines.append("Unsatisfiable classes: " + (", ".join(report.unsatisfiable) or "none"))
    changes = report.type_changes
    shown = changes if show_all else changes[:FIRST]
    lines.append(f"Inferred types that differ from the asserted ones: {_count(len(changes), 'individual')}")
    if shown:
        rows = [[c.individual, " ".join(c.asserted) or "(none)", " ".join(c.inferred)] for c in shown]
        lines.append(format_table(["individual", "asserted", "inferred"], rows, indent="  "))
    if len(shown) < len(changes):
        lines.append(f"  … and {len(changes) - len(shown)} more (--all lists every one)")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _inferred_line(report) -> str:
    written = report.materialized
    if written is not None:
        return (f"Inferred graph: wrote {INFERRED_FILE} with {written.triples:,} triples "
                f"({written.types:,} types, {written.property_values:,} property values)")
    status = {
        "absent": f"no {INFERRED_FILE} (kg check --materialize writes it)",
        "current": f"{INFERRED_FILE} is up to date",
        "stale": f"{INFERRED_FILE} is STALE: the asserted files changed since it was written; run kg check --materialize",
    }[report.inferred_status]
    return f"Inferred graph: {status}"


def check_json(report) -> dict:
    from kg.reasoning import hygiene

    written = report.materialized
    return {
        "ok": report.ok,
        "seconds": round(report.seconds, 3),
        "reasoner": {
            "ran": report.reasoner_ran,
            "consistent": report.consistent,
            "seconds": None if report.reasoner_seconds is None else round(report.reasoner_seconds, 3),
            "culprits": [{"subject": c.focus, "message": c.message} for c in report.culprits],
            "unsatisfiable": report.unsatisfiable,
            "inferred_types": [
                {"individual": c.individual, "asserted": list(c.asserted), "inferred": list(c.inferred)}
                for c in report.type_changes
            ],
        },
        "inferred_graph": {
            "status": report.inferred_status,
            "written": None if written is None else {
                "path": str(written.path), "triples": written.triples, "types": written.types,
                "property_values": written.property_values,
            },
        },
        "hygiene": [hygiene.to_json(f) for f in report.hygiene],
        "hygiene_counts": {ROBOT_NAMES[s]: report.count(s) for s in SEVERITIES},
    }
