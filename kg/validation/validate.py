"""`kg validate`: judge new facts against the ontology, the shapes and the existing graph.

The checks run in order: strict parsing (a file that does not parse stops everything, exit 3),
then vocabulary, SHACL shapes, the ontology's axioms and provenance. All checks after parsing run,
so one report shows every problem; a problem two checks both see is reported once, by the first.

SHACL judges the new facts *together with* the existing graph (a new fact may point at an entity
typed only there), but only the new facts' subjects are reported on, and only their neighbourhood
is fetched from the store (kg.validation.neighbourhood), so the cost does not grow with the graph.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.terms import term_text
from kg.validation import axioms, neighbourhood, provenance, references, vocabulary
from kg.store import build
from kg.rdf import locations, reading
from kg import shacl
from kg.errors import InputError, location
from kg.findings import Finding
from kg.limits import Limits
from kg.namespaces import RDF_TYPE, SHAPES_GRAPH, shorten
from kg.store.ontology import Ontology
from kg.validation.report import NewFacts, ValidationReport, violation, without_repeats
from kg.project import Project
from kg.store.canonical import as_stored
from kg.store.graph import Graph


def read_new_facts(paths: list, input_format: str | None = None, limits: Limits | None = None) -> NewFacts:
    """Parse every file strictly; raises InputError (exit 3) at the first file that does not parse.

    A path may also be an RdfInput already read (standard input, which the command line reads).
    """
    limits = limits or Limits()
    facts = NewFacts()
    seen: set = set()
    for number, path in enumerate(paths):
        inp = path if isinstance(path, reading.RdfInput) else reading.read_input(path, input_format, limits, regular_only=False)
        quads = reading.parse(inp, limits=limits)
        if not quads:
            raise InputError("the file holds no triples: nothing to validate", path=inp.path)
        facts.files.append(inp.path)
        lines = locations.subject_lines(inp, quads)
        as_written = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        if len(paths) > 1:  # _:b in one file is not _:b in another
            quads, lines = _own_blank_nodes(quads, lines, f"f{number}")
        for subject, line in lines.items():
            facts.where.setdefault(subject, (inp.path, line))
        facts.graph_names |= {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
        stored_quads = as_stored(quads)
        facts.scans.append((inp, list(zip(as_written, stored_quads))))  # placed only when a problem is
        for stored, q in zip(stored_quads, quads):
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
    project: Project, paths: list, store_dir: Path | None = None,
    input_format: str | None = None, limits: Limits | None = None,
) -> ValidationReport:
    """Parse the files first (a syntax error costs nothing else), then judge them against the project.

    Each of `paths` is a path or an RdfInput already read (standard input)."""
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
    names = references.Names(graph.store, facts, ontology)
    known_sources = {node for node, classes in hood.types.items() if provenance.SOURCE_CLASS in classes}
    problems = vocabulary.check(facts.triples, ontology)
    problems += shacl.validate_triples([*hood.triples, *facts.triples], shapes, focus, (limits or Limits()).max_nesting_depth)
    axiom_problems, clashes = axioms.check(facts.triples, ontology, hood.types, _type_origins(graph, facts, hood))
    problems += axiom_problems
    problems += provenance_problems(facts.triples, ontology, known_sources, expected_source)
    found, unknown = references.check(facts, ontology, names, known_sources)
    problems += found
    return ValidationReport(facts, without_repeats(problems, found, unknown, clashes), time.perf_counter() - started)


def _type_origins(graph: Graph, facts: NewFacts, hood) -> dict:
    """(node, class IRI) -> where that type is stated: file:line:column in the new files, or the graph's file."""
    files = {pf.graph: os.path.relpath(pf.path, graph.project.root) for pf in graph.files}
    origins = {key: f"in the graph ({files.get(name, shorten(name))})" for key, name in hood.origins.items()}
    for t in facts.triples:
        spot = facts.spots.get(t)
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            where = location(spot[0], spot[3].line, spot[3].column) if spot else facts.where.get(t.subject, ("",))[0]
            origins[(t.subject, t.object.value)] = f"at {where}"
    return origins


def provenance_problems(triples: list, ontology: Ontology, known_sources: set, expected_source: str | None) -> list[Finding]:
    """Fact-bearing subjects without evidence or source; facts of another source than the one added to.

    A kg:source that names no known kg:Source is kg.validation.references' to report, once per IRI.
    """
    problems = []
    for gap in provenance.missing_provenance(triples, provenance.fact_classes(ontology), known_sources):
        advice = ("the verbatim sentence of the source that states it" if gap.property == provenance.EVIDENCE
                  else "the source (src:<slug>) it comes from")
        problems.append(violation("provenance", gap.subject, ox.NamedNode(gap.property), None,
                                  f"this node states a fact but has no {shorten(gap.property)}: add {advice}"))
    for t in triples:
        if t.predicate.value != provenance.SOURCE or t.object not in known_sources or expected_source is None:
            continue
        if t.object != ox.NamedNode(expected_source):
            problems.append(violation("provenance", t.subject, t.predicate, t.object,
                                      f"{term_text(t.object)} is not {shorten(expected_source)}, the source these "
                                      "facts are being added to; a file added at once holds the facts of one source"))
    return problems
