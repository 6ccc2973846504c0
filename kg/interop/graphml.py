"""GraphML for tools that do not read RDF: Gephi, Cytoscape, yEd, networkx.

A property graph cannot hold RDF as it is, so the mapping is:
- a node per IRI or blank node that is a subject, or the object of a non-type statement;
- node data: `label` (its rdfs:label, English first, else its prefixed name), `class` (its
  rdf:types, prefixed, space-separated), `iri` (full IRI, or _:label for a blank node), and one
  key per literal-valued property named by its prefixed name (several values joined by " | ");
- an edge per statement whose object is an IRI or blank node (rdf:type excepted), with data
  `property`, the prefixed name of the property.
Ids are n0, n1… and e0, e1… in sorted order, so the same graph gives the same file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.namespaces import RDF_TYPE, RDFS_LABEL, shorten
from kg.rdf.terms import term_text

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
VALUE_SEPARATOR = " | "
# Characters XML 1.0 cannot carry at all; they are written as \uXXXX text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FIXED_KEYS = [("label", "node"), ("class", "node"), ("iri", "node"), ("property", "edge")]


def _text(value: str) -> str:
    return escape(_NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04X}", value))


_name = partial(term_text, blank_ids=True)  # prefixed names; blank nodes by id, to tell them apart


class _PropertyGraph:
    """The RDF statements regrouped as nodes with data and edges."""

    def __init__(self, statements: list):
        self.classes: dict = defaultdict(set)
        self.literals: dict = defaultdict(lambda: defaultdict(list))
        self.edges: set = set()
        nodes: set = set()
        for st in statements:
            s, p, o = st.subject, st.predicate, st.object
            nodes.add(s)
            if isinstance(o, ox.Literal):
                self.literals[s][p.value].append(o)
            elif p.value == RDF_TYPE:
                self.classes[s].add(_name(o))
            else:
                nodes.add(o)
                self.edges.add((s, _name(p), o))
        self.nodes = sorted(nodes, key=lambda n: (isinstance(n, ox.BlankNode), _name(n)))
        self.ids = {n: f"n{i}" for i, n in enumerate(self.nodes)}
        literal_props = sorted({shorten(p) for props in self.literals.values() for p in props if p != RDFS_LABEL})
        self.keys = {name: f"d{i}" for i, name in enumerate([k for k, _ in _FIXED_KEYS] + literal_props)}

    def label(self, node) -> str:
        labels = self.literals[node].get(RDFS_LABEL, []) if node in self.literals else []
        if not labels:
            return _name(node)
        return min(labels, key=lambda lit: (lit.language != "en", lit.language or "", lit.value)).value

    def node_data(self, node) -> list[tuple[str, str]]:
        data = [("label", self.label(node))]
        if self.classes.get(node):
            data.append(("class", " ".join(sorted(self.classes[node]))))
        data.append(("iri", node.value if isinstance(node, ox.NamedNode) else str(node)))
        props = self.literals.get(node, {})
        for prop in sorted(props, key=shorten):
            if prop != RDFS_LABEL:
                data.append((shorten(prop), VALUE_SEPARATOR.join(sorted(lit.value for lit in props[prop]))))
        return data


def serialize_graphml(statements: list) -> tuple[bytes, int]:
    """GraphML bytes for canonical, sorted triples, and how many nodes + edges it holds."""
    pg = _PropertyGraph(statements)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n',
    ]
    fixed = dict(_FIXED_KEYS)
    for name, key_id in pg.keys.items():
        domain = fixed.get(name, "node")
        out.append(f'  <key id="{key_id}" for="{domain}" attr.name={quoteattr(name)} attr.type="string"/>\n')
    out.append('  <graph id="G" edgedefault="directed">\n')
    for node in pg.nodes:
        out.append(f'    <node id="{pg.ids[node]}">\n')
        out.extend(f'      <data key="{pg.keys[k]}">{_text(v)}</data>\n' for k, v in pg.node_data(node))
        out.append("    </node>\n")
    edges = sorted(pg.edges, key=lambda e: (int(pg.ids[e[0]][1:]), e[1], int(pg.ids[e[2]][1:])))
    for i, (s, prop, o) in enumerate(edges):
        out.append(f'    <edge id="e{i}" source="{pg.ids[s]}" target="{pg.ids[o]}">\n')
        out.append(f'      <data key="{pg.keys["property"]}">{_text(prop)}</data>\n')
        out.append("    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return "".join(out).encode("utf-8"), len(pg.nodes) + len(edges)


def count_elements(path: Path) -> int:
    """Nodes + edges in a GraphML file, read with the standard XML parser (no DTDs in GraphML)."""
    import xml.etree.ElementTree as ET

    from kg.errors import InputError

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"the GraphML export is not well-formed XML: {exc}; nothing was written", path=str(path)) from None
    ns = "{" + GRAPHML_NS + "}"
    return len(root.findall(f"{ns}graph/{ns}node")) + len(root.findall(f"{ns}graph/{ns}edge"))
