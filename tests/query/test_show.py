"""kg show: an entity's card, its facts with date, source and quote, its links; names resolved
by label, alternative label, prefixed name or IRI; unknown and ambiguous names."""

from __future__ import annotations

import json

import pytest

from tests.support.query_project import make_query_project


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    return make_query_project(tmp_path_factory.mktemp("show") / "project")


def test_text_report_of_an_entity(kg, fixture_project):
    result = kg("-C", fixture_project, "show", "Poseidonia")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == (
        "Poseidonia  (kgr:Poseidonia)\n"
        "  type         kg:City\n"
        "\n"
        "Facts (1)\n"
        "\n"
        "2020-01  Stone–Reed meeting in Poseidonia, January 2020\n"
        "  fact         kgr:meeting-2020-01-stone-reed  (kg:Meeting)\n"
        "  role         place\n"
        "  participant  Ada Stone (kgr:Ada_Stone)\n"
        "  participant  Bo Reed (kgr:Bo_Reed)\n"
        "  source       src:wave-2020-atlantis\n"
        "  evidence     “Ada Stone received Bo Reed in Poseidonia in January 2020.”\n"
        "\n"
        "Links (1)\n"
        "  Poseidonia  locatedIn  Atlantis  [entities]\n"
    )


def test_json_report_has_every_fact_sorted_by_date_with_roles_status_and_evidence(kg, fixture_project):
    result = kg("-C", fixture_project, "show", "kgr:Trident-9", "-f", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["name"], report["label"], report["alt_labels"], report["types"]) == (
        "kgr:Trident-9", "Trident-9", ["Trident"], ["kg:WeaponSystem"],
    )
    assert [(f["date"], f["node"], f["source"]) for f in report["facts"]] == [
        ("2020-01-15", "kgr:arms-request-2020-lemuria-trident", "src:wave-2020-atlantis"),
        ("2020-02", "kgr:arms-refusal-2020-atlantis-lemuria", "src:wave-2020-atlantis"),
        ("2021", "kgr:arms-purchase-2021-mu-trident", "src:tide-2021-mu"),
    ]
    refusal = report["facts"][1]
    assert refusal["classes"] == ["kg:ArmsRefusal"] and refusal["entity_roles"] == ["kg:weapon"]
    assert refusal["participants"] == [
        {"role": "kg:recipient", "name": "kgr:Lemuria", "label": "Lemuria"},
        {"role": "kg:supplier", "name": "kgr:Atlantis", "label": "Atlantis"},
    ]
    assert refusal["status"] == "reported"
    assert refusal["claimed_by"] == [{"name": "kgr:Daily_Wave", "label": "Daily Wave"}]
    assert refusal["evidence"] == [
        'The Daily Wave reported that Atlantis refused to sell Lemuria the Trident-9 | "no, never" & <not now>.'
    ]
    assert [(link["subject"]["name"], link["predicate"], link["object"]["name"]) for link in report["links"]] == [
        ("kgr:Trident-9", "kg:category", "kgr:Missile_system"),
        ("kgr:Trident-9", "kg:countryOfOrigin", "kgr:Atlantis"),
    ]


def test_tenure_dates_say_which_date_they_are(kg, fixture_project):
    result = kg("-C", fixture_project, "show", "Ada", "Stone", "-f", "json")
    tenure = next(f for f in json.loads(result.stdout)["facts"] if f["classes"] == ["kg:Tenure"])
    assert (tenure["date"], tenure["date_property"], tenure["entity_roles"]) == ("2020-01", "kg:asOf", ["kg:holder"])
    assert tenure["when"] == "as of 2020-01"  # in office then, not from then
    text = kg("-C", fixture_project, "show", "Ada", "Stone").stdout
    assert "\nas of 2020-01  " in text


def test_links_from_a_source_and_the_card_of_a_state(kg, fixture_project):
    report = json.loads(kg("-C", fixture_project, "show", "daily wave", "-f", "json").stdout)
    assert [(f["node"], f["entity_roles"]) for f in report["facts"]] == [
        ("kgr:arms-refusal-2020-atlantis-lemuria", ["kg:claimedBy"]),
    ]
    assert [(l["subject"]["name"], l["predicate"], l["graph"]) for l in report["links"]] == [
        ("src:wave-2020-atlantis", "dcterms:publisher", "src:wave-2020-atlantis"),
    ]
    atlantis = json.loads(kg("-C", fixture_project, "show", "Atlantean government", "-f", "json").stdout)
    assert atlantis["wikidata"] == "Q90000001" and atlantis["comment"].startswith("A fictional state")
    assert len(atlantis["facts"]) == 3  # supplier of the request, the refusal and the purchase


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("poseidonia", "kgr:Poseidonia"),  # an exact label beats Atlantis's alternative label
        ("ATLANTEAN GOVERNMENT", "kgr:Atlantis"),
        ("<https://w3id.org/geokg/resource/Mu>", "kgr:Mu"),
        ("https://w3id.org/geokg/resource/Mu", "kgr:Mu"),
    ],
)
def test_names_are_resolved_without_regard_to_case(kg, fixture_project, name, iri):
    result = kg("-C", fixture_project, "show", name, "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["name"] == iri


def test_an_unknown_name_exits_3_with_the_closest_names(kg, fixture_project):
    result = kg("-C", fixture_project, "show", "Atlantys")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == (
        "kg: error: nothing in the graph is named 'Atlantys'; closest names: Atlantis (kgr:Atlantis)\n"
    )


def test_an_ambiguous_name_exits_2_with_the_candidates(kg, fixture_project):
    result = kg("-C", fixture_project, "show", "the", "islands")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "kg: error: 'the islands' names 2 entities: kgr:Lemuria (Lemuria), kgr:Mu (Mu); "
        "use the prefixed name of the one you mean\n"
    )


def test_a_malformed_iri_is_a_usage_error(kg, fixture_project):
    result = kg("-C", fixture_project, "show", '<http://x/"a>')
    assert result.exit_code == 2 and result.stderr == "kg: error: '<http://x/\"a>' is not a valid IRI\n"


def test_an_unknown_iri_exits_3(kg, fixture_project):
    result = kg("-C", fixture_project, "show", "kgr:Nowhere")
    assert result.exit_code == 3 and result.stderr == "kg: error: nothing in the graph has the IRI kgr:Nowhere\n"


def test_show_on_the_shipped_data_finds_the_state_behind_a_metonym(kg):
    from tests.support.paths import REPO

    result = kg("-C", REPO, "show", "the Kremlin", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["name"] == "kgr:Russia"


# Ontology v2 on the shipped data: what a claim puts forward, whose belief it is, and dates read as what they mean.

def test_a_belief_shows_its_holder_apart_from_its_claimant_and_its_typed_content(kg):
    """EF ¶8: the author (claimant) says Moscow (holder) sees the US withdrawal and the peace deals as an
    opportunity for deepening alignment with Iran (the content: a hypothetical improvement of relations)."""
    from tests.support.paths import REPO

    report = json.loads(kg("-C", REPO, "show", "kgr:claim-eftekhari-2021-trump-legacies-opportunity", "-f", "json").stdout)
    (fact,) = report["facts"]
    assert [r["name"] for r in fact["held_by"]] == ["kgr:Russia"]
    assert [r["name"] for r in fact["claimed_by"]] == ["kgr:Fardin_Eftekhari"]
    (content,) = fact["content"]
    assert (content["node"], content["classes"], content["status"]) == (
        "kgr:prop-ef-russia-iran-deeper-alignment", ["kg:RelationsImprovement"], "hypothetical")
    assert {(r["role"], r["name"]) for r in content["roles"]} == {
        ("kg:participant", "kgr:Iran"), ("kg:participant", "kgr:Russia"),
        ("kg:cause", "kgr:withdrawal-us-jcpoa"), ("kg:cause", "kgr:Abraham_Accords")}
    text = kg("-C", REPO, "show", "kgr:claim-eftekhari-2021-trump-legacies-opportunity").stdout
    assert "  claimed by   Fardin Eftekhari\n  belief of    Russia\n" in text
    assert "  its roles    cause: Abraham Accords, US withdrawal from the JCPOA; participant: Iran, Russia\n" in text


def test_a_proposition_names_its_claim_and_a_report_on_nobodys_word_says_so(kg):
    """EF ¶21 "Reportedly, Russia… acts like a tireless “firefighter”…": nobody is named as the source."""
    from tests.support.paths import REPO

    text = kg("-C", REPO, "show", "kgr:prop-ef-russia-restrains-iran").stdout
    assert "  content of   Claim (Eftekhari 2021): Russia reportedly acts as a 'firefighter' restraining Iran\n" in text
    assert "  claimed by   nobody named\n" in text


def test_an_office_elect_is_shown_out_of_office_as_of_the_essays_date(kg):
    """EF ¶9 "president-elect Joe Biden", in an essay of 20 December 2020 – 20 January 2021."""
    from tests.support.paths import REPO

    text = kg("-C", REPO, "show", "Joe Biden").stdout
    assert ("as of between 2020-12-20 and 2021-01-20  Joe Biden, president-elect of the United States (late 2020)\n"
            "  fact         kgr:designation-biden-president-elect-2020  (kg:OfficeDesignation)\n") in text
    assert "  in office    no: chosen for the office, not yet in it\n" in text
    assert "not after 2020-11  Biden calls Russia the 'biggest threat' to the US, 2020\n" in text


def test_a_source_lists_its_facts_in_the_order_of_its_text(kg):
    """The Eftekhari essay read by hand: Zarif's 'unprecedented in history' (paragraph 33) comes
    before Zanganeh's meeting in Moscow (paragraph 37)."""
    from tests.support.paths import REPO

    report = json.loads(kg("-C", REPO, "show", "src:eftekhari-2021-russia-iran", "-f", "json").stdout)
    offsets = [f["offset"] for f in report["facts"]]
    assert report["text_order"] and None not in offsets and offsets == sorted(offsets)
    labels = [f["label"] for f in report["facts"]]
    assert labels.index("Zarif: Iran's relations with Russia are 'unprecedented in history'") < \
        labels.index("Zanganeh meets Russian energy officials in Moscow, 20 December 2020")
    text = kg("-C", REPO, "show", "src:eftekhari-2021-russia-iran").stdout
    assert "\nFacts (119), in the order of the text\n" in text


def test_an_entity_that_is_not_a_source_keeps_date_order(kg, fixture_project):
    report = json.loads(kg("-C", fixture_project, "show", "kgr:Trident-9", "-f", "json").stdout)
    assert not report["text_order"]
    assert "in the order of the text" not in kg("-C", fixture_project, "show", "Poseidonia").stdout


@pytest.mark.parametrize("name", ["kgr:Fardin_Eftekhari", "kgr:prop-ef-russia-restrains-iran", "kgr:Caspian_Sea"])
def test_claim_parts_are_read_only_for_the_facts_of_the_entity_shown(name):
    """A claim's content and claimant are looked up for the entity's own facts (or the entity itself), not
    for every claim in the graph: a UNION branch binding ?fact from the pre-bound ?entity once matched every
    claim, which made each entity page read the whole graph's propositions (4x slower, 15 pages/s under load)."""
    import pyoxigraph as ox

    from kg.limits import Limits
    from kg.namespaces import expand
    from kg.project import find_project
    from kg.query import show_claims
    from kg.store.build import open_graph
    from tests.support.paths import REPO

    graph = open_graph(find_project(REPO), None, Limits())
    entity = ox.NamedNode(expand(name))
    linked = {r["fact"] for r in graph.query("SELECT ?entity ?fact WHERE { GRAPH ?g { ?fact ?p ?entity } }",
                                              substitutions={ox.Variable("entity"): entity})} | {entity}
    for lookup in (show_claims.contents, show_claims.claims_of):
        found, _ = lookup(graph, str(entity))
        assert {fact for fact, _graph in found} <= linked
    if name == "kgr:prop-ef-russia-restrains-iran":  # the entity is itself the proposition of a claim
        assert show_claims.claims_of(graph, str(entity))[0]
    nowhere = str(ox.NamedNode(expand("kgr:No_such_entity")))
    assert show_claims.contents(graph, nowhere)[0] == {} and show_claims.claims_of(graph, nowhere)[0] == {}
