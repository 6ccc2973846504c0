"""The project store is on by default (issue 17): the first command that needs it makes .kg/store,
every later one reuses it, --no-store and KG_NO_STORE read the files into memory, and a project
whose files do not conform is still read (in memory, with a warning)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest


@pytest.fixture
def run(project):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}

    def run(*args, **extra):
        return subprocess.run([sys.executable, "-m", "kg", *args], cwd=project, env=env | extra,
                              capture_output=True, text=True)

    return run


def test_the_first_query_makes_the_store_and_the_next_reuses_it(run, project):
    first = run("query", "-n", "sources", "-f", "tsv")
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""  # the project's own store is made without a word
    assert "aljazeera-2019-russia-iran" in first.stdout
    current = project / ".kg" / "store" / "current"
    generation = os.readlink(current)
    again = run("query", "-n", "sources", "-f", "tsv")
    assert again.stdout == first.stdout
    assert os.readlink(current) == generation  # reused, not rebuilt


def test_an_edit_is_seen_by_the_next_command(run, project):
    assert run("build").returncode == 0
    source = sorted((project / "data" / "sources").glob("*.ttl"))[0]
    source.write_text(source.read_text(encoding="utf-8").replace('rdfs:label "', 'rdfs:label "Edited ', 1), encoding="utf-8")
    found = run("query", "-f", "tsv", 'SELECT (COUNT(*) AS ?n) WHERE { ?x rdfs:label ?l FILTER(STRSTARTS(?l, "Edited ")) }')
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines()[1].startswith('"1"')
    built = run("build")
    assert "Built store" in built.stdout and ".kg/store" in built.stdout


def test_no_store_and_kg_no_store_write_nothing(run, project):
    assert run("query", "--no-store", "-n", "sources").returncode == 0
    assert run("stats", KG_NO_STORE="1").returncode == 0
    built = run("build", "--no-store")
    assert built.returncode == 0 and "Built in memory" in built.stdout
    assert not (project / ".kg" / "store").exists()


def test_a_project_that_does_not_conform_is_still_read_in_memory_with_a_warning(run, project):
    source = sorted((project / "data" / "sources").glob("*.ttl"))[0]
    fact = re.search(r"^(kgr:\S+) a kg:ArmsRefusal", source.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    with open(source, "a", encoding="utf-8") as handle:
        handle.write(f"\n{fact} kg:source kgr:Russia .\n")  # a fact's kg:source must be a kg:Source
    result = run("query", "-f", "tsv", f"SELECT ?s WHERE {{ {fact} kg:source ?s }} ORDER BY ?s")
    assert result.returncode == 0
    assert "resource/Russia" in result.stdout
    assert "kg: warning: the project store" in result.stderr and "do not conform" in result.stderr
    assert run("build").returncode == 1


def test_a_long_running_reader_gets_the_same_quads_in_memory_when_the_store_is_small(project):
    """kg serve's pages read a copy in memory (2.5x faster a page than RocksDB): it must hold exactly the
    store's quads, default graph included; a store over the size given stays on disk."""
    from kg.limits import Limits
    from kg.project import Project
    from kg.store import build

    on_disk = build.open_graph(Project(project), build.project_store(Project(project)), Limits())
    assert on_disk.location is not None
    copy = on_disk.in_memory(max_quads=len(on_disk.store))
    assert copy.location is None and copy.inferred_status == on_disk.inferred_status
    assert set(copy.store) == set(on_disk.store) and len(copy.store) == len(on_disk.store) > 12_000
    assert on_disk.in_memory(max_quads=len(on_disk.store) - 1) is on_disk
    assert copy.in_memory(max_quads=10**9) is copy  # already in memory
