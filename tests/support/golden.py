"""The golden command lines of tests/data/golden/: what they are, the project they run on, how an
outcome is recorded and normalised. Used by tests/cli/test_byte_identical.py (the new tool) and by
tests/support/capture_golden.py (which runs only the old tool). Imports nothing of kg.

Normalised, because it differs from run to run whatever the tool (README.md in tests/data/golden/):
- the project folder's absolute path (a fresh temporary folder) becomes `<project>`;
- elapsed seconds become `<seconds>`: `Built … in 0.26 s`, `Checked in 0.31 s` and
  `(HermiT through owlready2, 1.99 s)` in text, `"seconds": 0.26` in JSON;
- in `kg push --dry-run`'s table, the N-Triples size of the graphs with blank nodes (ontology,
  shapes) and the total: pyoxigraph dumps blank nodes with random labels of varying length;
- in an on-disk store (.kg/store): the generation name `gen-<time_ns>` becomes `gen-<n>` (n = its
  rank), the RocksDB files inside a generation are not compared (their names and bytes carry
  times), and in the generation's manifest `gen-<n>.json` the `built` and `mtime_ns` values
  become `<time>`.
Everything else is compared byte for byte.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
COMMANDS = GOLDEN / "commands.toml"
EXPECTED = GOLDEN / "expected.json"
PROJECT_PARTS = ("ontology", "data", "queries", "examples")
INLINE_LIMIT = 32 * 1024  # outputs up to this size are kept as text, larger ones as a hash

ELAPSED = (  # (pattern, replacement): the only run-to-run differences in the commands' output
    (re.compile(r"(?m)^((?:Built|Checked)\b.*?\bin )\d+\.\d+( s\b)"), r"\1<seconds>\2"),
    (re.compile(r"(\(HermiT through owlready2, )\d+\.\d+( s\))"), r"\1<seconds>\2"),
    (re.compile(r'("seconds": )\d+(?:\.\d+)?(?:e-?\d+)?'), r"\1<seconds>"),
)
# `kg push --dry-run`: a graph with blank nodes is dumped with random blank-node labels, whose
# lengths vary, so its N-Triples size (and the total) differs by a few bytes from run to run.
DRY_RUN_BYTES = re.compile(r"(?m)^(  (?:ontology|shapes|total) +[\d,]+ +)[\d,]+(?= +\d+$)")
GENERATION = re.compile(r"^gen-(\d+)(?=$|\.json$)")  # one path component
MANIFEST_TIMES = re.compile(r"(?<=\"built\": )\d+(?:\.\d+)?|(?<=\"mtime_ns\": )\d+")
# Added to the manifest after the capture (issue 18, freshness by ctime): which inode and ctime a
# file had differs between any two runs, like mtime_ns; they are dropped before comparing. A refresh
# (issue 17) records a ctime within 2 s of the build as null, so that the file is hashed next time:
# whether it does depends on timing, so null is dropped too.
MANIFEST_FINGERPRINT = re.compile(r'\s*"(?:ctime_ns|inode)": (?:\d+|null),')
# Added later too (issue 17, the store refreshed in place): the build's SHACL results, which a refresh
# keeps for the nodes it does not judge again; what a build reports is compared on its stdout.
MANIFEST_FINDINGS = re.compile(r'\n  "findings": (?:null|\[\]|\[\n.*?\n  \]),', re.DOTALL)
# And the counts kg stats shows (issue 17), which a refresh patches instead of counting the whole
# store again; what a build reports is compared on its stdout.
MANIFEST_COUNTS = re.compile(r'\n  "counts": (?:null|\{\n.*?\n  \}),', re.DOTALL)


@dataclass(frozen=True)
class Step:
    line: str  # the command line as the README writes it
    argv: list[str]  # the arguments after `kg`
    stdin: str | None


@dataclass(frozen=True)
class Case:
    id: str
    steps: list[Step]
    copy: dict[str, str]
    java: bool


def parse_line(line: str) -> Step:
    """`kg ARGS…` or `echo 'TEXT' | kg ARGS…` (TEXT and a newline on standard input)."""
    stdin = None
    if " | kg " in line:
        echo, line_after = line.split(" | ", 1)
        words = shlex.split(echo)
        assert words[0] == "echo", line
        stdin = " ".join(words[1:]) + "\n"
        command = line_after
    else:
        command = line
    argv = shlex.split(command)
    assert argv[0] == "kg", line
    return Step(line, argv[1:], stdin)


def load_cases() -> list[Case]:
    table = tomllib.loads(COMMANDS.read_text(encoding="utf-8"))
    return [
        Case(c["id"], [parse_line(x) for x in c["run"]], dict(c.get("copy", {})), bool(c.get("java", False)))
        for c in table["case"]
    ]


def make_project(source: Path, target: Path, case: Case) -> Path:
    """A fresh copy of the shipped project (ontology/, data/, queries/, examples/) for one case."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        shutil.copytree(source / part, target / part)
    for dest, src in case.copy.items():
        shutil.copyfile(target / src, target / dest)
    return target


def input_hashes(source: Path) -> dict[str, str]:
    """sha256 of every file of the shipped project the cases start from."""
    return {
        str(p.relative_to(source)): hashlib.sha256(p.read_bytes()).hexdigest()
        for part in PROJECT_PARTS
        for p in sorted((source / part).rglob("*"))
        if p.is_file()
    }


def normalise_text(text: str, root: Path) -> str:
    for form in {str(root), str(root.resolve())}:
        text = text.replace(form, "<project>")
    for pattern, replacement in ELAPSED:
        text = pattern.sub(replacement, text)
    if text.startswith("Would push "):
        text = DRY_RUN_BYTES.sub(r"\1<bytes>", text)
    return text


def record_output(data: bytes, root: Path) -> str | dict:
    """Text, normalised, when it is UTF-8 and short; else its size and hash (normalised first)."""
    try:
        text = normalise_text(data.decode("utf-8"), root)
    except UnicodeDecodeError:
        return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if len(text) <= INLINE_LIMIT:
        return text
    encoded = text.encode("utf-8")
    return {"bytes": len(encoded), "sha256": hashlib.sha256(encoded).hexdigest()}


def snapshot(root: Path) -> dict[str, str]:
    """relative path -> what it is (a file's size and hash, a link's target), stores normalised."""
    paths = sorted(root.rglob("*"))
    numbers = {int(m.group(1)) for p in paths if (m := GENERATION.match(p.name))}
    rank = {n: f"gen-<{i}>" for i, n in enumerate(sorted(numbers), 1)}
    seen: dict[str, str] = {}
    for path in paths:
        parts = path.relative_to(root).parts
        if any(GENERATION.fullmatch(part) for part in parts[:-1]):
            continue  # inside a RocksDB generation
        name = _renamed("/".join(parts), rank)
        if path.is_symlink():
            seen[name] = "symlink -> " + _renamed(str(path.readlink()), rank)
        elif path.is_dir() and GENERATION.fullmatch(path.name):
            seen[name + "/"] = "RocksDB files, not compared"
        elif path.is_file():
            seen[name] = _describe(path, root)
    return seen


def _renamed(rel: str, rank: dict[int, str]) -> str:
    return "/".join(GENERATION.sub(lambda m: rank[int(m.group(1))], part) for part in rel.split("/"))


def _describe(path: Path, root: Path) -> str:
    data = path.read_bytes()
    if GENERATION.match(path.name):  # a generation's manifest, gen-<time_ns>.json
        text = MANIFEST_FINGERPRINT.sub("", normalise_text(data.decode("utf-8"), root))
        text = MANIFEST_COUNTS.sub("", MANIFEST_FINDINGS.sub("", text))
        data = MANIFEST_TIMES.sub("<time>", text).encode("utf-8")
    return f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}"


def changes(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """What a step wrote, changed or removed."""
    out = {k: v for k, v in after.items() if before.get(k) != v}
    out.update({k: "removed" for k in before if k not in after})
    return dict(sorted(out.items()))


def outcome(line: str, code: int, stdout: bytes, stderr: bytes, files: dict[str, str], root: Path) -> dict:
    return {
        "line": line,
        "exit": code,
        "stdout": record_output(stdout, root),
        "stderr": record_output(stderr, root),
        "files": files,
    }
