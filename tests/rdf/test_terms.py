"""The one term renderer (kg.rdf.terms.term_text): each option, and rdflib terms read like pyoxigraph's."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.namespaces import KG, KGR, XSD
from kg.rdf.terms import oxigraph_term, rdflib_term, term_text

IRAN = ox.NamedNode(KGR + "Iran")
BLANK = ox.BlankNode("b7")
TERMS = [
    IRAN,
    ox.NamedNode("http://example.org/not-a-prefix"),
    BLANK,
    ox.Literal("plain"),
    ox.Literal('two\nlines "quoted"'),
    ox.Literal("Iran", language="en"),
    ox.Literal("Iran", language="fa"),
    ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("2019-05", datatype=ox.NamedNode(XSD + "gYearMonth")),
    ox.Literal("x", datatype=ox.NamedNode(KG + "Code")),
]


def test_by_default_a_term_reads_as_a_prefixed_name_or_n_triples_with_blank_nodes_anonymous():
    assert [term_text(t) for t in TERMS] == [
        "kgr:Iran", "<http://example.org/not-a-prefix>", "[]", '"plain"', '"two\\nlines \\"quoted\\""',
        '"Iran"@en', '"Iran"@fa', '"1"^^xsd:integer', '"2019-05"^^xsd:gYearMonth', '"x"^^kg:Code',
    ]
    assert term_text(None) == ""


def test_full_iris_and_blank_ids_give_the_n_triples_form_that_sparql_reads():
    assert [term_text(t, full_iris=True, blank_ids=True) for t in TERMS] == [str(t) for t in TERMS]


def test_plain_literals_are_for_table_cells():
    assert [term_text(t, blank_ids=True, literals="plain") for t in TERMS] == [
        "kgr:Iran", "<http://example.org/not-a-prefix>", "_:b7", "plain", 'two lines "quoted"',
        "Iran", "Iran@fa", "1", "2019-05", "x^^kg:Code",
    ]


def test_value_literals_and_labels_are_for_kg_show():
    labels = {IRAN.value: "Iran"}
    assert [term_text(t, labels=labels, literals="value") for t in (IRAN, BLANK, TERMS[4], TERMS[6])] == [
        "Iran", "[]", 'two\nlines "quoted"', "Iran",
    ]


def test_rdflib_terms_read_like_their_pyoxigraph_twins():
    for term in TERMS:
        twin = rdflib_term(term)
        assert oxigraph_term(twin) == term
        assert term_text(twin) == term_text(term)
        assert term_text(twin, blank_ids=True, literals="plain") == term_text(term, blank_ids=True, literals="plain")


def test_an_unknown_literal_style_is_refused():
    with pytest.raises(ValueError, match="literals="):
        term_text(ox.Literal("x"), literals="bare")


def test_rdfxml_parse_type_literal_reaches_rdflib_without_a_traceback(caplog):
    """Issue 18: pyoxigraph writes parseType="Literal" content with a duplicated xmlns (or a
    control character); rdflib parsed it as XML for pyshacl and logged expat tracebacks. Markup
    literals now keep their text, are well typed, and log nothing."""
    import logging

    from kg.rdf.terms import rdflib_term
    from kg.shacl.pyshacl_bridge import rdflib_graph

    doc = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           ' xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
           '<ex:p rdf:parseType="Literal"><b xmlns="http://d/">x</b></ex:p>'
           '<ex:q rdf:parseType="Literal">&#x1;</ex:q></rdf:Description></rdf:RDF>')
    triples = list(ox.parse(doc.encode(), format=ox.RdfFormat.RDF_XML))
    with caplog.at_level(logging.DEBUG):
        graph = rdflib_graph(triples)
        terms = [rdflib_term(t.object) for t in triples]
    assert len(graph) == 2
    assert [t.ill_typed for t in terms] == [False, False]
    assert {str(t) for t in terms} == {t.object.value for t in triples}
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.levelno >= logging.WARNING]
