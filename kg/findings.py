"""One type for whatever a check finds, and one vocabulary for how serious it is.

SHACL shapes, the checks of new facts (kg validate), ontology hygiene and the consistency check
all report the same thing: what is wrong, about which node, and how badly. With one type they
are counted, sorted and judged one way; each report keeps its own output (JSON keys, text lines)
on top. Severities are ours — violation, warning, info — and are translated here, and only here,
from SHACL's sh:Violation/sh:Warning/sh:Info and into the ERROR/WARN/INFO that ROBOT's `report`
(and so `kg check`) prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.namespaces import SH

VIOLATION, WARNING, INFO = "violation", "warning", "info"
SEVERITIES = (VIOLATION, WARNING, INFO)  # most serious first

_FROM_SHACL = {SH + "Violation": VIOLATION, SH + "Warning": WARNING, SH + "Info": INFO}
ROBOT_NAMES = {VIOLATION: "ERROR", WARNING: "WARN", INFO: "INFO"}


def from_shacl(iri: str | None) -> str:
    """Our name for a sh:resultSeverity; a missing or custom one counts as a violation, as SHACL's default."""
    return _FROM_SHACL.get(iri or "", VIOLATION)


def shacl_iri(severity: str) -> str:
    return SH + severity.capitalize()


@dataclass(frozen=True)
class Finding:
    """Something a check found.

    `focus`, `path` and `value` are pyoxigraph terms (None when absent) while the terms
    themselves still matter: kg validate groups findings by node and writes them back as a SHACL
    report graph. Where a report is final they are already the text people read
    (kg.rdf.terms.term_text; "" when absent): the whole-graph SHACL report, whose two engines
    name blank nodes differently but both render them "[]", hygiene, and the consistency check,
    which may name a file rather than a node.
    """

    severity: str  # violation | warning | info
    message: str  # a sentence for people: prefixed names, never a Python repr
    focus: object = None  # the node it is about
    path: object = None  # the property involved
    value: object = None  # the offending value
    stage: str = ""  # the check that found it: vocabulary, shapes, axioms, provenance, hygiene, consistency
    constraint: str = ""  # what was broken: a SHACL constraint component, or a hygiene rule (missing_label)
    shape: str = ""  # the SHACL node shape, prefixed, for findings of the shapes
    where: str = ""  # file:line where the focus is defined, when known


def conforms(findings: Iterable[Finding]) -> bool:
    """Warnings and notes never fail a check; a single violation does."""
    return not any(f.severity == VIOLATION for f in findings)


def count(findings: Iterable[Finding], severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity)
