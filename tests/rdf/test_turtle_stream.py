"""The streamed exports (kg.rdf.turtle_stream, kg.interop.export.write_lines) write the old writers' bytes.

The oracle is the Turtle/TriG writer as it was before streaming (tests/support/turtle_oracle.py,
a frozen copy), fed the whole graph as Python objects. The awkward graphs are generated from a
seed: blank nodes nested, in lists, in cycles, shared between graphs and referenced twice;
literals with quotes, backslashes, newlines, controls, languages and datatypes; long IRIs and
IRIs no prefix can write. There is no copy of the W3C Turtle test suite here (rdflib ships
none), so instead every generated document is read back by rdflib and by pyoxigraph and must be
the same graph (a round trip over the same constructs the suite's positive tests cover).
"""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.graph_selection import select
from kg.interop import export
from kg.namespaces import KG, KGR, OWL, RDF, RDFS, SRC, XSD
from kg.project import Project
from kg.rdf import external_sort
from kg.store.graph import load_in_memory

from tests.support.paths import REPO
from tests.support.turtle_oracle import serialize_trig, serialize_turtle

GRAPHS = [SRC + "g-a", SRC + "g-b", "http://example.org/other graph/c".replace(" ", "-")]
LONG = "http://example.org/" + "very-long-segment/" * 40 + "end"
IRIS = [KGR + "Iran", KGR + "State_1", KG + "party", KG + "date", SRC + "s1", OWL + "Thing", RDFS + "seeAlso",
        "http://example.org/x", LONG, KGR + "ends.with.dot.", KGR + "has/slash", KGR + "-dash", "urn:uuid:1234",
        "http://example.org/é", KGR + "a_b-c"]
TEXTS = ['plain', 'with "quotes"', "back\\slash", "new\nline\r\n", "tab\there", "bell\x07 del\x7f", "é ü 日本",
         "_:not-a-blank", "<< not a triple >>", "ends with quote\"", "", " spaced ", "a'b"]
TYPED = [("1", "integer"), ("01", "integer"), ("+5", "integer"), ("-0", "integer"), (".5", "decimal"),
         ("1.", "decimal"), ("2.50", "decimal"), ("true", "boolean"), ("1", "boolean"), ("2024-01-02", "date"),
         ("1e3", "double"), ("x", "token")]


def literal(rng: random.Random) -> ox.Literal:
    kind = rng.randrange(4)
    if kind == 0:
        return ox.Literal(rng.choice(TEXTS), language=rng.choice(["en", "fr", "en-gb"]))
    if kind == 1:
        value, name = rng.choice(TYPED)
        return ox.Literal(value, datatype=ox.NamedNode(XSD + name))
    if kind == 2:
        return ox.Literal(rng.choice(TEXTS), datatype=ox.NamedNode("http://example.org/dt#" + rng.choice(["a", "b c"]).replace(" ", "_")))
    return ox.Literal(rng.choice(TEXTS))


def rdf_list(rng: random.Random, g) -> tuple[ox.BlankNode, list[ox.Quad]]:
    head = node = ox.BlankNode()
    quads = []
    for i in range(rng.randrange(1, 4)):
        quads.append(ox.Quad(node, ox.NamedNode(RDF + "first"), ox.NamedNode(rng.choice(IRIS)) if i % 2 else literal(rng), g))
        following = ox.BlankNode() if i < 2 and rng.random() < 0.6 else ox.NamedNode(RDF + "nil")
        quads.append(ox.Quad(node, ox.NamedNode(RDF + "rest"), following, g))
        if isinstance(following, ox.NamedNode):
            break
        node = following
    else:
        quads.append(ox.Quad(node, ox.NamedNode(RDF + "first"), literal(rng), g))
        quads.append(ox.Quad(node, ox.NamedNode(RDF + "rest"), ox.NamedNode(RDF + "nil"), g))
    return head, quads


def blank_structure(rng: random.Random, subject, g) -> list[ox.Quad]:
    """One of: a nested node, a list, a node used twice, a cycle, a node shared with another graph."""
    p = ox.NamedNode(rng.choice([KG + "place", KG + "party", RDFS + "seeAlso"]))
    b = ox.BlankNode()
    kind = rng.randrange(6)
    if kind == 1:
        head, quads = rdf_list(rng, g)
        return [ox.Quad(subject, p, head, g), *quads]
    quads = [ox.Quad(subject, p, b, g), ox.Quad(b, ox.NamedNode(RDFS + "label"), literal(rng), g),
             ox.Quad(b, ox.NamedNode(RDF + "type"), ox.NamedNode(KG + "Place"), g)]
    if kind == 2:  # referenced twice: labelled
        quads.append(ox.Quad(ox.NamedNode(rng.choice(IRIS)), ox.NamedNode(KG + "near"), b, g))
    elif kind == 3:  # a cycle of two blank nodes
        c = ox.BlankNode()
        quads += [ox.Quad(b, ox.NamedNode(KG + "next"), c, g), ox.Quad(c, ox.NamedNode(KG + "next"), b, g)]
    elif kind == 4:  # the same node in another graph
        quads.append(ox.Quad(b, ox.NamedNode(RDFS + "comment"), literal(rng), ox.NamedNode(rng.choice(GRAPHS))))
    elif kind == 5:  # nested two deep, with a root blank node beside it
        inner = ox.BlankNode()
        quads += [ox.Quad(b, ox.NamedNode(KG + "within"), inner, g), ox.Quad(inner, ox.NamedNode(RDFS + "label"), literal(rng), g),
                  ox.Quad(ox.BlankNode(), ox.NamedNode(RDFS + "comment"), literal(rng), g)]
    return quads


def awkward_quads(seed: int, statements: int = 150) -> list[ox.Quad]:
    rng = random.Random(seed)
    quads = [ox.Quad(ox.NamedNode("https://w3id.org/geokg/ontology"), ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Ontology"),
                     ox.NamedNode(GRAPHS[0]))]
    for _ in range(statements):
        g = ox.NamedNode(rng.choice(GRAPHS))
        s = ox.NamedNode(rng.choice(IRIS))
        roll = rng.random()
        if roll < 0.15:
            quads += blank_structure(rng, s, g)
            continue
        p = ox.NamedNode(rng.choice([RDF + "type", RDFS + "label", KG + "party", KG + "date", "http://example.org/p", LONG]))
        o = literal(rng) if roll < 0.6 else ox.NamedNode(rng.choice(IRIS))
        quads.append(ox.Quad(s, p, o, g))
        if rng.random() < 0.1:  # the same triple stated in another graph
            quads.append(ox.Quad(s, p, o, ox.NamedNode(rng.choice(GRAPHS))))
    return quads


def store_of(quads) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def streamed(store, graphs, fmt) -> bytes:
    return export.export(store, graphs, fmt).data


def old_bytes(store, graphs, fmt) -> bytes:
    quads = export.selected_quads(store, graphs)
    if fmt == "turtle":
        return serialize_turtle(export.union(quads)).encode("utf-8")
    if fmt == "trig":
        return serialize_trig(quads).encode("utf-8")
    statements = export.canonical_blank_nodes(quads if fmt == "nquads" else export.union(quads))
    return b"".join(sorted(ox.serialize(statements, format=ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.N_TRIPLES)
                           .splitlines(keepends=True)))


@pytest.fixture(scope="module")
def shipped():
    store = load_in_memory(Project(REPO)).store
    return store, select(store, include_shapes=False, include_inferred=False)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "ntriples", "nquads"])
def test_the_shipped_graph_streams_to_the_old_writers_bytes(shipped, fmt):
    store, graphs = shipped
    new = streamed(store, graphs, fmt)
    assert new == old_bytes(store, graphs, fmt)
    assert len(new) > 100_000


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("fmt", ["turtle", "trig", "ntriples", "nquads"])
def test_awkward_graphs_stream_to_the_old_writers_bytes(seed, fmt, monkeypatch):
    monkeypatch.setattr(external_sort, "RUN_SIZE", 1 + seed % 5)  # many runs on disk, merged
    store = store_of(awkward_quads(seed))
    new = streamed(store, GRAPHS, fmt)
    assert new.decode("utf-8") == old_bytes(store, GRAPHS, fmt).decode("utf-8")


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_streamed_turtle_reads_back_as_the_same_graph_in_rdflib_and_pyoxigraph(seed, fmt):
    store = store_of(awkward_quads(seed))
    quads = list(store)  # as the store holds them: the engine writes typed literals in canonical form ("01" as "1")
    result = export.export(store, GRAPHS, fmt)
    data = result.data
    if fmt == "turtle":
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        expected = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
        got = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
        assert isomorphic(got, expected)
        assert len(got) == result.statements
    else:
        expected = rdflib.Dataset()
        expected.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
        got = rdflib.Dataset().parse(data=data.decode("utf-8"), format="trig")
        for name in GRAPHS:
            assert isomorphic(got.graph(rdflib.URIRef(name)), expected.graph(rdflib.URIRef(name))), name
        assert sum(len(got.graph(rdflib.URIRef(n))) for n in GRAPHS) == result.statements == len(quads)
    back = list(ox.parse(data, format=ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.TRIG))
    assert len(back) == result.statements


def test_a_graph_with_escapes_in_every_literal_takes_the_engines_reading():
    """Lines with a backslash are read by the engine, not split by hand: every control character round-trips."""
    g = ox.NamedNode(GRAPHS[0])
    quads = [ox.Quad(ox.NamedNode(KGR + f"s{i}"), ox.NamedNode(RDFS + "label"), ox.Literal(f"a{chr(i)}b"), g) for i in range(0x20)]
    quads.append(ox.Quad(ox.NamedNode(KGR + "del"), ox.NamedNode(RDFS + "label"), ox.Literal("a\x7fb\\c\"d"), g))
    store = store_of(quads)
    data = streamed(store, [GRAPHS[0]], "turtle")
    assert data == old_bytes(store, [GRAPHS[0]], "turtle")
    assert '"a\\u007Fb\\\\c\\"d"' in data.decode("utf-8")
    assert set(ox.parse(data, format=ox.RdfFormat.TURTLE)) == {ox.Quad(q.subject, q.predicate, q.object) for q in quads}


def test_an_empty_selection_writes_nothing():
    store = store_of(awkward_quads(1))
    for fmt in ("turtle", "trig", "ntriples", "nquads"):
        assert streamed(store, [], fmt) == old_bytes(store, [], fmt) == b""
