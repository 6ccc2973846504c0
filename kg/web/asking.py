"""Canned questions and SPARQL queries asked from the pages, run exactly as the endpoint runs them.

The text is checked by kg.query.run.prepare (refusals, nesting depth, syntax with line and column),
parameters are bound by kg.query.canned.bind, and the query runs in one of the endpoint's worker
processes under its timeout (kg.query.workers), which renders it with kg.query.results: so a
download has the bytes `kg query -f FORMAT` prints. A page asks the worker for SPARQL JSON
results and reads them back with pyoxigraph to draw its table.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import NamedTuple

from kg.errors import EXIT_INPUT, EXIT_LIMIT, EXIT_POLICY, EXIT_USAGE, KgError, UsageError

MAX_ROWS = 1000  # rows drawn in a page; the page says when there are more, and the downloads have them all
SELECT_DOWNLOADS = {"csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
                    "json": "application/sparql-results+json"}
GRAPH_DOWNLOADS = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples", "jsonld": "application/ld+json"}
EXTENSIONS = {"turtle": "ttl", "jsonld": "jsonld", "nt": "nt", "csv": "csv", "tsv": "tsv", "json": "json"}
STATUS = {EXIT_USAGE: 400, EXIT_INPUT: 400, EXIT_POLICY: 403, EXIT_LIMIT: 503}
RESERVED = ("run", "download")  # fields of the question form that are not parameters
EXAMPLE = "SELECT ?state ?label WHERE {\n  ?state a kg:State ; rdfs:label ?label .\n}\nORDER BY ?label\nLIMIT 20\n"
_WHERE = re.compile(r"line (\d+), column (\d+)")


class Download(NamedTuple):
    media_type: str
    body: bytes
    filename: str


def question(site, name: str, fields: dict[str, list[str]]) -> dict:
    from kg.query import canned

    query = canned.load_query(site.queries_dir, name)
    given = {key: one(fields, key) for key in fields if key not in RESERVED}
    given = {key: value for key, value in given.items() if value.strip()}  # an empty box: the default
    context = {"canned": query, "params": [_param_view(site, p, given.get(p.name, "")) for p in query.params],
               "result": None, "error": None}
    if not (given or "run" in fields or "download" in fields or not query.params):
        return context
    try:
        terms = canned.bind(site.graph, query, given)
    except KgError as exc:
        return {**context, "error": exc.message.removeprefix("-p "), "status": status_of(exc)}
    job_args = {"substitutions": tuple(terms.items()), "hidden": tuple(terms), "every_graph": query.every_graph}
    return _run(site, query.text, query.form, fields, context, name, job_args)


def editor(site, fields: dict[str, list[str]]) -> dict:
    from kg.namespaces import PREFIXES
    from kg.query.run import prepare

    text = one(fields, "query")
    context = {"query": text or EXAMPLE, "prefixes": PREFIXES, "result": None, "error": None, "lines": []}
    if not text.strip():
        return context
    try:
        prepared = prepare(text, site.graph_names, limits=site.limits)
    except KgError as exc:
        return _failed(context, text, exc.message, status_of(exc))
    return _run(site, text, prepared.form, fields, context, "query", {})


def _run(site, text: str, form: str, fields: dict, context: dict, filename: str, job_args: dict) -> dict:
    from kg.query.workers import Job

    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    offered = GRAPH_DOWNLOADS if graph_form else SELECT_DOWNLOADS
    context["downloads"] = [(fmt, _with(fields, download=fmt)) for fmt in offered]
    wanted = one(fields, "download")
    if wanted and wanted not in offered:
        raise UsageError(f"download={wanted}: a {form} downloads as {', '.join(offered)}")
    reply = site.ask(Job(text, wanted or ("nt" if graph_form else "json"), **job_args))
    if reply[0] != "ok":
        return _failed(context, text, reply[2], STATUS.get(reply[1], 500))
    if wanted:
        return {**context, "download": Download(offered[wanted], reply[1], f"{filename}.{EXTENSIONS[wanted]}")}
    return {**context, "result": _table(site, form, reply[1])}


def _table(site, form: str, body: bytes) -> dict:
    """The JSON results as a table of cells: IRIs linked and labelled, literals as their text."""
    import pyoxigraph as ox

    from kg.query.resolve import labels_for
    from kg.query.run import QueryResult, from_pyoxigraph

    if form in ("CONSTRUCT", "DESCRIBE"):  # N-Triples, drawn as a table of triples
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        result = QueryResult("SELECT", ("subject", "predicate", "object"),
                             tuple((t.subject, t.predicate, t.object) for t in triples))
    else:
        result = from_pyoxigraph(form, ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    if result.boolean is not None:
        return {"form": "ASK", "boolean": result.boolean}
    rows = result.rows[:MAX_ROWS]
    iris = {t.value for row in rows for t in row if isinstance(t, ox.NamedNode)}
    labels = labels_for(site.graph, iris)
    cells = [[_cell(site, term, labels) for term in row] for row in rows]
    return {"form": "SELECT", "columns": result.variables, "rows": cells, "total": len(result.rows)}


def _cell(site, term, labels: dict[str, str]) -> dict:
    import pyoxigraph as ox

    from kg.namespaces import shorten
    from kg.web.links import href_for

    if term is None:
        return {"text": "", "href": None, "title": "unbound"}
    if isinstance(term, ox.NamedNode):
        short = shorten(term.value)
        return {"text": labels.get(term.value) or short, "href": href_for(term.value, site.sources), "title": short}
    if isinstance(term, ox.Literal):
        return {"text": term.value, "href": None, "title": term.language or shorten(term.datatype.value)}
    return {"text": "[]", "href": None, "title": "blank node"}


def _failed(context: dict, text: str, message: str, status: int) -> dict:
    """The error, and the query's lines with the one it names marked."""
    where = _WHERE.search(message)
    line = int(where.group(1)) if where else 0
    lines = [{"number": n, "text": t, "marked": n == line} for n, t in enumerate(text.split("\n"), start=1)]
    return {**context, "error": message, "status": status, "lines": lines if "query" in context else []}


def _param_view(site, param, value: str) -> dict:
    from kg.query.canned import SIMPLE_TYPES

    kinds = {"integer": ("number", None), "date": ("text", r"-?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")}
    kind, pattern = kinds.get(param.type, ("text", None))
    options = [] if param.type in SIMPLE_TYPES else _labels_of_class(site, param.type)
    return {"param": param, "value": value, "input": kind, "pattern": pattern, "options": options,
            "required": param.default is None}


def _labels_of_class(site, cls: str) -> list[str]:
    """The names an instance of `cls` goes by, for the form's autocomplete (a datalist)."""
    from kg.query.resolve import instances

    members = instances(site.graph, cls)
    return sorted({n.name for n in site.names if n.entity in members}, key=str.casefold)[:2000]


def _with(fields: dict[str, list[str]], **changes: str) -> str:
    kept = [(k, v) for k, values in fields.items() if k not in changes for v in values]
    return "?" + urllib.parse.urlencode(kept + list(changes.items()))


def one(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name, [])
    if len(values) > 1:
        raise UsageError(f"give one '{name}' parameter ({len(values)} given)")
    return values[0] if values else ""


def status_of(exc: KgError) -> int:
    from kg.errors import NotFound

    return 404 if isinstance(exc, NotFound) else STATUS.get(exc.exit_code, 500)
