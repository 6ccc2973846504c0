"""OWL reasoning with HermiT (through owlready2) over a cleaned copy of the graph.

The copy (kg.reasoning.cleaned_copy) is written to a private temporary folder and handed to
kg.reasoning.hermit_worker in a child process group, which a timeout kills whole, Java included. What comes
back is plain data: consistent or not, the unsatisfiable classes, and the types and subclass
links HermiT derived that nobody asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, LimitError, PolicyError
from kg.namespaces import OWL, RDF_TYPE, RDFS
from kg.reasoning.cleaned_copy import CopyPart, ntriples

JAVA_HINT = "kg check needs Java 17 or newer for HermiT: apt-get install openjdk-17-jre-headless"


@dataclass
class HermitResult:
    consistent: bool
    seconds: float
    unsatisfiable: list[str] = field(default_factory=list)  # class IRIs equivalent to owl:Nothing
    new_types: dict[str, set[str]] = field(default_factory=dict)  # individual -> most specific types not asserted
    new_subclasses: list[tuple[str, str]] = field(default_factory=list)  # (class, superclass) not asserted; both ways for equivalences


def find_java() -> str:
    """The java executable on PATH (or in JAVA_HOME), or a PolicyError that says how to get one."""
    java = shutil.which("java")
    home = os.environ.get("JAVA_HOME")
    if java is None and home:
        java = shutil.which("java", path=str(Path(home) / "bin"))
    if java is None:
        raise PolicyError(
            f"{JAVA_HINT} (no java on PATH); kg check --no-reasoner runs the hygiene checks without it"
        )
    return java


def run_hermit(parts: list[CopyPart], java: str, timeout: float) -> HermitResult:
    """Reason over the copy; raises LimitError on timeout and InputError when HermiT refuses it."""
    with tempfile.TemporaryDirectory(prefix="kg-check-") as folder:
        copy = Path(folder) / "reasoning-copy.nt"
        copy.write_bytes(ntriples(parts))
        return run_hermit_on_file(copy, "ntriples", java, timeout)


def run_hermit_on_file(path: Path, fmt: str, java: str, timeout: float) -> HermitResult:
    """Reason over an ontology file as owlready2 reads it (`fmt`: ntriples or rdfxml), e.g. an OWL export."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-check-") as folder:
        answer = _run_worker(Path(path).resolve(), java, timeout, folder, fmt)
    seconds = time.perf_counter() - started
    if "error" in answer:
        first = next((line for line in answer["error"].splitlines() if line.strip()), "no message")
        if "OutOfMemoryError" in answer["error"]:
            raise LimitError(f"HermiT ran out of memory: {first}")
        raise InputError(f"HermiT could not reason over the graph: {first}")
    if not answer["consistent"]:
        return HermitResult(False, seconds)
    unsatisfiable = [c for c in answer["unsatisfiable"] if c != OWL + "Nothing"]
    result = HermitResult(True, seconds, unsatisfiable=unsatisfiable)
    _read_inferred(answer["inferred"], result)
    return result


def _run_worker(copy: Path, java: str, timeout: float, folder: str, fmt: str = "ntriples") -> dict:
    command = [sys.executable, "-m", "kg.reasoning.hermit_worker", str(copy), java, fmt]
    env = dict(os.environ, TMPDIR=folder)  # owlready2's own temporary file goes away with the folder
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise LimitError(
            f"HermiT took longer than {timeout:g} s and was stopped",
            hint="raise the limit with --timeout SECONDS or KG_REASONER_TIMEOUT",
        ) from None
    except BaseException:
        _kill_group(process)
        raise
    try:
        return json.loads(out)
    except ValueError:
        last = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise InputError(f"the reasoner failed (exit {process.returncode}): {last}") from None


def _kill_group(process: subprocess.Popen) -> None:
    """Stop the worker and the Java process it started: they share the group the worker leads."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _read_inferred(text: str, result: HermitResult) -> None:
    types: dict[str, set[str]] = defaultdict(set)
    for triple in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        s, p, o = triple.subject, triple.predicate.value, triple.object
        if not (isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)) or o.value.startswith(OWL):
            continue
        if p == RDF_TYPE:
            types[s.value].add(o.value)
        elif p == RDFS + "subClassOf":
            result.new_subclasses.append((s.value, o.value))
        elif p == OWL + "equivalentClass":
            result.new_subclasses += [(s.value, o.value), (o.value, s.value)]
    result.new_types = dict(types)
    result.new_subclasses = sorted(set(result.new_subclasses))
