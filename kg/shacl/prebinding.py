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

Custom constraint components are evaluated by pyshacl alone (the SPARQL engine declines them),
and pyshacl 0.40 evaluates a SELECT-based validator once per value node with ?value pre-bound,
where SHACL runs it once per focus node with ?value free. The two agree only for some queries, so
the others are refused with the same one line rather than judged wrongly: a node validator's query
that uses ?value (pyshacl binds it to the focus node), and a property validator's query that is
not one group holding `$this $PATH ?value` (pyshacl never runs it for a focus node without values).
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
    """Query node -> (the shape or component that owns it, its potentially pre-bound variables, its role).

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
            found[o] = (term_text(s), PREBOUND, "constraint")
        elif str(p) in VALIDATOR_LINKS:
            role = {SH + "nodeValidator": "node", SH + "propertyValidator": "property"}.get(str(p), "validator")
            found[o] = (term_text(s), PREBOUND | frozenset(parameters.get(s, ())), role)
    return found


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def refuse_unprebindable(owner: str, parameter: str, tokens: list[Token], prebound: frozenset,
                         role: str = "constraint") -> None:
    """Raise InputError when the query (sh:select or sh:ask of a constraint or validator) breaks a rule.

    `role` is where the query sits: "constraint" (sh:sparql), "node" or "property" (a component's
    sh:nodeValidator or sh:propertyValidator), "validator" (sh:validator)."""
    names = prebound | ({"value"} if parameter == SH + "ask" else set())
    where = f"SHACL shape {owner}, {shorten(parameter)}"
    if parameter == SH + "select" and role in ("node", "property"):
        _refuse_what_pyshacl_misjudges(where, tokens, role)
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


def _refuse_what_pyshacl_misjudges(where: str, tokens: list[Token], role: str) -> None:
    """A SELECT-based validator whose answer from pyshacl (once per value node, ?value pre-bound)
    could differ from SHACL's (once per focus node, ?value free) is refused (see the module's doc)."""
    values = [t for t in tokens if t.kind == "var" and t.text[1:] == "value"]
    if role == "node" and values:
        t = values[0]
        raise InputError(f"{where}: {t.text} at line {t.line}, column {t.column} of the query is not supported in a "
                         "node validator: pyshacl, which evaluates custom constraint components, binds it to the focus "
                         "node where SHACL leaves it free; name the variable otherwise")
    if role == "property" and not _one_group_with_path_values(tokens):
        raise InputError(f"{where}: a property validator's query must be one group holding $this $PATH ?value: "
                         "pyshacl, which evaluates custom constraint components, runs it once per value of the path, "
                         "so it would never report a focus node without values")


def _one_group_with_path_values(tokens: list[Token]) -> bool:
    if sum(1 for t in tokens if t.kind == "punct" and t.text == "{") != 1:  # OPTIONAL, UNION, EXISTS... open one more
        return False
    texts = [t.text[1:] if t.kind == "var" else None for t in tokens]
    return any(texts[i:i + 3] == ["this", "PATH", "value"] for i in range(len(texts) - 2))
