"""Saying where a SPARQL syntax error is.

pyoxigraph reports "error at LINE:COLUMN: expected …", but its PEG parser records the furthest
position any rule reached, and one rule scans to the end of the text: for most mistakes
(`FILTER(?o = )`, a missing `}`, a misspelt keyword) the position is the end of the query and
the expected list is noise. So once pyoxigraph has rejected a query, the tokens are searched
for the usual culprits, in order: an unbalanced bracket, a word that is no SPARQL keyword or
function, an operator with nothing after it. Only a query the engine rejected is searched, so a
gap in the word list can never refuse a valid query. Failing all that, pyoxigraph's own report.
"""

from __future__ import annotations

import re

from kg.errors import UsageError
from kg.sparql.lexer import Token

_KEYWORDS = """
A ABS ADD ADJUST ALL AS ASC ASK AVG BASE BIND BNODE BOUND BY CEIL CLEAR COALESCE CONCAT CONSTRUCT
CONTAINS COPY COUNT CREATE DATA DATATYPE DAY DEFAULT DELETE DESC DESCRIBE DISTINCT DROP ENCODE_FOR_URI
EXISTS FALSE FILTER FLOOR FROM GRAPH GROUP GROUP_CONCAT HAVING HOURS IF IN INSERT INTO IRI ISBLANK
ISIRI ISLITERAL ISNUMERIC ISTRIPLE ISURI LANG LANGDIR LANGMATCHES LATERAL LCASE LIMIT LOAD MAX MD5
MINUS MIN MINUTES MONTH MOVE NAMED NOT NOW OBJECT OFFSET OPTIONAL ORDER PREDICATE PREFIX RAND REDUCED
REGEX REPLACE ROUND SAMETERM SAMPLE SECONDS SELECT SEPARATOR SERVICE SHA1 SHA256 SHA384 SHA512 SILENT
STR STRAFTER STRBEFORE STRDT STRENDS STRLANG STRLANGDIR STRLEN STRSTARTS STRUUID SUBJECT SUBSTR SUM
TIMEZONE TO TRIPLE TRUE TZ UCASE UNDEF UNION URI USING UUID VALUES VERSION WHERE WITH YEAR
HASLANG HASLANGDIR ISTRIPLE
""".split()
KNOWN_WORDS = frozenset(_KEYWORDS)
_OPENERS = {"(": ")", "{": "}", "[": "]"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_BINARY = {"=", "!=", "<", ">", "<=", ">=", "&&", "||"}  # not * / + -: also path and sign operators
_ENDS = {")", "}", "]", ",", ".", ";"}
_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_CHAR_CLASS = re.compile(r"\[[^\]]*\]")


def syntax_error(exc: SyntaxError, tokens: list[Token], text: str) -> UsageError:
    """The UsageError for a query pyoxigraph rejected: the likeliest place, then the engine's."""
    found = diagnose(tokens)
    if found is not None:
        token, problem = found
        return UsageError(f"SPARQL syntax error at line {token.line}, column {token.column}: {problem}")
    message = str(exc)
    match = _POSITION.match(message)
    if match is None:
        return UsageError(f"SPARQL syntax error: {message}")
    line, column = int(match.group(1)), int(match.group(2))
    detail = " ".join(_CHAR_CLASS.sub("", message[match.end():]).split())
    detail = re.sub(r"(,\s*)+", ", ", detail).strip(" ,")
    detail = detail[:157] + "…" if len(detail) > 160 else detail
    at_end = (line, column) >= _end_position(text)
    where = f"at line {line}, column {column}" + (" (the end of the query)" if at_end else "")
    return UsageError(f"SPARQL syntax error {where}: {detail or 'the query is incomplete'}")


def diagnose(tokens: list[Token]) -> tuple[Token, str] | None:
    """The first token that is wrong on sight, with what is wrong, or None."""
    return _unbalanced(tokens) or _unknown_word(tokens) or _dangling_operator(tokens)


def _unbalanced(tokens: list[Token]) -> tuple[Token, str] | None:
    stack: list[Token] = []
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in _OPENERS:
            stack.append(token)
        elif token.text in _CLOSERS:
            if not stack:
                return token, f"'{token.text}' closes nothing"
            opener = stack.pop()
            if opener.text != _CLOSERS[token.text]:
                return token, (
                    f"'{token.text}' where '{_OPENERS[opener.text]}' was expected "
                    f"(to close the '{opener.text}' at line {opener.line}, column {opener.column})"
                )
    if stack:
        return stack[-1], f"'{stack[-1].text}' is never closed"
    return None


def _unknown_word(tokens: list[Token]) -> tuple[Token, str] | None:
    for token in tokens:
        if token.kind == "word" and token.keyword not in KNOWN_WORDS:
            return token, f"{token.text!r} is not a SPARQL keyword or function"
    return None


def _dangling_operator(tokens: list[Token]) -> tuple[Token, str] | None:
    for token, after in zip(tokens, tokens[1:] + [None]):
        if token.kind == "punct" and token.text in _BINARY and (after is None or after.text in _ENDS | _BINARY):
            return token, f"'{token.text}' needs a value after it"
    return None


def _end_position(text: str) -> tuple[int, int]:
    """Line and column of the last non-space character, plus one."""
    stripped = text.rstrip()
    line = stripped.count("\n") + 1
    return line, len(stripped) - (stripped.rfind("\n") + 1) + 1
