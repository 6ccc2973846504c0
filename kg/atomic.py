"""Writes that never leave a half-written file: temp file in the same folder, fsync, check, rename.

A failing export once left a half-written file over the user's original (DESIGN.md §5). Every
command that writes a file goes through `write_atomically`, which also refuses paths that escape
an allowed folder through `..` or a symbolic link.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from typing import BinaryIO
from contextlib import contextmanager
from pathlib import Path

from kg.errors import PolicyError


def write_atomically(
    path: Path,
    data: bytes | Callable[[BinaryIO], None],
    *,
    verify: Callable[[Path], None] | None = None,
    overwrite: bool = True,
) -> None:
    """Replace `path` with `data` in one rename. `verify(tmp_path)` may raise to abandon the write.

    `data` is the bytes, or a function that writes them to the open file (a streamed export).

    On any failure the original file is untouched and no temporary file is left behind.
    """
    path = Path(path)
    if not overwrite and path.exists():
        raise PolicyError(f"{path} exists; pass --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        if verify is not None:
            verify(tmp)
        os.replace(tmp, path)
        _fsync_dir(folder)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a failed write() names no file; the message must (kg.errors.os_failure)
        raise


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def ensure_inside(path: Path, root: Path, what: str = "output path") -> Path:
    """Refuse a path that leaves `root` through `..` or a symbolic link anywhere along the way."""
    resolved_root = root.resolve()
    candidate = (root / path) if not Path(path).is_absolute() else Path(path)
    resolved = candidate.resolve()
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise PolicyError(f"{what} {path} resolves outside {root}; refusing to write there")
    return resolved


@contextmanager
def exclusive_lock(path: Path, busy_message: str) -> Iterator[None]:
    """Hold a file lock for a write; a second writer is refused at once (PolicyError), never queued."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise PolicyError(busy_message) from None
    try:
        yield
    finally:
        lock.release()
