"""kg validate names the real mistake, at the line and column of the offending triple (issue 19).

The bad inputs are written by hand, as a new user writes them, against the small background
project (tests/support/validate_support). Every expected message and position is read off the
input text here, never taken from the tool's output.
"""

from __future__ import annotations

import json
import re

import pytest

from kg.namespaces import KG, PREFIXES, expand, shorten
from kg.rdf import reading
from kg.rdf.turtle import prefix_lines
from kg.store.ontology import Ontology

from tests.support.paths import REPO
from tests.support.validate_support import background_project, digests, write

HEAD = """@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix kgr: <https://w3id.org/geokg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix src: <https://w3id.org/geokg/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""  # five lines: a file's own text starts on line 6
PEOPLE_AND_STATES = ("owl:AllDisjointClasses (kg:Administration kg:Faction kg:Organization kg:Person "
                     "kg:State kg:StateGroup)")
# `file:line:column: severity: message`, as compilers print it and editors and CI parse it
PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>violation|warning|info): (?P<message>.+)$")


@pytest.fixture(scope="module")
def background(tmp_path_factory):
    return background_project(tmp_path_factory.mktemp("messages") / "project")


def validate(kg, background, path, *options):
    result = kg("-C", background, "validate", path, *options)
    assert result.stderr == ""
    return result


def problem_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if PROBLEM_LINE.match(line)]


# ---------------------------------------------------------------- disjoint types


def test_an_existing_person_typed_as_a_state_names_both_types_where_each_is_stated_and_the_axiom(kg, background, tmp_path):
    path = write(tmp_path / "ada.ttl", HEAD + "\nkgr:Ada_Example a kg:State .\n")
    result = validate(kg, background, path)
    assert result.exit_code == 1
    # line 7, `kgr:Ada_Example a kg:State .`: kg:State starts in column 19; the warning is at the subject
    assert result.stdout.startswith(
        f"{path}:7  kgr:Ada_Example\n"
        f"{path}:7:1: warning: A state should carry its Wikidata ID (kg:wikidata).\n"
        f"{path}:7:19: violation: kgr:Ada_Example is typed kg:State at {path}:7:19 and kg:Person in the graph "
        f"(data/entities.ttl); kg:State and kg:Person are disjoint ({PEOPLE_AND_STATES}): nothing can be both, "
        "so one of the types is wrong [rdf:type]\n")


def test_a_new_node_typed_both_names_both_places_in_the_file(kg, background, tmp_path):
    path = write(tmp_path / "jane.ttl", HEAD + '\nkgr:Jane_Doe a kg:Person,\n        kg:State ;\n    rdfs:label "Jane Doe"@en .\n')
    result = validate(kg, background, path)
    assert result.exit_code == 1
    assert (f"{path}:7:16: violation: kgr:Jane_Doe is typed kg:Person at {path}:7:16 and kg:State at {path}:8:9; "
            f"kg:Person and kg:State are disjoint ({PEOPLE_AND_STATES})") in result.stdout
    assert "A state should carry its Wikidata ID" in result.stdout  # still said, but no longer alone


def test_a_new_person_typed_as_a_state_and_used_as_one_names_the_clash_where_it_is_used(kg, background, tmp_path):
    path = write(tmp_path / "tenure.ttl", HEAD + """
kgr:Carl_Example a kg:State ;
    rdfs:label "Carl Example"@en .

kgr:tenure-carl a kg:Tenure ;
    rdfs:label "Carl Example as President of Alpha"@en ;
    kg:holder kgr:Carl_Example ;
    kg:office kgr:President_of_Alpha ;
    kg:evidence "The background article says that Carl Example is the president of Alpha." ;
    kg:source src:background-article .
""")
    result = validate(kg, background, path)
    assert result.exit_code == 1
    # the holder (line 12, column 15) is a kg:Person by kg:holder's range; kg:State is stated at line 7, column 20
    assert problem_lines(result.stdout) == [
        f"{path}:7:1: warning: A state should carry its Wikidata ID (kg:wikidata).",
        f"{path}:12:15: violation: A tenure needs exactly one kg:holder, a kg:Person. [kgr:Carl_Example]",  # the shape
        f"{path}:12:15: violation: kg:holder takes a kg:Person (its range), but kgr:Carl_Example is typed kg:State at "
        f"{path}:7:20; kg:State and kg:Person are disjoint ({PEOPLE_AND_STATES}): it cannot be one"]


def test_a_subclass_clash_names_the_disjoint_superclass(kg, background, tmp_path):
    path = write(tmp_path / "news.ttl", HEAD + "\nkgr:Example_News a kg:State .\n")
    (line,) = [p for p in problem_lines(validate(kg, background, path).stdout) if "disjoint" in p]
    assert line.startswith(f"{path}:7:20: violation: kgr:Example_News is typed kg:State at {path}:7:20 and "
                           "kg:NewsOrganization in the graph (data/entities.ttl); a kg:NewsOrganization is a "
                           "kg:Organization; kg:State and kg:Organization are disjoint (")


def _disjoint_pairs() -> list[tuple[str, str]]:
    ontology = Ontology.from_triples(reading.parse(reading.read_input(REPO / "ontology" / "geokg.ttl")))
    pairs = [tuple(sorted(axiom.members)[:2]) for axiom in ontology.disjointness]
    assert len(pairs) >= 3  # the ontology has three owl:AllDisjointClasses today
    return pairs


@pytest.mark.parametrize("pair", _disjoint_pairs(), ids="-".join)
def test_every_disjointness_axiom_of_the_ontology_is_named(kg, background, tmp_path, pair):
    first, second = (shorten(c) for c in pair)
    path = write(tmp_path / "both.ttl", HEAD + f"\nkgr:Made_Up_Thing a {first}, {second} .\n")
    result = validate(kg, background, path)
    assert result.exit_code == 1
    column = len("kgr:Made_Up_Thing a ") + 1
    assert (f"{path}:7:{column}: violation: kgr:Made_Up_Thing is typed {first} at {path}:7:{column} and {second} at "
            f"{path}:7:{column + len(first) + 2}; {first} and {second} are disjoint (") in result.stdout


# ---------------------------------------------------------------- a literal where an entity belongs


REQUEST = HEAD + """
kgr:request-beta a kg:ArmsRequest ;
    rdfs:label "Beta asks Alpha for the Shield-9"@en ;
    kg:evidence "The background article says that Beta asked Alpha for the Shield-9." ;
    kg:recipient {recipient} ;
    kg:supplier {supplier} ;
    kg:weapon kgr:Shield-9 ;
    kg:source {source} .
"""


def request(recipient="kgr:Beta", supplier="kgr:Alpha", source="src:background-article") -> str:
    return REQUEST.format(recipient=recipient, supplier=supplier, source=source)


def test_a_literal_for_an_entity_says_so_and_suggests_the_entity_by_its_label(kg, background, tmp_path):
    path = write(tmp_path / "literal.ttl", request(recipient='"Beta"'))
    result = validate(kg, background, path)
    assert result.exit_code == 1
    # line 10, `    kg:recipient "Beta" ;`: the literal starts in column 18
    assert problem_lines(result.stdout) == [
        f'{path}:10:18: violation: kg:recipient expects an entity (a kg:Actor), but a literal was given: "Beta"; '
        'did you mean kgr:Beta (label "Beta")?']
    assert "needs kg:recipient" not in result.stdout and "points at an actor" not in result.stdout


def test_an_alternative_label_matches_whatever_its_case(kg, background, tmp_path):
    path = write(tmp_path / "alt.ttl", request(supplier='"alphaland"'))
    (line,) = problem_lines(validate(kg, background, path).stdout)
    assert line == (f'{path}:11:17: violation: kg:supplier expects an entity (a kg:Actor), but a literal was given: '
                    '"alphaland"; did you mean kgr:Alpha (label "Alphaland")?')


def test_a_literal_no_entity_is_called_gets_no_guess(kg, background, tmp_path):
    path = write(tmp_path / "gamma.ttl", request(supplier='"Gamma"'))
    (line,) = problem_lines(validate(kg, background, path).stdout)
    assert line.startswith(f'{path}:11:17: violation: kg:supplier expects an entity (a kg:Actor), but a literal was '
                           'given: "Gamma"; no entity has that label')
    assert "did you mean" not in line


def _ontology() -> Ontology:
    return Ontology.from_triples(reading.parse(reading.read_input(REPO / "ontology" / "geokg.ttl")))


@pytest.mark.parametrize("prop", sorted(shorten(p) for p in _ontology().object_properties))
def test_every_object_property_says_a_literal_was_given(kg, background, tmp_path, prop):
    head = prefix_lines(sorted(PREFIXES), PREFIXES)  # the property may be of any namespace the project knows
    path = write(tmp_path / "any.ttl", head + f'\nkgr:Alpha {prop} "Beta" .\n')
    line = head.count("\n") + 2
    result = validate(kg, background, path)
    assert result.exit_code == 1
    column = len(f"kgr:Alpha {prop} ") + 1
    expected = f"{path}:{line}:{column}: violation: {prop} expects an entity"
    (found,) = [p for p in problem_lines(result.stdout) if p.startswith(expected)]
    assert 'but a literal was given: "Beta"; ' in found
    # kgr:Beta (label "Beta") is a kg:State: offered where the property takes one, else said to be of another class
    ontology = _ontology()
    ranges = [u for u in ontology.ranges(expand(prop)) if all(c.startswith(KG) for c in u)]
    if all(ontology.closure({KG + "State"}) & u for u in ranges):
        assert found.endswith('; did you mean kgr:Beta (label "Beta")?')
    else:
        assert found.endswith('; kgr:Beta (label "Beta") has that label but is not a '
                              + " and ".join(" or ".join(shorten(c) for c in sorted(u)) for u in ranges
                                             if not ontology.closure({KG + "State"}) & u)
                              + ", so write the IRI of the entity meant")


# ---------------------------------------------------------------- unknown IRIs


def test_a_misspelt_source_is_reported_once_with_every_fact_that_uses_it(kg, background, tmp_path):
    facts = "".join(f"""
kgr:meeting-{n} a kg:Meeting ;
    rdfs:label "Alpha and Beta meet, {n}"@en ;
    kg:evidence "The background article says that Alpha and Beta met." ;
    kg:participant kgr:Alpha, kgr:Beta ;
    kg:source src:background-articel .
""" for n in range(1, 8))  # seven facts, six lines each, the first on line 7
    path = write(tmp_path / "seven.ttl", HEAD + facts)
    result = validate(kg, background, path)
    assert result.exit_code == 1
    uses = ", ".join(f"kgr:meeting-{n} ({path}:{6 + 6 * n - 1}:15)" for n in (1, 2, 3))
    assert problem_lines(result.stdout) == [
        f"{path}:11:15: violation: src:background-articel is not a known source: no kg:Source in these files or the "
        f"graph has this IRI; did you mean src:background-article? Used by 7 facts: {uses} and 4 more. [kg:source]"]
    assert "Every fact needs kg:source" not in result.stdout


def test_a_blank_node_as_source_is_no_known_source(kg, background, tmp_path):
    path = write(tmp_path / "blank.ttl", request(source='[ rdfs:label "an article" ]'))
    (line,) = problem_lines(validate(kg, background, path).stdout)
    assert line == (f"{path}:13:15: violation: [] is not a known source: kg:source names a kg:Source node "
                    "(src:<slug>) of these files or the graph, not a blank node; describe it (a kg:Source with its "
                    "title, genre, publisher and date) or correct the IRI")


def test_an_entity_one_letter_off_gets_the_nearest_known_one(kg, background, tmp_path):
    path = write(tmp_path / "alpah.ttl", request(supplier="kgr:Alpah"))
    (line,) = problem_lines(validate(kg, background, path).stdout)
    assert line == (f"{path}:11:17: violation: kgr:Alpah is not known: nothing in these files or the graph "
                    "describes it; did you mean kgr:Alpha? [kg:supplier]")


def test_an_unknown_entity_near_nothing_is_not_guessed_at(kg, background, tmp_path):
    path = write(tmp_path / "zeta.ttl", request(supplier="kgr:Zeta_Republic"))
    result = validate(kg, background, path)
    assert result.exit_code == 1  # the shapes still want an actor there
    assert "did you mean" not in result.stdout
    assert f"{path}:11:17: violation: kg:supplier points at an actor. [kgr:Zeta_Republic]" in result.stdout


def test_a_suggestion_is_never_applied(kg, background, tmp_path):
    path = write(tmp_path / "literal.ttl", request(recipient='"Beta"', source="src:background-articel"))
    kept = lambda: ({k: v for k, v in digests(background).items() if not k.startswith(".kg/")}, path.read_bytes())  # noqa: E731
    before = kept()
    assert kg("-C", background, "add", path, "--source", "background-article").exit_code == 1
    assert validate(kg, background, path).exit_code == 1
    assert kept() == before


# ---------------------------------------------------------------- the JSON report


def test_json_gives_every_problem_its_file_line_and_column(kg, background, tmp_path):
    path = write(tmp_path / "both.ttl", request(recipient='"Beta"', supplier="kgr:Alpah"))
    report = json.loads(validate(kg, background, path, "-f", "json").stdout)
    (subject,) = report["subjects"]
    assert (subject["subject"], subject["line"]) == ("kgr:request-beta", 7)  # the group heading: the subject's line
    assert [(p["file"], p["line"], p["column"], p["property"], p["value"]) for p in subject["problems"]] == [
        (str(path), 10, 18, "kg:recipient", '"Beta"'), (str(path), 11, 17, "kg:supplier", "kgr:Alpah")]
    assert report["violations"] == 2


def test_every_problem_line_has_the_compiler_form(kg, background, tmp_path):
    path = write(tmp_path / "many.ttl", request(recipient='"Beta"', supplier="kgr:Alpah", source="src:nowhere")
                 + "\nkgr:Ada_Example a kg:State .\n")
    result = validate(kg, background, path)
    lines = [line for block in result.stdout.split("\n\n")[:-1] for line in block.splitlines()[1:]]
    assert len(lines) == 5 and all(PROBLEM_LINE.match(line) for line in lines), result.stdout
