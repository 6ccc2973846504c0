"""The optional libraries of `kg draft`, loaded on first use with an error that names the extra.

Kept libraries, and why (docs/drafting.md):
- pysbd: rule-based sentence boundaries that know abbreviations ("U.S.", "Dr.", "i.e.") and give
  character spans; no model to download.
- pyahocorasick: one automaton for every label of the graph, so finding mentions is one pass over
  the text whatever the number of entities.
- selectolax: HTML to text (only for HTML input), a small compiled parser with no system library.
"""

from __future__ import annotations

import importlib

from kg.errors import UsageError

EXTRA = "draft"


def load(module: str, purpose: str):
    """Import `module`, or say which extra brings it (exit 2) instead of a traceback."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(
            f"kg draft needs the Python package {module!r} for {purpose}, which is not installed",
            hint=f"install the '{EXTRA}' extra: pip install 'geokg[{EXTRA}]'",
        ) from None


def segmenter():
    """A pysbd segmenter that keeps the text as it is and reports character spans."""
    pysbd = load("pysbd", "sentence splitting")
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def automaton_class():
    return load("ahocorasick", "finding entity mentions").Automaton


def html_parser():
    return load("selectolax.lexbor", "reading HTML articles").LexborHTMLParser
