"""From scored candidates to an answer: the best sentence for each part of the question,
further sentences while they score close to the best, a list finished when a sentence
announces it, and a confidence for the whole."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .features import Candidate, Pool, answer_features
from .ranker import Weights

MAX_LIST_ITEMS = 6


@dataclass
class Choice:
    chosen: list[Candidate]
    confidence: float
    facet_best: list[float]  # each part's best probability
    unanswered: list[int] = field(default_factory=list)  # parts no sentence answers


def score(pool: Pool, weights: Weights) -> None:
    """Every candidate's probability of answering each part of the question."""
    if not pool.candidates:
        return
    feats = np.stack([c.features for c in pool.candidates])  # (n, facets, features)
    probs = np.stack([weights.sentence.shares(feats[:, f, :]) for f in range(feats.shape[1])], axis=1)
    for c, p in zip(pool.candidates, probs):
        c.probabilities = p


def words(c: Candidate) -> int:
    return len(c.sentence.readable().split())


def choose(pool: Pool, weights: Weights, keep_ratio: float | None = None, word_budget: int | None = None,
           facet_floor: float | None = None) -> Choice:
    ratio = weights.keep_ratio if keep_ratio is None else keep_ratio
    budget = weights.word_budget if word_budget is None else word_budget
    floor = weights.facet_floor if facet_floor is None else facet_floor
    cands = pool.candidates
    if not cands:
        return Choice([], 0.0, [], list(range(len(pool.question.facets))))
    probs = np.stack([c.probabilities for c in cands])
    chosen: list[int] = []
    facet_best: list[float] = []
    unanswered: list[int] = []
    for f in range(probs.shape[1]):
        i = int(np.argmax(probs[:, f]))
        facet_best.append(float(probs[i, f]))
        if f == 0 or probs[i, f] >= floor:
            if i not in chosen:
                chosen.append(i)
        else:
            unanswered.append(f)
    used = sum(words(cands[i]) for i in chosen)
    top = max(float(probs[i].max()) for i in chosen)
    for i in np.argsort(-probs.max(axis=1)):
        i = int(i)
        if i in chosen:
            continue
        if probs[i].max() < ratio * top:
            break
        if used + words(cands[i]) > budget:
            continue
        chosen.append(i)
        used += words(cands[i])
    picked = [cands[i] for i in chosen]
    picked = _finish_lists(pool, picked, budget)
    picked.sort(key=lambda c: (c.rank, c.sentence.position))
    confidence = float(weights.answer.probability(np.array(answer_features(pool, picked, facet_best))))
    return Choice(picked, confidence, facet_best, unanswered)


def _finish_lists(pool: Pool, picked: list[Candidate], budget: int) -> list[Candidate]:
    """A sentence that announces a list ("… följande:") answers together with its items."""
    from .answer import LIST_ITEM_START_RE

    have = {(c.rank, c.sentence.position) for c in picked}
    by_key = {(c.rank, c.sentence.position): c for c in pool.candidates}
    out = list(picked)
    used = sum(words(c) for c in picked)
    for c in picked:
        if not c.sentence.plain.rstrip().endswith(":"):
            continue
        every = pool.passages.get(c.rank, [])
        for s in every[c.sentence.position + 1 : c.sentence.position + 1 + MAX_LIST_ITEMS]:
            key = (c.rank, s.position)
            if key in have or LIST_ITEM_START_RE.match(s.text) is None:
                if key in have:
                    continue
                break
            extra = by_key.get(key) or Candidate(s, c.rank, c.row, set(), c.features, c.similarity, c.probabilities)
            if used + words(extra) > budget * 1.5:
                break
            out.append(extra)
            have.add(key)
            used += words(extra)
    return out
