"""`kg validate`: judge new facts against the ontology, the shapes and the existing graph.

The checks run in order: strict parsing (a file that does not parse stops everything, exit 3),
then vocabulary, SHACL shapes, the ontology's axioms and provenance. All checks after parsing run,
so one report shows every problem; a problem two checks both see is reported once, by the first.

SHACL judges the new facts *together with* the existing graph (a new fact may point at an entity
typed only there), but only the new facts' subjects are reported on, and only their neighbourhood
is fetched from the store (kg.validation.neighbourhood), so the cost does not grow with the graph.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.terms import term_text
from kg.validation import axioms, neighbourhood, provenance, vocabulary
from kg.store import build
from kg.rdf import locations, reading
from kg import shacl
from kg.errors import InputError
from kg.limits import Limits
from kg.namespaces import KGSH, RDF_TYPE, SH, SHAPES_GRAPH, XSD, expand, shorten
from kg.store.ontology import Ontology
from kg.validation.problems import Problem, violation, without_repeats
from kg.project import Project
from kg.store.graph import Graph, as_stored


@dataclass
class NewFacts:
    """The triples of the files to validate, and where each subject is written."""

    files: list[str] = field(default_factory=list)
    triples: list = field(default_factory=list)  # ox.Triple as a store keeps them, no duplicates, in file order
    written: list = field(default_factory=list)  # the same triples as the files write them (literals may differ)
    where: dict = field(default_factory=dict)  # subject -> (file, line or None)
    graph_names: set = field(default_factory=set)  # named graphs used by TriG / N-Quads input

    @property
    def subjects(self) -> list:
        return list(dict.fromkeys(t.subject for t in self.triples))


@dataclass
class SubjectReport:
    subject: object
    file: str
    line: int | None
    problems: list[Problem]


@dataclass
class ValidationReport:
    facts: NewFacts
    problems: list[Problem]
    seconds: float  # the checks' own time, after the graph was opened

    @property
    def conforms(self) -> bool:
        return not any(p.severity == "violation" for p in self.problems)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    def by_subject(self) -> list[SubjectReport]:
        """Problems grouped by subject, in the order the subjects are written in the files."""
        groups: dict = {}
        for problem in self.problems:
            groups.setdefault(problem.subject, []).append(problem)
        order = {s: i for i, s in enumerate(self.facts.subjects)}
        reports = []
        for subject, problems in groups.items():
            file, line = self.facts.where.get(subject, (self.facts.files[0], None))
            reports.append(SubjectReport(subject, file, line, sorted(problems, key=Problem.sort_key)))
        return sorted(reports, key=lambda r: (self.facts.files.index(r.file), r.line or 0, order.get(r.subject, 0)))


def read_new_facts(paths: list[Path], input_format: str | None = None, limits: Limits | None = None) -> NewFacts:
    """Parse every file strictly; raises InputError (exit 3) at the first file that does not parse."""
    limits = limits or Limits()
    facts = NewFacts()
    seen: set = set()
    for number, path in enumerate(paths):
        inp = reading.read_input(path, input_format, limits)
        quads = reading.parse(inp, limits=limits)
        if not quads:
            raise InputError("the file holds no triples: nothing to validate", path=inp.path)
        facts.files.append(inp.path)
        lines = locations.subject_lines(inp, quads)
        if len(paths) > 1:  # _:b in one file is not _:b in another
            quads, lines = _own_blank_nodes(quads, lines, f"f{number}")
        for subject, line in lines.items():
            facts.where.setdefault(subject, (inp.path, line))
        facts.graph_names |= {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
        for stored, q in zip(as_stored(quads), quads):
            if stored not in seen:
                seen.add(stored)
                facts.triples.append(stored)
                facts.written.append(ox.Triple(q.subject, q.predicate, q.object))
        for subject in dict.fromkeys(q.subject for q in quads):
            facts.where.setdefault(subject, (inp.path, None))
    return facts


def _own_blank_nodes(quads: list, lines: dict, tag: str) -> tuple[list, dict]:
    def own(term):
        return ox.BlankNode(f"{tag}x{term.value}") if isinstance(term, ox.BlankNode) else term

    quads = [ox.Quad(own(q.subject), q.predicate, own(q.object), q.graph_name) for q in quads]
    return quads, {own(subject): line for subject, line in lines.items()}


def validate_files(
    project: Project, paths: list[Path], store_dir: Path | None = None,
    input_format: str | None = None, limits: Limits | None = None,
) -> ValidationReport:
    """Parse the files first (a syntax error costs nothing else), then judge them against the project."""
    facts = read_new_facts(paths, input_format, limits)
    return validate_facts(build.open_graph(project, store_dir, limits), facts, limits=limits)


def validate_facts(graph: Graph, facts: NewFacts, expected_source: str | None = None,
                   limits: Limits | None = None) -> ValidationReport:
    """Every check after parsing. With `expected_source`, every kg:source must name that source."""
    started = time.perf_counter()
    ontology = Ontology.from_store(graph.store)
    focus = facts.subjects
    hood = neighbourhood.gather(graph.store, facts.triples, focus)
    shapes = graph.store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH))
    findings = shacl.validate_triples([*hood.triples, *facts.triples], shapes, focus, (limits or Limits()).max_nesting_depth)
    problems = vocabulary.check(facts.triples, ontology)
    problems += [Problem("shapes", f.severity, f.focus, f.path, f.value, f.message, f.shape, f.constraint)
                 for f in findings]
    problems += axioms.check(facts.triples, ontology, hood.types)
    problems += provenance_problems(facts.triples, ontology, hood.types, expected_source)
    return ValidationReport(facts, without_repeats(problems), time.perf_counter() - started)


def provenance_problems(triples: list, ontology: Ontology, types: dict, expected_source: str | None) -> list[Problem]:
    """Fact-bearing subjects without evidence or source; sources that are not kg:Source nodes."""
    known_sources = {node for node, classes in types.items() if provenance.SOURCE_CLASS in classes}
    problems = []
    for gap in provenance.missing_provenance(triples, provenance.fact_classes(ontology), known_sources):
        advice = ("the verbatim sentence of the source that states it" if gap.property == provenance.EVIDENCE
                  else "the source (src:<slug>) it comes from")
        problems.append(violation("provenance", gap.subject, ox.NamedNode(gap.property), None,
                                  f"this node states a fact but has no {shorten(gap.property)}: add {advice}"))
    for t in triples:
        if t.predicate.value != provenance.SOURCE:
            continue
        named = shorten(t.object.value) if isinstance(t.object, ox.NamedNode) else term_text(t.object)
        if t.object not in known_sources:
            problems.append(violation("provenance", t.subject, t.predicate, t.object,
                                      f"{named} is not a kg:Source in these files or the graph; describe it "
                                      "(a kg:Source with its title, genre, publisher and date)"))
        elif expected_source is not None and t.object != ox.NamedNode(expected_source):
            problems.append(violation("provenance", t.subject, t.predicate, t.object,
                                      f"{named} is not {shorten(expected_source)}, the source these facts are "
                                      "being added to; a file added at once holds the facts of one source"))
    return problems


_CHECK_COMPONENTS = {"vocabulary": "VocabularyCheck", "axioms": "AxiomCheck", "provenance": "ProvenanceCheck"}


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
        component = (ox.NamedNode(expand(problem.constraint)) if problem.constraint
                     else ox.NamedNode(KGSH + _CHECK_COMPONENTS[problem.stage]))
        values = [
            (RDF_TYPE, sh("ValidationResult")),
            (SH + "focusNode", problem.subject),
            (SH + "resultSeverity", sh(problem.severity.capitalize())),
            (SH + "resultMessage", ox.Literal(problem.message, language="en")),
            (SH + "sourceConstraintComponent", component),
            (SH + "resultPath", problem.property),
            (SH + "value", problem.value),
            (SH + "sourceShape", ox.NamedNode(expand(problem.shape)) if problem.shape else None),
        ]
        triples.append(ox.Triple(root, sh("result"), result))
        triples += [ox.Triple(result, ox.NamedNode(p), o) for p, o in values if o is not None]
    return triples
