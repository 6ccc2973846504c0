"""Servers the tests start for real, each on 127.0.0.1 and free ports, stopped by their process:
`oxigraph serve`, and Virtuoso (Debian's virtuoso-opensource, which .ci/run installs)."""

from __future__ import annotations

import contextlib
import http.server
import os
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
VIRTUOSO, ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt")
# CI sets this so that a missing server fails the run instead of skipping its tests.
REQUIRE_SERVERS = os.environ.get("KG_TEST_REQUIRE_SERVERS") == "1"


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


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""
# Accounts of the throw-away database: dba (renamed from its well-known default password), and a
# user who may read but not write through the Graph Store endpoint.
VIRTUOSO_USERS = {"dba": "kg-test-dba-pw", "reader": "kg-test-reader-pw"}


def virtuoso_missing() -> str | None:
    """Why the Virtuoso tests cannot run here, or None."""
    if VIRTUOSO and ISQL:
        return None
    return "virtuoso-t is not installed (apt-get install virtuoso-opensource; .ci/run does it)"


@contextlib.contextmanager
def virtuoso_serve(directory: Path):
    """A real Virtuoso 7 on a fresh database in `directory`; yields its base URL (http://127.0.0.1:PORT)."""
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port))
    log = open(directory / "stdout.log", "wb")
    proc = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground"], stdout=log, stderr=subprocess.STDOUT, cwd=directory)
    url = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_answering(url + "/sparql?query=ASK%7B%7D", proc, "virtuoso-t", seconds=60)
        sql = (
            f"DB.DBA.USER_CREATE('reader', '{VIRTUOSO_USERS['reader']}'); GRANT SPARQL_SELECT TO \"reader\"; "
            f"SET PASSWORD \"dba\" \"{VIRTUOSO_USERS['dba']}\"; checkpoint;"
        )
        done = subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={sql}"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
        yield url
    finally:
        stop(proc)
        log.close()
