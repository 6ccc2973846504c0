"""kgsh:EvidenceOffsetShape: kg:evidenceOffset is a non-negative whole number, once per source that
states the fact, on a node that carries evidence; both engines say so alike."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.namespaces import PREFIXES, SHAPES_GRAPH, SRC

from kg import shacl

from tests.support.paths import REPO
from tests.support.shacl_mutations import both

FACT = 'kgr:f kg:evidence "A sentence of the article that states the fact." ; kg:source src:a ; '
CASES = {
    "one offset": (FACT + "kg:evidenceOffset 0 .", set()),
    "two offsets, two sources": (FACT + "kg:source src:b ; kg:evidenceOffset 12, 4000 .", set()),
    "negative": (FACT + "kg:evidenceOffset -1 .", {"MinInclusiveConstraintComponent"}),
    "a string": (FACT + 'kg:evidenceOffset "12" .', {"DatatypeConstraintComponent", "MinInclusiveConstraintComponent"}),
    "a decimal": (FACT + "kg:evidenceOffset 12.5 .", {"DatatypeConstraintComponent"}),
    "two offsets, one source": (FACT + "kg:evidenceOffset 12, 4000 .", {"SPARQLConstraintComponent"}),
    "no evidence": ("kgr:f kg:source src:a ; kg:evidenceOffset 12 .", {"MinCountConstraintComponent"}),
}


def store_with(data: str) -> ox.Store:
    store = ox.Store()
    store.load(path=str(REPO / "ontology" / "shapes.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(SHAPES_GRAPH))
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    store.load(prefixes + data, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(SRC + "a"))
    return store


@pytest.mark.parametrize("case", CASES)
def test_each_offset_rule_is_checked_alike_by_both_engines(case):
    data, expected = CASES[case]
    fast, reference = both(store_with(data))
    assert fast == reference
    assert {r[4].split(":")[-1].rsplit("#", 1)[-1] for r in fast} == expected, fast


def test_both_engines_word_the_second_offset_alike():
    """A message that named the offending literal ({?value}) read "480" from pyshacl and
    "480"^^xsd:integer from the SPARQL engine; the rule's message names no value."""
    store = store_with(CASES["two offsets, one source"][0])
    messages = {engine: sorted(f.message for f in shacl.validate_store(store, engine=engine).results)
                for engine in ("sparql", "pyshacl")}
    assert messages["sparql"] == messages["pyshacl"] == [
        "kg:evidenceOffset appears once per source that states the fact: this fact has one kg:source and more than"
        " one offset."]


def test_a_message_reads_the_same_from_both_engines_whatever_its_value():
    """SHACL fills {?value} and {$value} in a SPARQL constraint's message ("a suitable string representation":
    pyshacl pastes a literal's lexical form, and so does the SPARQL engine now) and leaves a core constraint's
    message as written. The SPARQL engine filled core messages too, and wrote literals in N-Triples form, so a
    message changed with the engine that happened to judge it."""
    shapes = """@prefix sh: <http://www.w3.org/ns/shacl#> .
    <urn:x:S> a sh:NodeShape ; sh:targetSubjectsOf <urn:x:count> ;
      sh:property [ sh:path <urn:x:count> ; sh:maxInclusive 100 ; sh:message "{?value} is over 100"@en ] ;
      sh:sparql [ a sh:SPARQLConstraint ; sh:message "{?value} is not a round number"@en ;
                  sh:select "SELECT $this ?value WHERE { $this <urn:x:count> ?value FILTER(?value != 500) }" ] ."""
    store = ox.Store()
    store.load(b"<urn:x:a> <urn:x:count> 480 .", format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(SRC + "a"))
    store.load(shapes.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(SHAPES_GRAPH))
    messages = {engine: sorted(f.message for f in shacl.validate_store(store, engine=engine).results)
                for engine in ("sparql", "pyshacl")}
    assert messages["sparql"] == messages["pyshacl"] == ["480 is not a round number", "{?value} is over 100"]
