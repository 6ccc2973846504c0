"""The draft as Turtle in the project's canonical style (kg.rdf.turtle writes it), with the
analyst's TODOs as comments: before a fact's block what concerns the whole fact, and right before
a triple what concerns that triple. Comments do not change the graph, so the draft validates and
adds like any hand-written file."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.draft.facts import Candidate
from kg.namespaces import KG, KGR, PREFIXES, RDF_TYPE, RDFS, SRC

DCTERMS = PREFIXES["dcterms"]
XSD_INTEGER = PREFIXES["xsd"] + "integer"
_LABELS = {
    "ArmsRefusal": "arms refusal", "ArmsInterest": "arms interest", "ArmsRequest": "arms request",
    "ArmsPurchase": "arms purchase", "ArmsPromise": "arms promise", "CommitmentReduction": "reduction of commitments",
}


def fact_iri(slug: str, fact: Candidate) -> str:
    kebab = re.sub(r"(?<!^)(?=[A-Z])", "-", fact.cls).lower()
    return f"{KGR}draft-{slug}-{fact.sentence.index:03d}-{kebab}"


def source_triples(slug: str, meta: dict[str, object]) -> list[ox.Triple]:
    node = ox.NamedNode(SRC + slug)
    triples = [ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(KG + "Source")),
               ox.Triple(node, ox.NamedNode(RDFS + "label"), ox.Literal(str(meta["label"]), language="en"))]
    for key, prop in (("title", DCTERMS + "title"), ("identifier", DCTERMS + "identifier")):
        if meta.get(key):
            triples.append(ox.Triple(node, ox.NamedNode(prop), ox.Literal(str(meta[key]))))
    if meta.get("date"):
        value, datatype = meta["date"]
        triples.append(ox.Triple(node, ox.NamedNode(DCTERMS + "date"), ox.Literal(value, datatype=ox.NamedNode(datatype))))
    if meta.get("url"):
        triples.append(ox.Triple(node, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(str(meta["url"]))))
    return triples


def fact_triples(slug: str, fact: Candidate) -> list[ox.Triple]:
    node = ox.NamedNode(fact_iri(slug, fact))
    label = _LABELS.get(fact.cls, re.sub(r"(?<!^)(?=[A-Z])", " ", fact.cls).lower())
    lit = ox.Literal
    triples = [
        (RDF_TYPE, ox.NamedNode(KG + fact.cls)),
        (RDFS + "label", lit(f"DRAFT: {label} (sentence {fact.sentence.index})", language="en")),
        (KG + "evidence", lit(fact.sentence.evidence)),
        (KG + "evidenceOffset", lit(str(fact.sentence.start), datatype=ox.NamedNode(XSD_INTEGER))),
        (KG + "source", ox.NamedNode(SRC + slug)),
    ]
    for role, iris in fact.roles.items():
        triples += [(KG + role, ox.NamedNode(i)) for i in iris]
    for prop, (value, datatype) in fact.dates:
        triples.append((KG + prop, lit(value, datatype=ox.NamedNode(datatype))))
    if fact.date_note:
        triples.append((KG + "dateNote", lit(fact.date_note)))
    if fact.status:
        triples.append((KG + "epistemicStatus", ox.NamedNode(KG + fact.status)))
    return [ox.Triple(node, ox.NamedNode(p), o) for p, o in triples]


def render(slug: str, facts: list[Candidate], meta: dict[str, object], header: list[str]) -> str:
    """The whole draft: header comments, prefixes, the source node, then one block per fact."""
    from kg.rdf.turtle import serialize_turtle

    triples = source_triples(slug, meta)
    for fact in facts:
        triples += fact_triples(slug, fact)
    text = serialize_turtle(triples, PREFIXES)
    comments = {f"kgr:{fact_iri(slug, f)[len(KGR):]}": f for f in facts}
    out = ["".join(f"# {line}\n" if line else "#\n" for line in header)]
    for block in re.split(r"\n(?=\S)", text):
        head = block.split(" ", 1)[0]
        fact = comments.get(head)
        out.append(_annotated(block, fact) if fact else _source_notes(block, meta) if head.startswith("src:") else block)
    return "\n".join(out).replace("\n\n\n", "\n\n")


def _annotated(block: str, fact: Candidate) -> str:
    s = fact.sentence
    lines = [f"# Sentence {s.index} (line {s.line}, column {s.column}): '{fact.cue}' read as kg:{fact.cls}."]
    lines += [f"# TODO: {note}" for note in fact.todos.get("", [])]
    roles_written = {r for r in fact.roles} | {p for p, _ in fact.dates} | ({"epistemicStatus"} if fact.status else set())
    lines += [f"# TODO: kg:{role}: {note}" for role, notes in fact.todos.items()
              if role and role not in roles_written and not (role == "date" and fact.dates) for note in notes]
    body = []
    for line in block.split("\n"):
        match = re.match(r"    kg:(\w+) ", line)
        if match:
            role = match[1]
            notes = fact.todos.get(role, []) if role in roles_written else []
            if role in {"date", "asOf", "startDate", "earliestDate"}:
                notes = notes + [n for r, ns in fact.todos.items() if r == "date" and r != role for n in ns]
            body += [f"    # TODO: {n}" for n in notes]
        body.append(line)
    return "\n".join(lines) + "\n" + "\n".join(body)


def _source_notes(block: str, meta: dict[str, object]) -> str:
    todo = []
    if not meta.get("date"):
        todo.append("# TODO: dcterms:date: the article's date (kg draft --date YYYY[-MM[-DD]]); dates without a year wait for it.")
    if not meta.get("title"):
        todo.append("# TODO: dcterms:title: the article's title (kg draft --title).")
    todo.append("# TODO: kg:genre (news, opinion, analysis or report), dcterms:creator and dcterms:publisher if known.")
    return "\n".join(todo) + "\n" + block
