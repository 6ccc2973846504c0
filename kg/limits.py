"""Bounds on what one input may cost. Each came from an experiment where an unbounded input
hung the tool or exhausted memory; every command reads them from here.

Each limit can be changed with an environment variable (KG_MAX_FILE_BYTES and so on), so a user
with a big graph can raise it without a code change; the CLI also takes --timeout per query. Only
the command line reads them (Limits.from_env); library functions take a Limits, default Limits().
The memory budget is the command line's too (--memory SIZE or KG_MAX_MEMORY, read by kg.cli.memory,
which parses sizes); see kg.memory for how it is kept.
"""

from __future__ import annotations

import os
from kg.errors import UsageError
from kg.records import record


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"environment variable {name} must be a whole number, not {raw!r}") from None
    if value <= 0:
        raise UsageError(f"environment variable {name} must be positive, not {value}")
    return value


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"environment variable {name} must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise UsageError(f"environment variable {name} must be positive, not {value}")
    return value


def default_memory() -> int:
    """4 GiB, or half the machine's memory where that is less.

    4 GiB is more than twice the most any command took on a 1M-triple graph (1.8 GB, kg export
    to Turtle; docs/PERFORMANCE.md), so no real work meets it, while a runaway query is stopped
    long before the machine swaps; half the memory keeps that true on a small machine.
    """
    budget = 4 * 1024**3
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows), or no such name
        return budget
    return min(budget, physical // 2) if physical > 0 else budget


@record
class Limits:
    max_file_bytes: int = 2 * 1024**3  # 2 GiB: a 1M-triple Turtle file is about 100 MB
    max_literal_chars: int = 1_000_000  # longer than any article sentence by four orders
    max_nesting_depth: int = 64  # nested blank nodes / collections in one statement
    query_timeout: float = 30.0  # seconds
    max_table_rows: int = 100_000  # table output is for eyes; csv/tsv/json stream any size
    endpoint_timeout: float = 60.0  # seconds a remote endpoint may take to connect, and per read
    reasoner_timeout: float = 300.0  # seconds one HermiT run may take (about 3 s on the shipped graph)
    max_memory: int = default_memory()  # bytes: what a query run apart may add to its process (kg.memory)

    @classmethod
    def from_env(cls) -> "Limits":
        d = cls()
        return cls(
            max_file_bytes=_env_int("KG_MAX_FILE_BYTES", d.max_file_bytes),
            max_literal_chars=_env_int("KG_MAX_LITERAL_CHARS", d.max_literal_chars),
            max_nesting_depth=_env_int("KG_MAX_NESTING_DEPTH", d.max_nesting_depth),
            query_timeout=_env_float("KG_QUERY_TIMEOUT", d.query_timeout),
            max_table_rows=_env_int("KG_MAX_TABLE_ROWS", d.max_table_rows),
            endpoint_timeout=_env_float("KG_ENDPOINT_TIMEOUT", d.endpoint_timeout),
            reasoner_timeout=_env_float("KG_REASONER_TIMEOUT", d.reasoner_timeout),
        )

    def with_timeout(self, seconds: float | None) -> "Limits":
        return self if seconds is None else self._replace(query_timeout=seconds)
