"""Sort more lines than should sit in memory: sorted runs spilled to temporary files, then merged.

The exports write a million statements in a fixed order; sorting them all as Python objects at
once cost hundreds of megabytes (issue 17). Here at most `run_size` lines are held at a time;
each full run is sorted and written to a temporary file, and iteration merges the runs
(heapq.merge reads one line of each file at a time). Lines are str or bytes and keep their
trailing newline, so a run file is just the lines written out and read back.
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterable, Iterator

RUN_SIZE = 200_000  # lines per run: about 40 MB of records, measured for the 1M-triple export


class ExternalSort:
    """Collect lines with add/extend, then iterate them once in sorted order (duplicates kept)."""

    def __init__(self, *, binary: bool, run_size: int | None = None):
        self.binary = binary
        self.run_size = run_size or RUN_SIZE
        self.buffer: list = []
        self.runs: list = []

    def add(self, line) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= self.run_size:
            self._spill()

    def extend(self, lines: Iterable) -> None:
        """Lines in lists of a few MB: a run may pass run_size by one list."""
        self.buffer.extend(lines)
        if len(self.buffer) >= self.run_size:
            self._spill()

    def _spill(self) -> None:
        self.buffer.sort()
        run = tempfile.TemporaryFile("w+b") if self.binary else tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        run.writelines(self.buffer)
        run.seek(0)
        self.runs.append(run)
        self.buffer = []

    def __iter__(self) -> Iterator:
        self.buffer.sort()
        if not self.runs:
            return iter(self.buffer)
        return heapq.merge(*self.runs, self.buffer)

    def close(self) -> None:
        for run in self.runs:
            run.close()
        self.runs, self.buffer = [], []

    def __enter__(self) -> ExternalSort:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def distinct(lines: Iterable) -> Iterator:
    """Sorted lines without repeats (a statement stated in two graphs is one statement of their union)."""
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line
