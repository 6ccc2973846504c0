"""Write the coverage table of data/README.md: for each paragraph of each seed article, the facts
taken from it, or why there are none.

Maintainer tool: reads ../shared/seeds (not needed by users or tests) and the project's graph;
every fact node is listed under each paragraph its evidence comes from.

    python tools/coverage.py [SEEDS_DIR] > /tmp/coverage.md    # default ../shared/seeds
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import sentences  # noqa: E402

from kg.store.build import open_graph  # noqa: E402
from kg.namespaces import shorten  # noqa: E402
from kg.project import Project  # noqa: E402

SEEDS = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
ARTICLES = {
    "aljazeera-2019-russia-iran": "000_da83e1ebf59ca90b.txt",
    "eftekhari-2021-russia-iran": "004_a6980d63f0498410.txt",
}
# Why a paragraph gives no fact node.
NO_FACT = {
    ("aljazeera-2019-russia-iran", 1): "title: recorded as the source's dcterms:title",
    ("aljazeera-2019-russia-iran", 2): "subtitle: recorded as the source's dcterms:description",
    ("aljazeera-2019-russia-iran", 3): "photo alt text",
    ("aljazeera-2019-russia-iran", 26): "disclaimer: recorded in the source's rdfs:comment (the views are the author's own)",
    ("eftekhari-2021-russia-iran", 1): "site furniture",
    ("eftekhari-2021-russia-iran", 2): "site furniture",
    ("eftekhari-2021-russia-iran", 3): "site furniture",
    ("eftekhari-2021-russia-iran", 4): "site furniture",
    ("eftekhari-2021-russia-iran", 5): "site furniture",
    ("eftekhari-2021-russia-iran", 6): "byline: the source's dcterms:creator, kgr:Fardin_Eftekhari",
    ("eftekhari-2021-russia-iran", 19): "section heading",
    ("eftekhari-2021-russia-iran", 27): "section heading",
    ("eftekhari-2021-russia-iran", 32): "section heading",
    ("eftekhari-2021-russia-iran", 39): "section heading",
}
REPEATS = {("eftekhari-2021-russia-iran", p): p - 7 for p in range(15, 19)}
REPEATS.update({("eftekhari-2021-russia-iran", p): p - 28 for p in range(40, 43)})
for p in range(43, 50):
    NO_FACT[("eftekhari-2021-russia-iran", p)] = "site furniture (page footer)"


def paragraph_of(slug: str) -> dict[str, int]:
    """Normalised sentence -> number of its first paragraph."""
    text = (SEEDS / ARTICLES[slug]).read_text(encoding="utf-8")
    found: dict[str, int] = {}
    for number, para in enumerate(sentences.paragraphs(text), 1):
        found.setdefault(para, number)
        for sent in sentences.sentences(para):
            found.setdefault(sent, number)
    return found


def main() -> None:
    graph = open_graph(Project(ROOT))
    for slug, seed in ARTICLES.items():
        where = paragraph_of(slug)
        facts: dict[int, set[str]] = defaultdict(set)
        query = f"""SELECT ?s ?e ?label ?typed WHERE {{ GRAPH src:{slug} {{ ?s kg:evidence ?e
                   OPTIONAL {{ ?s a ?typed }} }} OPTIONAL {{ ?s rdfs:label ?label }} }}"""
        for row in graph.query(query):
            name = row["label"].value if row["label"] is not None else shorten(row["s"].value)
            evidence = sentences.normalise(row["e"].value)
            first = sentences.sentences(evidence)[0]
            facts[where[first]].add(name if row["typed"] is not None else f"facts about {name}")
        count = len(sentences.paragraphs((SEEDS / seed).read_text(encoding="utf-8")))
        print(f"\n### `src:{slug}` ({seed})\n")
        print("| ¶ | facts taken from it |\n|---|---|")
        for number in range(1, count + 1):
            if facts.get(number):
                cell = "; ".join(sorted(facts[number]))
            elif (slug, number) in REPEATS:
                cell = f"— repeats ¶{REPEATS[(slug, number)]} word for word (scraping artefact): recorded once, there"
            else:
                cell = "— " + NO_FACT.get((slug, number), "NO FACT RECORDED: explain why")
            print(f"| {number} | {cell} |")


if __name__ == "__main__":
    main()
