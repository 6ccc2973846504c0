"""What bench/run.py measures at each size: kg's commands and, beside each, the bare engine and rdflib.

A Run is one process to time. Every task has a kg run and, where one exists, a `raw` run (bare
pyoxigraph or the oxigraph CLI doing the same work), an `rdflib` run up to --rdflib-up-to and a
`pyshacl` run for whole-graph SHACL up to --pyshacl-up-to. `targets` turns the figures into the
issue's targets, met or not.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, NamedTuple

from bench import snippets

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
QUERIES = ("arms-transfers", "meetings", "most-mentioned", "events-in-period", "search", "sources")
COLD_QUERIES = ("sources", "search")
OXIGRAPH = Path(sys.executable).with_name("oxigraph")  # the oxigraph CLI (the `bench` extra installs it)
QUERY_REPEAT_INSIDE = 5


class Run(NamedTuple):
    task: str
    tool: str  # kg | raw (the fastest bare-engine way) | raw-per-file | script | rdflib | pyshacl
    triples: int  # 0: the shipped graph
    command: list[str]
    before: Callable[[], None] | None = None  # run untimed before each run (clearing an output folder)


def snippet(code: str, **args) -> list[str]:
    return [PY, "-c", code, json.dumps({"repo": str(REPO), **args})]


def kg(project: Path, *args: str) -> list[str]:
    return [PY, "-m", "kg", "-C", str(project), *args]


def fresh(path: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(path, ignore_errors=True)


def cold_query_runs(work: Path, env: dict) -> list[Run]:
    """Cold `kg query -n NAME` on the shipped graph, against the oxigraph CLI and a 3-line script."""
    from bench.query_cold import commands, setup
    from kg.project import Project
    from kg.store.graph import load_in_memory

    work.mkdir(parents=True, exist_ok=True)
    project = Project(REPO)
    graph = load_in_memory(project)
    oxi_store, kg_store = setup(work, project, env)
    runs = []
    for name in COLD_QUERIES:
        made = commands(name, graph, project, work, oxi_store, kg_store)
        runs += [Run(f"cold query {name}", "kg", 0, made["kg query"]),
                 Run(f"cold query {name}", "raw", 0, made["oxigraph CLI"]),
                 Run(f"cold query {name}", "script", 0, made["pyoxigraph script"])]
    return runs


def size_runs(project: Path, work: Path, size: int, args, env: dict) -> list[Run]:
    """Every measurement at one size; the store they read is built here first (untimed)."""
    from kg.project import Project

    work.mkdir(parents=True, exist_ok=True)
    store = work / "store"
    if not (store / "current").exists():
        subprocess.run(kg(project, "build", "--store", str(store), "--no-validate"), env=env, check=True,
                       capture_output=True)
    files = [(str(pf.path), pf.graph) for pf in Project(project).files()]
    rdflib = size <= args.rdflib_up_to
    runs = [
        Run("build --no-validate", "kg", size, kg(project, "build", "--no-validate", "--store", str(work / "b")),
            fresh(work / "b")),
        Run("build --no-validate", "raw", size, snippet(snippets.RAW_LOAD_ONCE, store=str(work / "r1"), files=files),
            fresh(work / "r1")),
        Run("build --no-validate", "raw-per-file", size, snippet(snippets.RAW_LOAD, store=str(work / "r"), files=files),
            fresh(work / "r")),
        Run("build with SHACL", "kg", size, kg(project, "build", "--store", str(work / "v")), fresh(work / "v")),
        Run("whole-graph SHACL", "kg", size, snippet(snippets.SHACL, project=str(project), engine="sparql")),
    ]
    if rdflib:
        runs.append(Run("build --no-validate", "rdflib", size, snippet(snippets.RDFLIB_LOAD, files=files)))
    if size <= args.pyshacl_up_to:
        runs.append(Run("whole-graph SHACL", "pyshacl", size, snippet(snippets.SHACL, project=str(project), engine="pyshacl")))
    runs += query_runs(project, store, work, size)
    runs += default_store_runs(project, work, size)
    runs += [Run("validate 100-triple delta", "kg", size, kg(project, "validate", "--store", str(store), str(delta(project, store, work))))]
    for ext, fmt, rdflib_format in (("nt", "ntriples", "nt"), ("ttl", "turtle", "turtle")):
        out = work / f"out.{ext}"
        task = f"export {ext}"
        runs.append(Run(task, "kg", size, kg(project, "export", "-f", ext, "-o", str(out), "--force", "--store", str(store))))
        runs.append(Run(task, "raw", size, snippet(snippets.RAW_EXPORT, store=str(store / "current"), out=str(out),
                                                  ext=ext, skip=["https://w3id.org/geokg/graph/shapes",
                                                                       "https://w3id.org/geokg/graph/inferred"])))
        if rdflib:
            runs.append(Run(task, "rdflib", size, snippet(snippets.RDFLIB_EXPORT, files=files, out=str(out), format=rdflib_format)))
    return runs


def default_store_runs(project: Path, work: Path, size: int) -> list[Run]:
    """Issue 17's rows, on a clone of the project that uses its default store (.kg/store): the
    first command on a fresh clone, the full build, an edit of one file then `kg build` (a refresh),
    a cold `kg query -n sources` on that store and with --no-store (bench/store_refresh.py's tasks);
    beside the cold query, the oxigraph CLI on a copy of the same store (the CLI may write to the
    store it opens) and a bare pyoxigraph script opening the same store, with the same query text."""
    from bench.store_refresh import tasks
    from kg.namespaces import PREFIXES, sparql_prologue
    from kg.project import Project
    from kg.query import canned

    clone = work / "clone"
    if not clone.exists():
        shutil.copytree(project, clone, ignore=shutil.ignore_patterns(".kg"))
    runs = [Run(name, "kg", size, command, before) for name, command, before in tasks(clone)]
    text = work / "sources.rq"
    text.write_text(sparql_prologue() + canned.load_query(Project(clone).queries_dir, "sources").text, encoding="utf-8")
    copy, current = work / "oxigraph-copy", clone / ".kg" / "store" / "current"
    runs.append(Run("cold query on the default store", "raw", size,
                    [str(OXIGRAPH), "query", "--location", str(copy), "--query-file", str(text), "--results-format", "tsv"],
                    lambda: _copy_store(current, copy)))
    runs.append(Run("cold query on the default store", "script", size,
                    snippet(snippets.STORE_QUERY, store=str(current), query=str(text), prefixes=PREFIXES)))
    return runs


def _copy_store(current: Path, copy: Path) -> None:
    """A copy of the generation `current` points to, made again only when it points elsewhere."""
    target = current.resolve()
    mark = copy / ".copied-from"
    if mark.exists() and mark.read_text(encoding="utf-8") == str(target):
        return
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(target, copy)
    mark.write_text(str(target), encoding="utf-8")


def query_runs(project: Path, store: Path, work: Path, size: int) -> list[Run]:
    """Each canned query, warm, in kg's own path and in bare pyoxigraph with the same text and bindings."""
    from kg.store import build
    from kg.query import canned
    from kg.namespaces import PREFIXES, sparql_prologue
    from kg.project import Project

    graph = build.open_graph(Project(project), store)
    runs = []
    for name in QUERIES:
        chosen = canned.load_query(Project(project).queries_dir, name)
        terms = canned.bind(graph, chosen, chosen.example_args())
        subs = {k: ("iri", t.value) if t.__class__.__name__ == "NamedNode" else (t.datatype.value, t.value)
                for k, t in terms.items()}
        text = work / f"{name}.rq"
        text.write_text(sparql_prologue() + chosen.text, encoding="utf-8")
        runs.append(Run(f"query {name}", "kg", size, snippet(snippets.KG_QUERY, project=str(project), store=str(store),
                                                              name=name, inner=QUERY_REPEAT_INSIDE)))
        runs.append(Run(f"query {name}", "raw", size, snippet(snippets.RAW_QUERY, store=str(store / "current"), query=str(text),
                                                               subs=subs, prefixes=PREFIXES, inner=QUERY_REPEAT_INSIDE)))
    del graph
    return runs


def delta(project: Path, store: Path, work: Path) -> Path:
    from bench.validate_delta import write_delta
    from kg.store import build
    from kg.project import Project

    path = work / "delta.ttl"
    write_delta(build.open_graph(Project(project), store), path)
    return path


def targets(results: list[dict]) -> list[dict]:
    """The issue's targets as verdicts, from the figures of this run."""
    by = {(r["task"], r["tool"], r["triples"]): r for r in results}
    largest = max((r["triples"] for r in results), default=0)
    lines = []

    def add(target: str, ok: bool | None, figure: str) -> None:
        lines.append({"target": target, "verdict": "not measured" if ok is None else ("met" if ok else "NOT met"), "figure": figure})

    for name in COLD_QUERIES:
        kg_run, cli = by.get((f"cold query {name}", "kg", 0)), by.get((f"cold query {name}", "raw", 0))
        if kg_run and cli:
            ratio = kg_run["seconds"] / cli["seconds"]
            add(f"cold kg query -n {name} ≤ 2× oxigraph CLI", ratio <= 2, f"{ratio:.2f}×")
    build_kg, build_raw = by.get(("build --no-validate", "kg", largest)), by.get(("build --no-validate", "raw", largest))
    if build_kg and build_raw:
        ratio = build_kg["seconds"] / build_raw["seconds"]
        add(f"build of {largest:,} ≤ 1.3× raw bulk load, < 1 GB", ratio <= 1.3 and build_kg["peak_mb"] < 1024,
            f"{ratio:.2f}×, {build_kg['peak_mb']:.0f} MB")
    ratios = [r["vs_raw"] for r in results if r["triples"] == largest and r["task"].startswith("query ") and "vs_raw" in r]
    if ratios:
        add(f"canned queries on {largest:,} ≤ 1.2× raw", max(ratios) <= 1.2, f"worst {max(ratios):.2f}×")
    sizes = sorted({r["triples"] for r in results if r["task"] == "validate 100-triple delta"})
    if sizes:
        big = by[("validate 100-triple delta", "kg", sizes[-1])]["seconds"]
        ok = big < 2
        figure = f"{big:.2f} s at {sizes[-1]:,}"
        if 100_000 in sizes and sizes[-1] > 100_000:
            growth = big / by[("validate 100-triple delta", "kg", 100_000)]["seconds"]
            ok, figure = ok and growth <= 1.5, figure + f", {growth:.2f}× its time at 100k"
        add("validate a 100-triple delta < 2 s, ≤ 1.5× its 100k time", ok, figure)
    for r in results:
        if r["task"] == "whole-graph SHACL" and r["tool"] == "kg" and "vs_pyshacl" in r:
            add(f"whole-graph SHACL at {r['triples']:,} ≥ 10× faster than pyshacl", r["vs_pyshacl"] <= 0.1,
                f"{1 / r['vs_pyshacl']:.1f}× faster")
    export = by.get(("export nt", "kg", largest))
    if export and "vs_raw" in export:
        add(f"export of {largest:,} to N-Triples ≤ 1.2× raw", export["vs_raw"] <= 1.2, f"{export['vs_raw']:.2f}×")
    store_targets(by, largest, add)
    return lines


def store_targets(by: dict, largest: int, add) -> None:
    """Issue 17's targets at the largest size measured."""
    turtle = by.get(("export ttl", "kg", largest))
    if turtle and "vs_raw" in turtle:
        add(f"export of {largest:,} to Turtle ≤ 1.5× raw, < 300 MB", turtle["vs_raw"] <= 1.5 and turtle["peak_mb"] < 300,
            f"{turtle['vs_raw']:.2f}×, {turtle['peak_mb']:.0f} MB")
    pairs = (("edit one file, then kg build", "full build", 0.10, "≤ 10 % of the full build"),
             ("build with SHACL", "build --no-validate", 2.0, "≤ 2× kg build --no-validate"))
    for task, base, bound, words in pairs:
        mine, other = by.get((task, "kg", largest)), by.get((base, "kg", largest))
        if mine and other:
            ratio = mine["seconds"] / other["seconds"]
            add(f"{task} at {largest:,} {words}", ratio <= bound, f"{ratio:.2f}×" if bound > 1 else f"{ratio:.1%}")
    cold, cli = by.get(("cold query on the default store", "kg", largest)), by.get(("cold query on the default store", "raw", largest))
    if cold and cli:
        ratio = cold["seconds"] / cli["seconds"]
        add(f"cold kg query on the default store at {largest:,} ≤ 1.5× oxigraph CLI on the same store", ratio <= 1.5, f"{ratio:.2f}×")
    queries = [r for (task, tool, n), r in by.items() if tool == "kg" and n == largest and task.startswith("query ")]
    if queries:
        worst = max(queries, key=lambda r: r["peak_mb"])
        add(f"peak memory of a query on {largest:,} < 250 MB", worst["peak_mb"] < 250, f"{worst['peak_mb']:.0f} MB ({worst['task']})")
