"""How long `kg draft` works on an article, step by step, beside the sentence splitter alone.

    python bench/draft.py [--seeds /path/to/shared/seeds] [--runs 5]

Articles: the two seed articles (1,271 and 3,170 words, the second with its repeated paragraphs)
and a 2,000-word article made of the first's paragraphs and the second's first new ones (issue 19
asks for under 1 s of work after start-up on 2,000 words). Each figure is the median of N runs in
one warm process (imports done, as after start-up): the graph's lexicon (read from the project's
files), reading and splitting the article, mentions + dates + candidate facts, and the Turtle.
The baseline is pysbd alone splitting the same paragraphs: the floor of this way of reading.
The first line gives the load average: other work on the machine skews every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def articles(seeds: Path, scratch: Path) -> list[tuple[str, Path, str, str]]:
    first = (seeds / "000_da83e1ebf59ca90b.txt").read_text(encoding="utf-8")
    second = (seeds / "004_a6980d63f0498410.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in first.split("\n\n") if p.strip()]
    for p in second.split("\n\n"):
        if sum(len(x.split()) for x in paragraphs) >= 2000:
            break
        if p.strip() and p not in paragraphs:
            paragraphs.append(p)
    mixed = scratch / "mixed-2000.txt"
    mixed.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return [("000 (Al Jazeera)", seeds / "000_da83e1ebf59ca90b.txt", "2019-06", "aljazeera-2019-russia-iran"),
            ("004 (Eftekhari)", seeds / "004_a6980d63f0498410.txt", "2020", "eftekhari-2021-russia-iran"),
            ("2,000 words", mixed, "2019-06", "")]


def median_of(runs: int, step) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def measure(path: Path, date: str, exclude: str, runs: int) -> dict[str, float]:
    from kg.draft import libs
    from kg.draft.article import paragraphs, read_article
    from kg.draft.dates import ArticleDate
    from kg.draft.draft import read_sentences
    from kg.draft.lexicon import load_lexicon
    from kg.draft.render import render
    from kg.project import Project

    project = Project(ROOT)
    t_lexicon, lexicon = median_of(runs, lambda: load_lexicon(project, [exclude] if exclude else []))
    t_read, article = median_of(runs, lambda: read_article(path))
    when = ArticleDate.parse(date)
    t_find, readings = median_of(runs, lambda: read_sentences(article, lexicon, when))
    facts = [r.fact for r in readings if r.fact]
    meta = {"label": "bench", "title": None, "identifier": "bench", "date": when.literal(), "url": None}
    t_render, _ = median_of(runs, lambda: render("bench", facts, meta, []))
    segmenter = libs.segmenter()
    text = article.text
    t_pysbd, _ = median_of(runs, lambda: [segmenter.segment(text[s:e]) for s, e in paragraphs(text)])
    return {"words": len(text.split()), "sentences": len(article.sentences), "facts": len(facts),
            "lexicon": t_lexicon, "read": t_read, "find": t_find, "render": t_render, "pysbd": t_pysbd}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; median of {options.runs} runs in one process; seconds")
    print(f"{'article':18} {'words':>6} {'sent.':>5} {'facts':>5} {'lexicon':>8} {'read':>6} {'find':>6} "
          f"{'render':>7} {'total':>6} {'pysbd':>6} {'×pysbd':>6}")
    with tempfile.TemporaryDirectory(prefix="draft-bench-") as scratch:
        for name, path, date, exclude in articles(options.seeds, Path(scratch)):
            m = measure(path, date, exclude, options.runs)
            total = m["lexicon"] + m["read"] + m["find"] + m["render"]
            print(f"{name:18} {m['words']:6d} {m['sentences']:5d} {m['facts']:5d} {m['lexicon']:8.3f} {m['read']:6.3f} "
                  f"{m['find']:6.3f} {m['render']:7.3f} {total:6.3f} {m['pysbd']:6.3f} {total / m['pysbd']:6.2f}")


if __name__ == "__main__":
    main()
