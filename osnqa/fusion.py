"""Score fusion: reciprocal rank fusion of ranked lists, with optional per-row boosts."""

from __future__ import annotations

RRF_K = 10


def rrf(rankings: list[list[int]], k: int = RRF_K, weights: list[float] | None = None) -> dict[int, float]:
    scores: dict[int, float] = {}
    weights = weights or [1.0] * len(rankings)
    for ranking, w in zip(rankings, weights):
        for rank, row in enumerate(ranking, start=1):
            scores[row] = scores.get(row, 0.0) + w / (k + rank)
    return scores
