"""The index backend interface: what everything above the index may ask of it.

Two backends implement it: the embedded store (store.py: SQLite FTS5 + faiss in the index
directory) and Milvus (milvus_store.py: milvus-lite in a file, or a Milvus server/cluster).
Which one an index directory holds is read from the directory itself (`milvus.json` names
a Milvus index), so `--index DIR` works the same for every command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import OsnqaError
from ..models import Assignment, DocumentInfo, Passage

BACKENDS = ("embedded", "milvus")
POINTER = "milvus.json"  # in an index directory: the Milvus URI and collection name of its index
FIELDS = ("year", "part", "uppdrag", "namnd", "paragraph", "document")


@dataclass(frozen=True)
class Where:
    """Conditions on passages, the same for every backend (empty: all passages)."""

    years: tuple[int, ...] = ()
    uppdrag: int | None = None
    part: str | None = None  # matched case aside
    namnd_in: tuple[str, ...] = ()
    paragraph: str | None = None
    file: str | None = None
    other_than_uppdrag: int | None = None  # passages of no uppdrag, or of another one

    def __bool__(self) -> bool:
        return bool(self.years or self.uppdrag is not None or self.part or self.namnd_in or self.paragraph
                    or self.file is not None or self.other_than_uppdrag is not None)

    def sql(self) -> tuple[str, tuple]:
        """For the embedded store: a WHERE clause over `passages p`."""
        clauses, params = [], []
        if self.file is not None:
            clauses.append("p.file = ?")
            params.append(self.file)
        if self.other_than_uppdrag is not None:
            clauses.append("(p.uppdrag IS NULL OR p.uppdrag != ?)")
            params.append(self.other_than_uppdrag)
        if self.years:
            clauses.append(f"p.year IN ({','.join('?' * len(self.years))})")
            params += self.years
        if self.uppdrag is not None:
            clauses.append("p.uppdrag = ?")
            params.append(self.uppdrag)
        if self.part:
            clauses.append("lower(p.part) = lower(?)")
            params.append(self.part)
        if self.namnd_in:
            clauses.append(f"json_extract(p.data, '$.source.namnd') IN ({','.join('?' * len(self.namnd_in))})")
            params += self.namnd_in
        if self.paragraph:
            clauses.append("json_extract(p.data, '$.source.paragraph') = ?")
            params.append(self.paragraph)
        return " AND ".join(clauses), tuple(params)


class IndexMetadata:
    """What every backend reads alike from an index's manifest and its metadata records
    (documents, assignments, lineage); a backend says only where a record is kept."""

    manifest: dict[str, Any]

    def _metadata(self, name: str) -> Any:
        raise NotImplementedError

    @property
    def size(self) -> int:
        return int(self.manifest.get("passages", 0))

    @property
    def model(self) -> str:
        return self.manifest["model"]["name"]

    @cached_property
    def documents(self) -> list[DocumentInfo]:
        return [DocumentInfo.from_dict(d) for d in self._metadata("documents")]

    @cached_property
    def assignments(self) -> list[Assignment]:
        return [Assignment.from_dict(a) for a in self._metadata("assignments")]

    @cached_property
    def lineage(self) -> dict[str, Any]:
        return self._metadata("lineage")

    @cached_property
    def years(self) -> list[int]:
        return sorted({d.year for d in self.documents if d.year is not None})


class IndexBackend(Protocol):
    """The read side of one complete index generation."""

    root: Path  # the index directory
    manifest: dict[str, Any]

    @property
    def size(self) -> int: ...
    @property
    def model(self) -> str: ...
    @property
    def documents(self) -> list[DocumentInfo]: ...
    @property
    def assignments(self) -> list[Assignment]: ...
    @property
    def lineage(self) -> dict[str, Any]: ...
    @property
    def years(self) -> list[int]: ...

    def passage(self, idx: int) -> Passage: ...
    def passages(self, idxs: list[int]) -> list[Passage]: ...
    def all_passages(self) -> list[Passage]: ...
    def texts(self, file: str) -> list: ...

    def lexical_search(self, query: str, k: int, where: Where) -> list[tuple[int, float]]: ...
    def dense_search(self, vector: np.ndarray, k: int, where: Where) -> list[tuple[int, float]]: ...
    def rows(self, where: Where) -> np.ndarray: ...
    def count(self, where: Where) -> int: ...
    def distinct(self, field: str, where: Where = Where()) -> list: ...
    def paragraph_places(self, paragraph: str) -> list[tuple[str, str | None, int | None]]: ...
    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]: ...

    def embeddings(self) -> np.ndarray: ...
    def embed_keys(self) -> list[tuple[int, str]]: ...
    def sentence_vectors(self, passage_idx: int) -> np.ndarray: ...
    def title_keys(self) -> list[tuple[int, str]]: ...
    def title_matrix(self) -> np.ndarray: ...
    def close(self) -> None: ...


def chosen(backend: str | None, index_dir: Path) -> str:
    """The backend an ingest writes: the flag, else OSNQA_BACKEND, else what the directory holds."""
    name = (backend or os.environ.get("OSNQA_BACKEND") or "").strip().lower()
    if not name:
        return "milvus" if (index_dir / POINTER).exists() else "embedded"
    if name not in BACKENDS:
        raise OsnqaError(f"okänd indexmotor '{name}' – välj bland {', '.join(BACKENDS)} (--backend eller OSNQA_BACKEND)")
    return name


def is_milvus(index_dir: Path) -> bool:
    return (index_dir / POINTER).exists()


def open_index(index_dir: Path) -> IndexBackend:
    """The current index in a directory, whichever backend holds it."""
    if is_milvus(index_dir):
        from .milvus_store import MilvusIndex

        return MilvusIndex(index_dir)
    from .store import Index

    return Index(index_dir)
