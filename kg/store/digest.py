"""The SHA-256 of a file, read in blocks: what a store's manifest and data/inferred.ttl's stamp record."""

from __future__ import annotations

from pathlib import Path


def file_digest(path: Path) -> str:
    import hashlib  # here, not at the top: reading commands without --store never hash

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
