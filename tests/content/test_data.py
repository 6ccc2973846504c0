"""The shipped facts: verbatim evidence, one label per entity, provenance on every fact, and a
sample of facts from each article checked with exact values through SPARQL."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict

import pytest

from kg.store.build import open_graph
from kg.namespaces import SRC, shorten
from kg.project import Project

from tests.support.graph_rows import rows
from tests.support.paths import FIXTURES, REPO

AJ = "src:aljazeera-2019-russia-iran"
EF = "src:eftekhari-2021-russia-iran"


@pytest.fixture(scope="module")
def graph():
    return open_graph(Project(REPO))


# ------------------------------------------------------------------ provenance


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_evidence_string_is_verbatim_text_of_its_article(graph):
    hashes = json.loads((FIXTURES / "evidence-hashes.json").read_text(encoding="utf-8"))
    missing = []
    for s in graph.query("SELECT ?g ?s ?e WHERE { GRAPH ?g { ?s kg:evidence ?e } }"):
        slug = s["g"].value[len(SRC):]
        assert slug in hashes, f"no article text recorded for graph src:{slug}"
        if hashlib.sha256(normalise(s["e"].value).encode("utf-8")).hexdigest() not in hashes[slug]:
            missing.append((shorten(s["s"].value), s["e"].value[:80]))
    assert missing == []


def test_evidence_lives_only_in_source_graphs(graph):
    assert rows(graph, f"""SELECT ?g WHERE {{ GRAPH ?g {{ ?s kg:evidence ?e }} FILTER(!STRSTARTS(STR(?g), "{SRC}")) }}""") == set()


def test_every_fact_node_has_evidence_and_names_its_own_graph_as_source(graph):
    problems = rows(graph, """
        SELECT ?fact WHERE {
          GRAPH ?g { ?fact a ?class }
          GRAPH <https://w3id.org/geokg/graph/ontology> { ?class rdfs:subClassOf* ?top }
          VALUES ?top { kg:Event kg:Tenure kg:Claim }
          FILTER NOT EXISTS { GRAPH ?g { ?fact kg:evidence ?e ; kg:source ?g } }
          FILTER(?g != <https://w3id.org/geokg/graph/entities>)
        }""")
    assert problems == set()


def test_named_wars_are_entities_that_an_article_describes(graph):
    """The four wars the 2019 article names are real-world entities, typed in the entities graph (so a new
    article's kg:inConflict never points at an untyped IRI, audit §5); the article keeps its facts about
    them (place, date, sides) with evidence. No other event is typed in the entities graph."""
    typed = rows(graph, """SELECT ?e ?class WHERE { GRAPH <https://w3id.org/geokg/graph/entities> { ?e a ?class }
        GRAPH <https://w3id.org/geokg/graph/ontology> { ?class rdfs:subClassOf* kg:Event } }""")
    assert typed == {(f"kgr:{w}", "kg:Conflict") for w in ("Russo_Georgian_war", "Syrian_civil_war", "Tajikistan_civil_war", "War_in_Donbas")}
    described = rows(graph, f"SELECT ?e WHERE {{ GRAPH {AJ} {{ ?e kg:evidence ?ev ; kg:source {AJ} }} }}")
    assert {(e,) for e, _ in typed} <= described


def test_every_statement_of_fact_about_an_entity_in_a_source_graph_carries_evidence(graph):
    """Binary facts stated by an article (e.g. a policy's adopter) carry evidence in that article's graph."""
    problems = rows(graph, f"""
        SELECT DISTINCT ?s ?g WHERE {{
          GRAPH ?g {{ ?s ?p ?o }}
          FILTER(STRSTARTS(STR(?g), "{SRC}") && STRSTARTS(STR(?p), STR(kg:)) && ?p != kg:wikidata && ?s != ?g)
          FILTER NOT EXISTS {{ GRAPH ?g {{ ?s kg:evidence ?e ; kg:source ?g }} }}
        }}""")
    assert problems == set()


def test_each_source_names_its_title_genre_and_seed(graph):
    assert rows(graph, "SELECT ?s ?genre ?id WHERE { ?s a kg:Source ; kg:genre ?genre ; dcterms:identifier ?id }") == {
        (AJ, "opinion", "000_da83e1ebf59ca90b"),
        (EF, "analysis", "004_a6980d63f0498410"),
    }


# ------------------------------------------------------------------ names


def test_every_entity_has_exactly_one_english_label(graph):
    counts = rows(graph, """
        SELECT ?s (COUNT(DISTINCT ?l) AS ?n) WHERE {
          GRAPH ?g { ?s a ?class }
          FILTER(?g != <https://w3id.org/geokg/graph/ontology> && ?g != <https://w3id.org/geokg/graph/shapes>)
          OPTIONAL { ?s rdfs:label ?l FILTER(langMatches(lang(?l), "en")) }
        } GROUP BY ?s""")
    wrong = {s for s, n in counts if n != '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    assert wrong == set()


def test_no_two_entities_share_a_label(graph):
    labels = defaultdict(set)
    for s in graph.query("SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l . ?s a ?c FILTER(STRSTARTS(STR(?s), STR(kgr:)) || STRSTARTS(STR(?s), STR(src:))) }"):
        labels[s["l"].value.casefold()].add(shorten(s["s"].value))
    assert {label: subjects for label, subjects in labels.items() if len(subjects) > 1} == {}


def test_metonyms_resolve_to_states_and_cities_stay_cities(graph):
    """'Moscow' the government is kgr:Russia; the city where Zanganeh met Russian officials is kgr:Moscow."""
    assert rows(graph, "SELECT ?place ?class WHERE { kgr:meeting-2020-12-20-zanganeh-russian-energy-officials kg:place ?place . "
                       "GRAPH ?g { ?place a ?class } }") == {  # the asserted class (kg:Place, above it, is inferred)
        ("kgr:Moscow", "kg:City")
    }
    names = rows(graph, "SELECT ?alt WHERE { kgr:Russia skos:altLabel ?alt }")
    assert {('"Moscow"@en',), ('"the Kremlin"@en',)} <= names
    assert ('"Washington"@en',) in rows(graph, "SELECT ?alt WHERE { kgr:United_States skos:altLabel ?alt }")


def test_repeated_paragraphs_give_no_duplicate_facts(graph):
    """Article 004 repeats its first four paragraphs; no two fact nodes may say the same thing.

    A duplicate taken from a repeated paragraph would carry the same class, evidence, summary and
    links as its twin: everything but its label."""
    seen = defaultdict(set)
    for s in graph.query("""
        SELECT ?fact (GROUP_CONCAT(?pair; separator="|") AS ?body) WHERE {
          SELECT ?fact ?pair WHERE {
            GRAPH ?g { ?fact kg:evidence ?e ; ?p ?o }
            FILTER(?p != rdfs:label)
            BIND(CONCAT(STR(?p), "=", STR(?o)) AS ?pair)
          } ORDER BY ?pair
        } GROUP BY ?fact"""):
        seen[s["body"].value].add(shorten(s["fact"].value))
    assert [facts for facts in seen.values() if len(facts) > 1] == []


# ------------------------------------------------------------------ sample facts, article 000 (Al Jazeera, 2019)

SAMPLE_000 = [
    ("Putin and Pompeo met at Bocharov Ruchei on 14 May 2019",
     f"SELECT ?who ?place ?date WHERE {{ GRAPH {AJ} {{ kgr:meeting-2019-05-14-putin-pompeo-sochi kg:participant ?who ; kg:place ?place ; kg:date ?date }} }}",
     {("kgr:Mike_Pompeo", "kgr:Bocharov_Ruchei", '"2019-05-14"^^<http://www.w3.org/2001/XMLSchema#date>'),
      ("kgr:Vladimir_Putin", "kgr:Bocharov_Ruchei", '"2019-05-14"^^<http://www.w3.org/2001/XMLSchema#date>')}),
    ("offices held in May 2019",
     f"SELECT ?who ?office WHERE {{ GRAPH {AJ} {{ ?t a kg:Tenure ; kg:holder ?who ; kg:office ?office ; kg:asOf \"2019-05-14\"^^xsd:date }} }}",
     {("kgr:Vladimir_Putin", "kgr:President_of_Russia"), ("kgr:Mike_Pompeo", "kgr:US_Secretary_of_State")}),
    ("Putin's press conference in Sochi on 15 May 2019",
     f"SELECT ?speaker ?place ?date WHERE {{ GRAPH {AJ} {{ kgr:statement-2019-05-15-putin-fire-brigade kg:speaker ?speaker ; kg:place ?place ; kg:date ?date }} }}",
     {("kgr:Vladimir_Putin", "kgr:Sochi", '"2019-05-15"^^<http://www.w3.org/2001/XMLSchema#date>')}),
    ("Russia's refusal of the S-400 is Bloomberg's report, not the article's fact",
     f"SELECT ?supplier ?recipient ?weapon ?status ?by WHERE {{ GRAPH {AJ} {{ ?e a kg:ArmsRefusal ; kg:weapon kgr:S-400 ; kg:supplier ?supplier ; kg:recipient ?recipient ; kg:weapon ?weapon ; kg:epistemicStatus ?status ; kg:claimedBy ?by }} }}",
     {("kgr:Russia", "kgr:Iran", "kgr:S-400", "kg:Reported", "kgr:Bloomberg")}),
    ("Iran's request for the S-400 is alleged",
     f"SELECT ?status WHERE {{ GRAPH {AJ} {{ ?e a kg:ArmsRequest ; kg:recipient kgr:Iran ; kg:weapon kgr:S-400 ; kg:epistemicStatus ?status }} }}",
     {("kg:Alleged",)}),
    ("who bought, sought or showed interest in the S-400",
     f"SELECT ?class ?who WHERE {{ GRAPH {AJ} {{ ?e a ?class ; kg:recipient ?who ; kg:weapon kgr:S-400 }} FILTER(?class IN (kg:ArmsPurchase, kg:ArmsInterest)) }}",
     {("kg:ArmsPurchase", "kgr:Turkey"), ("kg:ArmsInterest", "kgr:Saudi_Arabia")}),
    ("Turkey's F-35 acquisition from the US is planned and at risk",
     f"SELECT ?supplier ?status WHERE {{ GRAPH {AJ} {{ ?e kg:recipient kgr:Turkey ; kg:weapon kgr:F-35 ; kg:supplier ?supplier ; kg:epistemicStatus ?status }} }}",
     {("kgr:United_States", "kg:Planned"), ("kgr:United_States", "kg:Hypothetical")}),
    ("Gore and Chernomyrdin signed in June 1995",
     f"SELECT ?who ?date WHERE {{ GRAPH {AJ} {{ ?e a kg:Signing ; kg:agreement kgr:Gore_Chernomyrdin_agreement ; kg:signatory ?who ; kg:date ?date }} }}",
     {("kgr:Al_Gore", '"1995-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'),
      ("kgr:Viktor_Chernomyrdin", '"1995-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>')}),
    ("the Gore–Chernomyrdin agreement was secret, with a 1999 deadline",
     f"SELECT ?secret ?deadline WHERE {{ GRAPH {AJ} {{ kgr:Gore_Chernomyrdin_agreement kg:secret ?secret ; kg:deadline ?deadline }} }}",
     {('"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"1999"^^<http://www.w3.org/2001/XMLSchema#gYear>')}),
    ("it cost Russia four billion dollars",
     f"SELECT ?who ?amount ?currency WHERE {{ GRAPH {AJ} {{ ?e a kg:EconomicChange ; kg:cause kgr:Gore_Chernomyrdin_agreement ; kg:affects ?who ; kg:amount ?amount ; kg:currency ?currency }} }}",
     {("kgr:Russia", '"4000000000"^^<http://www.w3.org/2001/XMLSchema#decimal>', "USD")}),
    ("the 2009 reset, agreed by Medvedev and Obama",
     f"SELECT ?who ?date WHERE {{ GRAPH {AJ} {{ ?e a kg:Signing ; kg:agreement kgr:US_Russia_reset ; kg:signatory ?who ; kg:date ?date }} }}",
     {("kgr:Dmitry_Medvedev", '"2009"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
      ("kgr:Barack_Obama", '"2009"^^<http://www.w3.org/2001/XMLSchema#gYear>')}),
    ("Russia refused the S-300 in 2010 because of the reset",
     f"SELECT ?date ?cause WHERE {{ GRAPH {AJ} {{ ?e a kg:ArmsRefusal ; kg:weapon kgr:S-300 ; kg:date ?date ; kg:cause ?cause }} }}",
     {('"2010"^^<http://www.w3.org/2001/XMLSchema#gYear>', "kgr:US_Russia_reset")}),
    ("who supported and who opposed Russia over the 2008 war with Georgia",
     f"SELECT ?class ?agent WHERE {{ GRAPH {AJ} {{ ?e a ?class ; kg:agent ?agent ; kg:counterpart kgr:Russia ; kg:inConflict kgr:Russo_Georgian_war }} }}",
     {("kg:Support", "kgr:Iran"), ("kg:Accusation", "kgr:The_West")}),
    ("the Caspian convention: sponsored by Russia, signed by five states in 2018",
     f"SELECT ?sponsor ?count ?date WHERE {{ GRAPH {AJ} {{ kgr:Caspian_Convention kg:sponsor ?sponsor . ?s kg:agreement kgr:Caspian_Convention ; kg:count ?count ; kg:date ?date }} }}",
     {("kgr:Russia", '"5"^^<http://www.w3.org/2001/XMLSchema#integer>', '"2018"^^<http://www.w3.org/2001/XMLSchema#gYear>')}),
    ("Iranian help in Tajikistan keeps the text's 'mid-1990s'",
     f"SELECT ?note WHERE {{ GRAPH {AJ} {{ ?e kg:inConflict kgr:Tajikistan_civil_war ; kg:agent kgr:Iran ; kg:dateNote ?note }} FILTER NOT EXISTS {{ ?e kg:date ?d }} }}",
     {("mid-1990s",)}),
    ("maximum pressure: a US policy targeting Iran",
     f"SELECT ?by ?target WHERE {{ GRAPH {AJ} {{ kgr:Maximum_pressure kg:adoptedBy ?by ; kg:targets ?target }} }}",
     {("kgr:United_States", "kgr:Iran")}),
    ("the planned Jerusalem meeting of national security advisers",
     f"SELECT ?who ?status WHERE {{ GRAPH {AJ} {{ ?e a kg:Meeting ; kg:place kgr:Jerusalem ; kg:participant ?who ; kg:epistemicStatus ?status }} }}",
     {("kgr:United_States", "kg:Planned"), ("kgr:Russia", "kg:Planned"), ("kgr:Israel", "kg:Planned")}),
    ("parties to the Vienna agreement",
     f"SELECT ?party WHERE {{ GRAPH {AJ} {{ kgr:Vienna_agreement kg:party ?party }} }}",
     {("kgr:Russia",), ("kgr:OPEC",)}),
    ("the author's opinions are claims by the author, not facts",
     f"SELECT DISTINCT ?by ?status WHERE {{ GRAPH {AJ} {{ ?c a kg:Claim ; kg:claimedBy ?by ; kg:epistemicStatus ?status }} }}",
     {("kgr:Aljazeera_2019_author", "kg:Opinion"), ("kgr:Aljazeera_2019_author", "kg:Predicted")}),
]

# ------------------------------------------------------------------ sample facts, article 004 (Eftekhari, 2021)

SAMPLE_004 = [
    ("Zanganeh met Russian energy officials in Moscow on 20 December 2020, the year inferred",
     f"SELECT ?who ?date WHERE {{ GRAPH {EF} {{ kgr:meeting-2020-12-20-zanganeh-russian-energy-officials kg:participant ?who ; kg:date ?date ; kg:dateNote ?note }} FILTER(CONTAINS(?note, \"inferred\")) }}",
     {("kgr:Bijan_Zanganeh", '"2020-12-20"^^<http://www.w3.org/2001/XMLSchema#date>'),
      ("kgr:Russia", '"2020-12-20"^^<http://www.w3.org/2001/XMLSchema#date>')}),
    ("Iranian officials and their offices",
     f"SELECT ?who ?office WHERE {{ GRAPH {EF} {{ ?t a kg:Tenure ; kg:holder ?who ; kg:office ?office }} ?office kg:officeOf kgr:Iran }}",
     {("kgr:Bijan_Zanganeh", "kgr:Oil_Minister_of_Iran"), ("kgr:Ali_Khamenei", "kgr:Supreme_Leader_of_Iran"),
      ("kgr:Javad_Zarif", "kgr:Foreign_Minister_of_Iran"), ("kgr:Hassan_Rouhani", "kgr:President_of_Iran")}),
    ("Salehi heads the AEOI",
     f"SELECT ?office ?org WHERE {{ GRAPH {EF} {{ ?t kg:holder kgr:Ali_Akbar_Salehi ; kg:office ?office }} ?office kg:officeOf ?org }}",
     {("kgr:Head_of_AEOI", "kgr:AEOI")}),
    ("Biden is president-elect",
     f"SELECT ?office ?q WHERE {{ GRAPH {EF} {{ ?t a kg:OfficeDesignation ; kg:designee kgr:Joe_Biden ; kg:office ?office ; kg:qualifier ?q }} }}",
     {("kgr:President_of_the_United_States", "president-elect")}),
    ("Biden called Russia the 'biggest threat' in pre-election interviews, before November 2020",
     f"SELECT ?about ?quote ?medium ?latest WHERE {{ GRAPH {EF} {{ ?s a kg:Statement ; kg:speaker kgr:Joe_Biden ; kg:about ?about ; kg:quote ?quote ; kg:medium ?medium ; kg:latestDate ?latest }} }}",
     {("kgr:Russia", "biggest threat", "pre-election interviews", '"2020-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>')}),
    ("Iran reduced its JCPOA commitments in 2019 in response to the US withdrawal",
     f"SELECT ?agreement ?date ?cause WHERE {{ GRAPH {EF} {{ ?e a kg:CommitmentReduction ; kg:agent kgr:Iran ; kg:agreement ?agreement ; kg:date ?date ; kg:inResponseTo ?w . ?w a kg:Withdrawal ; kg:agent ?cause }} }}",
     {("kgr:JCPOA", '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>', "kgr:United_States")}),
    ("Putin's 'fire brigade' statement is one event quoted by both articles, each in its own graph",
     "SELECT ?g ?quote WHERE { GRAPH ?g { kgr:statement-2019-05-15-putin-fire-brigade kg:quote ?quote } }",
     {(AJ, "Russia is not a fire brigade, we cannot save just anything, which does not fully depend on us. We have played our role … But it does not only depend on us"),
      (EF, "Russia is not a firefighting rescue crew… to save things that are not fully under our control.")}),
    ("the ambassador's words about Israel",
     f"SELECT ?quote WHERE {{ GRAPH {EF} {{ ?s kg:speaker kgr:Anatoly_Viktorov ; kg:quote ?quote }} }}",
     {("is not Iranian activities",), ("destabilizes the Middle East",), ("attacking Hezbollah.",),
      ("Israel must not attack the territories of sovereign UN members,",)}),
    ("Israeli attacks on Hezbollah are Viktorov's claim",
     f"SELECT ?target ?status ?by WHERE {{ GRAPH {EF} {{ kgr:israeli-attacks-on-hezbollah kg:targets ?target ; kg:epistemicStatus ?status ; kg:claimedBy ?by }} }}",
     {("kgr:Hezbollah", "kg:Reported", "kgr:Anatoly_Viktorov")}),
    ("Zarif's thirty visits to Russia, by his own count",
     f"SELECT ?count ?by WHERE {{ GRAPH {EF} {{ ?v a kg:Visit ; kg:visitor kgr:Javad_Zarif ; kg:destination kgr:Russia ; kg:count ?count ; kg:claimedBy ?by }} }}",
     {('"30"^^<http://www.w3.org/2001/XMLSchema#integer>', "kgr:Javad_Zarif")}),
    ("a hardline Iranian government would expect strategic arms from Russia (predicted)",
     f"SELECT ?weapon ?category ?status WHERE {{ GRAPH {EF} {{ ?e a kg:ArmsRequest ; kg:recipient kgr:Iran ; kg:supplier kgr:Russia ; kg:weapon ?weapon ; kg:weaponCategory ?category ; kg:epistemicStatus ?status }} }}",
     {("kgr:S-400", "kgr:Fighter_aircraft", "kg:Predicted"), ("kgr:S-400", "kgr:Air_defence_system", "kg:Predicted")}),
    ("the US-brokered peace deals between Israel and Arab states",
     f"SELECT ?p ?o WHERE {{ GRAPH {EF} {{ kgr:Abraham_Accords ?p ?o FILTER(?p IN (kg:party, kg:sponsor)) }} }}",
     {("kg:party", "kgr:Israel"), ("kg:party", "kgr:Arab_parties_to_the_2020_peace_deals"), ("kg:sponsor", "kgr:United_States")}),
    ("Russia's Persian Gulf initiative and its purpose",
     f"SELECT ?by ?purpose WHERE {{ GRAPH {EF} {{ kgr:Collective_Security_in_the_Persian_Gulf kg:adoptedBy ?by ; kg:purpose ?purpose }} }}",
     {("kgr:Russia", "to prevent any regional conflict")}),
    ("Russia's proposed meetings were rejected by the US and Iran",
     f"SELECT ?who WHERE {{ GRAPH {EF} {{ ?r a kg:Rejection ; kg:agent ?who ; kg:about kgr:proposal-russia-diplomatic-meetings }} }}",
     {("kgr:United_States",), ("kgr:Iran",)}),
    ("the unsigned revision of the 2001 treaty",
     f"SELECT ?of ?start WHERE {{ GRAPH {EF} {{ kgr:Russia_Iran_2001_treaty_revision kg:revisionOf ?of . ?of kg:startDate ?start }} }}",
     {("kgr:Russia_Iran_2001_treaty", '"2001"^^<http://www.w3.org/2001/XMLSchema#gYear>')}),
    ("Kayhan is close to the Supreme Leader",
     f"SELECT ?who WHERE {{ GRAPH {EF} {{ kgr:Kayhan kg:alignedWith ?who }} }}",
     {("kgr:Ali_Khamenei",)}),
    ("the author and his affiliations",
     f"SELECT ?author ?org WHERE {{ GRAPH {EF} {{ {EF} dcterms:creator ?author . ?author kg:affiliation ?org }} }}",
     {("kgr:Fardin_Eftekhari", "kgr:University_of_Tehran"), ("kgr:Fardin_Eftekhari", "kgr:Shahid_Beheshti_University")}),
    ("the essay's date is bounded, not invented",
     f"SELECT ?earliest ?latest WHERE {{ GRAPH {EF} {{ {EF} kg:earliestDate ?earliest ; kg:latestDate ?latest }} FILTER NOT EXISTS {{ {EF} dcterms:date ?d }} }}",
     {('"2020-12-20"^^<http://www.w3.org/2001/XMLSchema#date>', '"2021-01-20"^^<http://www.w3.org/2001/XMLSchema#date>')}),
]


@pytest.mark.parametrize("question,sparql,expected", SAMPLE_000, ids=[q for q, _, _ in SAMPLE_000])
def test_facts_of_the_al_jazeera_article(graph, question, sparql, expected):
    assert rows(graph, sparql) == expected


@pytest.mark.parametrize("question,sparql,expected", SAMPLE_004, ids=[q for q, _, _ in SAMPLE_004])
def test_facts_of_the_eftekhari_essay(graph, question, sparql, expected):
    assert rows(graph, sparql) == expected


def test_the_coverage_table_lists_every_fact_node(graph):
    table = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    unlisted = set()
    for s in graph.query("SELECT DISTINCT ?s ?label WHERE { GRAPH ?g { ?s kg:evidence ?e ; a ?class } ?s rdfs:label ?label }"):
        if s["label"].value not in table:
            unlisted.add(shorten(s["s"].value))
    assert unlisted == set(), "run `python tools/coverage.py` and update data/README.md"
