"""The memory budget from Python (Limits.max_memory): kg.ask runs a query in a forked child, which
is stopped once the query has added the budget to its process: a LimitError (exit 5) naming the
option, never an abort of the caller's process, and the caller can go on asking."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import kg
from kg.errors import LimitError
from kg.limits import Limits
from kg.project import Project

from tests.support.paths import REPO

CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"  # issue 18: 0.4 GB a second
MiB = 1 << 20
SMALL = Limits(max_memory=200 * MiB)

# Asks the cross join under a 200 MiB budget, then a normal question; prints what happened and
# the peak resident memory of the query's child and of the caller (ru_maxrss: KiB on Linux).
SCRIPT = f"""
import json, resource, sys
import kg
from kg.limits import Limits
from kg.project import Project
project, limits = Project({str(REPO)!r}), Limits(max_memory=200 << 20)
start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
try:
    kg.ask(project, {CROSS_JOIN!r}, limits=limits)
    said = None
except kg.LimitError as exc:
    said = [type(exc).__name__, exc.exit_code, str(exc), exc.hint]
counts = [kg.ask(project, "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}", limits=chosen).rows[0][0].value
          for chosen in (limits, Limits())]
json.dump({{"said": said, "counts": counts, "start": start,
           "child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
           "caller": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}}, sys.stdout)
"""


def test_kg_ask_stops_the_cross_join_within_the_budget_and_goes_on():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    seen = json.loads(done.stdout)
    assert seen["said"] == ["LimitError", 5, "the query went over the memory budget of 200 MiB and was stopped",
                            "narrow it, or raise the budget with --memory SIZE or KG_MAX_MEMORY"]
    budgeted, unbounded = seen["counts"]
    assert budgeted == unbounded and int(budgeted) > 3000  # the next question is answered, in full
    assert seen["child"] <= seen["caller"] + 200 * MiB + 64 * MiB  # what it held when it forked, the budget, a burst
    assert seen["caller"] < seen["start"] + 64 * MiB  # the caller never held the query's memory


def test_a_normal_question_is_unaffected_by_a_small_budget():
    project = Project(REPO)
    assert kg.ask(project, "SELECT ?s WHERE { ?s a kg:State } ORDER BY ?s", limits=SMALL).rows == \
        kg.ask(project, "SELECT ?s WHERE { ?s a kg:State } ORDER BY ?s").rows


def test_the_budget_holds_in_this_process_too():
    """The same stop, in the test's own process: the child is killed, the caller gets the error."""
    with pytest.raises(LimitError, match="^the query went over the memory budget of 200 MiB and was stopped$"):
        kg.ask(Project(REPO), CROSS_JOIN, limits=SMALL)
