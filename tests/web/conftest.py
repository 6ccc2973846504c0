"""One `kg serve` over a copy of the shipped project for all the web tests that only read pages."""

from __future__ import annotations

import pytest

from tests.support.paths import copy_project
from tests.support.web import kg_serve


@pytest.fixture(scope="session")
def shipped(tmp_path_factory):
    """(base URL, project folder) of kg serve on the shipped project."""
    project = copy_project(tmp_path_factory.mktemp("web") / "project")
    with kg_serve(project) as url:
        yield url, project
