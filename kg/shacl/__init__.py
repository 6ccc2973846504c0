"""SHACL: one door for validating a store against shapes, two engines behind it.

`validate_store` takes the SPARQL engine (kg.shacl.sparql_engine, compiled into queries that
Oxigraph runs) unless the shapes use a feature it does not support, and pyshacl otherwise
(kg.shacl.pyshacl_bridge); both report kg.findings.Finding, in a kg.shacl.report.ShaclReport.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.graph_selection import asserted_graph_names, only_asserted_graphs
from kg.namespaces import SHAPES_GRAPH
from kg.shacl.pyshacl_bridge import rdflib_graph, run_pyshacl, to_rdflib, validate_triples, validate_triples_plainly
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
