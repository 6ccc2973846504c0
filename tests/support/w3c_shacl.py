"""The W3C SHACL test suites (core, sparql): manifests read into cases, reports compared.

The suites are not in the repository: tools/w3c_shacl_suite.py puts them in tests/data/w3c-shacl/suite
from pyshacl's source distribution on PyPI (.ci/run and the README's test command run it). Without
them the tests that need them skip, saying so, unless KG_TEST_REQUIRE_W3C=1 (set by .ci/run) makes
that a failure.

The suite's expected reports name shapes and paths that may be blank nodes, and list results as
a multiset (two results that differ only in a blank node, or only in the constraint that found
them, are two results). A result is compared by focus node, path, value, source shape, component
and severity, each as kg renders it (a blank node as `[]`: blank nodes match by the role they
play in the result, not by their label; a complex path as the SPARQL property path it renders to).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.findings import from_shacl
from kg.namespaces import SH
from kg.rdf.terms import term_text

SUITES = Path(__file__).resolve().parent.parent / "data" / "w3c-shacl" / "suite"
SUITE = SUITES / "core"
SPARQL_SUITE = SUITES / "sparql"
REQUIRED = os.environ.get("KG_TEST_REQUIRE_W3C") == "1"
MISSING = "the W3C SHACL test suites are not in tests/data/w3c-shacl/suite: run python tools/w3c_shacl_suite.py"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


@dataclass(frozen=True)
class Case:
    name: str  # the test's path in the suite, e.g. node/class-003
    data: Path
    shapes: Path
    conforms: bool | None  # None when the expected outcome is a failure (sht:Failure), not a report
    results: Counter  # of result keys, see result_key

    @property
    def failure(self) -> bool:
        """The standard expects the processor to refuse the shapes graph (an error), not a report."""
        return self.conforms is None


def _graph(path: Path):
    import rdflib

    graph = rdflib.Graph()
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False  # the reports' literals as written
    try:
        graph.parse(path, format="turtle", publicID=path.as_uri())
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    return graph


def present() -> bool:
    return (SUITE / "manifest.ttl").is_file() and (SPARQL_SUITE / "manifest.ttl").is_file()


def cases(manifest: Path = SUITE / "manifest.ttl", root: Path | None = None) -> list[Case]:
    """Every sht:Validate entry reachable from the top manifest through mf:include; names are
    relative to `root` (the top manifest's directory). None when the suite is not in place."""
    if not manifest.is_file():
        return []
    import rdflib
    from rdflib.collection import Collection

    mf, sht, sh = rdflib.Namespace(MF), rdflib.Namespace(SHT), rdflib.Namespace(SH)
    root = root or manifest.parent
    graph = _graph(manifest)
    found = []
    for included in graph.objects(None, mf.include):
        found += cases(Path(included.replace("file://", "")), root)
    for entries in graph.objects(None, mf.entries):
        for entry in Collection(graph, entries):
            if (entry, rdflib.RDF.type, sht.Validate) not in graph:
                continue
            action, result = graph.value(entry, mf.action), graph.value(entry, mf.result)
            local = lambda iri: Path(str(iri).replace("file://", ""))  # noqa: E731
            expected = Counter(_expected_key(graph, r) for r in graph.objects(result, sh.result))
            conforms = None if result == sht.Failure else graph.value(result, sh.conforms).toPython()
            found.append(Case(
                name=local(entry).relative_to(root).as_posix(),
                data=local(graph.value(action, sht.dataGraph)), shapes=local(graph.value(action, sht.shapesGraph)),
                conforms=conforms, results=expected,
            ))
    return sorted(found, key=lambda c: c.name)


def _expected_key(graph, result) -> tuple:
    import rdflib

    sh = rdflib.Namespace(SH)
    get = lambda p: graph.value(result, p)  # noqa: E731
    path = get(sh.resultPath)
    path_text = term_text(_complex_path(graph, path) if isinstance(path, rdflib.BNode) else path)
    severity = from_shacl(str(get(sh.resultSeverity)))
    return (_as_stored(get(sh.focusNode)), path_text, _as_stored(get(sh.value)), term_text(get(sh.sourceShape)),
            term_text(get(sh.sourceConstraintComponent)), severity)


def _complex_path(graph, node):
    """The expected report's complex path, read as kg reads pyshacl's (kg.rdf.paths), so both render alike."""
    import rdflib

    from kg.rdf.paths import read_path
    from kg.rdf.terms import oxigraph_term, rdflib_term

    objects = lambda n, p: [oxigraph_term(o) for o in graph.objects(rdflib_term(n), rdflib.URIRef(p))]  # noqa: E731
    return read_path(oxigraph_term(node), objects)


def _as_stored(term) -> str:
    """A value as the store gives it back: Oxigraph keeps literals in canonical form ("4.0"^^xsd:decimal
    is read back as "4"^^xsd:decimal, an xsd:byte as xsd:integer), so a report can only name that form."""
    if term is None:
        return ""
    from kg.rdf.terms import oxigraph_term

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), oxigraph_term(term)))
    return term_text(next(iter(store)).object)


def actual_keys(findings) -> Counter:
    """The report's results (kg.findings.Finding, as text) as keys comparable with a Case's."""
    return Counter((f.focus, f.path, f.value, f.shape, f.constraint, f.severity) for f in findings)


def same_results(expected: Counter, actual: Counter) -> bool:
    """Equal multisets of results (complex paths compared as the SPARQL property paths they render to)."""
    return expected == actual


def load(path: Path, graph_name: str) -> list[ox.Quad]:
    """A suite file's triples as quads of `graph_name` (relative IRIs resolved against the file)."""
    return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph_name))
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())]
