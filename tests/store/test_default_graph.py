"""The default graph queries see: each triple once (set semantics), the inferred closure in it,
each source still apart through GRAPH; the same in memory and in an on-disk store."""

from __future__ import annotations

import json

import pytest

from kg.project import Project
from kg.store.build import open_graph

INFERRED = "https://w3id.org/geokg/graph/inferred"
SRC = "https://w3id.org/geokg/source/"

# A second article that restates one fact of the shipped data (that the US sanctions target Iran,
# which both shipped articles already state) and states a new meeting.
SECOND_SOURCE = """\
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix kgr: <https://w3id.org/geokg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix src: <https://w3id.org/geokg/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

src:made-up-2024-meeting a kg:Source ;
    rdfs:label "Made-up test article: a meeting in Moscow"@en ;
    dcterms:date "2024-03-01"^^xsd:date ;
    dcterms:title "A meeting in Moscow (made up for a test)" ;
    kg:genre "news" .

kgr:US_sanctions_on_Iran kg:targets kgr:Iran .

kgr:meeting-2024-03-01-made-up a kg:Meeting ;
    rdfs:label "Made-up meeting of Russia and Iran, 1 March 2024"@en ;
    kg:date "2024-03-01"^^xsd:date ;
    kg:participant kgr:Iran, kgr:Russia ;
    kg:evidence "Russian and Iranian officials met in Moscow on 1 March, a made-up article says." ;
    kg:source src:made-up-2024-meeting .
"""
MEETING = "https://w3id.org/geokg/resource/meeting-2024-03-01-made-up"


def count(graph, sparql: str) -> int:
    return int(next(iter(graph.query(sparql)))["n"].value)


@pytest.fixture(params=["memory", "store"])
def opened(request, tmp_path):
    """A way to open a project's graph: in memory, or through an on-disk store (built when stale)."""
    store_dir = tmp_path / "store" if request.param == "store" else None
    return lambda project: open_graph(Project(project), store_dir)


def test_a_triple_two_sources_state_is_one_row_and_each_source_is_still_seen(project, opened):
    """On the shipped graph 5,047 distinct triples are stated in 5,051 places: both articles state
    that Putin said Russia is not a fire brigade (the statement's type, label and speaker) and that
    the US sanctions target Iran. Outside GRAPH each is one row; GRAPH ?g still names both sources."""
    graph = opened(project)
    stated = count(graph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    distinct = count(graph, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    inferred = int(next(iter(graph.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}",
                                         **graph.dataset(inferred=True))))["n"].value)
    assert inferred > 0
    assert (stated, distinct) == (5051, 5047)
    assert count(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == distinct + inferred
    assert count(graph, "SELECT (COUNT(*) AS ?n) WHERE { kgr:US_sanctions_on_Iran kg:targets ?o }") == 1
    sources = {row["g"].value for row in graph.query("SELECT ?g WHERE { GRAPH ?g { kgr:US_sanctions_on_Iran kg:targets kgr:Iran } }")}
    assert sources == {SRC + "aljazeera-2019-russia-iran", SRC + "eftekhari-2021-russia-iran"}


def test_a_third_source_restating_a_triple_adds_a_graph_not_a_row(project, opened):
    (project / "data" / "sources" / "made-up-2024-meeting.ttl").write_text(SECOND_SOURCE, encoding="utf-8")
    graph = opened(project)
    assert count(graph, "SELECT (COUNT(*) AS ?n) WHERE { kgr:US_sanctions_on_Iran kg:targets kgr:Iran }") == 1
    assert count(graph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { kgr:US_sanctions_on_Iran kg:targets kgr:Iran } }") == 3
    every = count(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert every == count(graph, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")


@pytest.mark.parametrize("cls, expected", [
    # Read off the ontology's hierarchy (ontology/geokg.ttl, v0.2) and the types the data asserts;
    # each node is counted once, whatever number of its types fall under the class.
    # kg:Event: 14 statements and 2 reports (kg:Report under kg:Statement), 9 supports, 6 conflicts
    # (the four wars typed in the entities graph among them), 7 cooperations, 6 each of negotiations
    # and relations improvements, 5 disputes, 4 each of containments, meetings and relations
    # deteriorations, 3 each of criticisms, economic changes, rejections, signings and arms refusals,
    # 3 oppositions (one also typed kg:Threat), 2 each of accusations, arms purchases, arms requests,
    # close relations, commitment reductions, dependences, elections, proposals and visits, and 1 each
    # of alliance, annexation, arms interest, arms promise, interference, mediation, office
    # designation, policy adoption, protest, restraint, sanctions relief, strategic partnership and
    # withdrawal: 116.
    ("kg:Event", 116),
    # kg:Actor: 18 persons, 12 states, 9 state groups, 4 international organisations, 3 news
    # organisations, 2 administrations, 2 government bodies, 2 military organisations,
    # 2 universities, 1 company, 1 faction: 56.
    ("kg:Actor", 56),
    # kg:Place: 9 regions, 5 cities, 1 venue.
    ("kg:Place", 15),
    # kg:Policy: 5 typed kg:Policy, 2 programmes, 2 sanctions regimes, 1 initiative.
    ("kg:Policy", 10),
    # kg:Agreement: 7 typed kg:Agreement and 2 treaties (the Caspian Convention, the 2001 treaty).
    ("kg:Agreement", 9),
])
def test_superclass_instances_are_there_on_the_shipped_graph(project, opened, cls, expected):
    graph = opened(project)
    assert count(graph, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a {cls} }}") == expected


def test_inverse_sub_property_and_chain_values_are_there(project, opened):
    graph = opened(project)
    assert graph.query("ASK { kgr:statement-2019-05-15-putin-fire-brigade kg:participant kgr:Vladimir_Putin }")  # speaker ⊑ agent ⊑ participant
    assert graph.query("ASK { kgr:Vladimir_Putin kg:involvedIn kgr:statement-2019-05-15-putin-fire-brigade }")  # inverse of participant
    assert not graph.query("ASK { ?t kg:holder ?p FILTER NOT EXISTS { ?p kg:holds ?t } }")  # holder ↔ holds
    assert not graph.query("ASK { ?p kg:holds/kg:office ?o FILTER NOT EXISTS { ?p kg:heldOffice ?o } }")  # the chain


def test_provenance_questions_never_answer_inferred(project, opened, kg):
    graph = opened(project)
    assert count(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?x a kg:Event }") == 116
    assert count(graph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?x a kg:Event } }") == 0  # no graph types a node kg:Event itself
    graphs = {row["g"].value for row in graph.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert SRC + "aljazeera-2019-russia-iran" in graphs and INFERRED not in graphs
    named = kg("-C", project, "query", "-f", "json", f"ASK FROM NAMED <{INFERRED}> {{ GRAPH ?g {{ kgr:Vladimir_Putin kg:involvedIn ?e }} }}")
    assert json.loads(named.stdout)["boolean"] is True  # a query that names the inferred graph reads it


@pytest.mark.parametrize("with_store", [False, True])
def test_a_new_meeting_is_an_event_right_after_kg_add(kg, project, tmp_path, with_store):
    new = tmp_path / "meeting.ttl"
    new.write_text(SECOND_SOURCE.replace("kgr:US_sanctions_on_Iran kg:targets kgr:Iran .\n", ""), encoding="utf-8")
    store = ["--store", str(tmp_path / "store")] if with_store else []
    if with_store:
        assert kg("-C", project, "build", *store).exit_code == 0
    ask = f"ASK {{ <{MEETING}> a kg:Event }}"
    before = kg("-C", project, "query", *store, "-f", "json", ask)
    assert json.loads(before.stdout)["boolean"] is False
    added = kg("-C", project, "add", *store, str(new))
    assert added.exit_code == 0, added.stderr
    after = kg("-C", project, "query", *store, "-f", "json", ask)
    assert after.exit_code == 0 and json.loads(after.stdout)["boolean"] is True
    involved = kg("-C", project, "query", *store, "-f", "json", f"ASK {{ kgr:Russia kg:involvedIn <{MEETING}> }}")
    assert json.loads(involved.stdout)["boolean"] is True


def test_a_stale_data_inferred_ttl_is_reported_by_every_reading_command(kg, project, tmp_path):
    (project / "data" / "inferred.ttl").write_text(
        "<https://w3id.org/geokg/graph/inferred> <http://www.w3.org/ns/prov#wasDerivedFrom> <ni:///sha-256;stale> .\n",
        encoding="utf-8")
    store = ["--store", str(tmp_path / "store")]
    for args in (["build"], ["build", *store], ["query", "ASK { ?s ?p ?o }"], ["query", *store, "ASK { ?s ?p ?o }"],
                 ["show", "Iran"], ["export", "-f", "nt"], ["stats"]):
        result = kg("-C", project, *args)
        assert "data/inferred.ttl is stale" in result.stderr and "run kg check --materialize" in result.stderr, args
