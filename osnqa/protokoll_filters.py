"""Filters by body (--namnd) and by a protokoll's paragraph (--paragraph, or a question that
names one: "Vad beslutades i § 24?"). Both are read from the passages' sources in the index."""

from __future__ import annotations

import dataclasses
import re

from .errors import OsnqaError
from .index.backend import IndexBackend as Index
from .search import Filters

PARAGRAPH_ARG_RE = re.compile(r"^\s*(?:§\s*|paragraf\s+)?(\d{1,4})\s*$", re.IGNORECASE)
# "§ 24", "§24", "paragraf 24"; not "§§ 135-172" (a range names no one paragraph)
PARAGRAPH_IN_TEXT_RE = re.compile(r"(?<!§)§\s*(\d{1,4})(?!\s*[-–]\s*\d)|\bparagraf(?:en)?\s+(\d{1,4})\b", re.IGNORECASE)


class FilterValueError(OsnqaError):
    """A --namnd or --paragraph that selects nothing."""


def paragraph_label(text: str) -> str | None:
    """'24', '§24', '§ 24', 'paragraf 24' → '§ 24'."""
    m = PARAGRAPH_ARG_RE.match(text or "")
    return f"§ {int(m.group(1))}" if m else None


def named_paragraph(question: str) -> str | None:
    """The one paragraph a question names, else None (none, or several)."""
    found = {int(a or b) for a, b in PARAGRAPH_IN_TEXT_RE.findall(question)}
    return f"§ {found.pop()}" if len(found) == 1 else None


def _values(index: Index, field: str) -> list[str]:
    return index.distinct(field)


def resolve(index: Index, filters: Filters) -> Filters:
    """Filters with --namnd matched to the bodies the index names (case aside; a part of a name
    selects every body it is part of) and --paragraph written as '§ N'; a value that selects
    nothing is refused with what exists."""
    if filters.namnd:
        bodies = _values(index, "namnd")
        wanted = filters.namnd.casefold().strip()
        exact = [b for b in bodies if b.casefold() == wanted]
        chosen = exact or [b for b in bodies if wanted in b.casefold()]
        if not chosen:
            has = ", ".join(bodies) if bodies else "inga nämnder"
            raise FilterValueError(f"nämnden '{filters.namnd}' finns inte i indexet (det har {has}) "
                                   "– skriv nämnden som i osnqa docs")
        filters = dataclasses.replace(filters, namnd_in=tuple(chosen))
    if filters.paragraph:
        label = paragraph_label(filters.paragraph)
        if label is None:
            raise FilterValueError(f"'{filters.paragraph}' är ingen paragraf – skriv t.ex. --paragraph '§ 24'")
        if label not in _values(index, "paragraph"):
            raise FilterValueError(f"{label} finns inte i något protokoll i indexet – se osnqa docs")
        filters = dataclasses.replace(filters, paragraph=label)
    return filters


def for_question(index: Index, filters: Filters, question: str) -> Filters:
    """A question that names one paragraph the index has ("Vad beslutades i § 24?") is
    answered from that paragraph, unless --paragraph says otherwise."""
    if filters.paragraph:
        return filters
    label = named_paragraph(question)
    if label is None:
        return filters
    narrowed = dataclasses.replace(filters, paragraph=label)
    return narrowed if index.count(narrowed.where()) else filters
