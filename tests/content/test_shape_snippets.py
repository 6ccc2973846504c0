"""A conforming and a violating snippet for every SHACL shape (tests/data/shapes/<Shape>.good|bad.ttl).

Each snippet is validated as new facts against the background fixture project (the real
ontology and shapes plus made-up entities). The good one must draw no SHACL result at all from
a shape that really targets it; the bad one must draw one from exactly its shape (a header line
`# also violates: kgsh:X` names a shape that repeats the same constraint on a superclass).
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.store import build
from kg.validation import neighbourhood, validate
from kg.namespaces import KGSH, RDF_TYPE, SH, SHAPES_GRAPH
from kg.store.ontology import Ontology
from kg.project import Project

from tests.support.paths import REPO
from tests.support.validate_support import SNIPPETS, background_project

SHAPES_TTL = list(ox.parse(path=str(REPO / "ontology" / "shapes.ttl")))
SHAPES = sorted(
    q.subject.value[len(KGSH):]
    for q in SHAPES_TTL
    if q.predicate.value == RDF_TYPE and q.object.value == SH + "NodeShape" and q.subject.value.startswith(KGSH)
)


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return build.open_graph(Project(background_project(tmp_path_factory.mktemp("bg") / "project")))


def check(graph, path):
    return validate.validate_facts(graph, validate.read_new_facts([path]))


def test_every_shape_has_a_good_and_a_bad_snippet():
    have = {p.name for p in SNIPPETS.glob("*.ttl")}
    wanted = {f"{name}.{kind}.ttl" for name in SHAPES for kind in ("good", "bad")}
    assert sorted(wanted - have) == [], "write the missing snippets in tests/data/shapes/"
    assert sorted(have - wanted) == [], "these snippets belong to no shape in ontology/shapes.ttl"


@pytest.mark.parametrize("name", SHAPES)
def test_good_snippet_conforms_to_a_shape_that_targets_it(graph, name):
    path = SNIPPETS / f"{name}.good.ttl"
    report = check(graph, path)
    assert [p.message for p in report.problems if p.stage == "shapes"] == []
    assert report.conforms, [p.message for p in report.problems]
    facts = validate.read_new_facts([path])
    types = neighbourhood.gather(graph.store, facts.triples, facts.subjects).types
    ontology = Ontology.from_store(graph.store)
    judged = {c for s in facts.subjects for c in ontology.closure(types.get(s, set()))}
    used = {t.predicate.value for t in facts.triples}
    assert judged & target_classes(graph, name) or used & targets(graph, name, "targetSubjectsOf"), \
        f"no node of {path.name} is a target of kgsh:{name}"


@pytest.mark.parametrize("name", SHAPES)
def test_bad_snippet_is_caught_by_its_shape(graph, name):
    path = SNIPPETS / f"{name}.bad.ttl"
    report = check(graph, path)
    found = [p for p in report.problems if p.stage == "shapes"]
    severity = "warning" if only_warnings(graph, name) else "violation"
    assert any(p.shape == f"kgsh:{name}" and p.severity == severity for p in found), [p.message for p in found]
    also = re.findall(r"^# also violates: (kgsh:\w+)", path.read_text(encoding="utf-8"), re.M)
    assert {p.shape for p in found} <= {f"kgsh:{name}", *also}
    assert report.conforms is (severity == "warning")


def target_classes(graph, name: str) -> set[str]:
    return targets(graph, name, "targetClass")


def targets(graph, name: str, kind: str) -> set[str]:
    """The classes (sh:targetClass) or predicates (sh:targetSubjectsOf) the shape targets."""
    quads = graph.store.quads_for_pattern(ox.NamedNode(KGSH + name), ox.NamedNode(SH + kind), None,
                                          ox.NamedNode(SHAPES_GRAPH))
    return {q.object.value for q in quads}


def only_warnings(graph, name: str) -> bool:
    """True when the shape's constraints all carry sh:severity sh:Warning."""
    result = graph.query(
        """ASK { GRAPH ?g {
             { ?shape sh:severity sh:Warning }
             UNION
             { ?shape sh:property [] FILTER NOT EXISTS { ?shape sh:property ?p FILTER NOT EXISTS { ?p sh:severity sh:Warning } } }
           } }""",
        substitutions={ox.Variable("shape"): ox.NamedNode(KGSH + name), ox.Variable("g"): ox.NamedNode(SHAPES_GRAPH)},
    )
    return bool(result)
