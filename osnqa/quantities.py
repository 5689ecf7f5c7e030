"""Quantities in Swedish text: digits with decimal commas and space-separated thousands,
number words ("tio", "tolv"), fractions ("tre fjärdedelar") and their units."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50,
    "hundra": 100,
}
FRACTIONS = {
    "hälften": 50.0, "en halv": 50.0, "en tredjedel": 33.3, "två tredjedelar": 66.7, "en fjärdedel": 25.0,
    "tre fjärdedelar": 75.0, "en femtedel": 20.0,
}
UNIT_RE = r"(%|procent(?:enheter)?|miljoner kronor|miljoner kr|miljoner|mnkr|mkr|tkr|kronor|personer|brukare|" \
          r"medarbetare|åtgärder|uppdrag|timmar|dagar|veckor|månader|anmälningar|verksamheter)"
NUMBER_RE = re.compile(rf"(?<![\w,])([-–+]?\d{{1,3}}(?:[ \u00a0]\d{{3}})*(?:,\d+)?)(?![\d])\s*{UNIT_RE}?", re.IGNORECASE)
WORD_RE = re.compile(rf"\b({'|'.join(sorted(WORDS, key=len, reverse=True))})\s+{UNIT_RE}", re.IGNORECASE)
# a number word that counts something without a unit: "tre år", "nio utförare" ("en"/"ett" are articles)
COUNT_WORDS = [w for w in WORDS if w not in ("en", "ett")]
COUNT_RE = re.compile(rf"\b({'|'.join(sorted(COUNT_WORDS, key=len, reverse=True))})\s+(?!{UNIT_RE})[^\W\d_]{{2,}}", re.IGNORECASE)
FRACTION_RE = re.compile(rf"\b({'|'.join(FRACTIONS)})\b", re.IGNORECASE)
YEAR_RE = re.compile(r"^(19|20)\d\d$")
UNITS = {"%": "%", "procent": "%", "procentenheter": "procentenheter", "miljoner kronor": "mnkr",
         "miljoner kr": "mnkr", "miljoner": "mnkr", "mnkr": "mnkr", "mkr": "mnkr"}


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # normalised unit or ""
    text: str  # as written
    start: int

    @property
    def shown(self) -> str:
        return self.text


def _value(raw: str) -> float | None:
    cleaned = raw.replace(" ", "").replace("\u00a0", "").replace("–", "-").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _unit(raw: str | None) -> str:
    if not raw:
        return ""
    return UNITS.get(raw.lower(), raw.lower())


def quantities(text: str, years: bool = False) -> list[Quantity]:
    """Quantities in order; years (2023) are left out unless asked for."""
    out: list[Quantity] = []
    for m in NUMBER_RE.finditer(text):
        raw = m.group(1)
        digits = re.sub(r"\D", "", raw)
        if not years and YEAR_RE.match(digits) and not m.group(2):
            continue
        if re.match(r"\d{4}-\d{2}", text[m.start():m.start() + 7]):
            continue  # a date or a diarienummer part
        value = _value(raw)
        if value is not None:
            out.append(Quantity(value, _unit(m.group(2)), m.group(0).strip(), m.start()))
    for m in WORD_RE.finditer(text):
        out.append(Quantity(float(WORDS[m.group(1).lower()]), _unit(m.group(2)), m.group(0), m.start()))
    fractions = [(m.start(), m.end()) for m in FRACTION_RE.finditer(text)]
    for m in COUNT_RE.finditer(text):
        if any(a <= m.start() < b for a, b in fractions):
            continue  # "tre fjärdedelar" is a share, read below
        out.append(Quantity(float(WORDS[m.group(1).lower()]), "", m.group(1), m.start()))
    for m in FRACTION_RE.finditer(text):
        out.append(Quantity(FRACTIONS[m.group(1).lower()], "%", m.group(0), m.start()))
    return sorted(out, key=lambda q: q.start)


def same(a: Quantity, b: Quantity) -> bool:
    if abs(a.value - b.value) > max(0.005 * abs(b.value), 0.01):
        return False
    return not a.unit or not b.unit or a.unit == b.unit


def years_in(text: str) -> set[int]:
    found = set()
    # not the year inside an identifier ("SOU 2018:74", "KFKS 2011/268", "OSN-2024-00720")
    for m in re.finditer(r"(?<![\d/:-])(20\d\d)(\d\d)?(?![\d-])(?![:/]\d)", text):
        found.add(int(m.group(1)))
    return found
