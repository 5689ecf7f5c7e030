"""`osnqa check`: the whole index verified, not just sampled.

Every file against its full sha256, the SQLite database's own integrity check, the vector
files' shapes against the passage count, the passages against documents.json, and every
passage's text against the document it was read from (when that document is still where it
was ingested from, unchanged): extracted_text[start:end] == text.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .citecheck import CitationChecker
from .errors import IndexCorruptError
from .index import integrity
from .index.backend import Where, is_milvus
from .index.store import Index

NEXT = integrity.REPAIR


@dataclass
class CheckReport:
    generation: str
    files: int = 0
    passages: int = 0
    quotes_checked: int = 0
    unreadable: list[str] = field(default_factory=list)  # documents moved or changed since ingest

    def to_dict(self) -> dict[str, Any]:
        return {"ok": True, "generation": self.generation, "files": self.files, "passages": self.passages,
                "quotes_checked": self.quotes_checked, "documents_not_checked": self.unreadable}


def check_index(index_dir: Path) -> CheckReport:
    """Raises IndexCorruptError naming the first damaged file; else what was checked."""
    if is_milvus(index_dir):
        return _check_milvus(index_dir)
    index = Index(index_dir, full_check=True)
    report = CheckReport(index.dir.name, files=len(index.manifest["checksums"]) + 1)
    _check_database(index)
    _check_vectors(index)
    report.passages = _check_passages(index, report)
    return report


def _check_milvus(index_dir: Path) -> CheckReport:
    """A Milvus index: its collections' row counts against the manifest, the vectors' shapes,
    and every passage against its document (Milvus keeps its own files' checksums)."""
    from .index.milvus_store import MilvusIndex

    index = MilvusIndex(index_dir)
    report = CheckReport(index.generation, files=len(index.manifest["backend"]["collections"]))
    if index.count(Where()) != index.size:
        raise IndexCorruptError(f"{index.uri}: {index.p} har {index.count(Where())} textavsnitt men manifestet "
                                f"anger {index.size} – kör osnqa ingest --rebuild")
    _rows(index, index.p, index.embeddings(), index.size)
    _rows(index, index.x, index.title_matrix(), len(index.assignments))
    report.passages = _check_passages(index, report)
    return report


def _check_database(index: Index) -> None:
    path = index.dir / "index.sqlite"
    try:
        rows = index.db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise integrity.damaged(path, f"trasig databas ({exc})") from exc
    if rows != [("ok",)]:
        raise integrity.damaged(path, f"trasig databas ({rows[0][0]})")


def _rows(index: Index, name: str, arr: np.ndarray, expected: int) -> None:
    if arr.ndim != 2 or arr.shape[0] != expected:
        raise integrity.damaged(index.dir / name, f"{arr.shape[0]} rader, väntade {expected}")
    if not np.isfinite(np.asarray(arr, dtype=np.float32)).all():
        raise integrity.damaged(index.dir / name, "innehåller ogiltiga tal")


def _check_vectors(index: Index) -> None:
    _rows(index, "embeddings.npy", index.embeddings(), index.size)
    (sentences,) = index.db.execute("SELECT count(*) FROM sentences").fetchone()
    _rows(index, "sentences.npy", index.sentence_matrix(), sentences)
    _rows(index, "assignments.npy", index.title_matrix(), len(index.assignments))
    if index.vectors.ntotal != index.size:
        raise integrity.damaged(index.dir / "vectors.faiss", "fel antal vektorer")
    if len(index.title_keys()) != len(index.assignments):
        raise integrity.damaged(index.dir / "assignment_keys.json", "fel antal nycklar")


def _check_passages(index: Index, report: CheckReport) -> int:
    documents = {d.file: d for d in index.documents}
    counts: Counter[str] = Counter()
    checker = CitationChecker(index)
    path = index.dir / "index.sqlite"
    n = 0
    for passage in index.all_passages():
        n += 1
        counts[passage.source.file] += 1
        if passage.source.file not in documents:
            raise integrity.damaged(path, f"textavsnittet {passage.id} hör till {passage.source.file}, "
                                          "som inte finns i documents.json")
        checker.check(passage.text, passage.source, passage.id)
        if checker.result.broken:
            bad = checker.result.broken[0]
            raise IndexCorruptError(f"{path}: textavsnittet {bad['id']} stämmer inte med {bad['file']} "
                                    f"(tecken {bad['start']}–{bad['end']}) – {NEXT}")
    for name, doc in documents.items():
        if doc.passages is not None and counts[name] != doc.passages:
            raise integrity.damaged(index.dir / "documents.json",
                                    f"{name} anges ha {doc.passages} textavsnitt men indexet har {counts[name]}")
    report.quotes_checked = checker.result.checked
    report.unreadable = sorted(checker.result.unreadable)
    return n
