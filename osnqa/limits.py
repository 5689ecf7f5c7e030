"""Bounds on what one query may cost.

The embedding model reads at most 512 tokens, but embedding 512 costs ~2 s on two cores
against ~40 ms for a question, so a query is cut (at a word boundary) to its first 128 tokens
(~500 characters, longer than any real question): a 60,000-character query then costs at most
about three times a short one (benchmarks/long_query.py). Everything downstream — lexical
search, the answer's analysis — works on that same text; lexical search then keeps the
question's most informative terms (the rarest in the index). A cut query carries a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

MAX_QUERY_TOKENS = 128  # of the 512 multilingual-e5-small reads, specials included
MAX_LEXICAL_TERMS = 32
SAFE_CHARS = MAX_QUERY_TOKENS - 8  # a token is at least one character: this many fit whatever the tokenizer
PRE_CUT = 64 * MAX_QUERY_TOKENS  # no token is longer than this many characters on average


@dataclass(frozen=True)
class Bounded:
    text: str
    note: str | None = None


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _word_cut(text: str) -> str:
    m = re.search(r"\s+\S*$", text)
    return text[: m.start()] if m and m.start() > 0 else text


def bound(text: str, count_tokens: Callable[[str], int], limit: int = MAX_QUERY_TOKENS) -> Bounded:
    """The part of `text` the model reads, and a note when that is not all of it."""
    if len(text) <= SAFE_CHARS:
        return Bounded(text)
    cut = text[:PRE_CUT]
    n = count_tokens(cut)
    if n <= limit and len(cut) == len(text):
        return Bounded(text)
    while n > limit:
        cut = _word_cut(cut[: max(1, int(len(cut) * (limit - 4) / n))])
        n = count_tokens(cut)
    cut = cut.rstrip()
    note = (f"Frågan är {_number(len(text))} tecken lång; bara de första {_number(len(cut))} tecknen "
            f"(de första {limit} token) användes.")
    return Bounded(cut, note)
