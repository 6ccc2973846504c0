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
