"""SHACL: one door for validating data against shapes, two engines behind it.

Every command judges with the same choice, made here: the SPARQL engine (kg.shacl.sparql_engine,
compiled into queries that Oxigraph runs) when it evaluates the whole shapes graph exactly, pyshacl
(kg.shacl.pyshacl_bridge) when the engine declines it. `validate_store` judges a whole store
(kg build); `validate_triples` a small graph, reporting on some nodes only (kg validate, kg add).
Both report kg.findings.Finding; so the same data gets the same verdict whichever command asks.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.graph_selection import asserted_graph_names, only_asserted_graphs
from kg.findings import Finding
from kg.namespaces import ENTITIES_GRAPH, SHAPES_GRAPH
from kg.shacl import pyshacl_bridge
from kg.shacl.pyshacl_bridge import rdflib_graph, run_pyshacl, to_rdflib, validate_triples_plainly
from kg.shacl.report import ShaclReport

__all__ = ["ShaclReport", "validate_store", "validate_triples", "validate_triples_plainly"]


def validate_store(store: ox.Store, focus_nodes: list[str] | None = None, engine: str = "auto",
                   shapes: Iterable | None = None, nesting_limit: int | None = None) -> ShaclReport:
    """Run the project's shapes over the asserted graphs.

    engine "sparql" evaluates them in Oxigraph (kg.shacl.sparql_engine), "pyshacl" with pyshacl; "auto"
    takes the SPARQL engine unless the shapes use a feature it does not support. `shapes` are the
    quads of the shapes graph when the store does not hold it: a store that holds nothing but the
    asserted graphs (as kg build has it before adding shapes) is read as one union graph, which
    is what makes whole-graph validation scale (see only_asserted_graphs). `nesting_limit` bounds
    the brackets of the shapes' SPARQL (Limits.max_nesting_depth).
    """
    shapes = list(shapes) if shapes is not None else list(store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    if engine in ("auto", "sparql"):
        from kg.shacl import sparql_engine

        try:
            data = None if only_asserted_graphs(store) else asserted_graph_names(store)
            return ShaclReport(results=sparql_engine.run(store, data, sparql_engine.ShapesGraph(shapes, nesting_limit), focus_nodes))
        except sparql_engine.UnsupportedShapes:
            if engine == "sparql":
                raise
    return run_pyshacl(to_rdflib(store, asserted_graph_names(store)), rdflib_graph(shapes), focus_nodes, nesting_limit)


def validate_triples(data: Iterable, shapes: Iterable, focus_nodes: Iterable,
                     nesting_limit: int | None = None) -> list[Finding]:
    """Validate a small graph (pyoxigraph triples) and return the findings about `focus_nodes` only,
    with their pyoxigraph terms, each naming the targeted shape it belongs to.

    The caller hands in the focus nodes' neighbourhood: nodes there only as context are judged
    too, but their results are dropped, so existing data is never re-judged. The engine is chosen
    as for validate_store, so kg validate and kg add agree with kg build.
    """
    from kg.shacl import sparql_engine

    data, shapes, wanted = list(data), list(shapes), set(focus_nodes)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(ENTITIES_GRAPH)) for t in data)
    try:
        found = sparql_engine.run(store, None, sparql_engine.ShapesGraph(shapes, nesting_limit), as_terms=True)
    except sparql_engine.UnsupportedShapes:
        return pyshacl_bridge.validate_triples(data, shapes, wanted, nesting_limit)
    return sorted((f for f in found if f.focus in wanted), key=pyshacl_bridge.finding_order)
