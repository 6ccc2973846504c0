"""How a term reads to people: a prefixed name where one fits, else its N-Triples form."""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import XSD, shorten

def term_text(term) -> str:
    """A term as users read it: a prefixed name where one fits, else its N-Triples/N3 form."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        quoted = str(ox.Literal(term.value))
        if term.language:
            return f"{quoted}@{term.language}"
        datatype = term.datatype.value
        return quoted if datatype == XSD + "string" else f"{quoted}^^{shorten(datatype)}"
    if isinstance(term, ox.BlankNode):
        return "[]"  # its id is made up by the parser and means nothing to a reader
    # rdflib terms
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, Literal) and term.datatype is not None and not term.language:
        return f'{Literal(str(term)).n3()}^^{shorten(str(term.datatype))}'
    if isinstance(term, BNode):
        return "[]"
    return term.n3()
