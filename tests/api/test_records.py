"""kg.records.record stands in for typing.NamedTuple on the query path (kg query must not import
typing): what the library's named tuples rely on must behave as typing.NamedTuple's do."""

from __future__ import annotations

import pickle

import pytest

from kg.records import record
from kg.query.run import QueryResult


@record
class Pair:
    """Two things."""

    first: str
    second: int = 2

    @property
    def both(self) -> str:
        return f"{self.first}{self.second}"

    def swapped(self) -> tuple:
        return (self.second, self.first)


def test_fields_defaults_methods_and_docstring():
    pair = Pair("a")
    assert pair == ("a", 2) and pair._fields == ("first", "second")
    assert pair.both == "a2" and pair.swapped() == (2, "a")
    assert Pair("b", second=3)._replace(first="c") == Pair("c", 3)
    assert Pair.__doc__ == "Two things." and Pair.__name__ == "Pair"
    with pytest.raises(TypeError):
        Pair()


def test_a_field_without_a_default_after_one_with_a_default_is_refused():
    with pytest.raises(TypeError, match="without a default follows"):
        @record
        class Wrong:
            first: int = 1
            second: int


def test_a_query_result_survives_pickling_as_the_child_process_sends_it():
    result = QueryResult("SELECT", ("x",), (("1",),))
    assert pickle.loads(pickle.dumps(result)) == result
    assert QueryResult("ASK", boolean=True).boolean is True
