"""Vector index over L2-normalised embeddings (inner product = cosine)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import IndexCorruptError

# Exact search up to this many vectors, HNSW past it: flat search costs ~16 ms at 100k and
# ~30 ms at 200k vectors on 2 cores (benchmarks/run.py), HNSW ~1–2 ms.
EXACT_LIMIT = 50_000


def build(vectors: np.ndarray, exact_limit: int = EXACT_LIMIT):
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    if len(vectors) <= exact_limit:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 96
    if len(vectors):
        index.add(vectors)
    return index


def save(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load(path: Path, expected: int):
    import faiss

    try:
        try:
            index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        except RuntimeError:
            index = faiss.read_index(str(path))
    except Exception as exc:  # noqa: BLE001 - faiss raises RuntimeError with C++ text
        raise IndexCorruptError(
            f"{path}: vektorindexet kan inte läsas (trasig eller avkortad fil) – kör osnqa ingest"
        ) from exc
    if index.ntotal != expected:
        raise IndexCorruptError(
            f"{path}: vektorindexet har {index.ntotal} vektorer men indexet {expected} stycken – kör osnqa ingest"
        )
    return index


def search(index, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    """(row, cosine) best first; `allowed` restricts to a set of rows (filters)."""
    if index.ntotal == 0:
        return []
    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    if allowed is not None:
        import faiss

        if len(allowed) == 0:
            return []
        sel = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        if isinstance(index, faiss.IndexHNSW):
            params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(96, k))
        else:
            params = faiss.SearchParameters(sel=sel)
        scores, ids = index.search(q, min(k, len(allowed)), params=params)
    else:
        scores, ids = index.search(q, min(k, index.ntotal))
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
