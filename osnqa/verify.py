"""Check a claim against the sources: supported, contradicted or not found.

A claim is supported only when one source passage's sentence (or two that follow each other)
carries all of it: its subject, every figure with its unit and year, its direction
(överskott/underskott, ökat/minskat …), its names and its negation. It is contradicted when
a sentence on the same subject says otherwise on one of these points."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .answer import Answerer, Citation, Unit, matched_terms, weight
from .index.lexical import STOPWORDS, _stem, split_compounds, tokenize
from .quantities import Quantity, quantities, same, years_in
from .question import NOISE, content_terms
from .sentences import Sentence

UP = r"ök\w*|högre|större|stig\w*|steg|fler|mer|förbättr\w*|bättre|upp(?:gått|gick)?"
DOWN = r"minsk\w*|lägre|mindre|sjönk|sjunk\w*|färre|försämr\w*|sämre|ned(?:gång)?|fall\w*"
DIRECTIONS = {
    "result": (re.compile(r"\b(överskott\w*|positiv\w* avvikelse|plus)\b", re.I),
               re.compile(r"\b(underskott\w*|negativ\w* avvikelse|minus)\b", re.I)),
    "change": (re.compile(rf"\b({UP})\b", re.I), re.compile(rf"\b({DOWN})\b", re.I)),
}
NEGATION = re.compile(r"\b(inte|ej|ingen|inga|inget|aldrig|icke|saknas)\b", re.I)
ENTITY_RE = re.compile(r"(?<![.!?'\"‘’“”„:]\s)(?<![\w'\"‘’“”„])(?<!^)([A-ZÅÄÖ][a-zåäöé]{2,}(?:\s+(?:universitet|högskola|kommun|region|län|stad))?)\b")
COMMON_CAPS = {"Omsorgsnämnden", "Nämnden", "Uppsala", "Uppdraget", "Avdelning", "Under", "Per", "Sjukfrånvaron",
               "Korttidsfrånvaron", "Andelen", "Kostnaden", "Insatser", "Daglig", "Trygghetsskapande", "Det", "Den"}
SUPPORT_COVERAGE = 0.6
SUPPORT_COVERAGE_WITH_FIGURES = 0.5
CONTRADICT_COVERAGE = 0.45
NUMBER_CLAIM_RE = re.compile(r"\b(?:nummer|nr|uppdrag)\s+(\d{1,3})\b", re.I)


@dataclass
class Verdict:
    claim: str
    verdict: str  # "supported" | "contradicted" | "not_found"
    confidence: float
    explanation: str
    evidence: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "verdict": self.verdict, "confidence": round(self.confidence, 2),
                "explanation": self.explanation, "evidence": [c.to_dict() for c in self.evidence]}


@dataclass
class Check:
    unit: Unit
    coverage: float
    conflicts: list[str]
    missing: list[str]
    agreed: int = 0  # claim figures the source states alike

    @property
    def weight(self) -> float:
        return self.coverage + 0.1 * self.agreed

    @property
    def sentences(self) -> list[Sentence]:
        return self.unit.sentences


def _direction(text: str) -> dict[str, int]:
    out = {}
    for dim, (up, down) in DIRECTIONS.items():
        u, d = bool(up.search(text)), bool(down.search(text))
        if u != d:
            out[dim] = 1 if u else -1
    return out


WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
NEAR = 4  # words: how far a "högre"/"lägre" reaches to what it is said of


def _local_directions(text: str) -> dict[str, tuple[int, str]]:
    """For each word near a change word ("lägre volym"), the sign of the nearest change word
    and that word: what the text says went up or down, when one sentence says both."""
    up, down = DIRECTIONS["change"]
    words = [w.lower() for w in WORD_RE.findall(text)]
    marks = {i: (1 if up.fullmatch(w) else -1, w) for i, w in enumerate(words) if up.fullmatch(w) or down.fullmatch(w)}
    nearest: dict[str, tuple[int, int, str]] = {}  # stem: (distance, sign, change word)
    for i, w in enumerate(words):
        stem = _stem(w)
        if not marks or i in marks or w in STOPWORDS or stem in NOISE:
            continue
        found = min((abs(i - j), sign, word) for j, (sign, word) in marks.items())
        if found[0] <= NEAR and found[0] < nearest.get(stem, (NEAR + 1,))[0]:
            nearest[stem] = found
    return {stem: (sign, word) for stem, (_, sign, word) in nearest.items()}


def _change_conflict(claim: str, text: str) -> str | None:
    """The source says the opposite of the claim about the very thing the claim's change word
    is said of ("lägre volym" against "volymerna blev högre")."""
    said, found = _local_directions(claim), _local_directions(text)
    shared = [t for t in said if t in found and len(t) >= 4]
    against = [t for t in shared if said[t][0] != found[t][0]]
    alike = [t for t in shared if said[t][0] == found[t][0]]
    if against and len(against) > len(alike):
        t = against[0]
        return f"källan säger {found[t][1]}, inte {said[t][1]}"
    return None


def _entities(text: str) -> set[str]:
    return {m.group(1) for m in ENTITY_RE.finditer(text) if m.group(1) not in COMMON_CAPS}


def _before(text: str, start: int, words: int = 5) -> set[str]:
    """Stems of the words just before a figure: what it measures."""
    return {t for t in tokenize(" ".join(text[:start].split()[-words:])) if not t[0].isdigit() and t not in NOISE}


def _figures(sentences: list[Sentence]) -> list[tuple[Quantity, set[int], str, set[str]]]:
    """(quantity, years it is about, where it stands, what it measures) for every number of
    the sentences; a table value takes its column's year and its row's label."""
    out = []
    for s in sentences:
        cells = s.cells()
        if cells:
            label, pairs = cells
            for header, value in pairs:
                for q in quantities(value):
                    unit = q.unit or ("%" if "%" in label or "%" in header else "")
                    where = f"{label} {header}".strip()
                    measure = {t for t in tokenize(where) if not t[0].isdigit() and t not in NOISE}
                    out.append((Quantity(q.value, unit, value, q.start), years_in(header), where, measure))
            continue
        text = s.plain
        for q in quantities(text):
            out.append((q, set(), text, _before(text, q.start)))
    return out


class Verifier:
    def __init__(self, answerer: Answerer):
        self.answerer = answerer
        self.searcher = answerer.searcher

    def verify(self, claim: str) -> Verdict:
        claim = self.searcher.bound(" ".join(claim.split())).text
        if not claim:
            return Verdict(claim, "not_found", 0.0, "Påståendet är tomt.")
        numbered = self._numbering(claim)
        if numbered is not None:
            return numbered
        c = self.answerer.candidates(claim, None)
        # the subject of the claim: its words less its figures, directions and negations,
        # which are checked one by one below
        subject = claim
        for q in quantities(claim):
            subject = subject.replace(q.text, " ")
        for up, down in DIRECTIONS.values():
            subject = down.sub(" ", up.sub(" ", subject))
        subject = NEGATION.sub(" ", subject)
        terms = [t for t in split_compounds(self.searcher.index.db, content_terms(subject))]
        idf = self.answerer.idf(terms)[0]
        total = sum(idf.values()) or 1.0
        claim_q = quantities(claim)
        claim_years = years_in(claim)
        claim_dir = _direction(claim)
        claim_neg = bool(NEGATION.search(claim))
        claim_ent = _entities(claim)

        checks: list[Check] = []
        for unit in c.units[:60]:
            text = " ".join(s.plain for s in unit.sentences)
            own = matched_terms(tokenize(" ".join(s.readable() for s in unit.sentences)), idf)
            around = c.contexts.get(unit.rank, "")
            # what the claim says of its source ("Enligt tjänsteskrivelsen om …") the passage's
            # document, headings and neighbouring text may carry; it counts half
            framed = matched_terms(tokenize(around), idf) - own
            coverage = (weight(own, idf) + 0.5 * weight(framed, idf)) / total
            if coverage < CONTRADICT_COVERAGE:
                continue
            conflicts, missing = [], []
            agreed = 0
            figs = _figures(unit.sentences)
            source_years = years_in(text) | {unit.sentences[0].source.year}
            for q in claim_q:
                match = [f for f in figs if same(q, f[0])]
                fitting = [f for f in match if not f[1] or not claim_years or f[1] & claim_years]
                if fitting:
                    agreed += 1
                    continue
                if match:
                    f = match[0]
                    conflicts.append(f"{q.text} avser {', '.join(map(str, sorted(f[1])))} enligt källan ({f[2]})")
                    continue
                measure = _before(claim, q.start)
                counted = _after(claim, q.start + len(q.text))
                rivals = [f for f in figs if f[0].unit == q.unit
                          and ((q.unit and f[3] & measure) or (counted and counted == _after(f[2], f[0].start + len(f[0].text))))
                          and not any(same(f[0], other) for other in claim_q)
                          and (not claim_years or not f[1] or f[1] & claim_years)]
                if rivals:
                    conflicts.append(f"källan anger {rivals[0][0].text}{_unit_suffix(rivals[0][0])}, inte {q.text}")
                else:
                    missing.append(q.text)
            for y in claim_years:
                if y not in source_years:
                    missing.append(str(y))
            src_dir = _direction(text)
            for dim, sign in claim_dir.items():
                if dim in src_dir and src_dir[dim] != sign:
                    word = DIRECTIONS[dim][0 if src_dir[dim] > 0 else 1].search(text).group(0)
                    said = DIRECTIONS[dim][0 if sign > 0 else 1].search(claim).group(0)
                    conflicts.append(f"källan säger {word.lower()}, inte {said.lower()}")
                elif dim not in src_dir and dim == "result":
                    missing.append("riktning")
                elif dim not in src_dir:
                    opposite = _change_conflict(claim, text)
                    if opposite:
                        conflicts.append(opposite)
            absent = {e for e in claim_ent if not _named_in(e, text)}
            rivals_ent = _rival_names(claim, text, absent)
            if rivals_ent:
                conflicts.append(f"källan nämner {', '.join(sorted(set(rivals_ent.values())))}, "
                                 f"inte {', '.join(sorted(rivals_ent))}")
            else:
                missing.extend(sorted(e for e in absent if not _named_in(e, around)))
            figures_agree = bool(claim_q) and agreed == len(claim_q)
            period = _period_conflict(claim, text)
            if period:
                conflicts.append(period)
            negated_here = _negates(text, idf) if not claim_neg else bool(NEGATION.search(text))
            if claim_neg != negated_here and coverage >= SUPPORT_COVERAGE and not figures_agree:
                if claim_neg:
                    conflicts.append("källan säger inte att det saknas eller inte skett")
                else:
                    conflicts.append("källan uttrycker det som en negation")
            checks.append(Check(unit, coverage, conflicts, missing, agreed))

        # figures that all agree are strong evidence of their own; a claim without any needs
        # more of its words in the source
        needed = SUPPORT_COVERAGE_WITH_FIGURES if claim_q else SUPPORT_COVERAGE
        supported = [k for k in checks if not k.conflicts and not k.missing and k.coverage >= needed]
        contradicted = [k for k in checks if k.conflicts]
        best_s = max(supported, key=lambda k: k.weight, default=None)
        best_c = max(contradicted, key=lambda k: k.weight, default=None)
        if best_s and (best_c is None or best_s.coverage >= best_c.coverage):
            where = _where(best_s)
            return Verdict(claim, "supported", min(1.0, best_s.coverage), f"Källan säger detsamma ({where}).",
                           [Citation.of(s) for s in best_s.sentences])
        if best_c:
            text = "; ".join(dict.fromkeys(best_c.conflicts))
            return Verdict(claim, "contradicted", min(1.0, best_c.coverage),
                           text[0].upper() + text[1:] + f" ({_where(best_c)}).",
                           [Citation.of(s) for s in best_c.sentences])
        nearest = [Citation.of(s) for s in (c.units[0].sentences if c.units else [])]
        return Verdict(claim, "not_found", 0.0,
                       "Inget i underlaget bekräftar eller motsäger påståendet; det närmaste avsnittet citeras.", nearest)

    def _numbering(self, claim: str) -> Verdict | None:
        """Claims about which number an assignment has in which year's plan."""
        m = NUMBER_CLAIM_RE.search(claim)
        years = years_in(claim)
        if not m or not years or "plan" not in claim.lower():
            return None
        from .trace import Tracer

        number = int(m.group(1))
        tracer = Tracer(self.searcher)
        if not tracer.assignments:
            return None
        trace = tracer.trace(NUMBER_CLAIM_RE.sub(" ", claim))
        if not trace.lineage:
            return None
        by_year = {e.year: e for e in trace.lineage}
        wrong = [(y, by_year.get(y)) for y in sorted(years) if not by_year.get(y) or by_year[y].uppdrag != number]
        evidence = [c for y in sorted(years) if by_year.get(y) for c in by_year[y].citations[:1]]
        if not wrong:
            return Verdict(claim, "supported", 0.9,
                           f"Uppdraget har nummer {number} i {' och '.join(map(str, sorted(years)))} års plan.", evidence)
        parts = []
        for y, e in wrong:
            parts.append(f"{y}: nummer {e.uppdrag}" if e and e.uppdrag else f"{y}: finns inte i planen")
        return Verdict(claim, "contradicted", 0.85, "Källan anger " + "; ".join(parts) + ".", evidence)


PERIOD_RE = re.compile(r"\b(?:per|i|om|varje)\s+(dag|dagen|vecka|veckan|månad|månaden|år|året|timme|timmen|termin|terminen)\b",
                       re.IGNORECASE)


def _negates(text: str, idf: dict[str, float]) -> bool:
    """The text negates something the claim speaks of: a claim term among the few words after
    its "inte"/"ej"/"ingen" (a negation elsewhere in the sentence says nothing of the claim)."""
    for m in NEGATION.finditer(text):
        window = " ".join(text[m.end():].split()[:NEAR + 1])
        if matched_terms(tokenize(window), idf):
            return True
    return False


def _period_conflict(claim: str, text: str) -> str | None:
    """A figure per day is not the same figure per week."""
    said = {m.group(1).lower()[:4] for m in PERIOD_RE.finditer(claim)}
    found = {m.group(1).lower()[:4]: m.group(0) for m in PERIOD_RE.finditer(text)}
    if said and found and not said & set(found):
        wrote = PERIOD_RE.search(claim).group(0)
        return f"källan säger {next(iter(found.values()))}, inte {wrote}"
    return None


def _after(text: str, end: int) -> str | None:
    """The stem of the word after a figure: what it counts ("540 elever")."""
    m = re.match(r"\s*([^\W\d_]{3,})", text[end:])
    if not m:
        return None
    stems = tokenize(m.group(1))
    return stems[0] if stems else None


def _named_in(name: str, text: str) -> bool:
    """A name stands in the text, in any inflection ("Göteborgs" ~ "Göteborg")."""
    stem = _stem(name.lower().rstrip("s")) if len(name) > 4 else name.lower()
    return any(_stem(w.lower().rstrip("s")) == stem for w in WORD_RE.findall(text)) or name in text


def _rival_names(claim: str, text: str, absent: set[str]) -> dict[str, str]:
    """For a name of the claim the source lacks, the source's name in the same place: the
    same word just before it ("socialnämnden Centrum" against "Socialnämnden Nordost")."""
    out = {}
    source_names = _entities(text)
    for name in absent:
        if " " in name:  # "Uppsala universitet" against "Skövde universitet": the same kind of name
            kind = name.split()[-1].lower()
            other = next((o for o in source_names if " " in o and o.split()[-1].lower() == kind and not _named_in(o, claim)), None)
            if other:
                out[name] = other
                continue
        m = re.search(r"([^\W\d_]+)\s+" + re.escape(name) + r"\b", claim)
        if not m:
            continue
        before = _stem(m.group(1).lower())
        if before in STOPWORDS or len(before) < 4:
            continue
        for other in source_names:
            if _named_in(other, claim):
                continue
            n = re.search(r"([^\W\d_]+)\s+" + re.escape(other) + r"\b", text)
            if n and _stem(n.group(1).lower()) == before:
                out[name] = other
                break
    return out


def _unit_suffix(q: Quantity) -> str:
    """The unit to add after a figure whose text does not show it (a table cell)."""
    if not q.unit or re.search(r"[^\d\s,.–+-]", q.text):
        return ""
    return f" {q.unit}" if q.unit != "%" else " %"


def _where(check: Check) -> str:
    s = check.sentences[0].source
    place = f"s. {s.page}" if s.page else f"rad {s.line_start}"
    return f"{s.file}, {s.part}, {place}"
