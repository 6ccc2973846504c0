"""SHACL validation of the asserted graph against ontology/shapes.ttl.

Results are plain data (prefixed names and N-Triples terms, never Python reprs), so the CLI and
the JSON output can render them without knowing which engine produced them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from .namespaces import ENTITIES_GRAPH, ONTOLOGY_GRAPH, SH, SHAPES_GRAPH, shorten

SEVERITY_NAMES = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}


@dataclass(frozen=True, order=True)
class ShaclResult:
    focus: str  # prefixed name or N-Triples form of the focus node
    path: str  # the property, prefixed, or "" for node-level constraints
    value: str  # the offending value, or ""
    severity: str  # violation | warning | info
    message: str
    shape: str
    constraint: str  # e.g. sh:MinCountConstraintComponent

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ShaclReport:
    results: list[ShaclResult] = field(default_factory=list)
    report_graph: object = None  # the engine's rdflib report graph, for -f ttl

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)


def term_text(term) -> str:
    """A term as users read it: a prefixed name where one fits, else its N-Triples/N3 form."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, (ox.Literal, ox.BlankNode)):
        return str(term)
    # rdflib terms
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, Literal) and term.datatype is not None and not term.language:
        return f'{Literal(str(term)).n3()}^^{shorten(str(term.datatype))}'
    if isinstance(term, BNode):
        return "[]"
    return term.n3()


def asserted_graph_names(store: ox.Store) -> list[ox.NamedNode]:
    """The graphs a SHACL run judges: ontology, entities and every source (not shapes, not inferred)."""
    from .namespaces import SRC

    names = [ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ENTITIES_GRAPH)]
    names += sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(SRC)),
                    key=lambda g: g.value)
    return names


def to_rdflib(store: ox.Store, graphs: list[ox.NamedNode]):
    """The union of `graphs` as a plain rdflib Graph (pyshacl needs one; oxrdflib mangles literals)."""
    import rdflib

    union = rdflib.Graph()
    for name in graphs:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        if data:
            union.parse(data=data.decode("utf-8"), format="nt")
    return union


def validate_store(store: ox.Store, focus_nodes: list[str] | None = None, engine: str = "auto") -> ShaclReport:
    """Run the project's shapes over the asserted graphs.

    engine "sparql" evaluates them in Oxigraph (kg.shacl_engine), "pyshacl" with pyshacl; "auto"
    takes the SPARQL engine unless the shapes use a feature it does not support.
    """
    if engine in ("auto", "sparql"):
        from . import shacl_engine

        shapes_graph = shacl_engine.ShapesGraph(store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
        try:
            return ShaclReport(results=shacl_engine.run(store, asserted_graph_names(store), shapes_graph, focus_nodes))
        except shacl_engine.UnsupportedShapes:
            if engine == "sparql":
                raise
    shapes = to_rdflib(store, [ox.NamedNode(SHAPES_GRAPH)])
    data = to_rdflib(store, asserted_graph_names(store))
    return run_pyshacl(data, shapes, focus_nodes)


def run_pyshacl(data, shapes, focus_nodes: list[str] | None = None) -> ShaclReport:
    import pyshacl
    from rdflib import URIRef

    kwargs = {"focus_nodes": [URIRef(f) for f in focus_nodes]} if focus_nodes else {}
    _conforms, report_graph, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True, **kwargs
    )
    return ShaclReport(results=read_report(report_graph), report_graph=report_graph)


def read_report(report_graph) -> list[ShaclResult]:
    """Turn a SHACL validation report graph into sorted ShaclResults."""
    from rdflib import RDF, Namespace

    sh = Namespace(SH)
    results = []
    for node in report_graph.subjects(RDF.type, sh.ValidationResult):
        get = lambda p: report_graph.value(node, p)  # noqa: E731
        messages = sorted(str(m) for m in report_graph.objects(node, sh.resultMessage))
        results.append(
            ShaclResult(
                focus=term_text(get(sh.focusNode)),
                path=term_text(get(sh.resultPath)) if get(sh.resultPath) is not None else "",
                value=term_text(get(sh.value)) if get(sh.value) is not None else "",
                severity=SEVERITY_NAMES.get(str(get(sh.resultSeverity)), "violation"),
                message=messages[0] if messages else "",
                shape=term_text(get(sh.sourceShape)),
                constraint=term_text(get(sh.sourceConstraintComponent)),
            )
        )
    return sorted(results)
