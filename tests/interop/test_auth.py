"""Digest authentication computed as the RFCs' own examples say, and endpoint URLs by server convention."""

from __future__ import annotations

import pytest

from kg.interop import remote
from kg.interop.auth import Credentials, digest_challenge, digest_header


def response_of(header: str) -> str:
    return header.split('response="', 1)[1].split('"', 1)[0]


def test_rfc_2617_md5_example():
    challenge = digest_challenge(['Digest realm="testrealm@host.com", qop="auth,auth-int", '
                                  'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'])
    header = digest_header(Credentials("Mufasa", "Circle Of Life"), challenge, 1, "GET",
                           "http://www.nowhere.org/dir/index.html", cnonce="0a4f113b")
    assert response_of(header) == "6629fae49393a05397450978507c4ef1"
    assert 'uri="/dir/index.html"' in header and "nc=00000001" in header and 'opaque="5ccc069c403ebaf9f0171e9517f40e41"' in header


@pytest.mark.parametrize(
    "algorithm, expected",
    [("MD5", "8ca523f5e9506fed4657c9700eebdbec"), ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")],
)
def test_rfc_7616_examples(algorithm, expected):
    challenge = digest_challenge([f'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={algorithm}, '
                                  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
                                  'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'])
    header = digest_header(Credentials("Mufasa", "Circle of Life"), challenge, 1, "GET",
                           "http://www.example.org/dir/index.html", cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    assert response_of(header) == expected


def test_challenges_that_cannot_be_answered_are_not_taken():
    assert digest_challenge(['Basic realm="x"']) is None
    assert digest_challenge(['Digest realm="x", nonce="n", qop="auth-int"']) is None  # only auth is spoken
    assert digest_challenge(['Digest realm="x", nonce="n", algorithm=SHA-512-256']) is None
    assert digest_challenge(['Basic realm="x"', 'Digest realm="y", nonce="n"'])["realm"] == "y"


@pytest.mark.parametrize(
    "url, authenticated, query_url, store_url",
    [
        ("http://h:8890/sparql", False, "http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
        ("http://h:8890/sparql", True, "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth"),
        ("http://h:8890/sparql-auth/", True, "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth"),
        ("http://h:3030/ds/sparql", False, "http://h:3030/ds/sparql", "http://h:3030/ds/data"),
        ("http://h:3030/ds/query", False, "http://h:3030/ds/query", "http://h:3030/ds/data"),
    ],
)
def test_endpoint_urls_of_virtuoso_and_fuseki_services(url, authenticated, query_url, store_url):
    environ = {"KG_ENDPOINT_USER": "u", "KG_ENDPOINT_PASSWORD": "pw-7731"} if authenticated else {}
    ep = remote.endpoint(url, timeout=5, environ=environ)
    assert (ep.query_url, ep.store_url) == (query_url, store_url)
    assert "pw-7731" not in repr(ep)
