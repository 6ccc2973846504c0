"""The fast path of `kg query` (kg.cli.fast) must be indistinguishable from the click command:
the same stdout, stderr and exit code for every command line it takes, and nothing done for
the ones it leaves to click."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli.fast import run_fast_query

from tests.support.paths import REPO
STATES = "SELECT ?s WHERE { ?s a kg:State } ORDER BY ?s"

TAKEN = {
    "canned tsv": ["query", "-n", "sources", "-f", "tsv"],
    "canned with a label parameter": ["query", "-n", "arms-by-weapon", "-p", "weapon", "S-400", "-f", "csv"],
    "long options with =": ["query", "--name=facts-about", "--param", "entity", "Iran", "--format=json"],
    "options before the query": ["query", "-f", "md", "--labels", STATES],
    "table with labels": ["query", STATES, "-f", "table", "--labels"],
    "default format in a pipe": ["query", STATES],
    "construct": ["query", "CONSTRUCT { ?s a kg:State } WHERE { ?s a kg:State }", "-f", "nt"],
    "ask true with --ask-exit": ["query", "ASK { kgr:Iran a kg:State }", "--ask-exit"],
    "ask false with --ask-exit": ["query", "ASK { kgr:Iran a kg:Official }", "--ask-exit"],
    "timeout": ["query", "--timeout", "2.5", "-n", "sources"],
    "unknown canned name": ["query", "-n", "nosuch"],
    "unknown parameter value": ["query", "-n", "arms-by-weapon", "-p", "weapon", "Excalibur"],
    "syntax error": ["query", "SELECT * WHERE { ?s ?p }"],
    "update refused": ["query", "DELETE WHERE { ?s ?p ?o }"],
    "service refused": ["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"],
    "-p without -n": ["query", "-p", "k", "v", STATES],
    "no query": ["query"],
    "query and name": ["query", STATES, "-n", "sources"],
    "ask-exit on a select": ["query", STATES, "--ask-exit"],
    "no such query file": ["query", "missing.rq"],
}

DECLINED = {
    "help": ["query", "--help"],
    "endpoint": ["query", "--endpoint", "http://127.0.0.1:9", "-n", "sources"],
    "unknown format": ["query", "-f", "bogus", STATES],
    "repeated option": ["query", "-n", "sources", "-n", "meetings"],
    "bundled short option": ["query", "-nsources"],
    "zero timeout": ["query", "--timeout", "0", "-n", "sources"],
    "another command": ["stats"],
    "version": ["--version"],
    "end of options": ["query", "--", STATES],
    "unknown global option": ["--verbose", "query", STATES],
}


def through_click(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, argv, input=stdin, catch_exceptions=False)
    # The bytes: Result.stdout turns the CSV format's CRLF line ends into LF.
    return result.exit_code, result.stdout_bytes.decode(), result.stderr_bytes.decode()


def through_fast_path(argv: list[str], capsys, monkeypatch, stdin: str | None = None) -> tuple[int | None, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
    capsys.readouterr()
    code = run_fast_query(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", TAKEN.values(), ids=TAKEN.keys())
def test_the_fast_path_answers_as_click_does(argv, project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    fast = through_fast_path(["-C", str(project), *argv], capsys, monkeypatch)
    assert fast[0] is not None, "the fast path declined a command line it should take"
    assert fast == through_click(["-C", str(project), *argv])


def test_stdin_a_query_file_and_kg_project_are_read_alike(project, tmp_path, capsys, monkeypatch):
    (tmp_path / "states.rq").write_text(STATES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_PROJECT", str(project))
    for argv, stdin in ((["query", "-"], STATES), (["query", "states.rq", "-f", "csv"], None)):
        fast = through_fast_path(argv, capsys, monkeypatch, stdin)
        assert fast[0] == 0 and fast[1].startswith(("?s\n<https://w3id.org/geokg/resource/", "s\r\nhttps://"))
        assert fast == through_click(argv, stdin)


def test_a_store_is_read_alike_and_rebuilt_alike(project, tmp_path, capsys, monkeypatch):
    store = tmp_path / "store"
    argv = ["-C", str(project), "query", "--store", str(store), "-n", "sources", "-f", "csv"]
    assert through_click(["-C", str(project), "build", "--store", str(store)])[0] == 0
    fresh = through_fast_path(argv, capsys, monkeypatch)
    assert fresh[0] == 0 and fresh[2] == ""
    assert fresh == through_click(argv)
    with (project / "data" / "entities.ttl").open("a", encoding="utf-8") as f:
        f.write("\n# touched\n")
    rebuilt = through_fast_path(argv, capsys, monkeypatch)
    assert rebuilt[2] == f"kg: note: --store {store} was out of date and has been rebuilt\n"
    assert rebuilt[:2] == fresh[:2]


def test_debug_shows_the_traceback_then_the_same_line(project, capsys, monkeypatch):
    argv = ["-C", str(project), "--debug", "query", "-n", "nosuch"]
    code, _, err = through_fast_path(argv, capsys, monkeypatch)
    click_code, _, click_err = through_click(argv)
    assert code == click_code == 3
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1] == click_err.splitlines()[-1] == "kg: error: no canned query named 'nosuch' (kg queries lists them)"


@pytest.mark.parametrize("argv", DECLINED.values(), ids=DECLINED.keys())
def test_the_fast_path_leaves_everything_else_to_click(argv, capsys, monkeypatch):
    assert through_fast_path(argv, capsys, monkeypatch) == (None, "", "")


def test_the_program_answers_without_importing_click():
    """`kg query` as users run it, in a new process: the answer of the click command, without click."""
    script = (
        "import sys\n"
        "from kg.cli import run\n"
        f"sys.argv = ['kg', '-C', {str(REPO)!r}, 'query', '-n', 'sources', '-f', 'tsv']\n"
        "try:\n"
        "    run()\n"
        "finally:\n"
        "    print('click' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert (done.returncode, done.stderr) == (0, "False\n")
    assert done.stdout == through_click(["-C", str(REPO), "query", "-n", "sources", "-f", "tsv"])[1]
