"""How an exception ends the program: one line on stderr and an exit code (DESIGN.md §4).

Shared by the click group and the fast path of `kg query`, so both say the same thing; click is
not imported here.
"""

from __future__ import annotations

import sys

from kg.errors import EXIT_LIMIT, KgError, os_failure

EXIT_INTERNAL = 70  # an unexpected error: a bug to report (BSD sysexits EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def report(exc: BaseException, debug: bool) -> int:
    """Say what went wrong in one line and give the exit code; with --debug, the traceback too.

    A KgError is the user's to fix; anything else is a bug, re-raised with --debug so its
    traceback shows.
    """
    if isinstance(exc, OSError) and os_failure(exc) is not None:  # read-only, full, forbidden: exit 3
        exc = os_failure(exc).with_traceback(exc.__traceback__)
    if isinstance(exc, KgError):
        if debug:
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        _say(f"kg: error: {exc}" + (f" ({exc.hint})" if exc.hint else ""))
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        _say("kg: interrupted")
        return EXIT_INTERRUPTED
    if debug:
        raise exc
    if isinstance(exc, RecursionError):
        _say("kg: error: input is nested too deeply to process safely")
        return EXIT_LIMIT
    _say(f"kg: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback, and please report it)")
    return EXIT_INTERNAL


def report_once(exc: BaseException) -> None:
    """Say the error's line unless one was said already (the memory watch: kg.cli.memory)."""
    if not _said:
        report(exc, False)


_said: list = []


def _say(line: str) -> None:
    _said.append(line)
    sys.stdout.flush()
    sys.stderr.write(one_line(line) + "\n")
    sys.stderr.flush()


# Control characters (C0, DEL, C1) as escapes: a message quotes bytes of hostile input, which must
# neither break the one-line contract nor reach the terminal as escape sequences.
_CONTROLS = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0))}


def one_line(message: str) -> str:
    """The message with every control character written as an escape (a newline as \\n)."""
    return message.translate(_CONTROLS)
