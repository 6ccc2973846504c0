"""SPARQL carried by SHACL shapes is checked before any engine sees the shapes graph.

A shapes graph may hold SPARQL text: constraints (sh:select, sh:ask), SPARQL-based targets,
SHACL rules (sh:construct, sh:update) and functions. Both validators would run it: kg.shacl.sparql_engine
hands sh:select to Oxigraph, which federates SERVICE from Rust where no Python hook can stop it,
and pyshacl (the fallback, with advanced features on) runs targets and rules through rdflib,
which fetches SERVICE endpoints over HTTP. So every such text is refused if it could reach the
network or write (SERVICE, LOAD or any Update keyword, FROM), by the same token test kg query
uses, and a JavaScript library URL is refused outright. Both engines call `refuse_unsafe_shapes`
on the shapes graph they are given: one rule, checked at the door of each engine.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import InputError, PolicyError
from kg.namespaces import SH, shorten
from kg.rdf.terms import term_text
from kg.sparql.policy import first_unsafe_keyword, refuse_deep_nesting
from kg.sparql.lexer import LexError, tokenize
from kg.shacl.prebinding import LINKS, prebound_variables, refuse_unprebindable

# Parameters whose value is SPARQL text that a SHACL engine evaluates.
SPARQL_TEXT = tuple(SH + name for name in ("select", "ask", "construct", "update"))
# Parameters whose value is fetched from somewhere else.
FETCHED = (SH + "jsLibraryURL",)
WATCHED = SPARQL_TEXT + FETCHED
_WATCHED, _LINKS = frozenset(WATCHED), frozenset(LINKS)
# Parameters whose query SHACL evaluates with $this pre-bound, when a constraint or validator holds them.
PREBOUND_TEXT = (SH + "select", SH + "ask")


def refuse_unsafe_shapes(statements: Iterable[tuple], nesting_limit: int | None = None) -> None:
    """Raise PolicyError for the first unsafe (shape, parameter IRI, value text); others pass.

    Callers hand in only statements whose predicate is in WATCHED (cheap for both engines). A
    statement may carry a fourth item, (owning shape, pre-bound variables, role), when its query is a
    constraint's or a validator's: it must then also follow the pre-binding rules (kg.shacl.prebinding).
    `nesting_limit` is Limits.max_nesting_depth (the default's when None).
    """
    for shape, parameter, text, *prebinding in statements:
        owner = prebinding[0][0] if prebinding and prebinding[0] is not None else shape  # a constraint's shape
        where = f"SHACL shape {owner}, {shorten(parameter)}"
        if parameter in FETCHED:
            raise PolicyError(f"{where} <{text}> is refused: shapes never load code or documents from elsewhere")
        if parameter in SPARQL_TEXT:
            tokens = _refuse_unsafe_sparql(where, text, nesting_limit)
            if prebinding and prebinding[0] is not None and parameter in PREBOUND_TEXT:
                refuse_unprebindable(owner, parameter, tokens, prebinding[0][1], prebinding[0][2])


def _refuse_unsafe_sparql(where: str, text: str, nesting_limit: int | None) -> list:
    try:
        tokens = tokenize(text)
    except LexError as exc:
        raise InputError(f"{where}: SPARQL syntax error at line {exc.line}, column {exc.column} of the query: {exc}") from None
    refuse_deep_nesting(tokens, nesting_limit)
    token = first_unsafe_keyword(tokens) or next((t for t in tokens if t.keyword == "FROM"), None)
    if token is not None:
        raise PolicyError(
            f"{where}: {token.keyword} at line {token.line}, column {token.column} of the query is refused: "
            "SHACL shapes never reach other endpoints, choose their own graphs or change data"
        )
    return tokens


def from_pyoxigraph(quads: Iterable) -> list[tuple]:
    """The watched statements of a shapes graph given as pyoxigraph quads or triples."""
    watched, links = [], []
    for q in quads:  # one pass: kg build compiles the shapes on every run
        predicate = q.predicate.value
        if predicate in _WATCHED:
            watched.append(q)
        elif predicate in _LINKS:
            links.append((q.subject, predicate, q.object))
    if not watched:
        return []
    prebound = prebound_variables(links)
    return [(term_text(q.subject), q.predicate.value, q.object.value, prebound.get(q.subject)) for q in watched]


def from_rdflib(graph) -> list[tuple]:
    """The watched statements of a shapes graph given as an rdflib Graph (as pyshacl gets it)."""
    from rdflib import URIRef

    prebound = prebound_variables(t for p in LINKS for t in graph.triples((None, URIRef(p), None)))
    return [
        (term_text(s), str(p), str(o), prebound.get(s))
        for p in WATCHED
        for s, _, o in graph.triples((None, URIRef(p), None))
    ]


def unreadable_shapes(shape: str, exc: Exception) -> InputError:
    """A shapes graph an engine could not evaluate (malformed SPARQL, a broken shape): exit 3, one line."""
    detail = " ".join(str(getattr(exc, "message", None) or exc).split())
    if len(detail) > 160:  # Oxigraph lists every character class it expected
        detail = detail[:159] + "…"
    return InputError(f"SHACL shape {shape} cannot be evaluated: {detail}")


def is_shapes_fault(exc: Exception) -> bool:
    """True for the errors pyshacl and rdflib raise about the shapes they were given, not about a bug.

    pyshacl raises ReportableRuntimeError subclasses; rdflib's SPARQL parser raises pyparsing's
    ParseException and a bare Exception for an unknown prefix.
    """
    from pyparsing import ParseBaseException
    from pyshacl.errors import ReportableRuntimeError

    return isinstance(exc, (ReportableRuntimeError, ParseBaseException)) or type(exc) is Exception
