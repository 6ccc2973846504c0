"""Filling an on-disk store from the project's files at the speed of one pyoxigraph bulk load.

A bulk load costs about 70 ms per call here whatever its size (each call writes and ingests its
own set of sorted files), so loading a thousand source files one call each took 78 s for a
million triples, where one call over the same triples takes 15 s. So the files go in as one
TriG stream: each Turtle file's directives, then its triples inside `<graph> { … }`, written
into a pipe that the Rust loader reads without holding the GIL. Meanwhile a Python thread reads
each file, records its size, time and SHA-256 for the manifest, and parses it strictly on its
own with kg.rdf.reading's checks, on the other core: errors name the file, line and column, and
ill-typed, over-long and too deeply nested literals are refused exactly as anywhere else.

Inside a TriG block a file that parses on its own gives the same triples: its prefixes are its
own (a file that used another file's prefix fails its own parse first) and Turtle has no braces
outside strings. What could differ stays out of the stream and is loaded by itself: files with
blank-node labels (`_:x` is one node in a whole TriG document but one per file), a @base, or a
format other than Turtle and N-Triples. A directive further down a file is valid Turtle but not
inside a block: the stream then fails, and the store is filled again one file at a time.

The default graph (every file's triples once: what kg.store.graph.Graph queries see) is filled by
a second bulk load, after kg build has validated the asserted graphs (SHACL reads them fastest
while the default graph is empty: kg.graph_selection.only_asserted_graphs). A DefaultCopy handed
to the first load keeps the bytes of each file whose triples hold no blank node, and streams them
again in default-graph blocks `{ … }`: the copy costs the Rust loader and no Python objects. A file
with blank nodes (`[ … ]` and `( … )` make new nodes at each reading) and a file loaded by itself
are copied from the store, quad by quad. Two loads rather than one stream of both keep the
loader's peak memory that of one copy.

Each load goes in parts of about LOAD_BYTES of files (EXTEND_QUADS quads for a copy): the Rust
loader holds the quads of one call several times over while it sorts them for the store's
indexes, about 650 MB for a million quads, which made the 1M build's peak 1.8 GB. A call costs
about 70 ms of fixed work, so a few dozen of them at 1M cost a second or two (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import threading

import pyoxigraph as ox

from kg.rdf import reading
from kg.limits import Limits
from kg.project import ProjectFile
from kg.store.canonical import rewritten_in

STREAMED_FORMATS = ("turtle", "ntriples")
# Whitespace, comments and prefix directives at the top of a Turtle file: they go before the block.
_HEAD = re.compile(rb"(?:\s+|#[^\n]*|@prefix\s+[^\s<]*\s*<[^>]*>\s*\.|(?i:PREFIX)\s+[^\s<]*\s*<[^>]*>)*")
_BASE = re.compile(rb"@base\b|(?i:BASE)\b")
_PIPE_BYTES = 1 << 20
LOAD_BYTES = 8 << 20  # of Turtle per bulk load: about 200,000 triples
EXTEND_QUADS = 200_000  # per bulk_extend


class FileRecord:
    """What the manifest keeps of a file, taken when it was read for this build."""

    def __init__(self, pf: ProjectFile, stat: os.stat_result, data: bytes):
        self.pf = pf
        self.size = stat.st_size
        self.mtime_ns = stat.st_mtime_ns
        self.ctime_ns = stat.st_ctime_ns
        self.inode = stat.st_ino
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.rewritten: dict | None = None  # kg.store.canonical.rewritten_in, once the file is parsed


class DefaultCopy:
    """What a second load needs to put the loaded files' triples into the default graph."""

    def __init__(self):
        self.parts: list[bytes] = []  # TriG: each blank-node-free file's directives and a default-graph block
        self.graphs: list[ox.NamedNode] = []  # graphs to copy from the store instead

    def load(self, store: ox.Store) -> None:
        """Fill the default graph: bulk loads of the kept parts, each let go once loaded, then the
        copied graphs."""
        parts, self.parts = self.parts, []
        while parts:
            batch = _taken(parts, LOAD_BYTES)
            store.bulk_load(b"".join(batch), format=ox.RdfFormat.TRIG)
            del batch
        copy_to_default_graph(store, self.graphs)


def load_project_files(store: ox.Store, files: list[ProjectFile], limits: Limits, *,
                       default_copy: DefaultCopy | None = None) -> list[FileRecord]:
    """Load every file into its named graph, and note in `default_copy` how to put it in the default
    graph later; raise the first file's error as kg.rdf.reading words it.

    The garbage collector is paused while the feeder runs: the caller's garbage must not be
    collected on the feeder's thread (pyoxigraph iterators may only be dropped on their own
    thread), and a million short-lived parsed quads need no cycle detection.
    """
    records: list[FileRecord] = []
    apart: list[tuple[ProjectFile, reading.RdfInput]] = []
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for group in _groups(files, LOAD_BYTES):
            feeder = _Feeder(group, limits, default_copy, records, apart)
            try:
                _bulk_load_stream(store, feeder)
            except (SyntaxError, ValueError, OSError):
                if feeder.error is not None:
                    raise feeder.error from None
                return _start_again_one_by_one(store, files, limits, default_copy)
            if feeder.error is not None:
                raise feeder.error
    finally:
        if was_enabled:
            gc.enable()
    for pf, inp in apart:
        _load_alone(store, pf, inp)
        if default_copy is not None:
            default_copy.graphs.append(ox.NamedNode(pf.graph))
    return records


def _start_again_one_by_one(store: ox.Store, files: list[ProjectFile], limits: Limits,
                            default_copy: DefaultCopy | None) -> list[FileRecord]:
    """A file that is valid Turtle but not valid inside a TriG block: the store again, one file at a time."""
    store.clear()
    if default_copy is not None:
        default_copy.parts.clear()
        default_copy.graphs[:] = [ox.NamedNode(pf.graph) for pf in files]
    return _load_one_by_one(store, files, limits)


def _groups(files: list[ProjectFile], limit: int):
    """The files in order, in runs of about `limit` bytes (one file at least)."""
    group, size = [], 0
    for pf in files:
        group.append(pf)
        size += _stat(pf).st_size
        if size >= limit:
            yield group
            group, size = [], 0
    if group:
        yield group


def _taken(parts: list[bytes], limit: int) -> list[bytes]:
    """Parts from the front of `parts`, removed from it, up to about `limit` bytes (one at least)."""
    size, count = 0, 0
    while count < len(parts) and (count == 0 or size < limit):
        size += len(parts[count])
        count += 1
    batch = parts[:count]
    del parts[:count]
    return batch


def copy_to_default_graph(store: ox.Store, graphs: list) -> None:
    """Every triple of `graphs` into the default graph, in bulk loads of EXTEND_QUADS."""
    bulk_extend_in_parts(store, (ox.Quad(q.subject, q.predicate, q.object)
                                 for g in graphs for q in store.quads_for_pattern(None, None, None, g)))


def bulk_extend_in_parts(store: ox.Store, quads) -> None:
    """store.bulk_extend(quads), EXTEND_QUADS at a time: one call holds all it is given several times
    over. Each call reads from the iterator as it goes: a list of its quads would cost ~80 MB more."""
    from itertools import chain, islice

    quads = iter(quads)
    for first in quads:
        store.bulk_extend(chain((first,), islice(quads, EXTEND_QUADS - 1)))


def _bulk_load_stream(store: ox.Store, feeder: _Feeder) -> None:
    read_end, write_end = os.pipe()
    _widen(write_end)
    feeder.start(write_end)
    try:
        if os.path.isdir("/dev/fd"):  # the loader opens the pipe itself and reads it without the GIL
            store.bulk_load(path=f"/dev/fd/{read_end}", format=ox.RdfFormat.TRIG)
        else:
            with os.fdopen(os.dup(read_end), "rb") as stream:
                store.bulk_load(stream, format=ox.RdfFormat.TRIG)
    finally:
        os.close(read_end)  # the writer, if still writing, now stops with a broken pipe
        feeder.join()


def _widen(fd: int) -> None:
    """A bigger pipe buffer: fewer switches between the writer and the loader (Linux only)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):
        pass


class _Feeder:
    """The thread that checks each file and writes the streamable ones into the pipe."""

    def __init__(self, files: list[ProjectFile], limits: Limits, default_copy: DefaultCopy | None,
                 records: list[FileRecord], apart: list):
        self.files, self.limits, self.default_copy = files, limits, default_copy
        self.records, self.apart = records, apart  # appended to
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self, fd: int) -> None:
        self._thread = threading.Thread(target=self._run, args=(fd,), name="kg-bulk-feeder", daemon=True)
        self._thread.start()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _run(self, fd: int) -> None:
        try:
            for pf, inp, blank in checked_inputs(self.files, self.limits, self.records):
                parts = stream_parts(inp, pf.graph)
                if parts is None:
                    self.apart.append((pf, inp))
                else:
                    self._keep(pf, parts, blank)
                    for part in parts:
                        _write_all(fd, part)
        except BrokenPipeError:
            pass  # the loader stopped reading: its own error is the one to report
        except BaseException as exc:  # handed to the main thread, which raises it
            self.error = exc
        finally:
            os.close(fd)

    def _keep(self, pf: ProjectFile, parts: tuple[bytes, ...], blank: bool) -> None:
        if self.default_copy is None:
            return
        if blank:
            self.default_copy.graphs.append(ox.NamedNode(pf.graph))
        else:
            head, _block, body, _end = parts
            self.default_copy.parts.append(b"".join((head, b"\n{\n", body, b"\n}\n")))


def checked_inputs(files: list[ProjectFile], limits: Limits, records: list[FileRecord]):
    """Each file read once, recorded for the manifest and parsed strictly on its own; with it,
    whether its triples hold a blank node."""
    for pf in files:
        stat = _stat(pf)
        data = reading.read_bytes(pf.path, limits)
        records.append(FileRecord(pf, stat, data))
        inp = reading.check_bytes(data, str(pf.path), reading.guess_format(pf.path), limits)
        # Formats that can name graphs are parsed into the file's own graph, which refuses any other.
        quads = reading.parse(inp, graph=pf.graph if inp.format in reading.NAMED_GRAPH_FORMATS else None, limits=limits)
        records[-1].rewritten = rewritten_in(quads)  # for kg export's note, which then parses nothing
        blank = ox.BlankNode
        yield pf, inp, any(type(q.subject) is blank or type(q.object) is blank for q in quads)


def _stat(pf: ProjectFile) -> os.stat_result:
    try:
        return os.stat(pf.path)
    except OSError:
        return os.stat_result((0,) * 10)  # read_bytes says what is wrong with the file


def stream_parts(inp: reading.RdfInput, graph: str) -> tuple[bytes, ...] | None:
    """The file as TriG (its directives, then its triples in a block of `graph`), or None to load it alone."""
    if inp.format not in STREAMED_FORMATS or b"_:" in inp.data:
        return None
    head = _HEAD.match(inp.data).end()
    if _BASE.match(inp.data, head):
        return None
    return inp.data[:head], b"\n<" + graph.encode("utf-8") + b"> {\n", inp.data[head:], b"\n}\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _load_alone(store: ox.Store, pf: ProjectFile, inp: reading.RdfInput) -> None:
    store.bulk_load(inp.data, format=reading.FORMATS[inp.format], to_graph=ox.NamedNode(pf.graph))


def _load_one_by_one(store: ox.Store, files: list[ProjectFile], limits: Limits) -> list[FileRecord]:
    records: list[FileRecord] = []
    for pf, inp, _blank in checked_inputs(files, limits, records):
        _load_alone(store, pf, inp)
    return records
