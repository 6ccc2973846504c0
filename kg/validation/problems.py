"""One problem found in new facts, whichever check found it, in the form every report renders.

Problems keep pyoxigraph terms (so the SHACL report graph can be written from them) and say in
plain English what is wrong; `kg.shacl.term_text` turns the terms into prefixed names for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.rdf.terms import term_text

# The checks in the order they run; a problem's stage says which one found it.
STAGES = ("vocabulary", "shapes", "axioms", "provenance")


@dataclass(frozen=True)
class Problem:
    stage: str  # one of STAGES
    severity: str  # violation | warning
    subject: object  # pyoxigraph NamedNode or BlankNode
    property: object | None  # pyoxigraph NamedNode, or None for a problem with the node as a whole
    value: object | None  # the offending term, if there is one
    message: str
    shape: str = ""  # the SHACL node shape, for problems the shapes found
    constraint: str = ""  # the SHACL constraint component, for problems the shapes found

    @property
    def key(self) -> tuple:
        """What the problem is about; two checks reporting the same key report the same thing."""
        return self.subject, self.property, self.value

    def sort_key(self) -> tuple:
        return STAGES.index(self.stage), term_text(self.property), term_text(self.value), self.message


def without_repeats(problems: list[Problem]) -> list[Problem]:
    """Drop a problem when an earlier check already reported the same subject, property and value."""
    seen: set = set()
    kept = []
    for problem in sorted(problems, key=lambda p: STAGES.index(p.stage)):
        if problem.key in seen and problem.stage in ("axioms", "provenance"):
            continue
        seen.add(problem.key)
        if problem not in kept:
            kept.append(problem)
    return kept


def violation(stage: str, subject, prop, value, message: str) -> Problem:
    return Problem(stage, "violation", subject, prop, value, message)


def warning(stage: str, subject, prop, value, message: str) -> Problem:
    return Problem(stage, "warning", subject, prop, value, message)
