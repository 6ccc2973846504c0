"""kg export: every format reads back as the source graph, the same bytes on every run, safe -o."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.interop import export as export_service
from kg.graph_selection import select
from kg.namespaces import ENTITIES_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, source_iri
from kg.project import Project
from kg.store.graph import load_in_memory

from tests.support.tiny_project import file_bytes, make_tiny_project

RDF_FORMATS = {  # -f name -> (pyoxigraph format, rdflib format, keeps named graphs)
    "ttl": (ox.RdfFormat.TURTLE, "turtle", False),
    "nt": (ox.RdfFormat.N_TRIPLES, "nt", False),
    "rdfxml": (ox.RdfFormat.RDF_XML, "xml", False),
    "nq": (ox.RdfFormat.N_QUADS, "nquads", True),
    "trig": (ox.RdfFormat.TRIG, "trig", True),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld", True),
}
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def source_quads(project: Path, **selection) -> tuple[list[ox.Quad], list[str]]:
    """The quads an export should hold, read from the project's files independently of kg export."""
    store = load_in_memory(Project(project), completed=False).store  # the files: no inferred closure
    graphs = select(store, include_shapes=False, **selection)
    return [q for g in graphs for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))], graphs


def canonical(quads) -> ox.Dataset:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def as_triples(quads) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object) for q in quads]


def rdflib_graph(quads) -> rdflib.Graph:
    data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_every_format_reads_back_as_the_source_graph(kg, project, fmt):
    ox_format, rdflib_format, keeps_graphs = RDF_FORMATS[fmt]
    result = kg("-C", project, "export", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    expected, graphs = source_quads(project)
    assert SHAPES_GRAPH not in graphs and ONTOLOGY_GRAPH in graphs  # the documented default
    data = result.stdout_bytes

    parsed = list(ox.parse(data, format=ox_format))
    wanted = expected if keeps_graphs else as_triples(expected)
    assert canonical(parsed) == canonical(wanted)

    if keeps_graphs:
        dataset = rdflib.Dataset().parse(data=data, format=rdflib_format)
        named = {str(g.identifier) for g in dataset.graphs() if len(g) and str(g.identifier) != "urn:x-rdflib:default"}
        assert named == set(graphs)
        for g in graphs:
            own = [q for q in expected if q.graph_name.value == g]
            assert isomorphic(dataset.graph(rdflib.URIRef(g)), rdflib_graph(own)), g
        assert result.stderr == rewritten_note(project)
    else:
        assert isomorphic(rdflib.Graph().parse(data=data, format=rdflib_format), rdflib_graph(expected))
        assert result.stderr == (
            f"kg: note: {export_service.export_format(fmt, None)} has no named graphs: {len(graphs)} graph(s) "
            "merged into one and their names dropped (use -f trig or -f nq to keep them)\n"
        ) + rewritten_note(project)


def rewritten_note(project) -> str:
    """The note every export of the shipped project gives: its one literal the store writes otherwise."""
    return (
        "kg: note: 1 literal(s) of the files are written in the store's canonical form, the same value in other "
        f'text (first: {project}/data/sources/aljazeera-2019-russia-iran.ttl: "4000000000.0"^^xsd:decimal as '
        '"4000000000"^^xsd:decimal)\n'
    )


@pytest.mark.parametrize("fmt", [*RDF_FORMATS, "graphml"])
def test_the_same_graph_gives_the_same_bytes_in_separate_processes(kg_exe, project, fmt):
    outputs = []
    for seed in ("1", "2"):  # different hash seeds: set and dict order must not leak into the output
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([*kg_exe, "-C", str(project), "export", "-f", fmt], capture_output=True, env=env, timeout=120)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_line_formats_are_sorted_lines_with_canonical_blank_node_labels(kg, project, fmt):
    lines = kg("-C", project, "export", "-f", fmt).stdout.splitlines()
    assert lines == sorted(lines)
    assert any("_:c14n0 " in line for line in lines)  # the ontology's OWL axioms use blank nodes


def test_rdfxml_writes_one_block_per_subject(kg, project):
    root = ET.fromstring(kg("-C", project, "export", "-f", "rdfxml").stdout_bytes)
    about = [d.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about") for d in root]
    named = [a for a in about if a]
    assert len(named) == len(set(named)) > 100


def test_graph_selection_and_no_ontology(kg, project):
    only = kg("-C", project, "export", "-f", "nq", "--graph", "entities", "--graph", "shapes")
    assert only.exit_code == 0
    graphs = {q.graph_name.value for q in ox.parse(only.stdout_bytes, format=ox.RdfFormat.N_QUADS)}
    assert graphs == {ENTITIES_GRAPH, SHAPES_GRAPH}
    slug = sorted(p.stem for p in (project / "data" / "sources").glob("*.ttl"))[0]
    for name in (slug, f"src:{slug}", source_iri(slug)):
        one = kg("-C", project, "export", "-f", "nq", "--graph", name).stdout_bytes
        assert {q.graph_name.value for q in ox.parse(one, format=ox.RdfFormat.N_QUADS)} == {source_iri(slug)}
    no_ontology = kg("-C", project, "export", "-f", "nq", "--no-ontology").stdout_bytes
    expected, _ = source_quads(project, include_ontology=False)
    assert canonical(ox.parse(no_ontology, format=ox.RdfFormat.N_QUADS)) == canonical(expected)


def test_the_inferred_graph_is_exported_when_asked_for(kg, project):
    """By default an export holds what the files state; --graph inferred adds what kg build derived."""
    plain = kg("-C", project, "export", "-f", "nq").stdout_bytes
    assert INFERRED_GRAPH.encode() not in plain
    asked = kg("-C", project, "export", "-f", "nq", "--graph", "inferred").stdout_bytes
    quads = list(ox.parse(asked, format=ox.RdfFormat.N_QUADS))
    assert quads and {q.graph_name.value for q in quads} == {INFERRED_GRAPH}
    assert ox.Quad(ox.NamedNode("https://w3id.org/geokg/resource/Vladimir_Putin"), ox.NamedNode("https://w3id.org/geokg/ontology#involvedIn"),
                   ox.NamedNode("https://w3id.org/geokg/resource/statement-2019-05-15-putin-fire-brigade"),
                   ox.NamedNode(INFERRED_GRAPH)) in quads


def test_unknown_graph_is_a_usage_error_that_lists_the_graphs(kg, project):
    result = kg("-C", project, "export", "--graph", "nosuch")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("kg: error: --graph nosuch: the graph holds no such named graph (it has: ontology, shapes, entities, inferred, src:")
    assert kg("-C", project, "export", "--graph", "entities", "--no-ontology", "--graph", "ontology").exit_code == 0
    empty = kg("-C", project, "export", "--graph", "ontology", "--no-ontology")
    assert empty.exit_code == 2 and "nothing is left" in empty.stderr


def test_output_file_format_from_extension_and_refusal_to_overwrite(kg, project, tmp_path):
    target = tmp_path / "graph.nt"
    first = kg("-C", project, "export", "-o", target)
    assert first.exit_code == 0 and first.stdout == ""
    assert target.read_bytes() == kg("-C", project, "export", "-f", "nt").stdout_bytes
    target.write_bytes(b"precious\n")
    refused = kg("-C", project, "export", "-o", target)
    assert refused.exit_code == 4
    assert refused.stderr.splitlines()[-1] == f"kg: error: -o {target} exists; pass --force to overwrite it"
    assert target.read_bytes() == b"precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt", "project"]  # no temporary file left
    forced = kg("-C", project, "export", "-o", target, "--force")
    assert forced.exit_code == 0 and target.read_bytes().startswith(b"<")


def test_output_through_a_symbolic_link_is_refused_and_force_replaces_the_link(kg, project, tmp_path):
    victim = tmp_path / "victim.ttl"
    victim.write_bytes(b"keep me\n")
    link = tmp_path / "graph.ttl"
    link.symlink_to(victim)
    refused = kg("-C", project, "export", "-o", link)
    assert refused.exit_code == 4 and "is a symbolic link" in refused.stderr
    assert link.is_symlink() and victim.read_bytes() == b"keep me\n"
    forced = kg("-C", project, "export", "-o", link, "--force")
    assert forced.exit_code == 0
    assert not link.is_symlink() and link.read_bytes().startswith(b"@prefix")
    assert victim.read_bytes() == b"keep me\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "graph.unknown"], "-o graph.unknown: cannot tell the format from the extension .unknown"),
        (["-o", "no/such/folder/graph.ttl"], "-o no/such/folder/graph.ttl: the folder no/such/folder does not exist"),
        (["-f", "yaml"], "Invalid value for '-f' / '--format'"),
    ],
)
def test_bad_output_options_are_usage_errors(kg, project, args, message, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    before = file_bytes(tmp_path)
    result = kg("-C", project, "export", *args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""
    assert file_bytes(tmp_path) == before


def test_on_disk_store_exports_the_same_bytes(kg, project, tmp_path):
    assert kg("-C", project, "build", "--store", tmp_path / "store").exit_code == 0
    from_store = kg("-C", project, "export", "-f", "trig", "--store", tmp_path / "store")
    assert from_store.exit_code == 0
    assert from_store.stdout_bytes == kg("-C", project, "export", "-f", "trig").stdout_bytes


# ---------------------------------------------------------------- GraphML


@pytest.fixture
def tiny(tmp_path) -> Path:
    return make_tiny_project(tmp_path / "tiny")


def read_graphml(data: bytes) -> tuple[dict, list]:
    """{iri: {key name: value}} and [(source iri, property, target iri)], read with xml.etree."""
    root = ET.fromstring(data)
    names = {k.get("id"): k.get("attr.name") for k in root.iter(GRAPHML + "key")}
    graph = root.find(GRAPHML + "graph")
    nodes, by_id = {}, {}
    for node in graph.iter(GRAPHML + "node"):
        values = {names[d.get("key")]: d.text for d in node.iter(GRAPHML + "data")}
        nodes[values["iri"]] = values
        by_id[node.get("id")] = values["iri"]
    edges = [
        (by_id[e.get("source")], names_value(e, names), by_id[e.get("target")]) for e in graph.iter(GRAPHML + "edge")
    ]
    return nodes, edges


def names_value(edge, names) -> str:
    (data,) = edge.iter(GRAPHML + "data")
    assert names[data.get("key")] == "property"
    return data.text


def test_graphml_has_the_expected_nodes_and_edges(kg, tiny):
    result = kg("-C", tiny, "export", "-f", "graphml", "--no-ontology")
    assert result.exit_code == 0
    nodes, edges = read_graphml(result.stdout_bytes)
    kgr, src = "https://w3id.org/geokg/resource/", "https://w3id.org/geokg/source/"
    assert sorted(n for n in nodes if not n.startswith("_:")) == sorted(
        [kgr + "Iran", kgr + "Russia", kgr + "S-400", kgr + "tiny-request", src + "tiny-2024"]
    )
    assert sorted(edges) == sorted(
        [
            (kgr + "S-400", "kg:countryOfOrigin", kgr + "Russia"),
            (kgr + "tiny-request", "kg:agent", kgr + "Iran"),
            (kgr + "tiny-request", "kg:counterpart", kgr + "Russia"),
            (kgr + "tiny-request", "kg:place", "_:c14n0"),
            (kgr + "tiny-request", "kg:source", src + "tiny-2024"),
            (kgr + "tiny-request", "kg:weapon", kgr + "S-400"),
        ]
    )
    assert nodes[kgr + "Iran"] == {
        "label": "Iran", "class": "kg:State", "iri": kgr + "Iran", "skos:altLabel": "Tehran", "kg:wikidata": "Q794",
    }
    assert nodes["_:c14n0"] == {"label": "a room in Moscow", "class": "kg:Place", "iri": "_:c14n0"}
    assert nodes[src + "tiny-2024"]["label"] == 'A <tiny> & "test" article'
    assert nodes[kgr + "tiny-request"]["kg:evidence"] == "Iran asked Russia for the S-400."
    assert nodes[kgr + "tiny-request"]["label"] == "kgr:tiny-request"  # no rdfs:label: its prefixed name


def test_graphml_is_read_by_networkx(kg, tiny):
    import networkx
    data = kg("-C", tiny, "export", "-f", "graphml", "--no-ontology").stdout_bytes
    graph = networkx.parse_graphml(data.decode("utf-8"))
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 6
    labels = {attrs["label"] for _, attrs in graph.nodes(data=True)}
    assert {"Iran", "Russia", "S-400", "a room in Moscow"} <= labels
    assert sorted(attrs["property"] for *_, attrs in graph.edges(data=True)) == [
        "kg:agent", "kg:counterpart", "kg:countryOfOrigin", "kg:place", "kg:source", "kg:weapon",
    ]


def test_graphml_escapes_characters_xml_cannot_carry():
    from kg.interop.graphml import serialize_graphml

    s, p = ox.NamedNode("https://w3id.org/geokg/resource/X"), ox.NamedNode("https://w3id.org/geokg/ontology#quote")
    data, count = serialize_graphml([ox.Triple(s, p, ox.Literal("bell\x07 & <tag>"))])
    nodes, _ = read_graphml(data)
    assert count == 1
    assert nodes["https://w3id.org/geokg/resource/X"]["kg:quote"] == "bell\\u0007 & <tag>"


def test_trig_writes_each_statement_once_and_nests_blank_nodes():
    from kg.rdf.turtle import serialize_trig

    kgr, kg_ns, g = "https://w3id.org/geokg/resource/", "https://w3id.org/geokg/ontology#", ox.NamedNode(ENTITIES_GRAPH)
    place = ox.BlankNode()
    quads = [
        ox.Quad(ox.NamedNode(kgr + "E"), ox.NamedNode(kg_ns + "place"), place, g),
        ox.Quad(place, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("here", language="en"), g),
    ]
    assert serialize_trig(quads).splitlines()[-3:] == [
        "<https://w3id.org/geokg/graph/entities> {",
        '    kgr:E kg:place [ rdfs:label "here"@en ] .',
        "}",
    ]


def test_an_export_that_does_not_read_back_leaves_the_original_file(kg, project, tmp_path, monkeypatch):
    target = tmp_path / "graph.nt"
    target.write_bytes(b"precious\n")
    monkeypatch.setattr(export_service, "write_lines", lambda store, graphs, fmt, out, **_: out.write(b"<broken\n") and 1)
    result = kg("-C", project, "export", "-o", target, "--force")
    assert result.exit_code == 3
    assert "the export does not read back" in result.stderr and "nothing was written" in result.stderr
    assert target.read_bytes() == b"precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt", "project"]


def test_graph_order_on_the_command_line_does_not_change_the_bytes(kg, project):
    one = kg("-C", project, "export", "-f", "nq", "--graph", "entities", "--graph", "ontology").stdout_bytes
    other = kg("-C", project, "export", "-f", "nq", "--graph", "ontology", "--graph", "entities").stdout_bytes
    assert one == other
