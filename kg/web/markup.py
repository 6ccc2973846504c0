"""The few pieces of HTML that every page repeats, built in Python: a name, a link, a term.

They are the hot path of a big entity page (hundreds of terms): as Jinja macros they took most
of its time. Everything from the data is escaped here (markupsafe, as Jinja's autoescape does)
with its control characters made visible, and set in <bdi> so that a bidi override in a label
cannot reorder the text around it. Links come only from kg.web.links.href_for: a page of this
server, or an http(s) address marked rel="noopener noreferrer nofollow".
"""

from __future__ import annotations

from markupsafe import Markup, escape

# Control characters as visible escapes, as kg show prints them (kg.rdf.terms.escape_controls), but
# keeping tab, newline and carriage return, which HTML shows as spaces or lines (a query in its box).
_CONTROLS = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (9, 10, 13)}


def printable(value):
    """What a template prints: text from the data with controls made visible; Markup as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return value.translate(_CONTROLS)
    return value


def name(text: str) -> Markup:
    return Markup(f"<bdi>{escape(printable(str(text)))}</bdi>")


def link(href: str | None, text: str, title: str | None = None) -> Markup:
    # f-strings over escape() (markupsafe's C code): Markup's own % formatting took 3x longer here.
    shown = f"<bdi>{escape(printable(str(text)))}</bdi>"
    extra = f' title="{escape(printable(title))}"' if title else ""
    if href and href.startswith("/"):
        return Markup(f'<a href="{escape(href)}"{extra}>{shown}</a>')
    if href and href.startswith(("http://", "https://")):
        return Markup(f'<a href="{escape(printable(href))}" rel="noopener noreferrer nofollow" class="external"{extra}>'
                      f"{shown}</a>")
    return Markup(f"<span{extra}>{shown}</span>" if title else shown)


def short(prefixed: str) -> str:
    """kg:recipient reads as "recipient"; other vocabularies keep their prefix (as kg show)."""
    return prefixed[3:] if prefixed.startswith("kg:") else prefixed


class Terms:
    """term(name, label): a name as kg show gives it, linked to its page when it has one."""

    def __init__(self, href):
        self.href = href

    def __call__(self, term_name: str, label: str | None = None) -> Markup:
        shown = label or term_name
        return link(self.href(term_name), shown, term_name if shown != term_name else None)

