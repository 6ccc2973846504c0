"""kg.rdf.external_sort: runs spilled to disk merge into exactly what sorted() gives."""

from __future__ import annotations

import random

import pytest

from kg.rdf.external_sort import ExternalSort, distinct

ALPHABET = "ab\x00\x01 \"\\\t\r<>_:é日\U0001F600"


@pytest.mark.parametrize("run_size", [1, 3, 50, 10_000])
@pytest.mark.parametrize("binary", [False, True])
def test_spilled_runs_merge_into_sorted_order_with_repeats_kept(run_size, binary):
    rng = random.Random(run_size)
    lines = ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 8))) + "\n" for _ in range(500)]
    lines += lines[:40]  # repeats
    items = [line.encode("utf-8") for line in lines] if binary else lines
    with ExternalSort(binary=binary, run_size=run_size) as sorter:
        for i, item in enumerate(items):
            if i % 2:
                sorter.add(item)
            else:
                sorter.extend([item])
        assert (len(sorter.runs) > 0) == (run_size < len(items))
        merged = list(sorter)
    assert merged == sorted(items)
    assert list(distinct(merged)) == sorted(set(items))


def test_str_order_is_utf8_byte_order():
    """Turtle records sort as str, N-Triples lines as bytes: both orders must agree (code point = UTF-8 byte order)."""
    words = ["z", "é", "日", "\U0001F600", "\x7f", "A", "", "\uffff"]
    assert [w.encode("utf-8") for w in sorted(words)] == sorted(w.encode("utf-8") for w in words)
