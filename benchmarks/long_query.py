"""What an over-long query costs against a short one, side by side in one run.

    python benchmarks/long_query.py [--index DIR] [--runs 3] [--model e5-small]

For `osnqa search` and `osnqa ask` (new processes, as a user runs them): wall time and peak
memory (the child's max RSS) for a short question and for a 60,000-character one, median of
--runs, and the ratio; then warm in one process (the model and the index loaded), where the
difference is only the query's own cost. Also the cost of opening the index (the integrity
check every open does). The index defaults to the bundled corpus ingested with --model into a
temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHORT = "Vilken sjukfrånvaro hade nämnden per augusti?"


def long_query(chars: int = 60_000, seed: int = 16) -> str:
    words = (ROOT / "corpus" / "000_32b583a309147579.txt").read_text(encoding="utf-8").split()
    rng = random.Random(seed)
    out = ""
    while len(out) < chars:
        out += rng.choice(words) + " "
    return out[:chars]


def child(args: list[str], env: dict) -> float:
    """Seconds one osnqa process takes."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "osnqa", *args], env=env, cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return time.perf_counter() - start


def cold(index: Path, runs: int, env: dict, long: str) -> dict:
    out = {}
    for command in ("search", "ask"):
        for label, q in (("short", SHORT), ("long", long)):
            args = [command, q, "--index", str(index), "--json"]
            out[f"cold_{command}_{label}_s"] = statistics.median(child(args, env) for _ in range(runs))
            out[f"cold_{command}_{label}_peak_mb"] = peak_rss(args, env)
        out[f"cold_{command}_ratio"] = out[f"cold_{command}_long_s"] / out[f"cold_{command}_short_s"]
    return out


def peak_rss(args: list[str], env: dict) -> float:
    """Peak RSS (MB) of one osnqa process, measured by a fresh parent (RUSAGE_CHILDREN keeps a maximum)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "osnqa", *args], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def warm(index: Path, long: str) -> dict:
    from osnqa.answer import Answerer
    from osnqa.index.store import open_index
    from osnqa.search import Searcher

    start = time.perf_counter()
    opened = open_index(index)
    open_ms = 1000 * (time.perf_counter() - start)
    searcher = Searcher(opened)
    answerer = Answerer(searcher)
    searcher.search("uppvärmning"), answerer.ask("uppvärmning?")
    out = {"open_index_ms": open_ms}
    for label, q in (("short", SHORT), ("long", long)):
        s, a = [], []
        for r in range(3):
            q2 = f"{'xyz' * (r + 1)} {q}"  # a new start: no cached query vector
            t = time.perf_counter(); searcher.search(q2, k=10); s.append(time.perf_counter() - t)
            q3 = f"{'zyx' * (r + 1)} {q}"
            t = time.perf_counter(); answerer.ask(q3); a.append(time.perf_counter() - t)
        out[f"warm_search_{label}_s"] = statistics.median(s)
        out[f"warm_ask_{label}_s"] = statistics.median(a)
    out["warm_search_ratio"] = out["warm_search_long_s"] / out["warm_search_short_s"]
    out["warm_ask_ratio"] = out["warm_ask_long_s"] / out["warm_ask_short_s"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default="e5-small")
    parser.add_argument("--chars", type=int, default=60_000)
    args = parser.parse_args()
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=str(ROOT))
    index = args.index
    if index is None:
        from osnqa.indexer import ingest

        index = Path(tempfile.mkdtemp(prefix="osnqa-longq-")) / "index"
        ingest([ROOT / "corpus"], index, model=args.model)
    long = long_query(args.chars)
    result = {"long_chars": len(long), **cold(index, args.runs, env, long), **warm(index, long)}
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}, indent=1))


if __name__ == "__main__":
    main()
