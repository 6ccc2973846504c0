"""What each page shows, from the library's answers: kg.query.show for entities and sources,
kg.store.stats for the home page, kg.query.resolve for names. Graph-wide answers (counts,
names, the list of sources) are computed once: kg serve serves a graph that does not change.
"""

from __future__ import annotations

import re
import threading
from functools import cached_property

from kg.namespaces import SRC, shorten
from kg.web import asking, picture
from kg.web.links import entity_name, href_for, iri_of, precision, readable

MAX_SEARCH = 200
_WIKIDATA = re.compile(r"^Q[0-9]+$")


class Site:
    def __init__(self, graph, queries_dir, graph_names: set[str], ask, limits=None):
        self.graph = graph
        self.queries_dir = queries_dir
        self.graph_names = graph_names
        self.ask = ask  # runs a kg.query.workers.Job in a worker: ("ok", bytes) or ("error", code, message)
        self.limits = limits
        self._lock = threading.Lock()

    # ------------------------------------------------------------ computed once

    @cached_property
    def stats(self):
        from kg.store.stats import collect

        with self._lock:
            return collect(self.graph)

    @cached_property
    def sources(self) -> frozenset[str]:
        return frozenset(g for g in self.graph_names if g.startswith(SRC))

    @cached_property
    def names(self):
        from kg.query.resolve import all_names

        with self._lock:
            return sorted(all_names(self.graph), key=lambda n: (n.name.casefold(), n.entity))

    def href(self, name: str) -> str | None:
        """The link of a name as kg show gives it (prefixed, <IRI>, or a literal's value: no link)."""
        iri = iri_of(name)
        return href_for(iri, self.sources) if iri else None

    # ------------------------------------------------------------ pages

    def home(self) -> dict:
        from kg.query.resolve import labels_for

        stats = self.stats
        sources = [g for g in stats.graphs if g.role == "source"]
        labels = labels_for(self.graph, [g.graph for g in sources])
        return {
            "stats": stats,
            "classes": [c for c in stats.classes if c.total],
            "sources": [{"name": g.name, "href": href_for(g.graph, self.sources), "label": labels.get(g.graph, ""),
                         "facts": g.facts, "triples": g.triples} for g in sources],
        }

    def search(self, text: str) -> dict:
        """Entities whose label or alternative label contains `text`, in any case."""
        wanted = text.strip().casefold()
        found = [n for n in self.names if wanted and wanted in n.name.casefold()]
        shown = [{"name": n.name, "is_label": n.is_label, "entity": shorten(n.entity),
                  "href": href_for(n.entity, self.sources)} for n in found[:MAX_SEARCH]]
        return {"q": text, "results": shown, "total": len(found)}

    def entity(self, segment: str) -> dict:
        from kg.errors import NotFound
        from kg.query.show import show

        name = entity_name(segment)
        if name is None:
            raise NotFound(f"no entity page /entity/{segment}: use a local name (Iran) or a prefixed name (kg:State)")
        report = show(self.graph, name)
        return {"report": report, "groups": _groups(report.facts), "facts": _facts(report.facts),
                "picture": picture.neighbourhood(report, self.sources), "timeline": picture.timeline(report.facts),
                "wikidata": report.wikidata if _WIKIDATA.match(report.wikidata) else ""}

    def source(self, slug: str) -> dict:
        from kg.errors import NotFound
        from kg.query.show import show

        if SRC + slug not in self.sources:
            raise NotFound(f"no source {slug!r} in the graph; the home page lists the sources")
        report = show(self.graph, "src:" + slug)
        about = [link for link in report.links if link.subject.name == report.name]
        facts = _facts(report.facts)  # in the order of the text (kg:evidenceOffset), the unplaced last
        placed = [item for item in facts if item["fact"].offset is not None]
        return {"report": report, "about": about, "facts": facts, "placed": placed, "unplaced": facts[len(placed):]}

    def questions(self):
        from kg.query.canned import list_queries

        return list_queries(self.queries_dir)

    def question(self, name: str, fields: dict) -> dict:
        return asking.question(self, name, fields)

    def editor(self, fields: dict) -> dict:
        return asking.editor(self, fields)


def _facts(facts) -> list[dict]:
    """Each fact with what a page adds to it: an anchor, a readable date and its precision."""
    return [{"fact": f, "anchor": f"fact-{i}", "when": readable(f.date) if f.date else "",
             "precision": precision(f.date) if f.date else ""} for i, f in enumerate(facts)]


def _groups(facts) -> list[tuple[str, list[dict]]]:
    """Facts grouped by their kind (the first class kg show gives), each group in date order."""
    groups: dict[str, list[dict]] = {}
    for item in _facts(facts):
        kind = item["fact"].classes[0] if item["fact"].classes else "Other facts"
        groups.setdefault(kind, []).append(item)
    return sorted(groups.items(), key=lambda g: (g[0] == "Other facts", g[0]))
