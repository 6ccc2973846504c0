"""kg vocab and docs/VOCABULARY.md: every term of the ontology with its label, definition, domain,
range, the terms above and below it and an example from the data; one term by prefixed name,
local name, label or IRI; unknown and ambiguous names; the reference file kept current (issue 15)."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest

from kg.namespaces import KG, OWL, RDF_TYPE
from kg.project import Project
from kg.query.vocab import vocabulary
from kg.query.vocab_markdown import REFERENCE, markdown
from kg.store.graph import load_in_memory

from tests.support.paths import REPO


@pytest.fixture(scope="module")
def shipped_terms():
    return vocabulary(load_in_memory(Project(REPO)).store)


def test_the_reference_in_docs_is_current(shipped_terms):
    """Fails when the ontology, or the data an example comes from, changed without `kg vocab --write`."""
    current = (REPO / REFERENCE).read_text(encoding="utf-8")
    assert current == markdown(shipped_terms), "docs/VOCABULARY.md is not current: run kg vocab --write"


def test_every_class_and_property_of_the_ontology_file_has_an_entry():
    """Read from ontology/geokg.ttl directly, not through the code under test."""
    store = ox.Store()
    store.load(path=str(REPO / "ontology" / "geokg.ttl"), format=ox.RdfFormat.TURTLE)
    declared = {
        q.subject.value for kind in ("Class", "ObjectProperty", "DatatypeProperty")
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + kind))
        if isinstance(q.subject, ox.NamedNode)
    }
    assert len(declared) > 100
    headings = set(re.findall(r"^### `kg:([A-Za-z]+)`$", (REPO / REFERENCE).read_text(encoding="utf-8"), re.M))
    assert {iri.removeprefix(KG) for iri in declared if iri.startswith(KG)} <= headings


def test_the_reference_is_sorted_and_the_same_twice(shipped_terms):
    names = [t.name for t in shipped_terms]
    assert names == sorted(names, key=lambda n: (n.casefold(), n))
    assert markdown(vocabulary(load_in_memory(Project(REPO)).store)) == markdown(shipped_terms)


def test_one_property_with_domain_range_super_property_and_example(kg):
    """kg:recipient as ontology/geokg.ttl declares it; the example is the first recipient triple by
    subject: Saudi Arabia's interest in the S-400, which the 2019 article reports."""
    result = kg("-C", REPO, "vocab", "kg:recipient")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "kg:recipient  (object property)\n"
        "  label          recipient\n"
        "  definition     The actor that requests, buys, seeks, is promised or is refused the weapons.\n"
        "  domain         kg:ArmsTransferEvent\n"
        "  range          kg:Actor\n"
        "  subproperty of kg:participant\n"
        "  example        kgr:arms-interest-saudi-arabia-s-400 kg:recipient kgr:Saudi_Arabia .  (in\n"
        "                 src:aljazeera-2019-russia-iran)\n"
        "  IRI            https://w3id.org/geokg/ontology#recipient\n"
    )


def test_a_class_with_its_sub_and_super_classes(kg):
    out = kg("-C", REPO, "vocab", "kg:ArmsTransferEvent").stdout
    assert "  subclass of    kg:Event\n" in out
    assert "  subclasses     kg:ArmsInterest, kg:ArmsPromise, kg:ArmsPurchase, kg:ArmsRefusal, kg:ArmsRequest\n" in out
    assert "an instance of kg:ArmsInterest" in out  # no instance of its own: one of a subclass


def test_a_union_domain_is_shown_as_one(kg):
    out = kg("-C", REPO, "vocab", "kg:epistemicStatus").stdout
    assert "  domain         kg:Claim or kg:Event or kg:Tenure\n" in out
    assert "  range          kg:EpistemicStatus\n" in out


@pytest.mark.parametrize("name", ["kg:ArmsPurchase", "ArmsPurchase", "arms purchase", "ARMS PURCHASE",
                                  "https://w3id.org/geokg/ontology#ArmsPurchase",
                                  "<https://w3id.org/geokg/ontology#ArmsPurchase>"])
def test_a_term_by_prefixed_name_local_name_label_or_iri(kg, name):
    result = kg("-C", REPO, "vocab", name)
    assert result.exit_code == 0 and result.stdout.startswith("kg:ArmsPurchase  (class)\n")


def test_a_local_name_written_exactly_picks_the_class_or_the_property(kg):
    assert kg("-C", REPO, "vocab", "Agreement").stdout.startswith("kg:Agreement  (class)\n")
    assert kg("-C", REPO, "vocab", "agreement").stdout.startswith("kg:agreement  (object property)\n")


def test_an_unknown_term_exits_3_with_the_nearest_names(kg):
    result = kg("-C", REPO, "vocab", "kg:suppliedTo")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == "kg: error: 'kg:suppliedTo' is not a term of the ontology; did you mean kg:supplier?\n"


def test_a_name_of_two_terms_exits_2_with_both(kg):
    result = kg("-C", REPO, "vocab", "date")
    assert result.exit_code == 2
    assert "dcterms:date (other property), kg:date (datatype property)" in result.stderr


def test_the_list_and_json(kg, shipped_terms):
    listing = kg("-C", REPO, "vocab").stdout.splitlines()
    assert len(listing) == len(shipped_terms)
    assert re.fullmatch(r"kg:Meeting +class +meeting", next(line for line in listing if line.startswith("kg:Meeting ")))
    data = json.loads(kg("-C", REPO, "vocab", "-f", "json", "kg:Meeting").stdout)
    assert data["supers"] == ["kg:Event"] and data["example"]["triple"].endswith(" a kg:Meeting .")


def test_md_prints_the_reference_file(kg):
    assert kg("-C", REPO, "vocab", "-f", "md").stdout == (REPO / REFERENCE).read_text(encoding="utf-8")


def test_check_fails_on_a_stale_reference_and_write_makes_it_current(kg, project):
    stale = kg("-C", project, "vocab", "--check")
    assert stale.exit_code == 1 and stale.stderr == "docs/VOCABULARY.md is not current: run kg vocab --write\n"
    written = kg("-C", project, "vocab", "--write")
    assert written.exit_code == 0 and written.stderr.startswith("wrote docs/VOCABULARY.md (")
    assert kg("-C", project, "vocab", "--check").exit_code == 0
    assert kg("-C", project, "vocab", "--write").stderr.startswith("unchanged: docs/VOCABULARY.md")
    ontology = project / "ontology" / "geokg.ttl"
    text = ontology.read_text(encoding="utf-8")
    ontology.write_text(text.replace('rdfs:label "meeting"@en', 'rdfs:label "summit"@en'), encoding="utf-8")
    assert kg("-C", project, "vocab", "--check").exit_code == 1
    kg("-C", project, "vocab", "--write")
    assert "- **label:** summit\n" in (project / REFERENCE).read_text(encoding="utf-8")


def test_check_and_write_take_no_term(kg):
    assert kg("-C", REPO, "vocab", "--check", "kg:Meeting").exit_code == 2
    assert kg("-C", REPO, "vocab", "--check", "--write").exit_code == 2


def test_one_term_looked_up_gets_the_example_the_whole_reference_gives(shipped_terms):
    """kg vocab TERM and the list read no examples for the other terms (44 s at 1M triples): each
    term's example, found alone, is the one the reference shows."""
    from kg.query.vocab import with_example

    store = load_in_memory(Project(REPO)).store
    bare = vocabulary(store, examples=False)
    assert all(t.example is None for t in bare)
    assert [with_example(store, t) for t in bare] == shipped_terms
    assert sum(t.example is not None for t in shipped_terms) > 100
