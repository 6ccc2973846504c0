"""JSON-LD contexts: the bundled one is inlined, and every @context is seen (issue 18)."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError, PolicyError
from kg.limits import Limits
from kg.rdf.reading import resolve_jsonld_contexts

BUNDLED = "https://w3id.org/geokg/context.jsonld"


def test_the_bundled_context_is_inlined():
    """It was looked for in kg/rdf/contexts/ and every such file was an internal error (exit 70)."""
    text = json.dumps({"@context": BUNDLED, "@id": "kgr:Iran", "rdfs:label": "Iran"})
    inlined = json.loads(resolve_jsonld_contexts(text, "x.jsonld", Limits()))
    assert inlined["@context"]["kgr"] == "https://w3id.org/geokg/resource/"


@pytest.mark.parametrize("order", [("http://127.0.0.1:1/c.jsonld", BUNDLED), (BUNDLED, "file:///etc/passwd")])
def test_a_remote_context_hidden_by_a_duplicate_key_is_refused(order):
    """A dict keeps the last of two keys: the remote one, first or last, must still be seen."""
    text = '{"@context": %s, "@context": %s, "@id": "http://example.org/a"}' % tuple(map(json.dumps, order))
    with pytest.raises(PolicyError, match="refused"):
        resolve_jsonld_contexts(text, "x.jsonld", Limits())


def test_two_bundled_contexts_in_one_object_are_ambiguous():
    text = '{"@context": "%s", "@context": "%s"}' % (BUNDLED, BUNDLED)
    with pytest.raises(InputError, match="@context twice"):
        resolve_jsonld_contexts(text, "x.jsonld", Limits())


def _syntax_error_of(text: str):
    from kg.rdf.reading import check_bytes, parse

    with pytest.raises(InputError) as caught:
        parse(check_bytes(text.encode(), "x.jsonld", "jsonld", Limits()))
    return caught.value


def test_a_syntax_error_after_the_bundled_context_points_into_the_file():
    """pyoxigraph parses the re-serialized one-line document: it said 1:559 for a 3-line file."""
    error = _syntax_error_of('{\n  "@context": "%s",\n  "@id": "kgr:Iran",\n  "kg:n": NaN\n}\n' % BUNDLED)
    assert "x.jsonld:4:11:" in str(error)


def test_a_position_that_cannot_be_mapped_back_is_dropped():
    error = _syntax_error_of('{"@context": ["%s"],\n "@id": "kgr:Iran", "kg:n": NaN}\n' % BUNDLED)
    assert "x.jsonld: syntax error" in str(error)
