"""What a SHACL run found, as plain data: the same findings (kg.findings) whichever engine ran the shapes.

A whole-graph report holds its findings as text (prefixed names and N-Triples terms, never Python
reprs), so the CLI and the JSON output render them without knowing which engine produced them,
and the two engines' reports compare equal although they name blank nodes differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from kg import findings
from kg.findings import Finding
from kg.namespaces import shorten
from kg.rdf.terms import term_text

RESULT_FIELDS = ("focus", "path", "value", "severity", "message", "shape", "constraint")


@dataclass
class ShaclReport:
    results: list[Finding] = field(default_factory=list)  # as text (see as_text), sorted by result_order
    report_graph: object = None  # the engine's rdflib report graph, for -f ttl

    @property
    def conforms(self) -> bool:
        return findings.conforms(self.results)

    def count(self, severity: str) -> int:
        return findings.count(self.results, severity)

    def count_custom(self) -> int:
        return findings.count_custom(self.results)


def as_text(finding: Finding) -> Finding:
    """The finding as a whole-graph report keeps it: its terms rendered (blank nodes as [])."""
    return replace(finding, focus=term_text(finding.focus), path=term_text(finding.path), value=term_text(finding.value))


def result_order(finding: Finding) -> tuple:
    """Focus, path, value, then the rest: the order of kg build's report, the same from both engines."""
    return tuple(getattr(finding, name) for name in RESULT_FIELDS)


def result_json(finding: Finding) -> dict:
    """A result as kg build's JSON gives it: the fields of a SHACL validation result."""
    return {name: severity_text(finding.severity) if name == "severity" else getattr(finding, name)
            for name in RESULT_FIELDS}


def severity_text(severity: str) -> str:
    """How a report names a severity: ours as they are (violation, warning, info), a custom one as
    its IRI reads (a prefixed name where one fits), so a shape's own severity is never renamed."""
    return term_text(ox.NamedNode(severity)) if findings.is_custom(severity) else severity


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

