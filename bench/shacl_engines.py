"""One SHACL engine on one job, as a program of its own so that its time and peak memory are its own.

    python bench/shacl_engines.py '{"engine": "kg", "job": "whole", "project": DIR, "out": FILE}'
    python bench/shacl_engines.py '{"engine": "pyrudof", "job": "w3c", "out": FILE}'

Engines: `kg` is the project's chosen path (kg.shacl.validate_store, engine "auto": the SPARQL engine,
declining to pyshacl), `pyshacl` the same entry point forced to pyshacl (the same data conversion
and report reading), `pyrudof` the Rust validator (rudof) with its native engine.

Jobs: `whole` loads a project's asserted files into an in-memory Oxigraph store and the shapes
apart, as kg build does, then times the validation from there to the report (for pyrudof that
includes reading the store's N-Triples dump, as pyshacl's time includes the rdflib conversion).
It writes the results as [focus, path, component, severity] rows. `w3c` runs every test of the
W3C core suite (tests/data/w3c-shacl/suite, from tools/w3c_shacl_suite.py) and writes each test's verdict. bench/shacl_compare.py
starts these programs and compares what they write.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402

from kg.namespaces import ENTITIES_GRAPH, PREFIXES, SH, SHAPES_GRAPH, shorten  # noqa: E402
from kg.rdf.terms import term_text  # noqa: E402

TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


# ---------------------------------------------------------------- engines: store + shapes in, findings as text out


def kg_results(store: ox.Store, shapes: list, engine: str) -> tuple[list[tuple], str]:
    """validate_store's findings as (focus, path, value, shape, component, severity) text, and which
    engine gave them (a report graph comes only from pyshacl)."""
    from kg import shacl

    report = shacl.validate_store(store, engine=engine, shapes=shapes)
    rows = [(f.focus, f.path, f.value, f.shape, f.constraint, f.severity) for f in report.results]
    return rows, "sparql" if report.report_graph is None else "pyshacl"


def pyrudof_results(data_nt: str, shapes_ttl: str, base: str | None = None) -> tuple[list[tuple], str]:
    """rudof's report, its terms rendered as kg renders them (so the three engines' rows compare)."""
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data_nt, format=pyrudof.RDFFormat.NTriples, base=base)
    rudof.read_shacl(shapes_ttl, base=base, reader_mode=pyrudof.ReaderMode.Strict)
    report = rudof.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
    return [(_rudof_term(e.focus_node), _rudof_term(e.path), _rudof_term(e.value), _rudof_term(e.source_shape),
             shorten(e.constraint_component), _severity(e.severity)) for e in report], "native"


def _severity(text: str) -> str:
    from kg.findings import from_shacl

    return from_shacl(text if text.startswith("http") else SH + text)


def _rudof_term(text: str | None) -> str:
    """rudof gives terms as text: a bare IRI, `_:id`, `"…"^^prefixed:datatype`, `(p / q)` or `^(p)` for a
    path, and some literals bare (`true`, `1`, a date): those are read as Turtle reads them, or kept as text."""
    if text is None:
        return ""
    if text.startswith("_:"):
        return "[]"
    if text.startswith(("(", "^")):
        return text
    if not text.startswith('"'):
        try:
            return term_text(ox.NamedNode(text)) if ":" in text and not text[0].isdigit() else _literal(text)
        except ValueError:
            return _literal(text)
    return _literal(text)


# rudof prints some literals without their datatype; these are the forms the W3C suite holds.
BARE_DATATYPES = ((re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"), "dateTime"),
                  (re.compile(r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?"), "date"))


def _literal(text: str) -> str:
    """A literal read back as Turtle, then stored (Oxigraph's canonical form, as kg reports values)."""
    typed = next((f'"{text}"^^xsd:{name}' for pattern, name in BARE_DATATYPES if pattern.fullmatch(text)), text)
    try:
        triple = next(iter(ox.parse(TURTLE_PREFIXES + f"<urn:s> <urn:p> {typed} .", format=ox.RdfFormat.TURTLE)))
    except (SyntaxError, StopIteration):
        return text
    store = ox.Store()
    store.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    return term_text(next(iter(store)).object)


# ---------------------------------------------------------------- jobs


def whole(args: dict) -> dict:
    """Whole-graph SHACL of a generated project: the store loaded (untimed), then one validation timed."""
    from kg.graph_selection import asserted_graph_names
    from kg.limits import Limits
    from kg.project import Project
    from kg.store.bulkload import load_project_files

    files = Project(Path(args["project"])).files()
    store, apart = ox.Store(), ox.Store()
    load_project_files(store, [f for f in files if f.role not in ("shapes", "inferred")], Limits())
    load_project_files(apart, [f for f in files if f.role == "shapes"], Limits())
    shapes = list(apart.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    start = time.perf_counter()
    if args["engine"] == "pyrudof":
        data = b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in asserted_graph_names(store))
        shapes_ttl = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in shapes], format=ox.RdfFormat.TURTLE)
        rows, ran = pyrudof_results(data.decode("utf-8"), shapes_ttl.decode("utf-8"))
    else:
        rows, ran = kg_results(store, shapes, "auto" if args["engine"] == "kg" else "pyshacl")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "ran": ran, "rows": [[f, p, c, s] for f, p, _v, _shape, c, s in rows]}


def w3c(args: dict) -> dict:
    """Every test of the W3C core suite: right (the expected report exactly), a wrong "conforms", or an error."""
    from tests.support import w3c_shacl

    verdicts = {}
    for case in w3c_shacl.cases():
        try:
            found, ran = _case_rows(case, args["engine"])
            rows = [_canonical(row) for row in found]
        except Exception as exc:  # noqa: BLE001 - a refusal or a crash is this test's verdict, not the run's end
            verdicts[case.name] = {"verdict": "error", "detail": f"{type(exc).__name__}: {str(exc)[:200]}"}
            continue
        says_conforms = not rows
        right = says_conforms == case.conforms and w3c_shacl.same_results(case.results, _counter(rows))
        wrong_conforms = says_conforms and not case.conforms
        verdicts[case.name] = {"verdict": "right" if right else ("wrong conforms" if wrong_conforms else "wrong"), "ran": ran}
        if not right:
            actual = _counter(rows)
            verdicts[case.name]["detail"] = (f"missing {sorted((case.results - actual).elements())[:3]}; "
                                             f"extra {sorted((actual - case.results).elements())[:3]}")[:600]
    return {"cases": verdicts}


def _canonical(row: tuple) -> tuple:
    """Literal focus nodes and values in Oxigraph's canonical form, as the expected reports are read
    (tests/support/w3c_shacl.py): pyshacl names `4.0` from the shapes graph, kg the stored `4`."""
    focus, path, value, *rest = row
    return (_literal(focus) if focus.startswith('"') else focus, path,
            _literal(value) if value.startswith('"') else value, *rest)


def _counter(rows):
    from collections import Counter

    return Counter(tuple(r) for r in rows)


def _case_rows(case, engine: str) -> tuple[list[tuple], str]:
    from tests.support import w3c_shacl

    if engine == "pyrudof":
        return pyrudof_results(_as_ntriples(case.data), case.shapes.read_text(encoding="utf-8"), case.shapes.as_uri())
    store = ox.Store()
    store.extend(w3c_shacl.load(case.data, ENTITIES_GRAPH))
    shapes = w3c_shacl.load(case.shapes, SHAPES_GRAPH)
    return kg_results(store, shapes, "auto" if engine == "kg" else "pyshacl")


def _as_ntriples(path: Path) -> str:
    """The test's data as N-Triples, relative IRIs resolved against its file (as the other engines read it)."""
    triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def main() -> int:
    args = json.loads(sys.argv[1])
    found = whole(args) if args["job"] == "whole" else w3c(args)
    Path(args["out"]).write_text(json.dumps(found), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
