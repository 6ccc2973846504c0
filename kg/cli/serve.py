"""kg serve."""

from __future__ import annotations

from pathlib import Path

import click

from kg import __version__
from kg.errors import UsageError
from kg.cli.failures import one_line
from kg.cli.options import kg_context, limits_from_env, open_graph, store_option

DEFAULT_PORT = 7878  # Oxigraph's, so tools set up for `oxigraph serve` find kg serve too
# The web pages read a copy in memory up to this size (~115 MB, ~3 s to copy at 300,000 quads); beyond
# it they read the store on disk, 2.5x slower a page but with nothing to copy (docs/PERFORMANCE.md).
PAGES_IN_MEMORY_QUADS = 300_000


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="The TCP port to listen on; 0 picks a free one (the start line says which).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on. Any other than a loopback address lets other machines query the graph.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop a query after this many seconds; the client gets HTTP 503. Default: KG_QUERY_TIMEOUT or 30.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="How many queries run at once, each in a process of its own with a copy of the graph.",
)
@click.option(
    "--no-ui",
    is_flag=True,
    help="Serve only the SPARQL endpoint, without the web pages for people.",
)
@store_option
@click.pass_context
def serve_cmd(ctx, port: int, host: str, timeout: float | None, workers: int, no_ui: bool, store_dir: Path | None) -> None:
    """Serve the graph read-only: web pages for people, a SPARQL endpoint for tools.

    Answers the SPARQL 1.1 Protocol at http://HOST:PORT/query (GET ?query=…, or POST), with the
    checks of kg query: SPARQL Update, SERVICE, LOAD and FROM a graph the store does not have are
    refused (HTTP 403) before anything runs, and a query that runs past --timeout is stopped (503).
    Results come in the format the Accept header asks for. Beside it, http://HOST:PORT/ is a web UI:
    an entity page per entity (/entity/Iran), source pages, the canned questions with forms and the
    SPARQL page, whose queries run under the same checks and timeout. Ctrl-C stops the server.

    Example: kg serve --port 7878 (then open http://127.0.0.1:7878/, or:
    kg query --endpoint http://127.0.0.1:7878 -n sources)
    """
    import tempfile

    from kg.interop import serve
    from kg.query.run import LocalEngine
    from kg.query.workers import WorkerPool

    limits = limits_from_env().with_timeout(timeout)
    graph = open_graph(ctx, store_dir, limits)
    names = LocalEngine(graph).graph_names()
    endpoint = serve.Endpoint(names, None, limits.query_timeout, limits)
    if not no_ui:  # the workers read the store on disk; the pages a copy in memory when it is small
        endpoint.ui = _pages(ctx, graph.in_memory(PAGES_IN_MEMORY_QUADS), names, endpoint, limits)
    try:
        server = serve.make_server(endpoint, host, port, lambda line: click.echo(one_line(line), err=True), __version__)
    except OSError as exc:
        raise UsageError(f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc})") from None
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as folder:
        endpoint.pool = WorkerPool(_snapshot(graph, Path(folder)), workers, log=lambda line: click.echo(one_line(line), err=True),
                                   limits=limits)
        try:
            _announce(server, host, len(graph.store), len(names), workers, limits.query_timeout, not no_ui)
            _serve_until_stopped(server)
        finally:
            server.server_close()
            endpoint.pool.close()
    click.echo("kg serve: stopped", err=True)


def _pages(ctx, graph, names: set[str], endpoint, limits):
    """The web UI over the same graph; its queries go to the endpoint's workers, under its timeout."""
    from kg.web.app import App

    return App(graph, kg_context(ctx).project.queries_dir, names, lambda job: endpoint.pool.run(job, endpoint.timeout),
               limits)


def _snapshot(graph, folder: Path):
    """What the workers load: the on-disk store itself, or an N-Quads dump of the checked graph."""
    import pyoxigraph as ox

    from kg.query.workers import Snapshot

    if graph.location is not None:
        return Snapshot("store", str(graph.location))
    path = folder / "graph.nq"
    graph.store.dump(str(path), format=ox.RdfFormat.N_QUADS)
    return Snapshot("nquads", str(path))


def _announce(server, host: str, triples: int, graphs: int, workers: int, timeout: float, ui: bool) -> None:
    import ipaddress

    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        click.echo(
            f"kg: warning: listening on {host}, not on a loopback address: anyone who can reach this machine "
            "on that port can query the graph",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    port = server.server_address[1]
    click.echo(
        f"kg serve: read-only SPARQL endpoint at http://{shown}:{port}/query ({triples:,} triples in {graphs} "
        f"graphs; {workers} worker(s); queries stop after {timeout:g} s; Ctrl-C stops)"
    )
    if ui:
        click.echo(f"kg serve: web pages at http://{shown}:{port}/")


def _serve_until_stopped(server) -> None:
    """Serve until Ctrl-C or SIGTERM (both end the loop the same way)."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
