"""The pyshacl side of validation: rdflib graphs in, our report types out.

pyshacl is the reference implementation the SPARQL engine is tested against, the engine for
shapes the SPARQL engine declines, and the validator of new facts (kg validate), which judges a
small neighbourhood where pyshacl's cost does not matter.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

import pyoxigraph as ox

from kg.findings import Finding, from_shacl
from kg.namespaces import RDF_TYPE, SH, shorten
from kg.rdf.terms import oxigraph_term, rdflib_term, term_text
from kg.shacl.report import ShaclReport, as_text, plain_message, result_order


def to_rdflib(store: ox.Store, graphs: list[ox.NamedNode]):
    """The union of `graphs` as a plain rdflib Graph (pyshacl needs one; oxrdflib mangles literals)."""
    import rdflib

    union = rdflib.Graph()
    with literals_as_written():
        for name in graphs:
            data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            if data:
                union.parse(data=data.decode("utf-8"), format="nt")
    return union


@contextmanager
def literals_as_written():
    """rdflib rewrites an ill-formed literal while parsing ("none"^^xsd:boolean becomes "false"), so
    pyshacl would report a value the data does not hold; the store's literals are kept as they are."""
    import rdflib

    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def run_pyshacl(data, shapes, focus_nodes: list[str] | None = None, nesting_limit: int | None = None) -> ShaclReport:
    """Validate rdflib graphs; with focus_nodes, keep only the results about those nodes.

    pyshacl's own `focus_nodes=` option is not used: in pyshacl 0.40 it also filters the value
    nodes that nested shapes check, so every `sh:or` on a value (a date's datatype, a place's
    class) silently passes. Validating a small graph and filtering the results is exact.
    """
    report_graph = _pyshacl_report(data, shapes, nesting_limit)
    results = read_report(report_graph)
    if focus_nodes:
        wanted = {shorten(f) for f in focus_nodes}
        results = [r for r in results if r.focus in wanted]
    return ShaclReport(results=results, report_graph=report_graph)


def _pyshacl_report(data, shapes, nesting_limit: int | None = None):
    import pyshacl

    from kg.shacl.policy import from_rdflib, is_shapes_fault, refuse_unsafe_shapes, unreadable_shapes

    refuse_unsafe_shapes(from_rdflib(shapes), nesting_limit)  # pyshacl runs SPARQL targets and rules through rdflib
    try:
        _conforms, report_graph, _text = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True
        )
    except Exception as exc:
        if not is_shapes_fault(exc):
            raise
        raise unreadable_shapes("graph", exc) from None
    if is_shapes_fault(report_graph):  # pyshacl returns, not raises, the failures SHACL defines
        raise unreadable_shapes("graph", report_graph)
    return report_graph


def read_report(report_graph) -> list[Finding]:
    """A SHACL validation report graph as a whole-graph report's findings: as text, sorted."""
    return sorted((as_text(f) for f in _read_findings(report_graph, {})), key=result_order)


def validate_triples(data: Iterable, shapes: Iterable, focus_nodes: Iterable,
                     nesting_limit: int | None = None) -> list[Finding]:
    """Validate a small graph (pyoxigraph triples) and return the findings about `focus_nodes` only,
    with their pyoxigraph terms.

    The caller hands in the focus nodes' neighbourhood, not a whole store: nodes that are only
    there as context (a referenced state with its type and label) are judged too, but their
    results are dropped, so existing data is never re-judged. pyshacl runs a SPARQL constraint
    once per targeted node and parses its query each time (about 13 ms), so SPARQL constraints
    run in a second pass in which only the focus nodes keep their types, and so are targeted.
    """
    data, shapes, wanted = list(data), list(shapes), set(focus_nodes)
    sparql = {t for t in shapes if t.predicate.value == SH + "sparql"}
    first = validate_triples_plainly(data, [t for t in shapes if t not in sparql], wanted, nesting_limit)
    if not sparql:
        return first
    typed_focus = [t for t in data if t.predicate.value != RDF_TYPE or t.subject in wanted]
    second = [f for f in validate_triples_plainly(typed_focus, shapes, wanted, nesting_limit)
              if f.constraint == "sh:SPARQLConstraintComponent"]
    return sorted(first + second, key=finding_order)


def validate_triples_plainly(data: Iterable, shapes: Iterable, focus_nodes: Iterable,
                             nesting_limit: int | None = None) -> list[Finding]:
    """One SHACL run over `data`, keeping the findings about `focus_nodes`."""
    shapes = list(shapes)
    report_graph = _pyshacl_report(rdflib_graph(data), _shapes_graph(shapes), nesting_limit)
    parents = {t.object: t.subject for t in shapes if isinstance(t.object, ox.BlankNode)}
    wanted = set(focus_nodes)
    return sorted((f for f in _read_findings(report_graph, parents) if f.focus in wanted), key=finding_order)


def finding_order(f: Finding) -> tuple:
    return str(f.focus), term_text(f.path), term_text(f.value), f.message, f.shape, f.constraint


def _read_findings(report_graph, parents: dict) -> list[Finding]:
    """The report graph's results with pyoxigraph terms; property shapes resolved to their node shape."""
    from rdflib import Namespace

    sh = Namespace(SH)
    found = []
    for node in set(report_graph.objects(None, sh.result)):  # the report's results; not those nested as sh:detail
        get = lambda p: report_graph.value(node, p)  # noqa: E731
        messages = sorted(str(m) for m in report_graph.objects(node, sh.resultMessage))
        path = get(sh.resultPath)
        found.append(
            Finding(
                severity=from_shacl(str(get(sh.resultSeverity))),
                message=plain_message(messages[0]) if messages else "",
                focus=oxigraph_term(get(sh.focusNode)),
                path=_path(report_graph, path),
                value=oxigraph_term(get(sh.value)),
                stage="shapes",
                constraint=term_text(get(sh.sourceConstraintComponent)),
                shape=term_text(_node_shape(oxigraph_term(get(sh.sourceShape)), parents)),
            )
        )
    return found


def _path(report_graph, path):
    """The result's path: an IRI, or the structure of a complex path (pyshacl copies it into the report)."""
    if path is None:
        return None
    if not _is_bnode(path):
        return oxigraph_term(path)
    from rdflib import URIRef

    from kg.rdf.paths import MalformedPath, read_path

    objects = lambda node, p: [oxigraph_term(o) for o in report_graph.objects(rdflib_term(node), URIRef(p))]  # noqa: E731
    try:
        return read_path(oxigraph_term(path), objects)
    except MalformedPath:  # pyshacl rejects such shapes before it reports; kept as the blank node it is
        return oxigraph_term(path)


def _node_shape(shape, parents: dict):
    """The named node shape a (blank) property shape or sh:or member belongs to."""
    seen = set()
    while isinstance(shape, ox.BlankNode) and shape in parents and shape not in seen:
        seen.add(shape)
        shape = parents[shape]
    return shape


def _is_bnode(term) -> bool:
    from rdflib import BNode

    return isinstance(term, BNode)


_SHAPES_GRAPHS: dict = {}


def _shapes_graph(shapes: list):
    """The rdflib form of a shapes graph, converted once per distinct set of shapes.

    pyshacl adds two RDFS axioms to the shapes graph it is given, the same ones every time, so
    a converted graph can be reused.
    """
    key = frozenset(shapes)
    if key not in _SHAPES_GRAPHS:
        if len(_SHAPES_GRAPHS) >= 4:
            _SHAPES_GRAPHS.clear()
        _SHAPES_GRAPHS[key] = rdflib_graph(shapes)
    return _SHAPES_GRAPHS[key]


def rdflib_graph(triples: Iterable):
    """A plain rdflib Graph of pyoxigraph triples, blank-node ids kept (so results map back)."""
    import rdflib

    graph = rdflib.Graph()
    with literals_as_written():
        for t in triples:
            graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph

