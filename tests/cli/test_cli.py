"""The command line as a whole: help for every command, version, documented exit codes."""

from __future__ import annotations

import re

import pytest

from kg import __version__
from kg.cli import COMMANDS

from tests.support.paths import REPO


def test_version(kg):
    result = kg("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_top_level_help_lists_every_command_and_exit_code(kg):
    result = kg("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s", result.stdout, re.M), name
    for code in range(7):
        assert re.search(rf"^\s+{code}\s", result.stdout, re.M), f"exit code {code} undocumented in --help"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help_with_an_example(kg, name):
    result = kg(name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout, f"kg {name} --help shows no example"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_is_documented_in_the_readme(name):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"kg {name}" in readme, f"README.md does not document kg {name}"


def test_readme_documents_every_exit_code():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in range(7):
        assert re.search(rf"^\|\s*{code}\s*\|", readme, re.M), f"exit code {code} missing from the README table"


def test_unknown_command_is_a_usage_error(kg):
    result = kg("frobnicate")
    assert result.exit_code == 2
