"""Entity mentions from the graph's own names: labels, alternative labels, demonyms, possessives,
metonyms said as such, and capitalised names the graph does not know."""

from __future__ import annotations

from kg.draft.mentions import find_mentions, find_unknown

from tests.support.draft_support import lexicon

KGR = "https://w3id.org/geokg/resource/"


def links(text: str, nested: bool = False) -> list[tuple[str, str | None]]:
    return [(m.text, m.iri and m.iri[len(KGR):]) for m in find_mentions(text, lexicon()) if nested or not m.nested]


def test_labels_alternative_labels_and_the_longest_name_win():
    assert links("US Secretary of State Mike Pompeo met Vladimir Putin.") == [
        ("US Secretary of State", "US_Secretary_of_State"), ("Mike Pompeo", "Mike_Pompeo"),
        ("Vladimir Putin", "Vladimir_Putin")]


def test_a_name_inside_a_longer_one_is_linked_too_but_marked_nested():
    text = "Russia presented Collective Security in the Persian Gulf."
    assert links(text, nested=True) == [("Russia", "Russia"),
                                        ("Collective Security in the Persian Gulf", "Collective_Security_in_the_Persian_Gulf"),
                                        ("Persian Gulf", "Persian_Gulf")]
    assert [m.nested for m in find_mentions(text, lexicon())] == [False, False, True]


def test_the_longest_name_wins_even_when_a_shorter_one_starts_earlier():
    assert links("But the Supreme Leader of Iran Ayatollah Ali Khamenei insists") == [
        ("Supreme Leader of Iran", "Supreme_Leader_of_Iran"), ("Ayatollah Ali Khamenei", "Ali_Khamenei")]


def test_demonyms_and_possessives_name_their_state():
    assert links("Iran’s oil exports and the Russian position") == [("Iran’s", "Iran"), ("Russian", "Russia")]
    (mention,) = find_mentions("Iran’s oil", lexicon())
    assert mention.possessive and mention.how == "label"


def test_the_kremlin_is_russia():
    assert links("expected in the Kremlin.") == [("the Kremlin", "Russia")]


def test_moscow_as_a_government_is_russia_and_the_other_reading_is_said():
    (mention,) = find_mentions("Washington needs Moscow to get on board."[17:], lexicon())
    assert mention.iri == KGR + "Russia"
    assert KGR + "Moscow" in mention.candidates and "kgr:Moscow" in mention.note


def test_moscow_where_something_happened_is_the_city():
    mentions = find_mentions("met with Russian energy officials in Moscow on December 20.", lexicon())
    assert [(m.text, m.iri[len(KGR):]) for m in mentions] == [("Russian", "Russia"), ("Moscow", "Moscow")]
    assert "kgr:Russia" in mentions[1].note


def test_a_name_inside_a_word_is_no_mention():
    assert links("USSR and Iranians-in-exile") == [("Iranians", "Iran")]


def test_non_breaking_spaces_and_curly_apostrophes_still_match():
    assert links("US\u00a0Vice President Al Gore") == [("US\u00a0Vice President", "Vice_President_of_the_United_States"),
                                                       ("Al Gore", "Al_Gore")]


def test_unknown_capitalised_names_are_candidates_with_a_class():
    text = "Photo by Alexander Nemenov for the Tehran Times. Currently, Azerbaijan waits."
    found = find_unknown(text, 0, len(text), find_mentions(text, lexicon()))
    # "Photo" starts the sentence and "Currently" is a common word: neither is a name
    assert [(u.text, u.suggested.rsplit("#", 1)[-1]) for u in found] == [("Alexander Nemenov", "Person"),
                                                                         ("Azerbaijan", "")]
