"""The small programs bench/run.py times, each in its own process so its peak memory is its own.

Each reads its arguments as one JSON document (argv[1]). A program that times only part of its
work (a query after the store is open, a validation after the graph is loaded) prints
`seconds=S` as its last line; otherwise the whole process is timed from spawn to exit. The
raw-engine and rdflib programs are what a user would write with the bare library: a few lines.
"""

from __future__ import annotations

# One bulk load per file into its named graph: the plain way to fill an on-disk store.
RAW_LOAD = """
import json, sys, pyoxigraph as ox
a = json.loads(sys.argv[1]); store = ox.Store(a["store"])
for path, graph in a["files"]:
    store.bulk_load(path=path, format=ox.RdfFormat.from_extension(path.rsplit(".", 1)[1]), to_graph=ox.NamedNode(graph))
store.flush()
"""

# The same files in one bulk_extend call: the fastest plain load, quads streamed from the parser.
RAW_LOAD_ONCE = """
import json, sys, pyoxigraph as ox
a = json.loads(sys.argv[1]); store = ox.Store(a["store"])
store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                  for path, g in a["files"] for t in ox.parse(path=path))
store.flush()
"""

RDFLIB_LOAD = """
import json, sys, rdflib
a = json.loads(sys.argv[1]); dataset = rdflib.Dataset()
for path, graph in a["files"]:
    dataset.graph(rdflib.URIRef(graph)).parse(path)
"""

# Whole-graph SHACL as kg build runs it: the asserted files loaded apart from the shapes, then timed.
SHACL = """
import json, sys, time, pyoxigraph as ox
sys.path.insert(0, json.loads(sys.argv[1])["repo"])
from kg import shacl
from kg.store.bulkload import load_project_files
from kg.limits import Limits
from kg.namespaces import SHAPES_GRAPH
from kg.project import Project
a = json.loads(sys.argv[1]); files = Project(a["project"]).files()
store, apart = ox.Store(), ox.Store()
load_project_files(store, [f for f in files if f.role not in ("shapes", "inferred")], Limits())
load_project_files(apart, [f for f in files if f.role == "shapes"], Limits())
start = time.perf_counter()
report = shacl.validate_store(store, engine=a["engine"], shapes=apart.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
print(len(report.results), "results"); print(f"seconds={time.perf_counter() - start}")
"""

# A canned query through kg's own path (open the store, check, bind, run, render), warm, median.
KG_QUERY = """
import json, statistics, sys, time
a = json.loads(sys.argv[1]); sys.path.insert(0, a["repo"])
from pathlib import Path
from kg.store import build
from kg.query import canned, run as query, results
from kg.limits import Limits
from kg.project import Project
project = Project(Path(a["project"])); limits = Limits.from_env()
graph = build.open_graph(project, Path(a["store"]), limits)
chosen = canned.load_query(project.queries_dir, a["name"])
times = []
for _ in range(a["inner"]):
    start = time.perf_counter()
    engine = query.LocalEngine(graph)
    prepared = query.prepare(chosen.text, engine.graph_names, str(chosen.path))
    terms = canned.bind(graph, chosen, chosen.example_args())
    answer = query.run_query(engine, prepared, limits, terms, abandon=True)  # as the kg program runs it: no fork
    text = results.render(answer.without_columns(terms), "tsv")
    times.append(time.perf_counter() - start)
print(len(text.splitlines()) - 1, "rows"); print(f"seconds={statistics.median(times)}")
"""

# The same SPARQL text and bindings on the same store with bare pyoxigraph, warm, median.
RAW_QUERY = """
import json, statistics, sys, time, pyoxigraph as ox
a = json.loads(sys.argv[1]); store = ox.Store.read_only(a["store"])
subs = {ox.Variable(k): ox.NamedNode(v) if t == "iri" else ox.Literal(v, datatype=ox.NamedNode(t)) for k, (t, v) in a["subs"].items()}
text = open(a["query"], encoding="utf-8").read()
times = []
for _ in range(a["inner"]):
    start = time.perf_counter()
    out = store.query(text, prefixes=a["prefixes"], substitutions=subs).serialize(format=ox.QueryResultsFormat.TSV)
    times.append(time.perf_counter() - start)
print(out.count(b"\\n") - 1, "rows"); print(f"seconds={statistics.median(times)}")
"""

# A cold process: open the store, run the query once, write TSV (timed by the launcher, whole process).
STORE_QUERY = """
import json, sys, pyoxigraph as ox
a = json.loads(sys.argv[1]); store = ox.Store.read_only(a["store"])
sys.stdout.buffer.write(store.query(open(a["query"], encoding="utf-8").read(), prefixes=a["prefixes"]).serialize(format=ox.QueryResultsFormat.TSV))
"""

# Every graph but the shapes, dumped by the engine as it stores them (no merge, no sort).
RAW_EXPORT = """
import json, sys, pyoxigraph as ox
a = json.loads(sys.argv[1]); store = ox.Store.read_only(a["store"])
with open(a["out"], "wb") as out:
    for graph in store.named_graphs():
        if graph.value not in a["skip"]:  # the graphs kg export leaves out: shapes and inferred
            store.dump(out, format=ox.RdfFormat.from_extension(a["ext"]), from_graph=graph)
"""

# rdflib has no on-disk store by default: parse the files, merge, serialize.
RDFLIB_EXPORT = """
import json, sys, rdflib
a = json.loads(sys.argv[1]); merged = rdflib.Graph()
for path, graph in a["files"]:
    merged.parse(path)
merged.serialize(a["out"], format=a["format"])
"""
