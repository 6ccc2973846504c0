"""kg serve processes the web tests share: one over a copy of the shipped project, one over the
hostile fixture project (tests/data/web/hostile/)."""

from __future__ import annotations

import shutil

import pytest

from tests.support.paths import DATA, REPO, copy_project
from tests.support.web import kg_serve


@pytest.fixture(scope="session")
def shipped(tmp_path_factory):
    """(base URL, project folder) of kg serve on the shipped project."""
    project = copy_project(tmp_path_factory.mktemp("web") / "project")
    with kg_serve(project) as url:
        yield url, project


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """Base URL of kg serve on the real ontology and data whose labels and literals carry markup."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(REPO / "ontology", project / "ontology")
    shutil.copytree(DATA / "web" / "hostile" / "data", project / "data")
    with kg_serve(project) as url:
        yield url
