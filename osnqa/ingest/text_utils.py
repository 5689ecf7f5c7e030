"""Small text helpers shared by structure detection and splitting."""

from __future__ import annotations

import re

YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
DATE_RE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
DNR_RE = re.compile(r"\b([A-ZÅÄÖ]{2,6}-\d{4}-\d{2,6})\b")
TAG_RE = re.compile(r"</?[a-zA-Z]{1,6}[^<>]{0,40}>")
WORD_RE = re.compile(r"\w[\w\-:,.]*\w|\w", re.UNICODE)
NUMBER_TOKEN_RE = re.compile(r"^[-–+]?\d{1,3}(?:[ ,.]\d+)*%?$")


def strip_tags(text: str) -> str:
    return TAG_RE.sub(" ", text)


def clean(text: str) -> str:
    """Text for reading and embedding: HTML fragments and markdown emphasis dropped,
    whitespace collapsed. Never used for offsets."""
    text = strip_tags(text).replace("**", "").replace("\x08", " ")
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(clean(text).split())


def first_year(text: str) -> int | None:
    m = YEAR_RE.search(text)
    return int(m.group(1)) if m else None
