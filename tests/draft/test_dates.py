"""Dates with the precision the text gives, read against the article's date."""

from __future__ import annotations

import pytest

from kg.draft.dates import DATE, YEAR, YEAR_MONTH, ArticleDate, find_dates


def dates(text: str, article: str | None):
    return find_dates(text, 0, len(text), ArticleDate.parse(article) if article else None)


@pytest.mark.parametrize(("text", "article", "value"), [
    ("The May 14 visit of US Secretary of State Mike Pompeo", "2019-06", ("2019-05-14", DATE)),
    ("in Sochi on May 14, 2019.", None, ("2019-05-14", DATE)),
    ("the report released in March", "2019-06", ("2019-03", YEAR_MONTH)),
    ("In June 1995, US Vice President Al Gore signed", None, ("1995-06", YEAR_MONTH)),
    ("In early July, when OPEC meets", "2019-06", ("2019-07", YEAR_MONTH)),
    ("met in Moscow on December 20.", "2021-01", ("2020-12-20", DATE)),  # the December before a January article
    ("Last year, when Iran decided", "2020-12", ("2019", YEAR)),
    ("In 2008, while the West", None, ("2008", YEAR)),
])
def test_a_date_keeps_its_precision(text, article, value):
    (found,) = dates(text, article)
    assert found.value == value


def test_a_year_taken_from_the_article_is_said():
    (found,) = dates("The May 14 visit", "2019-06")
    assert "2019" in found.note and "article" in found.note


def test_a_decade_is_two_bounds():
    (found,) = dates("In the mid-1990s, for example", None)
    assert (found.kind, found.value, found.upper) == ("bounds", ("1994", YEAR), ("1996", YEAR))


def test_years_later_counts_from_the_year_before_it():
    found = dates("Thus, in 2010, Russia decided; just three years later relations worsened.", None)
    assert [d.value for d in found] == [("2010", YEAR), ("2013", YEAR)]


def test_over_the_past_years_is_a_start_date():
    (found,) = dates("Over the past eight years, the Iranians have become", "2019-06")
    assert (found.kind, found.value) == ("start", ("2011", YEAR))


def test_without_the_article_date_a_month_and_day_stay_unresolved():
    (found,) = dates("The May 14 visit", None)
    assert found.value is None and "--date" in found.note


def test_a_relative_date_with_no_anchor_is_unresolved_not_guessed():
    (found,) = dates("Two weeks later, Bloomberg reported", "2019-06")
    assert found.kind == "unresolved" and found.value is None


def test_may_the_verb_is_no_date():
    assert dates("It may compel Moscow to devise new routes.", "2021-01") == []


def test_a_bad_article_date_is_refused():
    with pytest.raises(ValueError):
        ArticleDate.parse("2019-13")


def test_the_thirtieth_of_february_is_no_article_date():
    with pytest.raises(ValueError):
        ArticleDate.parse("2019-02-30")
