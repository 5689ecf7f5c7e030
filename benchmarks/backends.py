"""The embedded index (SQLite FTS5 + faiss) and Milvus (milvus-lite) side by side, in one run.

    python benchmarks/backends.py [--sizes 10000] [--large] [--queries 60] [--json OUT]
    python benchmarks/backends.py --sizes 0 --large      # only 100,000

For each size: synthetic passages (150 words drawn from the bundled corpus's vocabulary with a
Zipf-like skew, spread over 7 years, 4 parts and 40 uppdrag) with the hash embedder's vectors,
written by each backend (insert rows/s: the whole generation, lexical index and vectors
included), then warm query latency p50/p95 through osnqa's Searcher (the query vector
cached, so the time is the index's): dense, BM25, hybrid (both + osnqa's RRF), hybrid with
a year and part filter; and Milvus's own `hybrid_search` with `RRFRanker` (ids only). `--large`
adds 100,000 passages. Needs the milvus extra (pip install -e '.[milvus]').

Measured on 2 shared cores (milvus-lite 2.5.1; p50/p95 ms over 60 queries):

| passages | backend  | insert rows/s | dense       | BM25        | hybrid      | hybrid+filter | native hybrid_search |
|----------|----------|---------------|-------------|-------------|-------------|---------------|----------------------|
| 10,000   | embedded | 1,154         | 15.75/23.54 | 3.53/10.23  | 23.89/34.32 | 11.11/21.41   | –                    |
| 10,000   | milvus   | 577           | 8.17/14.29  | 14.87/24.57 | 18.35/27.89 | 8.52/29.09    | 6.11/11.59           |
| 100,000  | embedded | 664           | 1.97/2.51   | 8.19/21.14  | 8.78/25.68  | 52.57/82.88   | –                    |
| 100,000  | milvus   | 825           | 39.02/58.76 | 30.1/44.53  | 39.87/65.51 | 33.27/45.62   | 35.33/70.67          |

(The embedded store searches HNSW past 50,000 passages, milvus-lite always exactly; hybrid at
100,000 runs BM25 and dense side by side in the embedded store.)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["OSNQA_CACHE"] = os.environ.get("OSNQA_CACHE") or tempfile.mkdtemp(prefix="osnqa-bench-cache-")

from osnqa.index import milvus_store, store  # noqa: E402
from osnqa.index.backend import open_index  # noqa: E402
from osnqa.index.embed import embed_key, load_embedder  # noqa: E402
from osnqa.index.lexical import TOKEN_RE  # noqa: E402
from osnqa.models import Passage, Source  # noqa: E402
from osnqa.search import Filters, Searcher  # noqa: E402

YEARS = list(range(2019, 2026))
PARTS = ["Tjänsteskrivelse", "Bilaga 1", "Bilaga 2", "Bilaga 3"]


def vocabulary() -> list[str]:
    words: dict[str, int] = {}
    for f in sorted((ROOT / "corpus").glob("*")):
        if f.is_file():
            for m in TOKEN_RE.finditer(f.read_text(encoding="utf-8", errors="replace").lower()):
                w = m.group(0)
                if w.isalpha() and len(w) > 2:
                    words[w] = words.get(w, 0) + 1
    return sorted(words, key=words.get, reverse=True)


def synthetic(n: int, vocab: list[str], seed: int = 7) -> store.NewIndex:
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, len(vocab) + 1)
    p = 1.0 / ranks
    p /= p.sum()
    embedder = load_embedder("hash", "passages")
    passages, keys = [], []
    for i in range(n):
        text = " ".join(vocab[j] for j in rng.choice(len(vocab), size=150, p=p))
        year, part = YEARS[i % len(YEARS)], PARTS[(i // 7) % len(PARTS)]
        src = Source(file=f"doc-{i // 40:05d}.txt", document=f"Dokument {i // 40}", part=part, part_title=None,
                     namnd="Omsorgsnämnden", diarienummer=None, date=f"{year}-05-01", year=year, page=None,
                     line_start=1, line_end=10, start=0, end=len(text), uppdrag=int(rng.integers(1, 41)))
        passages.append(Passage(f"p-{i:08d}", text, "", src))
        keys.append(embed_key("hash", text))
    vectors = np.vstack([embedder.embed_passages([p.text for p in passages[s : s + 512]])
                         for s in range(0, n, 512)]).astype(np.float32)
    manifest = {"model": {"name": "hash", "id": "hash", "weights_sha256": None, "dimensions": int(vectors.shape[1])},
                "files": {}, "roots": {}, "stats": {}, "documents": 0, "skipped": [], "ingest_version": 0}
    return store.NewIndex(manifest, [], passages, keys, vectors, [])


def queries(vocab: list[str], count: int, seed: int = 11) -> list[str]:
    rng = np.random.default_rng(seed)
    mid = vocab[20:2000]  # neither the commonest words nor hapaxes
    return [" ".join(mid[j] for j in rng.choice(len(mid), size=int(rng.integers(2, 5)), replace=False))
            for _ in range(count)]


def percentiles(times: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in times)
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2)}


def time_searches(index, qs: list[str]) -> dict[str, dict[str, float]]:
    searcher = Searcher(index)
    filt = Filters(years=[YEARS[-1]], part="Bilaga 1")
    runs = {"dense": ("dense", None), "bm25": ("bm25", None), "hybrid": ("hybrid", None),
            "hybrid+filter": ("hybrid", filt)}
    out = {}
    for q in qs:  # warm: query vectors, passages' pages, Milvus segments
        searcher.search(q, k=10, mode="hybrid")
    for name, (mode, filters) in runs.items():
        times = []
        for q in qs:
            t = time.perf_counter()
            searcher.search(q, k=10, mode=mode, filters=filters)
            times.append(time.perf_counter() - t)
        out[name] = percentiles(times)
    return out


def native_hybrid(index, qs: list[str]) -> dict[str, float]:
    from pymilvus import AnnSearchRequest, RRFRanker

    from osnqa.index.lexical import query_terms

    searcher = Searcher(index)
    times = []
    for q in qs:
        vec = searcher.query_vector(q).tolist()
        text = " ".join(query_terms(q, index))
        t = time.perf_counter()
        index.client.hybrid_search(index.p, [AnnSearchRequest(data=[vec], anns_field="vector", param={}, limit=60),
                                             AnnSearchRequest(data=[text], anns_field="sparse", param={}, limit=60)],
                                   ranker=RRFRanker(10), limit=10, output_fields=["idx"])
        times.append(time.perf_counter() - t)
    return percentiles(times)


def run(sizes: list[int], n_queries: int) -> dict:
    vocab = vocabulary()
    qs = queries(vocab, n_queries)
    report = {"cores": os.cpu_count(), "cpu": platform.processor() or platform.machine(), "queries": n_queries,
              "sizes": {}}
    for n in sizes:
        t = time.perf_counter()
        new = synthetic(n, vocab)
        gen_s = time.perf_counter() - t
        row: dict = {"synthesis_s": round(gen_s, 1)}
        with tempfile.TemporaryDirectory(prefix="osnqa-bench-") as tmp:
            for backend in ("embedded", "milvus"):
                target = Path(tmp) / backend
                t = time.perf_counter()
                if backend == "embedded":
                    store.write(target, new)
                else:
                    milvus_store.write(target, new, str(Path(tmp) / "milvus.db"))
                write_s = time.perf_counter() - t
                index = open_index(target)
                row[backend] = {"write_s": round(write_s, 2), "insert_rows_per_s": round(n / write_s),
                                **time_searches(index, qs)}
                if backend == "milvus":
                    row[backend]["native_hybrid_search"] = native_hybrid(index, qs)
                index.close()
            milvus_store.close_all()
        report["sizes"][str(n)] = row
        print(json.dumps({str(n): row}, ensure_ascii=False), flush=True)
    return report


def table(report: dict) -> str:
    lines = [f"cores: {report['cores']}, {report['queries']} queries, p50/p95 ms",
             "| passages | backend | insert rows/s | dense | BM25 | hybrid | hybrid+filter | native hybrid_search |",
             "|---|---|---|---|---|---|---|---|"]
    for n, row in report["sizes"].items():
        for b in ("embedded", "milvus"):
            r = row[b]
            cells = [f"{r[m]['p50_ms']}/{r[m]['p95_ms']}" for m in ("dense", "bm25", "hybrid", "hybrid+filter")]
            nat = r.get("native_hybrid_search")
            native = f"{nat['p50_ms']}/{nat['p95_ms']}" if nat else "–"
            lines.append(f"| {int(n):,} | {b} | {r['insert_rows_per_s']:,} | " + " | ".join(cells) + f" | {native} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--large", action="store_true", help="also 100,000 passages")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s and int(s) > 0] + ([100_000] if args.large else [])
    report = run(sizes, args.queries)
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
