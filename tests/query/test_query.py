"""kg query: formats parsed back by real parsers, predeclared prefixes, the union default graph,
ASK exit codes, stdin and files, canned parameters, limits, and no heavy imports."""

from __future__ import annotations

import ast
import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from tests.support.paths import REPO
from tests.support.query_project import make_query_project

KGR = "https://w3id.org/geokg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
REFUSAL = KGR + "arms-refusal-2020-atlantis-lemuria"
# Every kind of term: IRIs, a language-tagged label, typed dates, and an evidence sentence with
# | , " < & and a tab in it.
EVENTS = """SELECT ?event ?label ?date ?evidence WHERE {
  GRAPH src:wave-2020-atlantis { ?event kg:weapon kgr:Trident-9 ; rdfs:label ?label ; kg:date ?date ; kg:evidence ?evidence }
} ORDER BY ?event"""
SR = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    return make_query_project(tmp_path_factory.mktemp("q") / "project")


@pytest.fixture(scope="module")
def expected_rows(fixture_project):
    """The rows of EVENTS straight from pyoxigraph, as {variable: term} dicts."""
    from kg.project import Project
    from kg.store.graph import load_in_memory

    return as_dicts(load_in_memory(Project(fixture_project)).query(EVENTS))


def as_dicts(solutions) -> list[dict]:
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def run(kg, project, *args, input=None):
    return kg("-C", project, "query", *args, input=input)


def test_json_is_standard_sparql_results(kg, fixture_project, expected_rows):
    result = run(kg, fixture_project, EVENTS, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["head"]["vars"] == ["event", "label", "date", "evidence"]
    first = document["results"]["bindings"][0]
    assert first["event"] == {"type": "uri", "value": KGR + "arms-refusal-2020-atlantis-lemuria"}
    assert first["label"] == {"type": "literal", "value": "Atlantis refuses Lemuria the Trident-9", "xml:lang": "en"}
    assert first["date"] == {"type": "literal", "value": "2020-02", "datatype": XSD + "gYearMonth"}
    assert first["evidence"]["value"].endswith('| "no, never" & <not now>.') and "datatype" not in first["evidence"]
    assert as_dicts(ox.parse_query_results(result.stdout.encode(), format=ox.QueryResultsFormat.JSON)) == expected_rows


def test_xml_is_standard_sparql_results(kg, fixture_project, expected_rows):
    result = run(kg, fixture_project, EVENTS, "-f", "xml")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout.encode())
    assert [v.get("name") for v in root.find(f"{SR}head")] == ["event", "label", "date", "evidence"]
    results = root.find(f"{SR}results").findall(f"{SR}result")
    assert len(results) == len(expected_rows) == 2
    label = results[0].find(f"{SR}binding[@name='label']/{SR}literal")
    assert label.text == "Atlantis refuses Lemuria the Trident-9"
    assert label.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    evidence = results[0].find(f"{SR}binding[@name='evidence']/{SR}literal").text
    assert evidence == expected_rows[0]["evidence"].value
    assert as_dicts(ox.parse_query_results(result.stdout.encode(), format=ox.QueryResultsFormat.XML)) == expected_rows


def test_csv_is_standard_and_quotes_what_needs_it(kg, fixture_project, expected_rows):
    result = run(kg, fixture_project, EVENTS, "-f", "csv")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")  # click's Result.stdout turns CRLF into LF
    assert text.count("\r\n") == 3 and '"The Daily Wave reported' in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["event", "label", "date", "evidence"]
    assert rows[1:] == [[r[k].value for k in rows[0]] for r in expected_rows]


def test_tsv_is_standard_and_lossless(kg, fixture_project, expected_rows):
    result = run(kg, fixture_project, EVENTS, "-f", "tsv")
    assert result.exit_code == 0
    lines = result.stdout.split("\n")
    assert lines[0] == "?event\t?label\t?date\t?evidence"
    assert lines[2].split("\t")[3] == '"On 15 January 2020 Lemuria asked Atlantis for the Trident-9,\\ta system it had long wanted."'
    assert as_dicts(ox.parse_query_results(result.stdout.encode(), format=ox.QueryResultsFormat.TSV)) == expected_rows


def test_output_is_tsv_in_a_pipe_and_a_table_on_request(kg, fixture_project):
    piped = run(kg, fixture_project, EVENTS)
    assert piped.stdout == run(kg, fixture_project, EVENTS, "-f", "tsv").stdout
    table = run(kg, fixture_project, "SELECT ?s ?d WHERE { ?s kg:date ?d } ORDER BY STR(?d)", "-f", "table")
    assert table.stdout.splitlines() == [
        "s                                       d",
        "--------------------------------------  ----------",
        "kgr:meeting-2020-01-stone-reed          2020-01",
        "kgr:arms-request-2020-lemuria-trident   2020-01-15",
        "kgr:arms-refusal-2020-atlantis-lemuria  2020-02",
        "kgr:arms-purchase-2021-mu-trident       2021",
        "(4 rows)",
    ]


def test_labels_replace_iris_in_tables(kg, fixture_project):
    query = "SELECT ?who WHERE { kgr:meeting-2020-01-stone-reed kg:participant ?who } ORDER BY ?who"
    result = run(kg, fixture_project, query, "-f", "table", "--labels")
    assert result.stdout.splitlines()[2:4] == ["Ada Stone", "Bo Reed"]


def test_markdown_escapes_pipes(kg, fixture_project):
    result = run(kg, fixture_project, EVENTS, "-f", "md")
    lines = result.stdout.splitlines()
    assert lines[0] == "| event | label | date | evidence |"
    assert lines[1] == "| --- | --- | --- | --- |"
    assert lines[2].startswith("| kgr:arms-refusal-2020-atlantis-lemuria | Atlantis refuses Lemuria the Trident-9 | 2020-02 |")
    assert lines[2].endswith('Trident-9 \\| "no, never" & <not now>. |')
    assert all(line.count("|") - line.count("\\|") == 5 for line in lines)


def test_select_star_keeps_the_order_of_the_query(kg, fixture_project):
    result = run(kg, fixture_project, "SELECT * WHERE { ?zebra kg:date ?apple . ?zebra kg:weapon ?mango }", "-f", "tsv")
    assert result.stdout.splitlines()[0] == "?zebra\t?apple\t?mango"


def test_project_prefixes_are_predeclared_and_all_graphs_are_the_default(kg, fixture_project):
    union = run(kg, fixture_project, "SELECT ?who WHERE { ?who kg:country kgr:Atlantis . ?f kg:holder ?who }")
    assert union.stdout == f"?who\n<{KGR}Ada_Stone>\n"  # entities graph joined with a source graph
    graphs = run(kg, fixture_project, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e kg:weapon kgr:Trident-9 } } ORDER BY ?g")
    assert graphs.stdout.splitlines()[1:] == [
        "<https://w3id.org/geokg/source/tide-2021-mu>",
        "<https://w3id.org/geokg/source/wave-2020-atlantis>",
    ]
    declared = run(kg, fixture_project, "PREFIX ex: <https://w3id.org/geokg/resource/> ASK { ex:Mu a kg:State }")
    assert declared.stdout == "true\n"


def test_from_a_graph_of_the_store_is_allowed(kg, fixture_project):
    result = run(kg, fixture_project, "SELECT (COUNT(*) AS ?n) FROM src:tide-2021-mu WHERE { ?s kg:weapon ?w }", "-f", "csv")
    assert result.exit_code == 0 and result.stdout_bytes == b"n\r\n1\r\n"


@pytest.mark.parametrize(
    ("query", "answer", "code"),
    [("ASK { kgr:Mu a kg:State }", "true", 0), ("ASK { kgr:Mu a kg:City }", "false", 1)],
)
def test_ask_prints_the_answer_and_can_set_the_exit_code(kg, fixture_project, query, answer, code):
    plain = run(kg, fixture_project, query)
    assert plain.exit_code == 0 and plain.stdout == answer + "\n"
    assert json.loads(run(kg, fixture_project, query, "-f", "json").stdout) == {"head": {}, "boolean": answer == "true"}
    with_exit = run(kg, fixture_project, query, "--ask-exit")
    assert with_exit.exit_code == code and with_exit.stdout == answer + "\n"


def test_ask_exit_with_a_select_is_a_usage_error(kg, fixture_project):
    result = run(kg, fixture_project, "SELECT ?s WHERE { ?s ?p ?o }", "--ask-exit")
    assert result.exit_code == 2 and "--ask-exit is for ASK queries" in result.stderr


CONSTRUCT = "CONSTRUCT { ?e kg:weapon ?w ; kg:note [ rdfs:label ?l ] } WHERE { ?e kg:weapon ?w ; rdfs:label ?l }"


@pytest.mark.parametrize(("fmt", "rdf_format"), [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                                                 ("jsonld", ox.RdfFormat.JSON_LD), ("rdfxml", ox.RdfFormat.RDF_XML)])
def test_construct_gives_the_same_bytes_every_time_in_every_rdf_format(kg, fixture_project, fmt, rdf_format):
    first = run(kg, fixture_project, CONSTRUCT, "-f", fmt)
    second = run(kg, fixture_project, CONSTRUCT, "-f", fmt)
    assert first.exit_code == 0 and first.stdout == second.stdout
    triples = list(ox.parse(first.stdout.encode(), format=rdf_format))
    assert len(triples) == 9  # three events: a weapon, a blank note, its label
    assert sum(1 for t in triples if isinstance(t.subject, ox.BlankNode)) == 3


def test_construct_defaults_to_turtle_and_refuses_row_formats(kg, fixture_project):
    default = run(kg, fixture_project, CONSTRUCT)
    assert default.stdout.startswith("@prefix kg: <https://w3id.org/geokg/ontology#> .")
    refused = run(kg, fixture_project, CONSTRUCT, "-f", "csv")
    assert refused.exit_code == 2 and "-f csv is for SELECT and ASK results" in refused.stderr
    graph_format = run(kg, fixture_project, "SELECT * WHERE { ?s ?p ?o }", "-f", "nt")
    assert graph_format.exit_code == 2 and "-f nt is for graphs" in graph_format.stderr


def test_query_from_stdin_and_from_a_file(kg, fixture_project, tmp_path):
    text = "SELECT ?s WHERE { ?s a kg:ArmsPurchase }"
    assert run(kg, fixture_project, "-", input=text).stdout == f"?s\n<{KGR}arms-purchase-2021-mu-trident>\n"
    path = tmp_path / "purchases.rq"
    path.write_text(text, encoding="utf-8")
    assert run(kg, fixture_project, path).stdout == f"?s\n<{KGR}arms-purchase-2021-mu-trident>\n"
    missing = run(kg, fixture_project, tmp_path / "missing.rq")
    assert missing.exit_code == 3 and missing.stderr == f"kg: error: {tmp_path / 'missing.rq'}: no such query file\n"


def test_a_syntax_error_in_a_file_names_the_file_line_and_column(kg, fixture_project, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}\n", encoding="utf-8")
    result = run(kg, fixture_project, path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"kg: error: {path}: SPARQL syntax error at line 3, column 13: '=' needs a value after it\n"


def test_no_query_is_a_usage_error(kg, fixture_project):
    result = run(kg, fixture_project)
    assert result.exit_code == 2 and "give a query" in result.stderr


def test_table_output_is_bounded(kg, fixture_project, monkeypatch):
    monkeypatch.setenv("KG_MAX_TABLE_ROWS", "3")
    query = "SELECT ?s WHERE { ?s kg:date ?d }"
    result = run(kg, fixture_project, query, "-f", "table")
    assert result.exit_code == 5 and result.stdout == ""
    assert "4 rows are too many for a table (limit 3, KG_MAX_TABLE_ROWS)" in result.stderr and "-f csv" in result.stderr
    assert run(kg, fixture_project, query, "-f", "csv").stdout_bytes.count(b"\r\n") == 5


# ---------------------------------------------------------------- canned queries through the CLI


def test_canned_query_with_a_class_parameter_given_by_alt_label(kg, fixture_project):
    result = run(kg, fixture_project, "-n", "weapon-events", "-p", "weapon", "trident", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "event,date"  # the bound parameter's column is hidden
    assert len(result.stdout.splitlines()) == 4


def test_canned_query_default_and_required_parameters(kg, fixture_project):
    default = run(kg, fixture_project, "-n", "events-since", "-f", "csv")
    assert default.stdout.splitlines() == ["event,date", f"{KGR}arms-purchase-2021-mu-trident,2021"]
    missing = run(kg, fixture_project, "-n", "weapon-events")
    assert missing.exit_code == 2
    assert missing.stderr == "kg: error: -p weapon is required by query weapon-events (e.g. -p weapon Trident)\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-n", "weapon-events", "-p", "wepon", "x"], 2, "-p wepon: query weapon-events takes weapon"),
        (["-p", "weapon", "x", "SELECT * WHERE {?s ?p ?o}"], 2, "-p is for canned queries"),
        (["-n", "weapon-events", "SELECT * WHERE {?s ?p ?o}"], 2, "give either QUERY or -n NAME"),
        (["-n", "weapon-event"], 3, "no canned query named 'weapon-event' (did you mean weapon-events?)"),
        (["-n", "weapon-events", "-p", "weapon", "kgr:Atlantis"], 2, "-p weapon: kgr:Atlantis is not a kg:WeaponSystem"),
        (["-n", "weapon-events", "-p", "weapon", "Atlantis"], 3, "-p weapon: no kg:WeaponSystem in the graph is named 'Atlantis'"),
        (["-n", "weapon-events", "-p", "weapon", "Tridnet"], 3, "closest names: Trident (kgr:Trident-9)"),
        (["-n", "events-since", "-p", "year", "twenty"], 2, "-p year: 'twenty' is not a whole number"),
        (["-n", "on-date", "-p", "day", "2020-02-30"], 2, "-p day: '2020-02-30' is not a date"),
    ],
)
def test_bad_canned_query_arguments(kg, fixture_project, args, code, message):
    result = run(kg, fixture_project, *args)
    assert result.exit_code == code and result.stdout == ""
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_date_parameters_keep_their_precision(kg, fixture_project):
    day = run(kg, fixture_project, "-n", "on-date", "-p", "day", "2020-01-15", "-f", "csv")
    month = run(kg, fixture_project, "-n", "on-date", "-p", "day", "2020-01", "-f", "csv")
    assert day.stdout.splitlines()[1:] == [f"{KGR}arms-request-2020-lemuria-trident"]
    assert month.stdout.splitlines()[1:] == [f"{KGR}meeting-2020-01-stone-reed"]


@pytest.mark.parametrize("payload", ['x" || true || "', "} ; DROP ALL ; {", "') || true || ('", "atlantis\" } UNION { ?entity ?p ?label"])
def test_injection_payloads_in_parameters_match_nothing_and_change_nothing(kg, fixture_project, tmp_path, payload):
    store = tmp_path / "store"
    assert kg("-C", fixture_project, "build", "--store", store).exit_code == 0
    before = run(kg, fixture_project, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", store, "-f", "csv")
    result = run(kg, fixture_project, "-n", "label-search", "-p", "text", payload, "--store", store, "-f", "csv")
    assert result.exit_code == 0 and result.stdout_bytes == b"entity,label\r\n"
    as_entity = run(kg, fixture_project, "-n", "weapon-events", "-p", "weapon", payload, "--store", store)
    assert as_entity.exit_code == 3 and "no kg:WeaponSystem in the graph is named" in as_entity.stderr
    after = run(kg, fixture_project, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", store, "-f", "csv")
    assert after.stdout == before.stdout and int(after.stdout.split()[1]) > 100


def test_the_string_parameter_does_match_when_it_should(kg, fixture_project):
    """The control for the injection test: the same query finds labels with a real text."""
    result = run(kg, fixture_project, "-n", "label-search", "-p", "text", "ATLANTIS", "-f", "csv")
    assert result.stdout.splitlines()[1:] == [f"{KGR}Atlantis,Atlantis", f"{KGR}Atlantis_President,President of Atlantis"]


# ---------------------------------------------------------------- cold process


def modules_after(args: list[str], watched: tuple[str, ...]) -> tuple[str, list[str]]:
    """(stdout, the watched modules that were imported) of `kg ARGS` in a fresh process."""
    script = (
        "import sys\n"
        "from kg.cli import main\n"
        "try:\n"
        f"    main({args!r}, prog_name='kg')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        f"print(sorted(m for m in {watched!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout, ast.literal_eval(done.stderr.strip().splitlines()[-1])


def test_kg_query_imports_neither_rdflib_nor_pyshacl_nor_owlready2():
    stdout, imported = modules_after(["-C", str(REPO), "query", "-n", "sources", "-f", "csv"], ("rdflib", "pyshacl", "owlready2"))
    assert stdout.startswith("source,title,publisher,date,facts\n")
    assert imported == []


def test_kg_query_and_kg_show_load_nothing_of_the_web_ui():
    """Jinja2 and kg.web are for kg serve only (docs/web.md)."""
    for args in (["query", "-n", "sources", "-f", "csv"], ["show", "Iran"]):
        stdout, imported = modules_after(["-C", str(REPO), *args], ("jinja2", "markupsafe", "kg.web"))
        assert stdout and imported == []
    _, seen = modules_after(["-C", str(REPO), "show", "Iran"], ("kg.query.show", "kg.web"))
    assert seen == ["kg.query.show"]  # the control: the watch does see a kg module


def test_kg_query_leaves_out_what_only_other_paths_need():
    """Start-up time measured in bench/query_cold.py: tempfile (5 ms with shutil), hashlib (6 ms,
    OpenSSL), json, csv and dataclasses are not needed to print TSV from a canned query."""
    watched = ("tempfile", "hashlib", "json", "csv", "dataclasses", "kg.sparql.syntax", "kg.atomic", "http.client")
    stdout, imported = modules_after(["-C", str(REPO), "query", "-n", "sources", "-f", "tsv"], watched)
    assert stdout.startswith("?source\t?title") and imported == []
    _, with_json = modules_after(["-C", str(REPO), "query", "-n", "sources", "-f", "json"], watched)
    assert with_json == ["json"]  # the control: the watch does see an import
