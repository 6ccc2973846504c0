"""One error tree for the whole tool; each class carries the exit code the CLI returns for it.

Services raise these and never print; `kg.cli` turns them into one line on stderr and an exit
code, in one place. The codes are the contract documented in the README:

    0 success / conforms        3 input could not be read or parsed
    1 violations found          4 refused by policy (network, update, unsafe input)
    2 usage error               5 resource limit or timeout
                                6 remote endpoint error
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_POLICY = 4
EXIT_LIMIT = 5
EXIT_REMOTE = 6


class KgError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = EXIT_VIOLATIONS

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ViolationsFound(KgError):
    """The input was read, but it breaks a rule (SHACL, OWL consistency, hygiene)."""

    exit_code = EXIT_VIOLATIONS


class UsageError(KgError):
    """The command line or a query is malformed: a bad option value, an unknown name, a SPARQL syntax error."""

    exit_code = EXIT_USAGE


class InputError(KgError):
    """A file could not be read or parsed. Carries the location so the message can point at it."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ):
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = location(self.path, self.line, self.column)
        return f"{where}: {self.message}" if where else self.message


class NotFound(InputError):
    """A name, entity, query or graph the user asked for does not exist."""


class PolicyError(KgError):
    """Refused on purpose: network access, SPARQL update, unsafe input, overwriting a file."""

    exit_code = EXIT_POLICY


class LimitError(KgError):
    """A resource limit was hit: file size, literal length, nesting depth, query time, result size."""

    exit_code = EXIT_LIMIT


class RemoteError(KgError):
    """A remote SPARQL endpoint refused, failed or could not be reached."""

    exit_code = EXIT_REMOTE

    def __init__(self, message: str, *, hint: str | None = None, status: int | None = None):
        super().__init__(message, hint=hint)
        self.status = status  # the HTTP status the server answered with, when it answered


def location(path: str | None, line: int | None = None, column: int | None = None) -> str:
    """The `file:line:column` prefix compilers use, with whatever parts are known."""
    parts = [str(path)] if path else []
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


# What the user can do about an operating-system failure, by errno name. Every OSError that
# reaches the CLI is said through `os_failure`, so read-only, full and forbidden places are exit 3
# with the path and the fix, never an internal error.
_OS_FIXES = {
    "EROFS": ("read-only file system", "work on a writable copy of the project, or remount it read-write"),
    "ENOSPC": ("no space left on the device", "free some space and run it again; no file was changed"),
    "EDQUOT": ("disk quota exceeded", "free some space and run it again; no file was changed"),
    "EACCES": ("permission denied", "give the user running kg write access, or work on a copy"),
    "EPERM": ("operation not permitted", "give the user running kg write access, or work on a copy"),
    "EMFILE": ("too many open files", "raise the limit (ulimit -n) and run it again"),
    "ENAMETOOLONG": ("file name too long", "use a shorter path"),
}


def os_failure(exc: OSError, path: str | None = None) -> KgError | None:
    """The InputError (exit 3) a user-fixable OSError is, or None for one that is a bug."""
    name = _errno_name(exc)
    if name is None:
        return None
    what, fix = _OS_FIXES[name]
    where = path or exc.filename
    return InputError(what, path=None if where is None else str(where), hint=fix)


def _errno_name(exc: OSError) -> str | None:
    """The errno name of `exc`; for one without errno (pyoxigraph's RocksDB says "IO error: No space
    left on device" in its text), the name whose strerror the text holds."""
    import errno
    import os

    name = errno.errorcode.get(exc.errno or 0)
    if name in _OS_FIXES:
        return name
    if exc.errno is None:
        text = " ".join(str(arg) for arg in exc.args)  # str(exc) loses the text once a filename is set
        return next((n for n in _OS_FIXES if os.strerror(getattr(errno, n, 0)) in text), None)
    return None
