"""Follow-up questions in the shell: an elliptic line ("och 2023 då?", "förra året?",
"varför?", "vad beror det på?") read against the previous question, keeping its topic,
years and filters, into a whole question the answerer can take on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .query import LAST_YEAR_RE, THIS_YEAR_RE, YEAR_RE, analyse
from .search import Filters

# "året innan/före" and "året efter" count from the previous question's year
BEFORE_RE = re.compile(r"\b(året (innan|före)|föregående år|året dessförinnan)\b", re.IGNORECASE)
AFTER_RE = re.compile(r"\b(året (efter|därpå|därefter)|nästa år)\b", re.IGNORECASE)
YEAR_PHRASES = (THIS_YEAR_RE, LAST_YEAR_RE, BEFORE_RE, AFTER_RE)

# words that carry no topic of their own in a follow-up
FILLER = {"och", "men", "än", "då", "för", "i", "under", "år", "året", "samma", "sak", "hur", "var", "är", "det",
          "såg", "ser", "ut", "blev", "gäller", "vad", "om", "med", "sen", "sedan", "så", "också", "gällande",
          "motsvarande", "siffran", "siffrorna", "läget", "där", "nu", "ja", "okej", "ok", "tack"}
REASON_TRIGGERS = {"varför", "beror", "orsak", "orsaken", "orsakerna", "anledning", "anledningen", "anledningarna",
                   "förklaring", "förklaringen", "förklarar", "kommer"}
REASON_WORDS = FILLER | REASON_TRIGGERS | {"på", "sig", "till", "detta", "dem", "den", "de", "finns", "någon", "några",
                                           "bakom", "vilken", "vilka", "kan", "man", "mer", "skälet", "skälen", "att"}
WORD_RE = re.compile(r"[\wåäöÅÄÖ]+")


@dataclass
class Turn:
    """A question the shell has answered (or a search it ran), as it was read."""

    question: str
    kind: str = "ask"  # "ask" or "search"
    filters: Filters = field(default_factory=Filters)


@dataclass
class Reading:
    question: str
    kind: str
    filters: Filters
    followup: bool = False  # read against the previous question: show "Tolkar som: …"
    reason: bool = False
    years: list[int] = field(default_factory=list)  # the years a year follow-up asks about

    def shown(self) -> str:
        """How the line was read, for "Tolkar som: …"."""
        scope = self.filters.to_dict()
        bits = []
        if scope.get("year"):
            bits.append("bara " + " och ".join(str(y) for y in scope["year"]) + " års dokument")
        if scope.get("uppdrag") is not None:
            bits.append(f"uppdrag {scope['uppdrag']}")
        if scope.get("part"):
            bits.append(f"delen {scope['part']}")
        prefix = "sök " if self.kind == "search" else ""
        return prefix + self.question + (f" ({', '.join(bits)})" if bits else "")


def _words(line: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(line)]


def _without_years(line: str) -> str:
    for pattern in YEAR_PHRASES:
        line = pattern.sub(" ", line)
    return YEAR_RE.sub(" ", line)


def is_reason(line: str) -> bool:
    """'varför?', 'vad beror det på?', 'hur kommer det sig?': a why with no topic of its own."""
    words = _words(line)
    return bool(words) and len(words) <= 8 and any(w in REASON_TRIGGERS for w in words) and \
        all(w in REASON_WORDS for w in words) and (words[0] != "kommer" or "sig" in words)


def follow_years(line: str, previous: Turn, index_years: list[int]) -> list[int] | None:
    """The years an elliptic year follow-up asks about ('och 2023 då?' → [2023]), or None when
    the line is not one."""
    rest = _words(_without_years(line))
    if not all(w in FILLER for w in rest):
        return None
    years = set(int(y) for y in YEAR_RE.findall(line))
    info = analyse(line, index_years)
    if info.relative:
        years |= set(info.years)
    before = analyse(previous.question, index_years).years
    if BEFORE_RE.search(line) and before:
        years.add(min(before) - 1)
    if AFTER_RE.search(line) and before:
        years.add(max(before) + 1)
    return sorted(years) or None


def with_years(question: str, years: list[int]) -> str:
    """The question asked about other years: its own year (or 'i år', 'förra året') replaced."""
    text = " och ".join(str(y) for y in years)
    marker = "\x00"
    for pattern in YEAR_PHRASES:
        if pattern.search(question):
            question = pattern.sub(marker, question, count=1)
            break
    else:
        question = YEAR_RE.sub(marker, question, count=1)
    if marker not in question:
        return f"{question.rstrip().rstrip('?').rstrip()} {text}?"
    return _tidy(_without_years(question).replace(marker, text))


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([?.,])", r"\1", text)
    text = re.sub(r"\b(och|,)\s*(\?|$)", r"\2", text)
    return " ".join(text.split())


ADJ_Q = re.compile(r"^hur\s+(\w+)\s+(var|är|blev|har varit|hade)\s+(.+?)\s*\??$", re.IGNORECASE)
AMOUNT_Q = re.compile(r"^hur\s+(mycket|ofta|länge)\s+(\w+(?:ade|de|te|tt|ar|er))\s+(.+?)\s*\??$", re.IGNORECASE)
WHICH_Q = re.compile(r"^(vilka|vilken|vilket)\s+(\w+)\s+(är|var|blev|har|hade)\s+(.+?)\s*\??$", re.IGNORECASE)
HAVE_Q = re.compile(r"^hur\s+(har|hade)\s+(.+?)\s*\??$", re.IGNORECASE)
WHAT_Q = re.compile(r"^(vad|vilken|vilket|vilka)\s+(var|är|blev|hade|har)\s+(.+?)\s*\??$", re.IGNORECASE)
YESNO_Q = re.compile(r"^(har|hade|är|var|blev|ökade|minskade|steg|sjönk|förbättrades|försämrades|"
                     r"gick|klarade|nådde|nåddes)\s+(.+?)\s*\??$", re.IGNORECASE)
def why(question: str) -> str:
    """The previous question turned into why it was so:
    'Hur hög var sjukfrånvaron 2025?' → 'Varför var sjukfrånvaron 2025 så hög?'."""
    q = question.strip()
    m = ADJ_Q.match(q)
    if m and m.group(1).lower() not in ("mycket", "många", "ofta", "länge"):
        return f"Varför {m.group(2).lower()} {m.group(3)} så {m.group(1).lower()}?"
    m = AMOUNT_Q.match(q)
    if m:
        return f"Varför {m.group(2).lower()} {m.group(3)} så {m.group(1).lower()}?"
    m = WHICH_Q.match(q)
    if m:
        return f"Varför {m.group(3).lower()} {m.group(2)} {m.group(4)}?"
    m = HAVE_Q.match(q)
    if m:
        return f"Varför {m.group(1).lower()} {m.group(2)}?"
    m = WHAT_Q.match(q)
    if m:
        return f"Vad beror {m.group(3)} på?"
    m = YESNO_Q.match(q)
    if m:
        return f"Varför {m.group(1).lower()} {m.group(2)}?"
    return f"Vad beror det på – {q[:1].lower()}{q[1:].rstrip('?')}?"


def read(line: str, previous: Turn | None, index_years: list[int], filters: Filters) -> Reading:
    """The line as a whole question: itself, or the previous question with what the line changes."""
    line = line.strip()
    if previous is not None:
        if is_reason(line):
            return Reading(why(previous.question), "ask", previous.filters, followup=True, reason=True)
        years = follow_years(line, previous, index_years)
        if years:
            kept = previous.filters
            if kept.years:
                kept = replace(kept, years=years)
            return Reading(with_years(previous.question, years), previous.kind, kept, followup=True, years=years)
    return Reading(line, "ask", filters)
