"""Credentials for remote stores: taken from the environment only, sent as Basic, Bearer or Digest.

Credentials come from KG_ENDPOINT_USER + KG_ENDPOINT_PASSWORD, or KG_ENDPOINT_TOKEN: never from the
command line, where `ps` and shell history would keep them, and never in a message (`secrets` lists
what every error text is cleaned of).

Why Digest: Virtuoso's authenticated endpoints (/sparql-auth, /sparql-graph-crud-auth) accept only
HTTP Digest (RFC 7616) and answer Basic with 401. A user and password go first as Basic, which
Fuseki, GraphDB and Oxigraph's proxies expect; a 401 that offers Digest is answered once with a
Digest response, and the challenge is kept so that later requests to that server carry Digest at
once (the nonce count grows, as RFC 7616 §3.4 asks).
"""

from __future__ import annotations

import base64
import hashlib
import os
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.errors import UsageError

ENV_USER, ENV_PASSWORD, ENV_TOKEN = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD", "KG_ENDPOINT_TOKEN"
_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


@dataclass(frozen=True)
class Credentials:
    """A user and password, or a bearer token; none of it is ever shown."""

    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def first_header(self) -> str | None:
        """The Authorization header sent before any challenge: Bearer, or Basic."""
        if self.token:
            return f"Bearer {self.token}"
        if self.user:
            return f"Basic {self._basic()}"
        return None

    def _basic(self) -> str:
        return base64.b64encode(f"{self.user}:{self.password}".encode("utf-8")).decode("ascii")

    @property
    def secrets(self) -> tuple[str, ...]:
        if self.token:
            return (self.token,)
        if self.user:
            return (self._basic(), self.password or "", f"{self.user}:{self.password}")
        return ()


def credentials(environ: Mapping[str, str]) -> Credentials:
    """The credentials in `environ` (KG_ENDPOINT_*), checked for a coherent combination."""
    user, password, token = (environ.get(name) or None for name in (ENV_USER, ENV_PASSWORD, ENV_TOKEN))
    if token and (user or password):
        raise UsageError(f"set either {ENV_TOKEN} or {ENV_USER} and {ENV_PASSWORD}, not both")
    if bool(user) != bool(password):
        raise UsageError(f"set both {ENV_USER} and {ENV_PASSWORD} for basic authentication, or neither")
    return Credentials(user=user, password=password, token=token)


def digest_challenge(www_authenticate: list[str]) -> dict[str, str] | None:
    """The parameters of a Digest challenge among WWW-Authenticate values, if one can be answered."""
    for value in www_authenticate:
        scheme, _, rest = value.strip().partition(" ")
        if scheme.lower() != "digest":
            continue
        params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
        params = {k.lower(): v for k, v in params.items()}
        algorithm = params.get("algorithm", "MD5").upper().removesuffix("-SESS")
        qops = {q.strip() for q in params.get("qop", "auth").split(",")}
        if "nonce" in params and algorithm in _HASHES and "auth" in qops:
            return params
    return None


def digest_header(
    cred: Credentials, challenge: dict[str, str], count: int, method: str, url: str, cnonce: str | None = None
) -> str:
    """The Authorization value answering `challenge` for this request (RFC 7616, qop=auth).

    `cnonce` is random unless given (the RFC's examples give it).
    """
    algorithm = challenge.get("algorithm", "MD5")
    digest = _HASHES[algorithm.upper().removesuffix("-SESS")]

    def h(text: str) -> str:
        return digest(text.encode("utf-8")).hexdigest()

    parts = urllib.parse.urlsplit(url)
    uri = parts.path or "/"
    if parts.query:
        uri += "?" + parts.query
    realm, nonce = challenge.get("realm", ""), challenge["nonce"]
    cnonce, nc = cnonce or os.urandom(8).hex(), f"{count:08x}"
    ha1 = h(f"{cred.user}:{realm}:{cred.password}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{h(f'{method}:{uri}')}")
    fields = [
        ("username", cred.user), ("realm", realm), ("nonce", nonce), ("uri", uri),
        ("algorithm", algorithm), ("response", response), ("qop", "auth"), ("nc", nc), ("cnonce", cnonce),
    ]
    if "opaque" in challenge:
        fields.append(("opaque", challenge["opaque"]))
    unquoted = {"algorithm", "qop", "nc"}
    return "Digest " + ", ".join(f"{k}={v}" if k in unquoted else f'{k}="{v}"' for k, v in fields)
