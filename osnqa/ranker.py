"""Learned weights: a logistic model of whether an answer is right, and the confidence under
which ask declines. They are read from `weights.json` beside this module, a plain inspectable
file written by `scripts/fit_weights.py`; nothing is pickled."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .errors import OsnqaError
from .features import ANSWER_FEATURES

WEIGHTS_PATH = Path(__file__).with_name("weights.json")


@dataclass
class Logistic:
    names: tuple[str, ...]
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray

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
                 iterations: int = 50) -> Logistic:
    """Logistic regression by Newton's method on standardised features, L2-penalised."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
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
        grad = z1.T @ (p - y) + penalty * w
        hess = (z1 * (p * (1 - p))[:, None]).T @ z1 + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(names, w[:-1], float(w[-1]), mean, scale)


@dataclass
class Weights:
    answer: Logistic  # is this answer right?
    abstain_below: float  # confidence under which the documents are taken not to answer
    fitted_on: list[str]  # the gold families the weights were fitted on
    report: dict[str, Any]  # how they did there, leave-one-family-out included

    def to_dict(self) -> dict[str, Any]:
        return {"answer": self.answer.to_dict(), "abstain_below": self.abstain_below,
                "fitted_on": self.fitted_on, "report": self.report}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Weights":
        return cls(Logistic.from_dict(data["answer"], ANSWER_FEATURES), float(data["abstain_below"]),
                   list(data.get("fitted_on", [])), dict(data.get("report", {})))

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
