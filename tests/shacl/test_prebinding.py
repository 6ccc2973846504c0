"""SPARQL that SHACL forbids in a constraint is refused with one line naming the shape (kg.shacl.prebinding).

SHACL 1.0 (appendix A) pre-binds $this in a constraint's query and says a processor MUST report a
failure for MINUS, VALUES, SERVICE, `AS` on a pre-bound variable, and a subquery that does not
return every pre-bound variable. These are errors for the user (exit 3; SERVICE is the network
policy's exit 4), the same from every command, never a silent skip; a query that is allowed but
that the SPARQL engine cannot pre-bind by a join is declined to pyshacl and evaluated there.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import shacl
from kg.errors import InputError
from kg.namespaces import ENTITIES_GRAPH, SHAPES_GRAPH
from kg.shacl import sparql_engine

from tests.support.paths import FIXTURES
from tests.support.tiny_project import file_bytes, make_tiny_project

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/p#> .
"""
DATA = PREFIXES + "ex:a ex:p 1 . ex:b ex:p 2 . ex:a a ex:C . ex:b a ex:C .\n"


def shape_with(select: str) -> str:
    return PREFIXES + f'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """{select}""" ] .\n'


def store_of(data: str, shapes: str) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(ENTITIES_GRAPH))
                 for t in ox.parse(data, format=ox.RdfFormat.TURTLE))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(SHAPES_GRAPH))
                 for t in ox.parse(shapes, format=ox.RdfFormat.TURTLE))
    return store


FORBIDDEN = {
    "minus": ("SELECT $this WHERE { $this ?p ?o MINUS { $this <https://example.org/p#p> 2 } }",
              "MINUS at line 1, column 34 of the query is not allowed in a SHACL constraint"),
    "values": ("SELECT $this WHERE { $this ?p ?o } VALUES ?o { 1 }",
               "VALUES at line 1, column 36 of the query is not allowed in a SHACL constraint"),
    "as-this": ("SELECT $this WHERE { BIND(<https://example.org/p#a> AS $this) }",
                "AS $this at line 1, column 53 of the query rebinds a pre-bound variable"),
    "subquery-without-this": ("SELECT $this WHERE { $this ?p ?o { SELECT ?o WHERE { ?s ?p ?o } } }",
                              "the subquery at line 1, column 36 of the query is SELECT without $this"),
    "subquery-select-star": ("SELECT $this WHERE { { SELECT * WHERE { $this ?p ?o } } }",
                             "the subquery at line 1, column 24 of the query is SELECT *"),
    "shapes-graph": ("SELECT $this WHERE { GRAPH $shapesGraph { ?s ?p ?o } }",
                     "$shapesGraph at line 1, column 28 of the query is not supported"),
}


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
@pytest.mark.parametrize("engine", ["auto", "sparql", "pyshacl"])
def test_forbidden_sparql_is_refused_by_every_engine(name, engine):
    select, detail = FORBIDDEN[name]
    with pytest.raises(InputError) as caught:
        shacl.validate_store(store_of(DATA, shape_with(select)), engine=engine)
    assert str(caught.value).startswith(f"SHACL shape <https://example.org/p#S>, sh:select: {detail}")


def test_an_ask_validator_may_not_rebind_value():
    shapes = PREFIXES + """ex:Lang a sh:ConstraintComponent ; sh:parameter [ sh:path ex:lang ] ;
        sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { BIND(true AS ?value) }" ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:lang "en" .\n"""
    with pytest.raises(InputError) as caught:
        shacl.validate_store(store_of(DATA, shapes))
    assert str(caught.value).startswith("SHACL shape <https://example.org/p#Lang>, sh:ask: AS ?value at line 1")


def test_a_validator_subquery_must_return_the_components_parameters():
    shapes = PREFIXES + """ex:Lang a sh:ConstraintComponent ; sh:parameter [ sh:path ex:lang ] ;
        sh:validator [ a sh:SPARQLSelectValidator ;
                       sh:select "SELECT $this WHERE { { SELECT $this WHERE { $this ?p ?o } } }" ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:lang "en" .\n"""
    with pytest.raises(InputError, match=r"is SELECT without \$lang"):
        shacl.validate_store(store_of(DATA, shapes))


def test_a_sparql_target_is_not_pre_bound_so_minus_is_allowed_there():
    shapes = PREFIXES + """ex:S a sh:NodeShape ; sh:nodeKind sh:BlankNode ; sh:target [ a sh:SPARQLTarget ;
        sh:select "SELECT ?this WHERE { ?this a <https://example.org/p#C> MINUS { ?this <https://example.org/p#p> 2 } }" ] .\n"""
    report = shacl.validate_store(store_of(DATA, shapes))
    assert [r.focus for r in report.results] == ["<https://example.org/p#a>"]


def test_a_subquery_that_returns_this_is_declined_to_pyshacl_and_evaluated():
    shapes = shape_with("SELECT $this WHERE { { SELECT $this WHERE { $this <https://example.org/p#p> 2 } } }")
    with pytest.raises(sparql_engine.UnsupportedShapes):
        shacl.validate_store(store_of(DATA, shapes), engine="sparql")
    report = shacl.validate_store(store_of(DATA, shapes))
    assert [(r.focus, r.value) for r in report.results] == [("<https://example.org/p#b>", "<https://example.org/p#b>")]


def test_a_result_takes_value_path_and_message_from_the_solution():
    """SHACL's mapping of solutions to results: ?value (else the focus node), ?path if an IRI, ?message."""
    shapes = shape_with('SELECT $this ?path ?value ?message WHERE { $this ?path ?value FILTER(?value = 2) '
                        'BIND("two is too many" AS ?message) }')
    for engine in ("sparql", "pyshacl"):
        report = shacl.validate_store(store_of(DATA, shapes), engine=engine)
        assert [(r.focus, r.path, r.value) for r in report.results] == [
            ("<https://example.org/p#b>", "<https://example.org/p#p>", '"2"^^xsd:integer')], engine
    # pyshacl 0.40 leaves ?message out of the result; the SPARQL engine follows SHACL 5.3.2.
    assert shacl.validate_store(store_of(DATA, shapes), engine="sparql").results[0].message == "two is too many"


@pytest.mark.parametrize("command", ["build", "validate", "add"])
def test_every_command_refuses_with_exit_3_and_one_line_naming_the_shape(kg, tmp_path, command):
    root = make_tiny_project(tmp_path / "project")
    shapes = root / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + shape_with(FORBIDDEN["minus"][0]), encoding="utf-8")
    before = file_bytes(root / "data")
    args = {"build": ["build"], "validate": ["validate", FIXTURES / "export" / "sources" / "tiny-2024.ttl"],
            "add": ["add", FIXTURES / "export" / "sources" / "tiny-2024.ttl", "--source", "tiny-2025"]}[command]
    result = kg("-C", root, *args)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith("kg: error: SHACL shape <https://example.org/p#S>, sh:select: MINUS at line 1")
    assert len(result.stderr.splitlines()) == 1
    assert file_bytes(root / "data") == before


def test_a_custom_constraint_component_is_evaluated_by_pyshacl_not_ignored():
    shapes = PREFIXES + """ex:MaxValue a sh:ConstraintComponent ; sh:parameter [ sh:path ex:limit ] ;
        sh:nodeValidator [ a sh:SPARQLSelectValidator ; sh:message "over the limit" ;
            sh:select "SELECT $this WHERE { $this <https://example.org/p#p> ?v FILTER(?v > $limit) }" ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:limit 1 .\n"""
    with pytest.raises(sparql_engine.UnsupportedShapes):
        shacl.validate_store(store_of(DATA, shapes), engine="sparql")
    report = shacl.validate_store(store_of(DATA, shapes))
    assert [(r.focus, r.value, r.constraint) for r in report.results] == [
        ("<https://example.org/p#b>", "<https://example.org/p#b>", "<https://example.org/p#MaxValue>")]


NODE_VALIDATOR = PREFIXES + """ex:MaxValue a sh:ConstraintComponent ; sh:parameter [ sh:path ex:maxi ] ;
    sh:nodeValidator [ a sh:SPARQLSelectValidator ; sh:select "SELECT $this ?value WHERE { $this <https://example.org/p#p> ?value FILTER(?value > $maxi) }" ] .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:maxi 1 .\n"""
PROPERTY_VALIDATOR = PREFIXES + """ex:Required a sh:ConstraintComponent ; sh:parameter [ sh:path ex:required ] ;
    sh:propertyValidator [ a sh:SPARQLSelectValidator ; sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this $PATH ?any } }" ] .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path <https://example.org/p#q> ; ex:required true ] .\n"""


@pytest.mark.parametrize(("shapes", "detail"), [
    # pyshacl binds ?value to the focus node here, so ex:b (ex:p 2 > 1) would pass: a wrong "conforms".
    (NODE_VALIDATOR, "?value at line 1, column 14 of the query is not supported in a node validator"),
    # pyshacl runs it once per value of ex:q, and neither node has one: it would never report them.
    (PROPERTY_VALIDATOR, "a property validator's query must be one group holding $this $PATH ?value"),
])
def test_select_validators_that_pyshacl_would_misjudge_are_refused(shapes, detail):
    """Custom components are evaluated by pyshacl alone; where its evaluation differs from SHACL's
    (shown above, pyshacl 0.40), the shapes are refused, never judged "conforms"."""
    with pytest.raises(InputError) as caught:
        shacl.validate_store(store_of(DATA, shapes))
    assert detail in str(caught.value)
