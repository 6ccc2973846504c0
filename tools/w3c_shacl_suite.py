"""Put the W3C SHACL test suites (core, SHACL-SPARQL) where the tests read them, from PyPI.

    python tools/w3c_shacl_suite.py          # into tests/data/w3c-shacl/suite (git-ignored)
    python tools/w3c_shacl_suite.py --check  # exit 1 if it is not there

The repository holds none of the suite's files: they come from the source distribution of
pyshacl on PyPI, which carries the W3C suite (data-shapes-test-suite/tests/core and /sparql) in
test/resources/sht_tests. The distribution is pinned by version and SHA-256, so every machine runs
the same 98 + 23 tests, and pip is the only network client (PyPI is reachable where the project
installs at all). The suite is written to a temporary folder and renamed into place, so an
interrupted run leaves the old suite or none, never half of one; a STAMP file records the pin, so a
second run with the same pin does nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "tests" / "data" / "w3c-shacl" / "suite"
PACKAGE, VERSION = "pyshacl", "0.40.1"
SHA256 = "011e3cf1a68b31747cb762ba3d755ae1bdcc464c8fad0dc212a9adc550719552"
INSIDE = f"{PACKAGE}-{VERSION}/test/resources/sht_tests/"
SUITES = ("core", "sparql")
STAMP = f"{PACKAGE}=={VERSION} sha256:{SHA256}\n"


def present() -> bool:
    stamp = TARGET / "STAMP"
    return stamp.is_file() and stamp.read_text() == STAMP and all((TARGET / s / "manifest.ttl").is_file() for s in SUITES)


def download(folder: Path) -> Path:
    """The pinned source distribution, checked against its hash."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                    "--dest", str(folder), f"{PACKAGE}=={VERSION}"], check=True)
    archive = next(folder.glob(f"{PACKAGE}-{VERSION}.tar.gz"))
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{archive.name}: SHA-256 {digest}, expected {SHA256}; not used")
    return archive


def extract(archive: Path, into: Path) -> None:
    """Only the suite's regular files, each checked to stay inside `into`."""
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.name.startswith(INSIDE) or not member.isfile():
                continue
            relative = Path(member.name[len(INSIDE):])
            if relative.parts[0] not in SUITES or ".." in relative.parts:
                continue
            destination = into / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)


def install() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=TARGET.parent, prefix=".suite-") as work:
        work = Path(work)
        staged = work / "suite"
        extract(download(work / "dist"), staged)
        missing = [s for s in SUITES if not (staged / s / "manifest.ttl").is_file()]
        if missing:
            raise SystemExit(f"{PACKAGE} {VERSION} holds no {', '.join(missing)} suite under {INSIDE}")
        (staged / "STAMP").write_text(STAMP)
        old = work / "old"
        if TARGET.exists():
            TARGET.rename(old)
        staged.rename(TARGET)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the suite is in place (exit 1 if not)")
    args = parser.parse_args()
    if present():
        print(f"W3C SHACL test suites in place: {TARGET.relative_to(REPO)} ({PACKAGE} {VERSION})")
        return 0
    if args.check:
        print(f"W3C SHACL test suites missing: run python {Path(__file__).relative_to(REPO)}", file=sys.stderr)
        return 1
    install()
    print(f"W3C SHACL test suites written to {TARGET.relative_to(REPO)} (from {PACKAGE} {VERSION} on PyPI)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
