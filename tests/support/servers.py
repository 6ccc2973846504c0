"""Servers the tests start for real: `oxigraph serve`, each on 127.0.0.1 and a free port, stopped by its process."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url: str, proc: subprocess.Popen, what: str, seconds: float = 30) -> None:
    """Poll url until it answers (any HTTP status), failing if the process exits first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            assert proc.poll() is None, f"{what} exited at start"
            assert time.monotonic() < deadline, f"{what} did not answer within {seconds:g} s"
            time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def oxigraph_serve(location: Path):
    """A real `oxigraph serve` over a store at `location`; yields its base URL."""
    assert OXIGRAPH is not None, "the oxigraph command is missing: pip install oxigraph (it is in the test extra)"
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url + "/query?query=ASK%7B%7D", proc, "oxigraph serve")
        yield url
    finally:
        stop(proc)


@contextlib.contextmanager
def recording_http_server(body: bytes | None = None, content_type: str = "application/rdf+xml"):
    """A server on 127.0.0.1 that records the path of every request: yields (port, paths).

    It answers 404, or 200 with `body` when one is given (to let a client go on to its next step).
    """
    paths: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            paths.append(self.path)
            self.send_response(404 if body is None else 200)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            if body is not None:
                self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], paths
    finally:
        server.shutdown()
        server.server_close()
