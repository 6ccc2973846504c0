"""Write kg:evidenceOffset into the data files: where each fact's evidence stands in its article.

Maintainer tool: reads the articles (the nearest shared/seeds above the checkout by default, which users and CI do not have)
and rewrites data/sources/*.ttl in the canonical style (kg.rdf.turtle, what `kg fmt` writes). A
file's article is the one its source names with dcterms:identifier (`000_da83e1ebf59ca90b` →
SEEDS/000_da83e1ebf59ca90b.txt, or .html), read as `kg draft` reads it, so the offsets of the
tool and of the draft index the same text.

Each node with kg:evidence gets the offset at which the first of its evidence sentences begins,
found as `kg validate --text` finds them (whitespace runs are one space, typographic quotes plain
ones). A node one of whose sentences is not in the article gets no offset, and the tool names it.
Offsets already written are recomputed, so a second run changes nothing; an offset whose evidence
is gone is removed. The comment lines a file starts with are kept; a file with comments further
down is left alone (the canonical style has no place for them) and named.

    python tools/offsets.py [--seeds DIR] [--check] [FILE ...]    # default: data/sources/*.ttl

Exit 0 when every fact was located (with --check: and no file needed a change), 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.namespaces import KG, PREFIXES, RDF_TYPE, shorten  # noqa: E402

EVIDENCE, OFFSET = KG + "evidence", KG + "evidenceOffset"
IDENTIFIER = PREFIXES["dcterms"] + "identifier"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@dataclass
class Outcome:
    path: Path
    located: int = 0
    missing: list[str] = field(default_factory=list)  # one line per evidence sentence not found
    changed: bool = False
    skipped: str = ""  # why the file was left as it is


def article_of(quads: list, seeds: Path) -> Path | None:
    """The seed file named by the dcterms:identifier of the file's kg:Source."""
    sources = {q.subject for q in quads if q.predicate.value == RDF_TYPE and q.object.value == KG + "Source"}
    for q in quads:
        if q.subject in sources and q.predicate.value == IDENTIFIER:
            for suffix in (".txt", ".html", ".htm"):
                candidate = seeds / (q.object.value + suffix)
                if candidate.is_file():
                    return candidate
    return None


def offsets(quads: list, text: str, outcome: Outcome) -> dict:
    """The offset of every node with kg:evidence whose sentences are all in `text`."""
    from kg.draft.verbatim import locate

    evidence: dict = {}
    for q in quads:
        if q.predicate.value == EVIDENCE and isinstance(q.object, ox.Literal):
            evidence.setdefault(q.subject, []).append(q.object.value)
    found = locate(text, [e for values in evidence.values() for e in values])
    result = {}
    for node, values in sorted(evidence.items(), key=lambda item: item[0].value):
        lost = [e for e in values if found[e] is None]
        outcome.missing += [f"{shorten(node.value)}: \"{e[:70]}\"" for e in lost]
        if not lost:
            result[node] = min(found[e] for e in values)
    outcome.located = len(result)
    return result


def comment_header(text: str) -> tuple[str, str]:
    """The comment lines a file starts with (kept as they are), and the rest."""
    lines = text.splitlines(keepends=True)
    count = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[:count]), "".join(lines[count:])


def annotate(path: Path, seeds: Path, check: bool) -> Outcome:
    from kg.atomic import write_atomically
    from kg.draft.article import read_text
    from kg.rdf import reading
    from kg.rdf.turtle import serialize_turtle

    outcome = Outcome(path)
    given = reading.read_input(path, "turtle")
    quads = reading.parse(given)
    article = article_of(quads, seeds)
    if article is None:
        outcome.skipped = f"no article in {seeds} for its source's dcterms:identifier"
        return outcome
    header, rest = comment_header(given.text)
    if any(line.lstrip().startswith("#") for line in rest.splitlines()):
        outcome.skipped = "it has comments below its header, which the canonical style would drop"
        return outcome
    kept = [q for q in quads if q.predicate.value != OFFSET]
    found = offsets(kept, read_text(article), outcome)
    kept += [ox.Quad(node, ox.NamedNode(OFFSET), ox.Literal(str(at), datatype=XSD_INTEGER)) for node, at in found.items()]
    canonical = header + serialize_turtle(kept)
    outcome.changed = canonical != given.text
    if outcome.changed and not check:
        write_atomically(path, canonical.encode("utf-8"))
    return outcome


def default_seeds() -> Path:
    """../shared/seeds of the checkout, or of the folder above (a worktree in wt/NAME)."""
    return next((p / "shared" / "seeds" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()),
                ROOT.parent / "shared" / "seeds")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seeds", type=Path, default=default_seeds(), help="default: the nearest shared/seeds above")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "data" / "sources").glob("*.ttl"))
    failed = False
    for path in files:
        outcome = annotate(path, args.seeds, args.check)
        if outcome.skipped:
            print(f"{path}: skipped: {outcome.skipped}", file=sys.stderr)
            failed = True
            continue
        for line in outcome.missing:
            print(f"{path}: evidence not in the article, no offset: {line}", file=sys.stderr)
        verb = ("would change" if args.check else "changed") if outcome.changed else "unchanged"
        print(f"{path}: {outcome.located} facts located, {len(outcome.missing)} sentences not found; {verb}",
              file=sys.stderr)
        failed |= bool(outcome.missing) or (args.check and outcome.changed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
