"""Exports say how many literals they write in the store's canonical form rather than as the files have them."""

from __future__ import annotations

import pyoxigraph as ox

from kg.project import Project
from kg.store.canonical import rewritten_literals


def test_the_shipped_graph_has_one_rewritten_literal_the_four_billion_of_1995(project):
    # aljazeera-2019: "cost Russia four billion dollars" is written 4000000000.0, an xsd:decimal the store keeps as
    # "4000000000"; every other number and date of the files is written canonically.
    found = rewritten_literals(Project(project).files())
    assert found.count == 1
    assert found.path.endswith("data/sources/aljazeera-2019-russia-iran.ttl")
    assert found.written == ox.Literal("4000000000.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    assert found.stored == ox.Literal("4000000000", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))


def test_derived_integers_and_padded_numbers_count_and_canonical_ones_do_not(tmp_path):
    path = tmp_path / "x.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<urn:a> <urn:p> "3"^^xsd:byte, 007, 1.50, 1.5, "true"^^xsd:boolean, "1"^^xsd:boolean, "x" .\n',
        encoding="utf-8",
    )
    from kg.project import ProjectFile

    found = rewritten_literals([ProjectFile(path, "urn:g", "source", "x")])
    assert found.count == 4  # the byte, 007, 1.50 and "1"^^xsd:boolean


def test_kg_export_prints_the_note_once_with_the_first_example(kg, project):
    result = kg("-C", project, "export", "-f", "nt")
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "canonical form" in line]
    assert notes == [
        "kg: note: 1 literal(s) of the files are written in the store's canonical form, the same value in other "
        f"text (first: {project}/data/sources/aljazeera-2019-russia-iran.ttl: \"4000000000.0\"^^xsd:decimal as "
        "\"4000000000\"^^xsd:decimal)"
    ]


def test_the_store_records_the_count_as_it_builds_and_a_refresh_updates_it(project):
    """kg export takes the note from the manifest (kg build counted while it parsed each file), so it parses
    nothing again; a refreshed file's count is taken again, the others' kept."""
    from kg.interop import export
    from kg.limits import Limits
    from kg.project import Project
    from kg.store import build
    from kg.store import canonical
    from kg.store.generations import read_manifest

    store_dir = build.project_store(Project(project))
    build.build(Project(project), store_dir, Limits())
    generation, manifest = read_manifest(store_dir)
    files = Project(project).files()
    assert canonical.recorded_rewritten(manifest, Project(project).root, files) == rewritten_literals(files)

    source = project / "data" / "sources" / "eftekhari-2021-russia-iran.ttl"
    source.write_text(source.read_text(encoding="utf-8") + '\n<urn:x:a> <urn:x:count> "0012"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
                      encoding="utf-8")
    build.build(Project(project), store_dir, Limits(), validate=False)
    _, manifest = read_manifest(store_dir)
    assert canonical.recorded_rewritten(manifest, Project(project).root, Project(project).files()).count == 2

    def parse_again(*args, **kwargs):
        raise AssertionError("the files were parsed again")

    original, canonical.rewritten_literals = canonical.rewritten_literals, parse_again
    try:
        found = export.export_graph(Project(project), "nt", store_dir=store_dir).rewritten
    finally:
        canonical.rewritten_literals = original
    assert found.count == 2 and found.path.endswith("aljazeera-2019-russia-iran.ttl")
