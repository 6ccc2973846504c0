"""Canned-query headers, parameter types, and what pyoxigraph's `substitutions=` really binds.

The substitution tests compare each construct run with a bound parameter against the same query
with the value written into the text: where they agree the construct is safe to use in canned
queries; the one place they differ (a bare BIND) is refused by the header checks.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query.canned import Param, bind, parse_file, term_for
from kg.errors import InputError, NotFound, UsageError
from kg.project import Project
from kg.store.graph import load_in_memory

from tests.support.canned_cases import SUBSTITUTED, VALUE, rows
from tests.support.query_project import make_query_project

KG = "https://w3id.org/geokg/ontology#"
KGR = "https://w3id.org/geokg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
HEADER = """# title: Which events concern a weapon?
# description: Events about ?weapon,
# description: with their date.
# param: weapon kg:WeaponSystem the weapon system, e.g. Trident
# param: since date the first date, default 2020
# returns: event date
"""
BODY = """SELECT ?weapon ?since ?event ?date WHERE {
  ?event kg:weapon ?weapon ; kg:date ?date .
  FILTER(STR(?date) >= STR(?since))
}
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return load_in_memory(Project(make_query_project(tmp_path_factory.mktemp("canned") / "project")))


def write(tmp_path: Path, text: str, name: str = "question.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_is_parsed_into_title_description_params_and_returns(tmp_path):
    query = parse_file(write(tmp_path, HEADER + BODY))
    assert query.name == "question" and query.form == "SELECT"
    assert query.title == "Which events concern a weapon?"
    assert query.description == "Events about ?weapon, with their date."
    assert query.params == (
        Param("weapon", KG + "WeaponSystem", "the weapon system", "Trident", None),
        Param("since", "date", "the first date", "2020", "2020"),
    )
    assert query.returns == ("event", "date")


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (("# title: Which events concern a weapon?\n", ""), "the header has no '# title:' line", 1),
        (("# returns: event date\n", "# returns: event\n"), "does not match the columns the query gives: event date", None),
        (("e.g. Trident", "for instance Trident"), "write '# param: NAME TYPE description, e.g. EXAMPLE'", 4),
        (("kg:WeaponSystem", "weapon"), "parameter type 'weapon' is not one of IRI, string, date, integer", 4),
        (("# returns:", "# result:"), "a header line must be", 6),
        (("SELECT ?weapon ?since", "SELECT ?since"), "parameter ?weapon must be listed in the SELECT clause", None),
        (("FILTER(STR(?date) >= STR(?since))", "FILTER(BOUND(?date))"), "parameter since is declared but ?since is not used", None),
        (("FILTER(STR(?date) >= STR(?since))", "BIND(?since AS ?from) FILTER(STR(?date) >= STR(?from))"),
         "BIND(?since AS …) is left unbound by pyoxigraph", 9),
    ],
)
def test_header_mistakes_are_reported_with_the_file(tmp_path, change, message, line):
    old, new = change
    text = (HEADER + BODY).replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert message in caught.value.message
    assert caught.value.path == str(path) and caught.value.line == line


def test_bind_resolves_names_fills_defaults_and_types_values(graph, tmp_path):
    query = parse_file(write(tmp_path, HEADER + BODY))
    terms = bind(graph, query, {"weapon": "trident"})
    assert terms == {
        "weapon": ox.NamedNode(KGR + "Trident-9"),
        "since": ox.Literal("2020", datatype=ox.NamedNode(XSD + "gYear")),
    }


@pytest.mark.parametrize(
    ("kind", "value", "term"),
    [
        ("date", "2019", ox.Literal("2019", datatype=ox.NamedNode(XSD + "gYear"))),
        ("date", "2019-05", ox.Literal("2019-05", datatype=ox.NamedNode(XSD + "gYearMonth"))),
        ("date", "2019-05-14", ox.Literal("2019-05-14", datatype=ox.NamedNode(XSD + "date"))),
        ("integer", "+007", ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))),
        ("string", 'x" || true || "', ox.Literal('x" || true || "')),
        ("IRI", "kgr:Mu", ox.NamedNode(KGR + "Mu")),
        ("IRI", f"<{KGR}Mu>", ox.NamedNode(KGR + "Mu")),
        ("IRI", "poseidonia", ox.NamedNode(KGR + "Poseidonia")),  # the exact label beats the state's alt-label
        (KG + "State", "poseidonia", ox.NamedNode(KGR + "Atlantis")),  # unless the class rules the city out
    ],
)
def test_each_parameter_type_gives_a_typed_term(graph, kind, value, term):
    assert term_for(graph, Param("p", kind, "", value), value) == term


@pytest.mark.parametrize(
    ("kind", "value", "error", "message"),
    [
        ("date", "2019-5", UsageError, "-p p: '2019-5' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("date", "2019-02-29", UsageError, "-p p: '2019-02-29' is not a date"),
        ("integer", "1e3", UsageError, "-p p: '1e3' is not a whole number"),
        ("IRI", "the Islands", UsageError, "-p p: 'the Islands' names 2 entities: kgr:Lemuria (Lemuria), kgr:Mu (Mu)"),
        ("IRI", "kgr:Nowhere", InputError, "-p p: nothing in the graph has the IRI kgr:Nowhere"),
    ],
)
def test_bad_parameter_values(graph, kind, value, error, message):
    with pytest.raises(error) as caught:
        term_for(graph, Param("p", kind, "", value), value)
    assert caught.value.message.startswith(message)


# ---------------------------------------------------------------- what substitutions= binds

def inlined(query: str) -> str:
    """The query with the value written in, and ?v taken out of the projection."""
    head, body = query.split(" WHERE ", 1)
    head = head.replace(" ?v", "").replace("SELECT ?v ", "SELECT ")
    body = body.replace("SELECT ?e ?v", "SELECT ?e").replace("GROUP BY ?v", "").replace("?v", f"<{VALUE.value}>")
    return f"{head} WHERE {body}"


@pytest.mark.parametrize("construct", list(SUBSTITUTED))
def test_a_substituted_parameter_acts_as_if_written_in(graph, construct):
    query = SUBSTITUTED[construct]
    bound = graph.query(query, substitutions={ox.Variable("v"): VALUE})
    if construct == "GROUP BY":  # the written-in query cannot group by a constant: compare the count
        assert [str(s["n"]) for s in bound] == ['"3"^^<http://www.w3.org/2001/XMLSchema#integer>']
        return
    written = graph.query(inlined(query))
    assert rows(bound) == rows(written)


def test_a_bare_bind_of_a_parameter_stays_unbound(graph):
    """Why canned headers refuse BIND(?param AS ?x): pyoxigraph 0.5 leaves ?x unbound there.

    If an upgrade makes this fail, the engine binds it now and the rule in kg/query/canned.py can go.
    """
    query = "SELECT ?e ?s ?v WHERE { ?e kg:weapon ?w BIND(?v AS ?s) }"
    bound = graph.query(query, substitutions={ox.Variable("v"): VALUE})
    assert {s["s"] for s in bound} == {None}


def test_a_parameter_must_be_projected(graph):
    """Why canned SELECTs list their parameters: pyoxigraph refuses to bind an unprojected variable."""
    with pytest.raises(RuntimeError, match="does not contains variable"):
        graph.query("SELECT ?e WHERE { ?e kg:weapon ?v }", substitutions={ox.Variable("v"): VALUE})


def test_a_subquery_that_hides_the_parameter_does_not_see_it(graph):
    """Documented limit: inside a subquery that does not project ?v, ?v is a different variable."""
    query = "SELECT ?e ?v WHERE { { SELECT ?e WHERE { ?e kg:weapon ?v } } }"
    bound = graph.query(query, substitutions={ox.Variable("v"): VALUE})
    hidden = graph.query("SELECT ?e WHERE { ?e kg:weapon ?any }")
    assert rows(bound) == rows(hidden)


# ---------------------------------------------------------------- names, read in the engine

@pytest.fixture(scope="module")
def named_graph(tmp_path_factory):
    """The query fixture with a name whose case folding is not its lower case (ß folds to ss)."""
    project = make_query_project(tmp_path_factory.mktemp("names") / "project")
    with (project / "data" / "entities.ttl").open("a", encoding="utf-8") as out:
        out.write('\nkgr:Strait_Works a kg:Organization ;\n    rdfs:label "Große Straße Werke"@de .\n')
    return load_in_memory(Project(project))


@pytest.mark.parametrize("value", ["Große Straße Werke", "GROSSE STRASSE WERKE", "grosse straße werke"])
def test_a_name_matches_as_python_casefolds_it(named_graph, value):
    assert term_for(named_graph, Param("p", "IRI", "", value), value) == ox.NamedNode(KGR + "Strait_Works")


def test_an_ascii_name_matches_in_any_case_and_a_class_narrows_it(named_graph):
    assert term_for(named_graph, Param("p", "IRI", "", "LEMURIA"), "LEMURIA") == ox.NamedNode(KGR + "Lemuria")
    with pytest.raises(NotFound, match="no kg:WeaponSystem in the graph is named 'Lemuria'"):
        term_for(named_graph, Param("p", KG + "WeaponSystem", "", "Lemuria"), "Lemuria")


def test_a_name_stated_only_in_the_ontology_names_no_entity(named_graph):
    with pytest.raises(NotFound, match="nothing in the graph is named 'weapon system'"):
        term_for(named_graph, Param("p", "IRI", "", "weapon system"), "weapon system")
