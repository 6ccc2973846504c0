"""A deterministic, pretty Turtle and TriG writer.

The same graph always gives the same bytes: prefixes sorted, one block per subject sorted by
name, `a` then rdfs:label first and the other predicates sorted, objects sorted, blank nodes
inlined where they are used once (so OWL axioms read as nested brackets and lists), and only the
rest labelled after RDF canonicalisation. Data files, `kg add` and `kg export` all write through
here, so a one-fact change is a one-line diff.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import LimitError
from kg.namespaces import KG, KGR, OWL, PREFIXES, RDF, RDF_TYPE, RDFS, RDFS_LABEL, SH, SKOS_ALT_LABEL, SRC, XSD, is_safe_local_name

RDF_FIRST, RDF_REST, RDF_NIL = RDF + "first", RDF + "rest", RDF + "nil"
MAX_DEPTH = 200
INDENT = "    "
_PRED_FIRST = {RDF_TYPE: "0", SH + "path": "1", RDFS_LABEL: "1", SKOS_ALT_LABEL: "2", RDFS + "comment": "3"}
ONE_LINE = 100  # a nested blank node this short, with no nesting of its own, stays on one line
_OWN_NAMESPACES = (KG, KGR, SRC)  # the project's own terms come before declared external ones
_BARE_INTEGER = re.compile(r"[+-]?\d+")
_BARE_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def literal_text(value: str, language: str | None, datatype: str, iri) -> str:
    """A literal in Turtle: bare where Turtle has a short form for exactly this text, `iri` writes the datatype."""
    if language:
        return f'"{_escape(value)}"@{language}'
    if datatype == XSD + "string":
        return f'"{_escape(value)}"'
    if datatype == XSD + "integer" and _BARE_INTEGER.fullmatch(value):
        return value
    if datatype == XSD + "decimal" and _BARE_DECIMAL.fullmatch(value):
        return value
    if datatype == XSD + "boolean" and value in ("true", "false"):
        return value
    return f'"{_escape(value)}"^^{iri(datatype)}'


def predicate_lines(grouped: dict, term, depth: int) -> list[str]:
    """The `predicate objects` lines of one block; `grouped` maps predicate_key to its objects.

    `term(object, depth, flat_ok)` writes one object: a string stays as it is (the streaming
    writer passes objects already written), a term is written by the caller's writer.
    """
    lines = []
    for key in sorted(grouped):
        objects = sorted(term(o, depth) for o in grouped[key])
        if len(objects) > 1 and any("\n" in o for o in objects):  # siblings of a multi-line node: all multi-line
            objects = sorted(term(o, depth, False) for o in grouped[key])
        head = "a" if key[0] == "0" else key[1:]
        joined = ", ".join(objects)
        if len(objects) > 1 and len(joined) > ONE_LINE and "\n" not in joined:
            joined = (",\n" + INDENT * (depth + 2)).join(objects)
        lines.append(f"{head} {joined}")
    return lines


def _escape(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:  # most literals: nothing to escape, no loop over characters
        return text
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


class _Writer:
    """Renders one graph's triples; `used` collects the prefixes the text needs."""

    def __init__(self, triples: list, prefixes: dict[str, str], shared: frozenset = frozenset()):
        """`shared`: blank nodes that other graphs of the same TriG document use too; they keep labels."""
        self.prefixes = prefixes
        self.used: set[str] = set()
        self.by_subject: dict = defaultdict(list)
        self.refs: dict = defaultdict(int)
        for t in triples:
            self.by_subject[t.subject].append((t.predicate, t.object))
            if isinstance(t.object, ox.BlankNode):
                self.refs[t.object] += 1
        self.inline = {b for b, n in self.refs.items() if n == 1 and b in self.by_subject and b not in shared}
        self._drop_cycles()
        # Blank nodes that cannot be nested get labels, in the order of their (canonical) ids.
        mentioned = set(self.refs) | (shared & set(self.by_subject))
        referenced = sorted((b for b in mentioned if b not in self.inline), key=lambda b: b.value)
        self.labels: dict = {b: f"_:b{i}" for i, b in enumerate(referenced)}

    @property
    def needs_stable_ids(self) -> bool:
        return bool(self.labels)

    def _drop_cycles(self) -> None:
        """A blank node inside a cycle cannot be nested; it gets a label instead."""
        parent = {}
        for s, pos in self.by_subject.items():
            for _, o in pos:
                if o in self.inline:
                    parent[o] = s
        for start in list(self.inline):
            seen, node = set(), start
            while node in self.inline and node not in seen:
                seen.add(node)
                node = parent.get(node)
            if node is not None and node in seen:
                self.inline -= seen

    # -------------------------------------------------------------- terms
    def iri(self, value: str, mark_used: bool = True) -> str:
        best = ""
        for prefix, ns in self.prefixes.items():
            if value.startswith(ns) and len(ns) > len(self.prefixes.get(best, "")):
                local = value[len(ns):]
                if is_safe_local_name(local):
                    best = prefix
        if best:
            if mark_used:
                self.used.add(best)
            return f"{best}:{value[len(self.prefixes[best]):]}"
        return f"<{value}>"

    def literal(self, lit: ox.Literal) -> str:
        return literal_text(lit.value, lit.language, lit.datatype.value, self.iri)

    def term(self, term, depth: int, flat_ok: bool = True) -> str:
        if isinstance(term, str):  # already written (kg.rdf.turtle_stream)
            return term
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            return self.literal(term)
        if isinstance(term, ox.BlankNode):
            if term in self.inline:
                return self.nested(term, depth + 1, flat_ok)
            return self.labels[term]
        raise ValueError(f"cannot write {term!r} in Turtle")  # RDF-star triple terms

    # -------------------------------------------------------------- structure
    def as_list(self, node) -> list | None:
        """The items of a well-formed RDF list that starts at `node`, else None."""
        items = []
        while node != ox.NamedNode(RDF_NIL):
            if node not in self.inline:
                return None
            pos = self.by_subject[node]
            first = [o for p, o in pos if p.value == RDF_FIRST]
            rest = [o for p, o in pos if p.value == RDF_REST]
            if len(pos) != 2 or len(first) != 1 or len(rest) != 1:
                return None
            items.append(first[0])
            node = rest[0]
        return items

    def nested(self, node, depth: int, flat_ok: bool = True) -> str:
        if depth > MAX_DEPTH:
            raise LimitError(f"blank nodes nested more than {MAX_DEPTH} levels deep cannot be written")
        items = self.as_list(node)
        if items is not None:
            return "( " + " ".join(self.term(i, depth) for i in items) + " )" if items else "()"
        body = self.predicate_lines(self.by_subject[node], depth)
        flat = "[ " + " ; ".join(body) + " ]"
        if flat_ok and len(flat) <= ONE_LINE and "\n" not in flat:
            return flat
        pad = INDENT * (depth + 1)
        return "[\n" + pad + (" ;\n" + pad).join(body) + "\n" + INDENT * depth + "]"

    def predicate_lines(self, pos: list, depth: int) -> list[str]:
        grouped: dict = defaultdict(list)
        for p, o in pos:
            grouped[self.predicate_key(p.value)].append(o)
        return predicate_lines(grouped, self.term, depth)

    def predicate_key(self, iri: str) -> str:
        """The predicate's place in a block (`a`, then labels, then by name) and its text after one character."""
        return _PRED_FIRST.get(iri, "4") + self.iri(iri, mark_used=iri != RDF_TYPE)  # rdf:type is written `a`

    def subject_block(self, subject, depth: int = 0) -> str:
        if isinstance(subject, ox.BlankNode) and subject not in self.labels:
            head = "[]"
        else:
            head = self.term(subject, depth) if not isinstance(subject, ox.BlankNode) else self.labels[subject]
        return block_text(head, self.predicate_lines(self.by_subject[subject], depth))

    def subject_key(self, subject: ox.NamedNode) -> tuple:
        return subject_rank(subject.value), self.iri(subject.value, False)

    def blank_blocks(self) -> list[str]:
        """The blocks of blank nodes that are not nested: unreferenced ones by text, then labelled ones by label."""
        roots = [s for s in self.by_subject if isinstance(s, ox.BlankNode) and not self.refs.get(s) and s not in self.labels]
        labelled = [s for s in self.by_subject if s in self.labels]
        return (sorted(self.subject_block(s) for s in roots)
                + [self.subject_block(s) for s in sorted(labelled, key=lambda b: self.labels[b])])

    def render(self) -> str:
        ontology_heads = sorted(
            (s for s, pos in self.by_subject.items()
             if isinstance(s, ox.NamedNode) and any(p.value == RDF_TYPE and o == ox.NamedNode(OWL + "Ontology") for p, o in pos)),
            key=lambda s: s.value,
        )
        named = sorted((s for s in self.by_subject if isinstance(s, ox.NamedNode) and s not in ontology_heads),
                       key=self.subject_key)
        blocks = [self.subject_block(s) for s in ontology_heads + named] + self.blank_blocks()
        return "\n".join(blocks)


def subject_rank(iri: str) -> int:
    """The project's own terms first (resources, ontology, sources), then the rest."""
    return next((i for i, ns in enumerate(_OWN_NAMESPACES) if iri.startswith(ns)), len(_OWN_NAMESPACES))


def block_text(head: str, lines: list[str]) -> str:
    return head + " " + (" ;\n" + INDENT).join(lines) + " .\n"


def indented(block: str) -> str:
    """A block inside a TriG graph: every line indented once, blank lines left empty."""
    return "".join(INDENT + line + "\n" if line else "\n" for line in block.rstrip("\n").split("\n"))


def _canonical(quads: list) -> list:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset)


def prefix_lines(used: Iterable[str], prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in sorted(used))


def serialize_turtle(triples: Iterable, prefixes: dict[str, str] | None = None) -> str:
    """Turtle for one graph's triples (pyoxigraph Triples or Quads; graph names are ignored)."""
    prefixes = prefixes or PREFIXES
    items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    writer = _Writer(items, prefixes)
    if writer.needs_stable_ids:
        writer = _Writer(_canonical(items), prefixes)
    body = writer.render()
    head = prefix_lines(writer.used, prefixes)
    return head + ("\n" if head and body else "") + body


def serialize_trig(quads: Iterable[ox.Quad], prefixes: dict[str, str] | None = None) -> str:
    """TriG with one block per named graph, graphs sorted by IRI, the default graph first."""
    prefixes = prefixes or PREFIXES
    writers = graph_writers(list(quads), prefixes)
    used: set[str] = set()
    parts = []
    order = sorted(writers, key=lambda g: (not isinstance(g, ox.DefaultGraph), getattr(g, "value", "")))
    for g in order:
        writer = writers[g]
        body = writer.render()
        used |= writer.used
        if isinstance(g, ox.DefaultGraph):
            parts.append(body)
        else:
            name = writer.iri(g.value) if isinstance(g, ox.NamedNode) else str(g)
            used |= writer.used
            parts.append(f"{name} {{\n{indented(body)}}}\n")
    head = prefix_lines(used, prefixes)
    return head + ("\n" if head and parts else "") + "\n".join(parts)


def graph_writers(quads: list, prefixes: dict[str, str]) -> dict:
    """One writer per graph name, with canonical blank nodes when any needs a label.

    A label names one node in the whole document (TriG labels are not scoped to a graph block),
    so labels are numbered over all graphs. The statements that mention no blank node change
    nothing here, which lets kg.rdf.turtle_stream pass only the others.
    """
    shared = _shared_blank_nodes(quads)
    if shared or any(_Writer(qs, prefixes).needs_stable_ids for qs in _group(quads).values()):
        quads = _canonical(quads)
        shared = _shared_blank_nodes(quads)
    writers = {g: _Writer(qs, prefixes, shared) for g, qs in _group(quads).items()}
    labelled = sorted({b for w in writers.values() for b in w.labels}, key=lambda b: b.value)
    document_labels = {b: f"_:b{i}" for i, b in enumerate(labelled)}
    for writer in writers.values():
        writer.labels = {b: document_labels[b] for b in writer.labels}
    return writers


def _shared_blank_nodes(quads: list) -> frozenset:
    """Blank nodes used in more than one graph: one node, so one label, not a nested copy per graph."""
    graphs: dict = defaultdict(set)
    for q in quads:
        for term in (q.subject, q.object):
            if isinstance(term, ox.BlankNode):
                graphs[term].add(q.graph_name)
    return frozenset(b for b, names in graphs.items() if len(names) > 1)


def _group(quads: list) -> dict:
    by_graph: dict = defaultdict(list)
    for q in quads:
        by_graph[q.graph_name].append(q)
    return by_graph
