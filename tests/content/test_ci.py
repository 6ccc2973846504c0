"""CI runs exactly the README's test command, and that command checks the import contracts."""

from __future__ import annotations

import re
import tomllib

from tests.support.paths import REPO


def readme_test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Running the tests\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, re.S)
    (command,) = block.strip().splitlines()
    return command


def ci_commands() -> list[str]:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    return [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_the_readme_test_command_last_in_a_fresh_venv():
    commands = ci_commands()
    assert commands[-1] == readme_test_command()
    assert "python3 -m venv .venv" in commands and ". .venv/bin/activate" in commands
    assert commands.index(". .venv/bin/activate") < len(commands) - 1


def test_the_test_command_checks_the_import_contracts_before_the_tests():
    assert readme_test_command() == \
        "pip install -e '.[test]' && python tools/w3c_shacl_suite.py && lint-imports && pytest"
    test_extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    assert any(re.match(r"import-linter\b", requirement) for requirement in test_extra)


def test_ci_requires_the_servers_and_the_w3c_suites():
    """In CI a missing Virtuoso, browser or W3C suite fails the run instead of skipping its tests."""
    assert "export KG_TEST_REQUIRE_SERVERS=1 KG_TEST_REQUIRE_W3C=1" in ci_commands()
