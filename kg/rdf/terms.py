"""How a term reads as text: one renderer, with the choices that differ from one output to another.

Reports, tables, kg show and compiled SHACL queries all turn terms into text. They differ on
purpose, and only in the options below: a report names the exact term, a table cell shows the
value a person looks for, SPARQL needs full IRIs. Terms from rdflib (pyshacl's report graphs)
read exactly like their pyoxigraph twins.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.namespaces import XSD, shorten
from kg.rdf import literals

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (kg.records says why)
if TYPE_CHECKING:
    from kg.rdf.paths import PropertyPath

# Markup literals rdflib would parse as XML or HTML to get a value. Their lexical form comes from
# the data (pyoxigraph writes parseType="Literal" content with a duplicated xmlns, or a control
# character, and expat fails): rdflib then logs a traceback. They are kept as written, never parsed.
_MARKUP_DATATYPES = frozenset({
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML",
})

# Datatypes a table shows as the bare value: the type is plain from the value itself.
_PLAIN_TYPES = {XSD + name for name in ("string", "integer", "decimal", "double", "boolean", "date", "gYear", "gYearMonth", "dateTime")}
LITERAL_STYLES = ("quoted", "plain", "value")


def term_text(term, *, labels: Mapping[str, str] | None = None, full_iris: bool = False,
              blank_ids: bool = False, literals: str = "quoted") -> str:
    """A term as text; None as "".

    - labels: IRI -> label to show instead of the IRI (query tables, kg show).
    - full_iris: `<iri>` (N-Triples, SPARQL) instead of a prefixed name, datatypes included.
    - blank_ids: `_:id` instead of `[]`. The parser makes the id up, so people are shown `[]`,
      but a query's rows or a graph's nodes must tell blank nodes apart.
    - literals: "quoted", N-Triples (`"…"@lang`, `"…"^^datatype` unless xsd:string), which names
      the exact literal; "plain", for table cells: the text on one line, with its language unless
      English and its datatype unless a common one; "value", the lexical form alone (kg show).
    """
    if term is None:
        return ""
    if not isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        from kg.rdf.paths import PropertyPath  # here: no query answer holds one, and kg query need not load it

        if isinstance(term, PropertyPath):
            return _path(term, full_iris)
        converted = None if isinstance(term, ox.Triple) else oxigraph_term(term)
        if converted is None:
            return str(term)
        term = converted
    if isinstance(term, ox.NamedNode):
        return (labels or {}).get(term.value) or _iri(term.value, full_iris)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}" if blank_ids else "[]"
    return _literal(term, literals, full_iris)


# Control characters (C0, DEL, C1) as escapes, as kg.cli.failures does for messages.
_CONTROLS = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0))}


def escape_controls(text: str) -> str:
    """Text from the data made safe for a terminal: a label with ESC [2J must not clear the
    screen, nor one with a newline fake a line. Every renderer for eyes (tables, Markdown,
    kg show) passes its cells through here; the W3C formats and JSON have their own escaping.
    """
    return text.translate(_CONTROLS)


_PATH_SYNTAX = {"sequence": "/", "alternative": "|", "inverse": "^{}", "zeroOrMore": "{}*", "oneOrMore": "{}+",
                "zeroOrOne": "{}?"}


def _path(path: PropertyPath, full_iris: bool) -> str:
    """A SHACL path as a SPARQL property path: ^ex:p, ex:p/ex:q, ex:p|ex:q, ex:p*, ex:p+, ex:p?.

    A member path is bracketed where SPARQL's precedence would read it otherwise: any path under
    ^, *, + or ?, and an alternative inside a sequence or an alternative."""
    from kg.rdf.paths import UNARY

    def member(m) -> str:
        if isinstance(m, ox.NamedNode):
            return _iri(m.value, full_iris)
        bracket = path.kind in UNARY or m.kind == "alternative"
        return f"({_path(m, full_iris)})" if bracket else _path(m, full_iris)

    members = [member(m) for m in path.members]
    if path.kind in UNARY:
        return _PATH_SYNTAX[path.kind].format(members[0])
    return _PATH_SYNTAX[path.kind].join(members)


def _iri(iri: str, full: bool) -> str:
    return f"<{iri}>" if full else shorten(iri)


def _literal(term: ox.Literal, style: str, full_iris: bool) -> str:
    datatype = term.datatype.value
    if style == "value":
        return term.value
    if style == "plain":
        text = term.value.replace("\n", " ")
        if term.language:
            return text if term.language == "en" else f"{text}@{term.language}"
        return text if datatype in _PLAIN_TYPES else f"{text}^^{shorten(datatype)}"
    if style != "quoted":
        raise ValueError(f"literals= takes one of {', '.join(LITERAL_STYLES)}, not {style!r}")
    quoted = str(ox.Literal(term.value))
    if term.language:
        return f"{quoted}@{term.language}"
    return quoted if datatype == XSD + "string" else f"{quoted}^^{_iri(datatype, full_iris)}"


def oxigraph_term(term):
    """The pyoxigraph twin of an rdflib term (None for anything else), so both read alike."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return None


def rdflib_term(term):
    """The rdflib twin of a pyoxigraph term, blank-node ids kept (so pyshacl's results map back)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        return Literal(term.value)
    if term.datatype.value in _MARKUP_DATATYPES:
        return _markup_literal(term.value, term.datatype.value)
    if literals.beyond_python(term.value, term.datatype.value):
        return _unconverted_literal(term.value, term.datatype.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _markup_literal(value: str, datatype: str):
    """An rdflib XML or HTML literal kept as its text: parsing it is what printed tracebacks
    (issue 18), and no check of ours needs its DOM. It counts as well typed, as pyoxigraph read it.
    """
    from rdflib import Literal, URIRef

    literal = str.__new__(Literal, value)
    literal._language = None
    literal._datatype = URIRef(datatype)
    literal._ill_typed = False
    literal._value = None
    return literal


def _unconverted_literal(value: str, datatype: str):
    """An rdflib literal whose value rdflib must not compute: it has no Python value (a year
    outside 1..9999, an integer over 4,300 digits), and rdflib would log a traceback and call it
    ill-typed. Whether it is well typed is what kg.rdf.literals says; its value, for pyshacl's
    datatype check, is the integer (of any size) or a date in a year with the same calendar.
    """
    from rdflib import Literal, URIRef

    literal = str.__new__(Literal, value)
    literal._language = None
    literal._datatype = URIRef(datatype)
    literal._ill_typed = literals.lexical_problem(value, datatype) is not None
    literal._value = None if literal._ill_typed else literals.stand_in_value(value, datatype)
    return literal
