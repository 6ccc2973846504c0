"""kg validate and kg add."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.errors import EXIT_VIOLATIONS, UsageError, ViolationsFound
from kg.cli.options import chosen_store, input_format_option, kg_context, limits_from_env, output_format_option, store_option
from kg.cli.output import echo_json


STDIN = "<stdin>"
_TEXT_HELP = ("The article the facts come from: every kg:evidence must be in it verbatim (whitespace and "
              "typographic quotes aside); each that is not is a violation at its line and column.")


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@input_format_option
@output_format_option("text", "json", "ttl")
@click.option("--text", "article", metavar="ARTICLE", type=click.Path(path_type=Path), help=_TEXT_HELP)
@click.pass_context
def validate_cmd(ctx: click.Context, files: tuple[Path, ...], store_dir: Path | None, input_format: str | None, fmt: str,
                 article: Path | None) -> None:
    """Check new facts against the ontology, the shapes and the existing graph.

    The files are read together as one set of new facts (Turtle, TriG, N-Triples, N-Quads or
    JSON-LD); - reads standard input (Turtle unless --input-format says otherwise). Checks:
    strict syntax (exit 3 with file, line and column), vocabulary (unknown terms and entities,
    with the nearest names), SHACL shapes on the new facts together with the existing graph,
    the ontology's axioms (disjoint classes, domains, ranges, literals where entities belong,
    dates) and provenance (evidence and a known source on every fact). Each problem is one
    `file:line:column: severity: message` line at the offending triple, under the line of its
    subject. A "did you mean" is a suggestion: nothing is changed. Warnings do not fail;
    violations exit 1. With --text ARTICLE, every kg:evidence must also be verbatim in the
    article.

    Example: kg validate examples/made-up-iran-fighters-draft.ttl
    """
    from kg.validation import validate

    inputs = _inputs(list(files), input_format)
    report = validate.validate_files(kg_context(ctx).project, inputs, chosen_store(ctx, store_dir), input_format,
                                     limits_from_env())
    missing = _not_verbatim(inputs, article, input_format)
    if fmt == "json":
        echo_json(report_json(report) | ({"not_in_text": [_missing_json(m) for m in missing]} if article else {}))
    elif fmt == "ttl":
        from kg.rdf.turtle import serialize_turtle
        from kg.validation.report import report_triples

        click.echo(serialize_turtle(report_triples(report)), nl=False)
    else:
        click.echo(render_report(report, missing))
    if not report.conforms or missing:
        ctx.exit(EXIT_VIOLATIONS)


def _inputs(files: list[Path], input_format: str | None) -> list:
    """The files, with `-` read from standard input (once; Turtle unless --input-format says otherwise)."""
    if sum(str(f) == "-" for f in files) > 1:
        raise UsageError("- (standard input) can be given only once")
    return [_stdin(input_format) if str(f) == "-" else f for f in files]


def _stdin(input_format: str | None):
    from kg.rdf.reading import check_bytes, format_name

    limits = limits_from_env()
    data = sys.stdin.buffer.read(limits.max_file_bytes + 1)
    return check_bytes(data, STDIN, format_name(input_format or "turtle"), limits)


def _shown(file) -> str:
    return STDIN if str(file) == "-" else str(file)


def _not_verbatim(files: list, article: Path | None, input_format: str | None) -> list:
    if article is None:
        return []
    from kg.draft.verbatim import check_evidence

    return check_evidence(files, article, input_format, limits_from_env())


def _missing_json(m) -> dict:
    return {"file": m.file, "line": m.line, "column": m.column, "subject": m.subject, "evidence": m.evidence}


@click.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--source", "slug", metavar="SLUG", help="The source the facts come from (src:SLUG). Default: the one the file names.")
@store_option
@input_format_option
@click.option("--text", "article", metavar="ARTICLE", type=click.Path(path_type=Path), help=_TEXT_HELP)
@click.pass_context
def add_cmd(ctx: click.Context, file: Path, slug: str | None, store_dir: Path | None, input_format: str | None,
            article: Path | None) -> None:
    """Validate new facts, then write them into their source's data file.

    Runs every check of kg validate; on any violation nothing changes and the exit code is 1.
    Otherwise the facts are merged into data/sources/SLUG.ttl (a new file for a new source) in
    the canonical Turtle style, written atomically, and the store (.kg/store or --store) is refreshed. Adding the
    same facts again adds nothing. A second kg add running at the same time is refused (exit 4).
    Give - as the file to read standard input (Turtle unless --input-format says otherwise).
    With --text ARTICLE, nothing is added unless every kg:evidence is verbatim in the article.

    Example: kg add examples/made-up-iran-fighters.ttl --store .kg/store
    """
    from kg.validation import add

    project = kg_context(ctx).project
    (given,) = _inputs([file], input_format)
    missing = _not_verbatim([given], article, input_format)
    if missing:
        for m in missing:
            click.echo(str(m))
        raise ViolationsFound(f"nothing was added: {_plural(len(missing), 'evidence sentence')} of {_shown(file)} "
                              f"not found in {article}")
    store_dir = chosen_store(ctx, store_dir)
    result = add.add_file(project, given, slug=slug, store_dir=store_dir, input_format=input_format, limits=limits_from_env())
    report = result.report
    if report is not None and report.problems:
        click.echo(render_report(report))
    if report is not None and not report.conforms:
        raise ViolationsFound(f"nothing was added: {_shown(file)} has {_failing(report)}")
    where = os.path.relpath(result.path, project.root)
    if result.added == 0:
        click.echo(f"nothing to add: every triple of {_shown(file)} is already in {where}")
        return
    click.echo(f"added {_plural(result.added, 'triple')} to {where}" + (" (a new source file)" if result.created else ""))
    if result.store is not None:
        if result.store.conforms:
            click.echo(f"store {store_dir} refreshed")
        else:
            click.echo(f"kg: warning: store {store_dir} not refreshed: the graph has violations; run kg build", err=True)


def render_report(report, not_verbatim: list = ()) -> str:
    """One block per subject: `file:line  subject`, then each problem on one line,
    `file:line:column: severity: message`, at the offending triple (its value, else its property,
    else its subject); then the evidence sentences not found in the article (--text)."""
    from kg.errors import location
    from kg.findings import located

    blocks = []
    for group in report.by_subject():
        where = f"{group.file}:{group.line}" if group.line else group.file
        lines = [f"{where}  {_term(group.subject)}"]
        for p in group.problems:
            place = report.place(p)
            lines.append(located(location(place.file, place.line, place.column), _severity(p), _message(p)))
        blocks.append("\n".join(lines))
    if not_verbatim:
        blocks.append("\n".join(str(m) for m in not_verbatim))
    verdict = "conforms" if report.conforms and not not_verbatim else "does NOT conform"
    files = ", ".join(report.facts.files)
    summary = (f"{files}: {verdict}: {_failing(report, len(not_verbatim))}, "
               f"{_plural(report.count('warning'), 'warning')} "
               f"({_plural(len(report.facts.triples), 'triple')} about {_plural(len(report.facts.subjects), 'subject')})")
    return "\n\n".join([*blocks, summary])


def _message(problem) -> str:
    """The message, with the property and value it is about in brackets when it does not name them."""
    about = [_term(problem.path), _term(problem.value) if problem.value != problem.focus else ""]
    shown = " ".join(part for part in about if part and part not in problem.message)
    return f"{problem.message} [{shown}]" if shown else problem.message


def _term(term) -> str:
    from kg.rdf.terms import term_text

    return term_text(term)


def _severity(problem) -> str:
    from kg.shacl.report import severity_text

    return severity_text(problem.severity)


def report_json(report) -> dict:
    return {
        "conforms": report.conforms,
        "violations": report.count("violation"),
        "warnings": report.count("warning"),
        "files": report.facts.files,
        "triples": len(report.facts.triples),
        "seconds": round(report.seconds, 3),
        "subjects": [
            {
                "subject": _term(group.subject),
                "file": group.file,
                "line": group.line,
                "problems": [_problem_json(report, p) for p in group.problems],
            }
            for group in report.by_subject()
        ],
    }


def _problem_json(report, p) -> dict:
    place = report.place(p)
    return {
        "stage": p.stage,
        "severity": _severity(p),
        "property": _term(p.path),
        "value": _term(p.value),
        "message": p.message,
        "shape": p.shape,
        "constraint": p.constraint,
        "file": place.file,
        "line": place.line,
        "column": place.column,
    }


def _failing(report, not_verbatim: int = 0) -> str:
    """The violations (evidence not in the article counted among them), and the results of custom
    severities (which fail the same way) when there are any."""
    custom = report.count_custom()
    violations = report.count("violation") + not_verbatim
    return _plural(violations, "violation") + (f" and {custom:,} of other severities" if custom else "")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
