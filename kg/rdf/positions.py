"""Where each triple is written: the line and column of its predicate and its object.

A report that says `file:line:column` for every problem needs the position of the offending
triple, and no parser gives one. Turtle, TriG, N-Triples and N-Quads are scanned here with a small
tokenizer that follows the grammar's shape (prefixes, `;` and `,` lists, `[ ... ]`, collections,
TriG graphs), and each statement it reads is matched to the parser's triples by its terms, blank
nodes by unification. Whatever cannot be matched has no position, and the report falls back to
the line of its subject (kg.rdf.locations). JSON-LD and RDF/XML have no triple positions.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict, deque
from dataclasses import dataclass
from urllib.parse import urljoin

import pyoxigraph as ox

from kg.rdf.reading import RdfInput

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<caret>\^\^)
  | (?P<number>[+-]?(?:\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.\d*[eE][+-]?\d+|\d+[eE][+-]?\d+|\d+))
  | (?P<bnode>_:[^\s;,()\[\]{}"'<>#]*[^\s;,()\[\]{}"'<>#.])
  | (?P<punct>[.;,\[\]()}{])
  | (?P<name>[^\s;,()\[\]{}"'<>#^]*[^\s;,()\[\]{}"'<>#^.]|:)
""", re.X)
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_NUMBER_TYPES = (("e", "double"), (".", "decimal"))
_SCANNED = {"turtle", "trig", "ntriples", "nquads"}


@dataclass(frozen=True)
class Spot:
    """A 1-based line and column in a file's text."""

    line: int
    column: int


@dataclass(frozen=True)
class Written:
    """One triple as the scanner read it: terms (a placeholder tuple for an anonymous blank node) and where."""

    subject: object
    predicate: object
    object: object
    at_subject: int
    at_predicate: int
    at_object: int


def triple_spots(inp: RdfInput, triples: list) -> dict:
    """Map each triple of `triples` (as parsed from `inp`) to the Spots of its subject, predicate and object.

    A triple the scanner could not place is left out; so is every triple of JSON-LD and RDF/XML.
    """
    if inp.format not in _SCANNED:
        return {}
    try:
        written = _Scanner(inp.text).statements()
    except (IndexError, KeyError, ValueError):  # the parser accepted it, so this is a gap in the scanner: no spots
        return {}
    starts = [0] + [m.end() for m in re.finditer("\n", inp.text)]

    def spot(offset: int) -> Spot:
        line = bisect.bisect_right(starts, offset)
        return Spot(line, offset - starts[line - 1] + 1)

    return {t: (spot(w.at_subject), spot(w.at_predicate), spot(w.at_object)) for t, w in _match(triples, written).items()}


class _Scanner:
    def __init__(self, text: str):
        self.tokens = [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text) if m.lastgroup != "ws"]
        self.i, self.prefixes, self.base, self.found, self.anonymous = 0, {}, "", [], 0

    def statements(self) -> list[Written]:
        while self.i < len(self.tokens):
            kind, value, _ = self.tokens[self.i]
            lowered = value.lower()
            if kind in ("name", "lang") and lowered in ("@prefix", "prefix"):
                self.prefixes[self.tokens[self.i + 1][1][:-1]] = self._iri(self.tokens[self.i + 2][1][1:-1])
                self.i += 3
            elif kind in ("name", "lang") and lowered in ("@base", "base"):
                self.base = self._iri(self.tokens[self.i + 1][1][1:-1])
                self.i += 2
            elif value in (".", "{", "}") or (kind == "name" and lowered == "graph"):
                self.i += 1
            elif self.i + 1 < len(self.tokens) and self.tokens[self.i + 1][1] == "{":
                self.i += 2  # a TriG graph name
            else:
                at = self.tokens[self.i][2]
                subject = self._term()
                if self.i < len(self.tokens) and self.tokens[self.i][1] not in (".", "}"):
                    self._predicates(subject, at)
        return self.found

    def _predicates(self, subject, at_subject: int) -> None:
        while self.i < len(self.tokens) and self.tokens[self.i][1] not in (".", "]", "}"):
            if self.tokens[self.i][1] == ";":
                self.i += 1
                continue
            kind, value, at_predicate = self.tokens[self.i]
            predicate = ox.NamedNode(_RDF + "type") if value == "a" else self._term()
            if value == "a":
                self.i += 1
            while True:
                at_object = self.tokens[self.i][2]
                self.found.append(Written(subject, predicate, self._term(), at_subject, at_predicate, at_object))
                if self.i < len(self.tokens) and self.tokens[self.i][1] == ",":
                    self.i += 1
                    continue
                break
            while self.i < len(self.tokens) and self.tokens[self.i][0] != "punct":
                self.i += 1  # an N-Quads graph name

    def _term(self):
        kind, value, at = self.tokens[self.i]
        self.i += 1
        if kind == "iri":
            return ox.NamedNode(self._iri(value[1:-1]))
        if kind == "bnode":
            return ox.BlankNode(value[2:])
        if kind == "string":
            return self._literal(value)
        if kind == "number":
            kind_of = next((name for mark, name in _NUMBER_TYPES if mark in value.lower()), "integer")
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + kind_of))
        if value in ("true", "false"):
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + "boolean"))
        if value == "[":
            node = self._placeholder("anonymous")
            self._predicates(node, at)
            self.i += 1  # ]
            return node
        if value == "(":
            return self._collection(at)
        prefix, _, local = value.partition(":")
        return ox.NamedNode(self.prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local))

    def _collection(self, at: int):
        first = current = self._placeholder("list")
        if self.tokens[self.i][1] == ")":
            self.i += 1
            return ox.NamedNode(_RDF + "nil")
        while True:
            item_at = self.tokens[self.i][2]
            self.found.append(Written(current, ox.NamedNode(_RDF + "first"), self._term(), at, at, item_at))
            if self.tokens[self.i][1] == ")":
                self.found.append(Written(current, ox.NamedNode(_RDF + "rest"), ox.NamedNode(_RDF + "nil"), at, at, at))
                self.i += 1
                return first
            following = self._placeholder("list")
            self.found.append(Written(current, ox.NamedNode(_RDF + "rest"), following, at, at, at))
            current = following

    def _placeholder(self, kind: str) -> tuple:
        self.anonymous += 1
        return (kind, self.anonymous)

    def _literal(self, token: str):
        quote = 3 if token[:3] in ('"""', "'''") else 1
        value = _ESCAPE.sub(_unescape, token[quote:-quote])
        if self.i < len(self.tokens) and self.tokens[self.i][0] == "lang":
            self.i += 1
            return ox.Literal(value, language=self.tokens[self.i - 1][1][1:].lower())
        if self.i < len(self.tokens) and self.tokens[self.i][0] == "caret":
            self.i += 1
            return ox.Literal(value, datatype=self._term())
        return ox.Literal(value)

    def _iri(self, value: str) -> str:
        return urljoin(self.base, value) if self.base and ":" not in value else value


def _unescape(m: re.Match) -> str:
    code = m.group(1)
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)


def _match(triples: list, written: list[Written]) -> dict:
    """Pair each parsed triple with the written statement it came from; blank nodes by unification.

    A statement with a placeholder is looked up by its concrete side (subject or object) and
    predicate, so a file of many nested blank nodes is matched in linear time, not quadratic.
    """
    exact: dict = defaultdict(deque)
    loose: dict = defaultdict(list)
    for w in written:
        key = _loose_key(w.subject, w.predicate, w.object)
        (loose[key] if key is not None else exact[(w.subject, w.predicate, w.object)]).append(w)
    bound: dict = {}
    found = {}
    for t in triples:
        candidates = exact.get((t.subject, t.predicate, t.object))
        if candidates:
            found[t] = candidates.popleft()
            continue
        for key in _loose_keys(t):
            pending = loose.get(key, ())
            number = next((i for i, w in enumerate(pending)
                           if _fits(w.subject, t.subject, bound) and _fits(w.object, t.object, bound)), None)
            if number is not None:
                w = pending.pop(number)
                for placeholder, term in ((w.subject, t.subject), (w.object, t.object)):
                    if isinstance(placeholder, tuple):
                        bound[placeholder] = term
                found[t] = w
                break
    return found


def _loose_key(subject, predicate, obj):
    """None for a statement without placeholders; else its predicate and its concrete side."""
    if isinstance(subject, tuple):
        return ("s", predicate, None if isinstance(obj, tuple) else obj)
    if isinstance(obj, tuple):
        return ("o", predicate, subject)
    return None


def _loose_keys(t) -> list:
    """The keys a parsed triple's statement may have been filed under: a blank node may be a placeholder."""
    keys = []
    if isinstance(t.subject, ox.BlankNode):
        keys.append(("s", t.predicate, t.object))
        if isinstance(t.object, ox.BlankNode):
            keys.append(("s", t.predicate, None))
    if isinstance(t.object, ox.BlankNode):
        keys.append(("o", t.predicate, t.subject))
    return keys


def _fits(scanned, parsed, bound: dict) -> bool:
    if isinstance(scanned, tuple):
        return isinstance(parsed, ox.BlankNode) and bound.get(scanned, parsed) == parsed
    return scanned == parsed
