"""Random lexical forms per XSD type: kg.rdf.literals accepts a form exactly when the XSD 1.1
grammar does, as an oracle written from the spec (tests/support/xsd_oracle.py) reads it; and a
Turtle file with such a literal is read, or refused with its line and column, as the oracle says."""

from __future__ import annotations

import os

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.limits import Limits
from kg.namespaces import XSD
from kg.rdf import literals, reading

from tests.support.xsd_oracle import VALID

_ODD = st.sampled_from(["", "-", "+", ".", ":", "T", "Z", " ", "٣", "0", "9", "e", "24", "14:00", "60", "00"])


EXAMPLES = int(os.environ.get("KG_TEST_EXAMPLES", "400"))  # 400 in the suite; more locally (the report says how many ran)


def _digits(low: int, high: int):
    return st.text(alphabet="0123456789", min_size=low, max_size=high)


def _timezone():
    hours, minutes = _digits(2, 2), _digits(2, 2)
    return st.one_of(st.just(""), st.just("Z"), st.builds(lambda s, h, m: f"{s}{h}:{m}", st.sampled_from("+-"), hours, minutes))


def _year():
    return st.builds(lambda sign, digits: sign + digits, st.sampled_from(["", "", "-"]), _digits(3, 7))


def _time():
    fraction = st.one_of(st.just(""), _digits(0, 4).map(lambda d: "." + d))
    return st.builds(lambda h, m, s, f: f"{h}:{m}:{s}{f}", _digits(2, 2), _digits(2, 2), _digits(2, 2), fraction)


def _number():
    mantissa = st.builds(lambda sign, whole, point, fraction: sign + whole + point + fraction,
                         st.sampled_from(["", "+", "-"]), _digits(0, 5), st.sampled_from(["", "."]), _digits(0, 4))
    exponent = st.one_of(st.just(""), st.builds(lambda e, sign, d: e + sign + d, st.sampled_from("eE"),
                                                 st.sampled_from(["", "+", "-"]), _digits(0, 3)))
    return st.one_of(st.builds(str.__add__, mantissa, exponent), st.sampled_from(["INF", "+INF", "-INF", "NaN", "-NaN", "inf"]))


def _shaped():
    """Per type, forms shaped like it, most near the edge of its lexical space."""
    date = st.builds(lambda y, m, d: f"{y}-{m}-{d}", _year(), _digits(1, 3), _digits(1, 3))
    return {
        "date": st.builds(str.__add__, date, _timezone()),
        "dateTime": st.builds(lambda d, t, z: f"{d}T{t}{z}", date, _time() | st.just("24:00:00") | st.just("24:00:00.0"),
                              _timezone()),
        "gYear": st.builds(str.__add__, _year(), _timezone()),
        "gYearMonth": st.builds(lambda y, m, z: f"{y}-{m}{z}", _year(), _digits(1, 3), _timezone()),
        "integer": _number(),
        "decimal": _number(),
        "double": _number(),
        "boolean": st.sampled_from(["true", "false", "1", "0", "TRUE", "True", "01", "", " true", "yes"]),
    }


_SHAPED = _shaped()  # made once: a strategy built inside a draw costs milliseconds each time


@st.composite
def lexical_forms(draw):
    """(type, form): a form shaped like the type, sometimes with one character changed."""
    kind = draw(st.sampled_from(sorted(VALID)))
    form = draw(_SHAPED[kind])
    if form and draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(form)))
        form = form[:at] + draw(_ODD) + form[at + draw(st.integers(0, 1)):]
    return kind, form


@settings(max_examples=EXAMPLES, deadline=None)
@given(lexical_forms())
@example(("date", "2024-01-01+14:30"))  # found by this test: the time zone goes to +14:00, no further
@example(("date", "٢٠٢٤-01-01"))  # found by this test: Arabic-Indic digits matched \d
@example(("integer", "١٢"))
@example(("date", "0000-02-29"))  # year 0 (1 BCE) is a leap year
@example(("dateTime", "2024-01-01T24:00:00.000"))
@example(("double", "1.e5"))
def test_a_lexical_form_is_accepted_exactly_when_the_xsd_grammar_accepts_it(case):
    kind, form = case
    assert (literals.lexical_problem(form, XSD + kind) is None) == VALID[kind](form), (kind, form)


def _turtle(form: str, kind: str) -> bytes:
    return f'<urn:s> <urn:p> "{form}"^^<{XSD}{kind}> .\n'.encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(lexical_forms().filter(lambda case: '"' not in case[1] and "\\" not in case[1]))
def test_a_turtle_literal_is_read_or_refused_as_the_grammar_says(case):
    kind, form = case
    data = reading.check_bytes(_turtle(form, kind), "fuzz.ttl", "turtle", Limits())
    if VALID[kind](form):
        assert len(list(reading.parse(data))) == 1
    else:
        with pytest.raises(InputError, match=r"^fuzz\.ttl:1:\d+: "):
            list(reading.parse(data))
