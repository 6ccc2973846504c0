"""kg.rdf.literals over the XSD 1.1 lexical space, with no year or digit limit from Python (issue 18)."""

from __future__ import annotations

import pytest

from kg.namespaces import XSD
from kg.rdf import literals
from kg.rdf.terms import rdflib_term
import pyoxigraph as ox


@pytest.mark.parametrize("value, datatype", [
    ("-0044-03-15", "date"), ("10000-01-01", "date"), ("0000-02-29", "date"), ("-0004-02-29", "date"),
    ("2000-02-29", "date"), ("12345-12-31T23:59:59Z", "dateTime"), ("-0044", "gYear"), ("123456", "gYear"),
    ("-0044-03", "gYearMonth"), ("9" * 5001, "integer"), ("-" + "1" * 5001, "integer"), ("1" * 5001 + ".5", "decimal"),
])
def test_valid_forms_beyond_python_are_accepted(value, datatype):
    assert literals.lexical_problem(value, XSD + datatype) is None


@pytest.mark.parametrize("value, datatype", [
    ("10100-02-29", "date"), ("1900-02-29", "date"), ("-0001-02-29", "date"), ("2024-04-31", "date"),
    ("10100-02-29T00:00:00", "dateTime"), ("044", "gYear"), ("2024-13", "gYearMonth"), ("9" * 5001, "long"),
    ("1.2.3", "decimal"), ("12a", "integer"),
])
def test_invalid_forms_are_refused_without_an_exception(value, datatype):
    problem = literals.lexical_problem(value, XSD + datatype)
    assert problem is not None and len(problem) < 200


@pytest.mark.parametrize("value, datatype", [("-0044-03-15", "date"), ("10000-01-01T00:00:00", "dateTime"),
                                             ("9" * 5001, "integer"), ("-0044", "gYear")])
def test_rdflib_twins_are_well_typed_and_log_nothing(value, datatype, caplog):
    term = rdflib_term(ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)))
    assert str(term) == value and term.ill_typed is False
    assert not caplog.records
