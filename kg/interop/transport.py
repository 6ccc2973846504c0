"""One HTTP exchange with a remote store, urllib only: timeouts, redirects, authentication, redaction.

Every failure - an HTTP status of 400 or more, a refused connection, an unknown host, a timeout -
is a RemoteError (exit 6) naming the URL, the status and the first line the server said, with the
credentials cut out. Redirects are followed only when they keep method and body (307/308) and stay
on the same scheme, host and port, so credentials never travel to a host the user did not name.
"""

from __future__ import annotations

import html
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from kg.errors import LimitError, RemoteError
from kg.interop.auth import ENV_PASSWORD, ENV_TOKEN, ENV_USER, Credentials, digest_challenge, digest_header

MAX_REDIRECTS = 5
MAX_RESPONSE_BYTES = 1 << 30  # a query answer larger than 1 GiB is refused rather than held in memory


@dataclass(frozen=True)
class Endpoint:
    """Where to send queries and graphs, and how to authenticate (never shown)."""

    query_url: str
    store_url: str
    timeout: float
    credentials: Credentials = field(default_factory=Credentials, repr=False)
    # What the server has shown so far: the Digest challenge it answered with and the requests made
    # under it (RFC 7616's nc), and its Server header (kg.interop.remote_query warns of known bugs).
    seen: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def secrets(self) -> tuple[str, ...]:
        return self.credentials.secrets

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, "***")
        return text

    def authorization(self, method: str, url: str) -> str | None:
        challenge = self.seen.get("challenge")
        if challenge is None:
            return self.credentials.first_header()
        self.seen["count"] += 1
        return digest_header(self.credentials, challenge, self.seen["count"], method, url)


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
    """One HTTP exchange (after redirects and one Digest challenge); any failure is a redacted RemoteError."""
    redirects, challenged = 0, False
    while redirects <= MAX_REDIRECTS:
        req = urllib.request.Request(url, data=body, method=method)
        for name, value in (("Content-Type", content_type), ("Accept", accept), ("Authorization", ep.authorization(method, url))):
            if value:
                req.add_header(name, value)
        try:
            with _OPENER.open(req, timeout=ep.timeout) as answer:
                data = _read_body(answer, 2 * ep.timeout + 1)
                if len(data) > MAX_RESPONSE_BYTES:
                    raise LimitError(f"{method} {url}: the answer is over {MAX_RESPONSE_BYTES:,} bytes; refused")
                media = (answer.headers.get_content_type() or "").lower()
                ep.seen["server"] = answer.headers.get("Server", "")
                return Response(answer.status, media, data)
        except urllib.error.HTTPError as exc:
            if not challenged and _took_digest_challenge(ep, exc, url):
                challenged = True  # answered once; a second 401 means the credentials are wrong
            else:
                url = _redirect_target(ep, method, url, exc)
                redirects += 1
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise RemoteError(ep.redact(f"{method} {url}: {_why(exc, ep.timeout)}")) from None
    raise RemoteError(ep.redact(f"{method} {url}: more than {MAX_REDIRECTS} redirects"))


def _took_digest_challenge(ep: Endpoint, exc: urllib.error.HTTPError, url: str) -> bool:
    """True when a 401 offers Digest that a retry can answer; the challenge is kept for later requests.

    Virtuoso answers a request that carries Basic credentials with a bare 401, no challenge: then
    one GET without credentials (no body, reads nothing) asks for the challenge.
    """
    if exc.code != 401 or not ep.credentials.user:
        return False
    challenge = digest_challenge(exc.headers.get_all("WWW-Authenticate") or [] if exc.headers else [])
    if challenge is None and "challenge" not in ep.seen:
        challenge = _ask_for_challenge(ep, url)
    if challenge is None:
        return False
    ep.seen.update(challenge=challenge, count=0)
    return True


def _ask_for_challenge(ep: Endpoint, url: str) -> dict[str, str] | None:
    try:
        with _OPENER.open(urllib.request.Request(url, method="GET"), timeout=ep.timeout):
            return None
    except urllib.error.HTTPError as exc:
        return digest_challenge(exc.headers.get_all("WWW-Authenticate") or []) if exc.code == 401 and exc.headers else None
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        return None


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
    message = f"{method} {url}: HTTP {exc.code} {exc.reason}{_first_line(exc)}{_advice(ep, exc.code)}"
    raise RemoteError(ep.redact(message), status=exc.code)


def _advice(ep: Endpoint, status: int) -> str:
    """What to check after a refusal, when the server said nothing useful itself."""
    if status == 401:
        if ep.credentials.user or ep.credentials.token:
            return f" (the server refused the credentials: check {ENV_USER} and {ENV_PASSWORD}, or {ENV_TOKEN})"
        return f" (the server wants credentials: set {ENV_USER} and {ENV_PASSWORD}, or {ENV_TOKEN})"
    if status == 403:
        return " (the server refused this request: the user may lack write permission, or the URL is read-only)"
    return ""


def _origin(url: str) -> tuple:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


def _first_line(exc: urllib.error.HTTPError) -> str:
    """The first line of what the server said, as ': line', or ''."""
    try:
        text = exc.read(4096).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    media = exc.headers.get_content_type() if exc.headers else ""
    if media == "text/html" or text.lstrip()[:14].lower() in ("<!doctype html", "<html>"):
        text = _html_message(text)
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return f": {line[:200]}" if line else ""


def _html_message(text: str) -> str:
    """The server's own words from an HTML error page: its <pre> or <xmp> block (Virtuoso puts the
    SQL error there), else the page's text without its title and headings."""
    block = re.search(r"<(xmp|pre)\b[^>]*>(.*?)</\1>", text, re.S | re.I)
    if block:
        text = block.group(2)
    else:
        text = re.sub(r"<(script|style|title|h1|h2|h3)\b[^>]*>.*?</\1>", " ", text, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


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
