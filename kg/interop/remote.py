"""A client for remote triple stores: SPARQL 1.1 Protocol and Graph Store HTTP Protocol, urllib only.

This module speaks the protocols (kg.interop.transport makes each HTTP exchange, kg.interop.auth
holds the credentials). The command line reads the environment and hands it to
`endpoint(environ=...)`; this module never reads the process's environment itself, so a library
caller decides what it may lend.

Queries always go as an HTML form POST (query=…), the one form every SPARQL 1.1 server accepts:
Virtuoso 7 never answers a POST with an application/sparql-query body (measured: no answer after
10 min), and a GET is cut at about 15 kB of query there. Answers are read with the quirks of real
servers made up for (kg.interop.answers).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping

from kg.errors import RemoteError, UsageError
from kg.interop.auth import ENV_PASSWORD, ENV_TOKEN, ENV_USER, credentials
from kg.interop.transport import MAX_REDIRECTS, Endpoint, request

__all__ = ["MAX_REDIRECTS", "Endpoint", "endpoint", "check_url", "query", "run_query", "count_triples",
           "graph_url", "graph_names", "put_graph", "post_graph", "delete_graph"]

FORM = "application/x-www-form-urlencoded"
N_TRIPLES = "application/n-triples"


def endpoint(
    url: str,
    *,
    query_url: str | None = None,
    store_url: str | None = None,
    timeout: float | None = None,
    environ: Mapping[str, str] | None = None,
) -> Endpoint:
    """An Endpoint from --endpoint URL (plus the optional overrides) and credentials in `environ`.

    `timeout` None is Limits().endpoint_timeout (60 s); the command line passes KG_ENDPOINT_TIMEOUT's
    value. `environ` holds the KG_ENDPOINT_* credentials (the command line passes its environment);
    without it no credentials are sent.
    """
    cred = credentials(environ or {})
    default_query, default_store = default_urls(check_url(url, "--endpoint"), bool(cred.user or cred.token))
    if timeout is None:
        from kg.limits import Limits

        timeout = Limits().endpoint_timeout
    return Endpoint(
        query_url=check_url(query_url, "--query-url") if query_url else default_query,
        store_url=check_url(store_url, "--store-url") if store_url else default_store,
        timeout=timeout,
        credentials=cred,
    )


def default_urls(url: str, authenticated: bool) -> tuple[str, str]:
    """The query and Graph Store URLs that a server's base URL means, by each server's convention.

    A server root (Oxigraph) -> /query and /store. Virtuoso's /sparql -> itself and
    /sparql-graph-crud, each with -auth when credentials are set (only those take them). A path
    with /repositories/ID (GraphDB, RDF4J) -> itself and …/rdf-graphs/service. A path ending in
    /sparql (a Fuseki service, /ds/sparql) -> itself and /ds/data. Any other path, a Fuseki
    dataset such as /ds -> /ds/query and /ds/data.
    """
    base = url.rstrip("/")
    parts = urllib.parse.urlsplit(base)
    path = parts.path
    root = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    if not path:
        return base + "/query", base + "/store"
    if path in ("/sparql", "/sparql-auth"):
        suffix = "-auth" if authenticated else ""
        return f"{root}/sparql{suffix}", f"{root}/sparql-graph-crud{suffix}"
    if "/repositories/" in path:
        return base, base + "/rdf-graphs/service"
    if path.endswith("/sparql") or path.endswith("/query"):
        return base, base.rsplit("/", 1)[0] + "/data"
    return base + "/query", base + "/data"


def check_url(url: str, option: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{option} must be an http:// or https:// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            f"{option}: the URL holds credentials; remove them and set {ENV_USER} and {ENV_PASSWORD} "
            f"(or {ENV_TOKEN}) in the environment instead"
        )
    if parts.fragment:
        raise UsageError(f"{option}: a URL with a #fragment cannot be an endpoint")
    return url.strip()


# ---------------------------------------------------------------- protocols


def query(ep: Endpoint, sparql: str, accept: str, dataset: list[str] | None = None) -> tuple[bytes, str]:
    """Run a query (a form POST, so no length limit); the raw answer and its media type.

    `dataset` lists graphs that make both the default graph (their union) and the named graphs, as
    the SPARQL 1.1 Protocol's default-graph-uri and named-graph-uri.
    """
    fields = [("query", sparql)]
    if dataset is not None:
        fields += [*(("default-graph-uri", g) for g in dataset), *(("named-graph-uri", g) for g in dataset)]
    body = urllib.parse.urlencode(fields).encode("ascii")
    answer = request(ep, "POST", ep.query_url, body=body, content_type=FORM, accept=accept)
    return answer.body, answer.content_type


def graph_url(ep: Endpoint, graph_iri: str) -> str:
    """The Graph Store Protocol URL of one named graph (indirect identification, ?graph=IRI)."""
    separator = "&" if "?" in ep.store_url else "?"
    return ep.store_url + separator + urllib.parse.urlencode({"graph": graph_iri})


def put_graph(ep: Endpoint, graph_iri: str, ntriples: bytes) -> None:
    """Replace a named graph with these triples (so pushing twice gives the same graph)."""
    request(ep, "PUT", graph_url(ep, graph_iri), body=ntriples, content_type=N_TRIPLES)


def post_graph(ep: Endpoint, graph_iri: str, ntriples: bytes) -> None:
    """Add triples to a named graph."""
    request(ep, "POST", graph_url(ep, graph_iri), body=ntriples, content_type=N_TRIPLES)


def delete_graph(ep: Endpoint, graph_iri: str) -> bool:
    """Delete a named graph; False when the store did not have it (404)."""
    try:
        request(ep, "DELETE", graph_url(ep, graph_iri))
    except RemoteError as exc:
        if exc.status == 404:
            return False
        raise
    return True


def run_query(ep: Endpoint, sparql: str, dataset: list[str] | None = None):
    """Run any query form remotely; the answer as pyoxigraph objects, like a local Store.query.

    SELECT gives QuerySolutions, ASK a QueryBoolean, CONSTRUCT/DESCRIBE a list of Triples, so
    the local renderers print remote answers unchanged.
    """
    from kg.interop import answers
    from kg.sparql.lexer import LexError, query_form, tokenize

    try:
        form = query_form(tokenize(sparql))
    except LexError:
        form = None
    body, media = query(ep, sparql, answers.ACCEPT_ANY, dataset)
    try:
        return answers.parse(body, media, form, ep.query_url)
    except RemoteError as exc:
        raise RemoteError(ep.redact(str(exc))) from None


def graph_names(ep: Endpoint) -> list[str]:
    """The names of the remote store's named graphs, sorted.

    `GRAPH ?g { }` costs nothing on Oxigraph, but Virtuoso 7 answers it with one row where ?g is
    unbound; then the graphs are listed by their triples instead.
    """
    import pyoxigraph as ox

    rows = list(run_query(ep, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))
    if any(row["g"] is None for row in rows):
        rows = list(run_query(ep, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))


def count_triples(ep: Endpoint, graphs: list[str]) -> dict[str, int]:
    """Triples per named graph on the remote store (0 for a graph it does not have)."""
    import pyoxigraph as ox

    values = " ".join(str(ox.NamedNode(g)) for g in graphs)  # NamedNode validates the IRI
    sparql = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    counts = dict.fromkeys(graphs, 0)
    answer = run_query(ep, sparql)
    if isinstance(answer, list) or not hasattr(answer, "variables"):
        raise RemoteError(ep.redact(f"POST {ep.query_url}: a SELECT was answered with something else"))
    for row in answer:
        counts[row["g"].value] = int(row["n"].value)
    return counts
