"""Reading RDF strictly and safely: every file the tool reads comes through here.

pyoxigraph parses (it is strict and reports line and column); this module adds what it does not
check and what made naive paths hang or reach the network in experiments (DESIGN.md §5): file
size, binary and non-UTF-8 bytes, XML DOCTYPE/ENTITY declarations, JSON-LD contexts that point
at a URL or a file, ill-typed literals, over-long literals and deep nesting.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import literals
from kg.errors import InputError, LimitError, PolicyError, UsageError
from kg.limits import Limits
from kg.records import record

# Canonical format names, their aliases and the file extensions that imply them.
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "json": "jsonld",
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
    "owl": "rdfxml",
}
EXTENSIONS = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}
QUAD_FORMATS = {"nquads", "trig"}
NAMED_GRAPH_FORMATS = QUAD_FORMATS | {"jsonld"}  # a JSON-LD node with @id and @graph is a named graph

BUNDLED_CONTEXTS = {
    # kg/contexts/ (package data), one level above this module; kg/rdf/contexts/ does not exist.
    "https://w3id.org/geokg/context.jsonld": Path(__file__).parent.parent / "contexts" / "geokg.jsonld",
}


@record
class RdfInput:
    """A file's bytes after the safety checks, ready for the parser."""

    path: str  # as shown to the user
    data: bytes  # what the parser gets (a JSON-LD document may have its bundled contexts inlined)
    text: str  # the decoded original, used to point at lines
    format: str


def format_name(name: str) -> str:
    """The canonical name of a format given by the user (case-insensitive, aliases allowed)."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(f"unknown RDF format {name!r}; use one of: {known}")
    return key


def guess_format(path: str | os.PathLike, override: str | None = None) -> str:
    if override:
        return format_name(override)
    suffix = Path(path).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    raise UsageError(
        f"cannot tell the RDF format of {path} from its extension {suffix or '(none)'}; "
        "pass --input-format (turtle, ntriples, nquads, trig, jsonld, rdfxml)"
    )


def read_input(path: str | os.PathLike, fmt: str | None = None, limits: Limits | None = None, *,
               regular_only: bool = True) -> RdfInput:
    """Read one file and run every check that needs no parser. Raises InputError/PolicyError/LimitError."""
    limits = limits or Limits()
    fmt = guess_format(path, fmt)
    return check_bytes(read_bytes(path, limits, regular_only=regular_only), str(path), fmt, limits)


def read_bytes(path: str | os.PathLike, limits: Limits, *, regular_only: bool = True) -> bytes:
    """A file's bytes, refused with a clear error when it is too big, missing, unreadable or not a file.

    The size limit holds on the bytes actually read: a device or a /proc file says st_size 0 and
    never ends (a symlink to /dev/zero read forever). Opening does not block (a FIFO with no
    writer would hang kg build), and only regular files are read unless `regular_only` is False
    (a pipe the user names on the command line).
    """
    shown = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with open(fd, "rb", closefd=True) as handle:
            stat = os.fstat(fd)
            _refuse_special(stat, shown, regular_only, limits)
            if not regular_only:
                os.set_blocking(fd, True)
            data = _read_at_most(handle, limits.max_file_bytes, stat.st_size)
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=shown) from None
    except PermissionError:
        raise InputError("permission denied", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    if len(data) > limits.max_file_bytes:
        raise LimitError(f"{shown}: file is over the limit of {limits.max_file_bytes:,} bytes",
                         hint="raise it with KG_MAX_FILE_BYTES if the file is trusted")
    return data


def _read_at_most(handle, limit: int, size_hint: int) -> bytes:
    """Up to limit + 1 bytes, read in pieces no bigger than the file says it is (or 1 MiB).

    One read(limit + 1) reserves the whole limit (2 GiB) up front, which a process under a cap
    on its address space (ulimit -v) cannot: every kg command failed there with MemoryError.
    """
    chunks, total = [], 0
    while total <= limit:
        chunk = handle.read(min(limit + 1 - total, max(size_hint + 1 - total, 1 << 20)))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _refuse_special(stat: os.stat_result, shown: str, regular_only: bool, limits: Limits) -> None:
    import stat as kinds

    if kinds.S_ISDIR(stat.st_mode):
        raise InputError("is a folder, not a file", path=shown)
    if regular_only and not kinds.S_ISREG(stat.st_mode):
        raise InputError("not a regular file (a device, FIFO or socket); kg reads only files", path=shown)
    if stat.st_size > limits.max_file_bytes:
        raise LimitError(
            f"{shown}: file is {stat.st_size:,} bytes, over the limit of {limits.max_file_bytes:,}",
            hint="raise it with KG_MAX_FILE_BYTES if the file is trusted",
        )


def check_bytes(data: bytes, path: str, fmt: str, limits: Limits) -> RdfInput:
    if len(data) > limits.max_file_bytes:
        raise LimitError(f"{path}: input is {len(data):,} bytes, over the limit of {limits.max_file_bytes:,}")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary data (a NUL byte at offset {nul}); expected {fmt} text", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, column = line_column(before, len(before))
        raise InputError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded", path=path, line=line, column=column
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
        data = text.encode("utf-8")
    if fmt == "rdfxml" or text.lstrip().startswith("<"):
        refuse_xml_declarations(text, path)
    if fmt == "jsonld":
        data = resolve_jsonld_contexts(text, path, limits).encode("utf-8")
    return RdfInput(path=path, data=data, text=text, format=fmt)


_XML_DECL = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse_xml_declarations(text: str, path: str) -> None:
    """DOCTYPE and ENTITY declarations are refused before any XML parser sees them.

    Six nested entities in 710 bytes hung rdflib for over a minute, and external entities read
    local files or reach the network (XXE). RDF never needs either.
    """
    match = _XML_DECL.search(text)
    if match:
        line, column = line_column(text, match.start())
        raise PolicyError(
            f"{path}:{line}:{column}: XML {match.group(1).upper()} declarations are refused "
            "(entity expansion and external entities are unsafe); remove the declaration"
        )


def resolve_jsonld_contexts(text: str, path: str, limits: Limits) -> str:
    """Inline bundled JSON-LD contexts and refuse any other remote or file context, or @import."""
    import json  # here: only JSON-LD input needs it

    try:
        document = json.loads(text, parse_int=lambda digits: _json_integer(digits, path),
                              object_pairs_hook=lambda pairs: _json_object(pairs, path))
    except RecursionError:
        raise LimitError(f"{path}: JSON nesting is too deep to read safely") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from None
    changed = False
    stack = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > max(limits.max_nesting_depth, 256):
            raise LimitError(f"{path}: JSON-LD nesting deeper than {max(limits.max_nesting_depth, 256)} levels")
        if isinstance(node, dict):
            if "@import" in node:
                raise PolicyError(f"{path}: JSON-LD @import is refused (it loads a document from elsewhere)")
            if "@context" in node:
                new_context = _inline_context(node["@context"], path)
                if new_context is not node["@context"]:
                    node["@context"] = new_context
                    changed = True
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
    return json.dumps(document) if changed else text


def _json_object(pairs: list, path: str) -> dict:
    """A JSON object, with every @context it names checked, duplicates included.

    A plain dict keeps only the last of two equal keys, so a remote @context written first was
    never seen by the refusal below (issue 18): each one is checked here (a remote or file
    context is exit 4), and two @context keys in one object are then refused as ambiguous.
    """
    contexts = [value for key, value in pairs if key == "@context"]
    if len(contexts) > 1:
        for context in contexts:
            _inline_context(context, path)
        raise InputError("a JSON-LD object has @context twice; keep one", path=path)
    return dict(pairs)


# Python converts an int to and from text in quadratic time and refuses over 4,300 digits.
_JSON_INTEGER_DIGITS = 4300


def _json_integer(digits: str, path: str) -> int:
    """A JSON integer, refused past the digits Python can convert, where json would raise ValueError
    (an internal error); in Turtle such a number is read as text and accepted."""
    if len(digits.lstrip("-")) > _JSON_INTEGER_DIGITS:
        raise LimitError(
            f"{path}: a JSON number of {len(digits.lstrip('-'))} digits (over {_JSON_INTEGER_DIGITS}); "
            'write it as {"@value": "...", "@type": "xsd:integer"}'
        )
    return int(digits)


def _inline_context(context, path: str):
    if isinstance(context, str):
        bundled = BUNDLED_CONTEXTS.get(context)
        if bundled is None:
            raise PolicyError(
                f"{path}: JSON-LD @context {context!r} is refused: remote and file contexts are never "
                "fetched; inline the context in the document"
            )
        import json

        return json.loads(bundled.read_text(encoding="utf-8"))["@context"]
    if isinstance(context, list):
        items = [_inline_context(item, path) for item in context]
        return items if any(a is not b for a, b in zip(items, context)) else context
    return context


def parse(inp: RdfInput, graph: str | None = None, limits: Limits | None = None) -> list[ox.Quad]:
    """Parse strictly into quads. Triples land in `graph` (a named graph IRI) or the default graph."""
    limits = limits or Limits()
    try:
        quads = list(ox.parse(inp.data, format=FORMATS[inp.format], base_iri=None))
    except SyntaxError as exc:
        raise syntax_error(_in_the_file(exc, inp), inp.path) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot parse as {inp.format}: {exc}", path=inp.path) from None
    if graph is not None:
        target = ox.NamedNode(graph)
        if inp.format in NAMED_GRAPH_FORMATS and any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise InputError(f"named graphs are not allowed here: the file's graph is <{graph}>", path=inp.path)
        quads = [ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]
    check_quads(quads, inp, limits)
    return quads


_BUNDLED_CONTEXT_VALUE = re.compile(
    r'("@context"\s*:\s*)(' + "|".join(re.escape(json_string) for json_string in
                                      (f'"{url}"' for url in BUNDLED_CONTEXTS)) + ")")


def _in_the_file(exc: SyntaxError, inp: RdfInput) -> SyntaxError:
    """A syntax error whose position is in the user's file, not in the text pyoxigraph was given.

    With a bundled context inlined, pyoxigraph parses a re-serialized one-line document, and
    its positions (line 1, column 559) are outside the file (issue 18). The original text is
    parsed again with each bundled `"@context": "URL"` replaced by `null` padded to the same
    length, so every character keeps its place; the error found there is the one reported. If
    that text parses, or the context is written another way, the position is dropped.
    """
    if inp.format != "jsonld" or inp.data == inp.text.encode("utf-8"):
        return exc
    padded = _BUNDLED_CONTEXT_VALUE.sub(lambda m: m.group(1) + "null".ljust(len(m.group(2))), inp.text)
    if padded != inp.text:
        try:
            list(ox.parse(padded.encode("utf-8"), format=FORMATS["jsonld"], base_iri=None))
        except SyntaxError as in_file:
            return in_file
        except (ValueError, OSError):
            pass
    return SyntaxError(str(exc.msg if hasattr(exc, "msg") else exc))


def syntax_error(exc: SyntaxError, path: str) -> InputError:
    """An InputError that points at the place pyoxigraph reported."""
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    message = re.sub(r"^Parser error (at line \d+ )?(between|at) .*?: ", "", message)
    message = re.sub(r" \(line \d+\)$", "", message)
    return InputError(f"syntax error: {message}", path=path, line=exc.lineno, column=exc.offset)


_CHECKED_DATATYPES = frozenset(ox.NamedNode(iri) for iri in literals.CHECKED_DATATYPES)


def check_quads(quads: list[ox.Quad], inp: RdfInput, limits: Limits) -> None:
    """Checks the parser leaves to us: literal length, lexical forms, blank-node nesting depth.

    Cheap enough for a million triples (kg build --store runs it on every file): lengths are only
    measured when the file has more bytes than a literal may have characters (each character
    takes at least one byte), and each distinct literal of a checked datatype is checked once.
    """
    children: dict[ox.BlankNode, list[ox.BlankNode]] = {}
    may_be_long = len(inp.data) > limits.max_literal_chars
    seen: set[ox.Literal] = set()
    for quad in quads:
        obj = quad.object
        if isinstance(obj, ox.Literal):
            if may_be_long and len(obj.value) > limits.max_literal_chars:
                line, column = locate(inp.text, obj.value[:60])
                raise LimitError(
                    f"{inp.path}:{line}:{column}: a literal of {len(obj.value):,} characters is over the limit "
                    f"of {limits.max_literal_chars:,} (KG_MAX_LITERAL_CHARS)"
                )
            if obj.datatype in _CHECKED_DATATYPES and obj not in seen:
                seen.add(obj)
                problem = literals.lexical_problem(obj.value, obj.datatype.value)
                if problem:
                    raise ill_typed(inp, obj, problem)
        elif isinstance(obj, ox.BlankNode) and isinstance(quad.subject, ox.BlankNode):
            children.setdefault(quad.subject, []).append(obj)
    if children:
        depth = nesting_depth(children)
        if depth > limits.max_nesting_depth:
            raise LimitError(
                f"{inp.path}: blank nodes nested {depth} levels deep, over the limit of "
                f"{limits.max_nesting_depth} (KG_MAX_NESTING_DEPTH)"
            )


def ill_typed(inp: RdfInput, literal: ox.Literal, problem: str) -> InputError:
    line, column = locate(inp.text, '"' + literal.value + '"')
    return InputError(f"ill-typed literal {literal}: {problem}", path=inp.path, line=line, column=column)


def nesting_depth(children: dict) -> int:
    """Longest chain of blank nodes, computed without recursion (a cycle counts once)."""
    depth: dict = {}
    for root in children:
        if root in depth:
            continue
        stack = [(root, iter(children.get(root, ())))]
        on_path = {root}
        while stack:
            node, kids = stack[-1]
            kid = next(kids, None)
            if kid is None:
                stack.pop()
                on_path.discard(node)
                depth[node] = 1 + max((depth.get(k, 0) for k in children.get(node, ()) if k not in on_path), default=0)
            elif kid not in depth and kid not in on_path:
                on_path.add(kid)
                stack.append((kid, iter(children.get(kid, ()))))
    return max(depth.values(), default=0)


def locate(text: str, needle: str) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the first occurrence of `needle`, or (None, None)."""
    offset = text.find(needle)
    if offset < 0:
        return None, None
    return line_column(text, offset)


def line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
