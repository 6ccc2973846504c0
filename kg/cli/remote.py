"""kg push."""

from __future__ import annotations

from pathlib import Path

import click

from kg.interop.push import DEFAULT_BATCH
from kg.cli.options import endpoint_options, graph_option, limits_from_env, open_graph, store_option
from kg.cli.output import format_table


@click.command("push")
@endpoint_options
@graph_option
@click.option("--dry-run", is_flag=True, help="Print what would be sent (graphs, triples, size, time) and send nothing.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH,
    show_default=True,
    metavar="TRIPLES",
    help="Graphs larger than this go as one PUT then POSTs of this many triples.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Also delete remote graphs named under the project's namespaces that the project no longer has "
    "(a removed source file). Off by default: other remote graphs are never touched.",
)
@store_option
@click.pass_context
def push_cmd(ctx, endpoint: str, query_url, store_url, timeout, graphs, dry_run: bool, batch_size: int, prune: bool, store_dir: Path | None) -> None:
    """Upload the named graphs to a remote SPARQL store, then check the triple counts.

    Each graph replaces the remote graph of the same name (Graph Store Protocol PUT), so pushing
    again changes nothing; remote graphs that are not pushed are left alone, unless --prune.
    By default every named graph goes, shapes included, so remote queries see what local ones
    see. Credentials come from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (Basic, or Digest when
    the server asks, as Virtuoso does) or KG_ENDPOINT_TOKEN. Exit 6 when the store fails,
    cannot be reached, or ends up with other counts than the local graph.

    Example: KG_ENDPOINT_TOKEN=… kg push --endpoint http://localhost:3030/geokg --graph entities
    """
    from kg import graph_selection
    from kg.interop import push
    from kg.errors import RemoteError

    from kg.cli.environment import endpoint as remote_endpoint

    ep = remote_endpoint(endpoint, query_url=query_url, store_url=store_url, timeout=timeout)
    store = open_graph(ctx, store_dir, limits_from_env()).store
    chosen = graph_selection.select(store, graphs, include_shapes=True)
    if dry_run:
        click.echo(render_plan(push.plan(store, chosen, batch_size), ep, push.estimated_seconds))
        return
    report = push.push(store, ep, chosen, batch_size, prune=prune)
    click.echo(render_report(report, ep))
    if not report.ok:
        bad = [graph_selection.display_name(r.graph) for r in report.results if not r.ok]
        raise RemoteError(f"the remote counts differ from the local ones for {', '.join(bad)}")


def render_plan(plans, ep, estimate) -> str:
    from kg.graph_selection import display_name

    rows = [[display_name(p.graph), p.triples, p.ntriples_bytes, p.requests] for p in plans]
    rows.append(["total", sum(p.triples for p in plans), sum(p.ntriples_bytes for p in plans), sum(p.requests for p in plans)])
    table = format_table(["graph", "triples", "N-Triples bytes", "requests"], rows, indent="  ")
    return (
        f"Would push {len(plans)} graph(s) to {ep.store_url} (dry run: nothing was sent)\n{table}\n"
        f"Estimated time: about {max(estimate(plans), 1):.0f} s, at the rate measured against a local Oxigraph server"
    )


def render_report(report, ep) -> str:
    from kg.graph_selection import display_name

    rows = [[display_name(r.graph), r.local, r.remote, r.ok] for r in report.results]
    table = format_table(["graph", "local", "remote", "ok"], rows, indent="  ")
    total = sum(r.local for r in report.results)
    pruned = "".join(f"\nDeleted remote graph {display_name(g)}: the project no longer has it" for g in report.pruned)
    note = ""
    if report.default_graph_seen is False:
        note = (
            "\nNote: the store's default graph is empty, so plain SPARQL clients see nothing outside GRAPH { }; "
            "kg query --endpoint names the graphs itself. Oxigraph: start it with --union-default-graph"
        )
    return f"Pushed {len(report.results)} graph(s), {total:,} triples, to {ep.store_url} in {report.seconds:.1f} s\n{table}{pruned}{note}"
