"""A small SPARQL tokenizer, enough to look at a query before any engine runs it.

The safety checks (no update, no SERVICE, no FROM <elsewhere>) and the canned-query checks
(which variables a query uses and projects) must not be fooled by a keyword inside a string,
an IRI or a comment: `FILTER(?x = "SERVICE")` is a harmless query. So they look at tokens, not
at text. This is not a parser; pyoxigraph parses, and reports syntax errors itself.
"""

from __future__ import annotations

import re
from kg.records import record

# Kinds: string, iri, pname (prefixed name), var, bnode, langtag, number, word, punct.
_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<bnode>_:\w(?:[\w\-]|\.(?=[\w\-]))*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_][\w\-.]*)?:(?:[\w\-:%\\]|\.(?=[\w\-:%\\]))*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*=<>!?+\-/|^])
    """,
    re.VERBOSE,
)


@record
class Token:
    kind: str
    text: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    offset: int = 0  # where it starts in the text, in characters

    @property
    def keyword(self) -> str:
        """The upper-cased text of a bare word (SPARQL keywords are case-insensitive), else ""."""
        return self.text.upper() if self.kind == "word" else ""


class LexError(ValueError):
    """Text the tokenizer cannot read: an unterminated string or IRI, a stray character."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.line = line
        self.column = column


def tokenize(text: str) -> list[Token]:
    """Every token of `text` except spaces and comments, with its line and column."""
    tokens: list[Token] = []
    pos, line, line_start = 0, 1, 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None or match.end() == pos:
            raise LexError(_lex_problem(text, pos), line, pos - line_start + 1)
        kind = match.lastgroup or "punct"
        chunk = match.group()
        if kind not in ("space", "comment"):
            tokens.append(Token(kind, chunk, line, pos - line_start + 1, pos))
        newlines = chunk.count("\n")
        if newlines:
            line += newlines
            line_start = pos + chunk.rfind("\n") + 1
        pos = match.end()
    return tokens


def _lex_problem(text: str, pos: int) -> str:
    char = text[pos]
    if char in "'\"":
        return "a string is not closed"
    return f"unexpected character {char!r}"


def query_form(tokens: list[Token]) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword, or None."""
    for token in tokens:
        if token.keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return token.keyword
    return None


def repeated_paths(tokens: list[Token]) -> list[Token]:
    """The `*` and `+` that repeat a property path (`kg:partOf*`, `(a|b)+`), not SELECT * or arithmetic."""
    return [
        token for before, token in zip(tokens, tokens[1:])
        if token.kind == "punct" and token.text in ("*", "+")
        and (before.kind in ("iri", "pname") or before.text == ")" or before.keyword == "A")
    ]


def variable_names(tokens: list[Token]) -> set[str]:
    """Names of the variables a query mentions anywhere (?x and $x are the same variable)."""
    return {t.text[1:] for t in tokens if t.kind == "var"}


def body_variables(tokens: list[Token]) -> set[str]:
    """Variables used outside the outermost SELECT clause: in patterns, filters, ORDER BY…"""
    start = next((i for i, t in enumerate(tokens) if t.keyword == "SELECT"), None)
    if start is None:
        return variable_names(tokens)
    depth = 0
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        depth += (token.text == "(") - (token.text == ")")
        if depth == 0 and (token.keyword in ("WHERE", "FROM") or token.text == "{"):
            return variable_names(tokens[index:])
    return set()


def projected_variables(tokens: list[Token]) -> list[str] | None:
    """The variables of the outermost SELECT clause, in order (`?x` and `(… AS ?x)`).

    None for `SELECT *` and for other query forms.
    """
    start = next((i for i, t in enumerate(tokens) if t.keyword == "SELECT"), None)
    if start is None:
        return None
    names: list[str] = []
    depth = 0
    previous = tokens[start]
    for token in tokens[start + 1:]:
        if token.text == "*" and depth == 0:
            return None
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and (token.keyword in ("WHERE", "FROM") or token.text == "{"):
            break
        elif token.kind == "var" and (depth == 0 or previous.keyword == "AS"):
            names.append(token.text[1:])
        previous = token
    return names


def where_group(tokens: list[Token]) -> int | None:
    """Index of the `{` that opens the query's WHERE group, or None (DESCRIBE <iri>, CONSTRUCT WHERE).

    The first top-level WHERE, else the first top-level `{` (the second for CONSTRUCT, whose
    template comes first). `CONSTRUCT WHERE { … }` is a template, not a group: None.
    """
    form = query_form(tokens)
    depth = 0
    groups_seen = 0
    for index, token in enumerate(tokens):
        if depth == 0 and token.keyword == "WHERE":
            after = index + 1
            if form == "CONSTRUCT" and index > 0 and tokens[index - 1].keyword == "CONSTRUCT":
                return None
            return after if after < len(tokens) and tokens[after].text == "{" else None
        if token.text == "{":
            if depth == 0:
                groups_seen += 1
                if groups_seen == (2 if form == "CONSTRUCT" else 1):
                    return index
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
    return None


def expression_uses_out_of_reach(tokens: list[Token], names: set[str]) -> list[Token]:
    """Uses of ?names in a FILTER or BIND that a VALUES block opening the WHERE group does not reach.

    Remote endpoints take no substitutions, so parameters travel as that VALUES block (kg.interop.remote_query),
    which binds them for the whole WHERE group, for the filter of an OPTIONAL directly in it, and
    inside EXISTS patterns there; but a FILTER or BIND in any other nested group (GRAPH, UNION,
    MINUS, a sub-select, an OPTIONAL's BIND) is evaluated on its own, where they are unbound.
    Triple patterns are joined, so any of them may use a parameter.
    """
    start = where_group(tokens)
    if start is None:
        return []
    kinds: list[str] = []
    expression: tuple[str, int] | None = None  # FILTER or BIND, and how many groups enclose it
    nesting = 0  # brackets opened since the expression began
    found = []
    for index in range(start, len(tokens)):
        token, previous = tokens[index], tokens[index - 1]
        if expression is None and token.keyword in ("FILTER", "BIND"):
            expression, nesting = (token.keyword, len(kinds)), 0
            continue
        if token.text == "{":
            kinds.append("top" if not kinds else "optional" if previous.keyword == "OPTIONAL" else
                         "exists" if previous.keyword == "EXISTS" else "group")
        if expression is not None and token.text in "({)}" and token.kind == "punct":
            nesting += 1 if token.text in "({" else -1
        if token.kind == "var" and token.text[1:] in names and expression is not None:
            keyword, level = expression
            around = kinds[1:level]
            if around and not (around == ["optional"] and keyword == "FILTER"):
                found.append(token)
        if token.text == "}":
            kinds.pop()
            if not kinds:
                break
        if expression is not None and nesting == 0 and token.text in ")}":
            expression = None
    return found


def variables_in_subselects(tokens: list[Token]) -> set[str]:
    """Names of the variables used inside a sub-select (`{ SELECT … }`) anywhere in the query."""
    opened: list[bool] = []  # for each open group: whether it is a sub-select
    found = set()
    for index, token in enumerate(tokens):
        if token.text == "{" and token.kind == "punct":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            opened.append(following is not None and following.keyword == "SELECT")
        elif token.text == "}" and token.kind == "punct" and opened:
            opened.pop()
        elif token.kind == "var" and any(opened):
            found.add(token.text[1:])
    return found
