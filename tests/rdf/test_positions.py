"""kg.rdf.positions: the line and column of each triple's subject, predicate and object, as written."""

from __future__ import annotations

import pyoxigraph as ox

from kg.limits import Limits
from kg.rdf import positions, reading
from kg.rdf.positions import Spot

EX = "http://example.org/"


def spots(text: str, fmt: str = "turtle") -> dict:
    """(subject, predicate, object) as short strings -> (subject, predicate, object) as (line, column)."""
    inp = reading.check_bytes(text.encode(), "t", fmt, Limits())
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in reading.parse(inp)]
    found = positions.triple_spots(inp, triples)
    assert len(found) == len(triples)
    short = lambda term: term.value.removeprefix(EX) if isinstance(term, ox.NamedNode) else (  # noqa: E731
        "_" if isinstance(term, ox.BlankNode) else term.value)
    return {(short(t.subject), short(t.predicate), short(t.object)): tuple((s.line, s.column) for s in found[t])
            for t in triples}


def test_predicate_and_object_lists():
    text = ("@prefix ex: <http://example.org/> .\n"
            "ex:a ex:p ex:b, ex:c ;\n"
            "    ex:q \"x\\\"y\"@EN ;\n"
            "    a ex:T .\n")
    assert spots(text) == {
        ("a", "p", "b"): ((2, 1), (2, 6), (2, 11)),
        ("a", "p", "c"): ((2, 1), (2, 6), (2, 17)),
        ("a", "q", 'x"y'): ((2, 1), (3, 5), (3, 10)),
        ("a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "T"): ((2, 1), (4, 5), (4, 7)),
    }


def test_nested_blank_nodes_and_collections():
    text = ("PREFIX ex: <http://example.org/>\n"
            "ex:a ex:p [ ex:q 1.5 ; ex:r '''two\nlines''' ] ;\n"
            "     ex:s ( ex:b 2 ) .\n")
    found = spots(text)
    assert found[("a", "p", "_")] == ((2, 1), (2, 6), (2, 11))
    assert found[("_", "q", "1.5")] == ((2, 11), (2, 13), (2, 18))
    assert found[("_", "r", "two\nlines")] == ((2, 11), (2, 24), (2, 29))
    assert found[("a", "s", "_")] == ((2, 1), (4, 6), (4, 11))  # the long string took line 3
    assert found[("_", "http://www.w3.org/1999/02/22-rdf-syntax-ns#first", "b")][2] == (4, 13)
    assert found[("_", "http://www.w3.org/1999/02/22-rdf-syntax-ns#first", "2")][2] == (4, 18)


def test_trig_graphs_and_n_quads():
    trig = "@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:p ex:b .\n}\nGRAPH ex:h { ex:c ex:p ex:d }\n"
    assert spots(trig, "trig") == {("a", "p", "b"): ((3, 3), (3, 8), (3, 13)),
                                   ("c", "p", "d"): ((5, 14), (5, 19), (5, 24))}
    nq = f"<{EX}a> <{EX}p> \"v\" <{EX}g> .\n"
    assert spots(nq, "nquads") == {("a", "p", "v"): ((1, 1), (1, 24), (1, 47))}


def test_relative_iris_against_the_base():
    text = "@base <http://example.org/> .\n<a> <p> <b> .\n"
    assert spots(text) == {("a", "p", "b"): ((2, 1), (2, 5), (2, 9))}


def test_json_ld_has_no_triple_positions():
    inp = reading.check_bytes(b'{"@id": "http://example.org/a", "http://example.org/p": "v"}', "t", "jsonld",
                              Limits())
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in reading.parse(inp)]
    assert positions.triple_spots(inp, triples) == {}


def test_spot_is_line_and_column():
    assert Spot(3, 7) == Spot(line=3, column=7)
