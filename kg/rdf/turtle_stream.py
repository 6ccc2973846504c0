"""Turtle and TriG of a store's named graphs, streamed: the bytes kg.rdf.turtle writes, in bounded memory.

kg.rdf.turtle builds every statement as Python objects (5× the engine's dump and 1.8 GB at a
million triples, issue 17). Here the engine dumps each graph as N-Triples and every line that
mentions no blank node becomes one text record, its terms already in Turtle form:
`graph NUL subject-key NUL predicate-key NUL object`. The records are sorted outside memory
(kg.rdf.external_sort), which puts them in the writer's order (subjects by kg.rdf.turtle's key,
predicates by theirs, objects by text), and each run of one subject becomes one block.

Statements that mention a blank node need the whole picture (which nodes nest, cycles, labels)
and are few in practice: they stay terms and go through kg.rdf.turtle's own writer. Its choices
and the RDFC-1.0 canonical labels depend on those statements only, so the result is the same
bytes as the writer given the whole graph (tests/rdf/test_turtle_stream.py compares them). The
prefixes a document uses are known only once every term is written, so all terms are written
while collecting, before the first byte goes out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox

from kg.namespaces import OWL, PREFIXES, RDF, RDF_TYPE, XSD
from kg.rdf.external_sort import ExternalSort
from kg.rdf.graph_dumps import graph_dumps, line_batches
from kg.rdf.turtle import _Writer, block_text, graph_writers, indented, literal_text, predicate_lines, prefix_lines, subject_rank

SEP = "\x00"  # below every character a record's fields can hold, so records sort field by field
BATCH = 1 << 22  # characters read or written at a time
CACHE = 100_000  # IRIs whose Turtle text is remembered; cleared when full, so memory stays bounded


class TextOut:
    """Text to a binary file, encoded a few MB at a time."""

    def __init__(self, out):
        self.out, self.parts, self.size = out, [], 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size > BATCH:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.parts).encode("utf-8"))
        self.parts, self.size = [], 0


class _Records:
    """Turns N-Triples lines into sortable records, setting aside those with blank nodes."""

    def __init__(self, prefixes: dict[str, str], heads: set[str]):
        self.plain = _Writer([], prefixes)  # writes IRIs and literals, and notes the prefixes used
        self.heads = heads  # subjects typed owl:Ontology: their blocks come first
        self.iris: dict[str, str] = {}
        self.predicates: dict[str, str] = {}  # N-Triples token -> predicate key
        self.filled: set[str] = set()  # graph keys with at least one statement
        self.sorter = ExternalSort(binary=False)
        self.blank: dict[str, set[str]] = defaultdict(set)  # graph key -> N-Triples lines with a blank node

    def iri(self, value: str) -> str:
        """Turtle text of an IRI, remembered under its N-Triples token `<value>`."""
        token = "<" + value + ">"
        text = self.iris.get(token)
        if text is None:
            if len(self.iris) >= CACHE:
                self.iris.clear()
            text = self.iris[token] = self.plain.iri(value)
        return text

    def subject_key(self, value: str) -> str:
        return "0" + value if value in self.heads else "1" + str(subject_rank(value)) + self.iri(value)

    def predicate_key(self, token: str) -> str:
        key = self.predicates[token] = self.plain.predicate_key(token[1:-1])
        return key

    def add_graph(self, batches, key: str) -> None:
        """`key`: the graph's IRI in TriG; "" in Turtle, where the graphs merge into one."""
        for batch in batches:
            self.filled.add(key)
            self.sorter.extend(self.batch_records(batch, key))

    def batch_records(self, batch: list[str], key: str) -> list[str]:
        """The records of a list of lines: the one loop that runs once per statement, so kept lean."""
        records, iris, predicates = [], self.iris, self.predicates
        last, subject = None, ""
        for line in batch:
            if "_:" in line:
                self.blank[key].add(line)
                continue
            if "\\" in line or "<<" in line:  # escapes or a triple term: let the engine read the line
                records += self.parsed_records(line, key)
                continue
            s, p, o = line[:-3].split(" ", 2)
            if s != last:
                last, subject = s, key + SEP + self.subject_key(s[1:-1]) + SEP
            predicate = predicates.get(p) or self.predicate_key(p)
            text = iris.get(o) if o[0] == "<" else None
            records.append(subject + predicate + SEP + (text or self.object_text(o)) + "\n")
        return records

    def object_text(self, token: str) -> str:
        """An N-Triples object without escapes (no backslash) in Turtle."""
        if token[0] == "<":
            return self.iri(token[1:-1])
        end = token.rindex('"')
        value, tail = token[1:end], token[end + 1:]
        if not tail:
            return literal_text(value, None, XSD + "string", self.iri)
        if tail[0] == "@":
            return literal_text(value, tail[1:], RDF + "langString", self.iri)
        return literal_text(value, None, tail[3:-1], self.iri)

    def parsed_records(self, line: str, key: str) -> list[str]:
        return [f"{key}{SEP}{self.subject_key(t.subject.value)}{SEP}{self.predicates.get(str(t.predicate)) or self.predicate_key(str(t.predicate))}"
                f"{SEP}{self.plain.term(t.object, 0)}\n" for t in ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


class _Document:
    """The collected records and blank-node writers, written out in kg.rdf.turtle's order."""

    def __init__(self, records: _Records, trig: bool):
        self.records, self.trig = records, trig
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(key) if key else ox.DefaultGraph())
                 for key, lines in sorted(records.blank.items())
                 for t in ox.parse("".join(sorted(lines)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
        self.blank_count = len(quads)
        self.writers = {getattr(g, "value", ""): w for g, w in graph_writers(quads, records.plain.prefixes).items()}
        self.mixed: dict[tuple[str, str], ox.NamedNode] = {}  # named subjects with statements among the blank ones
        self.tails: dict[str, list[str]] = {}
        for key, writer in self.writers.items():
            records.sorter.add(f"{key}{SEP}{SEP}{SEP}\n")  # the graph has a block even with no plain record
            for subject in writer.by_subject:
                if isinstance(subject, ox.NamedNode):
                    skey = records.subject_key(subject.value)
                    self.mixed[key, skey] = subject
                    records.sorter.add(f"{key}{SEP}{skey}{SEP}{SEP}\n")
                    writer.predicate_lines(writer.by_subject[subject], 0)  # notes the prefixes it uses
            self.tails[key] = writer.blank_blocks()

    def used(self) -> set[str]:
        used = set(self.records.plain.used)
        for writer in self.writers.values():
            used |= writer.used
        return used

    def subject_block(self, key: str, skey: str, grouped: dict) -> str:
        node = self.mixed.get((key, skey))
        writer = self.records.plain
        if node is not None:
            writer = self.writers[key]
            for p, o in writer.by_subject[node]:
                grouped.setdefault(writer.predicate_key(p.value), []).append(o)
        head = skey[2:] if skey[0] == "1" else self.records.iri(skey[1:])
        return block_text(head, predicate_lines(grouped, writer.term, 0))

    def blocks(self) -> Iterator[tuple[str, str]]:
        """(graph key, block) in document order; counts the statements as it goes."""
        self.count = self.blank_count
        key = skey = previous = None
        grouped = None
        for line in self.records.sorter:
            if line == previous:  # the same statement in two graphs of a Turtle union
                continue
            previous = line
            g, s, p, o = line[:-1].split(SEP)
            if s != skey or g != key:
                if grouped is not None:
                    yield key, self.subject_block(key, skey, grouped)
                if g != key and key is not None:
                    yield from ((key, block) for block in self.tails.get(key, ()))
                key, skey, grouped = g, s, {} if s else None
            if p:
                grouped.setdefault(p, []).append(o)
                self.count += 1
        if grouped is not None:
            yield key, self.subject_block(key, skey, grouped)
        if key is not None:
            yield from ((key, block) for block in self.tails.get(key, ()))


def _collect(store: ox.Store, graphs: list[str], trig: bool, prefixes: dict[str, str], location) -> _Document:
    heads = {q.subject.value for g in graphs
             for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "Ontology"), ox.NamedNode(g))
             if isinstance(q.subject, ox.NamedNode)}
    records = _Records(prefixes, heads)
    for iri, dump in graph_dumps(store, graphs, location):
        records.add_graph(line_batches(dump), iri if trig else "")
    return _Document(records, trig)


def write_turtle(store: ox.Store, graphs: list[str], out, *, trig: bool = False,
                 prefixes: dict[str, str] | None = None, location=None) -> int:
    """Write the graphs to the binary file `out` as Turtle (their union) or TriG; the statement count.

    The same bytes as kg.rdf.turtle.serialize_turtle / serialize_trig of the same statements.
    `location`: the on-disk generation of `store`, so that a helper process can share the dumps.
    """
    prefixes = prefixes or PREFIXES
    document = _collect(store, graphs, trig, prefixes, location)
    try:
        text = TextOut(out)
        names = {key: document.records.iri(key) for key in graphs if key in document.records.filled} if trig else {}
        head = prefix_lines(document.used(), prefixes)
        current, first = None, True
        for key, block in document.blocks():
            if key != current:
                if current is None:
                    text.write(head + ("\n" if head else ""))
                elif trig:
                    text.write("}\n\n")
                if trig:
                    text.write(f"{names[key]} {{\n")
                current, first = key, True
            if not first:
                text.write("\n")
            text.write(indented(block) if trig else block)
            first = False
        if current is None:
            text.write(head)
        elif trig:
            text.write("}\n")
        text.flush()
        return document.count
    finally:
        document.records.sorter.close()

