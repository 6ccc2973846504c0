"""A query written so that any SPARQL 1.1 engine runs it as kg does: its prefixes declared, its parameters bound.

kg predeclares the project's prefixes and binds a canned question's parameters as typed terms, so
the .rq files carry neither; Jena's arq and the oxigraph CLI reject them as they are. The
standalone form adds `PREFIX` lines for the prefixes the query uses, and binds the parameters as
a `VALUES` block that opens the WHERE group (the same binding kg query --endpoint sends, which the
canned-query checks make equal to kg's own: kg.query.canned). Each value is an RDF term written
by pyoxigraph, so no text a user typed becomes query syntax.
"""

from __future__ import annotations

from kg.errors import UsageError
from kg.namespaces import PREFIXES
from kg.sparql.lexer import tokenize, where_group

UNION_NOTE = (
    "# Ask it of a store whose default graph is the union of its named graphs, as kg's is:\n"
    "# oxigraph query --union-default-graph, Fuseki with unionDefaultGraph, GraphDB, Virtuoso.\n"
    "# The inferred graph (the class hierarchy closed) must be in that union and out of GRAPH ?g:\n"
    "# kg push does so; from files, load kg export -f nt --graph inferred as the default graph.\n"
)


def with_values(text: str, terms: dict[str, object], tokens: list | None = None) -> str:
    """The query with `VALUES (?name …) { (term …) }` opening its WHERE group (`tokens`: the text's,
    when the caller has them)."""
    tokens = tokenize(text) if tokens is None else tokens
    where = where_group(tokens)
    if where is None:
        raise UsageError(
            "a query with parameters needs a WHERE group to bind them on a remote endpoint "
            "(write CONSTRUCT { … } WHERE { … }, not CONSTRUCT WHERE { … })"
        )
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(term) for term in terms.values())  # N-Triples syntax, escaped by pyoxigraph
    cut = tokens[where].offset + 1
    return f"{text[:cut]} VALUES ({names}) {{ ({values}) }}{text[cut:]}"


def prefix_lines(text: str) -> str:
    """`PREFIX` lines for the project prefixes `text` uses and does not declare itself, sorted."""
    tokens = tokenize(text)
    declared = {t.text[:-1] for before, t in zip(tokens, tokens[1:]) if before.keyword == "PREFIX" and t.kind == "pname"}
    used = {t.text.split(":", 1)[0] for t in tokens if t.kind == "pname"}
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used - declared) if p in PREFIXES)


def standalone(text: str, terms: dict[str, object] | None = None) -> str:
    """`text` with its prefixes declared and `terms` bound: what to give arq, oxigraph or an endpoint."""
    header_end = 0
    lines = text.splitlines(keepends=True)
    while header_end < len(lines) and lines[header_end].startswith("#"):
        header_end += 1
    header, body = "".join(lines[:header_end]), "".join(lines[header_end:])
    bound = with_values(body, terms) if terms else body
    return f"{header}{UNION_NOTE}{prefix_lines(body)}{bound}"
