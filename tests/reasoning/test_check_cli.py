"""kg check without Java: the one-line refusal, the hygiene-only mode, option misuse, and owlready2
staying out of every process but the reasoner's."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support.check_projects import hygiene_project
from tests.support.paths import REPO


def env_without_java(tmp_path: Path) -> dict[str, str]:
    """The environment with no java anywhere on PATH and no JAVA_HOME; python is run by full path."""
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    empty = tmp_path / "bin-without-java"
    empty.mkdir(exist_ok=True)
    env["PATH"] = str(empty)
    env["PYTHONPATH"] = str(REPO)
    return env


def test_without_java_check_exits_4_with_one_line_saying_how_to_install_it(kg_exe, project, tmp_path):
    result = subprocess.run([*kg_exe, "-C", str(project), "check"], env=env_without_java(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 4
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("kg: error: kg check needs Java 17 or newer for HermiT: apt-get install openjdk-17-jre-headless")
    assert "--no-reasoner" in lines[0]


def test_without_java_the_hygiene_checks_still_run(kg_exe, tmp_path):
    clean = hygiene_project(tmp_path / "hygiene")
    result = subprocess.run([*kg_exe, "-C", str(clean), "check", "--no-reasoner", "-f", "json"],
                            env=env_without_java(tmp_path), capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["reasoner"]["ran"] is False and data["hygiene"] == []


def test_materialize_needs_the_reasoner(kg, project):
    result = kg("-C", project, "check", "--materialize", "--no-reasoner")
    assert result.exit_code == 2
    assert result.stderr.strip() == "kg: error: --materialize needs the reasoner; drop --no-reasoner"
    assert not (project / "data" / "inferred.ttl").exists()


def test_a_bad_timeout_is_a_usage_error(kg, project):
    result = kg("-C", project, "check", "--timeout", "0")
    assert result.exit_code == 2 and "--timeout" in result.stderr


def test_only_the_reasoner_worker_imports_owlready2():
    importers = sorted(
        str(path.relative_to(REPO))
        for path in (REPO / "kg").rglob("*.py")
        if re.search(r"^\s*(import owlready2|from owlready2)", path.read_text(encoding="utf-8"), re.M)
    )
    assert importers == ["kg/reasoning/hermit_worker.py"]


def test_check_without_the_reasoner_loads_no_owlready2_rdflib_or_pyshacl(tmp_path):
    clean = hygiene_project(tmp_path / "hygiene")
    probe = (
        "import sys\n"
        "from kg.cli import main\n"
        "try:\n"
        f"    main(['-C', {str(clean)!r}, 'check', '--no-reasoner'], standalone_mode=False)\n"
        "finally:\n"
        "    print('LOADED', sorted(m for m in ('owlready2', 'rdflib', 'pyshacl') if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stderr
