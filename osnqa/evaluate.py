"""Retrieval quality against a gold file: R@1, R@5 and MRR@10 per retrieval mode.

A gold line is JSON with "question" and "evidence": [{"file", "quote"}]. A passage counts
as evidence when it holds at least half of the quote (compared in 40-character pieces, so
a quote that straddles two passages still counts for the one holding most of it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import OsnqaError
from .models import Passage
from .search import MODES, Searcher


def load_gold(path: Path) -> list[dict]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise OsnqaError(f"{path}: kan inte läsas – ange en JSONL-fil i UTF-8") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except ValueError as exc:
            raise OsnqaError(f"{path}: rad {n} är inte giltig JSON – rätta raden och kör igen") from exc
    return items


def _norm(text: str) -> str:
    return " ".join(text.split())


def holds(passage: Passage, evidence: dict) -> bool:
    if evidence.get("file") and evidence["file"] != passage.source.file:
        return False
    quote, text = _norm(evidence.get("quote", "")), _norm(passage.text)
    if not quote:
        return False
    if quote in text:
        return True
    size = 40
    pieces = [quote[i : i + size] for i in range(0, max(len(quote) - size // 2, 1), size)]
    found = sum(1 for p in pieces if p in text)
    return found * 2 >= len(pieces)


@dataclass
class Scores:
    mode: str
    n: int
    r1: float
    r5: float
    mrr10: float

    def to_dict(self) -> dict:
        return {"mode": self.mode, "questions": self.n, "R@1": round(self.r1, 3), "R@5": round(self.r5, 3),
                "MRR@10": round(self.mrr10, 3)}


def evaluate(searcher: Searcher, items: list[dict], modes=MODES) -> tuple[list[Scores], list[dict]]:
    usable = [it for it in items if it.get("evidence")]
    results, misses = [], []
    for mode in modes:
        r1 = r5 = mrr = 0.0
        for it in usable:
            hits = searcher.search(it["question"], k=10, mode=mode).hits
            first = next((h.rank for h in hits if any(holds(h.passage, e) for e in it["evidence"])), None)
            if first is not None:
                r1 += first == 1
                r5 += first <= 5
                mrr += 1.0 / first
            if mode == "hybrid" and (first is None or first > 5):
                misses.append({"id": it.get("id"), "question": it["question"], "rank": first})
        n = max(len(usable), 1)
        results.append(Scores(mode, len(usable), r1 / n, r5 / n, mrr / n))
    return results, misses
