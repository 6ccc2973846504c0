"""A remote store's answer read as pyoxigraph objects, with the deviations of real servers made up for.

Each deviation is exact, never a guess, and an answer that still does not fit is a RemoteError:
- Virtuoso 7 names blank nodes `nodeID://b10000` in SPARQL JSON results, which is not a blank node
  label; each such name becomes a valid label, the same name the same label within one answer.
- Virtuoso 7 answers ASK with a table of one variable, `__ASK_RETVAL`: one row of 1 for true, no
  row for false; an ASK answered so is read as the boolean, any other table is refused.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.errors import RemoteError

RESULT_FORMATS = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/tab-separated-values": "TSV",
}
GRAPH_FORMATS = {
    "application/n-triples": "N_TRIPLES",
    "text/turtle": "TURTLE",
    "application/n-quads": "N_QUADS",
    "application/rdf+xml": "RDF_XML",
}
ACCEPT_ANY = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
)
_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}


def parse(body: bytes, media: str, form: str | None, where: str):
    """The answer as pyoxigraph results (SELECT, ASK) or a list of Triples (CONSTRUCT, DESCRIBE).

    `form` is the query form that was asked (SELECT, ASK, CONSTRUCT, DESCRIBE), `where` names the
    server in messages.
    """
    try:
        if media in RESULT_FORMATS:
            fmt = RESULT_FORMATS[media]
            if fmt == "JSON":
                body = _valid_blank_nodes(body)
            results = ox.parse_query_results(body, getattr(ox.QueryResultsFormat, fmt))
            return _as_boolean(results, where) if form == "ASK" else results
        if media in GRAPH_FORMATS:
            if GRAPH_FORMATS[media] == "RDF_XML":  # pyoxigraph expands internal entities: 700 bytes became 29 MB
                from kg.rdf.reading import refuse_xml_declarations

                refuse_xml_declarations(body.decode("utf-8", "replace"), f"the answer of {where}")
            parsed = ox.parse(body, format=getattr(ox.RdfFormat, GRAPH_FORMATS[media]))
            return [ox.Triple(q.subject, q.predicate, q.object) for q in parsed]
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(f"POST {where}: the answer ({media}) does not parse: {exc}") from None
    raise RemoteError(f"POST {where}: unexpected answer type {media or '(none)'}")


def _valid_blank_nodes(body: bytes) -> bytes:
    """JSON results with every blank node named by a valid label (unchanged when all already are)."""
    if b'"bnode"' not in body or b"nodeID://" not in body:
        return body
    document = json.loads(body)
    labels: dict[str, str] = {}
    for row in document.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "bnode":
                value["value"] = labels.setdefault(value["value"], f"r{len(labels)}")
    return json.dumps(document).encode("utf-8")


def _as_boolean(results, where: str):
    """An ASK's answer: a boolean as sent, or the boolean that Virtuoso's __ASK_RETVAL table stands for."""
    if isinstance(results, ox.QueryBoolean):
        return results
    names = [v.value for v in results.variables]
    values = [row[0] for row in results]
    if names == ["__ASK_RETVAL"] and len(values) <= 1:
        if not values or (isinstance(values[0], ox.Literal) and values[0].value in _BOOLEANS):
            text = "true" if values and _BOOLEANS[values[0].value] else "false"
            return ox.parse_query_results(f'{{"head":{{}},"boolean":{text}}}', ox.QueryResultsFormat.JSON)
    raise RemoteError(f"POST {where}: an ASK query was answered with a table of {len(values)} row(s), not true or false")
