"""What a SPARQL query may do, judged from its tokens before any engine sees it.

Read-only, no network, no deep nesting, known prefixes: kg query applies these to every query,
and kg.shacl.policy to the SPARQL that SHACL shapes carry (DESIGN.md §5: pyoxigraph federates
SERVICE from Rust, where no Python hook can stop it, so the judgement must come first).
"""

from __future__ import annotations

from kg.errors import LimitError, PolicyError, UsageError
from kg.limits import Limits
from kg.namespaces import PREFIXES
from kg.sparql.lexer import Token

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (kg.records says why)
if TYPE_CHECKING:
    from typing import Callable, Union

    GraphNames = Union[set, Callable[[], set]]  # the store's graph IRIs, or how to get them

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


def refuse_unsafe(tokens: list[Token], graph_names: GraphNames) -> None:
    """Refuse SPARQL Update, SERVICE, and FROM / FROM NAMED with an IRI that is not a graph of the store."""
    token = first_unsafe_keyword(tokens)
    if token is not None and token.keyword in UPDATE_KEYWORDS:
        raise PolicyError(
            f"SPARQL Update is refused: {token.keyword} at line {token.line}, column {token.column}; "
            "kg query is read-only (change the data files and rebuild instead)"
        )
    if token is not None:
        raise PolicyError(
            f"SERVICE at line {token.line}, column {token.column} is refused: "
            "a kg query never reaches other endpoints (no network beyond a store you name)"
        )
    if any(t.keyword == "FROM" for t in tokens):
        known = graph_names() if callable(graph_names) else graph_names
        declared = declared_prefixes(tokens)
        base = next(
            (tokens[i + 1].text[1:-1] for i, t in enumerate(tokens[:-1]) if t.keyword == "BASE" and tokens[i + 1].kind == "iri"),
            None,
        )
        for index, token in enumerate(tokens):
            if token.keyword == "FROM":
                _check_from(tokens, index, declared, base, known)


def refuse_deep_nesting(tokens: list[Token], limit: int | None = None) -> None:
    """Refuse brackets nested deeper than KG_MAX_NESTING_DEPTH before the engine parses them.

    Oxigraph's SPARQL parser recurses on nesting: at a few thousand levels it overflows the stack
    and the process dies with a segmentation fault, which no Python handler can turn into a message.
    """
    limit = limit or Limits().max_nesting_depth
    depth = 0
    for token in tokens:
        if token.kind == "punct" and token.text in "({[":
            depth += 1
            if depth > limit:
                raise LimitError(
                    f"the query nests brackets more than {limit} levels deep (line {token.line}, column "
                    f"{token.column}); raise KG_MAX_NESTING_DEPTH if it is trusted"
                )
        elif token.kind == "punct" and token.text in ")}]":
            depth -= 1


def first_unsafe_keyword(tokens: list[Token]) -> Token | None:
    """The first token that would write (an Update keyword, LOAD among them) or reach the network (SERVICE).

    The one test of what SPARQL may run: kg query uses it, and so does kg.shacl.policy for the
    SPARQL that SHACL shapes carry.
    """
    return next((t for t in tokens if t.keyword in UPDATE_KEYWORDS or t.keyword == "SERVICE"), None)


def _check_from(tokens: list[Token], index: int, declared: dict, base: str | None, graph_names: set[str]) -> None:
    from urllib.parse import urljoin

    position = index + 1
    if position < len(tokens) and tokens[position].keyword == "NAMED":
        position += 1
    target = tokens[position] if position < len(tokens) else None
    iri = None
    if target is not None and target.kind == "iri":
        iri = target.text[1:-1]
        iri = urljoin(base, iri) if base else iri
    elif target is not None and target.kind == "pname":
        prefix, local = target.text.split(":", 1)
        namespace = declared.get(prefix, PREFIXES.get(prefix))
        iri = namespace + local if namespace is not None else None
    if iri is None or iri not in graph_names:
        shown = target.text if target is not None else "(nothing)"
        where = tokens[index]
        raise PolicyError(
            f"FROM {shown} at line {where.line}, column {where.column} is refused: only graphs of this store "
            "can be named, and nothing is fetched from elsewhere (kg stats lists the graphs)"
        )


def declared_prefixes(tokens: list[Token]) -> dict[str, str]:
    """The PREFIX declarations of a query: prefix -> namespace."""
    found = {}
    for i, token in enumerate(tokens[:-2]):
        if token.keyword == "PREFIX" and tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri":
            found[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
    return found


def check_prefixes(tokens: list[Token]) -> None:
    """An unknown prefix, named with its position (pyoxigraph points at the end of the query)."""
    known = set(PREFIXES) | set(declared_prefixes(tokens))
    for token in tokens:
        if token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            if prefix not in known:
                raise UsageError(
                    f"SPARQL syntax error at line {token.line}, column {token.column}: unknown prefix {prefix}: "
                    f"(declare it with PREFIX {prefix}: <…>; predeclared: {', '.join(PREFIXES)})"
                )
