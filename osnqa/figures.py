"""Figures in a sentence: value, unit, what they measure and over which period, so that two
years' figures are paired only when they measure the same thing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .index.lexical import STOPWORDS, tokenize
from .sentences import Sentence

NUMBER = r"[-–+]?\s?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?"
VALUE_RE = re.compile(rf"(?<![\w,.-])({NUMBER})\s*(%|procent|miljoner kronor|miljoner|mnkr|mkr|personer|"
                      rf"timmar|medarbetare|anmälningar|polisanmälningar|underrättelser|verksamheter|stycken)?(?![\w-])",
                      re.IGNORECASE)
PERIOD_RE = re.compile(
    r"\b(jan(?:uari)?\s*[–-]\s*(?:feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\w*|per (?:januari|februari|mars|april|maj|"
    r"juni|juli|augusti|september|oktober|november|december)|första halvåret|helår(?:et)?|delår\w*|hela året)\b",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"^(19|20)\d\d$")
UNITS = {"%": "%", "procent": "%", "miljoner kronor": "mnkr", "miljoner": "mnkr", "mnkr": "mnkr", "mkr": "mnkr"}


@dataclass(frozen=True)
class Figure:
    value: str  # as written, "7,65"
    unit: str  # normalised: "%", "mnkr", "personer", …, or ""
    what: frozenset[str]  # stems that say what is measured
    label: str  # readable label: "sjukfrånvaro", "Nämnden totalt · Kommunbidrag"
    period: str | None
    sentence: Sentence
    row: frozenset[str] = frozenset()  # a table row's label stems; the column is in `what`

    @property
    def shown(self) -> str:
        return f"{self.value} {self.unit}".strip()


def _unit(raw: str | None, context: str) -> str:
    if raw:
        return UNITS.get(raw.lower(), raw.lower())
    low = context.lower()
    if "miljoner kronor" in low or "mnkr" in low:
        return "mnkr"
    return ""


def _period(text: str) -> str | None:
    m = PERIOD_RE.search(text)
    return re.sub(r"\s+", " ", m.group(1).lower()).replace("-", "–") if m else None


def figures(sentence: Sentence, context: str = "") -> list[Figure]:
    """Figures of one sentence; a table row gives one figure per column."""
    out: list[Figure] = []
    parsed = sentence.cells()
    if parsed:
        label, pairs = parsed
        for header, value in pairs:
            if not re.fullmatch(NUMBER, value):
                continue
            measure = " ".join(re.sub(r"\b(19|20)\d\d(\d\d)?\b", "", header).split())
            what = frozenset(t for t in tokenize(measure) if not t.isdigit())
            row = frozenset(t for t in tokenize(label) if not t.isdigit())
            unit = _unit(None, f"{sentence.columns[0]} {label} {context}")
            out.append(Figure(value, unit, what, f"{label} · {measure}".strip(" ·"), _period(header), sentence, row))
        return out
    text = sentence.plain
    period = _period(text)
    for m in VALUE_RE.finditer(text):
        value = m.group(1).replace(" ", " ").strip()
        digits = re.sub(r"\D", "", value)
        if YEAR_RE.match(digits) or not digits:
            continue
        before = text[: m.start()].split()[-6:]
        words = [w for w in before if not re.search(r"\d", w)]
        what = frozenset(t for t in tokenize(" ".join(words)) if t not in STOPWORDS and not t.isdigit())
        if not what:
            continue
        out.append(Figure(value, _unit(m.group(2), ""), what, " ".join(words[-3:]), period, sentence))
    return out


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def comparable(a: Figure, b: Figure) -> bool:
    """Same unit, same measure (column or words before the number), and for table rows the
    same row."""
    if a.unit != b.unit or not a.what or not b.what:
        return False
    if a.row or b.row:
        return _jaccard(a.row, b.row) >= 0.8 and _jaccard(a.what, b.what) >= 0.5
    return _jaccard(a.what, b.what) >= 0.5
