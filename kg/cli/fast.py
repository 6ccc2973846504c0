"""The fast path of `kg query`: its everyday command lines, run without importing click.

Importing click and its dispatch cost about 25 ms of an 85 ms `kg query -n NAME` (medians of
cold processes, issue 13), more than the query and the parsing of the project together. This
parser takes only what it understands completely: the options of kg.cli.declaration, the
declaration the click command is built from, each given once unless repeatable, values in
separate words or as --long=VALUE. Anything else (--help, options declared fast=False such as
--endpoint, a bad value, a repeated option, bundled short options, --) returns None and click
parses the whole command line, so every usage error keeps click's wording. What runs is
kg.cli.querying.answer with the QueryRequest of declaration.query_request, as in the click command.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kg.cli.declaration import GLOBAL_OPTIONS, QUERY_OPTIONS, STORE, Param, query_request

_SECONDS = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")


def _by_name(params: tuple[Param, ...]) -> dict[str, Param]:
    return {name: p for p in params if p.fast and p.kind != "argument" for name in p.names}


_GLOBAL = _by_name(GLOBAL_OPTIONS)
_QUERY = _by_name(QUERY_OPTIONS)
_ARGUMENT = next(p for p in QUERY_OPTIONS if p.kind == "argument")


class _Decline(Exception):
    """The command line is not one the fast path takes; click will parse it."""


def run_fast_query(argv: list[str]) -> int | None:
    """The exit code of `kg ARGV` when it is a `kg query` this path takes, else None (nothing done)."""
    try:
        options = parse(argv)
        store_on_command_line = STORE.dest in options
        _add_environment(options)
    except _Decline:
        return None
    from kg.cli.querying import answer

    global_values = {p.dest: options.pop(p.dest, None) for p in GLOBAL_OPTIONS}
    request = query_request(options, store_on_command_line=store_on_command_line)
    try:
        _keep_memory(global_values["memory"])
        return answer(request, lambda: _find_project(global_values["project_dir"]))
    except (Exception, KeyboardInterrupt) as exc:
        from kg.cli import failures  # here: a query that succeeds never needs it

        return failures.report(exc, bool(global_values["debug"]))


def _keep_memory(size: int | None) -> None:
    """The budget of --memory or KG_MAX_MEMORY, watched in the kg program (kg.cli.memory)."""
    from kg.cli import memory, owns_process

    memory.choose(size)
    if owns_process():
        memory.guard("query")


def parse(argv: list[str]) -> dict:
    """The options a `kg query` command line gives, by destination; _Decline for anything else.

    Options from environment variables are not in it: click reads those after the command line.
    """
    words = list(argv)
    options: dict = {}
    while words and words[0] != "query":
        name, value = _split(words.pop(0))
        if name not in _GLOBAL:
            raise _Decline
        _take(_GLOBAL[name], value, words, options)
    if not words:
        raise _Decline
    words.pop(0)
    while words:
        word = words.pop(0)
        name, value = _split(word)
        if word == "-" or not word.startswith("-"):
            _set(options, _ARGUMENT.dest, word)
        elif name in _QUERY:
            _take(_QUERY[name], value, words, options)
        else:
            raise _Decline
    return options


def _take(param: Param, value: str | None, words: list[str], options: dict) -> None:
    """Read one occurrence of `param` (its value is `value`, from --long=VALUE, or the next words)."""
    if param.kind == "flag":
        if value is not None:
            raise _Decline
        given = True
    elif param.kind == "pair":
        if value is not None or len(words) < 2 or _looks_like_option(words[0], words[1]):
            raise _Decline
        given = (words.pop(0), words.pop(0))
    else:
        given = _convert(param, _value(value, words))
    if param.repeatable:
        options[param.dest] = (*options.get(param.dest, ()), given)
    else:
        _set(options, param.dest, given)


def _add_environment(options: dict) -> None:
    """Fill options not given from their environment variables, as click does (an empty one is unset)."""
    for param in (*GLOBAL_OPTIONS, *QUERY_OPTIONS):
        value = os.environ.get(param.envvar) if param.envvar else None
        if value and param.dest not in options:
            options[param.dest] = _flag(value) if param.kind == "flag" else _convert(param, value)


def _flag(value: str) -> bool:
    """A flag from its environment variable, as click's boolean type reads it (KG_NO_STORE=1)."""
    word = value.strip().lower()
    if word in ("1", "true", "t", "yes", "y", "on"):
        return True
    if word in ("0", "false", "f", "no", "n", "off"):
        return False
    raise _Decline


def _split(word: str) -> tuple[str, str | None]:
    if word.startswith("--") and "=" in word:
        name, value = word.split("=", 1)
        return name, value
    return word, None


def _value(value: str | None, words: list[str]) -> str:
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


def _convert(param: Param, value: str):
    """The value as click would convert it; _Decline where click might say no (it says it, not us)."""
    if param.type == "choice":
        if value not in param.choice_values():
            raise _Decline
        return value
    if param.type == "seconds":
        if not _SECONDS.fullmatch(value) or float(value) <= 0:
            raise _Decline
        return float(value)
    if param.type == "directory":
        return _directory(value)
    if param.type == "size":
        from kg.cli.memory import parse_size

        try:
            return parse_size(value)
        except ValueError:
            raise _Decline from None
    if param.type != "text":  # a type this path does not know yet: click converts it
        raise _Decline
    return value


def _directory(value: str) -> Path:
    """As click.Path(file_okay=False): a path that is not an existing file (click says so, not us)."""
    path = Path(value)
    if not value or path.is_file():
        raise _Decline
    return path


def _find_project(project_dir: Path | None):
    from kg.project import find_project

    return find_project(project_dir)
