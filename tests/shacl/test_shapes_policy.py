"""SPARQL inside SHACL shapes never reaches the network or writes, on either engine (kg.shacl.policy).

Each hostile shape points SERVICE (or LOAD, or FROM) at a logging server on 127.0.0.1; the
command must refuse with exit 4 before any engine runs it, and the server must see no request.
"""

from __future__ import annotations

import pytest

from kg.errors import InputError, PolicyError
from kg.shacl.policy import refuse_unsafe_shapes

from tests.support.paths import FIXTURES
from tests.support.servers import recording_http_server
from tests.support.tiny_project import file_bytes, make_tiny_project

PREFIXES = """
@prefix kg: <https://w3id.org/geokg/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/hostile#> .
"""

# name -> (shape in Turtle, with PORT for the logging server; keyword the message names)
HOSTILE_SHAPES = {
    # kg.shacl.sparql_engine evaluates sh:select on Oxigraph, which federates SERVICE from Rust.
    "constraint-service": ("""ex:S a sh:NodeShape ; sh:targetClass kg:State ;
        sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { $this ?p ?o } }" ] .""",
                           "SERVICE"),
    # A SPARQL-based target is not in the SPARQL engine's subset: pyshacl would run it through rdflib.
    "target-service": ("""ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ;
        sh:select "SELECT ?this WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { ?this ?p ?o } }" ] ;
        sh:nodeKind sh:IRI .""", "SERVICE"),
    "rule-service": ("""ex:S a sh:NodeShape ; sh:targetClass kg:State ; sh:rule [ a sh:SPARQLRule ;
        sh:construct "CONSTRUCT { $this a kg:State } WHERE { SERVICE <http://127.0.0.1:PORT/> { $this ?p ?o } }" ] .""",
                     "SERVICE"),
    "ask-validator-load": ("""ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:p ] ;
        sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { LOAD <http://127.0.0.1:PORT/x> }" ] .
        ex:S a sh:NodeShape ; sh:targetClass kg:State ; ex:p 1 .""", "LOAD"),
    "constraint-from": ("""ex:S a sh:NodeShape ; sh:targetClass kg:State ;
        sh:sparql [ sh:select "SELECT $this FROM <http://127.0.0.1:PORT/g> WHERE { $this ?p ?o }" ] .""", "FROM"),
    "constraint-update": ("""ex:S a sh:NodeShape ; sh:targetClass kg:State ;
        sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o } ; DROP ALL" ] .""", "DROP"),
    "javascript-library": ("""ex:F a sh:JSFunction ; sh:jsLibrary [ sh:jsLibraryURL "http://127.0.0.1:PORT/lib.js" ] .""",
                           "jsLibraryURL"),
}


def hostile_project(tmp_path, shape: str, port: int):
    root = make_tiny_project(tmp_path / "project")
    shapes = root / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + PREFIXES + shape.replace("PORT", str(port)), encoding="utf-8")
    return root


@pytest.mark.parametrize("name", sorted(HOSTILE_SHAPES))
@pytest.mark.parametrize("command", ["build", "validate", "add"])
def test_hostile_shapes_are_refused_before_any_engine_runs_them(kg, tmp_path, name, command):
    shape, keyword = HOSTILE_SHAPES[name]
    with recording_http_server() as (port, requests):
        root = hostile_project(tmp_path, shape, port)
        before = file_bytes(root / "data")
        args = {"build": ["build"], "validate": ["validate", FIXTURES / "export" / "sources" / "tiny-2024.ttl"],
                "add": ["add", FIXTURES / "export" / "sources" / "tiny-2024.ttl", "--source", "tiny-2025"]}[command]
        result = kg("-C", root, *args)
    assert result.exit_code == 4, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("kg: error: SHACL shape ")
    assert keyword in result.stderr and "refused" in result.stderr
    assert requests == []
    assert file_bytes(root / "data") == before


def test_an_on_disk_build_with_hostile_shapes_publishes_nothing(kg, tmp_path):
    with recording_http_server() as (port, requests):
        root = hostile_project(tmp_path, HOSTILE_SHAPES["constraint-service"][0], port)
        result = kg("-C", root, "build", "--store", tmp_path / "store")
    assert (result.exit_code, requests) == (4, [])
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == [".lock"]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ('SELECT $this WHERE { $this ?p "SERVICE <http://x/>" }', None),  # a keyword inside a string is harmless
        ("SELECT $this WHERE { $this ?p ?o } # SERVICE in a comment", None),
        ("SELECT $this WHERE { $this ?p ?o FILTER NOT EXISTS { $this ?q ?r } }", None),
        ("select $this where { service <http://x/> { $this ?p ?o } }", "SERVICE at line 1, column 22"),
        ("SELECT $this\nWHERE {\n  SERVICE SILENT <http://x/> {} }", "SERVICE at line 3, column 3"),
        ("SELECT $this FROM NAMED <urn:g> WHERE { GRAPH ?g { $this ?p ?o } }", "FROM at line 1, column 14"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT at line 1, column 1"),
        ("CLEAR ALL", "CLEAR at line 1, column 1"),
    ],
)
def test_the_token_test_is_the_one_kg_query_uses(text, refused):
    statement = [("kgsh:S", "http://www.w3.org/ns/shacl#select", text)]
    if refused is None:
        refuse_unsafe_shapes(statement)
        return
    with pytest.raises(PolicyError) as caught:
        refuse_unsafe_shapes(statement)
    assert str(caught.value) == (
        f"SHACL shape kgsh:S, sh:select: {refused} of the query is refused: SHACL shapes never reach other "
        "endpoints, choose their own graphs or change data"
    )


def test_sparql_the_tokenizer_cannot_read_is_an_input_error():
    with pytest.raises(InputError) as caught:
        refuse_unsafe_shapes([("kgsh:S", "http://www.w3.org/ns/shacl#ask", 'ASK { ?s ?p "open }')])
    assert str(caught.value) == (
        "SHACL shape kgsh:S, sh:ask: SPARQL syntax error at line 1, column 13 of the query: a string is not closed"
    )


def test_the_shipped_shapes_pass_the_policy(project):
    import pyoxigraph as ox

    from kg.shacl.policy import from_pyoxigraph

    triples = list(ox.parse(path=str(project / "ontology" / "shapes.ttl"), format=ox.RdfFormat.TURTLE))
    statements = from_pyoxigraph(triples)
    assert any(parameter.endswith("#select") for _, parameter, *_ in statements)  # the policy has work to do
    refuse_unsafe_shapes(statements)


@pytest.mark.parametrize(
    ("shape", "command", "detail"),
    [
        # Oxigraph evaluates the sh:select: its syntax error names the shape.
        ("""ex:S a sh:NodeShape ; sh:targetClass kg:State ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ?p }" ] .""", "build",
         "SHACL shape <https://example.org/hostile#S> cannot be evaluated: error at 1:"),
        # pyshacl evaluates a rule whose query uses an undeclared prefix.
        ("""ex:S a sh:NodeShape ; sh:targetClass kg:State ;
            sh:rule [ a sh:SPARQLRule ; sh:construct "CONSTRUCT { $this a nope:X } WHERE { }" ] .""",
         "validate", "SHACL shape graph cannot be evaluated: Unknown namespace prefix : nope"),
    ],
)
def test_shapes_an_engine_cannot_evaluate_are_an_input_error_not_a_crash(kg, tmp_path, shape, command, detail):
    root = hostile_project(tmp_path, shape, 0)
    args = ["build"] if command == "build" else ["validate", FIXTURES / "export" / "sources" / "tiny-2024.ttl"]
    result = kg("-C", root, *args)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith(f"kg: error: {detail}")
    assert len(result.stderr.splitlines()) == 1
