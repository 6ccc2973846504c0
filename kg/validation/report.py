"""What kg validate judged (the new facts) and found in them, whichever check found it, in the
form every output renders.

Its findings (kg.findings.Finding) keep their pyoxigraph terms, so the report can be grouped by
subject and written back as a SHACL validation report graph; kg.rdf.terms.term_text turns the
terms into prefixed names for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from kg import findings
from kg.findings import VIOLATION, WARNING, Finding, shacl_iri
from kg.namespaces import KGSH, RDF_TYPE, SH, XSD, expand
from kg.rdf import positions
from kg.rdf.paths import path_triples
from kg.rdf.terms import term_text

# The checks in the order they run; a finding's stage says which one found it.
STAGES = ("vocabulary", "shapes", "axioms", "provenance")
_CHECK_COMPONENTS = {"vocabulary": "VocabularyCheck", "axioms": "AxiomCheck", "provenance": "ProvenanceCheck"}


@dataclass
class NewFacts:
    """The triples of the files to validate, and where each subject is written."""

    files: list[str] = field(default_factory=list)
    triples: list = field(default_factory=list)  # ox.Triple as a store keeps them, no duplicates, in file order
    written: list = field(default_factory=list)  # the same triples as the files write them (literals may differ)
    where: dict = field(default_factory=dict)  # subject -> (file, line or None)
    graph_names: set = field(default_factory=set)  # named graphs used by TriG / N-Quads input
    scans: list = field(default_factory=list)  # (RdfInput, [(triple as parsed, triple as stored)]) per file
    _spots: dict | None = field(default=None, repr=False)

    @property
    def spots(self) -> dict:
        """Stored triple -> (file, subject Spot, predicate Spot, object Spot), for the triples the
        files' text places (kg.rdf.positions). Scanned on first use: a report with no problem
        never pays for it (a few seconds of CPU at 100k triples)."""
        if self._spots is None:
            self._spots = {}
            for inp, pairs in self.scans:
                found = positions.triple_spots(inp, [parsed for parsed, _ in pairs])
                for parsed, stored in pairs:
                    if parsed in found:
                        self._spots.setdefault(stored, (inp.path, *found[parsed]))
        return self._spots

    @property
    def subjects(self) -> list:
        return list(dict.fromkeys(t.subject for t in self.triples))


@dataclass(frozen=True)
class Place:
    """Where a problem is written: the file, and the line and column when known."""

    file: str
    line: int | None = None
    column: int | None = None


@dataclass
class SubjectReport:
    subject: object
    file: str
    line: int | None
    problems: list[Finding]


@dataclass
class ValidationReport:
    facts: NewFacts
    problems: list[Finding]
    seconds: float  # the checks' own time, after the graph was opened

    @property
    def conforms(self) -> bool:
        return findings.conforms(self.problems)

    def count(self, severity: str) -> int:
        return findings.count(self.problems, severity)

    def count_custom(self) -> int:
        return findings.count_custom(self.problems)

    def place(self, problem: Finding) -> Place:
        """The offending triple's place: its object when the problem names a value, else its
        predicate, else its subject; the subject's line when the triple was not found written."""
        facts = self.facts
        if problem.value is not None and problem.path is not None:
            spot = facts.spots.get(ox.Triple(problem.focus, problem.path, problem.value)) if _triple_terms(problem) else None
            if spot:
                return Place(spot[0], spot[3].line, spot[3].column)
        firsts = self._first_spots
        for key, part in (((problem.focus, problem.path), 2), ((problem.focus, None), 1)):
            spot = firsts.get(key)
            if spot and key[0] is not None:
                return Place(spot[0], spot[part].line, spot[part].column)
        file, line = facts.where.get(problem.focus, (facts.files[0], None))
        return Place(file, line)

    @cached_property
    def _first_spots(self) -> dict:
        """(subject, predicate) and (subject, None) -> the spot of the first such triple written."""
        firsts: dict = {}
        for t, spot in self.facts.spots.items():
            firsts.setdefault((t.subject, t.predicate), spot)
            firsts.setdefault((t.subject, None), spot)
        return firsts

    def _reading_order(self, problem: Finding) -> tuple:
        """Where it is written (as a reader meets it), then the check's order."""
        place = self.place(problem)
        return place.line or 0, place.column or 0, *problem_order(problem)

    def by_subject(self) -> list[SubjectReport]:
        """Problems grouped by subject, in the order the subjects are written in the files."""
        groups: dict = {}
        for problem in self.problems:
            groups.setdefault(problem.focus, []).append(problem)
        order = {s: i for i, s in enumerate(self.facts.subjects)}
        reports = []
        for subject, problems in groups.items():
            file, line = self.facts.where.get(subject, (self.facts.files[0], None))
            reports.append(SubjectReport(subject, file, line, sorted(problems, key=self._reading_order)))
        return sorted(reports, key=lambda r: (self.facts.files.index(r.file), r.line or 0, order.get(r.subject, 0)))


def _triple_terms(problem: Finding) -> bool:
    return (isinstance(problem.focus, (ox.NamedNode, ox.BlankNode)) and isinstance(problem.path, ox.NamedNode)
            and isinstance(problem.value, (ox.NamedNode, ox.BlankNode, ox.Literal)))


def violation(stage: str, focus, path, value, message: str) -> Finding:
    return Finding(VIOLATION, message, focus=focus, path=path, value=value, stage=stage)


def warning(stage: str, focus, path, value, message: str) -> Finding:
    return Finding(WARNING, message, focus=focus, path=path, value=value, stage=stage)


def problem_order(problem: Finding) -> tuple:
    """Within one subject: by check, then property, value and message."""
    return STAGES.index(problem.stage), term_text(problem.path), term_text(problem.value), problem.message


def without_repeats(problems: list[Finding], causes: list[Finding] = (), unknown: set = frozenset(),
                    clashes: list[Finding] = ()) -> list[Finding]:
    """Each problem once, said by the check that names its cause.

    The shapes see only consequences where kg.validation.references sees the cause: a literal
    given to kg:recipient is "needs kg:recipient" to a shape, and a misspelt source is "needs
    kg:source". So a shape's result is dropped when one of the `causes` is about the same subject,
    property and value, and every other result whose value is one of the `unknown` IRIs is dropped
    (the cause names every fact that uses it). A clash with a disjointness axiom (`clashes`) is kept
    beside the shape's result on the same value: the shape says what is expected there, the clash
    why the value cannot be it. Otherwise a later check's repeat of an earlier one's is dropped.
    """
    explained = {(p.focus, p.path, p.value) for p in causes}
    seen: set = set()
    kept = []
    for problem in sorted(problems, key=lambda p: STAGES.index(p.stage)):
        about = problem.focus, problem.path, problem.value
        if problem not in causes and problem not in clashes:
            if (problem.stage == "shapes" and about in explained) or problem.value in unknown:
                continue
            if about in seen and problem.stage in ("axioms", "provenance"):
                continue
            seen.add(about)
        if problem not in kept:
            kept.append(problem)
    return kept


def report_triples(report: ValidationReport) -> list[ox.Triple]:
    """The report as a SHACL validation report graph: one sh:ValidationResult per problem.

    Problems found outside SHACL carry sh:sourceConstraintComponent kgsh:VocabularyCheck,
    kgsh:AxiomCheck or kgsh:ProvenanceCheck, so tools that read SHACL reports see them too.
    """
    sh = lambda name: ox.NamedNode(SH + name)  # noqa: E731
    root = ox.BlankNode("report")
    triples = [
        ox.Triple(root, ox.NamedNode(RDF_TYPE), sh("ValidationReport")),
        ox.Triple(root, sh("conforms"), ox.Literal(str(report.conforms).lower(), datatype=ox.NamedNode(XSD + "boolean"))),
    ]
    for number, problem in enumerate(report.problems):
        result = ox.BlankNode(f"result{number}")
        component = (_named(problem.constraint) if problem.constraint
                     else ox.NamedNode(KGSH + _CHECK_COMPONENTS[problem.stage]))
        path, path_structure = path_triples(problem.path, f"path{number}")  # a complex path keeps its structure
        triples += path_structure
        values = [
            (RDF_TYPE, sh("ValidationResult")),
            (SH + "focusNode", problem.focus),
            (SH + "resultSeverity", ox.NamedNode(shacl_iri(problem.severity))),
            (SH + "resultMessage", ox.Literal(problem.message, language="en")),
            (SH + "sourceConstraintComponent", component),
            (SH + "resultPath", path),
            (SH + "value", problem.value),
            (SH + "sourceShape", _named(problem.shape)),
        ]
        triples.append(ox.Triple(root, sh("result"), result))
        triples += [ox.Triple(result, ox.NamedNode(p), o) for p, o in values if o is not None]
    return triples


def _named(text: str):
    """The IRI a finding names as text (a prefixed name or <iri>, as a user's own shapes give it); None for []."""
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    iri = expand(text) if text else None
    return ox.NamedNode(iri) if iri is not None else None
