"""Rendering a QueryResult: tables for eyes, the standard SPARQL result formats for programs.

Renderers return text and never print. The machine formats follow the W3C specifications
(SPARQL 1.1 Query Results JSON, XML, CSV and TSV) so that any SPARQL tool reads them back;
graphs from CONSTRUCT/DESCRIBE are written deterministically (the same result, the same bytes).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.errors import LimitError, UsageError
from kg.namespaces import XSD
from kg.query.run import QueryResult
from kg.rdf.terms import escape_controls, term_text

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "rdfxml")
GRAPH_ALIASES = {"ttl": "turtle", "ntriples": "nt", "json": "jsonld", "xml": "rdfxml"}
FORMAT_CHOICES = (*SELECT_FORMATS, *GRAPH_FORMATS, "ttl")
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def default_format(form: str, terminal: bool) -> str:
    """table on a terminal, TSV (lossless, one row a line) in a pipe; Turtle for graphs."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    return "table" if terminal else "tsv"


def check_format(form: str, fmt: str) -> str:
    """The canonical name of `fmt` for this query form, or a UsageError naming -f."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        name = GRAPH_ALIASES.get(fmt, fmt)
        if name not in GRAPH_FORMATS:
            raise UsageError(f"-f {fmt} is for SELECT and ASK results; a {form} gives a graph: use {', '.join(GRAPH_FORMATS)}")
        return name
    if fmt not in SELECT_FORMATS:
        raise UsageError(f"-f {fmt} is for graphs (CONSTRUCT, DESCRIBE); a {form} gives rows: use {', '.join(SELECT_FORMATS)}")
    return fmt


def render(result: QueryResult, fmt: str, *, labels: dict[str, str] | None = None, max_table_rows: int = 100_000) -> str:
    """The result in format `fmt` (already checked with check_format)."""
    if result.is_graph:
        return render_graph(result.triples, fmt)
    if fmt in ("table", "md") and len(result.rows) > max_table_rows:
        raise LimitError(
            f"{len(result.rows):,} rows are too many for a table (limit {max_table_rows:,}, KG_MAX_TABLE_ROWS)",
            hint="use -f csv, tsv or json, which print any number of rows",
        )
    return _SELECT_RENDERERS[fmt](result, labels or {})


# ---------------------------------------------------------------- for eyes


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "") -> str:
    """Columns aligned by width; numbers right-aligned with thousands separators.

    Query results, kg show and the CLI's own summaries all align columns this way.
    """
    cells = [[_cell(v) for v in row] for row in rows]
    numeric = [all(isinstance(row[i], int) for row in rows) if rows else False for i in range(len(headers))]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if numeric[i] else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths))]
        return (indent + "  ".join(parts)).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else escape_controls(str(value))  # cells quote the data: no terminal escapes


def _table(result: QueryResult, labels: dict[str, str]) -> str:
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    # Cells for eyes: labels or prefixed names, literals as plain text; blank nodes kept apart by id.
    rows = [[term_text(term, labels=labels, blank_ids=True, literals="plain") for term in row] for row in result.rows]
    footer = f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return format_table(list(result.variables), rows) + footer


def _markdown(result: QueryResult, labels: dict[str, str]) -> str:
    if result.boolean is not None:
        return "true" if result.boolean else "false"

    def cell(text: str) -> str:
        return escape_controls(text.replace("\\", "\\\\").replace("|", "\\|"))

    lines = ["| " + " | ".join(cell(v) for v in result.variables) + " |"]
    lines.append("|" + "|".join(" --- " for _ in result.variables) + "|")
    for row in result.rows:
        cells = (term_text(t, labels=labels, blank_ids=True, literals="plain") for t in row)  # as in _table
        lines.append("| " + " | ".join(cell(text) for text in cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- W3C result formats


def _csv(result: QueryResult, labels: dict[str, str]) -> str:
    """SPARQL 1.1 CSV: IRIs and literal values bare, CRLF line ends, unbound as empty."""
    if result.boolean is not None:  # no standard CSV for ASK: the word, as pyoxigraph writes it
        return ("true" if result.boolean else "false") + "\r\n"
    import csv  # here, like json below: each format pays only for itself
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value for t in row])
    return out.getvalue()


def _tsv(result: QueryResult, labels: dict[str, str]) -> str:
    """SPARQL 1.1 TSV: `?var` headers, terms in N-Triples syntax (tabs and newlines escaped)."""
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == XSD + "string":
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _json(result: QueryResult, labels: dict[str, str]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        document: dict = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {name: _json_term(term) for name, term in zip(result.variables, row) if term is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    import json

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def escape(text: str) -> str:
    """XML character data (xml.sax.saxutils would cost 40 ms of imports: urllib, http, email)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value == XSD + "string":
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"


def _xml(result: QueryResult, labels: dict[str, str]) -> str:
    """SPARQL Query Results XML Format (Second Edition)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "  <head>"]
    lines.extend(f"    <variable name={quoteattr(v)}/>" for v in result.variables)
    lines.append("  </head>")
    if result.boolean is not None:
        lines.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        lines.append("  <results>")
        for row in result.rows:
            lines.append("    <result>")
            lines.extend(
                f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                for name, term in zip(result.variables, row)
                if term is not None
            )
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


_SELECT_RENDERERS = {"table": _table, "md": _markdown, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}


# ---------------------------------------------------------------- graphs


def render_graph(triples, fmt: str) -> str:
    """CONSTRUCT/DESCRIBE output; blank nodes are canonicalised so the bytes are stable."""
    from kg.namespaces import PREFIXES
    from kg.rdf.turtle import _canonical, serialize_turtle

    if fmt == "turtle":
        return serialize_turtle(triples)
    quads = sorted(_canonical([ox.Quad(t.subject, t.predicate, t.object) for t in triples]), key=str)
    stable = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    rdf_format = {"nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    prefixes = PREFIXES if fmt == "rdfxml" else None
    return ox.serialize(stable, format=rdf_format, prefixes=prefixes).decode("utf-8")
