"""Refreshing an on-disk store when some source files changed, instead of building it again.

The new generation starts as a RocksDB checkpoint of the current one (`Store.backup`: hard links,
milliseconds), so the generation/symlink scheme is kept whole: the current store is never written,
the new one is published by the same atomic rename, and a crash at any point leaves the old store
current (an unpublished generation is removed by the next publish). In the new generation, the
graphs of the changed, added and removed files are replaced; the default graph (every named
graph's triples once) loses what no graph holds any more and gains what is new; the inferred graph
is brought up to date around the changed triples (kg.store.local_inference); SHACL judges only the focus nodes the changed
triples can affect (kg.shacl.locality), and every other result of the previous build is kept.

What cannot be proved local is built in full, and the build says why (`Refreshed.reason`): a change
to the ontology, the shapes or data/inferred.ttl, shapes whose verdicts read further than
kg.shacl.locality bounds, a changed triple with a blank node or about the class hierarchy, or a
store whose manifest has no results to keep (built by an older kg or with --no-validate).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.errors import ViolationsFound
from kg.graph_selection import asserted_graph_names
from kg.limits import Limits
from kg.namespaces import INFERRED_GRAPH, OWL, RDF_TYPE, RDFS, SHAPES_GRAPH
from kg.project import Project
from kg.store.generations import store_write_failed
from kg.store.graph import Graph
from kg.store.manifest import Changes, manifest_for

_WHOLE_ROLES = {"ontology": "the ontology", "shapes": "the shapes", "inferred": "data/inferred.ttl"}
_TYPE = ox.NamedNode(RDF_TYPE)
_SCHEMA = (RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range")


class NotLocal(Exception):
    """The change cannot be applied as a refresh; the message says why (the build says it too)."""


class Refreshed(NamedTuple):
    generation: Path
    findings: list | None  # the whole graph's results (text), None when not validated
    files: int  # how many files' graphs were replaced


def why_not_local(changes: Changes, manifest: dict, validate: bool) -> str | None:
    """Why this change needs a full build, or None when a refresh may be tried."""
    if changes.format_changed:
        return "the store is of an older format"
    for pf in (*changes.changed, *changes.added):
        if pf.role in _WHOLE_ROLES:
            return f"{_WHOLE_ROLES[pf.role]} changed"
    for entry in changes.removed:
        if entry["graph"] in (SHAPES_GRAPH, INFERRED_GRAPH):
            return "data/inferred.ttl was removed"
    if any(e["graph"] == INFERRED_GRAPH for e in manifest.get("files", [])):
        return "the project has data/inferred.ttl"
    if validate and manifest.get("findings") is None:
        return "the store was built without validation"
    return None


def refresh(project: Project, files: list, changes: Changes, previous: Path, manifest: dict, store_dir: Path,
            limits: Limits, check, validate: bool = True) -> Refreshed:
    """A new, unpublished generation with the changed files' graphs replaced; NotLocal when it
    cannot be proved equal to a full build (the new generation is removed, nothing else touched).
    `check(graph)` may raise to abandon it, as in kg.store.generations.write_generation."""
    generation = store_dir / f"gen-{time.time_ns()}"
    try:
        source = ox.Store.read_only(str(previous))
        source.backup(str(generation))
        del source
        store = ox.Store(str(generation))
        records, diff, typed = _replace_graphs(store, changes, limits)
        findings = _findings(store, manifest, diff, limits) if validate else None
        inferred_change = _complete(store, diff)
        # in the order a full build records them: the shapes and inferred files come last (write_generation)
        order = {pf.path: (pf.role in ("shapes", "inferred"), i) for i, pf in enumerate(files)}
        every = sorted(_kept_records(project, files, manifest, changes) + records, key=lambda r: order[r.pf.path])
        new_manifest = manifest_for(project, every)
        graph = Graph(store=store, project=project, location=generation, files=files)
        from kg.store.inference import status_in_manifest

        graph.inferred_status = new_manifest["inferred"] = status_in_manifest(project, store, new_manifest)
        graph.findings = findings
        from kg.store import stats
        from kg.store.manifest import findings_as_json

        new_manifest["findings"] = findings_as_json(findings)
        touched = {pf.graph for pf in (*changes.changed, *changes.added)} | {e["graph"] for e in changes.removed}
        graph.counts = stats.patched(manifest.get("counts"), store, touched, inferred_change, typed)
        check(graph)
        new_manifest["counts"] = graph.counts
        store.flush()
        del store, graph
        from kg.store.generations import write_manifest

        write_manifest(generation, new_manifest)
    except BaseException as exc:
        store_write_failed(exc, store_dir, generation)
        raise
    return Refreshed(generation, findings, len(changes.changed) + len(changes.added) + len(changes.removed))


def _replace_graphs(store: ox.Store, changes: Changes, limits: Limits):
    """Swap the changed graphs; give the FileRecords of the files read, the asserted union's
    changed triples (added and removed), and the classes, before the change, of the nodes typed in
    the changed graphs (kg.store.stats.patched)."""
    from kg.store.bulkload import load_project_files
    from kg.store.stats import class_sets

    loaded = [*changes.changed, *changes.added]
    replaced = {ox.NamedNode(pf.graph) for pf in changes.changed} | {ox.NamedNode(e["graph"]) for e in changes.removed}
    old = {ox.Triple(q.subject, q.predicate, q.object) for g in replaced for q in store.quads_for_pattern(None, None, None, g)}
    # Into a scratch store first: a file the stream cannot take makes the loader clear its store
    # and load file by file (kg.store.bulkload), which must never clear the new generation.
    scratch = ox.Store()
    records = load_project_files(scratch, loaded, limits) if loaded else []
    typed = {q.subject for q in scratch.quads_for_pattern(None, _TYPE, None, None)}
    typed = class_sets(store, typed | {t.subject for t in old if t.predicate == _TYPE})
    for graph in replaced:
        store.remove_graph(graph)
    store.extend(scratch.quads_for_pattern(None, None, None, None))
    touched = replaced | {ox.NamedNode(pf.graph) for pf in loaded}
    new = {ox.Triple(q.subject, q.predicate, q.object) for g in touched for q in store.quads_for_pattern(None, None, None, g)}
    others = set(asserted_graph_names(store)) - touched

    def elsewhere(t) -> bool:
        return any(q.graph_name in others for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None))

    added = {t for t in new - old if not elsewhere(t)}
    removed = {t for t in old - new if not elsewhere(t)}
    for t in added | removed:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            raise NotLocal("a changed triple has a blank node")
        if t.predicate.value in _SCHEMA or t.predicate.value.startswith(OWL) or t.object.value.startswith(OWL):
            raise NotLocal("a changed triple is about the vocabulary (classes or properties)")
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in added)
    return records, (added, removed), typed


def _findings(store: ox.Store, manifest: dict, diff, limits: Limits) -> list:
    """The previous build's results, those about affected focus nodes judged again."""
    from kg.findings import Finding
    from kg.shacl import locality

    shapes = list(store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    reach = locality.reach_of(shapes)
    if isinstance(reach, str):
        raise NotLocal(reach)
    graphs = set(asserted_graph_names(store))
    focus = locality.affected_focus(store, graphs, diff[0] | diff[1], reach)
    if focus is None:
        raise NotLocal("a focus node that a change affects is a blank node")
    judged = locality.validate_focus(store, graphs, focus, shapes, reach, limits.max_nesting_depth) if focus else []
    if judged is None:
        raise NotLocal("the shapes need pyshacl")
    from kg.rdf.terms import term_text

    shown = {term_text(n) for n in focus}  # as the report writes a focus node (kg.shacl.report.as_text)
    kept = [Finding(**f) for f in manifest["findings"] if f["focus"] not in shown]
    from kg.shacl.report import result_order

    return sorted(kept + judged, key=result_order)


def _complete(store: ox.Store, diff) -> int:
    """The inferred graph made equal to the closure of the new asserted graphs by writing only the
    difference: around the changed triples (kg.store.local_inference), else over the whole graph
    (kg.store.inference, called as the full build calls it); the default graph then loses what
    no named graph holds any more. Gives how many triples the inferred graph gained (or lost)."""
    from kg.store.local_inference import inferred_around

    around = inferred_around(store, diff[0] | diff[1])
    new, old = around if around is not None else _whole_closure(store)
    inferred = ox.NamedNode(INFERRED_GRAPH)
    gained = new - old
    store.extend(quad for s, p, o in gained for quad in (ox.Quad(s, p, o, inferred), ox.Quad(s, p, o)))
    gone = old - new
    for s, p, o in gone:
        store.remove(ox.Quad(s, p, o, inferred))
    for s, p, o in [*gone, *((t.subject, t.predicate, t.object) for t in diff[1])]:
        if not any(q.graph_name != ox.DefaultGraph() for q in store.quads_for_pattern(s, p, o, None)):
            store.remove(ox.Quad(s, p, o))
    return len(gained) - len(gone)


def _whole_closure(store: ox.Store) -> tuple[set, set]:
    """(every derived triple, every triple of the inferred graph)."""
    import gc

    from kg.store.inference import closure_terms

    inferred = ox.NamedNode(INFERRED_GRAPH)
    was_enabled = gc.isenabled()
    gc.disable()  # as kg.store.inference.complete: many small containers, no cycles
    try:
        return set(closure_terms(store)), {(q.subject, q.predicate, q.object)
                                           for q in store.quads_for_pattern(None, None, None, inferred)}
    finally:
        if was_enabled:
            gc.enable()


def _kept_records(project: Project, files: list, manifest: dict, changes: Changes) -> list:
    """The manifest entries of the unchanged files, as records for manifest_for."""
    from kg.store.manifest import RACY_NS, KeptRecord

    replaced = {pf.relative_to(project.root) for pf in changes.changed} | {e["path"] for e in changes.removed}
    by_path = {pf.relative_to(project.root): pf for pf in files}
    built_ns = int(manifest.get("built", 0) * 1e9)
    kept = []
    for entry in manifest["files"]:
        if entry["path"] not in replaced and entry["path"] in by_path:
            racy = entry.get("ctime_ns") is None or entry["ctime_ns"] + RACY_NS >= built_ns
            kept.append(KeptRecord(by_path[entry["path"]], entry, None if racy else entry["ctime_ns"]))
    return kept


def raise_if_violations(findings) -> None:
    from kg.findings import conforms

    if findings is not None and not conforms(findings):
        raise ViolationsFound("the graph does not conform to the shapes; the store was not updated")
