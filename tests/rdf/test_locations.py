"""Where each subject is written: the line a report shows next to every problem."""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf import locations, reading
from kg.limits import Limits

EX = "http://example.org/"


def lines_of(tmp_path, name: str, text: str) -> dict[str, int]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    inp = reading.read_input(path, limits=Limits())
    quads = reading.parse(inp, limits=Limits())
    found = locations.subject_lines(inp, quads)
    named = {s.value[len(EX):]: line for s, line in found.items() if isinstance(s, ox.NamedNode)}
    blank = sorted(line for s, line in found.items() if isinstance(s, ox.BlankNode))
    return {**named, "blank nodes": blank}


def test_turtle_statements_not_strings_comments_or_nested_nodes(tmp_path):
    text = (
        "@prefix ex: <http://example.org/> .\n"          # 1
        "# ex:fake ex:p ex:q . a comment\n"               # 2
        'ex:a ex:p "text . with\\n ex:b" ;\n'             # 3
        '    ex:q """several lines\n'                     # 4
        "ex:c ex:p ex:d . is still the string\n"          # 5
        '""" .\n'                                         # 6
        "ex:e.f ex:p [ ex:q ex:g ] .\n"                   # 7
        "<http://example.org/h> ex:p 1.5 .\n"             # 8
        "\n"                                              # 9
        "[] ex:p ex:a .\n"                                # 10
        "PREFIX ex2: <http://example.org/two/>\n"         # 11
        "ex2:i ex:p ( ex:a ex:b ) .\n"                    # 12
        "ex:a ex:r ex:b .\n"                              # 13: a second block; the first one counts
    )
    found = lines_of(tmp_path, "t.ttl", text)
    assert {k: v for k, v in found.items() if k != "blank nodes"} == {"a": 3, "e.f": 7, "h": 8, "two/i": 12}
    # the nested [ ex:q ex:g ] takes line 7, the root [] line 10, the list cells of line 12 take 12
    assert found["blank nodes"] == [7, 10, 12, 12]


def test_trig_graph_names_are_not_subjects(tmp_path):
    text = (
        "@prefix ex: <http://example.org/> .\n"
        "ex:g1 {\n"
        "    ex:a ex:p ex:b .\n"
        "}\n"
        "GRAPH ex:g2 { ex:c ex:p ex:d }\n"
    )
    assert lines_of(tmp_path, "t.trig", text) == {"a": 3, "c": 5, "blank nodes": []}


def test_ntriples_first_line_of_each_subject(tmp_path):
    text = (
        f"<{EX}a> <{EX}p> <{EX}b> .\n"
        f"_:x <{EX}p> <{EX}a> .\n"
        f"<{EX}b> <{EX}p> _:x .\n"
        f"<{EX}a> <{EX}q> \"x\" .\n"
    )
    assert lines_of(tmp_path, "t.nt", text) == {"a": 1, "b": 3, "blank nodes": [2]}


def test_jsonld_the_definition_not_the_reference(tmp_path):
    text = (
        "{\n"
        '  "@context": {"ex": "http://example.org/"},\n'
        '  "@graph": [\n'
        '    {"@id": "ex:a", "ex:p": {"@id": "ex:b"}},\n'
        '    {"ex:q": "x",\n'
        '     "@id": "ex:b"}\n'
        "  ]\n"
        "}\n"
    )
    assert lines_of(tmp_path, "t.jsonld", text) == {"a": 4, "b": 6, "blank nodes": []}
