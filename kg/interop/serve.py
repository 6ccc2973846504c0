"""kg serve: a read-only SPARQL 1.1 Protocol endpoint over the project's graph.

Why not `oxigraph serve-read-only` on a built store: it would federate SERVICE calls to the
network and evaluate any FROM <http://…> it is given, which DESIGN.md §5 forbids. Here every
query goes through the same checks as `kg query` (kg.query.run.prepare) before it runs, and runs in
a worker process that can be stopped when it overruns the timeout (kg.query.workers).

The protocol, as tools speak it: GET /query?query=…, POST with an application/sparql-query body,
or POST form-encoded (query=…); default-graph-uri and named-graph-uri choose graphs of the store
(without them the default graph is the union of all graphs, as in kg query); the Accept header
chooses JSON, XML, CSV or TSV results for SELECT and ASK, Turtle, N-Triples, JSON-LD or RDF/XML for
CONSTRUCT and DESCRIBE. Updates (an `update` field, application/sparql-update, INSERT…) get 403.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.errors import EXIT_INPUT, EXIT_LIMIT, EXIT_POLICY, EXIT_USAGE, KgError, PolicyError, UsageError
from kg.limits import Limits
from kg.query.run import GRAPH_FORMS, prepare
from kg.query.workers import Job

QUERY_PATH = "/query"
MAX_REQUEST_BYTES = 1 << 20  # a query, not a data upload
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
STATUS = {EXIT_USAGE: 400, EXIT_INPUT: 400, EXIT_POLICY: 403, EXIT_LIMIT: 503}


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()  # more headers, e.g. a download's Content-Disposition


# On every response: the web UI's pages run only the scripts and styles served from here (data
# shown on a page can hold hostile text), are never framed, and leak no address to other sites.
SECURITY_HEADERS = (
    ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)


class HttpError(KgError):
    """A request the protocol itself rejects, with its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Endpoint:
    """Answers protocol requests: checks them, picks the format, hands the query to a worker."""

    def __init__(self, graph_names: set[str], pool, timeout: float, limits: Limits | None = None, ui=None):
        self.graph_names = graph_names
        self.pool = pool
        self.timeout = timeout
        self.limits = limits  # for the checks: the nesting depth a query may reach
        # The pages for people (kg.web.App), mounted beside the protocol: every path but /query is
        # offered to it first; what it does not serve gets the endpoint's own answer.
        self.ui = ui

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        path, _, query_string = target.partition("?")
        if self.ui is not None and path != QUERY_PATH:
            page = self.ui.handle(method, path, query_string, headers)
            if page is not None:
                return Reply(page.status, page.content_type, page.body, tuple(page.headers))
        try:
            if path == "/" and method == "GET":
                return _text(200, f"geokg read-only SPARQL endpoint: GET or POST {QUERY_PATH}?query=…\n")
            if path != QUERY_PATH:
                raise HttpError(404, f"no such resource {path}; the SPARQL endpoint is {QUERY_PATH}")
            fields = request_fields(method, query_string, headers, body)
            prepared = prepare(_one(fields, "query"), self.graph_names, limits=self.limits)
            fmt = negotiate(prepared.form, headers.get("Accept"))
            reply = self.pool.run(Job(prepared.text, fmt, self._dataset(fields)), self.timeout)
        except HttpError as exc:
            return _text(exc.status, str(exc))
        except KgError as exc:
            return _text(STATUS.get(exc.exit_code, 500), str(exc))
        if reply[0] == "ok":
            return Reply(200, MEDIA_TYPES[fmt], reply[1])
        return _text(STATUS.get(reply[1], 500), reply[2])

    def _dataset(self, fields: dict[str, list[str]]) -> tuple[list[str], list[str]] | None:
        default, named = fields.get("default-graph-uri", []), fields.get("named-graph-uri", [])
        for iri in default + named:
            if iri not in self.graph_names:
                raise PolicyError(f"graph <{iri}> is not a graph of this store; nothing is fetched from elsewhere")
        return (default, named) if default or named else None


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


def _one(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name, [])
    if len(values) != 1:
        raise HttpError(400, f"give exactly one '{name}' parameter ({len(values)} given)")
    return values[0]


def request_fields(method: str, query_string: str, headers: Mapping[str, str], body: bytes) -> dict[str, list[str]]:
    """The protocol's parameters, from the URL and, for a POST, the body; updates refused."""
    fields = _parse_form(query_string)
    if method == "POST":
        media = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-query":
            fields["query"] = [_utf8(body)]
        elif media == "application/x-www-form-urlencoded":
            fields = _parse_form(_utf8(body))
        elif media == "application/sparql-update":
            raise HttpError(403, "SPARQL Update is refused: kg serve is read-only")
        else:
            raise HttpError(415, "send the query as application/sparql-query or application/x-www-form-urlencoded")
    elif method != "GET":
        raise HttpError(405, f"{method} is not supported: use GET or POST")
    if "update" in fields:
        raise HttpError(403, "SPARQL Update is refused: kg serve is read-only")
    return fields


def _parse_form(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, f"the request parameters do not parse: {exc}") from None


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not UTF-8") from None


def negotiate(form: str, accept: str | None) -> str:
    """The format to answer in: the acceptable type with the highest q, first listed on a tie."""
    table = GRAPH_TYPES if form in GRAPH_FORMS else SELECT_TYPES
    default = "turtle" if form in GRAPH_FORMS else "json"
    if not accept:
        return default
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(accept.split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        quality = next((_quality(o[2:]) for o in options if o.replace(" ", "").startswith("q=")), 1.0)
        fmt = _format_for(media.lower(), table, default)
        if fmt is not None and quality > 0 and (best is None or (quality, -position) > best[:2]):
            best = (quality, -position, fmt)
    if best is None:
        raise HttpError(406, f"a {form} answers in {', '.join(table)}; the Accept header allows none of them")
    return best[2]


def _format_for(media: str, table: dict[str, str], default: str) -> str | None:
    if media == "*/*":
        return default
    if media.endswith("/*"):
        return next((fmt for name, fmt in table.items() if name.startswith(media[:-1])), None)
    return table.get(media)


def _quality(text: str) -> float:
    try:
        return float(text.strip().lstrip("="))
    except ValueError:
        return 0.0


def make_server(endpoint: Endpoint, host: str, port: int, log: Callable[[str], None], version: str = "") -> ThreadingHTTPServer:
    """An HTTP server for `endpoint` (not yet serving); OSError if the address cannot be bound.

    `version` (kg's, which the command line passes: no package below it imports the kg facade)
    goes into the Server header.
    """

    class Handler(BaseHTTPRequestHandler):
        server_version = f"kg-serve/{version}" if version else "kg-serve"

        def do_GET(self) -> None:
            if not self._refused_framing():
                self._answer(b"")

        def do_POST(self) -> None:
            if self._refused_framing():
                return
            length = self.headers.get("Content-Length")
            # ASCII digits only: str.isdigit() accepts "²", which int() then refuses (a dropped connection).
            if length is None or not re.fullmatch(r"[0-9]+", length.strip(" \t")):
                return self._send(_text(411, "a POST needs a Content-Length of ASCII digits"), time.monotonic())
            length = length.strip(" \t")
            if len(length) > 12 or int(length) > MAX_REQUEST_BYTES:
                return self._send(_text(413, f"the request is over {MAX_REQUEST_BYTES:,} bytes"), time.monotonic())
            self._answer(self.rfile.read(int(length)))

        def _refused_framing(self) -> bool:
            """A body whose length two headers disagree on is refused, and the connection closed
            (RFC 9112 §6.3): a proxy in front that read it the other way could slip a second
            request past it (request smuggling). No chunked bodies: a query fits a Content-Length."""
            lengths = set(self.headers.get_all("Content-Length") or ())
            if "Transfer-Encoding" not in self.headers and len(lengths) < 2:
                return False
            self.close_connection = True
            reply = (_text(501, "Transfer-Encoding is not supported: send the body with a Content-Length")
                     if "Transfer-Encoding" in self.headers else _text(400, "two different Content-Length headers"))
            self._send(reply, time.monotonic())
            return True

        def _answer(self, body: bytes) -> None:
            started = time.monotonic()
            try:
                reply = endpoint.handle(self.command, self.path, self.headers, body)
            except Exception as exc:  # a bug: the client gets a 500, never a dropped connection
                log(f"kg serve: internal error on {self.path[:200]}: {type(exc).__name__}: {exc}")  # log_message is mute
                reply = _text(500, "internal error; the server's log says more")
            self._send(reply, started)

        def _send(self, reply: Reply, started: float) -> None:
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                self.send_header("Vary", "Accept")
                for name, value in SECURITY_HEADERS + reply.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)
            except OSError:  # the client went away; nothing to tell it
                pass
            millis = (time.monotonic() - started) * 1000
            log(f'{self.client_address[0]} "{self.command} {self.path[:200]}" {reply.status} {millis:.0f} ms')

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            pass  # requests are logged once, by _send

    server_class = _IPv6Server if ":" in host else _Server
    server = server_class((host, port), Handler)
    server.daemon_threads = True
    return server


class _Server(ThreadingHTTPServer):
    # Connections waiting to be accepted: the default 5 drops the SYNs of a burst of browsers or
    # clients, which then wait a second to retry (measured: p95 1.1 s with 50 clients, bench/web.py).
    request_queue_size = 128


class _IPv6Server(_Server):
    import socket

    address_family = socket.AF_INET6
