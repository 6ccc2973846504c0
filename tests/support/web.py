"""A real `kg serve` with its web pages, for the tests of tests/web/: started as a process on
127.0.0.1 and a free port, asked over HTTP, and pages read back with the standard HTML parser."""

from __future__ import annotations

import contextlib
import html.parser
import re
import select
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.servers import stop

START = re.compile(r"^kg serve: read-only SPARQL endpoint at (http://127\.0\.0\.1:\d+)/query \(")


@contextlib.contextmanager
def kg_serve(project: Path, *args: str):
    """`kg -C PROJECT serve --port 0 ARGS`; yields the base URL, stops the process after."""
    # The request log goes to a file: a pipe nobody reads fills up and stops the server mid-request.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "-C", str(project), "serve", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        line = proc.stdout.readline() if ready else ""
        match = START.match(line)
        if not match:
            log.seek(0)
            raise AssertionError(f"no start line: {line!r} {log.read().decode(errors='replace')}")
        yield match.group(1)
    finally:
        if proc.poll() is None:
            stop(proc)
        log.close()


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def get(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None) -> Response:
    """One request; an HTTP error status is an answer too."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.headers, exc.read())


class Page(html.parser.HTMLParser):
    """The elements of a page as a browser's parser sees them: tags with attributes, and text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        if not self._in_script:  # what a reader sees: not the picture's JSON
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def facts_text(self) -> str:
        """The text of the Facts section (after the picture and the timeline)."""
        text = self.text
        return text[text.index("Facts ("):]

    def hrefs(self) -> list[str]:
        """Where the page's links (<a>) go."""
        return [attrs["href"] for tag, attrs in self.elements if tag == "a" and attrs.get("href") is not None]
