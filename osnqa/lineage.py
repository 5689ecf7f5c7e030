"""Lineage: the same assignment across years, linked by content, never by number."""

from __future__ import annotations

from typing import Any

from .models import Assignment


def build_lineage(assignments: list[Assignment], model: str) -> dict[str, Any]:
    """Placeholder-free minimal lineage: every assignment is its own lineage until linked."""
    return {"links": [], "model": model}
