"""The canned questions about what the articles argue (needs, predictions, beliefs about another actor),
run with the example parameters of their headers on the shipped data. The expected answers were written by
reading the two articles (AJ = the Al Jazeera piece of June 2019, EF = Eftekhari's essay; ¶ as in
data/README.md), not taken from the tool's output."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.namespaces import shorten
from kg.project import Project
from kg.query.canned import list_queries
from kg.store.graph import load_in_memory

from tests.support.expected_answers import result
from tests.support.paths import REPO

QUERIES = {q.name: q for q in list_queries(REPO / "queries")}


@pytest.fixture(scope="module")
def graph():
    return load_in_memory(Project(REPO))


def answer(graph, name: str, *columns: str) -> set[tuple[str, ...]]:
    found = result(graph, QUERIES[name])
    index = [list(found.variables).index(c) for c in columns]
    return {tuple(text(row[i]) for i in index) for row in found.rows}


def text(term) -> str:
    """A cell as the tests write it: a prefixed name, a literal's text, or "" when unbound."""
    if term is None:
        return ""
    return shorten(term.value) if isinstance(term, ox.NamedNode) else term.value


def test_whom_russia_needs(graph):
    """AJ ¶19: "Second, despite having differences in Syria, Russia also needs Iran to manage the Syrian crisis."
    The author's opinion; no other sentence of either article says Russia needs anyone."""
    assert answer(graph, "needs", "needed", "for", "claimedBy", "status") == {
        ("kgr:Iran", "kgr:Syrian_civil_war", "kgr:Aljazeera_2019_author", "opinion")}


def test_what_russia_believes_about_iran_according_to_whom(graph):
    """Every belief the articles give Russia concerns Iran: AJ ¶18 Moscow sees Tehran as a bulwark against US
    hegemony; EF ¶8 Moscow sees Trump's legacies as an opportunity for deepening alignment with Iran; EF ¶10
    Russia hopes Iran will not ignore its endeavours, and sees itself as a saviour of the JCPOA "via diplomatic
    influence in Tehran"; EF ¶25 the JCPOA as Russia's ticket to Iran's future negotiations; EF ¶31 Moscow knows
    normalisation will isolate Iran. Each is put forward by its article's author."""
    about_iran = answer(graph, "beliefs-about", "belief", "claimedBy")
    assert about_iran == answer(graph, "beliefs", "belief", "claimedBy")
    assert len(about_iran) == 6
    assert {by for _, by in about_iran} == {"kgr:Aljazeera_2019_author", "kgr:Fardin_Eftekhari"}
    # In AJ ¶18 Iran is the one acting (the bulwark); in EF ¶25 one of the parties to the negotiations.
    roles = answer(graph, "beliefs-about", "belief", "role")
    assert ("kgr:claim-aljazeera-2019-iran-bulwark-against-us", "agent") in roles
    assert ("kgr:claim-eftekhari-2021-jcpoa-ticket", "participant") in roles


def test_what_the_articles_predict(graph):
    """Read as predictions ("will", "will probably", "likely"): AJ ¶7 the Jerusalem meeting will move
    cooperation forward; EF ¶8 Moscow is preparing to counter Biden's policy, a hardliner win will help
    relations; EF ¶11 Iran will face an entanglement with the Biden administration; ¶25 Tehran is preparing
    for more nuclear escalation; ¶31 normalisation will go on; ¶34 negotiations on non-nuclear issues will
    probably be on the hardliners' agenda; ¶36 the next government would expect strategic arms; ¶37 Iran
    will pursue Moscow's practical steps on oil."""
    predicted = {(fact, by) for fact, status, by in answer(graph, "predictions", "fact", "status", "claimedBy")
                 if status == "predicted"}
    assert predicted == {
        ("kgr:prediction-us-russia-cooperation-jerusalem-meeting", "kgr:Aljazeera_2019_author"),
        ("kgr:prop-ef-russia-counters-biden-policy", "kgr:Fardin_Eftekhari"),
        ("kgr:prop-ef-hardliner-win-improves-relations", "kgr:Fardin_Eftekhari"),
        ("kgr:prop-ef-iran-biden-entanglement", "kgr:Fardin_Eftekhari"),
        ("kgr:prop-ef-iran-further-nuclear-escalation", "kgr:Fardin_Eftekhari"),
        ("kgr:prop-ef-arab-israeli-normalisation", "kgr:Fardin_Eftekhari"),
        ("kgr:prop-ef-hardliners-negotiate-non-nuclear", "kgr:Fardin_Eftekhari"),
        ("kgr:arms-request-future-iran-russia-strategic-arms", "kgr:Fardin_Eftekhari"),
        ("kgr:prop-ef-iran-pursues-russian-oil-steps", "kgr:Fardin_Eftekhari"),
    }


def test_possibilities_the_articles_raise_in_their_own_voice_have_no_claimant(graph):
    """AJ ¶11 Turkey "is facing the risk" of a US block on its F-35s; EF ¶9 "any possible “containment”
    policy": possibilities stated by the article itself, not put forward by a named claimant."""
    rows = answer(graph, "predictions", "fact", "status", "claimedBy")
    assert ("kgr:arms-refusal-risk-us-turkey-f-35", "hypothetical", "") in rows
    assert ("kgr:adoption-us-containment-of-russia", "hypothetical", "") in rows
    assert not any(status == "asserted" for _, status, _ in rows)
