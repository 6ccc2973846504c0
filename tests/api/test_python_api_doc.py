"""docs/python-api.md runs as written: every python block, in order, in one namespace, in a copy of
the shipped project; a text block right after one is exactly what it prints."""

from __future__ import annotations

import contextlib
import io
import re
import shutil

import kg

from tests.support.paths import REPO, copy_project

DOC = REPO / "docs" / "python-api.md"
TEXT = DOC.read_text(encoding="utf-8")
EXAMPLES = [(m.group(1), m.group(2)) for m in re.finditer(r"```python\n(.*?)```(?:\s*```text\n(.*?)```)?", TEXT, re.S)]


def test_every_example_prints_what_the_doc_says(tmp_path, monkeypatch):
    scratch = copy_project(tmp_path / "geokg")
    shutil.copytree(REPO / "examples", scratch / "examples")
    monkeypatch.chdir(scratch)
    namespace: dict = {}
    for number, (code, expected) in enumerate(EXAMPLES, start=1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{DOC.name}, example {number}", "exec"), namespace)
        assert printed.getvalue() == (expected or ""), f"example {number}:\n{code}"
    assert len(EXAMPLES) >= 15


def test_the_doc_opens_with_three_lines_of_python_that_ask_a_canned_question():
    first = TEXT.split("\n## ", 1)[0]
    (code, output) = EXAMPLES[0]
    assert code in first and output in first
    lines = [line for line in code.splitlines() if line.strip()]
    assert lines[0] == "import kg" and len(lines) == 4
    assert "kg.find_project(" in lines[1] and "kg.ask(" in lines[2] and "name=" in lines[2] and lines[3].startswith("print(")


def test_every_public_name_has_a_heading_and_every_function_an_example():
    code = "\n".join(c for c, _ in EXAMPLES)
    for name in kg.__all__:
        if name == "__version__":
            continue
        assert f"`kg.{name}`" in TEXT, f"kg.{name} is not documented"
        if callable(getattr(kg, name)) and name[0].islower():
            assert f"kg.{name}(" in code, f"kg.{name} has no example"


def test_the_table_of_errors_gives_each_class_its_exit_code():
    rows = re.findall(r"^\| `kg\.(\w+)` \| (\d) \|", TEXT, re.M)
    assert {name for name, _ in rows} == {n for n in kg.__all__ if n.endswith(("Error", "Found")) and n != "KgError"}
    for name, code in rows:
        assert getattr(kg, name).exit_code == int(code)


def test_the_readme_shows_the_docs_opening_example():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)
    assert code == EXAMPLES[0][0] and "docs/python-api.md" in section
