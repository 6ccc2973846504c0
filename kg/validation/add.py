"""`kg add`: validate new facts, then write them into their source's data file, atomically.

The facts go into data/sources/<slug>.ttl (a new file for a new source), merged with what is
there and written in the canonical Turtle style, so the change is a reviewable diff. New entities
the file defines go into the same file, not data/entities.ttl: the article is where their names
come from, and one file per add means one rename, so an add happens entirely or not at all.

Under a project lock: validate against the current graph, refuse on any violation, write the
merged file (temp file, fsync, re-parse and compare, rename), then refresh the on-disk store if
one was given. Adding the same facts twice adds nothing and leaves the file byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from kg.store import build
from kg.rdf import reading
from kg.validation import validate
from kg.atomic import ensure_inside, write_atomically
from kg.errors import InputError, PolicyError, UsageError
from kg.limits import Limits
from kg.namespaces import RDF_TYPE, SRC, shorten, source_iri
from kg.project import SLUG_RE, Project, write_lock
from kg.validation.provenance import SOURCE, SOURCE_CLASS
from kg.rdf.terms import term_text
from kg.store.canonical import as_stored
from kg.rdf.turtle import serialize_turtle


@dataclass
class AddResult:
    report: validate.ValidationReport | None  # None when there was nothing new to validate
    slug: str
    path: Path
    added: int  # triples written; 0 when refused or when everything was already there
    created: bool  # the source's file is new
    store: build.BuildReport | None = None  # the store refresh, when --store was given


def add_file(
    project: Project, path: Path | reading.RdfInput, *, slug: str | None = None, store_dir: Path | None = None,
    input_format: str | None = None, limits: Limits | None = None,
) -> AddResult:
    limits = limits or Limits()
    facts = validate.read_new_facts([path], input_format, limits)
    slug = source_slug(facts, slug)
    target = _target_file(project, slug)
    with write_lock(project):
        existing = reading.parse(reading.read_input(target, "turtle", limits), limits=limits) if target.exists() else []
        new = not_yet_present(facts.written, existing)
        # Blank-node groups already in the file are existing nodes now, not new ones to judge.
        missing = set(new)
        judged = replace(facts, triples=[stored for stored, written in zip(facts.triples, facts.written)
                                         if not _has_blank_node(written) or written in missing])
        graph = build.open_graph(project, store_dir, limits)
        report = validate.validate_facts(graph, judged, expected_source=source_iri(slug), limits=limits) if new else None
        del graph  # release the read-only store before a refresh replaces it
        result = AddResult(report, slug, target, 0, not target.exists())
        if not new or not report.conforms:
            return result
        write_source_file(target, [*existing, *with_fresh_blank_nodes(new)], limits)
        result.added = len(new)
        if store_dir is not None:
            result.store = build.build(project, store_dir, limits)
    return result


def source_slug(facts: validate.NewFacts, given: str | None) -> str:
    """The --source slug, or the one source the file names (kg:source, a kg:Source node, a graph name)."""
    if given is not None:
        if not SLUG_RE.fullmatch(given):
            raise UsageError(f"--source {given!r}: a source slug is lower-case letters, digits and hyphens")
        return given
    named = {t.object for t in facts.triples if t.predicate.value == SOURCE}
    named |= {t.subject for t in facts.triples if t.predicate.value == RDF_TYPE and t.object.value == SOURCE_CLASS}
    named |= facts.graph_names
    if len(named) != 1:
        listed = ", ".join(sorted(shorten(n.value) if isinstance(n, ox.NamedNode) else str(n) for n in named))
        problem = f"names several sources ({listed})" if named else "names no source (no kg:source, no kg:Source)"
        raise UsageError(f"{facts.files[0]} {problem}; pass --source SLUG to say which source's file to add to")
    (node,) = named
    slug = node.value[len(SRC):] if isinstance(node, ox.NamedNode) and node.value.startswith(SRC) else ""
    if not SLUG_RE.fullmatch(slug):
        raise UsageError(f"{facts.files[0]}: the source {term_text(node)} is not src:<slug>; pass --source SLUG")
    return slug


def _target_file(project: Project, slug: str) -> Path:
    for pf in project.source_files():
        if pf.slug == slug and pf.path.suffix != ".ttl":
            raise PolicyError(f"src:{slug} is kept in {pf.path}, which kg add cannot rewrite; convert it to Turtle first")
    target = project.source_file(slug)
    ensure_inside(target, project.root, "the data file")  # a symlinked data/sources or <slug>.ttl leads elsewhere
    return target


def not_yet_present(new: list, existing: list) -> list:
    """The new triples (as given) that the existing ones do not already state.

    Triples are compared as a store keeps them ("1.50" and "1.5" are the same decimal). Blank
    nodes have no identity across files, so triples that hang together through blank nodes are
    compared as whole groups, by their canonical Turtle.
    """
    have = set(as_stored(existing))
    have_groups = {serialize_turtle(group) for group in _blank_node_groups(list(have))}
    as_given = dict(zip(as_stored(new), new))
    missing = [as_given[t] for t in as_given if not _has_blank_node(t) and t not in have]
    for group in _blank_node_groups(list(as_given)):
        if serialize_turtle(group) not in have_groups:
            missing += [as_given[t] for t in group]
    return missing


def with_fresh_blank_nodes(triples: list) -> list:
    """The triples with new blank-node ids, so that _:b0 of the new file never merges with _:b0 of the old one."""
    fresh: dict = {}

    def renamed(term):
        return fresh.setdefault(term, ox.BlankNode()) if isinstance(term, ox.BlankNode) else term

    return [ox.Triple(renamed(t.subject), t.predicate, renamed(t.object)) for t in triples]


def _has_blank_node(t) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _blank_node_groups(triples: list) -> list[list]:
    root: dict = {}

    def find(node):
        while root.setdefault(node, node) != node:
            node = root[node]
        return node

    linked = [t for t in triples if _has_blank_node(t)]
    for t in linked:
        nodes = [n for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        root[find(nodes[0])] = find(nodes[-1])
    groups: dict = {}
    for t in linked:
        anchor = t.subject if isinstance(t.subject, ox.BlankNode) else t.object
        groups.setdefault(find(anchor), []).append(t)
    return list(groups.values())


def write_source_file(target: Path, triples: list, limits: Limits) -> None:
    """Write atomically; the temp file must read back to exactly the same text before it replaces anything."""
    text = serialize_turtle(triples)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.tmp"):  # left by an add that was killed; we hold the lock
        stale.unlink(missing_ok=True)

    def verify(tmp: Path) -> None:
        again = reading.parse(reading.read_input(tmp, "turtle", limits), limits=limits)
        if serialize_turtle(again) != text:
            raise InputError("the data file written does not read back as written; nothing was changed", path=str(target))

    write_atomically(target, text.encode("utf-8"), verify=verify)
