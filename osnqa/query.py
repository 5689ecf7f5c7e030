"""What a question says about where to look: years ("2023", "i år", "förra året") and an
assignment number ("uppdrag 34"), resolved against the years present in the index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ingest.text_utils import MONTHS

YEAR_RE = re.compile(r"(?<![\d-])(20\d\d)(?![\d-])")
UPPDRAG_RE = re.compile(r"\buppdrag(?:et)?\s*(?:nr\.?|nummer)?\s*(\d{1,3})\b", re.IGNORECASE)
THIS_YEAR_RE = re.compile(r"\b(i år|innevarande år|hittills i år|det här året|detta år)\b", re.IGNORECASE)
DATE_WORDS_RE = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(20\d\d)\b", re.IGNORECASE)
ISO_DATE_RE = re.compile(r"(?<![\d-])(20\d\d)-(\d\d)-(\d\d)(?![\d-])")
LAST_YEAR_RE = re.compile(r"\b(förra året|i fjol|föregående år)\b", re.IGNORECASE)


@dataclass
class QueryInfo:
    text: str
    years: list[int] = field(default_factory=list)  # years named or implied
    uppdrag: int | None = None
    relative: str | None = None  # "i år" / "förra året" when that is how the year was named
    dates: list[str] = field(default_factory=list)  # whole dates named ("13 maj 2019"), as 2019-05-13


def analyse(text: str, index_years: list[int]) -> QueryInfo:
    info = QueryInfo(text)
    info.years = sorted({int(y) for y in YEAR_RE.findall(text)})
    latest = max(index_years) if index_years else None
    if latest is not None and THIS_YEAR_RE.search(text):
        info.years = sorted(set(info.years) | {latest})
        info.relative = "i år"
    if latest is not None and LAST_YEAR_RE.search(text):
        info.years = sorted(set(info.years) | {latest - 1})
        info.relative = "förra året"
    info.dates = sorted(set(dates_in(text)))
    m = UPPDRAG_RE.search(text)
    if m:
        info.uppdrag = int(m.group(1))
    return info


def dates_in(text: str) -> list[str]:
    """Whole dates in a text, "13 maj 2019" and "2019-05-13" alike, as ISO strings."""
    out = [f"{y}-{MONTHS.index(m.lower()) + 1:02d}-{int(d):02d}" for d, m, y in DATE_WORDS_RE.findall(text)]
    return out + [f"{y}-{m}-{d}" for y, m, d in ISO_DATE_RE.findall(text)]


def day_words(text: str) -> list[str]:
    """The day and month of each whole date a text names ("13 maj" of "13 maj 2019"): where
    documents of that day are found, they say which meeting or memo, not what it is about."""
    return [f"{d} {m}" for d, m, _ in DATE_WORDS_RE.findall(text)]
