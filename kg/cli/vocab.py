"""kg vocab."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from kg.cli.options import kg_context, limits_from_env, open_graph, output_format_option, store_option
from kg.cli.output import echo_json
from kg.errors import EXIT_VIOLATIONS, UsageError
from kg.rdf.terms import escape_controls

WIDTH = 100
LABEL_WIDTH = 14


@click.command("vocab")
@click.argument("term", nargs=-1)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if docs/VOCABULARY.md is not current.")
@click.option("--write", is_flag=True, help="Write docs/VOCABULARY.md, the whole reference as Markdown.")
@store_option
@output_format_option("text", "json", "md")
@click.pass_context
def vocab_cmd(ctx: click.Context, term: tuple[str, ...], check: bool, write: bool, store_dir: Path | None,
              fmt: str) -> None:
    """Look up the classes and properties of the ontology: definition, domain, range, an example.

    Without TERM, lists every class, property and named individual with its label; with TERM
    (a prefixed name such as kg:Meeting, a local name, a label such as "arms purchase", or an
    IRI), prints that term: label, definition, domain, range, the terms above and below it, and
    one example triple from the data. An unknown term exits 3 with the nearest names. -f md
    prints the whole reference as Markdown, as docs/VOCABULARY.md holds it; --write rewrites
    that file and --check exits 1 when it is not current.

    Example: kg vocab kg:recipient
    """
    from kg.query import vocab, vocab_markdown

    if (check or write) and (term or (check and write)):
        raise UsageError("--check and --write take no TERM and exclude each other")
    project = kg_context(ctx).project
    store = open_graph(ctx, store_dir, limits_from_env()).store
    # Examples cost a read of every use of each term: only what prints them (one term, md, json) pays.
    terms = vocab.vocabulary(store, examples=not term and (check or write or fmt != "text"))
    where = vocab_markdown.REFERENCE
    if check:
        if not vocab_markdown.is_current(project, terms):
            click.echo(f"{where} is not current: run kg vocab --write", err=True)
            ctx.exit(EXIT_VIOLATIONS)
        click.echo(f"{where} is current ({len(terms)} terms)", err=True)
    elif write:
        written = vocab_markdown.write_reference(project, terms)
        click.echo(f"{'wrote' if written else 'unchanged:'} {where} ({len(terms)} terms)", err=True)
    elif term:
        _print_term(vocab.with_example(store, vocab.find_term(terms, " ".join(term))), fmt)
    elif fmt == "md":
        click.echo(vocab_markdown.markdown(terms), nl=False)  # one line per field, control characters dropped
    elif fmt == "json":
        echo_json([t.to_json() for t in terms])
    else:
        width = max(len(t.name) for t in terms) if terms else 0
        for t in terms:
            click.echo(escape_controls(f"{t.name:<{width}}  {t.kind:<18}  {t.label}".rstrip()))


def _print_term(term, fmt: str) -> None:
    if fmt == "json":
        echo_json(term.to_json())
        return
    if fmt == "md":
        from kg.query.vocab_markdown import entry

        click.echo(entry(term))
        return
    above, below = ("subclass of", "subclasses") if term.kind == "class" else ("subproperty of", "subproperties")
    example = ""
    if term.example is not None:
        through = f", an instance of {term.example.through}" if term.example.through else ""
        example = f"{term.example.triple}  (in {term.example.graph}{through})"
    lines = [f"{term.name}  ({term.kind})"]
    for name, value in (("label", term.label), ("definition", term.definition), ("type", ", ".join(term.types)),
                        ("domain", "; ".join(term.domain)), ("range", "; ".join(term.range)),
                        (above, ", ".join(term.supers)), (below, ", ".join(term.subs)),
                        ("example", example or "none in the data"), ("IRI", term.iri)):
        if value:
            head = f"  {name:<{LABEL_WIDTH}} "
            lines += textwrap.wrap(value, WIDTH, initial_indent=head, subsequent_indent=" " * len(head),
                                   break_on_hyphens=False) or [head]
    click.echo("\n".join(escape_controls(line) for line in lines))
