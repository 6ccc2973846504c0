"""kg serve: a real server process on a free port, queried over HTTP with urllib and compared with
kg query on the same project; refusals reach no network; runaway queries are stopped."""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.query.canned import list_queries
from kg.interop.serve import HttpError, negotiate

from tests.support.paths import REPO, copy_project
from tests.support.servers import stop

START_LINE = re.compile(r"^kg serve: read-only SPARQL endpoint at (http://127\.0\.0\.1:(\d+))/query \(")
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
STATES = "SELECT ?s ?label WHERE { GRAPH ?g { ?s a kg:State ; rdfs:label ?label } } ORDER BY ?s"


def read_line(stream, seconds: float) -> str:
    ready, _, _ = select.select([stream], [], [], seconds)
    return stream.readline() if ready else ""


def _sigint_as_in_a_terminal() -> None:
    """A command started in the background by a non-interactive shell (nohup, `&` in a CI script)
    inherits SIGINT ignored, and so would the server: give it the default a terminal gives, so
    that the Ctrl-C tests test kg serve, not how the suite was launched."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextlib.contextmanager
def serving(kg_exe, project: Path, *args: str):
    """`kg serve --port 0 ARGS` as a process; yields (base URL, process, start line)."""
    proc = subprocess.Popen(
        [*kg_exe, "-C", str(project), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_sigint_as_in_a_terminal,
    )
    try:
        line = read_line(proc.stdout, 120)
        match = START_LINE.match(line)
        assert match, f"no start line: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        yield match.group(1), proc, line
    finally:
        if proc.poll() is None:
            stop(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(url, project): one kg serve for the tests that only ask it questions."""
    import sys

    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    with serving([sys.executable, "-m", "kg"], project) as (url, _, _):
        yield url, project


def ask(url: str, query: str | None = None, *, accept: str | None = None, method: str = "GET", data: bytes | None = None,
        content_type: str | None = None, path: str = "/query", params: list[tuple[str, str]] | None = None):
    """(status, content type, body) of one request; HTTP errors are answers too."""
    fields = ([("query", query)] if query is not None and method == "GET" else []) + (params or [])
    target = url + path + ("?" + urllib.parse.urlencode(fields) if fields else "")
    request = urllib.request.Request(target, data=data, method=method)
    for name, value in (("Accept", accept), ("Content-Type", content_type)):
        if value:
            request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers.get("Content-Type"), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read()


def local(kg, project, *args) -> bytes:
    result = kg("-C", project, "query", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


# ---------------------------------------------------------------- answers


@pytest.mark.server
@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        (None, "json", "application/sparql-results+json"),
        ("application/sparql-results+json", "json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
        ("text/csv", "csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "tsv", "text/tab-separated-values; charset=utf-8"),
        ("text/html;q=0.9, text/csv;q=0.5, */*;q=0.1", "csv", "text/csv; charset=utf-8"),
    ],
)
def test_select_answers_in_the_format_asked_with_the_bytes_kg_query_gives(kg, server, accept, fmt, media):
    url, project = server
    status, content_type, body = ask(url, STATES, accept=accept)
    assert (status, content_type) == (200, media)
    assert body == local(kg, project, STATES, "-f", fmt)


@pytest.mark.server
@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        (None, "turtle", "text/turtle; charset=utf-8"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("application/ld+json", "jsonld", "application/ld+json"),
        ("application/rdf+xml", "rdfxml", "application/rdf+xml"),
    ],
)
def test_graphs_answer_in_the_rdf_format_asked(kg, server, accept, fmt, media):
    url, project = server
    query = "CONSTRUCT { ?s rdfs:label ?l ; kg:note [ kg:about ?s ] } WHERE { ?s a kg:WeaponSystem ; rdfs:label ?l }"
    status, content_type, body = ask(url, query, accept=accept)
    assert (status, content_type) == (200, media)
    assert body == local(kg, project, query, "-f", fmt)


@pytest.mark.server
def test_get_post_and_form_post_give_the_same_answer(server):
    url, _ = server
    got = ask(url, STATES)
    posted = ask(url, method="POST", data=STATES.encode(), content_type="application/sparql-query")
    form = ask(url, method="POST", data=urllib.parse.urlencode({"query": STATES}).encode(),
               content_type="application/x-www-form-urlencoded")
    assert got == posted == form and got[0] == 200 and len(json.loads(got[2])["results"]["bindings"]) > 5


@pytest.mark.server
def test_ask_answers_true_or_false(server):
    url, _ = server
    assert json.loads(ask(url, "ASK { kgr:S-400 a kg:WeaponSystem }")[2]) == {"head": {}, "boolean": True}
    assert ask(url, "ASK { kgr:S-400 a kg:State }", accept="text/csv")[2] == b"false\r\n"


@pytest.mark.server
def test_the_protocol_dataset_picks_graphs_of_the_store(kg, server):
    url, project = server
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    source = "https://w3id.org/geokg/source/aljazeera-2019-russia-iran"
    status, _, body = ask(url, query, accept="text/csv", params=[("default-graph-uri", source)])
    assert status == 200 and body == local(kg, project, query.replace("WHERE", "FROM src:aljazeera-2019-russia-iran WHERE"), "-f", "csv")


@pytest.mark.server
@pytest.mark.parametrize("query", sorted(list_queries(REPO / "queries"), key=lambda q: q.name), ids=lambda q: q.name)
def test_kg_query_endpoint_on_kg_serve_equals_the_local_answer(kg, server, query):
    url, project = server
    args = ["-n", query.name, *[p for k, v in query.example_args().items() for p in ("-p", k, v)], "-f", "tsv"]
    remote = kg("-C", project, "query", "--endpoint", url, *args)
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout_bytes == local(kg, project, *args)


# ---------------------------------------------------------------- refusals


@pytest.fixture
def network_log(scripted_server):
    """(url, requests) of a local HTTP server that must hear nothing."""
    return scripted_server(200, b"")


@pytest.mark.server
@pytest.mark.parametrize(
    ("query", "fields", "content_type", "status", "message"),
    [
        ("SELECT * WHERE { SERVICE <LOG/sparql> { ?s ?p ?o } }", None, None, 403, "SERVICE at line 1, column 18 is refused"),
        ("LOAD <LOG/data.ttl>", None, None, 403, "SPARQL Update is refused: LOAD at line 1, column 1"),
        ("INSERT DATA { kgr:x kgr:y kgr:z }", None, None, 403, "SPARQL Update is refused: INSERT at line 1, column 1"),
        ("SELECT * FROM <LOG/data.ttl> WHERE { ?s ?p ?o }", None, None, 403, "FROM <LOG/data.ttl> at line 1, column 10 is refused"),
        ("SELECT * WHERE { ?s ?p ?o }", [("default-graph-uri", "LOG/g")], None, 403, "graph <LOG/g> is not a graph of this store"),
        (None, [("update", "LOAD <LOG/data.ttl>")], "application/x-www-form-urlencoded", 403, "SPARQL Update is refused: kg serve is read-only"),
        ("DROP ALL", None, "application/sparql-update", 403, "SPARQL Update is refused: kg serve is read-only"),
        ("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}", None, None, 400, "SPARQL syntax error at line 3, column 13: '=' needs a value after it"),
        ("SELECT ?s WHERE { ?s ?p ?o }", None, "text/plain", 415, "send the query as application/sparql-query"),
    ],
)
def test_refused_requests_get_a_status_and_a_message_and_reach_no_network(server, network_log, query, fields, content_type, status, message):
    url, _ = server
    log_url, heard = network_log
    query = query.replace("LOG", log_url) if query else None
    fields = [(k, v.replace("LOG", log_url)) for k, v in fields] if fields else None
    if content_type is None:
        answer = ask(url, query, params=fields)
    elif content_type == "application/x-www-form-urlencoded":
        answer = ask(url, method="POST", data=urllib.parse.urlencode(fields).encode(), content_type=content_type)
    else:
        answer = ask(url, method="POST", data=query.encode(), content_type=content_type)
    assert answer[0] == status and answer[1] == "text/plain; charset=utf-8"
    assert answer[2].decode().startswith(message.replace("LOG", log_url)) and answer[2].endswith(b"\n")
    assert heard == []


@pytest.mark.server
@pytest.mark.parametrize(
    ("path", "query", "accept", "status", "message"),
    [
        ("/query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/html", 406, "a SELECT answers in application/sparql-results+json"),
        ("/query", "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv", 406, "a CONSTRUCT answers in text/turtle"),
        ("/sparql", "ASK {}", None, 404, "no such resource /sparql; the SPARQL endpoint is /query"),
        ("/query", None, None, 400, "give exactly one 'query' parameter (0 given)"),
    ],
)
def test_requests_the_protocol_cannot_answer(server, path, query, accept, status, message):
    url, _ = server
    answer = ask(url, query, accept=accept, path=path)
    assert answer[0] == status and answer[2].decode().startswith(message)


# ---------------------------------------------------------------- the process


@pytest.mark.server
def test_a_runaway_query_is_stopped_and_its_worker_replaced(kg_exe, project):
    with serving(kg_exe, project, "--timeout", "1", "--workers", "1") as (url, _, _):
        status, _, body = ask(url, EXPLOSIVE)
        assert status == 503 and body == b"the query ran longer than 1 s and was stopped\n"
        # One worker only: this is answered only if the stuck one was killed and replaced.
        assert ask(url, "ASK { kgr:Iran a kg:State }", accept="text/csv") == (200, "text/csv; charset=utf-8", b"true\r\n")


@pytest.mark.server
def test_a_query_over_the_memory_budget_gets_503_and_the_server_lives_on(kg_exe, project, monkeypatch):
    """Issue 18's cross join took 0.4 GB a second: its worker is stopped at the budget and replaced."""
    monkeypatch.setenv("KG_MAX_MEMORY", "200M")
    cross_join = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
    with serving(kg_exe, project, "--workers", "1") as (url, proc, _):
        assert ask(url, cross_join) == (503, "text/plain; charset=utf-8", b"the query went over the memory budget of "
                                        b"200 MiB and was stopped\n")
        # One worker only: this is answered only if the stopped one was replaced.
        assert ask(url, "ASK { kgr:Iran a kg:State }", accept="text/csv") == (200, "text/csv; charset=utf-8", b"true\r\n")
        assert proc.poll() is None


def worker_pids(pid: int) -> list[int]:
    """The query workers among a process's children (Linux /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if not children.exists():
        pytest.skip("needs /proc to find the workers")
    pids = [int(p) for p in children.read_text().split()]
    return [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]


@pytest.mark.server
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_the_server_and_its_workers_cleanly(kg_exe, project, sig):
    with serving(kg_exe, project, "--workers", "2") as (url, proc, line):
        workers = worker_pids(proc.pid)
        assert len(workers) == 2 and ask(url, "ASK {}")[0] == 200
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == 0
        stderr = proc.stderr.read()
    assert stderr.splitlines()[-1] == "kg serve: stopped" and "Traceback" not in stderr
    assert [w for w in workers if alive(w)] == []


@pytest.mark.server
def test_listening_elsewhere_than_loopback_needs_asking_and_warns(kg_exe, project):
    proc = subprocess.Popen([*kg_exe, "-C", str(project), "serve", "--host", "0.0.0.0", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        warning = read_line(proc.stderr, 120)
        start = read_line(proc.stdout, 120)
    finally:
        stop(proc)
    assert warning.startswith("kg: warning: listening on 0.0.0.0, not on a loopback address: anyone who can reach")
    assert start.startswith("kg serve: read-only SPARQL endpoint at http://0.0.0.0:")


def test_a_port_in_use_is_a_usage_error_naming_the_option(kg, project):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = kg("-C", project, "serve", "--port", str(port))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"kg: error: --host 127.0.0.1 --port {port}: cannot listen there (")


@pytest.mark.parametrize(
    ("form", "accept", "fmt"),
    [
        ("SELECT", None, "json"),
        ("SELECT", "*/*", "json"),
        ("SELECT", "text/*", "csv"),
        ("SELECT", "application/sparql-results+xml;q=0.8, text/tab-separated-values", "tsv"),
        ("SELECT", "text/csv;q=0.5, application/json;q=0.5", "csv"),
        ("ASK", "application/xml", "xml"),
        ("CONSTRUCT", "*/*", "turtle"),
        ("DESCRIBE", "application/*", "nt"),
        ("CONSTRUCT", "application/ld+json;q=1, text/turtle;q=0.9", "jsonld"),
    ],
)
def test_content_negotiation(form, accept, fmt):
    assert negotiate(form, accept) == fmt


def test_content_negotiation_refuses_what_it_cannot_give():
    with pytest.raises(HttpError) as caught:
        negotiate("SELECT", "text/csv;q=0, text/html")
    assert caught.value.status == 406


@pytest.mark.server
def test_workers_read_an_on_disk_store_given_with_store(kg, kg_exe, project, tmp_path):
    store = tmp_path / "store"
    assert kg("-C", project, "build", "--store", store).exit_code == 0
    with serving(kg_exe, project, "--store", str(store), "--workers", "2") as (url, _, _):
        answers = [ask(url, STATES, accept="text/csv") for _ in range(3)]  # more requests than workers
    expected = local(kg, project, STATES, "-f", "csv")
    assert answers == [(200, "text/csv; charset=utf-8", expected)] * 3


@pytest.mark.parametrize("length", ["²", "١٢", " 1x", "9" * 5000, "-1", ""])
def test_a_content_length_that_is_not_ascii_digits_gets_a_status_never_a_dropped_connection(server, length):
    """Issue 18: "²" passed str.isdigit(), int() refused it, and the client's connection was dropped."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(server[0])
    with socket.create_connection((where.hostname, where.port), timeout=10) as conn:
        conn.sendall(b"POST " + (where.path or "/").encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/sparql-query\r\nContent-Length: " + length.encode("utf-8")
                     + b"\r\nConnection: close\r\n\r\nASK {}")
        answer = conn.recv(65536)
    assert answer.startswith(b"HTTP/1.") and answer.split()[1] in (b"411", b"413", b"400")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x2FF), max_size=20))
@example("7")  # more than the 6 bytes of body sent (CI once drew it: the client then waited forever)
@example("100")
def test_random_content_lengths_always_get_an_http_status(server, length):
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(server[0])
    with socket.create_connection((where.hostname, where.port), timeout=10) as conn:
        conn.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: " + length.encode("utf-8") + b"\r\nConnection: close\r\n\r\nASK {}")
        conn.shutdown(socket.SHUT_WR)  # a length above the 6 bytes sent must meet the end, not a wait
        answer = conn.recv(65536)
    assert answer.startswith(b"HTTP/1."), (length, answer)


def raw_request(url: str, request: bytes) -> bytes:
    """The server's answer to bytes sent as they are, the writing side then shut."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=10) as conn:
        conn.sendall(request)
        conn.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# What each header may get, whatever its value: its own refusals, never 500 and never silence.
HEADER_STATUSES = {
    "Accept": {200, 406},  # something it can answer in (or */*), or nothing acceptable
    "Content-Type": {200, 400, 403, 415},  # a query, a form (whose fields may not parse), an update, anything else
    "Host": {200},  # not used: the server answers for any name it is reached by
    "Transfer-Encoding": {501},  # no chunked bodies: a query fits a Content-Length
}
header_values = st.binary(max_size=60).filter(lambda b: b"\r" not in b and b"\n" not in b)


@settings(max_examples=int(os.environ.get("KG_TEST_EXAMPLES", "30")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(HEADER_STATUSES)), header_values, st.sampled_from(["GET", "POST"]))
@example("Transfer-Encoding", b"chunked", "POST")  # with a Content-Length too: a smuggling attempt
@example("Content-Type", b"application/sparql-update", "POST")
@example("Accept", b"text/csv;q=nan, application/json;q=inf", "GET")
@example("Host", b"\xff\x00\x1b[31m", "GET")
def test_random_header_values_always_get_a_status_of_their_own(server, header, value, method):
    """Issue 18: headers parsed strictly, no exception reaching the client as a dropped connection."""
    body = b"ASK {}"
    framing = b"Content-Type: application/sparql-query\r\n" if method == "POST" and header != "Content-Type" else b""
    target = b"/query" if method == "POST" else b"/query?query=ASK%20%7B%7D"
    request = (method.encode() + b" " + target + b" HTTP/1.1\r\n" + (b"" if header == "Host" else b"Host: 127.0.0.1\r\n")
               + header.encode() + b": " + value + b"\r\n" + framing
               + (b"Content-Length: 6\r\n" if method == "POST" else b"") + b"Connection: close\r\n\r\n"
               + (body if method == "POST" else b""))
    answer = raw_request(server[0], request)
    assert answer.startswith(b"HTTP/1."), (header, value, answer)
    status = int(answer.split()[1])
    assert status in HEADER_STATUSES[header], (header, value, method, answer[:300])
    assert raw_request(server[0], b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.0 200")


def test_two_different_content_lengths_are_refused_and_the_connection_closed(server):
    """One reading of the body by a proxy in front, another here, is how requests are smuggled."""
    answer = raw_request(server[0], b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                                    b"Content-Length: 6\r\nContent-Length: 60\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.0 400 ") and answer.endswith(b"two different Content-Length headers\n")


def test_a_get_with_a_chunked_body_is_refused_too(server):
    answer = raw_request(server[0], b"GET /query?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    b"Accept: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 501 ")
