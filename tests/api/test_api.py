"""The library API (kg/__init__.py): the same answers as the command line, typed errors with their
exit codes, checks before the graph is read, no environment, locks held by the library, and a
timed-out query that leaves nothing running."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import kg
from kg.project import write_lock

from tests.support.paths import REPO
from tests.support.tiny_project import file_bytes, make_tiny_project

SEEKERS = {"name": "weapon-seekers", "params": {"weapon": "S-400"}}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def graph():
    return kg.open_graph(kg.Project(REPO))


# ---------------------------------------------------------------- answers


def test_the_states_that_sought_the_s400(graph):
    answer = kg.ask(graph, **SEEKERS)
    assert answer.form == "SELECT"
    assert answer.columns == ("state", "event", "kind", "supplier", "date", "dateSource", "latest", "qualifier", "status",
                              "claimedBy", "source")
    states = sorted({row[0].value for row in answer.rows})
    assert states == [f"https://w3id.org/geokg/resource/{s}" for s in ("Iran", "Saudi_Arabia", "Turkey")]
    assert len(answer.rows) == 5


@pytest.fixture
def cli(kg):
    """The command line in-process (conftest's `kg`), under a name apart from the library's."""
    return kg


def test_ask_gives_what_kg_query_prints(cli, kg_exe, graph):
    """In-process (click) and as the program (the fast path, its own process): the same bytes."""
    shown = io.StringIO()
    kg.ask(graph, **SEEKERS).write(shown, "tsv")
    in_process = cli("-C", REPO, "query", "-n", "weapon-seekers", "-p", "weapon", "S-400", "-f", "tsv")
    program = subprocess.run([*kg_exe, "-C", str(REPO), "query", "-n", "weapon-seekers", "-p", "weapon", "S-400", "-f", "tsv"],
                             capture_output=True, text=True, cwd=REPO, check=True)
    assert shown.getvalue() == in_process.stdout == program.stdout
    assert program.stdout.count("\n") == 6


@pytest.mark.parametrize(
    ("query", "fmt"),
    [
        ("SELECT ?w ?label WHERE { ?w a kg:WeaponSystem ; rdfs:label ?label } ORDER BY ?w", fmt)
        for fmt in ("table", "md", "csv", "tsv", "json", "xml")
    ]
    + [("ASK { kgr:Turkey a kg:State }", fmt) for fmt in ("table", "tsv", "json")]
    + [("CONSTRUCT { ?w rdfs:label ?l } WHERE { ?w a kg:WeaponSystem ; rdfs:label ?l }", fmt)
       for fmt in ("turtle", "nt", "jsonld", "rdfxml")],
)
def test_every_format_renders_as_kg_query_prints_it(cli, graph, query, fmt):
    shown = io.StringIO()
    kg.ask(graph, query).write(shown, fmt, labels=True)
    printed = cli("-C", REPO, "query", query, "-f", fmt, "--labels").stdout
    assert shown.getvalue().replace("\r\n", "\n") == printed  # click's runner reads CSV's CRLF as LF


def test_a_project_a_graph_and_a_function_giving_one_are_asked_alike(graph):
    by_project = kg.ask(kg.Project(REPO), **SEEKERS)
    by_function = kg.ask(lambda: graph, queries=REPO / "queries", **SEEKERS)  # not opened to find them
    assert by_project.rows == by_function.rows == kg.ask(graph, **SEEKERS).rows


def test_params_may_be_pairs_as_kg_query_passes_them(graph):
    assert kg.ask(graph, name="weapon-seekers", params=[("weapon", "kgr:S-400")]).rows == kg.ask(graph, **SEEKERS).rows


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "error", "code", "message"),
    [
        (lambda g: kg.ask(g, "INSERT DATA { kgr:a kgr:b kgr:c }"), kg.PolicyError, 4, "SPARQL Update is refused"),
        (lambda g: kg.ask(g, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), kg.PolicyError, 4,
         "SERVICE at line 1, column 18 is refused"),
        (lambda g: kg.ask(g, "SELECT ?s WHERE { ?s ?p }"), kg.UsageError, 2, "SPARQL syntax error at line 1"),
        (lambda g: kg.ask(g, name="no-such-question"), kg.NotFound, 3, "no canned query named 'no-such-question'"),
        (lambda g: kg.ask(g, name="weapon-seekers", params={"wepon": "S-400"}), kg.UsageError, 2, "takes weapon"),
        (lambda g: kg.ask(g, name="weapon-seekers", params={"weapon": "Excalibur"}), kg.NotFound, 3, "Excalibur"),
        (lambda g: kg.ask(g, "ASK {}", name="sources"), kg.UsageError, 2, "not both"),
        (lambda g: kg.ask(g, "SELECT ?s WHERE { ?s ?p ?o }").render("turtle"), kg.UsageError, 2, "-f turtle is for graphs"),
        (lambda g: kg.ask(g, SLOW, limits=kg.Limits(query_timeout=0.3)), kg.LimitError, 5, "ran longer than 0.3 s"),
        (lambda g: kg.find_project(REPO / "docs"), kg.InputError, 3, "not a geokg project"),
    ],
)
def test_errors_are_raised_as_their_classes_with_the_exit_codes_of_the_command_line(graph, call, error, code, message):
    with pytest.raises(error) as raised:
        call(graph)
    assert raised.value.exit_code == code and isinstance(raised.value, kg.KgError)
    assert message in str(raised.value)


def test_a_refused_query_never_opens_the_graph():
    def never():
        raise AssertionError("the graph was opened for a query that is refused")

    with pytest.raises(kg.PolicyError):
        kg.ask(never, "DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(kg.UsageError):
        kg.ask(never, "SELECT ?s WHERE { ?s a nowhere:Thing }")


def test_a_canned_question_of_a_remote_store_needs_the_folder_of_questions():
    class Remote:
        isolated = False

        def graph_names(self):
            return set()

        def evaluate(self, query, substitutions):
            raise AssertionError("not asked")

        def query(self, sparql, **kwargs):
            raise AssertionError("not asked")

    with pytest.raises(kg.UsageError, match="queries="):
        kg.ask(Remote(), name="sources")


# ---------------------------------------------------------------- a timed-out query leaves nothing running


def test_a_timed_out_ask_leaves_no_thread_and_no_process(graph, monkeypatch):
    forked = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    threads, before = threading.active_count(), children()
    with pytest.raises(kg.LimitError):
        kg.ask(graph, SLOW, limits=kg.Limits(query_timeout=0.3))
    assert threading.active_count() == threads
    assert len(forked) == 1 and not Path(f"/proc/{forked[0]}").exists()  # killed and reaped: not even a zombie
    assert children() == before


def test_an_answer_in_time_leaves_nothing_either(graph):
    threads, before = threading.active_count(), children()
    assert kg.ask(graph, "ASK { ?s ?p ?o }").boolean is True
    assert threading.active_count() == threads
    assert children() == before


def children() -> set[int]:
    """This process's children, zombies included (a server another test module keeps running is one:
    comparing before and after, rather than expecting none, keeps these tests true in any order)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:  # gone meanwhile
            continue
        if stat and int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
            found.add(int(entry.name))
    return found


# ---------------------------------------------------------------- the environment is the command line's


def test_the_library_reads_no_kg_variable(graph, monkeypatch):
    monkeypatch.setenv("KG_MAX_TABLE_ROWS", "1")
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "0.001")
    assert kg.ask(graph, **SEEKERS).render("table").endswith("(5 rows)")


def test_no_library_module_reads_the_environment():
    """Only kg/cli reads it, and kg/limits.py defines Limits.from_env for kg/cli to call. HermiT's
    launcher looks for Java where Java says to (JAVA_HOME) and hands its worker the environment."""
    readers = {
        str(path.relative_to(REPO))
        for path in (REPO / "kg").rglob("*.py")
        if not path.is_relative_to(REPO / "kg" / "cli")
        and re.search(r"os\.environ|getenv|from_env\(", path.read_text(encoding="utf-8"))
    }
    assert readers == {"kg/limits.py", "kg/reasoning/hermit.py"}


# ---------------------------------------------------------------- locks are the library's


@pytest.fixture
def tiny(tmp_path):
    root = make_tiny_project(tmp_path / "project")
    entities = root / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + "kgr:Iran   kg:wikidata  \"Q794\" .\n", encoding="utf-8")
    return root  # entities.ttl is no longer in canonical form: format_files has work to do


def test_format_files_is_refused_while_another_writer_holds_the_project(tiny):
    project = kg.Project(tiny)
    before = file_bytes(tiny / "data")
    with write_lock(project), pytest.raises(kg.PolicyError) as raised:
        kg.format_files(project=project)
    assert raised.value.exit_code == 4 and "is writing to this project" in str(raised.value)
    assert file_bytes(tiny / "data") == before


def second_writer_during_writes(module, project, monkeypatch) -> list[int]:
    """Before each write of `module`, a second writer tries the project's lock: the exit codes it got."""
    refused: list[int] = []
    write = module.write_atomically

    def second_writer_then_write(path, data, **options):
        try:
            with write_lock(project):
                pass
        except kg.PolicyError as error:
            refused.append(error.exit_code)
        write(path, data, **options)

    monkeypatch.setattr(module, "write_atomically", second_writer_then_write)
    return refused


def test_format_files_holds_the_lock_while_it_writes(tiny, monkeypatch):
    from kg.rdf import fmt

    project = kg.Project(tiny)
    refused = second_writer_during_writes(fmt, project, monkeypatch)
    changed = [r.path.name for r in kg.format_files(project=project) if r.changed]
    assert "entities.ttl" in changed and refused == [4] * len(changed)


def test_add_holds_the_lock_while_it_writes(tiny, monkeypatch):
    from kg.validation import add

    project = kg.Project(tiny)
    facts = REPO / "tests" / "data" / "hostile" / "add-new-fact.ttl"
    refused = second_writer_during_writes(add, project, monkeypatch)
    result = kg.add(project, facts)
    assert result.added > 0 and refused == [4]


@pytest.mark.java
def test_materializing_is_refused_while_another_writer_holds_the_project(tiny):
    project = kg.Project(tiny)
    with write_lock(project), pytest.raises(kg.PolicyError) as raised:
        kg.check(project, materialize=True)
    assert raised.value.exit_code == 4 and "is writing to this project" in str(raised.value)
    assert not (tiny / "data" / "inferred.ttl").exists()


# ---------------------------------------------------------------- the facade


def test_import_kg_loads_no_engine_parser_or_command_line():
    probe = "import sys, kg; print(sorted(m for m in ('pyoxigraph', 'rdflib', 'click', 'pyshacl', 'owlready2') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout == "[]\n"


def test_every_public_name_resolves_and_is_listed():
    for name in kg.__all__:
        assert getattr(kg, name) is not None
    assert set(kg.__all__) <= set(dir(kg))
    assert issubclass(kg.NotFound, kg.InputError) and issubclass(kg.LimitError, kg.KgError)
    with pytest.raises(AttributeError):
        kg.no_such_name  # noqa: B018


def test_no_package_below_the_command_line_imports_the_facade():
    """kg/__init__.py points at every package: a package below kg/cli importing it would depend on
    them all (lint-imports reports the layer breach; this says it plainly)."""

    def facade_names(text: str) -> list[str]:
        names = re.findall(r"^\s*from kg import (\w+)", text, re.M)
        bare = re.findall(r"^\s*import kg\s*$", text, re.M)
        return [n for n in names if not (REPO / "kg" / n).is_dir() and not (REPO / "kg" / f"{n}.py").exists()] + bare

    importers = {
        str(path.relative_to(REPO)): facade_names(path.read_text(encoding="utf-8"))
        for path in (REPO / "kg").rglob("*.py")
        if path != REPO / "kg" / "__init__.py" and not path.is_relative_to(REPO / "kg" / "cli")
    }
    assert {path: names for path, names in importers.items() if names} == {}
