"""The web UI's routing: which page answers a path, and what a failure looks like to a person.

`App.handle` is what kg.interop.serve mounts beside the protocol endpoint: it returns a Page
for the paths it owns and None for the others (the endpoint answers those, /query first).
Only GET is answered: no page changes anything. Library errors become pages with the status
the endpoint gives for the same error (a bad query 400, a refusal 403, a timeout 503) and the
same one-line message the command line prints.
"""

from __future__ import annotations

import urllib.parse
from importlib import resources
from typing import NamedTuple

from kg.errors import KgError, NotFound, UsageError
from kg.web import markup
from kg.web.asking import one, status_of

HTML = "text/html; charset=utf-8"
STATIC = {  # the only files /static/ serves: a fixed list, so no path from a request reaches the disk
    "style.css": "text/css; charset=utf-8",
    "graph.js": "text/javascript; charset=utf-8",
    "cytoscape.min.js": "text/javascript; charset=utf-8",
    "cytoscape.LICENSE.txt": "text/plain; charset=utf-8",
}
PAGES = ("/", "/search", "/questions", "/editor")
SECTIONS = ("/entity/", "/source/", "/questions/", "/static/")


class Page(NamedTuple):
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def owns(path: str) -> bool:
    return path in PAGES or path.startswith(SECTIONS)


class App:
    """The pages over one graph. `ask` runs a kg.query.workers.Job in the endpoint's workers."""

    def __init__(self, graph, queries_dir, graph_names: set[str], ask, limits=None):
        import jinja2

        from kg.web.pages import Site

        self.site = Site(graph, queries_dir, graph_names, ask, limits)
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("kg.web", "templates"),
            autoescape=True,  # every template, whatever its name: data can hold markup
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=markup.printable,
        )
        self.env.filters["href"] = self.site.href
        self.env.globals.update(term=markup.Terms(self.site.href), link=markup.link, name=markup.name,
                                short=markup.short)

    def handle(self, method: str, path: str, query_string: str, headers) -> Page | None:
        if not owns(path):
            return None
        if method != "GET":
            return Page(405, "text/plain; charset=utf-8", f"{method} is not supported here: the pages are read-only\n"
                        .encode(), (("Allow", "GET"),))
        try:
            fields = _fields(query_string)
            if path.startswith("/static/"):
                return _static(path[len("/static/"):])
            return self._page(path, fields)
        except UnicodeDecodeError:
            return self.render("error.html", 400, title="Error", message="the address is not UTF-8 once decoded")
        except KgError as exc:
            status = status_of(exc)
            return self.render("error.html", status, title="Not found" if status == 404 else "Error", message=str(exc))

    def _page(self, path: str, fields: dict[str, list[str]]) -> Page:
        site = self.site
        if path == "/":
            return self.render("home.html", title="What the graph holds", **site.home())
        if path == "/search":
            return self.render("search.html", title="Search", **site.search(one(fields, "q")))
        if path == "/questions":
            return self.render("questions.html", title="Questions", questions=site.questions())
        if path == "/editor":
            return self._answer("editor.html", site.editor(fields), "SPARQL")
        name = urllib.parse.unquote(path.split("/", 2)[2], errors="strict")
        if path.startswith("/entity/"):
            context = site.entity(name)
            return self.render("entity.html", title=context["report"].label or context["report"].name, **context)
        if path.startswith("/source/"):
            context = site.source(name)
            return self.render("source.html", title=context["report"].label or context["report"].name, **context)
        return self._answer("question.html", site.question(name, fields), None)

    def _answer(self, template: str, context: dict, title: str | None) -> Page:
        """A question or query page, or its download when one was asked for."""
        download = context.get("download")
        if download is not None:
            return Page(200, download.media_type, download.body,
                        (("Content-Disposition", f'attachment; filename="{download.filename}"'),))
        status = context.pop("status", 200)
        return self.render(template, status, title=title or context["canned"].title, **context)

    def render(self, template: str, status: int = 200, **context) -> Page:
        body = self.env.get_template(template).render(**context)
        return Page(status, HTML, body.encode("utf-8"))


def _fields(query_string: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(query_string, keep_blank_values=True, strict_parsing=bool(query_string),
                                     errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"the request parameters do not parse: {exc}") from None


def _static(name: str) -> Page:
    if name not in STATIC:
        raise NotFound(f"no such file /static/{name}")
    body = resources.files("kg.web").joinpath("static", name).read_bytes()
    return Page(200, STATIC[name], body, (("Cache-Control", "max-age=3600"),))
