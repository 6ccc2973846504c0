"""`kg export`: the graph in the formats other tools read, the same bytes for the same graph.

Determinism is what makes an export diff cleanly in git, so every format is written from one
ordered, canonical list of statements:
- blank nodes get RDFC-1.0 canonical labels (pyoxigraph Dataset.canonicalize) whenever there are
  any, so their labels depend only on the graph, never on parse order;
- N-Triples and N-Quads are pyoxigraph's canonical N-Triples escapes, lines in byte order (what
  `LC_ALL=C sort` gives), sorted in runs on disk and merged (kg.rdf.external_sort), so a million
  lines never sit in memory at once;
- JSON-LD and RDF/XML are pyoxigraph's streaming writers fed statements sorted by graph, subject,
  predicate and object. They write statements in the order given and group consecutive
  statements that share a subject (and, in JSON-LD, a graph), so sorted input gives one block per
  subject and the same bytes on every run (tests/interop/test_export.py checks both across processes);
- Turtle and TriG are kg.rdf.turtle's bytes, streamed from the engine's dump by
  kg.rdf.turtle_stream without building the graph as Python objects.
The streamed formats are written to a temporary file (in memory while small), not held as bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import reading
from kg.rdf.sorted_lines import canonical_blank_nodes, write_lines
from kg.atomic import write_atomically
from kg.errors import InputError, PolicyError, UsageError, os_failure
from kg.limits import Limits
from kg.namespaces import PREFIXES

GRAPHML = "graphml"
OWL = "owl"  # RDF/XML made into an OWL 2 DL ontology (kg.interop.owl); plain RDF/XML is "rdfxml"
EXPORT_FORMATS = (*reading.FORMATS, GRAPHML, OWL)
# Formats that keep named graphs; the others get the union of the selected graphs.
QUAD_FORMATS = {"nquads", "trig", "jsonld"}
EXTENSIONS = {**reading.EXTENSIONS, ".graphml": GRAPHML, ".owl": OWL}


@dataclass(frozen=True)
class Export:
    """One export in memory, and what the CLI needs to tell the user about it."""

    body: object  # bytes, or a binary temporary file that holds them (the streamed formats)
    format: str
    graphs: list[str]  # the named graphs that went in, as IRIs
    statements: int  # quads, triples, or GraphML nodes + edges: what a re-read must find
    # Literals of the project's files that the export writes in the store's canonical form instead
    # (kg.store.canonical); None when the graph came from no project's files.
    rewritten: object = None

    @property
    def data(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        self.body.seek(0)
        return self.body.read()

    @property
    def size(self) -> int:
        if isinstance(self.body, bytes):
            return len(self.body)
        return self.body.seek(0, os.SEEK_END)

    def copy_to(self, handle) -> None:
        """Write the bytes to a binary file without reading them all into memory."""
        if isinstance(self.body, bytes):
            handle.write(self.body)
            return
        self.body.seek(0)
        shutil.copyfileobj(self.body, handle, 1 << 20)

    @property
    def names_dropped(self) -> bool:
        """The format has no named graphs, so the selected graphs were merged into one."""
        return self.format not in QUAD_FORMATS

    def write(self, path: Path, *, force: bool = False) -> None:
        """Write the export to `path` atomically, after it reads back (see the module's write)."""
        write(self, path, force=force)


def export_graph(where, fmt: str = "turtle", *, graphs: Iterable[str] = (), ontology: bool = True,
                 store_dir: Path | None = None, limits: Limits | None = None) -> Export:
    """The graph of `where` (a Project, a Graph, or a function giving one) in format `fmt`.

    Every named graph but the shapes and the inferred one (what the files state; kg build derives
    the rest again), or the `graphs` named as --graph names them (ontology, entities, inferred, a
    source slug, src:<slug>, an IRI, all); `ontology=False` leaves the ontology out.
    Nothing is written: Export.write(path) does that.
    """
    from kg import graph_selection
    from kg.store.build import graph_of

    name = export_format(fmt, None)
    graph = graph_of(where, store_dir, limits)
    chosen = graph_selection.select(graph.store, graphs, include_shapes=False, include_ontology=ontology,
                                    include_inferred=False)
    result = export(graph.store, chosen, name, location=graph.location)
    if graph.project is not None and name != GRAPHML:
        files = [pf for pf in graph.project.files() if pf.graph in chosen]
        result = replace(result, rewritten=_rewritten(graph, files, limits))
    return result


def _rewritten(graph, files: list, limits: Limits | None):
    """The note's count: from the store's manifest (kg build counted as it parsed), else by parsing the files."""
    from kg.store.canonical import recorded_rewritten, rewritten_literals
    from kg.store.generations import read_generation_manifest

    manifest = read_generation_manifest(graph.location) if graph.location is not None else None
    recorded = recorded_rewritten(manifest, graph.project.root, files) if manifest is not None else None
    return recorded if recorded is not None else rewritten_literals(files, limits)


def export_format(option: str | None, output: Path | None) -> str:
    """The format from -f, else from -o's extension, else Turtle."""
    if option:
        key = option.strip().lower()
        return key if key in (GRAPHML, OWL) else reading.format_name(option)
    if output is None:
        return "turtle"
    suffix = output.suffix.lower()
    if suffix not in EXTENSIONS:
        raise UsageError(
            f"-o {output}: cannot tell the format from the extension {suffix or '(none)'}; "
            f"pass -f ({', '.join(EXPORT_FORMATS)})"
        )
    return EXTENSIONS[suffix]


def export(store: ox.Store, graphs: list[str], fmt: str, *, location: Path | None = None) -> Export:
    """Serialise the named graphs `graphs` of `store` in format `fmt` (a name from EXPORT_FORMATS).

    `location`: the on-disk generation `store` was opened from, if any (the streamed formats then
    share the engine's dumps with a helper process: kg.rdf.graph_dumps).
    """
    if fmt in STREAMED:
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL)
        try:
            if fmt in LINE_FORMATS:
                count = write_lines(store, graphs, fmt, spool, location=location)
            else:
                from kg.rdf.turtle_stream import write_turtle

                count = write_turtle(store, graphs, spool, trig=fmt == "trig", location=location)
        except BaseException:
            spool.close()
            raise
        return Export(spool, fmt, graphs, count)
    quads = selected_quads(store, graphs)
    statements = quads if fmt in QUAD_FORMATS else union(quads)
    if fmt == OWL:
        from kg.interop.owl import owl_statements

        statements = owl_statements(statements)
    statements = canonical_blank_nodes(statements)
    if fmt in ("rdfxml", OWL):
        refuse_what_xml_cannot_carry(statements)
    if fmt == GRAPHML:
        from kg.interop.graphml import serialize_graphml

        data, count = serialize_graphml(statements)
        return Export(data, fmt, graphs, count)
    return Export(serialize_sorted(statements, "rdfxml" if fmt == OWL else fmt), fmt, graphs, len(statements))


def selected_quads(store: ox.Store, graphs: list[str]) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for iri in graphs:
        quads.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
    return quads


def union(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of all graphs."""
    return list({ox.Triple(q.subject, q.predicate, q.object) for q in quads})


LINE_FORMATS = ("ntriples", "nquads")
STREAMED = (*LINE_FORMATS, "turtle", "trig")
SPOOL = 16 << 20  # a streamed export stays in memory up to this size, then moves to a temporary file


# Characters XML 1.0 cannot hold, not even as a character reference (most C0 controls, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def refuse_what_xml_cannot_carry(statements: list) -> None:
    """A literal holding such a character would make the RDF/XML file unreadable to every XML tool."""
    for st in statements:
        if isinstance(st.object, ox.Literal):
            bad = _NOT_XML.search(st.object.value)
            if bad:
                raise UsageError(
                    f"-f rdfxml cannot carry the literal of {st.subject} {st.predicate}: XML has no way to write "
                    f"the character U+{ord(bad.group()):04X}; choose another format (ttl, nt, nq, trig, jsonld)"
                )


def statement_key(st) -> tuple[str, str, str, str]:
    """Graph, subject, predicate, object, each in its N-Triples form."""
    graph = getattr(st, "graph_name", None)
    graph_text = "" if graph is None or isinstance(graph, ox.DefaultGraph) else str(graph)
    return graph_text, str(st.subject), str(st.predicate), str(st.object)


def serialize_sorted(statements: list, fmt: str) -> bytes:
    """JSON-LD, RDF/XML: statements in statement_key order (line formats: see sorted_lines)."""
    return ox.serialize(sorted(statements, key=statement_key), format=reading.FORMATS[fmt], prefixes=PREFIXES)


# ---------------------------------------------------------------- writing -o FILE


def write(result: Export, path: Path, *, force: bool) -> None:
    """Write atomically, after checking the file reads back; never through a symbolic link.

    Without force an existing file or link is refused. With force a link at `path` is replaced
    by the new file, and the file it pointed at is left as it was.
    """
    check_target(path, force)
    try:
        write_atomically(path, result.copy_to, verify=lambda tmp: verify_file(tmp, result), overwrite=True)
    except OSError as exc:
        raise os_failure(exc, str(path)) or InputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None


def check_target(path: Path, force: bool) -> None:
    if path.is_symlink():
        if not force:
            raise PolicyError(
                f"-o {path} is a symbolic link; kg export never writes through a link "
                "(pass --force to replace the link itself with the export)"
            )
        return
    if path.is_dir():
        raise UsageError(f"-o {path} is a folder; name a file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"-o {path}: the folder {folder} does not exist")
    if path.exists() and not force:
        raise PolicyError(f"-o {path} exists; pass --force to overwrite it")
    if not os.access(folder, os.W_OK):
        raise PolicyError(f"-o {path}: the folder {folder} is not writable")


def verify_file(tmp: Path, result: Export) -> None:
    """Re-read the written bytes with a parser and check the statement count."""
    if result.format == GRAPHML:
        from kg.interop.graphml import count_elements

        found = count_elements(tmp)
    else:
        try:
            fmt = reading.FORMATS["rdfxml" if result.format == OWL else result.format]
            found = sum(1 for _ in ox.parse(path=str(tmp), format=fmt))
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"the export does not read back: {exc}; nothing was written", path=str(tmp)) from None
    if found != result.statements:
        raise InputError(
            f"the export reads back as {found} statements, not {result.statements}; nothing was written",
            path=str(tmp),
        )
