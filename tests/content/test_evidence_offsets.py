"""kg:evidenceOffset in the shipped data and tools/offsets.py that writes it: every fact placed in
its article, the tool idempotent, and a sentence it cannot find named, never guessed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict

import pyoxigraph as ox

from kg.namespaces import KG

from tests.support.draft_support import seed
from tests.support.paths import REPO

TOOL = REPO / "tools" / "offsets.py"
SOURCES = sorted((REPO / "data" / "sources").glob("*.ttl"))


def by_node(path) -> dict:
    found: dict = defaultdict(dict)
    for t in ox.parse(path=str(path)):
        name = t.predicate.value[len(KG):] if t.predicate.value.startswith(KG) else ""
        if name in ("evidence", "evidenceOffset"):
            found[t.subject.value].setdefault(name, []).append(t.object.value)
    return found


def test_every_fact_of_the_shipped_data_is_placed_once_in_its_article():
    for path in SOURCES:
        for node, values in by_node(path).items():
            assert "evidence" in values, f"{path.name}: {node} has an offset and no evidence"
            assert len(values.get("evidenceOffset", [])) == 1, f"{path.name}: {node}: run python tools/offsets.py"


def test_the_offsets_point_at_the_evidence_in_the_seed_article():
    """The Al Jazeera article read by hand: the Sochi meeting is told in the photo caption, line 6;
    Bloomberg's S-400 report in line 18; the Caspian convention sentence in line 38."""
    text = seed("000_da83e1ebf59ca90b.txt").read_text(encoding="utf-8")
    facts = by_node(REPO / "data" / "sources" / "aljazeera-2019-russia-iran.ttl")
    meeting = int(facts["https://w3id.org/geokg/resource/meeting-2019-05-14-putin-pompeo-sochi"]["evidenceOffset"][0])
    assert meeting == line_start(text, 6)
    refusal = int(facts["https://w3id.org/geokg/resource/arms-refusal-2019-russia-iran-s-400"]["evidenceOffset"][0])
    caspian = int(facts["https://w3id.org/geokg/resource/Caspian_Convention"]["evidenceOffset"][0])
    assert refusal == line_start(text, 18) and meeting < refusal < caspian
    assert text[caspian:].startswith("In 2018, Tehran also supported")


def line_start(text: str, line: int) -> int:
    return sum(len(row) + 1 for row in text.split("\n")[:line - 1])


def run_tool(*args):
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_the_tool_writes_offsets_once_and_names_what_it_cannot_find(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "made-up-1.txt").write_text("Title\n\nIran met  Russia in May.\nThen “talks” ended.\n", encoding="utf-8")
    data = tmp_path / "made-up.ttl"
    data.write_text((REPO / "tests" / "data" / "fixtures" / "offsets-made-up.ttl").read_text(encoding="utf-8"),
                    encoding="utf-8")
    first = run_tool("--seeds", seeds, data)
    assert first.returncode == 1, first.stderr  # one sentence is not in the article
    assert 'evidence not in the article, no offset: kgr:lost: "Nobody said this."' in first.stderr
    written = by_node(data)
    assert written["https://w3id.org/geokg/resource/met"]["evidenceOffset"] == ["7"]
    assert written["https://w3id.org/geokg/resource/ended"]["evidenceOffset"] == ["32"]
    assert "evidenceOffset" not in written["https://w3id.org/geokg/resource/lost"]
    again = tmp_path / "again.ttl"
    shutil.copy(data, again)
    second = run_tool("--seeds", seeds, again)
    assert "unchanged" in second.stderr and again.read_bytes() == data.read_bytes()
    assert run_tool("--seeds", seeds, "--check", again).stderr.count("would change") == 0
