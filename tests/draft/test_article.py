"""Sentences with exact offsets, repeated paragraphs dropped, HTML read as paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.draft.article import read_article, split_article
from kg.errors import InputError

from tests.support.draft_support import seed

LEAD = "Moscow is preparing to counter President Biden’s stringent policy against Russia"


def test_every_sentence_is_the_article_text_at_its_offsets():
    for name in ("000_da83e1ebf59ca90b.txt", "004_a6980d63f0498410.txt"):
        article = read_article(seed(name))
        lines = article.text.split("\n")
        for s in article.sentences:
            assert article.text[s.start:s.end] == s.text
            assert lines[s.line - 1][s.column - 1:].startswith(s.text.split("\n")[0])


def test_the_repeated_lead_of_article_004_is_read_once():
    article = read_article(seed("004_a6980d63f0498410.txt"))
    assert article.text.count(LEAD) == 2  # the scraped page has it twice
    assert sum(LEAD in s.text for s in article.sentences) == 1
    assert article.repeated[:4] == [24, 26, 28, 30]  # the four lead paragraphs, second time round


def test_a_sentence_ending_inside_quotes_is_split_from_the_next_one():
    article = read_article(seed("004_a6980d63f0498410.txt"))
    texts = [s.evidence for s in article.sentences]
    assert any(t.endswith("through “attacking Hezbollah.”") for t in texts)
    assert "“Israel must not attack the territories of sovereign UN members,” he added." in texts


def test_the_caption_of_article_000_keeps_its_date_sentence_whole():
    article = read_article(seed("000_da83e1ebf59ca90b.txt"))
    assert ("Russian President Vladimir Putin meets with US Secretary of State Mike Pompeo at the Bocharov Ruchei"
            " residence in Sochi on May 14, 2019.") in [s.evidence for s in article.sentences]


def test_evidence_makes_non_breaking_spaces_plain():
    article = split_article("The\u00a0May 14\u00a0visit was expected.\n")
    (sentence,) = article.sentences
    assert sentence.text == "The\u00a0May 14\u00a0visit was expected."
    assert sentence.evidence == "The May 14 visit was expected."


def test_html_is_read_block_by_block(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<html><head><script>var x = 'Russia';</script></head><body><h1>Talks</h1>"
                    "<p>Iran met Russia. They talked.</p><p>Iran met Russia. They talked.</p></body></html>",
                    encoding="utf-8")
    article = read_article(page)
    assert [s.text for s in article.sentences] == ["Talks", "Iran met Russia.", "They talked."]
    assert "var x" not in article.text
    assert len(article.repeated) == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Iran", "met", "U.S.", "Dr.", "Russia.", "“Yes.”", "said", "!", "?", "\n", "\n\n",
                                 " ", "\u00a0", "S-400", "i.e.", "(AEOI)", "Moscow’s", "1995."]), max_size=60))
def test_offsets_are_exact_and_in_order_for_any_text(words):
    text = " ".join(words)
    article = split_article(text)
    end = 0
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text and s.text.strip() == s.text and s.text
        assert s.start >= end
        end = s.end


def test_a_non_utf8_byte_is_named_at_its_line_and_column(tmp_path):
    bad = tmp_path / "a.txt"
    bad.write_bytes("Iran’s talks.\nCaf\xe9.\n".encode("utf-8").replace(b"Caf\xc3\xa9", b"Caf\xe9"))
    with pytest.raises(InputError) as caught:
        read_article(bad)
    assert (caught.value.line, caught.value.column) == (2, 4)


def test_a_binary_file_is_refused_where_its_first_nul_is(tmp_path):
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"Iran\n\x00\x01\x02")
    with pytest.raises(InputError) as caught:
        read_article(binary)
    assert (caught.value.line, caught.value.column) == (2, 1) and "binary" in caught.value.message
