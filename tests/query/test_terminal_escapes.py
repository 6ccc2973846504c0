"""Text from the data reaches a terminal with its control characters escaped (issue 18):
kg show, and kg query -f table / md."""

from __future__ import annotations

import pytest

LABEL = "Evil\x1b[2J\x1b[31m\x07 state\x9b"


@pytest.fixture
def hostile_label(project):
    entities = project / "data" / "entities.ttl"
    with open(entities, "a", encoding="utf-8") as handle:
        handle.write('\nkgr:Iran skos:altLabel "' + LABEL.replace("\x1b", "\\u001B").replace("\x07", "\\u0007")
                     .replace("\x9b", "\\u009B") + '"@en .\n')
    return project


@pytest.mark.parametrize("args", [["show", "kgr:Iran"],
                                  ["query", "-f", "table", "SELECT ?l WHERE { ?s skos:altLabel ?l }"],
                                  ["query", "-f", "md", "SELECT ?l WHERE { ?s skos:altLabel ?l }"]],
                         ids=["show", "table", "md"])
def test_control_characters_from_the_data_are_escaped(kg, hostile_label, args):
    result = kg("-C", hostile_label, *args)
    assert result.exit_code == 0, result.stderr
    assert "Evil" in result.stdout
    assert not any(c in result.stdout for c in "\x1b\x07\x9b")
    assert "\\x1b[2J" in result.stdout
