"""The last resort for explaining an inconsistency: ask the reasoner about smaller and smaller copies.

OWL is monotonic: adding facts never makes an inconsistent graph consistent. So with the
ontology first, then the reference entities, then each source, the first graph whose addition
makes the copy inconsistent is found by binary search over prefixes, and inside it the first
subject whose facts do, in about log2(graphs) + log2(subjects) reasoner runs. The answer is a
place to look, not a proof: the facts before it may take part too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.findings import Finding
from kg.namespaces import shorten
from kg.reasoning.cleaned_copy import CopyPart
from kg.reasoning.explain import culprit

MAX_RUNS = 24  # each run costs a few seconds of HermiT


@dataclass(frozen=True)
class Located:
    """Where the search ended, and what kg check reports of it (`finding`)."""

    graph: str  # prefixed name of the graph whose facts tip the balance
    subject: str | None  # the subject inside it, when the search got that far
    runs: int

    @property
    def finding(self) -> Finding:
        if self.subject is None:
            message = f"the graph becomes inconsistent when {self.graph} is added (found by bisection)"
        else:
            message = (f"the graph becomes inconsistent when the facts about {self.subject} in {self.graph} are added "
                       "(found by bisection; facts added before them may take part too)")
        return culprit(self.subject or self.graph, message)


def locate(parts: list[CopyPart], consistent: Callable[[list[CopyPart]], bool],
           places: dict[str, str] | None = None) -> Located | None:
    """Where the inconsistency of `parts` (ontology first) appears; None if the runs ran out.

    `places` names each graph as users know it (its file); others show as prefixed IRIs.
    """
    place = lambda part: (places or {}).get(part.graph) or part.name  # noqa: E731
    runs = [0]

    def check(candidate: list[CopyPart]) -> bool:
        if runs[0] >= MAX_RUNS:
            raise _OutOfRuns
        runs[0] += 1
        return consistent(candidate)

    try:
        base, rest = parts[:1], parts[1:]
        if not check(base):
            return Located(place(parts[0]), None, runs[0])
        cut = _first_inconsistent_prefix(len(rest), lambda n: not check(base + rest[:n]))
        culprit = rest[cut - 1]
        groups = _by_subject(culprit)
        before = base + rest[: cut - 1]
        inner = _first_inconsistent_prefix(
            len(groups), lambda n: not check(before + [CopyPart(culprit.graph, sum((g[1] for g in groups[:n]), ()))])
        )
        return Located(place(culprit), groups[inner - 1][0], runs[0])
    except _OutOfRuns:
        return None


class _OutOfRuns(Exception):
    pass


def _first_inconsistent_prefix(count: int, inconsistent: Callable[[int], bool]) -> int:
    """The smallest n in 1..count with inconsistent(n), given that inconsistent(count) holds."""
    low, high = 1, count
    while low < high:
        middle = (low + high) // 2
        if inconsistent(middle):
            high = middle
        else:
            low = middle + 1
    return high


def _by_subject(part: CopyPart) -> list[tuple[str, tuple]]:
    """The part's triples grouped by named subject, sorted; blank-node subjects form one last group."""
    named: dict[str, list] = {}
    blank: list = []
    for triple in part.triples:
        if isinstance(triple.subject, ox.NamedNode):
            named.setdefault(shorten(triple.subject.value), []).append(triple)
        else:
            blank.append(triple)
    groups = [(name, tuple(named[name])) for name in sorted(named)]
    if blank:
        groups.append(("its blank nodes", tuple(blank)))
    return groups
