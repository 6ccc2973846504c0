"""The project store refreshed in place of rebuilt (kg.store.refresh): every kind of change is
seen, a refresh gives what a full build gives (quads and SHACL report), and a refresh killed at
any moment leaves the old store or the new one."""

from __future__ import annotations

import collections
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from kg.project import Project
from kg.shacl.report import result_json
from kg.store import build, generations, graph, stats
from kg.store.manifest import changes, is_fresh
from tests.support.store_edits import edit


def _changes(project, store):
    generation, manifest = generations.read_manifest(store)
    return changes(Project(project), manifest, Project(project).files())


def _quads(store_dir):
    """The current generation's quads, blank nodes all alike (two loads name them differently)."""
    generation, _ = generations.read_manifest(store_dir)
    store = ox.Store.read_only(str(generation))

    def plain(term):
        return "_" if isinstance(term, ox.BlankNode) else str(term)

    return collections.Counter((plain(q.subject), str(q.predicate), plain(q.object), str(q.graph_name))
                               for q in store.quads_for_pattern(None, None, None, None))


def test_every_kind_of_change_is_seen_and_a_touch_is_not_one(project, tmp_path):
    store = tmp_path / "store"
    assert build.build(Project(project), store).conforms
    sources = project / "data" / "sources"
    first, second = sorted(sources.glob("*.ttl"))
    first.touch()
    assert not _changes(project, store)  # a touch without an edit: hashed, unchanged
    os.utime(first, ns=(1, 1))
    assert not _changes(project, store)  # an old mtime put back: still the same bytes
    first.write_bytes(first.read_bytes() + b"\n# an edit\n")
    assert [pf.path.name for pf in _changes(project, store).changed] == [first.name]
    shutil.copy(second, sources / "copy.ttl")
    found = _changes(project, store)
    assert [pf.path.name for pf in found.added] == ["copy.ttl"]
    (sources / "copy.ttl").unlink()
    second.rename(sources / "renamed.ttl")
    found = _changes(project, store)
    assert [pf.path.name for pf in found.added] == ["renamed.ttl"]
    assert [e["path"] for e in found.removed] == [f"data/sources/{second.name}"]
    (sources / "renamed.ttl").unlink()
    assert [e["path"] for e in _changes(project, store).removed] == [f"data/sources/{second.name}"]


def test_a_touch_does_not_rebuild_the_store(kg, project, tmp_path):
    store = tmp_path / "store"
    assert kg("-C", project, "build", "--store", store).exit_code == 0
    before = os.readlink(store / "current")
    next(iter((project / "data" / "sources").glob("*.ttl"))).touch()
    result = kg("-C", project, "stats", "--store", store)
    assert result.exit_code == 0 and "rebuilt" not in result.stderr
    assert os.readlink(store / "current") == before


def test_an_edit_refreshes_one_file_and_an_ontology_edit_rebuilds_in_full(kg, project, tmp_path):
    store = tmp_path / "store"
    assert kg("-C", project, "build", "--store", store).exit_code == 0
    source = sorted((project / "data" / "sources").glob("*.ttl"))[0]
    source.write_bytes(source.read_bytes().replace(b'rdfs:label "', b'rdfs:label "Edited ', 1))
    result = kg("-C", project, "build", "--store", store)
    assert result.exit_code == 0
    assert f"(refreshed: 1 changed file (data/sources/{source.name}))" in result.stdout
    ontology = project / "ontology" / "geokg.ttl"
    ontology.write_bytes(ontology.read_bytes() + b"\n# a comment\n")
    result = kg("-C", project, "build", "--store", store)
    assert "(built in full: the ontology changed)" in result.stdout


_BROKEN = b" kg:source kgr:Russia .  # broken\n"


def _break_or_mend(project, rng):
    """Give a fact a kg:source that is no kg:Source (the shapes then report the fact), or take one
    such line out again (the report drops it): the refresh must judge that fact again."""
    sources = sorted((project / "data" / "sources").glob("*.ttl"))
    broken = [f for f in sources if _BROKEN in f.read_bytes()]
    if broken and rng.random() < 0.5:
        target = rng.choice(broken)
        lines = target.read_bytes().splitlines(keepends=True)
        lines.pop(rng.choice([i for i, line in enumerate(lines) if line.endswith(_BROKEN)]))
        target.write_bytes(b"".join(lines))
        return f"mend {target.name}"
    target = rng.choice(sources)
    data = target.read_bytes()
    facts = re.findall(rb"^(kgr:\S+) a kg:\w+", data, re.MULTILINE)
    target.write_bytes(data + b"\n" + rng.choice(facts) + _BROKEN)
    return f"break {target.name}"


def _warn_or_edit_entities(project, rng):
    """Hide a state's kg:wikidata (a warning: the store is still published, with the warning kept
    in its manifest), give one back, or edit the label of a state: the refresh must judge those
    nodes again and keep no stale warning about them."""
    entities = project / "data" / "entities.ttl"
    blocks = entities.read_bytes().split(b"\n\n")
    states = [i for i, block in enumerate(blocks) if re.search(rb" a kg:State\b", block)]
    kind = rng.choice(["warn", "unwarn", "label"])
    old, new = {"warn": (b"kg:wikidata ", b"kg:wikidataX "), "unwarn": (b"kg:wikidataX ", b"kg:wikidata "),
                "label": (b'rdfs:label "', b'rdfs:label "Edited ')}[kind]
    chosen = [i for i in states if old in blocks[i]]
    if kind == "label":  # a state with a warning, when one has
        chosen = [i for i in chosen if b"kg:wikidataX " in blocks[i]] or chosen
    if not chosen:
        return f"no {kind}"
    at = rng.choice(chosen)
    blocks[at] = blocks[at].replace(old, new, 1)
    entities.write_bytes(b"\n\n".join(blocks))
    return f"{kind} entities.ttl"


def _carried_counts(project, store_dir) -> dict:
    """The counts the current generation's manifest carries, checked against a count of the store."""
    generation, manifest = generations.read_manifest(store_dir)
    recounted = stats.counts(graph.Graph(ox.Store.read_only(str(generation)), Project(project)))
    assert manifest["counts"] == recounted
    return recounted


@pytest.mark.parametrize("seed", [1, 2])
def test_a_refresh_equals_a_full_build_over_random_edits(project, tmp_path, seed):
    rng = random.Random(seed)
    spare = tmp_path / "spare"
    spare.mkdir()
    for i, source in enumerate(sorted((project / "data" / "sources").glob("*.ttl"))):
        data = source.read_bytes().replace(b'rdfs:label "', b'rdfs:label "Spare ')
        (spare / f"spare-{i}.ttl").write_bytes(data)
    store = tmp_path / "store"
    assert build.build(Project(project), store).conforms
    refreshed_once = False
    for step in range(10):  # breaks, mends and warnings, so kept and judged-again results meet
        chance = rng.random()
        done = (_break_or_mend(project, rng) if chance < 0.3 else _warn_or_edit_entities(project, rng) if chance < 0.6
                else edit(project, rng, spare))
        report = build.build(Project(project), store)
        full_dir = tmp_path / f"full-{step}"
        full = build.build(Project(project), full_dir)
        refreshed_once |= report.how.startswith("refreshed")
        assert report.conforms == full.conforms, done
        assert [result_json(r) for r in report.shacl.results] == [result_json(r) for r in full.shacl.results], done
        assert report.stats == full.stats, done  # a refresh patches the counts its manifest carries
        if full.conforms:
            assert _quads(store) == _quads(full_dir), done
            assert _carried_counts(project, store) == _carried_counts(project, full_dir), done
        shutil.rmtree(full_dir)
    assert refreshed_once


def test_a_refresh_killed_at_any_moment_leaves_the_old_store_or_the_new(project, tmp_path):
    store = tmp_path / "store"
    assert build.build(Project(project), store).conforms
    source = sorted((project / "data" / "sources").glob("*.ttl"))[0]
    original = source.read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    cmd = [sys.executable, "-m", "kg", "-C", str(project), "build", "--store", str(store)]
    source.write_bytes(original.replace(b'rdfs:label "', b'rdfs:label "Timed ', 1))
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    whole = time.perf_counter() - started  # a refresh run to its end, to kill others part-way through
    outcomes = set()
    for attempt, part in enumerate((0.15, 0.3, 0.45, 0.6, 0.75, 0.9, None)):  # None: let it end
        label = f"Killed {attempt} ".encode()
        source.write_bytes(original.replace(b'rdfs:label "', b'rdfs:label "' + label, 1))
        old_manifest = generations.read_manifest(store)[1]
        process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if part is not None:
            time.sleep(whole * part)
            process.send_signal(signal.SIGKILL)
        process.wait()
        generation, manifest = generations.read_manifest(store)
        entry = next(e for e in manifest["files"] if e["path"].endswith(source.name))
        new = entry["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
        old = manifest == old_manifest
        assert new or old
        outcomes.add("new" if new else "old")
        if new:  # the store holds the edited label, in its named graph and its default graph
            store_now = ox.Store.read_only(str(generation))
            text = label.decode().strip()
            found = store_now.query(f'ASK {{ ?x ?p ?l FILTER(STRSTARTS(STR(?l), "{text}")) }}')
            assert bool(found)
            del store_now
        after = subprocess.run([sys.executable, "-m", "kg", "-C", str(project), "stats", "--store", str(store), "-f", "json"],
                               env=env, capture_output=True, text=True)
        assert after.returncode == 0, after.stderr
        assert json.loads(after.stdout)
        assert is_fresh(Project(project), generations.read_manifest(store)[1])
    assert outcomes == {"old", "new"}  # killed before the switch at least once; new once a refresh ends
