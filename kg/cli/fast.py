"""The fast path of `kg query`: its everyday command lines, run without importing click.

Importing click and its dispatch cost about 45 ms of a 100 ms `kg query -n NAME`
(bench/query_cold.py), more than the query and the parsing of the project together. This parser
takes only what it understands completely: the global -C/--project and --debug, then `query`
with QUERY, -n/--name, -p/--param, -f/--format, --labels, --timeout, --ask-exit and --store,
each given once, values in separate words or as --long=VALUE. Anything else (--help, --endpoint,
a bad value, a repeated option, bundled short options) returns None and click parses the whole
command line, so every usage error keeps click's wording. What runs is kg.cli.querying.answer,
the same function the click command calls.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_GLOBAL_VALUES = {"-C": "project", "--project": "project"}
_QUERY_VALUES = {"-n": "name", "--name": "name", "-f": "fmt", "--format": "fmt", "--timeout": "timeout", "--store": "store_dir"}
_QUERY_FLAGS = {"--labels": "labels", "--ask-exit": "ask_exit"}
_PARAM = ("-p", "--param")
_SECONDS = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")


class _Decline(Exception):
    """The command line is not one the fast path takes; click will parse it."""


def run_fast_query(argv: list[str]) -> int | None:
    """The exit code of `kg ARGV` when it is a `kg query` this path takes, else None (nothing done)."""
    try:
        options = parse(argv)
    except _Decline:
        return None
    from kg.cli import failures
    from kg.cli.querying import QueryRequest, answer

    project_dir = options.pop("project", None)
    debug = options.pop("debug", False)
    store_on_command_line = "store_dir" in options
    options.setdefault("store_dir", _env_path("KG_STORE"))
    request = QueryRequest(**options, store_on_command_line=store_on_command_line)
    try:
        return answer(request, lambda: _find_project(project_dir))
    except (Exception, KeyboardInterrupt) as exc:
        return failures.report(exc, debug)


def parse(argv: list[str]) -> dict:
    """The options of a `kg query` command line, as keyword arguments; _Decline for anything else."""
    words = list(argv)
    options: dict = {}
    while words and words[0] != "query":
        name, value = _split(words.pop(0))
        if name == "--debug" and value is None:
            _set(options, "debug", True)
        elif name in _GLOBAL_VALUES:
            _set(options, "project", _directory(_value(name, value, words)))
        else:
            raise _Decline
    if not words:
        raise _Decline
    words.pop(0)
    _parse_query_words(words, options)
    if "project" not in options and os.environ.get("KG_PROJECT"):
        options["project"] = _directory(os.environ["KG_PROJECT"])
    return options


def _parse_query_words(words: list[str], options: dict) -> None:
    params = []
    while words:
        word = words.pop(0)
        name, value = _split(word)
        if word == "-" or not word.startswith("-"):
            _set(options, "query", word)
        elif name in _QUERY_FLAGS and value is None:
            _set(options, _QUERY_FLAGS[name], True)
        elif name in _QUERY_VALUES:
            key = _QUERY_VALUES[name]
            _set(options, key, _convert(key, _value(name, value, words)))
        elif name in _PARAM and value is None and len(words) >= 2 and not _looks_like_option(words[0], words[1]):
            params.append((words.pop(0), words.pop(0)))
        else:
            raise _Decline
    if params:
        options["params"] = tuple(params)


def _split(word: str) -> tuple[str, str | None]:
    if word.startswith("--") and "=" in word:
        name, value = word.split("=", 1)
        return name, value
    return word, None


def _value(name: str, value: str | None, words: list[str]) -> str:
    if value is not None:
        return value
    if not words or _looks_like_option(words[0]):
        raise _Decline
    return words.pop(0)


def _looks_like_option(*words: str) -> bool:
    return any(w.startswith("-") and w != "-" for w in words)


def _set(options: dict, key: str, value) -> None:
    if key in options:  # click keeps the last of a repeated option; leave such lines to click
        raise _Decline
    options[key] = value


def _convert(key: str, value: str):
    if key == "fmt":
        from kg.query.results import FORMAT_CHOICES

        if value not in FORMAT_CHOICES:
            raise _Decline
        return value
    if key == "timeout":
        if not _SECONDS.fullmatch(value) or float(value) <= 0:
            raise _Decline
        return float(value)
    if key == "store_dir":
        return _directory(value)
    return value


def _directory(value: str) -> Path:
    """As click.Path(file_okay=False): a path that is not an existing file (click says so, not us)."""
    path = Path(value)
    if not value or path.is_file():
        raise _Decline
    return path


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return _directory(value) if value else None


def _find_project(project_dir: Path | None):
    from kg.project import find_project

    return find_project(project_dir)
