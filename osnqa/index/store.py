"""The on-disk index: a directory of inspectable files, replaced atomically.

    index/
      CURRENT                 {"generation": "gen-…"}: the one complete generation
      gen-…/manifest.json     schema, osnqa version, model id and weights sha256, dims, files
      gen-…/documents.json    documents with parts, warnings
      gen-…/assignments.json  uppdrag per year, with lineage ids
      gen-…/index.sqlite      passages (JSON per row), the FTS5 lexical index, and in `texts`
                              each document's extracted text (per PDF page, OCR text included)
                              that passage offsets index
      gen-…/embeddings.npy    float32 vectors, row i = passage idx i
      gen-…/vectors.faiss     faiss index over the same rows
      gen-…/sentences.npy     float16 vectors of every passage's sentences (for answers)
      gen-…/assignments.npy   title vectors of the assignments (lineage, trace)

A new generation is written beside the old one and only then named in CURRENT (an atomic
rename), so an ingest killed at any moment leaves the previous index usable. The generation
that was current before stays beside it (one, no more) for `osnqa ingest` to recover from
when the current one is damaged.

The manifest records every file's size and checksums (integrity.py) and CURRENT the sha256
of the manifest; opening a generation checks them, so an answer never comes from a damaged file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..errors import IndexCorruptError, IndexMissingError, IndexVersionError
from ..models import Assignment, DocumentInfo, Passage
from . import integrity, lexical, vector
from .backend import IndexMetadata, Where

SCHEMA_VERSION = 4  # 4: checksums in the manifest, the manifest's sha256 in CURRENT
CURRENT = "CURRENT"


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


@dataclass
class NewIndex:
    """Everything one generation holds, ready to be written."""

    manifest: dict[str, Any]
    documents: list[DocumentInfo]
    passages: list[Passage]
    embed_keys: list[str]
    vectors: np.ndarray
    assignments: list[Assignment]
    lineage: dict[str, Any] = field(default_factory=dict)
    sentence_passage: list[int] = field(default_factory=list)  # passage idx of each sentence
    sentence_keys: list[str] = field(default_factory=list)
    sentence_vectors: np.ndarray | None = None
    title_keys: list[str] = field(default_factory=list)  # one per assignment, same order
    title_vectors: np.ndarray | None = None
    texts: list[UnitText] = field(default_factory=list)


@dataclass(frozen=True)
class UnitText:
    """One extracted text of a document as indexed: a PDF page, or a text file's whole text."""

    file: str
    unit: int  # 0-based; start/end of a passage on this unit index `text`
    page: int | None  # 1-based PDF page, None for a text file
    ocr: bool
    text: str


def write(index_dir: Path, new: NewIndex, keep: str | None = None) -> Path:
    """Write a complete generation and make it current; `keep` names an earlier generation
    (known to be good) to leave beside it. Returns its directory."""
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.time_ns()}"
    tmp = index_dir / f".tmp-{name}"
    tmp.mkdir()
    try:
        _write_generation(tmp, new)
        for child in tmp.iterdir():
            _fsync_file(child)
        final = index_dir / name
        os.rename(tmp, final)
        _fsync_dir(index_dir)
        pointer = index_dir / f".{CURRENT}.tmp"
        _write_json(pointer, _sealed({"generation": name, "schema": SCHEMA_VERSION,
                                      "manifest_sha256": integrity.sha256(final / "manifest.json")}))
        _fsync_file(pointer)
        os.replace(pointer, index_dir / CURRENT)
        _fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _clean_old(index_dir, keep={name, keep})
    return final


def _seal(fields: dict[str, Any]) -> str:
    import hashlib

    body = {k: v for k, v in fields.items() if k != "sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _sealed(fields: dict[str, Any]) -> dict[str, Any]:
    """CURRENT carries a checksum of itself: a damaged pointer is told from a damaged manifest."""
    return dict(fields, sha256=_seal(fields))


def _clean_old(index_dir: Path, keep: set[str | None]) -> None:
    for child in index_dir.iterdir():
        if child.is_dir() and child.name not in keep and (child.name.startswith("gen-") or child.name.startswith(".tmp-gen-")):
            shutil.rmtree(child, ignore_errors=True)


def generations(index_dir: Path) -> list[str]:
    """Every complete-looking generation directory, newest first."""
    if not index_dir.is_dir():
        return []
    names = [c.name for c in index_dir.iterdir() if c.is_dir() and c.name.startswith("gen-")]
    return sorted(names, key=lambda n: int(n[4:]) if n[4:].isdigit() else 0, reverse=True)


def _write_generation(target: Path, new: NewIndex) -> None:
    manifest = dict(new.manifest)
    manifest.update({
        "schema_version": SCHEMA_VERSION,
        "lexical_version": lexical.LEXICAL_VERSION,
        "osnqa_version": __version__,
        "passages": len(new.passages),
        "dimensions": int(new.vectors.shape[1]) if new.vectors.ndim == 2 else 0,
        "vector_index": "flat" if len(new.passages) <= vector.EXACT_LIMIT else "hnsw",
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    })
    _write_json(target / "documents.json", [d.to_dict() for d in new.documents])
    _write_json(target / "assignments.json", [a.to_dict() for a in new.assignments])
    _write_json(target / "lineage.json", new.lineage)
    np.save(target / "embeddings.npy", np.ascontiguousarray(new.vectors, dtype=np.float32), allow_pickle=False)
    vector.save(vector.build(new.vectors), target / "vectors.faiss")
    svec = new.sentence_vectors if new.sentence_vectors is not None else np.zeros((0, new.vectors.shape[1]))
    np.save(target / "sentences.npy", np.ascontiguousarray(svec, dtype=np.float16), allow_pickle=False)
    tvec = new.title_vectors if new.title_vectors is not None else np.zeros((0, new.vectors.shape[1]))
    np.save(target / "assignments.npy", np.ascontiguousarray(tvec, dtype=np.float32), allow_pickle=False)
    _write_json(target / "assignment_keys.json", new.title_keys)
    conn = sqlite3.connect(target / "index.sqlite")
    try:
        conn.execute(
            "CREATE TABLE passages (idx INTEGER PRIMARY KEY, id TEXT NOT NULL, file TEXT NOT NULL, "
            "year INTEGER, part TEXT, uppdrag INTEGER, fokusmal INTEGER, embed_key TEXT, data TEXT NOT NULL)"
        )
        conn.execute("CREATE TABLE sentences (idx INTEGER PRIMARY KEY, passage INTEGER NOT NULL, key TEXT)")
        conn.executemany("INSERT INTO sentences VALUES (?,?,?)",
                         [(i, p, k) for i, (p, k) in enumerate(zip(new.sentence_passage, new.sentence_keys))])
        conn.execute("CREATE INDEX sentences_passage ON sentences(passage)")
        lexical.create(conn)
        for idx, (p, key) in enumerate(zip(new.passages, new.embed_keys)):
            s = p.source
            conn.execute(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?)",
                (idx, p.id, s.file, s.year, s.part, s.uppdrag, s.fokusmal, key,
                 json.dumps(p.to_dict(), ensure_ascii=False)),
            )
            lexical.add(conn, idx, f"{p.context}\n{p.text}")
        conn.execute("CREATE TABLE texts (file TEXT NOT NULL, unit INTEGER NOT NULL, page INTEGER, "
                     "ocr INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (file, unit))")
        conn.executemany("INSERT INTO texts VALUES (?,?,?,?,?)",
                         [(t.file, t.unit, t.page, int(t.ocr), t.text) for t in new.texts])
        conn.execute("CREATE INDEX passages_year ON passages(year)")
        conn.execute("CREATE INDEX passages_file ON passages(file)")
        lexical.finish(conn)
        conn.commit()
    finally:
        conn.close()
    manifest["checksums"] = integrity.record(target)
    _write_json(target / "manifest.json", manifest)  # last: a generation without it is incomplete


class Index(IndexMetadata):
    """Read side of one generation. Cheap to open: every file's size and sample digest are
    checked (integrity.py, a few ms), the files themselves read when first needed.

    `generation` opens a named generation instead of the current one; `full_check` hashes
    every file whole."""

    def __init__(self, index_dir: Path, check_schema: bool = True, generation: str | None = None,
                 full_check: bool = False):
        self.root = index_dir
        pointer = index_dir / CURRENT
        expected_sha = None
        if generation is None:
            if not pointer.exists():
                raise IndexMissingError(f"inget index i {index_dir}/ – kör först: osnqa ingest corpus")
            try:
                current = json.loads(pointer.read_text(encoding="utf-8"))
                generation = current["generation"]
                expected_sha = current.get("manifest_sha256")
                sealed = "sha256" not in current or current["sha256"] == _seal(current)
            except (ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
                raise IndexCorruptError(f"{pointer}: kan inte läsas – {integrity.REPAIR}") from exc
            if not sealed or not isinstance(generation, str) or not generation.startswith("gen-") or "/" in generation:
                raise IndexCorruptError(f"{pointer}: kan inte läsas – {integrity.REPAIR}")
        self.dir = index_dir / generation
        manifest_path = self.dir / "manifest.json"
        if expected_sha is not None and manifest_path.exists() and integrity.sha256(manifest_path) != expected_sha:
            raise integrity.damaged(manifest_path, "innehållet stämmer inte med kontrollsumman (skadad fil)")
        self.manifest = self._json("manifest.json")
        if not isinstance(self.manifest, dict):
            raise integrity.damaged(manifest_path, "trasig fil")
        if check_schema and (self.manifest.get("schema_version") != SCHEMA_VERSION
                or self.manifest.get("lexical_version") != lexical.LEXICAL_VERSION):
            raise IndexVersionError(
                f"{self.dir / 'manifest.json'}: indexet byggdes av en annan version av osnqa – kör osnqa ingest"
            )
        checksums = self.manifest.get("checksums")
        if check_schema or checksums:
            if not isinstance(checksums, dict):
                raise integrity.damaged(manifest_path, "kontrollsummorna saknas")
            (integrity.check_full if full_check else integrity.check_quick)(self.dir, checksums)

    def _json(self, name: str) -> Any:
        path = self.dir / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise IndexCorruptError(f"{path}: filen saknas – kör osnqa ingest") from exc
        except (ValueError, OSError) as exc:
            raise IndexCorruptError(f"{path}: trasig eller avkortad fil – kör osnqa ingest") from exc

    def _metadata(self, name: str) -> Any:
        return self._json(f"{name}.json")

    @cached_property
    def db(self) -> sqlite3.Connection:
        path = self.dir / "index.sqlite"
        if not path.exists():
            raise IndexCorruptError(f"{path}: filen saknas – kör osnqa ingest")
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            (count,) = conn.execute("SELECT count(*) FROM passages").fetchone()
            conn.execute("SELECT rowid FROM fts LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise IndexCorruptError(f"{path}: trasig databas ({exc}) – kör osnqa ingest") from exc
        if count != self.size:
            raise IndexCorruptError(
                f"{path}: {count} textavsnitt men manifestet anger {self.size} – kör osnqa ingest"
            )
        return conn

    @cached_property
    def vectors(self):
        return vector.load(self.dir / "vectors.faiss", self.size)

    def embeddings(self) -> np.ndarray:
        path = self.dir / "embeddings.npy"
        try:
            arr = np.load(path, mmap_mode="r", allow_pickle=False)
        except (ValueError, OSError) as exc:
            raise IndexCorruptError(f"{path}: trasig eller avkortad fil – kör osnqa ingest") from exc
        if arr.shape[0] != self.size:
            raise IndexCorruptError(f"{path}: fel antal rader – kör osnqa ingest")
        return arr

    def passage(self, idx: int) -> Passage:
        row = self.db.execute("SELECT data FROM passages WHERE idx = ?", (idx,)).fetchone()
        if row is None:
            raise IndexCorruptError(f"{self.dir / 'index.sqlite'}: textavsnitt {idx} saknas – kör osnqa ingest")
        return Passage.from_dict(json.loads(row[0]))

    def passages(self, idxs: list[int]) -> list[Passage]:
        return [self.passage(i) for i in idxs]

    def all_passages(self) -> list[Passage]:
        return [Passage.from_dict(json.loads(d)) for (d,) in self.db.execute("SELECT data FROM passages ORDER BY idx")]

    def texts(self, file: str) -> list[UnitText]:
        """The extracted texts of one document as indexed, in unit order ([] if it has none)."""
        try:
            rows = self.db.execute("SELECT unit, page, ocr, text FROM texts WHERE file = ? ORDER BY unit",
                                   (file,)).fetchall()
        except sqlite3.OperationalError as exc:  # laid out before texts were kept
            raise IndexVersionError(
                f"{self.dir / 'index.sqlite'}: indexet saknar dokumentens text – kör osnqa ingest --rebuild"
            ) from exc
        return [UnitText(file, u, p, bool(o), t) for u, p, o, t in rows]

    def embed_keys(self) -> list[tuple[int, str]]:
        """(idx, embed_key) for every passage."""
        return list(self.db.execute("SELECT idx, embed_key FROM passages ORDER BY idx"))

    @cached_property
    def _sentences(self) -> np.ndarray:
        path = self.dir / "sentences.npy"
        try:
            return np.load(path, mmap_mode="r", allow_pickle=False)
        except (ValueError, OSError) as exc:
            raise IndexCorruptError(f"{path}: trasig eller avkortad fil – kör osnqa ingest") from exc

    def title_keys(self) -> list[tuple[int, str]]:
        return list(enumerate(self._json("assignment_keys.json")))

    def title_matrix(self) -> np.ndarray:
        path = self.dir / "assignments.npy"
        try:
            arr = np.load(path, allow_pickle=False)
        except (ValueError, OSError) as exc:
            raise IndexCorruptError(f"{path}: trasig eller avkortad fil – kör osnqa ingest") from exc
        if len(arr) != len(self.assignments):
            raise IndexCorruptError(f"{path}: fel antal rader – kör osnqa ingest")
        return arr

    def sentence_matrix(self) -> np.ndarray:
        return self._sentences

    def sentence_vectors(self, passage_idx: int) -> np.ndarray:
        """The vectors of one passage's sentences, in the order split_sentences gives them."""
        row = self.db.execute("SELECT min(idx), max(idx) FROM sentences WHERE passage = ?", (passage_idx,)).fetchone()
        if row is None or row[0] is None:
            return np.zeros((0, self._sentences.shape[1]), dtype=np.float32)
        return np.asarray(self._sentences[row[0] : row[1] + 1], dtype=np.float32)

    def rows_where(self, where: str, params: tuple) -> np.ndarray:
        rows = self.db.execute(f"SELECT idx FROM passages p WHERE {where} ORDER BY idx", params).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    # The backend interface (backend.IndexBackend): searches and lookups by conditions.

    def lexical_search(self, query: str, k: int, where: Where) -> list[tuple[int, float]]:
        sql, params = where.sql()
        return lexical.search(self.db, query, k, sql, params)

    def dense_search(self, query: np.ndarray, k: int, where: Where) -> list[tuple[int, float]]:
        allowed = self.rows(where) if where else None
        return vector.search(self.vectors, query, k, allowed)

    def rows(self, where: Where) -> np.ndarray:
        sql, params = where.sql()
        return self.rows_where(sql or "1", params)

    def count(self, where: Where) -> int:
        sql, params = where.sql()
        (n,) = self.db.execute(f"SELECT count(*) FROM passages p WHERE {sql or '1'}", params).fetchone()
        return int(n)

    def distinct(self, field: str, where: Where = Where()) -> list:
        """The values a field takes among the passages `where` selects, sorted (None left out)."""
        column = f"p.{field}" if field in ("year", "part", "uppdrag") else f"json_extract(p.data, '$.source.{field}')"
        sql, params = where.sql()
        query = f"SELECT DISTINCT {column} FROM passages p WHERE {column} IS NOT NULL" + (f" AND {sql}" if sql else "")
        return sorted(v for (v,) in self.db.execute(query, params))

    def paragraph_places(self, paragraph: str) -> list[tuple[str, str | None, int | None]]:
        """(document, nämnd, year) of every protokoll that has this paragraph."""
        return [tuple(r) for r in self.db.execute(
            "SELECT DISTINCT json_extract(p.data, '$.source.document'), json_extract(p.data, '$.source.namnd'), p.year "
            "FROM passages p WHERE json_extract(p.data, '$.source.paragraph') = ?", (paragraph,)).fetchall()]

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        return lexical.document_frequencies(self.db, terms)

    def close(self) -> None:
        db = self.__dict__.pop("db", None)
        if db is not None:
            db.close()


def open_index(index_dir: Path):
    """The current index in a directory, whichever backend holds it (backend.open_index)."""
    from .backend import open_index as open_any

    return open_any(index_dir)
