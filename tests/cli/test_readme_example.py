"""The README's `kg validate` / `kg add` console blocks, run exactly as written in a scratch copy."""

from __future__ import annotations

import difflib
import re
import shlex
import shutil

from tests.support.paths import REPO, copy_project

README = (REPO / "README.md").read_text(encoding="utf-8")
CONSOLE = re.findall(r"```console\n(.*?)```", README, re.S)


def commands(block: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    pairs = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].strip(), ""))
        else:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line)
    return pairs


def test_the_readme_console_examples_run_as_shown(kg, tmp_path, monkeypatch):
    scratch = copy_project(tmp_path / "geokg-try")
    shutil.copytree(REPO / "examples", scratch / "examples")
    monkeypatch.chdir(scratch)
    ran = 0
    for block in CONSOLE:
        for command, expected in commands(block):
            argv = shlex.split(command)
            assert argv[0] == "kg", command
            result = kg(*argv[1:])
            assert result.stdout + result.stderr == expected, command
            assert result.exit_code == (1 if "does NOT conform" in expected else 0), command
            ran += 1
    assert ran >= 5
    assert (scratch / "data" / "sources" / "made-up-2023-iran-fighters.ttl").exists()


def test_the_readme_fix_is_the_difference_between_the_example_files():
    (shown,) = re.findall(r"```diff\n(.*?)```", README, re.S)
    draft, fixed = (
        [line for line in (REPO / "examples" / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for name in ("made-up-iran-fighters-draft.ttl", "made-up-iran-fighters.ttl")
    )
    changed = [line for line in difflib.ndiff(draft, fixed) if line[:2] in ("- ", "+ ")]
    assert [line[0] + line[2:] for line in changed] == shown.splitlines()
