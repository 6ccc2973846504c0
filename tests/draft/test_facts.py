"""One candidate fact per asserting sentence: class from the cue, roles from the mentions around
it, how the source presents it, dates, and a TODO for what the text does not settle."""

from __future__ import annotations

from kg.draft.article import split_article
from kg.draft.dates import ArticleDate
from kg.draft.draft import read_sentences

from tests.support.draft_support import lexicon

KGR = "https://w3id.org/geokg/resource/"


def fact(text: str, date: str | None = "2019-06"):
    (reading,) = read_sentences(split_article(text + "\n"), lexicon(), ArticleDate.parse(date) if date else None)
    return reading.fact


def roles(candidate) -> dict[str, list[str]]:
    return {role: [i[len(KGR):] for i in iris] for role, iris in candidate.roles.items()}


def test_a_reported_refusal_names_supplier_recipient_weapon_and_who_reports_it():
    f = fact("Two weeks later, Bloomberg reported that Russia refused to provide Iran with an S-400 missile system.")
    assert f.cls == "ArmsRefusal"
    assert roles(f) == {"supplier": ["Russia"], "recipient": ["Iran"], "weapon": ["S-400"], "claimedBy": ["Bloomberg"]}
    assert f.status == "Reported"
    assert any("Two weeks later" in note for note in f.todos["date"])  # not dated: said, not guessed


def test_a_signing_takes_every_actor_as_signatory_and_its_date():
    f = fact("In June 1995, US Vice President Al Gore signed a secret agreement with then Russian Prime Minister "
             "Viktor Chernomyrdin.")
    assert f.cls == "Signing"
    assert set(roles(f)["signatory"]) >= {"Al_Gore", "Viktor_Chernomyrdin"}
    assert f.dates == [("date", ("1995-06", "http://www.w3.org/2001/XMLSchema#gYearMonth"))]


def test_a_visit_goes_to_its_destination():
    f = fact("The May 14 visit of US Secretary of State Mike Pompeo to Russia was expected.")
    assert f.cls == "Visit"
    assert roles(f) == {"visitor": ["Mike_Pompeo"], "destination": ["Russia"]}
    assert f.dates == [("date", ("2019-05-14", "http://www.w3.org/2001/XMLSchema#date"))]


def test_backing_is_support_with_agent_and_counterpart():
    f = fact("In 2008, Iran de-facto stood by its partner and backed the Russian position.")
    assert f.cls == "Support" and roles(f)["agent"] == ["Iran"] and roles(f)["counterpart"] == ["Russia"]


def test_a_statement_has_its_speaker():
    f = fact("Following his meeting with Pompeo, Russian President Vladimir Putin suggested that Iran should not rely "
             "on Russia.")
    assert f.cls == "Statement" and roles(f)["speaker"] == ["Vladimir_Putin"]


def test_an_opinion_without_an_event_cue_is_a_claim_whose_author_is_a_todo():
    f = fact("At the same time, Moscow might see some benefit from the increased pressure on Iran.")
    assert f.cls == "Claim" and f.status == "Predicted"
    assert set(roles(f)["about"]) == {"Russia", "Iran"}
    assert "claimedBy" in f.todos and "summary" in f.todos


def test_a_missing_role_is_a_todo_not_a_guess():
    f = fact("In the mid-2000s, the two countries reportedly cooperated on air defence.")
    assert f.cls == "Cooperation" and "participant" not in f.roles
    assert f.todos["participant"]


def test_a_sentence_with_no_cue_gives_no_fact():
    assert fact("Russia and Iran are neighbours across the Caspian Sea.") is None


def test_so_called_is_no_statement():
    f = fact("Russia may insist on a higher quota within the so-called “Vienna agreement” with OPEC.")
    assert f.cls == "Claim"


def test_one_entity_fills_one_role():
    f = fact("Turkey is in a struggle with the US over its own purchase of the S-400 and US-made F-35 jets.")
    assert f.cls == "ArmsPurchase"
    assert not set(f.roles.get("supplier", ())) & set(f.roles.get("recipient", ()))


def test_a_signing_by_people_names_the_people():
    f = fact("In 2009, the administrations of Dmitry Medvedev and Barack Obama agreed on a “reset” in Russian-US "
             "relations, which required the former to scale down its partnership with Iran.")
    assert f.cls == "Signing" and roles(f)["signatory"] == ["Dmitry_Medvedev", "Barack_Obama"]
    assert roles(f)["agreement"] == ["US_Russia_reset"]
