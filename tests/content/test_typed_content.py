"""Claims, beliefs, relationships and typed opposition (ontology v2): what the two essays argue, asked by
relation. Expected answers come from reading the articles (AJ ¶, EF ¶ as in data/README.md)."""

from __future__ import annotations

import pytest

from kg.project import Project
from kg.store.build import open_graph

from tests.support.graph_rows import rows
from tests.support.paths import REPO

AJ = "src:aljazeera-2019-russia-iran"
EF = "src:eftekhari-2021-russia-iran"


@pytest.fixture(scope="module")
def graph():
    return open_graph(Project(REPO))


def test_what_russia_believes_and_who_says_so(graph):
    """AJ ¶18 "Moscow sees Tehran as… a bulwark"; EF ¶8 "Moscow sees the Trump administration's… legacies… as an
    opportunity", ¶10 "Russia hopes…", "Russia perceives itself as a saviour of the JCPOA", ¶25 "Russia views a
    well-functioning JCPOA as a necessary ticket", ¶31 "Moscow knows that the furthering of normal relations…": the holder is Russia, the claimant is each article's author."""
    assert rows(graph, """SELECT ?belief ?by WHERE { GRAPH ?g { ?belief a kg:Belief ; kg:beliefHolder kgr:Russia ; kg:claimedBy ?by } }""") == {
        ("kgr:claim-aljazeera-2019-iran-bulwark-against-us", "kgr:Aljazeera_2019_author"),
        ("kgr:claim-eftekhari-2021-trump-legacies-opportunity", "kgr:Fardin_Eftekhari"),
        ("kgr:claim-eftekhari-2021-russia-hopes-iran-remembers", "kgr:Fardin_Eftekhari"),
        ("kgr:claim-eftekhari-2021-russia-saviour-of-jcpoa", "kgr:Fardin_Eftekhari"),
        ("kgr:claim-eftekhari-2021-jcpoa-ticket", "kgr:Fardin_Eftekhari"),
        ("kgr:claim-eftekhari-2021-normalisation-isolates-iran", "kgr:Fardin_Eftekhari"),
    }


def test_who_is_seen_as_a_bulwark_against_whom(graph):
    assert rows(graph, """SELECT ?holder ?agent ?against ?status WHERE { GRAPH ?g { ?b kg:beliefHolder ?holder ; kg:proposition ?p .
        ?p a kg:Containment ; kg:agent ?agent ; kg:counterpart ?against ; kg:epistemicStatus ?status } }""") == {
        ("kgr:Russia", "kgr:Iran", "kgr:United_States", "kg:Opinion")}


def test_propositions_are_never_asserted(graph):
    """What a claim puts forward is not the source's fact: its node carries a status other than kg:Asserted."""
    assert rows(graph, """SELECT ?p WHERE { GRAPH ?g { ?c kg:proposition ?p }
        FILTER NOT EXISTS { GRAPH ?g { ?p kg:epistemicStatus ?s FILTER(?s != kg:Asserted) } } }""") == set()


def test_relations_between_russia_and_iran_over_time(graph):
    """AJ ¶22: relations harmed by the 1995 deal and the reset (the author's opinion); AJ ¶16: allied in their
    support for Damascus; AJ ¶19 "Russia also needs Iran to manage the Syrian crisis" (the author's opinion);
    EF ¶33: "unprecedented in history" (Zarif); EF ¶8 and ¶8.3: deeper alignment (Moscow's view) and a hardliner
    victory helping relations (predicted); EF ¶20 and ¶28: doubts and mistrust in Iran (the author's opinion)."""
    assert rows(graph, """SELECT ?class ?status WHERE { GRAPH ?g { ?r kg:participant kgr:Russia, kgr:Iran ; a ?class
        OPTIONAL { ?r kg:epistemicStatus ?s } } ?class rdfs:subClassOf* ?top VALUES ?top { kg:Relationship kg:RelationsChange }
        BIND(COALESCE(?s, kg:Asserted) AS ?status) }""") == {
        ("kg:RelationsDeterioration", "kg:Opinion"), ("kg:Alliance", "kg:Asserted"), ("kg:CloseRelations", "kg:Reported"),
        ("kg:RelationsImprovement", "kg:Hypothetical"), ("kg:RelationsImprovement", "kg:Predicted"),
        ("kg:Dependence", "kg:Opinion")}


def test_which_states_the_author_says_need_which(graph):
    """AJ ¶19 "Russia also needs Iran to manage the Syrian crisis"; AJ ¶6 "Washington needs Moscow to either get
    on board, or at least to remain neutral" (for its maximum pressure)."""
    assert rows(graph, """SELECT ?needs ?needed ?for ?by WHERE { GRAPH ?g { ?c kg:claimedBy ?by ; kg:proposition ?p .
        ?p a kg:Dependence ; kg:agent ?needs ; kg:counterpart ?needed ; kg:epistemicStatus kg:Opinion ;
        kg:inConflict|kg:about ?for } }""") == {
        ("kgr:Russia", "kgr:Iran", "kgr:Syrian_civil_war", "kgr:Aljazeera_2019_author"),
        ("kgr:United_States", "kgr:Russia", "kgr:Maximum_pressure", "kgr:Aljazeera_2019_author")}


def test_russia_reportedly_holds_iran_back_on_nobodys_named_word(graph):
    """EF ¶21 "Reportedly, Russia… acts like a tireless “firefighter” to prohibit Iran from “emotional” actions such
    as “ending the application of Additional Protocol”": a reported restraint, with no claimant named."""
    assert rows(graph, f"""SELECT ?who ?whom ?what ?status WHERE {{ GRAPH {EF} {{ ?c kg:proposition ?p .
        ?p a kg:Restraint ; kg:agent ?who ; kg:counterpart ?whom ; kg:about ?what ; kg:epistemicStatus ?status
        FILTER NOT EXISTS {{ ?c kg:claimedBy ?anyone }} FILTER NOT EXISTS {{ ?p kg:claimedBy ?anyone }} }} }}""") == {
        ("kgr:Russia", "kgr:Iran", "kgr:Additional_Protocol", "kg:Reported")}


def test_what_the_essay_says_iran_will_dispute_negotiate_or_escalate(graph):
    """EF ¶11 "Iran itself will face an entanglement with the Biden administration on its non-nuclear dossiers"
    (predicted); ¶24 "Iran and Russia seemingly have different views on the aftermath of the JCPOA" (opinion);
    ¶25 "Tehran… is preparing itself for more nuclear escalation" (predicted); ¶23 the Kremlin's concern at Iran
    "compromising with the West on issues like missiles program" (hypothetical). The hardliners' negotiations
    (¶34) are the hardliners', not Iran's."""
    assert rows(graph, f"""SELECT ?class ?status WHERE {{ GRAPH {EF} {{ ?c kg:claimedBy kgr:Fardin_Eftekhari ; kg:proposition ?p .
        ?p a ?class ; kg:participant|kg:agent kgr:Iran ; kg:epistemicStatus ?status }}
        VALUES ?class {{ kg:Dispute kg:CommitmentReduction kg:Negotiation }} }}""") == {
        ("kg:Dispute", "kg:Predicted"), ("kg:Dispute", "kg:Opinion"), ("kg:CommitmentReduction", "kg:Predicted"),
        ("kg:Negotiation", "kg:Hypothetical")}


def test_the_author_disputes_salehis_view(graph):
    """EF ¶11 "Salehi’s opportunistic notion is not a dominant view in Tehran"."""
    assert rows(graph, f"SELECT ?by ?what WHERE {{ GRAPH {EF} {{ ?c kg:claimedBy ?by ; kg:disputes ?what }} }}") == {
        ("kgr:Fardin_Eftekhari", "kgr:statement-2020-salehi-iran-buckle-of-belt")}


def test_close_relations_of_russia_with_israel(graph):
    """EF ¶29 "Notwithstanding close relations with Israel…" (audit miss EF55)."""
    assert rows(graph, f"SELECT ?other WHERE {{ GRAPH {EF} {{ ?r a kg:CloseRelations ; kg:participant kgr:Russia, ?other FILTER NOT EXISTS {{ ?r kg:epistemicStatus ?s }} }} FILTER(?other != kgr:Russia) }}") == {
        ("kgr:Israel",)}


def test_us_russian_relations_worsened_over_ukraine(graph):
    assert rows(graph, f"SELECT ?date ?about WHERE {{ GRAPH {AJ} {{ ?e a kg:RelationsDeterioration ; kg:participant kgr:United_States, kgr:Russia ; kg:date ?date ; kg:about ?about }} }}") == {
        ('"2013"^^<http://www.w3.org/2001/XMLSchema#gYear>', "kgr:protest-2013-ukraine")}


def test_who_criticised_accused_threatened_whom(graph):
    """AJ ¶20 the West blamed Russia (2008), ¶16 Russia curbs Iran in Syria and the axis threatens Iran, ¶24
    interference in Europe; EF ¶33 critics accuse Rouhani's government, ¶29 the ambassador (for Russia) criticised Israel,
    ¶20 Putin decried Tehran's decision (audit partial EF29). Rosneft criticised an agreement, not an actor."""
    assert rows(graph, """SELECT ?class ?agent ?other WHERE { GRAPH ?g { ?e a ?class ; kg:agent ?agent ; kg:counterpart|kg:targets ?other }
        VALUES ?class { kg:Criticism kg:Accusation kg:Threat kg:Interference kg:Containment } FILTER NOT EXISTS { GRAPH ?g { ?e kg:epistemicStatus ?s } } }""") == {
        ("kg:Accusation", "kgr:The_West", "kgr:Russia"),
        ("kg:Containment", "kgr:Russia", "kgr:Iran"),
        ("kg:Interference", "kgr:Russia", "kgr:European_countries"),
        ("kg:Threat", "kgr:US_Saudi_Israeli_axis", "kgr:Iran"),
        ("kg:Accusation", "kgr:Iranian_hardliners", "kgr:Rouhani_government"),
        ("kg:Criticism", "kgr:Anatoly_Viktorov", "kgr:Israel"), ("kg:Criticism", "kgr:Russia", "kgr:Israel"),
        ("kg:Criticism", "kgr:Vladimir_Putin", "kgr:Iran"),
    }


def test_the_mueller_report_confirms_trumps_claim_and_the_author_disputes_bloomberg(graph):
    """AJ ¶23 "the Mueller probe re-affirmed Trump's claim"; AJ ¶12 "Bloomberg's description… as a “rejection”
    might not be entirely accurate"."""
    assert rows(graph, f"SELECT ?a ?b WHERE {{ GRAPH {AJ} {{ ?a kg:confirms ?b }} }}") == {
        ("kgr:report-2019-03-mueller", "kgr:statement-trump-no-collusion")}
    assert rows(graph, f"SELECT ?a ?b WHERE {{ GRAPH {AJ} {{ ?a kg:disputes ?b }} }}") == {
        ("kgr:claim-aljazeera-2019-s-400-rejection-inaccurate", "kgr:arms-refusal-2019-russia-iran-s-400")}


def coverage_rows() -> list[list[str]]:
    """The cells of the coverage table's rows in data/README.md (¶, facts, relations or summary only)."""
    table = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    table = table[table.index("## Coverage"):]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in table.splitlines()
            if line.startswith("| ") and line.count(" | ") >= 2 and not line.startswith("| ¶")]


def test_every_claim_without_typed_content_has_a_reason_in_the_coverage_table(graph):
    """A claim with an evidence sentence has a kg:proposition (or confirms/disputes another fact), or the
    coverage table's third column says, for its paragraph, why it is held only by its summary."""
    untyped = rows(graph, """SELECT ?label WHERE { GRAPH ?g { ?c a ?class ; kg:evidence ?e
        FILTER NOT EXISTS { ?c kg:proposition|kg:confirms|kg:disputes ?x } } ?class rdfs:subClassOf* kg:Claim . ?c rdfs:label ?l
        BIND(STR(?l) AS ?label) }""")
    assert len(untyped) > 0
    rows_of_table = coverage_rows()
    unexplained = []
    for (label,) in untyped:
        cells = [r for r in rows_of_table if len(r) == 3 and label in r[1]]
        if not cells or any(f"{label}: " not in r[2] or "NO REASON" in r[2] for r in cells):
            unexplained.append(label)
    assert unexplained == []


def test_the_coverage_table_says_relations_where_every_fact_of_a_paragraph_is_typed():
    kinds = {r[2].split(" — ")[0] for r in coverage_rows() if len(r) == 3}
    assert kinds <= {"relations", "summary only", "relations; summary only", "—"}
    assert "relations" in kinds


def test_rouhanis_government_is_an_actor_apart_from_rouhani_and_iran(graph):
    """EF ¶33 "Critics accuse Rouhani’s government…": the government, not the man or the state (audit O15)."""
    assert rows(graph, f"""SELECT ?state ?head ?accuser WHERE {{ GRAPH {EF} {{ kgr:Rouhani_government kg:governmentOf ?state ; kg:headedBy ?head .
        ?e a kg:Accusation ; kg:agent ?accuser ; kg:counterpart kgr:Rouhani_government }} }}""") == {
        ("kgr:Iran", "kgr:Hassan_Rouhani", "kgr:Iranian_hardliners")}
