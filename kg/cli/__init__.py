"""The `kg` command line: parse options, call one service, render its result, map errors to exit codes.

Commands live in sibling modules and are imported only when used (a lazy group, kg.cli.group),
so `kg query` pays for pyoxigraph, never for rdflib, pyshacl or owlready2. This module itself
imports nothing heavy: the program's entry point (run) first offers the command line to the
click-free fast path of `kg query` (kg.cli.fast), and loads click only when that declines.
"""

from __future__ import annotations

import sys

# name -> "module:function", in the order `kg --help` lists them.
COMMANDS = {
    "build": "kg.cli.build:build_cmd",
    "stats": "kg.cli.build:stats_cmd",
    "query": "kg.cli.query:query_cmd",
    "queries": "kg.cli.query:queries_cmd",
    "show": "kg.cli.show:show_cmd",
    "serve": "kg.cli.serve:serve_cmd",
    "draft": "kg.cli.draft:draft_cmd",
    "validate": "kg.cli.validate:validate_cmd",
    "add": "kg.cli.validate:add_cmd",
    "check": "kg.cli.check:check_cmd",
    "fmt": "kg.cli.fmt:fmt_cmd",
    "export": "kg.cli.export:export_cmd",
    "push": "kg.cli.remote:push_cmd",
    "vocab": "kg.cli.vocab:vocab_cmd",
}

_IN_GROUP = ("main", "KgGroup", "KgContext")
_program = False  # set by run(): the process is kg's own and ends when the command does


def owns_process() -> bool:
    """True in the kg program, false when main() runs inside someone else's process (tests, scripts).

    A query that overruns its deadline may then be left running in a thread, which ends with the
    process a moment later, instead of being forked off to be killable: the fork would cost every
    `kg query` a millisecond or more (kg.query.isolated).
    """
    return _program


def __getattr__(name: str):
    """`from kg.cli import main` still works; click is imported only when it is asked for."""
    if name in _IN_GROUP:
        from kg.cli import group

        return getattr(group, name)
    raise AttributeError(f"module 'kg.cli' has no attribute {name!r}")


def run() -> None:
    """The `kg` program: the fast path of `kg query` when it takes the command line, else main().

    Importing click and its dispatch cost about 23 ms of an 84 ms cold `kg query` (bench/query_cold.py);
    the fast path (kg.cli.fast) takes only command lines it understands completely and gives the
    same output, messages and exit codes (tests/cli/test_query_fast.py compares the two); anything
    else, --help included, goes to click.

    Whatever a command leaves in memory goes with the process, so the objects are frozen out of
    the collections Python runs while it shuts down: 8 ms of a 100 ms `kg query`. Everything else
    still runs (buffers flushed, atexit handlers, files closed). Only the program does this:
    main() called in-process (tests, other Python code) leaves the collector alone.
    """
    import gc

    global _program
    _program = True
    try:
        from kg.cli.fast import run_fast_query

        code = run_fast_query(sys.argv[1:])
        if code is None:
            from kg.cli.group import main

            main(prog_name="kg")
        sys.exit(code)
    finally:
        from kg.cli import memory

        memory.stand_down()
        gc.freeze()
