"""Checksums of a generation's files: recorded when it is written, checked when it is read.

Every file gets its size, its sha256, and a "sample" digest. Opening an index checks every
size (one stat per file) and every sample digest: a file up to SAMPLE_FULL bytes is hashed
whole, a larger one through its first and last 64 KiB and SAMPLE_BLOCKS blocks spread evenly
between them, so the cost at open is bounded (at most 4 MiB read per file, ~5 ms with
sha256 on this machine's CPU) whatever the index size. A truncated, extended, zeroed or overwritten file is always caught; a flipped byte
in the unsampled middle of a large file is caught by `osnqa check`, which hashes everything.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import IndexCorruptError
from ..ingest.extract import file_sha256 as sha256

SAMPLE_FULL = 4 << 20  # files up to 4 MiB are hashed whole at every open
SAMPLE_BLOCKS = 64
BLOCK = 4096
EDGE = 64 * 1024  # head and tail of a large file (headers, the last rows)

REPAIR = "kör osnqa ingest för att laga indexet"


def sample(path: Path, size: int | None = None) -> str:
    """A digest of the whole file when small, else of its head, tail and evenly spread blocks."""
    size = path.stat().st_size if size is None else size
    h = hashlib.sha256()  # the fastest hashlib digest where the CPU has SHA extensions
    with open(path, "rb") as fh:
        if size <= SAMPLE_FULL:
            h.update(fh.read())
            return "all:" + h.hexdigest()
        h.update(fh.read(EDGE))
        span = size - 2 * EDGE - BLOCK
        for k in range(SAMPLE_BLOCKS):
            fh.seek(EDGE + span * k // (SAMPLE_BLOCKS - 1))
            h.update(fh.read(BLOCK))
        fh.seek(size - EDGE)
        h.update(fh.read(EDGE))
    return h.hexdigest()


def record(directory: Path, skip: tuple[str, ...] = ("manifest.json",)) -> dict[str, dict]:
    """{file: {size, sha256, sample}} for every file of a generation being written."""
    out: dict[str, dict] = {}
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.name not in skip:
            size = path.stat().st_size
            out[path.name] = {"size": size, "sha256": sha256(path), "sample": sample(path, size)}
    return out


def damaged(path: Path, why: str) -> IndexCorruptError:
    return IndexCorruptError(f"{path}: {why} – {REPAIR}")


def check_quick(directory: Path, checksums: dict[str, dict]) -> None:
    """Sizes and sample digests of every recorded file (every open)."""
    for name, rec in checksums.items():
        path = directory / name
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            raise damaged(path, "filen saknas") from None
        if size != rec["size"]:
            raise damaged(path, f"filen är {size} byte men skrevs som {rec['size']} (avkortad eller ändrad)")
        try:
            digest = sample(path, size)
        except OSError as exc:
            raise damaged(path, f"kan inte läsas ({exc.strerror})") from exc
        if digest != rec["sample"]:
            raise damaged(path, "innehållet stämmer inte med kontrollsumman (skadad fil)")


def check_full(directory: Path, checksums: dict[str, dict]) -> None:
    """Sizes and the full sha256 of every recorded file (osnqa check, and before recovering from a generation)."""
    check_quick(directory, checksums)
    for name, rec in checksums.items():
        path = directory / name
        if sha256(path) != rec["sha256"]:
            raise damaged(path, "innehållet stämmer inte med kontrollsumman (skadad fil)")
