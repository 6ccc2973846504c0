"""N-Triples and N-Quads of a store's named graphs in byte order, sorted on disk (kg export -f nt / nq).

The engine writes the lines; Python only sorts them, as bytes, in runs (kg.rdf.external_sort),
so a million statements cost the engine's dump plus a merge, not a Python object per term.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf.external_sort import ExternalSort, distinct
from kg.rdf.graph_dumps import graph_dumps, line_batches

FORMATS = {"ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS}


def canonical_blank_nodes(statements: list) -> list:
    """The statements with RDFC-1.0 canonical blank-node labels (Triples stay Triples).

    RDFC-1.0 labels a blank node from the statements that mention blank nodes only, so only
    those are canonicalised: the same labels as for the whole graph, at a fraction of the cost.
    """
    def has_blank(st) -> bool:
        return isinstance(st.subject, ox.BlankNode) or isinstance(st.object, ox.BlankNode)

    linked = [st for st in statements if has_blank(st)]
    if not linked:
        return statements
    dataset = ox.Dataset(st if isinstance(st, ox.Quad) else ox.Quad(st.subject, st.predicate, st.object) for st in linked)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    relabelled = list(dataset) if isinstance(linked[0], ox.Quad) else [ox.Triple(q.subject, q.predicate, q.object) for q in dataset]
    return [st for st in statements if not has_blank(st)] + relabelled


def write_lines(store: ox.Store, graphs: list[str], fmt: str, out, location=None) -> int:
    """N-Triples or N-Quads lines in byte order, written by pyoxigraph's own dump; the line count.

    Lines stay bytes from the dump to the output, so a million statements cost the engine's
    dump plus a sort, not a Python object per term, and the sort runs on disk past a few
    hundred thousand lines. N-Triples is the union of the graphs, so a triple stated in two
    graphs is one line. Lines that may hold a blank node (`_:`) are parsed back and given
    canonical labels (RDFC-1.0 needs all of them at once; they are few in practice).
    `location`: the on-disk generation of `store`, so that a helper process can share the dumps.
    """
    maybe_blank: list[bytes] = []
    with ExternalSort(binary=True) as sorter:
        for iri, dump in graph_dumps(store, graphs, location):
            tail = b" <" + iri.encode("utf-8") + b"> .\n"
            for own in line_batches(dump, binary=True):
                if fmt == "nquads":  # each N-Triples line ends with " .\n"; the graph goes before it
                    own = [line[:-3] + tail for line in own]
                blank = [line for line in own if b"_:" in line]
                if blank:
                    maybe_blank += blank
                    own = [line for line in own if b"_:" not in line]
                sorter.extend(own)
        if maybe_blank:
            statements = list(ox.parse(b"".join(maybe_blank), format=FORMATS[fmt]))
            sorter.extend(ox.serialize(canonical_blank_nodes(statements), format=FORMATS[fmt]).splitlines(keepends=True))
        return write_in_batches(distinct(sorter) if fmt == "ntriples" else sorter, out)


def write_in_batches(lines, out, batch: int = 20_000) -> int:
    """Write lines a few MB at a time (SpooledTemporaryFile.writelines would take them all in memory first)."""
    count, pending = 0, []
    for line in lines:
        pending.append(line)
        if len(pending) == batch:
            out.write(b"".join(pending))
            count, pending = count + batch, []
    out.write(b"".join(pending))
    return count + len(pending)
