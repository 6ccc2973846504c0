"""The standard's restrictions on the SPARQL of SHACL constraints: refused with one line naming the shape.

SHACL evaluates a constraint's query with $this pre-bound to each focus node (SHACL 1.0,
appendix A), a definition that only holds for some queries: a processor MUST report a failure
for a query with MINUS, VALUES or SERVICE, one that binds a pre-bound variable with `AS`, or a
subquery that does not return every pre-bound variable. Running such a query anyway gives an
answer that depends on the engine (pyshacl returns a failure object, Oxigraph evaluates it), so
both engines refuse it here, before either runs it: an error for the user (exit 3), never a
decline and never a skip. $shapesGraph and $currentShape are optional in the standard and neither
engine binds them, and a processor that does not MUST report a failure: refused the same way.
SPARQL-based targets and rules are not pre-bound, so these rules do not apply to them.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import InputError
from kg.namespaces import SH, shorten
from kg.rdf.terms import term_text
from kg.sparql.lexer import Token

CONSTRAINT_LINK = SH + "sparql"
VALIDATOR_LINKS = (SH + "validator", SH + "nodeValidator", SH + "propertyValidator")
LINKS = (CONSTRAINT_LINK, *VALIDATOR_LINKS, SH + "parameter", SH + "path")
PREBOUND = frozenset({"this", "shapesGraph", "currentShape"})
UNSUPPORTED = ("shapesGraph", "currentShape")
FORBIDDEN = {"MINUS", "VALUES", "SERVICE"}


def prebound_variables(links: Iterable[tuple]) -> dict:
    """Query node -> (the shape or component that owns it, its potentially pre-bound variables).

    `links` are the (subject, predicate, object) statements of a shapes graph whose predicate is in
    LINKS. A validator of a constraint component also has its parameters pre-bound, named after
    the local name of each parameter's sh:path.
    """
    links = list(links)
    paths = {s: o for s, p, o in links if str(p) == SH + "path"}
    parameters: dict = {}
    for s, p, o in links:
        if str(p) == SH + "parameter" and o in paths:
            parameters.setdefault(s, set()).add(_local_name(str(paths[o])))
    found = {}
    for s, p, o in links:
        if str(p) == CONSTRAINT_LINK:
            found[o] = (term_text(s), PREBOUND)
        elif str(p) in VALIDATOR_LINKS:
            found[o] = (term_text(s), PREBOUND | frozenset(parameters.get(s, ())))
    return found


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def refuse_unprebindable(owner: str, parameter: str, tokens: list[Token], prebound: frozenset) -> None:
    """Raise InputError when the query (sh:select or sh:ask of a constraint or validator) breaks a rule."""
    names = prebound | ({"value"} if parameter == SH + "ask" else set())
    where = f"SHACL shape {owner}, {shorten(parameter)}"
    for i, token in enumerate(tokens):
        at = f"at line {token.line}, column {token.column} of the query"
        if token.keyword in FORBIDDEN:
            raise InputError(f"{where}: {token.keyword} {at} is not allowed in a SHACL constraint "
                             "(SHACL pre-binds $this; MINUS, VALUES and SERVICE cannot be pre-bound)")
        if token.kind == "var" and token.text[1:] in UNSUPPORTED:
            raise InputError(f"{where}: {token.text} {at} is not supported (SHACL makes it optional; "
                             "neither validator binds it)")
        if token.keyword == "AS" and i + 1 < len(tokens) and tokens[i + 1].text[1:] in names:
            raise InputError(f"{where}: AS {tokens[i + 1].text} {at} rebinds a pre-bound variable, "
                             "which SHACL does not allow")
        if token.keyword == "SELECT" and (i > 0 or parameter != SH + "select"):
            _check_subquery(where, tokens, i, names - set(UNSUPPORTED))


def _check_subquery(where: str, tokens: list[Token], start: int, required: set[str]) -> None:
    """A subquery must return every pre-bound variable ($this, a component's parameters)."""
    projected, depth, star, previous = set(), 0, False, None
    for token in tokens[start + 1:]:
        if depth == 0 and (token.keyword == "WHERE" or token.text == "{"):
            break
        depth += (token.text == "(") - (token.text == ")")
        star = star or (depth == 0 and token.text == "*")
        if token.kind == "var" and (depth == 0 or (previous is not None and previous.keyword == "AS")):
            projected.add(token.text[1:])
        previous = token
    missing = sorted(required - projected)
    if star or missing:
        at = f"at line {tokens[start].line}, column {tokens[start].column} of the query"
        what = "SELECT *" if star else f"SELECT without ${missing[0]}"
        raise InputError(f"{where}: the subquery {at} is {what}: a SHACL subquery must name every "
                         f"pre-bound variable in its SELECT (${', $'.join(sorted(required))})")
