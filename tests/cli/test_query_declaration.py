"""`kg query`'s options are declared once (kg.cli.declaration) and both parsers are built from
that declaration: the click command and the click-free fast path (kg.cli.fast). These tests
give every declared option to both and check that it lands in the same QueryRequest field,
so the two parsers cannot drift apart, and that --help lists what is declared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main, querying
from kg.cli.declaration import GLOBAL_OPTIONS, QUERY_OPTIONS
from kg.cli.fast import run_fast_query

from tests.support.paths import REPO

OPTIONS = {p.names[-1]: p for p in QUERY_OPTIONS if p.kind != "argument"}


def given(param, name: str, tmp_path: Path) -> tuple[list[str], object]:
    """Words that give `param` under `name` once (twice when repeatable), and the value it stands for."""
    if param.kind == "flag":
        return [name], True
    if param.kind == "pair":
        return [name, "k1", "v1", name, "k2", "v2"], (("k1", "v1"), ("k2", "v2"))
    if param.type == "choice":
        return [name, param.choice_values()[-1]], param.choice_values()[-1]
    text, value = {"text": ("some-text", "some-text"), "seconds": ("2.5", 2.5), "directory": (str(tmp_path), tmp_path)}[param.type]
    return [name, text], value


@pytest.fixture
def asked(monkeypatch):
    """The QueryRequests answer() was called with; it answers nothing and exits 0."""
    requests: list = []
    monkeypatch.setattr(querying, "answer", lambda request, project: requests.append(request) or 0)
    for name in ("KG_PROJECT", "KG_STORE"):
        monkeypatch.delenv(name, raising=False)
    return requests


def both_parsers(argv: list[str], asked: list) -> tuple:
    """(the fast path's QueryRequest or None if it declined, the click command's QueryRequest)."""
    taken = run_fast_query(argv)
    fast = asked.pop() if taken is not None else None
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return fast, asked.pop()


def test_the_declaration_is_the_query_request():
    fields = [f for f in querying.QueryRequest._fields if f != "store_on_command_line"]
    assert [p.dest for p in QUERY_OPTIONS] == fields


@pytest.mark.parametrize("param", OPTIONS.values(), ids=OPTIONS.keys())
def test_each_option_lands_in_the_same_field_through_both_parsers(param, asked, tmp_path):
    for name in param.names:
        words, value = given(param, name, tmp_path)
        fast, click = both_parsers(["query", "ASK {}", *words], asked)
        assert getattr(click, param.dest) == value
        assert click.query == "ASK {}"
        if param.fast:
            assert fast == click
        else:
            assert fast is None, f"the fast path took {name}, which is left to click"


@pytest.mark.parametrize("param", [p for p in OPTIONS.values() if p.kind == "value"], ids=lambda p: p.names[-1])
def test_long_options_take_their_value_after_an_equals_sign(param, asked, tmp_path):
    words, value = given(param, param.names[-1], tmp_path)
    fast, click = both_parsers(["query", "ASK {}", "=".join(words)], asked)
    assert getattr(click, param.dest) == value
    assert fast == (click if param.fast else None)


def test_store_from_the_environment_is_not_on_the_command_line(asked, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(tmp_path))
    fast, click = both_parsers(["query", "-n", "sources"], asked)
    assert fast == click
    assert (click.store_dir, click.store_on_command_line) == (tmp_path, False)
    fast, click = both_parsers(["query", "-n", "sources", "--store", str(tmp_path)], asked)
    assert fast == click and click.store_on_command_line


def test_a_store_that_is_a_file_is_left_to_click(asked, tmp_path, monkeypatch):
    """Click says the folder is a file (exit 2); the fast path declines rather than crash."""
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv("KG_STORE", str(tmp_path / "file"))
    assert run_fast_query(["query", "-n", "sources"]) is None
    result = CliRunner().invoke(main, ["query", "-n", "sources"])
    assert result.exit_code == 2 and "is a file" in result.stderr


@pytest.mark.parametrize("name", [n for p in GLOBAL_OPTIONS for n in p.names])
def test_the_global_options_are_taken_by_both_parsers(name, asked):
    words = {"--debug": [name], "--memory": [name, "1G"]}.get(name, [name, str(REPO)])
    fast, click = both_parsers([*words, "query", "-n", "sources"], asked)
    assert fast == click


def flat(text: str) -> str:
    return " ".join(text.split())


def test_query_help_lists_every_declared_option():
    shown = CliRunner().invoke(main, ["query", "--help"], prog_name="kg").stdout
    assert shown.startswith("Usage: kg query [OPTIONS] [QUERY]\n")
    for param in OPTIONS.values():
        assert ", ".join(param.names) in shown
        assert flat(param.help) in flat(shown)
        assert param.metavar is None or f"{param.names[-1]} {param.metavar}" in shown


def test_kg_help_lists_the_global_options():
    shown = CliRunner().invoke(main, ["--help"]).stdout
    for param in GLOBAL_OPTIONS:
        assert ", ".join(param.names) in shown and flat(param.help) in flat(shown)


def test_the_fast_path_imports_neither_click_nor_the_format_module_to_parse():
    """The declaration names -f's choices by module; they are imported when a value is checked."""
    script = "import sys, kg.cli.fast\nprint([m for m in ('click', 'kg.query.results', 'pyoxigraph') if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert (done.returncode, done.stdout) == (0, "[]\n")
    from kg.query.results import FORMAT_CHOICES

    assert OPTIONS["--format"].choice_values() == tuple(FORMAT_CHOICES)
