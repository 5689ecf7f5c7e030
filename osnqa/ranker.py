"""Learned weights: two logistic models (is this sentence an answer to this part of the
question? is this answer right?) and the few numbers that turn them into an answer. They are
read from `weights.json` beside this module, a plain inspectable file written by
`scripts/fit_weights.py`; nothing is pickled."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .errors import OsnqaError
from .features import ANSWER_FEATURES, SENTENCE_FEATURES

WEIGHTS_PATH = Path(__file__).with_name("weights.json")


@dataclass
class Logistic:
    names: tuple[str, ...]
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray

    def logit(self, x: np.ndarray) -> np.ndarray:
        return ((np.asarray(x, dtype=float) - self.mean) / self.scale) @ self.weights + self.bias

    def shares(self, x: np.ndarray) -> np.ndarray:
        """Softmax over rows: how the chance of being the answer divides among the candidates."""
        z = self.logit(x)
        z = np.exp(z - z.max())
        return z / z.sum()

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((np.asarray(x, dtype=float) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.names), "weights": dict(zip(self.names, map(float, self.weights))),
                "bias": float(self.bias), "mean": dict(zip(self.names, map(float, self.mean))),
                "scale": dict(zip(self.names, map(float, self.scale)))}

    @classmethod
    def from_dict(cls, data: dict[str, Any], expected: tuple[str, ...]) -> "Logistic":
        names = tuple(data["features"])
        if names != expected:
            raise OsnqaError(f"weights.json passar inte koden (egenskaper {names} mot {expected}) – "
                             "kör scripts/fit_weights.py igen")
        vec = lambda key: np.array([float(data[key][n]) for n in names])  # noqa: E731
        return cls(names, vec("weights"), float(data["bias"]), vec("mean"), vec("scale"))


def fit_logistic(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], l2: float = 1.0,
                 sample_weight: np.ndarray | None = None, iterations: int = 50) -> Logistic:
    """Logistic regression by Newton's method on standardised features, L2-penalised."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    z1 = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(z1.shape[1])
    penalty = np.full(z1.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not penalised
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z1 @ w, -30, 30)))
        grad = z1.T @ (sw * (p - y)) + penalty * w
        hess = (z1 * (sw * p * (1 - p))[:, None]).T @ z1 + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(names, w[:-1], float(w[-1]), mean, scale)


def fit_listwise(groups: list[tuple[np.ndarray, np.ndarray]], names: tuple[str, ...], l2: float = 1.0,
                 iterations: int = 50) -> Logistic:
    """Conditional logit: within each group (one part of one question) the candidates compete,
    and the positives should take the mass. Newton's method on standardised features."""
    groups = [(np.asarray(x, float), np.asarray(y, float)) for x, y in groups if np.asarray(y).sum() > 0]
    allx = np.vstack([x for x, _ in groups])
    mean = allx.mean(axis=0)
    scale = allx.std(axis=0)
    scale[scale < 1e-9] = 1.0
    zs = [((x - mean) / scale, y / y.sum()) for x, y in groups]
    def loss(w: np.ndarray) -> float:
        total = 0.5 * l2 * float(w @ w)
        for z, t in zs:
            e = z @ w
            top = e.max()
            total -= float(t @ (e - top - np.log(np.exp(e - top).sum())))
        return total

    w = np.zeros(allx.shape[1])
    current = loss(w)
    for _ in range(iterations):
        grad = l2 * w
        hess = np.diag(np.full(len(w), l2 + 1e-9))
        for z, t in zs:
            e = z @ w
            p = np.exp(e - e.max())
            p /= p.sum()
            grad += z.T @ (p - t)
            zp = z.T @ p
            hess += (z * p[:, None]).T @ z - np.outer(zp, zp)
        step = np.linalg.solve(hess, grad)
        size = 1.0
        while size > 1e-4:  # backtracking: a full Newton step can overshoot
            trial = w - size * step
            value = loss(trial)
            if value <= current:
                break
            size /= 2
        else:
            break
        w, gain, current = trial, current - value, value
        if gain < 1e-7:
            break
    return Logistic(names, w, 0.0, mean, scale)


@dataclass
class Weights:
    sentence: Logistic
    answer: Logistic
    keep_ratio: float  # a further sentence joins the answer when its probability is this share of the best
    word_budget: int  # words the answer may grow to with further sentences
    facet_floor: float  # a part's best sentence joins the answer from this probability
    abstain_below: float  # answer confidence under which the documents are taken not to answer
    fitted_on: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence.to_dict(), "answer": self.answer.to_dict(),
                "keep_ratio": self.keep_ratio, "word_budget": self.word_budget, "facet_floor": self.facet_floor,
                "abstain_below": self.abstain_below, "fitted_on": self.fitted_on}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Weights":
        return cls(Logistic.from_dict(data["sentence"], SENTENCE_FEATURES),
                   Logistic.from_dict(data["answer"], ANSWER_FEATURES),
                   float(data["keep_ratio"]), int(data["word_budget"]), float(data["facet_floor"]),
                   float(data["abstain_below"]), list(data.get("fitted_on", [])))

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Weights:
    target = Path(path) if path else WEIGHTS_PATH
    try:
        return Weights.from_dict(json.loads(target.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise OsnqaError(f"kan inte läsa {target}: {exc} – installera om osnqa eller kör scripts/fit_weights.py") from exc
