"""Shared fixtures: a throw-away copy of the shipped project, and a CLI runner that keeps
stdout, stderr and the exit code apart (click >= 8.2)."""

from __future__ import annotations

import http.server
import os
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.paths import copy_project

# Commands read the project's files into memory unless a test asks for a store: the project store
# (.kg/store, on by default) has its own tests (tests/store/test_default_store.py), and building one
# with SHACL in every throw-away project would only slow the suite down.
os.environ.setdefault("KG_NO_STORE", "1")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def kg():
    """Run `kg ARGS…` in-process: kg(*args, input=None) -> click Result (stdout, stderr, exit_code)."""
    from kg.cli import main

    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def kg_exe() -> list[str]:
    """The command to run kg as a separate process (for cold-start and kill tests)."""
    return [sys.executable, "-m", "kg"]


@pytest.fixture
def scripted_server():
    """start(status, body, headers, delay) -> (url, requests): a server that always gives one answer."""
    servers = []

    def start(status: int = 200, body: bytes = b"", headers: dict | None = None, delay: float = 0.0, by_method=None):
        seen: list[tuple[str, str, dict]] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen.append((self.command, self.path, dict(self.headers)))
                time.sleep(delay)
                code = (by_method or {}).get(self.command, status)
                self.send_response(code)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_POST = do_DELETE = answer

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}", seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
