"""Small text helpers shared by structure detection and splitting."""

from __future__ import annotations

import re

YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
DATE_RE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
DNR_RE = re.compile(r"\b([A-ZÅÄÖ]{2,6}-\d{4}-\d{2,6})\b")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
MONTH_RE = "(?:" + "|".join(MONTHS) + ")"
TAG_RE = re.compile(r"</?[a-zA-Z]{1,6}[^<>]{0,40}>")
WORD_RE = re.compile(r"\w[\w\-:,.]*\w|\w", re.UNICODE)


# A word broken over a line end ("åtgär-\nder"); not the hyphen of a shared ending ("grund-
# och gymnasieskolan", "kretslopp- och vattennämnden"), which the next word's "och" gives away.
HYPHEN_BREAK_RE = re.compile(r"(?<=[a-zåäöéü])-[ \t]*\r?\n[ \t]*(?=[a-zåäöéü])"
                             r"(?!(?:och|eller|samt|respektive|resp|som|till|men|liksom)\b)")


def dehyphenate(text: str) -> str:
    """Words a PDF broke at a line end joined again, for reading and matching (never offsets)."""
    return HYPHEN_BREAK_RE.sub("", text)


def strip_tags(text: str) -> str:
    return TAG_RE.sub(" ", text)


def clean(text: str) -> str:
    """Text for reading and embedding: HTML fragments and markdown emphasis dropped,
    whitespace collapsed. Never used for offsets."""
    text = strip_tags(dehyphenate(text)).replace("**", "").replace("\x08", " ")
    return " ".join(text.split())


def first_year(text: str) -> int | None:
    m = YEAR_RE.search(text)
    return int(m.group(1)) if m else None


# A sentence ends at . ! ? before a capital, digit, bullet or tag, and between HTML cells.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•\-–(\"<])|(?<=</p>)\s*(?=<p>)|(?<=</li>)\s*(?=<li>)")


def no_sentence_end(tail: str) -> bool:
    """True after an ordinal or a numbered label ("1.", "34.", "NB1.1.") or an abbreviation
    ("bl.a.", "t.ex."), where a period ends no sentence; a year ("2025.") does end one."""
    if len(tail) > 7:
        return False
    if tail.count(".") >= 2:
        return True
    digits = sum(ch.isdigit() for ch in tail)
    return digits > 0 and (len(tail.rstrip(".")) <= 3 or not tail.rstrip(".").isdigit())
