"""A client for remote triple stores: SPARQL 1.1 Protocol and Graph Store HTTP Protocol, urllib only.

Credentials come only from environment variables (KG_ENDPOINT_USER + KG_ENDPOINT_PASSWORD for
basic auth, or KG_ENDPOINT_TOKEN for a bearer token): never from the command line, where `ps`
and shell history would keep them, and never in a message (every error text is redacted). The
command line reads the environment and hands it to `endpoint(environ=...)`; this module never
reads the process's environment itself, so a library caller decides what it may lend.
Every failure - an HTTP status of 400 or more, a refused connection, an unknown host, a timeout -
is a RemoteError (exit 6) naming the URL, the status and the first line the server said.
Redirects are followed only when they keep method and body (307/308) and stay on the same
scheme, host and port, so credentials never travel to a host the user did not name.
"""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.errors import LimitError, RemoteError, UsageError

ENV_USER, ENV_PASSWORD, ENV_TOKEN = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD", "KG_ENDPOINT_TOKEN"
MAX_REDIRECTS = 5
MAX_RESPONSE_BYTES = 1 << 30  # a query answer larger than 1 GiB is refused rather than held in memory
SPARQL_QUERY = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Endpoint:
    """Where to send queries and graphs, and how to authenticate (never shown)."""

    query_url: str
    store_url: str
    timeout: float
    authorization: str | None = field(default=None, repr=False)
    secrets: tuple[str, ...] = field(default=(), repr=False)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, "***")
        return text


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

    Base URLs: a server root (Oxigraph) -> /query and /store; a path with /repositories/ID
    (GraphDB, RDF4J) -> itself and …/rdf-graphs/service; any other path, a Fuseki dataset such
    as /ds -> /ds/query and /ds/data.
    """
    base = check_url(url, "--endpoint").rstrip("/")
    path = urllib.parse.urlsplit(base).path
    if not path:
        default_query, default_store = base + "/query", base + "/store"
    elif "/repositories/" in path:
        default_query, default_store = base, base + "/rdf-graphs/service"
    else:
        default_query, default_store = base + "/query", base + "/data"
    authorization, secrets = credentials(environ or {})
    if timeout is None:
        from kg.limits import Limits

        timeout = Limits().endpoint_timeout
    return Endpoint(
        query_url=check_url(query_url, "--query-url") if query_url else default_query,
        store_url=check_url(store_url, "--store-url") if store_url else default_store,
        timeout=timeout,
        authorization=authorization,
        secrets=secrets,
    )


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


def credentials(environ: Mapping[str, str]) -> tuple[str | None, tuple[str, ...]]:
    """The Authorization header value and the strings to redact, from KG_ENDPOINT_* in `environ`."""
    user, password, token = (environ.get(name) or None for name in (ENV_USER, ENV_PASSWORD, ENV_TOKEN))
    if token and (user or password):
        raise UsageError(f"set either {ENV_TOKEN} or {ENV_USER} and {ENV_PASSWORD}, not both")
    if token:
        return f"Bearer {token}", (token,)
    if bool(user) != bool(password):
        raise UsageError(f"set both {ENV_USER} and {ENV_PASSWORD} for basic authentication, or neither")
    if user:
        encoded = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        return f"Basic {encoded}", (encoded, password, f"{user}:{password}")
    return None, ()


# ---------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str  # the media type alone, lower case, without parameters
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError, and `request` decides


_OPENER = urllib.request.build_opener(_NoRedirect)


def request(
    ep: Endpoint,
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    content_type: str | None = None,
    accept: str | None = None,
) -> Response:
    """One HTTP exchange; any failure becomes a redacted RemoteError."""
    for _ in range(MAX_REDIRECTS + 1):
        req = urllib.request.Request(url, data=body, method=method)
        for name, value in (("Content-Type", content_type), ("Accept", accept), ("Authorization", ep.authorization)):
            if value:
                req.add_header(name, value)
        try:
            with _OPENER.open(req, timeout=ep.timeout) as answer:
                data = _read_body(answer, 2 * ep.timeout + 1)
                if len(data) > MAX_RESPONSE_BYTES:
                    raise LimitError(f"{method} {url}: the answer is over {MAX_RESPONSE_BYTES:,} bytes; refused")
                media = (answer.headers.get_content_type() or "").lower()
                return Response(answer.status, media, data)
        except urllib.error.HTTPError as exc:
            url = _redirect_target(ep, method, url, exc)
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise RemoteError(ep.redact(f"{method} {url}: {_why(exc, ep.timeout)}")) from None
    raise RemoteError(ep.redact(f"{method} {url}: more than {MAX_REDIRECTS} redirects"))


def _read_body(answer, seconds: float) -> bytes:
    """The answer's body (at most one byte over MAX_RESPONSE_BYTES), all of it within `seconds`.

    The socket timeout bounds each read; this bounds a server that trickles, sending a little
    before each read would time out. It runs in the caller's thread, so a remote query needs no
    thread or process of its own to be stopped (kg.query.run).
    """
    deadline = time.monotonic() + seconds
    chunks, size = [], 0
    while size <= MAX_RESPONSE_BYTES:
        chunk = answer.read1(1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise LimitError(
                f"the query ran longer than {seconds:g} s and was stopped",
                hint="narrow it, or raise the limit with --timeout SECONDS or KG_QUERY_TIMEOUT",
            )
    return b"".join(chunks)


def _redirect_target(ep: Endpoint, method: str, url: str, exc: urllib.error.HTTPError) -> str:
    """The URL to retry after a same-origin 307/308, or the RemoteError this HTTP error means."""
    location = exc.headers.get("Location") if exc.headers else None
    if 300 <= exc.code < 400 and location:
        target = urllib.parse.urljoin(url, location)
        if exc.code in (307, 308) and _origin(target) == _origin(url):
            return target
        raise RemoteError(ep.redact(
            f"{method} {url}: HTTP {exc.code}, redirected to {target}; not followed "
            "(give the final URL with --endpoint, --query-url or --store-url)"
        ))
    raise RemoteError(ep.redact(f"{method} {url}: HTTP {exc.code} {exc.reason}{_first_line(exc)}"))


def _origin(url: str) -> tuple:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


def _first_line(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(4096).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return f": {line[:200]}" if line else ""


def _why(exc: BaseException, timeout: float) -> str:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running, and is the port right?)"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s (raise it with --timeout or KG_ENDPOINT_TIMEOUT)"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}"
    if isinstance(reason, http.client.HTTPException):
        return f"the server broke the connection ({type(reason).__name__})"
    return f"cannot connect: {getattr(reason, 'strerror', None) or reason}"


# ---------------------------------------------------------------- protocols


def query(ep: Endpoint, sparql: str, accept: str, dataset: list[str] | None = None,
          named: list[str] | None = None) -> tuple[bytes, str]:
    """Run a query (POSTed, so no length limit); the raw answer and its media type.

    `dataset` lists graphs that make the default graph (their union) and, unless `named` lists
    others, the named graphs, as the SPARQL 1.1 Protocol's default-graph-uri and named-graph-uri,
    sent form-encoded with the query.
    """
    if dataset is None:
        body, content_type = sparql.encode("utf-8"), SPARQL_QUERY
    else:
        named = dataset if named is None else named
        fields = [("query", sparql), *(("default-graph-uri", g) for g in dataset), *(("named-graph-uri", g) for g in named)]
        body, content_type = urllib.parse.urlencode(fields).encode("ascii"), FORM
    answer = request(ep, "POST", ep.query_url, body=body, content_type=content_type, accept=accept)
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


RESULT_FORMATS = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/tab-separated-values": "TSV",
}
GRAPH_FORMATS = {
    N_TRIPLES: "N_TRIPLES",
    "text/turtle": "TURTLE",
    "application/n-quads": "N_QUADS",
    "application/rdf+xml": "RDF_XML",
}
ACCEPT_ANY = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
)


def run_query(ep: Endpoint, sparql: str, dataset: list[str] | None = None, named: list[str] | None = None):
    """Run any query form remotely; the answer as pyoxigraph objects, like a local Store.query.

    SELECT gives QuerySolutions, ASK a QueryBoolean, CONSTRUCT/DESCRIBE a list of Triples, so
    the local renderers print remote answers unchanged.
    """
    import pyoxigraph as ox

    body, media = query(ep, sparql, ACCEPT_ANY, dataset, named)
    try:
        if media in RESULT_FORMATS:
            return ox.parse_query_results(body, getattr(ox.QueryResultsFormat, RESULT_FORMATS[media]))
        if media in GRAPH_FORMATS:
            if GRAPH_FORMATS[media] == "RDF_XML":  # pyoxigraph expands internal entities: 700 bytes became 29 MB
                from kg.rdf.reading import refuse_xml_declarations

                refuse_xml_declarations(body.decode("utf-8", "replace"), ep.redact(f"the answer of {ep.query_url}"))
            parsed = ox.parse(body, format=getattr(ox.RdfFormat, GRAPH_FORMATS[media]))
            return [ox.Triple(q.subject, q.predicate, q.object) for q in parsed]
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(ep.redact(f"POST {ep.query_url}: the answer ({media}) does not parse: {exc}")) from None
    raise RemoteError(ep.redact(f"POST {ep.query_url}: unexpected answer type {media or '(none)'}"))


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
