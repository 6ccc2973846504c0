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


# ---------------------------------------------------------------- properties (hypothesis)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TYPES = ["date", "dateTime", "gYear", "gYearMonth", "integer", "decimal", "long", "int", "boolean", "double"]
_LEXICAL = st.one_of(
    st.text(alphabet="0123456789-+.:TZ eE", max_size=40),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}" if y >= 0 else f"-{-y:04d}-{m:02d}-{d:02d}",
              st.integers(-10**7, 10**7), st.integers(0, 13), st.integers(0, 32)),
    st.text(alphabet="0123456789", min_size=4000, max_size=6000),
)


@settings(max_examples=300, deadline=None)
@given(_LEXICAL, st.sampled_from(_TYPES))
def test_any_lexical_form_gets_a_verdict_never_an_exception(value, datatype):
    problem = literals.lexical_problem(value, XSD + datatype)
    assert problem is None or isinstance(problem, str)


@settings(max_examples=200, deadline=None)
@given(st.integers(-10**6, 10**6), st.integers(1, 12), st.integers(1, 31))
def test_the_leap_rule_agrees_with_python_wherever_python_has_the_year(year, month, day):
    import datetime

    text = f"{year:04d}-{month:02d}-{day:02d}" if year >= 0 else f"-{-year:04d}-{month:02d}-{day:02d}"
    verdict = literals.lexical_problem(text, XSD + "date") is None
    proxy = 2000 + year % 400  # the Gregorian calendar repeats every 400 years
    try:
        datetime.date(proxy, month, day)
        expected = True
    except ValueError:
        expected = False
    assert verdict == expected


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_a_slug_is_plain_letters_digits_and_hyphens_only(text):
    from kg.project import SLUG_RE

    if SLUG_RE.fullmatch(text):
        assert text and text.isascii() and "\n" not in text and all(c.isalnum() or c == "-" for c in text)
