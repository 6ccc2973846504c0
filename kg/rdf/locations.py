"""Where each subject is written in its file, so a report can say `file:line` for every problem.

Parsers give no positions for triples, so the text is scanned per format: in Turtle and TriG, the
subject of each statement (a prefixed name with the file's own prefixes, an <IRI>, a _:label or
an anonymous [ ... ]); in N-Triples and N-Quads, the first line with that subject; in JSON-LD, the
line of the node's "@id"; in RDF/XML, its rdf:about. A blank node nested in another subject's
statement takes the line of that enclosing subject.
"""

from __future__ import annotations

import bisect
import json
import re

import pyoxigraph as ox

from kg.rdf.reading import RdfInput

_DIRECTIVE = re.compile(r"(@prefix|prefix)\s+([^\s:]*):\s*<([^>]*)>\s*\.?|(@base|base)\s+<[^>]*>\s*\.?", re.I)
_NAME = re.compile(r"[^\s;,()\[\]{}\"'#<>^]+")
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_GRAPH_OPENS = re.compile(r"\s*\{")


def subject_lines(inp: RdfInput, quads: list) -> dict:
    """Map each subject of `quads` to the 1-based line where its description starts (if found)."""
    finder = {"turtle": _turtle, "trig": _turtle, "ntriples": _line_per_subject, "nquads": _line_per_subject,
              "jsonld": _jsonld, "rdfxml": _rdfxml}[inp.format]
    lines = finder(inp, quads)
    return _with_blank_nodes(lines, quads)


class _Lines:
    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


# ---------------------------------------------------------------- Turtle and TriG


def _turtle(inp: RdfInput, quads: list) -> dict:
    text, lines = inp.text, _Lines(inp.text)
    found: dict = {}
    anonymous: list[int] = []
    for token, offset, prefixes in _statement_subjects(text):
        term = _turtle_term(token, prefixes)
        if token == "[":
            anonymous.append(lines.of(offset))
        elif term is not None:
            found.setdefault(term, lines.of(offset))
    objects = {q.object for q in quads}
    roots = [s for s in dict.fromkeys(q.subject for q in quads)
             if isinstance(s, ox.BlankNode) and s not in objects and s not in found]
    if len(roots) == len(anonymous):
        found.update(zip(roots, anonymous))
    return found


def _statement_subjects(text: str):
    """Yield (token, offset, prefixes) for the first token of every triple statement."""
    prefixes: dict[str, str] = {}
    i, depth, at_start, n = 0, 0, True, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = end if end >= 0 else n
        elif at_start and depth == 0 and (m := _DIRECTIVE.match(text, i)):
            if m.group(2) is not None:
                prefixes[m.group(2)] = m.group(3)
            i = m.end()
        elif at_start and depth == 0 and ch in "{}":
            i += 1
        elif at_start and depth == 0 and text[i:i + 5].upper() == "GRAPH" and text[i + 5:i + 6].isspace():
            i += 5
        elif at_start and depth == 0:
            token, end = _subject_token(text, i)
            if not _GRAPH_OPENS.match(text, end):  # a TriG graph name is not a subject
                yield token, i, dict(prefixes)
                at_start = False
            i = end if token != "[" else i
            if token == "[":
                depth, i = depth + 1, i + 1
        else:
            i, depth, at_start = _skip(text, i, depth)


def _subject_token(text: str, i: int) -> tuple[str, int]:
    if text[i] == "<":
        end = text.find(">", i)
        return text[i:end + 1], end + 1
    if text[i] in "[(":
        return text[i], i + 1
    m = _NAME.match(text, i)
    token = m.group(0).rstrip(".") if m else text[i]
    return token, i + max(len(token), 1)


def _skip(text: str, i: int, depth: int) -> tuple[int, int, bool]:
    """Advance over one token inside a statement; returns (next offset, bracket depth, statement ended)."""
    ch = text[i]
    if ch in "\"'":
        quote = ch * 3 if text.startswith(ch * 3, i) else ch
        j = i + len(quote)
        while j < len(text) and not text.startswith(quote, j):
            j += 2 if text[j] == "\\" else 1
        return j + len(quote), depth, False
    if ch == "<":
        return text.find(">", i) + 1 or len(text), depth, False
    if ch in "[(":
        return i + 1, depth + 1, False
    if ch in "])":
        return i + 1, max(depth - 1, 0), False
    if ch == "." and depth == 0:
        return i + 1, depth, True
    if ch == "}":
        return i + 1, depth, True
    m = _NAME.match(text, i)
    if m and m.group(0).rstrip("."):
        return i + len(m.group(0).rstrip(".")), depth, False
    return i + 1, depth, False


def _turtle_term(token: str, prefixes: dict):
    if token.startswith("<") and token.endswith(">"):
        return ox.NamedNode(token[1:-1]) if _valid_iri(token[1:-1]) else None
    if token.startswith("_:"):
        return ox.BlankNode(token[2:]) if token[2:] else None
    if ":" in token:
        prefix, local = token.split(":", 1)
        if prefix in prefixes and _valid_iri(prefixes[prefix] + local):
            return ox.NamedNode(prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local))
    return None


def _valid_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- line formats, JSON-LD, RDF/XML


def _line_per_subject(inp: RdfInput, quads: list) -> dict:
    found: dict = {}
    for number, line in enumerate(inp.text.split("\n"), 1):
        m = re.match(r"\s*(<[^>]*>|_:\S+)", line)
        if m:
            term = _turtle_term(m.group(1), {})
            if term is not None:
                found.setdefault(term, number)
    return found


def _jsonld(inp: RdfInput, quads: list) -> dict:
    prefixes = _jsonld_prefixes(inp.data)
    lines, found = _Lines(inp.text), {}
    for m in re.finditer(r'"@id"\s*:\s*"((?:[^"\\]|\\.)*)"', inp.text):
        value = m.group(1)
        term = ox.BlankNode(value[2:]) if value.startswith("_:") else _expand(value, prefixes)
        if term is None:
            continue
        bare_reference = re.match(r"\s*}", inp.text[m.end():]) and re.search(r"{\s*$", inp.text[:m.start()])
        if term not in found or (found[term][1] and not bare_reference):
            found[term] = (lines.of(m.start()), bool(bare_reference))
    return {term: line for term, (line, _) in found.items()}


def _jsonld_prefixes(data: bytes) -> dict[str, str]:
    prefixes: dict[str, str] = {}
    stack = [json.loads(data)]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            context = node.get("@context")
            for ctx in context if isinstance(context, list) else [context]:
                if isinstance(ctx, dict):
                    prefixes.update({k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@")})
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return prefixes


def _expand(value: str, prefixes: dict[str, str]):
    prefix, _, local = value.partition(":")
    iri = prefixes[prefix] + local if prefix in prefixes and not local.startswith("//") else value
    return ox.NamedNode(iri) if _valid_iri(iri) else None


def _rdfxml(inp: RdfInput, quads: list) -> dict:
    lines, found = _Lines(inp.text), {}
    for m in re.finditer(r"""rdf:about\s*=\s*["']([^"']*)["']""", inp.text):
        if _valid_iri(m.group(1)):
            found.setdefault(ox.NamedNode(m.group(1)), lines.of(m.start()))
    return found


def _with_blank_nodes(found: dict, quads: list) -> dict:
    """Blank nodes without a line of their own take the line of the subject they are nested in."""
    parent = {}
    for q in quads:
        if isinstance(q.object, ox.BlankNode) and q.object not in parent and q.object != q.subject:
            parent[q.object] = q.subject
    for subject in dict.fromkeys(q.subject for q in quads):
        node, seen = subject, set()
        while node not in found and node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        if subject not in found and node in found:
            found[subject] = found[node]
    return found
