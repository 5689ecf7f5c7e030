"""Ingest: read documents, reuse what has not changed, embed what is new, write atomically."""

from __future__ import annotations

import fcntl
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import config
from .errors import (ExtractionError, IndexCorruptError, IndexMissingError, IndexReadOnlyError, IndexVersionError,
                     ModelMismatchError, OsnqaError)
from .index import backend as backends, store
from .index.embed import embed_key, embed_with_sentences, identity, load_embedder, passage_input
from .ingest import INGEST_VERSION
from .ingest.extract import Extracted, file_sha256
from .ingest.ocr import OCR_DIR, OcrOptions, prune_cache
from .ingest.reader import read_document
from .lineage import build_lineage
from .models import Assignment, DocumentInfo, Passage, Skipped

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class IngestReport:
    documents: list[DocumentInfo] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_old: list[str] = field(default_factory=list)  # unreadable now, previous version kept
    embedded: int = 0
    reused: int = 0
    ocr_read: int = 0  # scanned pages tesseract read in this run
    ocr_reused: int = 0  # scanned pages whose OCR text came from the cache (file unchanged)
    written: bool = False
    recovered: str | None = None  # how a damaged current generation was replaced, in Swedish
    warning: str | None = None  # a stale index used as it is (it could not be refreshed)

    @property
    def ok(self) -> bool:
        return bool(self.documents)


def _collect(paths: list[Path]) -> tuple[list[tuple[Path, str, str]], list[Skipped]]:
    """(path, name, root) for every file under the given paths."""
    found: list[tuple[Path, str, str]] = []
    missing: list[Skipped] = []
    for p in paths:
        if p.is_dir():
            root = str(p.resolve())
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    found.append((f, f.relative_to(p).as_posix(), root))
        elif p.is_file():
            found.append((p, p.name, str(p.resolve())))
        else:
            missing.append(Skipped(str(p), "sökvägen finns inte – kontrollera stavningen"))
    return found, missing


def _lock_file(index_dir: Path):
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        return open(index_dir / ".lock", "w")
    except OSError as exc:
        raise IndexReadOnlyError(
            f"{index_dir}/: kan inte skrivas ({exc.strerror}) – kör osnqa ingest som en användare med "
            "skrivrätt, eller ange en annan katalog med --index"
        ) from exc


def ingest(paths: list[Path], index_dir: Path, model: str | None = None, rebuild: bool = False,
           progress: Progress | None = None, ocr: bool = True, backend: str | None = None,
           milvus_uri: str | None = None) -> IngestReport:
    """Read the files under `paths` into the index at `index_dir`. Scanned PDF pages are read
    by OCR (tesseract, when installed) unless `ocr` is false. `backend` ("embedded" or
    "milvus"; else OSNQA_BACKEND, else what the directory holds) chooses where the index is
    kept; `milvus_uri` (else OSNQA_MILVUS_URI, else the directory's earlier choice, else
    index_dir/milvus.db) is a milvus-lite file or a Milvus server."""
    target = Target(backends.chosen(backend, index_dir), milvus_uri)
    if target.kind == "milvus":
        from .index import milvus_store

        milvus_store._milvus()  # without the extra: one line naming how to install it, before any work
        if target.uri is None and backends.is_milvus(index_dir):
            try:
                target.uri = milvus_store.read_pointer(index_dir)["uri"]
            except (IndexMissingError, IndexCorruptError):
                pass
    with _lock_file(index_dir) as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise OsnqaError(f"{index_dir}/: en annan ingest pågår – vänta tills den är klar") from exc
        return _ingest(paths, index_dir, model, rebuild, progress, ocr, target)


@dataclass
class Target:
    """Where an ingest writes: the backend, and for Milvus its URI (None: the default)."""

    kind: str = "embedded"
    uri: str | None = None


def _ocr_options(index_dir: Path, enabled: bool, progress: Progress | None) -> OcrOptions:
    """OCR settings for one ingest; progress counts scanned pages over all documents."""
    options = OcrOptions(enabled=enabled, cache_dir=index_dir / OCR_DIR)
    if progress is None:
        return options
    seen = {"done": 0, "total": 0, "doc": 0}

    def update(done: int, total: int) -> None:
        if done == 0:  # a new document starts
            seen["done"] += seen["doc"]
            seen["total"] += total
            seen["doc"] = 0
        seen["doc"] = done
        progress("OCR av skannade sidor", seen["done"] + done, seen["total"])

    options.progress = update
    return options


def _ingest(paths, index_dir, model, rebuild, progress, ocr=True, target: Target | None = None) -> IngestReport:
    target = target or Target()
    report = IngestReport()
    ocr_options = _ocr_options(index_dir, ocr, progress)
    if target.kind == "milvus":
        old, report.recovered = (None, None) if rebuild else _open_old_milvus(index_dir)
    else:
        old, report.recovered = (None, None) if rebuild else _open_old(index_dir)
    # even a rebuild reuses embeddings it can trust: same model, same text, same vector (also
    # from the other backend's index in the same directory, when the backend changes)
    reusable = old if old is not None else _open_quietly(index_dir)
    model = config.model_name(model) if (model or old is None) else old.model
    model_id, weights_sha = identity(model)
    if old is not None and old.manifest["model"]["id"] != model_id:
        raise ModelMismatchError(
            f"indexet i {index_dir}/ byggdes med modellen '{old.model}', inte '{model}' – "
            "vektorer från två modeller blandas inte; kör osnqa ingest --rebuild"
        )

    files, report.skipped = _collect(paths)
    same_version = old is not None and old.manifest.get("ingest_version") == INGEST_VERSION
    old_docs = {d.file: d for d in old.documents} if old else {}
    old_roots = old.manifest.get("roots", {}) if old else {}
    given_roots = {str(p.resolve()) for p in paths if p.is_dir()}
    old_passages: dict[str, list[Passage]] = {}
    if old:
        for p in old.all_passages():
            old_passages.setdefault(p.source.file, []).append(p)
    old_assign: dict[str, list[Assignment]] = {}
    if old:
        for a in old.assignments:
            old_assign.setdefault(a.source.file, []).append(a)

    docs: dict[str, DocumentInfo] = {}
    texts: dict[str, list[store.UnitText]] = {}
    passages: dict[str, list[Passage]] = {}
    assigns: dict[str, list[Assignment]] = {}
    roots: dict[str, str] = {}
    seen: set[str] = set()
    for n, (path, name, root) in enumerate(files, start=1):
        if progress:
            progress("läser", n, len(files))
        seen.add(name)
        prev = old_docs.get(name)
        try:
            digest = file_sha256(path)
        except OSError:
            digest = None
        if prev is not None and digest == prev.sha256 and same_version:
            docs[name], passages[name], assigns[name] = prev, old_passages.get(name, []), old_assign.get(name, [])
            texts[name] = _old_texts(old, name)
            roots[name] = root
            report.unchanged.append(name)
            continue
        try:
            result = read_document(path, name, ocr_options)
        except ExtractionError as exc:
            reason = exc.reason
            if prev is not None:
                docs[name], passages[name], assigns[name] = prev, old_passages.get(name, []), old_assign.get(name, [])
                texts[name] = _old_texts(old, name)
                roots[name] = old_roots.get(name, root)
                report.kept_old.append(name)
                reason += " (tidigare indexerad version behålls)"
            report.skipped.append(Skipped(name, reason))
            continue
        docs[name], passages[name], assigns[name] = result.document, result.passages, result.assignments
        texts[name] = _unit_texts(result.extracted)
        report.ocr_read += result.extracted.ocr_read
        report.ocr_reused += len(result.extracted.ocr_pages) - result.extracted.ocr_read
        roots[name] = root
        (report.updated if prev is not None else report.added).append(name)

    # keep what this run did not cover; drop what vanished from a directory that was given
    for name, doc in old_docs.items():
        if name in seen:
            continue
        if old_roots.get(name) in given_roots:
            report.removed.append(name)
            continue
        docs[name], passages[name], assigns[name] = doc, old_passages.get(name, []), old_assign.get(name, [])
        texts[name] = _old_texts(old, name)
        roots[name] = old_roots.get(name, "")

    report.documents = [docs[k] for k in sorted(docs)]
    skipped = [s.to_dict() for s in report.skipped]
    changed = (report.added or report.updated or report.removed or old is None or not same_version
               or skipped != (old.manifest.get("skipped") if old else None))
    if not report.documents:
        return report
    if not changed and not report.recovered:
        return report

    ordered = [p for name in sorted(docs) for p in passages[name]]
    ordered_assign = [a for name in sorted(docs) for a in assigns[name]]
    items = [passage_input(p) for p in ordered]
    keys = [embed_key(model_id, text) for text, _ in items]
    cached_pairs = _fitting(_cached_pairs(reusable, set(keys)), keys, items)
    vectors, sentence_vectors, sentence_passage, report.embedded = _embed_passages(
        keys, items, cached_pairs, model, progress)
    report.reused = len(keys) - report.embedded
    sentence_keys = [keys[i] for i in sentence_passage]
    cached: dict[str, np.ndarray] = {}
    title_keys = [embed_key(model_id, "title\x00" + a.title) for a in ordered_assign]
    cached.update(_cached_vectors(reusable, set(title_keys)))
    title_vectors, _ = _embed(title_keys, [a.title for a in ordered_assign], cached, model, "bäddar in uppdrag", progress)
    lineage = build_lineage(ordered_assign, title_vectors)
    manifest = {
        "model": {"name": model, "id": model_id, "weights_sha256": weights_sha, "dimensions": int(vectors.shape[1])},
        "files": {d.file: d.sha256 for d in report.documents},
        "roots": roots,
        "stats": {name: _stat(path) for path, name, _root in files if name in docs},
        "documents": len(report.documents),
        "skipped": skipped,
        "ingest_version": INGEST_VERSION,
    }
    keep = (old or reusable).dir.name if (old or reusable) is not None else None  # a good generation to fall back on
    new = store.NewIndex(manifest, report.documents, ordered, keys, vectors, ordered_assign, lineage,
                         sentence_passage, sentence_keys, sentence_vectors, title_keys, title_vectors,
                         texts=[t for name in sorted(docs) for t in texts[name]])
    if target.kind == "milvus":
        from .index import milvus_store

        milvus_store.write(index_dir, new, target.uri, keep=keep)
    else:
        store.write(index_dir, new, keep=keep)
        (index_dir / backends.POINTER).unlink(missing_ok=True)  # the directory's index is the embedded one again
    report.written = True
    prune_cache(index_dir / OCR_DIR, {d.sha256 for d in report.documents})
    return report


def _unit_texts(doc: Extracted) -> list[store.UnitText]:
    scanned = set(doc.ocr_pages)
    if doc.kind != "pdf":
        return [store.UnitText(doc.file, i, None, False, u) for i, u in enumerate(doc.units)]
    return [store.UnitText(doc.file, i, i + 1, i + 1 in scanned, u) for i, u in enumerate(doc.units)]


def _old_texts(old, name: str) -> list[store.UnitText]:
    """The texts the previous index holds for a document it keeps ([] from an index without them)."""
    try:
        return old.texts(name)
    except (IndexCorruptError, sqlite3.DatabaseError):
        return []


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def is_stale(index_dir: Path, corpus: Path) -> bool:
    """True when the index is missing or the corpus directory has changed since it was built."""
    try:
        index = store.open_index(index_dir)
    except IndexMissingError:
        return True
    if index.manifest.get("ingest_version") != INGEST_VERSION:
        return True
    root = str(corpus.resolve())
    indexed = {n: st for n, st in index.manifest.get("stats", {}).items()
               if index.manifest.get("roots", {}).get(n) == root}
    files, _ = _collect([corpus])
    skipped = {s["file"] for s in index.manifest.get("skipped", [])}
    current = {name: _stat(path) for path, name, _ in files if name not in skipped}
    return current != indexed


def ensure_index(index_dir: Path, corpus: Path, progress: Progress | None = None) -> IngestReport | None:
    """Build or refresh the index from `corpus` when it is missing, stale or damaged; None
    when current. Where the index cannot be written, a stale but intact index is used as it
    is (the report says so in `warning`); a missing or damaged one is an error."""
    if not corpus.is_dir():
        return None
    try:
        if not is_stale(index_dir, corpus):
            return None
    except IndexCorruptError:
        pass  # built by another version, or damaged: ingest builds anew or recovers
    try:
        return ingest([corpus], index_dir, progress=progress)
    except IndexReadOnlyError:
        store.open_index(index_dir)  # missing or damaged: that error is the one to give
        return IngestReport(warning=f"indexet i {index_dir}/ är äldre än {corpus}/ men kan inte uppdateras "
                                    "(ingen skrivrätt) – svaren bygger på det befintliga indexet")


def _open_quietly(index_dir: Path):
    """The existing index for embedding reuse only, whatever its schema or backend; None if unusable."""
    if backends.is_milvus(index_dir):
        from .index.milvus_store import MilvusIndex

        try:
            return MilvusIndex(index_dir, check_schema=False)
        except (OsnqaError, KeyError):
            pass
    try:
        return store.Index(index_dir, check_schema=False)
    except (IndexMissingError, IndexCorruptError):
        return None


def _open_old_milvus(index_dir: Path):
    """(the Milvus index to update or None, how a damaged one was replaced or None)."""
    if not backends.is_milvus(index_dir):
        return None, None
    from .index.milvus_store import MilvusIndex

    try:
        return MilvusIndex(index_dir), None
    except (IndexMissingError, IndexVersionError):
        return None, None
    except IndexCorruptError as exc:
        damage = str(exc).split(" – ")[0]
        return None, f"det aktuella indexet är skadat ({damage}); byggde om från dokumenten"


def _open_old(index_dir: Path):
    """(the index to update, how a damaged one was recovered from or None)."""
    try:
        return store.Index(index_dir), None
    except (IndexMissingError, IndexVersionError):
        return None, None  # nothing to keep, or laid out by another version: build anew
    except IndexCorruptError as exc:
        damage = str(exc).split(" – ")[0]
    current = _current_name(index_dir)
    for name in store.generations(index_dir):
        if name == current:
            continue
        try:
            good = store.Index(index_dir, generation=name, full_check=True)
        except (IndexCorruptError, IndexMissingError):
            continue
        return good, (f"det aktuella indexet är skadat ({damage}); byggde om utifrån den senaste "
                      f"hela generationen {name} och dokumenten")
    return None, f"det aktuella indexet är skadat ({damage}); byggde om från dokumenten"


def _current_name(index_dir: Path) -> str | None:
    import json

    try:
        return json.loads((index_dir / store.CURRENT).read_text(encoding="utf-8")).get("generation")
    except (OSError, ValueError, AttributeError):
        return None


def _fitting(cached: dict[str, tuple[np.ndarray, np.ndarray]], keys: list[str],
             items: list[tuple[str, list[tuple[int, int]]]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The cached vectors whose sentence vectors fit the passage's sentences as they are split
    now: the same text split into other sentences (a changed splitter) is embedded anew, or
    its sentences would be scored against another sentence's vector."""
    count = {key: len(spans) for key, (_, spans) in zip(keys, items)}
    return {key: pair for key, pair in cached.items() if len(pair[1]) == count.get(key, -1)}


def _cached_pairs(old, wanted: set[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(passage vector, sentence vectors) the old index holds for these passage keys."""
    cached: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if old is None:
        return cached
    try:
        matrix = old.embeddings()
        every = old.all_sentence_vectors() if hasattr(old, "all_sentence_vectors") else None
        dim = matrix.shape[1] if matrix.ndim == 2 else 0
        for idx, key in old.embed_keys():
            if key in wanted and key not in cached:
                sentences = (every.get(idx, np.zeros((0, dim), np.float32)) if every is not None
                             else old.sentence_vectors(idx))
                cached[key] = (np.asarray(matrix[idx], dtype=np.float32), sentences)
    except (IndexCorruptError, sqlite3.DatabaseError):
        return {}  # an older or damaged index: embed anew
    return cached


MODEL_STAGE = "förbereder språkmodellen"  # shown while the model loads (the first time: about a minute)


def _load(model: str, progress):
    """The passage embedder, with a status line while it is prepared."""
    if progress:
        progress(MODEL_STAGE, 0, 1)
    embedder = load_embedder(model, "passages")
    if progress:
        progress(MODEL_STAGE, 1, 1)
    return embedder


def _embed_passages(keys, items, cached, model: str, progress):
    """Passage and sentence vectors for every passage, embedding only what is not cached.
    Returns (passage matrix, sentence matrix, passage index of each sentence, embedded count)."""
    todo = [i for i, k in enumerate(keys) if k not in cached]
    fresh: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if todo:
        embedder = _load(model, progress)
        order = sorted(todo, key=lambda i: len(items[i][0]))  # similar lengths pad little
        batch = 16
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            for i, pair in zip(chunk, embed_with_sentences(embedder, [items[i] for i in chunk])):
                fresh[keys[i]] = pair
            if progress:
                progress("bäddar in", min(start + batch, len(order)), len(order))
    pairs = [fresh.get(k) or cached[k] for k in keys]
    dim = pairs[0][0].shape[0] if pairs else load_embedder(model, "passages").dim
    vectors = np.stack([p for p, _ in pairs]).astype(np.float32) if pairs else np.zeros((0, dim), np.float32)
    sentence_passage = [i for i, (_, s) in enumerate(pairs) for _ in range(len(s))]
    blocks = [s for _, s in pairs if len(s)]
    sentences = np.concatenate(blocks).astype(np.float32) if blocks else np.zeros((0, dim), np.float32)
    return vectors, sentences, sentence_passage, len(todo)


def _cached_vectors(old, wanted: set[str]) -> dict[str, np.ndarray]:
    """Title vectors the old index already holds for these keys."""
    cached: dict[str, np.ndarray] = {}
    if old is None:
        return cached
    try:
        matrix = old.title_matrix()
        for idx, key in old.title_keys():
            if key in wanted:
                cached[key] = np.asarray(matrix[idx], dtype=np.float32)
    except (IndexCorruptError, sqlite3.DatabaseError):
        return {}  # an older or damaged index: embed what cannot be trusted
    return cached


def _embed(keys: list[str], texts: list[str], cached: dict[str, np.ndarray], model: str, stage: str,
           progress) -> tuple[np.ndarray, int]:
    """Vectors for all keys, embedding only those not cached. Returns (matrix, how many embedded)."""
    todo = list(dict.fromkeys(i for i, k in enumerate(keys) if k not in cached))
    fresh: dict[str, np.ndarray] = {}
    dim = None
    if todo:
        embedder = _load(model, progress)
        dim = embedder.dim
        batch = 32
        order = sorted(todo, key=lambda i: len(texts[i]))  # similar lengths pad little
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            for i, v in zip(chunk, embedder.embed_passages([texts[i] for i in chunk])):
                fresh[keys[i]] = v
            if progress:
                progress(stage, min(start + batch, len(order)), len(order))
    if dim is None:
        dim = next(iter(cached.values())).shape[0] if cached else load_embedder(model, "passages").dim
    out = np.zeros((len(keys), dim), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = fresh[k] if k in fresh else cached[k]
    return out, len(todo)
