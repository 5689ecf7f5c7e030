"""The index in Milvus: milvus-lite in a file on a laptop, a Milvus server or cluster in production.

One generation is three collections, written beside the previous one:

  <name>_<gen>_p   passages: idx (primary key), filter fields (year, part, uppdrag, nämnd, §, file),
                   the passage as JSON, its text pre-stemmed by lexical.tokenize (whitespace
                   analyzer, BM25 function -> sparse field) and its dense vector
  <name>_<gen>_s   sentence vectors: idx, passage idx, vector (float16-rounded, as the embedded store)
  <name>_<gen>_x   everything else: the manifest, documents, assignments, lineage, title vectors,
                   facet values (JSON in chunks), each document's extracted texts, and the
                   document frequency of every term

and `<name>_current` holds one row naming the current generation. Readers resolve that row
first; an ingest writes a whole generation and only then upserts the row (a single-row write,
atomic), so a reader never sees half an index. On a Milvus server the alias `<name>` is also
switched to the new passages collection (milvus-lite 2.5 has no aliases). The generation
before stays (one, no more), as in the embedded store.

The index directory holds `milvus.json` (URI and name), so `--index DIR` works for every
command. pymilvus is imported only here, lazily: the default install does not need it.
"""

from __future__ import annotations

import atexit
import base64
import json
import math
import os
import threading
import time
import warnings
from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..errors import IndexCorruptError, IndexMissingError, IndexVersionError, OsnqaError
from ..models import Passage
from . import lexical, vector
from .backend import POINTER, IndexMetadata, Where

SCHEMA_VERSION = 1  # of the Milvus layout; the manifest records it with the embedded store's schema
INSTALL = "pip install -e '.[milvus]'"
CHUNK = 16_000  # characters per VARCHAR chunk (Milvus VARCHAR holds at most 65,535 bytes)
BATCH = 500  # rows per insert call
PAGE = 4_000  # rows per page when reading many rows
HNSW_EF = 96
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's bm25() defaults

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def _milvus():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # milvus-lite imports the deprecated pkg_resources
            import pymilvus
    except ImportError as exc:
        raise OsnqaError(f"Milvus-stödet är inte installerat – kör: {INSTALL}") from exc
    return pymilvus


def is_server(uri: str) -> bool:
    return uri.startswith(("http://", "https://", "tcp://", "grpc://"))


def resolve_uri(uri: str | None, index_dir: Path) -> str:
    """A server URI as given; a milvus-lite file as an absolute path ending in .db."""
    uri = uri or os.environ.get("OSNQA_MILVUS_URI") or str(index_dir / "milvus.db")
    if is_server(uri):
        return uri
    path = Path(uri).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.suffix != ".db":
        raise OsnqaError(f"{uri}: milvus-lite vill ha en fil som slutar på .db – ange t.ex. --milvus-uri "
                         f"{index_dir / 'milvus.db'} eller en server som http://localhost:19530")
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path.resolve())


# milvus-lite starts a local server, which may take longer than pymilvus's 10 s to answer on a
# loaded machine; a remote server that does not answer in 10 s is not there
LOCAL_TIMEOUT, LOCAL_ATTEMPTS = 30.0, 2
SERVER_TIMEOUT, SERVER_ATTEMPTS = 10.0, 1


def connect(uri: str):
    """One client per URI and process (a milvus-lite file starts one local server)."""
    with _lock:
        client = _clients.get(uri)
        if client is None:
            pymilvus = _milvus()
            timeout, attempts = (SERVER_TIMEOUT, SERVER_ATTEMPTS) if is_server(uri) else (LOCAL_TIMEOUT, LOCAL_ATTEMPTS)
            for attempt in range(attempts):
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")  # milvus-lite imports the deprecated pkg_resources
                        client = pymilvus.MilvusClient(uri, timeout=timeout)
                    break
                except Exception as exc:  # noqa: BLE001 - pymilvus raises many kinds
                    # a local milvus-lite server may take longer to start on a loaded machine
                    if attempt + 1 == attempts:
                        raise OsnqaError(f"{uri}: Milvus svarar inte ({str(exc).splitlines()[0][:160]}) "
                                         "– starta Milvus eller ange en annan --milvus-uri") from exc
            if not _clients:
                # stop milvus-lite's server when the process ends, not when its manager is
                # collected (an orphaned server holds the caller's stdout open for seconds)
                atexit.register(close_all)
            _clients[uri] = client
        return client


def close_all() -> None:
    """Close every client (and with them the milvus-lite servers this process started)."""
    with _lock:
        for client in _clients.values():
            try:
                client.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        _clients.clear()
        try:
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_all()
        except Exception:  # noqa: BLE001 - not milvus-lite, or already stopped
            pass


def default_name(index_dir: Path) -> str:
    import hashlib

    return "osnqa_" + hashlib.sha1(str(index_dir.resolve()).encode()).hexdigest()[:12]


def read_pointer(index_dir: Path) -> dict[str, str]:
    path = index_dir / POINTER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        uri, name = data["uri"], data["name"]
    except FileNotFoundError as exc:
        raise IndexMissingError(f"inget index i {index_dir}/ – kör först: osnqa ingest corpus") from exc
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise IndexCorruptError(f"{path}: kan inte läsas – kör osnqa ingest --backend milvus") from exc
    if not is_server(uri) and not Path(uri).is_absolute():
        uri = str((index_dir / uri).resolve())
    return {"uri": uri, "name": name}


def _write_pointer(index_dir: Path, uri: str, name: str) -> None:
    shown = uri
    if not is_server(uri):
        try:
            shown = str(Path(uri).relative_to(index_dir.resolve()))  # the index directory can move
        except ValueError:
            pass
    tmp = index_dir / f".{POINTER}.tmp"
    tmp.write_text(json.dumps({"backend": "milvus", "uri": shown, "name": name}, indent=1), encoding="utf-8")
    os.replace(tmp, index_dir / POINTER)


# --- expressions ---------------------------------------------------------------------------

def literal(value: Any) -> str:
    """A value written into a Milvus expression: strings quoted and escaped, lists bracketed.
    (milvus-lite 2.5 does not parse expression templates, so values are written in.)"""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"no Milvus literal for {value!r}")
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(int(value))


def expression(where: Where) -> str:
    """A Milvus filter for the same conditions as Where.sql()."""
    clauses = []
    if where.file is not None:
        clauses.append(f"file == {literal(where.file)}")
    if where.other_than_uppdrag is not None:
        clauses.append(f"uppdrag != {literal(where.other_than_uppdrag)}")
    if where.years:
        clauses.append(f"year in {literal(list(where.years))}")
    if where.uppdrag is not None:
        clauses.append(f"uppdrag == {literal(where.uppdrag)}")
    if where.part:
        clauses.append(f"part_lower == {literal(where.part.lower())}")
    if where.namnd_in:
        clauses.append(f"namnd in {literal(list(where.namnd_in))}")
    if where.paragraph:
        clauses.append(f"paragraph == {literal(where.paragraph)}")
    return " and ".join(clauses) or "idx >= 0"


NULL_INT = -1  # year and uppdrag of a passage that has none (Milvus fields here are not nullable)


def _row_fields(p: Passage) -> dict[str, Any]:
    s = p.source
    return {"file": s.file, "year": NULL_INT if s.year is None else s.year, "part": s.part or "",
            "part_lower": (s.part or "").lower(), "uppdrag": NULL_INT if s.uppdrag is None else s.uppdrag,
            "namnd": getattr(s, "namnd", None) or "", "paragraph": getattr(s, "paragraph", None) or "",
            "document": getattr(s, "document", None) or ""}


def _value(field: str, v: Any) -> Any:
    if field in ("year", "uppdrag"):
        return None if v == NULL_INT else int(v)
    return v or None


# --- writing --------------------------------------------------------------------------------

def _schemas(client, dim: int):
    pymilvus = _milvus()
    DataType, Function, FunctionType = pymilvus.DataType, pymilvus.Function, pymilvus.FunctionType
    p = client.create_schema(auto_id=False)
    p.add_field("idx", DataType.INT64, is_primary=True)
    p.add_field("id", DataType.VARCHAR, max_length=1024)
    for name in ("file", "part", "part_lower", "namnd", "paragraph", "document"):
        p.add_field(name, DataType.VARCHAR, max_length=4096)
    p.add_field("year", DataType.INT64)
    p.add_field("uppdrag", DataType.INT64)
    p.add_field("embed_key", DataType.VARCHAR, max_length=128)
    p.add_field("data", DataType.VARCHAR, max_length=65535)
    p.add_field("tokens", DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                analyzer_params={"tokenizer": "whitespace"})
    p.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    p.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    p.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["tokens"],
                            output_field_names=["sparse"]))
    s = client.create_schema(auto_id=False)
    s.add_field("idx", DataType.INT64, is_primary=True)
    s.add_field("passage", DataType.INT64)
    s.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    x = client.create_schema(auto_id=False)
    x.add_field("key", DataType.VARCHAR, is_primary=True, max_length=8192)
    x.add_field("kind", DataType.VARCHAR, max_length=16)
    x.add_field("name", DataType.VARCHAR, max_length=4096)
    x.add_field("num", DataType.INT64)
    x.add_field("chunk", DataType.INT64)
    x.add_field("value", DataType.VARCHAR, max_length=65535)
    x.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field in every collection
    c = client.create_schema(auto_id=False)
    c.add_field("key", DataType.VARCHAR, is_primary=True, max_length=32)
    c.add_field("generation", DataType.VARCHAR, max_length=64)
    c.add_field("previous", DataType.VARCHAR, max_length=64)
    c.add_field("v", DataType.FLOAT_VECTOR, dim=2)
    return p, s, x, c


def _create(client, name: str, schema, indexes: list[tuple[str, int, str]], server: bool = False) -> None:
    """A collection with an index on each (field, rows, metric): BM25 on the sparse field; on a
    dense field exact search up to vector.EXACT_LIMIT rows and HNSW past it, as the embedded
    store – on a server (milvus-lite 2.5 has only FLAT and IVF_FLAT: exact search there)."""
    params = client.prepare_index_params()
    for field, size, metric in indexes:
        if metric == "BM25":
            params.add_index(field, index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                             params={"bm25_k1": BM25_K1, "bm25_b": BM25_B})
        elif size <= vector.EXACT_LIMIT or not server:
            params.add_index(field, index_type="FLAT", metric_type=metric)
        else:
            params.add_index(field, index_type="HNSW", metric_type=metric, params={"M": 32, "efConstruction": 80})
    client.create_collection(name, schema=schema, index_params=params, consistency_level="Strong")


def _insert(client, name: str, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        client.insert(name, rows[start : start + BATCH])


def _chunks(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def _aux_rows(kind: str, name: str, text: str, num: int = 0) -> list[dict[str, Any]]:
    return [{"key": f"{kind}|{num}|{c}|{name}", "kind": kind, "name": name, "num": num, "chunk": c, "value": part,
             "v": [0.0, 0.0]} for c, part in enumerate(_chunks(text))]


def _encode(arr: np.ndarray) -> str:
    arr = np.ascontiguousarray(arr, dtype=np.float32)
    return json.dumps({"shape": list(arr.shape), "data": base64.b64encode(arr.tobytes()).decode()})


def _decode(text: str) -> np.ndarray:
    data = json.loads(text)
    return np.frombuffer(base64.b64decode(data["data"]), dtype=np.float32).reshape(data["shape"]).copy()


def collections(name: str, gen: str) -> tuple[str, str, str]:
    return f"{name}_{gen}_p", f"{name}_{gen}_s", f"{name}_{gen}_x"


def write(index_dir: Path, new, uri: str | None = None, keep: str | None = None) -> str:
    """Write a complete generation into Milvus and make it current; returns its name.
    `new` is a store.NewIndex; `keep` names an earlier generation to leave beside it."""
    from .store import SCHEMA_VERSION as STORE_SCHEMA

    index_dir.mkdir(parents=True, exist_ok=True)
    uri = resolve_uri(uri, index_dir)
    try:
        name = read_pointer(index_dir)["name"]
    except (IndexMissingError, IndexCorruptError):
        name = default_name(index_dir)
    client = connect(uri)
    gen = f"g{time.time_ns()}"
    pname, sname, xname = collections(name, gen)
    dim = int(new.vectors.shape[1]) if new.vectors.ndim == 2 and new.vectors.shape[1] else 1
    manifest = dict(new.manifest)
    manifest.update({
        "schema_version": STORE_SCHEMA,
        "lexical_version": lexical.LEXICAL_VERSION,
        "osnqa_version": __version__,
        "passages": len(new.passages),
        "dimensions": dim,
        "vector_index": "flat" if len(new.passages) <= vector.EXACT_LIMIT or not is_server(uri) else "hnsw",
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "backend": {"name": "milvus", "schema": SCHEMA_VERSION, "uri": uri if is_server(uri) else "milvus-lite",
                    "collections": [pname, sname, xname], "sentences": len(new.sentence_passage)},
    })
    ps, ss, xs, cs = _schemas(client, dim)
    try:
        _create(client, pname, ps, [("vector", len(new.passages), "IP"), ("sparse", 0, "BM25")], is_server(uri))
        _create(client, sname, ss, [("vector", 0, "IP")])
        _create(client, xname, xs, [("v", 0, "L2")])
        df: dict[str, int] = {}
        token_count = 0
        facets: dict[str, set] = {f: set() for f in ("year", "part", "uppdrag", "namnd", "paragraph", "document")}
        rows = []
        for idx, (p, key) in enumerate(zip(new.passages, new.embed_keys)):
            tokens = lexical.tokenize(f"{p.context}\n{p.text}")
            token_count += len(tokens)
            for t in set(tokens):
                df[t] = df.get(t, 0) + 1
            fields = _row_fields(p)
            for f in facets:
                if _value(f, fields[f]) is not None:
                    facets[f].add(fields[f])
            data = json.dumps(p.to_dict(), ensure_ascii=False)
            if len(data.encode()) > 65535:
                raise OsnqaError(f"{p.source.file}: textavsnittet {p.id} är för långt för Milvus (över 64 kB)")
            rows.append({"idx": idx, "id": p.id, **fields, "embed_key": key, "data": data,
                         "tokens": " ".join(tokens)[:65535], "vector": new.vectors[idx].astype(np.float32).tolist()})
            if len(rows) >= BATCH:
                _insert(client, pname, rows)
                rows = []
        _insert(client, pname, rows)
        svec = new.sentence_vectors if new.sentence_vectors is not None else np.zeros((0, dim))
        svec = np.asarray(svec, dtype=np.float16).astype(np.float32)  # the embedded store keeps float16
        for start in range(0, len(svec), BATCH):
            _insert(client, sname, [{"idx": i, "passage": int(new.sentence_passage[i]), "vector": svec[i].tolist()}
                                    for i in range(start, min(start + BATCH, len(svec)))])
        aux: list[dict[str, Any]] = []
        tvec = new.title_vectors if new.title_vectors is not None else np.zeros((0, dim))
        meta = {
            "documents": [d.to_dict() for d in new.documents],
            "assignments": [a.to_dict() for a in new.assignments],
            "lineage": new.lineage,
            "assignment_keys": new.title_keys,
            "facets": {f: sorted(v) for f, v in facets.items()},
        }
        for key, value in meta.items():
            aux += _aux_rows("meta", key, json.dumps(value, ensure_ascii=False))
        aux += _aux_rows("meta", "title_vectors", _encode(tvec))
        for t in new.texts:
            aux += _aux_rows("text", t.file, json.dumps({"page": t.page, "ocr": t.ocr}) + "\n" + t.text, t.unit)
        aux += [{"key": f"term|{t}", "kind": "term", "name": t, "num": n, "chunk": 0, "value": "", "v": [0.0, 0.0]}
                for t, n in df.items() if len(t.encode()) < 4000]
        manifest["backend"]["tokens"] = token_count  # for BM25's average passage length
        aux += _aux_rows("meta", "manifest", json.dumps(manifest, ensure_ascii=False))
        _insert(client, xname, aux)
        for c in (pname, sname, xname):
            client.flush(c)
    except BaseException:
        for c in (pname, sname, xname):
            try:
                client.drop_collection(c)
            except Exception:  # noqa: BLE001 - best effort
                pass
        raise
    current = f"{name}_current"
    if not client.has_collection(current):
        _create(client, current, cs, [("v", 0, "L2")])
    old = _current_generation(client, name)
    client.upsert(current, [{"key": "current", "generation": gen, "previous": old or "", "v": [0.0, 0.0]}])
    client.flush(current)
    if is_server(uri):
        _switch_alias(client, name, pname)
    _write_pointer(index_dir, uri, name)
    _drop_old(client, name, {gen, old, keep})  # the one before stays for readers that opened it
    return gen


def _switch_alias(client, alias: str, target: str) -> None:
    try:
        client.alter_alias(target, alias)
    except Exception:  # noqa: BLE001 - the alias does not exist yet
        client.create_alias(target, alias)


def _current_generation(client, name: str) -> str | None:
    current = f"{name}_current"
    if not client.has_collection(current):
        return None
    rows = client.query(current, filter='key == "current"', output_fields=["generation"])
    return rows[0]["generation"] if rows else None


def _drop_old(client, name: str, keep: set[str | None]) -> None:
    prefix = f"{name}_g"
    for c in client.list_collections():
        if c.startswith(prefix):
            gen = c[len(name) + 1 :].rsplit("_", 1)[0]
            if gen not in keep:
                client.drop_collection(c)


# --- reading --------------------------------------------------------------------------------

class MilvusIndex(IndexMetadata):
    """Read side of the current generation in Milvus (backend.IndexBackend)."""

    def __init__(self, index_dir: Path, check_schema: bool = True, generation: str | None = None):
        self.root = index_dir
        ptr = read_pointer(index_dir)
        self.uri, self.name = ptr["uri"], ptr["name"]
        self.client = connect(self.uri)
        self.generation = generation or _current_generation(self.client, self.name)
        if self.generation is None:
            raise IndexMissingError(f"inget index i {index_dir}/ ({self.name} i Milvus saknas) – kör först: "
                                    "osnqa ingest --backend milvus corpus")
        self.dir = index_dir / self.generation  # names the generation in messages; not a directory
        self.p, self.s, self.x = collections(self.name, self.generation)
        if not self.client.has_collection(self.p):
            raise IndexCorruptError(f"{self.uri}: samlingen {self.p} saknas – kör osnqa ingest --backend milvus")
        self.manifest = self._meta("manifest")
        if check_schema and (self.manifest.get("schema_version") != _store_schema()
                or self.manifest.get("lexical_version") != lexical.LEXICAL_VERSION
                or self.manifest.get("backend", {}).get("schema") != SCHEMA_VERSION):
            raise IndexVersionError(f"{self.uri}: indexet {self.p} byggdes av en annan version av osnqa "
                                    "– kör osnqa ingest")
        self._passages: dict[int, Passage] = {}
        self._sentences: dict[int, np.ndarray] = {}
        self._df: dict[str, int] = {}  # document frequencies looked up so far (a generation never changes)

    def close(self) -> None:
        pass  # clients are shared per URI; close_all() ends them

    # metadata

    def _aux(self, filter: str, fields: list[str]) -> list[dict[str, Any]]:
        return self.client.query(self.x, filter=filter, output_fields=fields, limit=16384)

    def _meta(self, key: str) -> Any:
        rows = self._aux(f'kind == "meta" and name == {literal(key)}', ["chunk", "value"])
        if not rows:
            raise IndexCorruptError(f"{self.uri}: {key} saknas i {self.x} – kör osnqa ingest --backend milvus")
        text = "".join(r["value"] for r in sorted(rows, key=lambda r: r["chunk"]))
        return _decode(text) if key == "title_vectors" else json.loads(text)

    def _metadata(self, name: str) -> Any:
        return self._meta(name)

    @cached_property
    def _facets(self) -> dict[str, list]:
        return self._meta("facets")

    # rows

    def _all(self, collection: str, filter: str, fields: list[str], rows: int | None = None) -> list[dict[str, Any]]:
        """Every row a filter selects, read in pages of primary-key ranges (one query returns
        at most 16,384 rows). `rows`: how many rows the collection has (passages: the manifest's count)."""
        total = self.size if rows is None else rows
        out: list[dict[str, Any]] = []
        for start in range(0, max(total, 1), PAGE):
            out.extend(self.client.query(collection, filter=f"({filter}) and idx >= {start} and idx < {start + PAGE}",
                                         output_fields=fields))
        return out

    def passage(self, idx: int) -> Passage:
        return self.passages([idx])[0]

    def passages(self, idxs: list[int]) -> list[Passage]:
        want = [int(i) for i in dict.fromkeys(idxs) if int(i) not in self._passages]
        for start in range(0, len(want), 1000):
            part = want[start : start + 1000]
            for r in self.client.query(self.p, filter=f"idx in {literal(part)}", output_fields=["idx", "data"]):
                self._passages[int(r["idx"])] = Passage.from_dict(json.loads(r["data"]))
        missing = [i for i in idxs if int(i) not in self._passages]
        if missing:
            raise IndexCorruptError(f"{self.uri}: textavsnitt {missing[0]} saknas i {self.p} – kör osnqa ingest")
        return [self._passages[int(i)] for i in idxs]

    def all_passages(self) -> list[Passage]:
        rows = sorted(self._all(self.p, "idx >= 0", ["idx", "data"]), key=lambda r: r["idx"])
        return [Passage.from_dict(json.loads(r["data"])) for r in rows]

    def texts(self, file: str) -> list:
        from .store import UnitText

        rows = self._aux(f'kind == "text" and name == {literal(file)}', ["num", "chunk", "value"])
        units: dict[int, list[tuple[int, str]]] = {}
        for r in rows:
            units.setdefault(int(r["num"]), []).append((int(r["chunk"]), r["value"]))
        out = []
        for unit in sorted(units):
            head, _, text = "".join(v for _, v in sorted(units[unit])).partition("\n")
            info = json.loads(head)
            out.append(UnitText(file, unit, info["page"], bool(info["ocr"]), text))
        return out

    # searches

    def lexical_search(self, query: str, k: int, where: Where) -> list[tuple[int, float]]:
        """BM25 candidates from Milvus's sparse index, scored as the embedded store's FTS5 scores
        them. Both read the same pre-stemmed tokens, but Milvus's IDF is log(1 + (N-n+.5)/(n+.5))
        where FTS5's is log((N-n+.5)/(n+.5)) (floored at 1e-6), which orders common terms
        differently; rescoring a pool four times deeper than asked keeps the rankings the same."""
        terms = lexical.query_terms(query, self)
        if not terms or k <= 0:
            return []
        pool = min(max(4 * k, 200), 16384)
        res = self.client.search(self.p, data=[" ".join(terms)], anns_field="sparse", limit=pool,
                                 filter=expression(where), output_fields=["tokens"],
                                 search_params={"metric_type": "BM25"})
        hits = res[0]
        if not hits:
            return []
        df, total = self.document_frequencies(terms)
        idf = {t: max(math.log((total - df[t] + 0.5) / (df[t] + 0.5)), 1e-6) for t in terms}
        avgdl = max(float(self.manifest.get("backend", {}).get("tokens", 0)) / max(total, 1), 1e-9)
        scored = []
        for h in hits:
            tokens = h["entity"]["tokens"].split(" ")
            counts = Counter(tokens)
            norm = BM25_K1 * (1 - BM25_B + BM25_B * len(tokens) / avgdl)
            score = sum(idf[t] * counts[t] * (BM25_K1 + 1) / (counts[t] + norm) for t in terms if counts[t])
            scored.append((int(h["id"]), score))
        scored.sort(key=lambda rs: (-rs[1], rs[0]))
        return scored[:k]

    def dense_search(self, query: np.ndarray, k: int, where: Where) -> list[tuple[int, float]]:
        if self.size == 0 or k <= 0:
            return []
        res = self.client.search(self.p, data=[np.asarray(query, dtype=np.float32).ravel().tolist()],
                                 anns_field="vector", limit=min(k, self.size, 16384), filter=expression(where),
                                 output_fields=["idx"],
                                 search_params={"metric_type": "IP", "params": {"ef": max(HNSW_EF, k)}})
        return [(int(h["id"]), float(h["distance"])) for h in res[0]]

    def rows(self, where: Where) -> np.ndarray:
        return np.array(sorted(int(r["idx"]) for r in self._all(self.p, expression(where), ["idx"])), dtype=np.int64)

    def count(self, where: Where) -> int:
        rows = self.client.query(self.p, filter=expression(where), output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def distinct(self, field: str, where: Where = Where()) -> list:
        if not where:
            return list(self._facets.get(field, []))
        values = {_value(field, r[field]) for r in self._all(self.p, expression(where), [field])}
        return sorted(v for v in values if v is not None)

    def paragraph_places(self, paragraph: str) -> list[tuple[str, str | None, int | None]]:
        rows = self._all(self.p, f"paragraph == {literal(paragraph)}", ["document", "namnd", "year"])
        seen = dict.fromkeys((_value("document", r["document"]), _value("namnd", r["namnd"]),
                              _value("year", r["year"])) for r in rows)
        return list(seen)

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        total = self.size
        if not terms:
            return {}, total
        known = self._df
        unique = [t for t in dict.fromkeys(terms) if t not in known]
        if len(known) + len(unique) > 100_000:
            known.clear()
        for start in range(0, len(unique), 1000):
            part = unique[start : start + 1000]
            known.update(dict.fromkeys(part, 0))
            for r in self.client.query(self.x, filter=f'kind == "term" and name in {literal(part)}',
                                       output_fields=["name", "num"]):
                known[r["name"]] = int(r["num"])
        return {t: known.get(t, 0) for t in terms}, total

    # vectors (for answers, and for reuse at the next ingest)

    def embed_keys(self) -> list[tuple[int, str]]:
        return sorted((int(r["idx"]), r["embed_key"]) for r in self._all(self.p, "idx >= 0", ["idx", "embed_key"]))

    def embeddings(self) -> np.ndarray:
        rows = self._all(self.p, "idx >= 0", ["idx", "vector"])
        out = np.zeros((self.size, int(self.manifest.get("dimensions", 1))), dtype=np.float32)
        for r in rows:
            out[int(r["idx"])] = r["vector"]
        return out

    def sentence_vectors(self, passage_idx: int) -> np.ndarray:
        got = self._sentences.get(passage_idx)
        if got is None:
            rows = self.client.query(self.s, filter=f"passage == {int(passage_idx)}", output_fields=["idx", "vector"])
            rows.sort(key=lambda r: r["idx"])
            dim = int(self.manifest.get("dimensions", 1))
            got = np.array([r["vector"] for r in rows], dtype=np.float32).reshape(len(rows), dim)
            if len(self._sentences) > 4096:
                self._sentences.clear()
            self._sentences[passage_idx] = got
        return got

    def all_sentence_vectors(self) -> dict[int, np.ndarray]:
        """Every passage's sentence vectors at once (reuse at ingest: one pass, not one query each)."""
        rows = sorted(self._all(self.s, "idx >= 0", ["idx", "passage", "vector"],
                                rows=int(self.manifest.get("backend", {}).get("sentences", 0))), key=lambda r: r["idx"])
        dim = int(self.manifest.get("dimensions", 1))
        grouped: dict[int, list] = {}
        for r in rows:
            grouped.setdefault(int(r["passage"]), []).append(r["vector"])
        return {p: np.array(v, dtype=np.float32).reshape(len(v), dim) for p, v in grouped.items()}

    def title_keys(self) -> list[tuple[int, str]]:
        return list(enumerate(self._meta("assignment_keys")))

    def title_matrix(self) -> np.ndarray:
        arr = self._meta("title_vectors")
        if len(arr) != len(self.assignments):
            raise IndexCorruptError(f"{self.uri}: fel antal uppdragsvektorer i {self.x} – kör osnqa ingest")
        return arr


def _store_schema() -> int:
    from .store import SCHEMA_VERSION as STORE_SCHEMA

    return STORE_SCHEMA
