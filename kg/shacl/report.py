"""What a SHACL run found, as plain data: the same types whichever engine ran the shapes.

Results hold prefixed names and N-Triples terms, never Python reprs, so the CLI and the JSON
output render them without knowing which engine produced them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from kg.namespaces import SH, shorten

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


_PYTHON_REPR = re.compile(r"\b(Literal|URIRef|BNode)\(")
_IRI_IN_TEXT = re.compile(r"<?(https?://[^\s<>\"]+?)>?(?=[\s,;)]|\.(?:\s|$)|$)")


def plain_message(message: str) -> str:
    """A result message for people: IRIs as prefixed names where one fits, never a Python repr.

    pyshacl pastes values into `{?value}` as bare IRIs, and its default messages (for a shape
    without sh:message) are Python reprs; our shapes carry a message on every constraint.
    """
    if _PYTHON_REPR.search(message):
        return "the value does not satisfy this constraint of the shape"
    return _IRI_IN_TEXT.sub(lambda m: shorten(m.group(1)), message)


@dataclass(frozen=True)
class ShaclFinding:
    """One SHACL result about a focus node, with pyoxigraph terms (the engine's types stay in here)."""

    focus: object  # ox.NamedNode | ox.BlankNode
    path: ox.NamedNode | None
    value: object | None  # any pyoxigraph term
    severity: str  # violation | warning | info
    message: str
    shape: str  # the node shape the result comes from, prefixed (property shapes resolved to it)
    constraint: str  # e.g. sh:MinCountConstraintComponent
