"""One type for whatever a check finds, and one vocabulary for how serious it is.

SHACL shapes, the checks of new facts (kg validate), ontology hygiene and the consistency check
all report the same thing: what is wrong, about which node, and how badly. With one type they
are counted, sorted and judged one way; each report keeps its own output (JSON keys, text lines)
on top. Severities are ours — violation, warning, info — and are translated here, and only here,
from SHACL's sh:Violation/sh:Warning/sh:Info and into the ERROR/WARN/INFO that ROBOT's `report`
(and so `kg check`) prints. A shape may name a severity of its own (any IRI): it is kept, as
that IRI, through every report, and it fails the check as a violation does (see `conforms`).
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
    """Our name for a sh:resultSeverity; a custom one stays its IRI; a missing one is a violation, SHACL's default."""
    if not iri:
        return VIOLATION
    return _FROM_SHACL.get(iri, iri)


def shacl_iri(severity: str) -> str:
    """The sh:resultSeverity of a severity: SHACL's for ours, the IRI itself for a custom one."""
    return SH + severity.capitalize() if severity in SEVERITIES else severity


def is_custom(severity: str) -> bool:
    return severity not in SEVERITIES


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

    severity: str  # violation | warning | info, or the IRI of a custom severity
    message: str  # a sentence for people: prefixed names, never a Python repr
    focus: object = None  # the node it is about
    path: object = None  # the property involved
    value: object = None  # the offending value
    stage: str = ""  # the check that found it: vocabulary, shapes, axioms, provenance, hygiene, consistency
    constraint: str = ""  # what was broken: a SHACL constraint component, or a hygiene rule (missing_label)
    shape: str = ""  # the SHACL node shape, prefixed, for findings of the shapes
    where: str = ""  # file:line where the focus is defined, when known


def located(where: str, severity: str, message: str) -> str:
    """A finding as the one line compilers print, `file:line:column: severity: message`, which
    editors and CI annotate; `where` is kg.errors.location's, `severity` as the report names it."""
    return f"{where}: {severity}: {message}" if where else f"{severity}: {message}"


def conforms(findings: Iterable[Finding]) -> bool:
    """Warnings and notes never fail a check; a violation does, and so does a custom severity.

    SHACL itself says a report conforms only when it has no result at all; kg lets sh:Warning and
    sh:Info pass on purpose (they are how a shape says "worth a look"). A custom severity's weight
    is the shape author's, which kg cannot know, so it is not taken to be harmless.
    """
    return not any(f.severity not in (WARNING, INFO) for f in findings)


def count(findings: Iterable[Finding], severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity)


def count_custom(findings: Iterable[Finding]) -> int:
    """Findings whose severity is a custom IRI (they fail like violations but are not counted as such)."""
    return sum(1 for f in findings if is_custom(f.severity))
