"""The two pictures of an entity page: its neighbourhood as a graph, and its facts on a timeline.

Both are built from the kg show report (kg.query.show.EntityReport), never from queries of
their own. The neighbourhood is data for Cytoscape.js (the page carries it as JSON in a
non-executable script element, escaped by Jinja's tojson); the timeline is SVG geometry drawn
on the server, so it needs no script. Every node and mark says what it stands for in text too:
the page lists the same facts and links.
"""

from __future__ import annotations

from kg.web.links import decimal_year, href_for, iri_of, readable

MAX_NODES = 150  # beyond this a force layout is a hairball; the page says how many were left out
WIDTH, LANE, LANES, MARGIN = 760, 18, 4, 40


class _Picture:
    def __init__(self, sources):
        self.sources = sources
        self.nodes: dict[str, dict] = {}
        self.edges: list[dict] = []
        self.left_out = 0

    def node(self, name: str, label: str, kind: str) -> bool:
        if name in self.nodes:
            return True
        if len(self.nodes) >= MAX_NODES:
            self.left_out += 1
            return False
        iri = iri_of(name)
        href = href_for(iri, self.sources) if iri else None
        self.nodes[name] = {"id": name, "label": label or name, "kind": kind,
                            "href": href if href and href.startswith("/") else ""}
        return True

    def edge(self, source: str, target: str, label: str) -> None:
        if source in self.nodes and target in self.nodes:
            self.edges.append({"id": f"e{len(self.edges)}", "source": source, "target": target, "label": label})


def neighbourhood(report, sources) -> dict:
    """{"elements": [...], "left_out": N}: the entity, its facts, their participants, its links."""
    picture = _Picture(sources)
    picture.node(report.name, report.label, "entity")
    for fact in report.facts:
        if fact.node == report.name or not picture.node(fact.node, fact.label, "fact"):
            continue
        picture.edge(report.name, fact.node, ", ".join(_short(r) for r in fact.entity_roles))
        for role in fact.participants:
            if role.name != report.name and picture.node(role.name, role.label, "entity"):
                picture.edge(fact.node, role.name, _short(role.role))
    for link in report.links:
        for ref in (link.subject, link.object):
            if iri_of(ref.name):
                picture.node(ref.name, ref.label, "entity")
        picture.edge(link.subject.name, link.object.name, _short(link.predicate))
    elements = [{"data": n} for n in picture.nodes.values()] + [{"data": e} for e in picture.edges]
    return {"elements": elements, "left_out": picture.left_out}


def _short(prefixed: str) -> str:
    return prefixed[3:] if prefixed.startswith("kg:") else prefixed


def timeline(facts) -> dict | None:
    """Marks for the dated facts on one year axis, with ticks; None when no fact has a date."""
    dated = [(i, f, decimal_year(f.date)) for i, f in enumerate(facts) if f.date]
    dated = [(i, f, year) for i, f, year in dated if year is not None]
    if not dated:
        return None
    first, last = min(y for _, _, y in dated), max(y for _, _, y in dated)
    start, end = int(first) - 1, int(last) + 2
    scale = (WIDTH - 2 * MARGIN) / (end - start)
    marks = [
        {"x": round(MARGIN + (year - start) * scale, 1), "y": 20 + LANE * (n % LANES), "anchor": f"fact-{i}",
         "title": f"{readable(fact.date)}: {fact.label or fact.node}"}
        for n, (i, fact, year) in enumerate(dated)
    ]
    step = max(1, round((end - start) / 10))
    ticks = [{"x": round(MARGIN + (y - start) * scale, 1), "label": str(y)} for y in range(start, end + 1, step)]
    return {"width": WIDTH, "height": 40 + LANE * LANES, "axis": 30 + LANE * LANES, "marks": marks, "ticks": ticks,
            "left": MARGIN, "right": WIDTH - MARGIN}
