"""Files in data/ that kg does not read are named on stderr, never skipped without a word (issue 18)."""

from __future__ import annotations

from kg.project import Project


def test_build_warns_about_files_it_does_not_read(kg, project):
    (project / "data" / "sources" / "extra.trig").write_text("", encoding="utf-8")
    (project / "data" / "sources" / "extra.nq").write_text("", encoding="utf-8")
    (project / "data" / "facts.ttl").write_text("", encoding="utf-8")
    assert len(Project(project).unread_files()) == 3
    result = kg("-C", project, "build")
    assert result.exit_code == 0
    for name in ("extra.trig", "extra.nq", "facts.ttl"):
        assert f"kg: warning: {project}/data" in result.stderr and name in result.stderr


def test_a_project_with_only_read_files_has_no_warning(kg, project):
    assert Project(project).unread_files() == []
    assert "warning: " not in kg("-C", project, "build").stderr.replace("warnings", "")
