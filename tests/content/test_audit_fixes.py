"""The errors of the content audit (../shared/content-audit.md, section 1), each as a question the graph
answered wrongly and now answers as the articles say. Expected answers come from reading the articles
(AJ: Al Jazeera, June 2019; EF: Eftekhari, December 2020 – January 2021)."""

from __future__ import annotations

import pytest

from kg.project import Project
from kg.store.build import open_graph

from tests.support.graph_rows import rows
from tests.support.paths import REPO

AJ = "src:aljazeera-2019-russia-iran"
EF = "src:eftekhari-2021-russia-iran"
XSD = "http://www.w3.org/2001/XMLSchema#"
ESSAY_FROM, ESSAY_TO = f'"2020-12-20"^^<{XSD}date>', f'"2021-01-20"^^<{XSD}date>'


@pytest.fixture(scope="module")
def graph():
    return open_graph(Project(REPO))


# EF47, EF68, EF71, EF60: "in office when the essay was written" is an attestation interval, not a bound on the tenure.

def test_no_tenure_is_said_to_begin_no_earlier_than_the_essay(graph):
    """Khamenei (Supreme Leader since 1989), Rouhani and Zarif (since 2013) and Viktorov were read as
    taking office no earlier than 2020; the essay says only that they held office when it was written."""
    assert rows(graph, f"SELECT ?who WHERE {{ GRAPH {EF} {{ ?t a kg:Tenure ; kg:holder ?who ; kg:earliestDate ?d }} }}") == set()


def test_tenures_from_the_undated_essay_carry_its_date_as_an_attestation_interval(graph):
    assert rows(graph, f"""SELECT ?who ?from ?to WHERE {{ GRAPH {EF} {{
        ?t a kg:Tenure ; kg:holder ?who ; kg:asOfEarliest ?from ; kg:asOfLatest ?to }} }}""") == {
        ("kgr:Ali_Khamenei", ESSAY_FROM, ESSAY_TO),
        ("kgr:Hassan_Rouhani", ESSAY_FROM, ESSAY_TO),
        ("kgr:Javad_Zarif", ESSAY_FROM, ESSAY_TO),
        ("kgr:Anatoly_Viktorov", f'"2020"^^<{XSD}gYear>', ESSAY_TO),
    }


# EF10: a president-elect does not hold the presidency.

def test_the_president_elect_does_not_hold_the_presidency(graph):
    """"president-elect Joe Biden" (EF ¶9) was a tenure of the presidency, so (by kg:heldOffice = kg:holds o
    kg:office) he held it; AJ (2019) names Trump as president and Obama in 2009, and no article says Biden was."""
    assert rows(graph, "SELECT ?who WHERE { ?t kg:holder ?who ; kg:office kgr:President_of_the_United_States }") == {
        ("kgr:Donald_Trump",), ("kgr:Barack_Obama",)}
    assert rows(graph, f"""SELECT ?who ?q ?from ?to WHERE {{ GRAPH {EF} {{ ?d a kg:OfficeDesignation ;
        kg:designee ?who ; kg:office kgr:President_of_the_United_States ; kg:qualifier ?q ;
        kg:asOfEarliest ?from ; kg:asOfLatest ?to }} }}""") == {("kgr:Joe_Biden", "president-elect", ESSAY_FROM, ESSAY_TO)}


# EF32: "Reportedly" names no one; the author is not the third party.

def test_no_claim_is_reported_on_the_word_of_its_own_author(graph):
    assert rows(graph, """SELECT ?claim WHERE { GRAPH ?g { ?claim kg:epistemicStatus kg:Reported ; kg:claimedBy ?by .
        ?g dcterms:creator ?by } }""") == set()
    assert rows(graph, f"""SELECT ?status WHERE {{ GRAPH {EF} {{ kgr:claim-eftekhari-2021-russia-firefighter-role
        kg:epistemicStatus ?status FILTER NOT EXISTS {{ kgr:claim-eftekhari-2021-russia-firefighter-role kg:claimedBy ?by }} }} }}""") == {
        ("kg:Reported",)}


def test_every_claim_names_its_claimant_unless_reported_on_nobodys_named_word(graph):
    """kgsh:ClaimShape's SPARQL constraint, on the shipped data in each source's own graph."""
    assert rows(graph, """SELECT ?claim WHERE { GRAPH ?g { ?claim a ?c } ?c rdfs:subClassOf* kg:Claim
        FILTER NOT EXISTS { GRAPH ?g { ?claim kg:claimedBy ?by } }
        FILTER NOT EXISTS { GRAPH ?g { ?claim kg:epistemicStatus kg:Reported } } }""") == set()


# EF37: rejoining the deal and lifting sanctions is a policy toward Iran, not against it.

def test_the_us_return_to_the_jcpoa_is_not_directed_against_iran(graph):
    assert rows(graph, f"SELECT ?policy WHERE {{ GRAPH {EF} {{ ?policy kg:targets kgr:Iran ; kg:adoptedBy ?by }} }}") == {
        ("kgr:Arms_embargo_on_Iran",), ("kgr:US_sanctions_on_Iran",)}
    assert rows(graph, f"SELECT ?who ?actor WHERE {{ GRAPH {EF} {{ kgr:US_return_to_JCPOA kg:adoptedBy ?who ; kg:concerns ?actor }} }}") == {
        ("kgr:Joe_Biden", "kgr:Iran")}


# EF57: "some Arab nations" is part of the Arab states, not the whole group.

def test_the_peace_deals_are_with_some_arab_nations_not_all(graph):
    assert rows(graph, f"SELECT ?party WHERE {{ GRAPH {EF} {{ kgr:Abraham_Accords kg:party ?party }} }}") == {
        ("kgr:Israel",), ("kgr:Arab_parties_to_the_2020_peace_deals",)}
    assert rows(graph, f"SELECT ?whole ?name WHERE {{ GRAPH {EF} {{ kgr:Arab_parties_to_the_2020_peace_deals kg:subgroupOf ?whole }} kgr:Arab_parties_to_the_2020_peace_deals skos:altLabel ?name }}") == {
        ("kgr:Arab_states", '"some Arab nations"@en')}


# EF4 (with the missed sentence EF11): a possible "containment" policy, not one the US has adopted.

def test_the_containment_of_russia_is_hypothetical_not_adopted(graph):
    """EF ¶9: "No further details have been released about what that exactly means…", "any possible
    “containment” policy" — before the inauguration nothing was adopted."""
    assert rows(graph, "SELECT ?policy WHERE { GRAPH ?g { ?policy kg:adoptedBy kgr:United_States ; kg:targets kgr:Russia } }") == set()
    assert rows(graph, f"""SELECT ?who ?status WHERE {{ GRAPH {EF} {{ ?a a kg:PolicyAdoption ; kg:agent ?who ;
        kg:policy kgr:Containment_of_Russia ; kg:epistemicStatus ?status ; kg:evidence ?e }}
        FILTER(STRSTARTS(?e, "No further details have been released")) }}""") == {("kgr:United_States", "kg:Hypothetical")}


def test_every_policy_of_an_article_has_an_adopter_or_an_adoption_event(graph):
    """A hypothetical adoption is an event, not kg:adoptedBy (kgsh:PolicyShape takes either); some article names one."""
    assert rows(graph, """SELECT ?policy WHERE { GRAPH ?g { ?policy kg:evidence ?e } ?policy a ?c . ?c rdfs:subClassOf* kg:Policy
        FILTER NOT EXISTS { GRAPH ?any { ?policy kg:adoptedBy ?by } }
        FILTER NOT EXISTS { GRAPH ?any { ?adoption kg:policy ?policy } } }""") == set()


# Other errors: inferred years carried no date note, although the README says inferred dates are flagged.

INFERRED = ["statement-2019-05-15-putin-fire-brigade", "tenure-trump-president-of-the-united-states-2019",
            "tenure-mueller-special-counsel-2019", "arms-purchase-turkey-f-35", "dispute-turkey-us-s-400",
            "economic-change-2019-iran-oil-exports-drop", "opposition-2019-russia-curbs-iran-in-syria",
            "opposition-us-saudi-israeli-axis-iran", "arms-request-iran-russia-s-400-2019"]


def test_every_inferred_year_carries_a_date_note(graph):
    """AJ gives "May 15", "in March" and the present tense of an undated June 2019 article; EF "December 20"."""
    noted = rows(graph, f"SELECT ?fact WHERE {{ GRAPH {AJ} {{ ?fact kg:dateNote ?note }} }}")
    assert {f"kgr:{name}" for name in INFERRED} - {fact for (fact,) in noted} == set()
    assert rows(graph, f"SELECT ?note WHERE {{ GRAPH {EF} {{ kgr:tenure-zanganeh-oil-minister-2020 kg:dateNote ?note }} }}") != set()


# Other errors: the "deal of the century" had itself as its purpose.

def test_the_deal_of_the_century_is_not_its_own_purpose(graph):
    """AJ ¶6 says the US seeks "to pull off the “deal of the century” in Palestine" and gives the plan no purpose of
    its own: a US policy about Palestine, with no kg:purpose (an initiative would need one)."""
    assert rows(graph, "SELECT ?p WHERE { GRAPH ?g { kgr:Deal_of_the_century kg:purpose ?p } }") == set()
    assert rows(graph, f"SELECT ?by ?about WHERE {{ GRAPH {AJ} {{ kgr:Deal_of_the_century kg:adoptedBy ?by ; kg:about ?about }} }}") == {
        ("kgr:United_States", "kgr:Palestine")}


# Other errors: "pre-election interviews" bounds the date from above; it does not give the year.

def test_bidens_biggest_threat_remark_is_bounded_by_the_election_not_dated(graph):
    assert rows(graph, f"SELECT ?d WHERE {{ GRAPH {EF} {{ kgr:statement-2020-biden-russia-biggest-threat kg:date ?d }} }}") == set()
    assert rows(graph, f"SELECT ?latest WHERE {{ GRAPH {EF} {{ kgr:statement-2020-biden-russia-biggest-threat kg:latestDate ?latest }} }}") == {
        (f'"2020-11"^^<{XSD}gYearMonth>',)}


# Other errors: "recently" in an essay of December 2020 – January 2021 does not give the year 2020.

def test_salehis_recent_remark_is_bounded_by_the_essay_not_dated_2020(graph):
    assert rows(graph, f"""SELECT ?fact ?p ?d WHERE {{ GRAPH {EF} {{ ?fact ?p ?d FILTER(?p IN (kg:date, kg:asOf)) }}
        FILTER(?fact IN (kgr:statement-2020-salehi-iran-buckle-of-belt, kgr:tenure-salehi-head-of-aeoi-2020)) }}""") == set()
    assert rows(graph, f"""SELECT ?fact ?d WHERE {{ GRAPH {EF} {{ ?fact kg:latestDate|kg:asOfLatest ?d }}
        FILTER(?fact IN (kgr:statement-2020-salehi-iran-buckle-of-belt, kgr:tenure-salehi-head-of-aeoi-2020)) }}""") == {
        ("kgr:statement-2020-salehi-iran-buckle-of-belt", ESSAY_TO), ("kgr:tenure-salehi-head-of-aeoi-2020", ESSAY_TO)}


# Section 2 of the audit (partial representations) and section 3 (misses), where the vocabulary now holds them.

def test_the_risk_of_a_us_block_on_turkeys_f35_is_a_possible_refusal(graph):
    """AJ26, AJ ¶11: "…facing the risk of its acquisition of US-made F-35 fighter jets being blocked"."""
    assert rows(graph, f"""SELECT ?supplier ?status ?cause WHERE {{ GRAPH {AJ} {{ ?e a kg:ArmsRefusal ; kg:recipient kgr:Turkey ;
        kg:weapon kgr:F-35 ; kg:supplier ?supplier ; kg:epistemicStatus ?status ; kg:cause ?cause }} }}""") == {
        ("kgr:United_States", "kg:Hypothetical", "kgr:dispute-turkey-us-s-400")}


def test_the_sanctions_cause_irans_lost_oil_output(graph):
    """AJ36, AJ ¶15: "the volume of oil Iran cannot produce due to the sanctions"."""
    assert rows(graph, f"SELECT ?who WHERE {{ GRAPH {AJ} {{ ?e a kg:EconomicChange ; kg:cause kgr:US_sanctions_on_Iran ; kg:affects ?who }} }}") == {
        ("kgr:Iran",)}


def test_the_jerusalem_meeting_prediction_is_a_predicted_event(graph):
    """AJ15, AJ ¶7: "…which they will likely move forward in the upcoming trilateral meeting"."""
    assert rows(graph, f"""SELECT ?who ?by WHERE {{ GRAPH {AJ} {{ ?e a kg:Cooperation ; kg:epistemicStatus kg:Predicted ;
        kg:participant ?who ; kg:claimedBy ?by }} }}""") == {
        ("kgr:United_States", "kgr:Aljazeera_2019_author"), ("kgr:Russia", "kgr:Aljazeera_2019_author")}


def test_rouhanis_government_seeks_a_compromise_with_the_biden_administration(graph):
    """EF74, EF ¶34: "Rouhani’s efforts to rehabilitate the JCPOA and lift sanctions through compromise with
    Biden’s administration"; both governments are actors, apart from their states."""
    assert rows(graph, f"""SELECT ?who ?state WHERE {{ GRAPH {EF} {{ ?n a kg:Negotiation ; kg:about kgr:JCPOA ; kg:participant ?who .
        ?who kg:governmentOf ?state }} }}""") == {
        ("kgr:Rouhani_government", "kgr:Iran"), ("kgr:Biden_administration", "kgr:United_States")}


def test_the_hardliners_balancing_act_is_a_claim(graph):
    """EF77, EF ¶34: "…they would face a difficult balancing act…"."""
    assert rows(graph, f"SELECT ?status WHERE {{ GRAPH {EF} {{ kgr:claim-eftekhari-2021-hardliners-balancing-act kg:epistemicStatus ?status ; kg:claimedBy kgr:Fardin_Eftekhari }} }}") == {
        ("kg:Predicted",)}


# Other errors: the EF source's title was a curator's placeholder.

def test_the_essay_has_its_published_title(graph):
    """The page's address gives the title; the scraped text has none."""
    assert rows(graph, f"SELECT ?title WHERE {{ GRAPH {EF} {{ {EF} dcterms:title ?title }} }}") == {
        ("Is Russia Preparing to Get Closer to Iran in the Biden Era?",)}


# Entities the audit asks to revise (section 5).

def test_the_iaea_is_not_an_organ_of_the_un(graph):
    """The IAEA is an autonomous organisation in the UN system, not part of the UN."""
    assert rows(graph, "SELECT ?whole WHERE { kgr:IAEA kg:partOf ?whole }") == set()


def test_the_european_powers_negotiating_with_iran_are_not_the_european_countries_russia_interferes_in(graph):
    """AJ ¶24 "Russian interference in the domestic affairs of other European countries"; EF ¶25 "Iran’s
    presumptive future non-nuclear negotiations with U.S. and European powers": two referents, two entities."""
    assert rows(graph, f"SELECT ?whom WHERE {{ GRAPH {AJ} {{ ?e a kg:Interference ; kg:agent kgr:Russia ; kg:counterpart ?whom }} }}") == {
        ("kgr:European_countries",)}
    assert rows(graph, f"SELECT ?n WHERE {{ GRAPH {EF} {{ ?n a kg:Negotiation ; kg:participant kgr:European_powers }} }}") == {
        ("kgr:prop-ef-russia-in-future-non-nuclear-talks",)}
    assert rows(graph, 'SELECT ?e WHERE { ?e skos:altLabel "European countries"@en }') == set()


def test_names_are_names_not_evaluations_or_other_things(graph):
    """"illegal U.S. sanctions" is Moscow's or the author's judgement (EF ¶22), not a name of the sanctions;
    Arab-Israeli normalisation (EF ¶31, ¶34) is a process, not the Abraham Accords; Donbas is part of eastern
    Ukraine and neither article uses the word."""
    for name in ("illegal U.S. sanctions against Iran", "Arab-Israeli normalization", "Donbas"):
        assert rows(graph, f'SELECT ?e WHERE {{ ?e skos:altLabel "{name}"@en }}') == set(), name


def test_the_accusation_against_rouhanis_government_is_about_the_eastern_powers(graph):
    """EF ¶33 "…not paying enough attention to Eastern powers like Russia and China"."""
    assert rows(graph, f"SELECT ?about WHERE {{ GRAPH {EF} {{ ?e a kg:Accusation ; kg:counterpart kgr:Rouhani_government ; kg:about ?about }} }}") == {
        ("kgr:Eastern_powers",)}
