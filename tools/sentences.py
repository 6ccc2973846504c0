"""Split the seed articles into sentences, and write the hashes the evidence test checks against.

Maintainer tool: reads ../shared/seeds (which users and CI do not have) and writes
tests/data/fixtures/evidence-hashes.json, so the test suite can check that every kg:evidence string
is verbatim text of its article without the project shipping whole articles.

    python tools/sentences.py list SEED.txt          # numbered paragraphs and sentences
    python tools/sentences.py hashes SLUG=SEED.txt …  # rewrite the hash file
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

SPLIT = re.compile(r"(?<=[.!?])[”\"]?\s+(?=[A-Z“\"])|(?<=[.!?][”\"])\s+(?=[A-Z“\"])")
WINDOW = 3  # evidence may be up to three consecutive sentences


def normalise(text: str) -> str:
    """The form evidence is compared in: whitespace runs collapsed, ends trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def paragraphs(text: str) -> list[str]:
    return [normalise(p) for p in text.split("\n") if p.strip()]


def sentences(paragraph: str) -> list[str]:
    parts, start = [], 0
    for match in re.finditer(r"(?<=[.!?])([”\"]?)\s+(?=[A-Z“\"])", paragraph):
        end = match.start() + len(match.group(1))
        parts.append(paragraph[start:end].strip())
        start = match.end()
    parts.append(paragraph[start:].strip())
    return [p for p in parts if p]


def digest(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def windows(text: str) -> set[str]:
    found = set()
    for para in paragraphs(text):
        found.add(digest(para))
        sents = sentences(para)
        for i in range(len(sents)):
            for j in range(i + 1, min(i + WINDOW, len(sents)) + 1):
                found.add(digest(" ".join(sents[i:j])))
    return found


def main(argv: list[str]) -> None:
    if argv[:1] == ["list"]:
        text = Path(argv[1]).read_text(encoding="utf-8")
        for p, para in enumerate(paragraphs(text), 1):
            for s, sent in enumerate(sentences(para), 1):
                print(f"{p}.{s}\t{sent}")
    elif argv[:1] == ["hashes"]:
        out = {}
        for item in argv[1:]:
            slug, path = item.split("=", 1)
            out[slug] = sorted(windows(Path(path).read_text(encoding="utf-8")))
        target = Path(__file__).resolve().parent.parent / "tests" / "data" / "fixtures" / "evidence-hashes.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {sum(len(v) for v in out.values())} hashes to {target}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
