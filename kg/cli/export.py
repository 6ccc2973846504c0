"""kg export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import graph_option, limits_from_env, open_graph, store_option

FORMAT_CHOICES = ["ttl", "nt", "nq", "trig", "jsonld", "rdfxml", "owl", "graphml", "turtle", "ntriples", "nquads", "xml"]


@click.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES, case_sensitive=False),
    help="Output format. Default: guessed from -o FILE's extension, else ttl.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (atomically) instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing -o FILE (a symbolic link is replaced, never written through).")
@graph_option
@click.option("--no-ontology", is_flag=True, help="Leave the ontology graph out.")
@store_option
@click.pass_context
def export_cmd(ctx, fmt: str | None, output: Path | None, force: bool, graphs: tuple[str, ...], no_ontology: bool, store_dir: Path | None) -> None:
    """Write the graph for other tools, the same bytes for the same graph.

    Formats: ttl, nt, nq, trig, jsonld, rdfxml; owl (RDF/XML that Protégé, the OWL API and
    HermiT reason over: dates as xsd:dateTime with the text kept as kg:writtenAs, individuals
    declared); and graphml for Gephi, Cytoscape and networkx. By default every named graph except
    the shapes goes out; ttl, nt, rdfxml, owl and graphml merge them into one graph (a note on
    stderr says so), nq, trig and jsonld keep each graph's name. -o NAME.owl means -f owl.

    \b
    Example: kg export -o graph.ttl --no-ontology
             kg export -o geokg.owl
    """
    from kg.interop import export

    fmt_name = export.export_format(fmt, output)
    if output is not None:
        export.check_target(output, force)  # refuse before the work, not after it
    graph = open_graph(ctx, store_dir, limits_from_env())
    result = export.export_graph(graph, fmt_name, graphs=graphs, ontology=not no_ontology)
    if result.names_dropped:
        click.echo(
            f"kg: note: {fmt_name} has no named graphs: {len(result.graphs)} graph(s) merged into one and their "
            "names dropped (use -f trig or -f nq to keep them)",
            err=True,
        )
    rewritten = result.rewritten
    if rewritten is not None and rewritten.count:
        from kg.rdf.terms import term_text

        click.echo(
            f"kg: note: {rewritten.count:,} literal(s) of the files are written in the store's canonical form, "
            f"the same value in other text (first: {rewritten.path}: {term_text(rewritten.written)} "
            f"as {term_text(rewritten.stored)})",
            err=True,
        )
    if output is None:
        sys.stdout.flush()
        result.copy_to(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    result.write(output, force=force)
    click.echo(f"kg: wrote {output} ({fmt_name}, {result.statements:,} statements, {result.size:,} bytes)", err=True)
