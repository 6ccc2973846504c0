"""Write the coverage table of data/README.md: for each paragraph of each seed article, the facts
taken from it, or why there are none, and whether what it asserts is held by relations or only by a
claim's English summary (then SUMMARY_ONLY says why).

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

# Why a claim has no typed content (kg:proposition, kg:confirms or kg:disputes): the "relations" column.
ASSESSMENT = "an assessment (of interest, cost, capacity, motive or likelihood) that no event or relation class states"
NEGATED = "negated or counterfactual: it says what will not happen or is not so, and the graph records no negative events"
CHAIN = "an argument whose parts are typed in other facts of this paragraph; the link between them is the author's"
SUMMARY_ONLY = {
    "claim-aljazeera-2019-caspian-iran-interests-least": "an assessment of whose interests an agreement served: no relation for how far an agreement serves a party",
    "claim-aljazeera-2019-kremlin-expected-pompeo": "an attitude (the Kremlin's expectation) towards an event the graph already asserts (the visit); a proposition is never an asserted event",
    "claim-aljazeera-2019-kremlin-traded-iran-twice": CHAIN + " (the 1995 deal and the reset, and their harm to relations); the rest is negated (\"unlikely to repeat\")",
    "claim-aljazeera-2019-pompeo-visit-no-breakthrough": NEGATED + "; the cooperation it allowed is the predicted Jerusalem meeting's",
    "claim-aljazeera-2019-russia-benefits-from-pressure": ASSESSMENT,
    "claim-aljazeera-2019-russia-gains-in-syria": "an opportunity (\"can take advantage… to make further gains\") with no event named: the gains are not said to be at anyone's expense",
    "claim-aljazeera-2019-russia-treads-carefully-s-400": "a manner of acting (\"tread carefully\") with no event: neither refusal nor supply is claimed",
    "claim-aljazeera-2019-russia-wont-back-maximum-pressure": NEGATED,
    "claim-aljazeera-2019-us-has-little-to-offer": ASSESSMENT,
    "claim-eftekhari-2021-convergence-not-coordination": NEGATED,
    "claim-eftekhari-2021-escalation-keeps-iran-from-talks": NEGATED + " (Iran staying away from negotiations)",
    "claim-eftekhari-2021-hardliners-balancing-act": "a dilemma between demands, guarantees and ideals: no event or relation class states one",
    "claim-eftekhari-2021-iran-escalation-costly-for-russia": ASSESSMENT + "; its last sentence is negated (Moscow will not reconsider its engagement)",
    "claim-eftekhari-2021-moscow-delays-treaty-signature": NEGATED + " (the revision's kg:agreementStatus is kg:Draft)",
    "claim-eftekhari-2021-russia-accepts-western-demands": "an interpretation (the issues are negotiable) and an implicit acceptance: no event of accepting demands is stated",
    "claim-eftekhari-2021-russia-balanced-policy": "a general disposition (\"always has a balanced foreign policy approach\"), not an event or a relation between two actors",
    "claim-eftekhari-2021-russia-constructive-role-hard": ASSESSMENT + "; the rest is negated (no sign of Russo-Iranian talks)",
    "claim-eftekhari-2021-russia-envious": "an emotion (\"may seem envious\") towards a hypothetical US return to the JCPOA: no class for an attitude",
    "claim-eftekhari-2021-russia-hopes-iran-remembers": "a hope that something will not happen: the holder is typed (kg:beliefHolder), the content is negated",
    "claim-eftekhari-2021-russia-position-like-iran": CHAIN + " (Moscow's statement on the peace deals, close relations with Israel); the likeness to Iran's position is the author's",
    "claim-eftekhari-2021-russian-criticism-prevents-escalation": NEGATED + " (criticism preventing an escalation); the criticism itself is typed (Viktorov, ¶29)",
    "claim-eftekhari-2021-russian-limits": ASSESSMENT + " (Russia's capacity)",
}


def paragraph_of(slug: str) -> dict[str, int]:
    """Normalised sentence -> number of its first paragraph."""
    text = (SEEDS / ARTICLES[slug]).read_text(encoding="utf-8")
    found: dict[str, int] = {}
    for number, para in enumerate(sentences.paragraphs(text), 1):
        found.setdefault(para, number)
        for sent in sentences.sentences(para):
            found.setdefault(sent, number)
    return found


def untyped_claims(graph, slug: str) -> dict[str, str]:
    """Claims of the source with no typed content: IRI -> label."""
    query = f"""SELECT ?s ?label WHERE {{ GRAPH src:{slug} {{ ?s a ?c ; kg:evidence ?e
               FILTER NOT EXISTS {{ ?s kg:proposition|kg:confirms|kg:disputes ?x }} }}
               ?c rdfs:subClassOf* kg:Claim . ?s rdfs:label ?label }}"""
    return {row["s"].value: row["label"].value for row in graph.query(query)}


def relations_cell(names: set[str], untyped: dict[str, str]) -> str:
    """'relations', or 'summary only' with each untyped claim's label and the reason it has no typed content."""
    reasons = []
    for iri, label in sorted(untyped.items(), key=lambda item: item[1]):
        if label in names:
            reasons.append(f"{label}: {SUMMARY_ONLY.get(shorten(iri).removeprefix('kgr:'), 'NO REASON GIVEN')}")
    if not reasons:
        return "relations"
    prefix = "summary only" if len(reasons) == len(names) else "relations; summary only"
    return f"{prefix} — " + "; ".join(reasons)


def claim_counts(graph, slug: str) -> tuple[int, int]:
    """(claims with an evidence sentence, those with typed content) in the source's graph."""
    query = f"""SELECT ?s (COUNT(?x) AS ?typed) WHERE {{ GRAPH src:{slug} {{ ?s a ?c ; kg:evidence ?e
               OPTIONAL {{ ?s kg:proposition|kg:confirms|kg:disputes ?x }} }} ?c rdfs:subClassOf* kg:Claim }} GROUP BY ?s"""
    counts = [int(row["typed"].value) for row in graph.query(query)]
    return len(counts), sum(1 for n in counts if n)


def sentence_counts(graph, slug: str, untyped: dict[str, str]) -> tuple[int, int]:
    """(asserting sentences: those some fact node cites, those of them held by relations): a sentence is held
    only by a summary when every node citing it is a claim without typed content."""
    typed: dict[str, bool] = {}
    for row in graph.query(f"SELECT DISTINCT ?s ?e WHERE {{ GRAPH src:{slug} {{ ?s kg:evidence ?e }} }}"):
        for sent in sentences.sentences(sentences.normalise(row["e"].value)):
            typed[sent] = typed.get(sent, False) or row["s"].value not in untyped
    return len(typed), sum(typed.values())


def figures(graph, slug: str, untyped: dict[str, str]) -> str:
    claims, typed_claims = claim_counts(graph, slug)
    asserting, held = sentence_counts(graph, slug, untyped)
    return (f"Claims with typed content: {typed_claims} of {claims}. Asserting sentences (cited by a fact node) held by "
            f"relations: {held} of {asserting} ({100 * held / asserting:.1f} %); the others are held only by the "
            "summaries of the claims named in the third column, each with its reason.")


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
        untyped = untyped_claims(graph, slug)
        count = len(sentences.paragraphs((SEEDS / seed).read_text(encoding="utf-8")))
        print(f"\n### `src:{slug}` ({seed})\n")
        print(figures(graph, slug, untyped) + "\n")
        print("| ¶ | facts taken from it | relations or summary only |\n|---|---|---|")
        for number in range(1, count + 1):
            if facts.get(number):
                cell, kind = "; ".join(sorted(facts[number])), relations_cell(facts[number], untyped)
            elif (slug, number) in REPEATS:
                cell, kind = f"— repeats ¶{REPEATS[(slug, number)]} word for word (scraping artefact): recorded once, there", "—"
            else:
                cell, kind = "— " + NO_FACT.get((slug, number), "NO FACT RECORDED: explain why"), "—"
            print(f"| {number} | {cell} | {kind} |")

if __name__ == "__main__":
    main()
