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
from .quantities import WORDS, Quantity, quantities, same, years_in
from .question import DAY_OF_MONTH_RE, NOISE, content_terms
from .sentences import Sentence
from .synonyms import party_mark

UP = r"ök\w*|högre|större|stig\w*|steg|fler|mer|förbättr\w*|bättre|upp(?:gått|gick)?"
DOWN = r"minsk\w*|lägre|mindre|sjönk|sjunk\w*|färre|försämr\w*|sämre|ned(?:gång)?|fall\w*"
DIRECTIONS = {
    "result": (re.compile(r"\b(överskott\w*|positiv\w* avvikelse|plus)\b", re.I),
               re.compile(r"\b(underskott\w*|negativ\w* avvikelse|minus)\b", re.I)),
    "change": (re.compile(rf"\b({UP})\b", re.I), re.compile(rf"\b({DOWN})\b", re.I)),
    # what was decided on a proposal or a motion: granted or turned down
    "decision": (re.compile(r"\b(bifall\w*|bifölls|bevilja\w*)\b", re.I),
                 re.compile(r"\b(avslå\w*|avslag\w*|avslogs|avslog)\b", re.I)),
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


BOTH_RESULTS_RE = re.compile(r"\böver-\s*(?:och|eller)\s+underskott", re.I)


def _direction(text: str) -> dict[str, int]:
    text = BOTH_RESULTS_RE.sub("överskott och underskott", text)  # "över- och underskott" is neither
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
        return f"källan säger \"{found[t][1]}\" där påståendet säger \"{said[t][1]}\""
    return None


def _initial_name(claim: str, texts: list[str]) -> set[str]:
    """The claim's first word when it is a name: the documents write it with a capital inside
    a sentence ("… Hammenhögs- och Tobisviksbadet")."""
    m = re.match(r"\s*([A-ZÅÄÖ][a-zåäöé]{3,})\b", claim)
    if not m or m.group(1) in COMMON_CAPS:
        return set()
    word = m.group(1)
    inside = re.compile(r"(?<=[\w,;-])\s+" + re.escape(word) + r"\b|[\w]+-\s*och\s+" + re.escape(word) + r"\b")
    return {word} if any(inside.search(t) for t in texts) else set()


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
        for q in quantities(text) + word_numbers(text):
            out.append((q, set(), text, _before(text, q.start)))
    return out


class Verifier:
    def __init__(self, answerer: Answerer):
        self.answerer = answerer
        self.searcher = answerer.searcher
        self._documents: dict[str, str] = {}

    def _document_text(self, file: str) -> str:
        if file not in self._documents:
            self._documents[file] = " ".join(" ".join(t.text.split()) for t in self.searcher.index.texts(file))
        return self._documents[file]

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
        claim_q = _claim_figures(claim)
        for q in claim_q:
            subject = subject.replace(q.text, " ")
        for up, down in DIRECTIONS.values():
            subject = down.sub(" ", up.sub(" ", subject))
        subject = NEGATION.sub(" ", subject)
        # figures, years and labels ("F-9", "6") are checked one by one below, not as words
        every = split_compounds(self.searcher.index, content_terms(subject))
        terms = [t for t in every if len(t) >= 2 and not any(ch.isdigit() for ch in t)] or every
        idf, df = self.answerer.idf(terms)
        # a word no document uses ("högstadiemotionen") is the claim's own wording or a thing the
        # documents lack; it is evidence neither way, so coverage is read over the words they use
        # (names the documents lack are still missing, below)
        idf = {t: w for t, w in idf.items() if df.get(t, 0) > 0} or idf
        total = sum(idf.values()) or 1.0
        # what a negation in the source must stand by to deny the claim: the claim's own matter,
        # not the document it names ("Enligt Välfärd skolas tjänsteskrivelse …") nor its years
        matter = {t: w for t, w in idf.items() if t not in c.question.frame and not any(ch.isdigit() for ch in t)} or idf
        claim_years = years_in(claim)
        claim_dir = _direction(claim)
        claim_neg = bool(NEGATION.search(claim))
        claim_ent = _entities(claim) | _initial_name(claim, [" ".join(s.plain for s in u.sentences) for u in c.units[:60]])

        checks: list[Check] = []
        for unit in c.units[:60]:
            text = " ".join(s.plain for s in unit.sentences)
            around = c.contexts.get(unit.rank, "")
            own, framed, coverage = _coverage(unit.sentences, c.headings.get(unit.rank, ""), idf, total)
            file = unit.sentences[0].source.file
            by_kind = {e for e in claim_ent if not _named_in(e, text) and not _named_in(e, around)
                       and _named_by_kind(e, claim, around, lambda: self._document_text(file))}
            if by_kind:
                # "Museet" stands for "Österlens museum": the claim's words for it are met
                named = matched_terms(tokenize(" ".join(_with_kind(e, claim) for e in by_kind)), idf) - own
                coverage += (weight(named, idf) - 0.5 * weight(named & framed, idf)) / total
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
                said = _following(claim, q.start + len(q.text))
                rivals = [f for f in figs if f[0].unit == q.unit
                          and ((q.unit and f[3] & measure) or (counted and counted == _after(f[2], f[0].start + len(f[0].text)))
                               or (not q.unit and said & _following(f[2], f[0].start + len(f[0].text))))
                          and not any(same(f[0], other) for other in claim_q)
                          and (not claim_years or not f[1] or f[1] & claim_years)]
                if rivals:
                    conflicts.append(f"källan anger {rivals[0][0].text}{_unit_suffix(rivals[0][0])}, inte {q.text}")
                else:
                    missing.append(q.text)
            for y in claim_years:
                if y not in source_years:
                    rival = _rival_year(claim, y, text)
                    if rival:
                        conflicts.append(rival)
                    else:
                        missing.append(str(y))
            src_dir = _direction(text)
            if "decision" in src_dir and MOTION_RE.search(text) and not MOTION_RE.search(claim):
                del src_dir["decision"]  # what a member moved ("yrkade bifall") is not what was decided
            for dim, sign in claim_dir.items():
                if dim in src_dir and src_dir[dim] != sign:
                    word = DIRECTIONS[dim][0 if src_dir[dim] > 0 else 1].search(text).group(0)
                    said = DIRECTIONS[dim][0 if sign > 0 else 1].search(claim).group(0)
                    conflicts.append(f"källan säger \"{word.lower()}\" där påståendet säger \"{said.lower()}\"")
                elif dim not in src_dir and dim in ("result", "decision"):
                    missing.append("riktning" if dim == "result" else "beslut")
                elif dim not in src_dir:
                    opposite = _change_conflict(claim, text)
                    if opposite:
                        conflicts.append(opposite)
            absent = {e for e in claim_ent if not _named_in(e, text)}
            rivals_ent = (_rival_names(claim, text, absent) or _rival_bodies(claim, text)
                          or _rival_members(claim, text, absent, lambda: self._document_text(file)))
            if rivals_ent:
                conflicts.append(f"källan nämner {', '.join(sorted(set(rivals_ent.values())))}, "
                                 f"inte {', '.join(sorted(rivals_ent))}")
            else:
                unnamed = sorted(e for e in absent if not _named_in(e, around) and e not in by_kind)
                if unnamed:
                    # a source that does not name what the claim is about says nothing against it
                    missing.extend(unnamed)
                    conflicts = []
            figures_agree = bool(claim_q) and agreed == len(claim_q)
            period = _period_conflict(claim, text)
            if period:
                conflicts.append(period)
            negated_here = _negates(text, matter) if not claim_neg else bool(NEGATION.search(text))
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
        if not supported and len(claim_q) > 1:
            supported = self._figures_apart(claim, claim_q, claim_years, claim_ent, c, idf, total, needed)
        contradicted = [k for k in checks if k.conflicts]
        if not supported and not contradicted:
            contradicted = self._members_apart(claim, claim_ent, c, idf, total)
        best_s = max(supported, key=lambda k: k.weight, default=None)
        best_c = max(contradicted, key=lambda k: k.weight, default=None)
        if best_s and (best_c is None or best_s.coverage >= best_c.coverage):
            where = _where(best_s)
            return Verdict(claim, "supported", min(1.0, best_s.coverage), f"Källan säger detsamma ({where}).",
                           [Citation.of(p) for s in best_s.sentences for p in s.pieces()])
        if best_c:
            text = "; ".join(dict.fromkeys(best_c.conflicts))
            return Verdict(claim, "contradicted", min(1.0, best_c.coverage),
                           text[0].upper() + text[1:] + f" ({_where(best_c)}).",
                           [Citation.of(p) for s in best_c.sentences for p in s.pieces()])
        nearest = [Citation.of(p) for s in (c.units[0].sentences if c.units else []) for p in s.pieces()]
        return Verdict(claim, "not_found", 0.0,
                       "Inget i underlaget bekräftar eller motsäger påståendet; det närmaste avsnittet citeras.", nearest)

    def _members_apart(self, claim: str, claim_ent: set[str], c, idf: dict[str, float], total: float) -> list[Check]:
        """Minutes tell who objected or moved in a paragraph of their own sentences: a claim that
        another party did so over the paragraph's matter is contradicted by it."""
        if not MEMBER_ROLE_RE.search(claim):
            return []
        out = []
        for rank, every in self.answerer._passages.items():
            if not every or every[0].source.paragraph is None:
                continue
            text = " ".join(x.plain for x in every)
            absent = {e for e in claim_ent if not _named_in(e, text)}
            own, _, coverage = _coverage(every, c.headings.get(rank, ""), idf, total)
            if coverage < SUPPORT_COVERAGE:
                continue
            file = every[0].source.file
            for x in every:
                rivals = _rival_members(claim, x.plain, absent, lambda: self._document_text(file))
                if rivals:
                    said = f"källan nämner {', '.join(sorted(set(rivals.values())))}, inte {', '.join(sorted(rivals))}"
                    out.append(Check(Unit([x], 0.0, coverage, own, rank), coverage, [said], []))
                    break
        return out

    def _figures_apart(self, claim: str, claim_q: list[Quantity], claim_years: set[int], claim_ent: set[str],
                       c, idf: dict[str, float], total: float, needed: float) -> list[Check]:
        """A claim of several figures ("30 barn …, kapacitet för 40 barn") may be borne out by one
        passage that states each of them, in sentences a few apart."""
        out = []
        for rank, every in self.answerer._passages.items():
            holders: list[Sentence] = []
            for q in claim_q:
                holder = next((x for x in every for f in _figures([x]) if same(q, f[0])
                               and (not f[1] or not claim_years or f[1] & claim_years)), None)
                if holder is None:
                    break
                if holder not in holders:
                    holders.append(holder)
            else:
                holders.sort(key=lambda x: x.position)
                text = " ".join(x.plain for x in holders)
                around = c.contexts.get(rank, "")
                document = self._document_text(holders[0].source.file)
                if any(not _named_in(e, text) and not _named_in(e, around) and not _named_in(e, document)
                       for e in claim_ent):
                    continue
                # what the claim says of its source ("Enligt … tjänsteskrivelse från januari 2021")
                # the document may say anywhere
                said = matched_terms(tokenize(document), idf) & set(c.question.frame)
                own, _, coverage = _coverage(holders, c.headings.get(rank, ""), idf, total, said)
                if coverage >= needed:
                    out.append(Check(Unit(holders, 0.0, coverage, own, rank), coverage, [], [], len(claim_q)))
        return out

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


# a number that names rather than counts: a day of a date ("13 maj"), a label ("årskurs 6", "§ 24"),
# an identifier ("SOU 2018:74", "F-9")
NAMING_NUMBER_RE = re.compile(
    DAY_OF_MONTH_RE.pattern + "|"
    r"\b(?:årskurs|åk|klass|§|paragraf|uppdrag|bilaga|sida|kapitel|avsnitt|punkt|nr|nummer|fokusmål|diagram|tabell)\s+\d{1,3}\b|"
    r"\d{4}:\d+|\b[A-ZÅÄÖ]{1,4}-\d{1,3}\b", re.IGNORECASE)


def _claim_figures(claim: str) -> list[Quantity]:
    """The quantities a claim states: its numbers less those that name a date, a label or an
    identifier, which are read as words."""
    naming = [(m.start(), m.end()) for m in NAMING_NUMBER_RE.finditer(claim)]
    found = [q for q in quantities(claim) if not any(a <= q.start < b or a < q.start + len(q.text) <= b for a, b in naming)]
    return found + word_numbers(claim)


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


NUMBER_WORDS = {w: n for w, n in WORDS.items() if 2 <= n <= 20}  # "två" to "tjugo"; "en", "ett" are articles
# not a share ("tre fjärdedelar", "två tredjedelar"), which is no count
NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b(?!\s+\w*del(?:ar|en)?\b)", re.IGNORECASE)


def word_numbers(text: str) -> list[Quantity]:
    """Counts written in words ("nio utförare"), as the figures they are."""
    return [Quantity(float(NUMBER_WORDS[m.group(1).lower()]), "", m.group(1), m.start())
            for m in NUMBER_WORD_RE.finditer(text)]


def _following(text: str, end: int, words: int = 4) -> set[str]:
    """The content stems just after a figure: what is said of what it counts ("… hade avvikelser")."""
    return {t for t in tokenize(" ".join(text[end:].split()[:words])) if not t[0].isdigit() and t not in NOISE}


def _after(text: str, end: int) -> str | None:
    """The stem of the word after a figure: what it counts ("540 elever")."""
    m = re.match(r"\s*([^\W\d_]{2,})", text[end:])
    if not m:
        return None
    stems = tokenize(m.group(1))
    return stems[0] if stems else None


def _named_in(name: str, text: str) -> bool:
    """A name stands in the text, in any inflection ("Göteborgs" ~ "Göteborg"), a party also
    as the minutes mark its members ("Miljöpartiets" ~ "(MP)")."""
    mark = party_mark(name)
    if mark and mark in text:
        return True
    stem = _stem(name.lower().rstrip("s")) if len(name) > 4 else name.lower()
    return any(_stem(w.lower().rstrip("s")) == stem for w in WORD_RE.findall(text)) or name in text


def _kind_prefix(word: str) -> str:
    """What a noun keeps in every inflection ("museum", "museet"; "skola", "skolan")."""
    return word[: max(4, len(word) - 2)]


def _with_kind(name: str, claim: str) -> str:
    m = re.search(re.escape(name) + r"\s+([a-zåäö]{4,})\b", claim)
    return f"{name} {m.group(1)}" if m else name


def _named_by_kind(name: str, claim: str, text: str, document) -> bool:
    """A source may speak of what the claim names by its kind alone ("Museet" for "Österlens
    museum") when its document names the two together somewhere."""
    m = re.search(re.escape(name) + r"\s+([a-zåäö]{4,})\b", claim)
    if not m:
        return False
    prefix = _kind_prefix(m.group(1))
    if not re.search(rf"\b{re.escape(prefix)}\w*", text, re.IGNORECASE):
        return False
    return re.search(rf"\b{re.escape(name)}\s+{re.escape(prefix)}\w*", document(), re.IGNORECASE) is not None


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


def _rival_year(claim: str, year: int, text: str) -> str | None:
    """Another year where the claim has its year, after the same word: "höstterminen 2012"
    against "höstterminen 2011", "1 december 2025" against "1 december 2024"."""
    m = re.search(r"([^\W\d_]{4,})\s+" + str(year) + r"\b", claim)
    if not m or _stem(m.group(1).lower()) in STOPWORDS or _stem(m.group(1).lower()) in NOISE:
        return None
    word = re.escape(m.group(1))
    n = re.search(word + r"\s+(20\d\d)\b", text, re.IGNORECASE)
    if n and int(n.group(1)) != year:
        return f"källan säger {m.group(1)} {n.group(1)}, inte {m.group(1)} {year}"
    return None


BODY_RE = re.compile(r"\b(?:[\w]+-\s+och\s+)?[\w]*(?:nämnd|nämnden|styrelse|styrelsen|fullmäktige|utskott|utskottet)\b",
                     re.IGNORECASE)


def _roles(text: str) -> dict[str, set[str]]:
    """Each body the text names ("stadsbyggnadsnämnden", "miljö- och klimatnämnden"), with the
    stems of the nearest content word on each side, past other bodies named with it, and the
    verb an "att" joins to it ("rekommenderas att uppdatera"): what the text says it does."""
    lowered = [w.lower() for w in re.findall(r"[\w-]+", text)]

    def nearest(positions) -> int | None:
        for i in positions:
            word = lowered[i]
            if BODY_RE.fullmatch(word) or word.endswith("-") or word in STOPWORDS or len(word) < 4:
                continue  # a body named beside it ("M- och S-nämnden rekommenderas"), or a small word
            return i
        return None

    out: dict[str, set[str]] = {}
    for m in BODY_RE.finditer(text):
        name = " ".join(m.group(0).lower().split())
        size = len(name.split())
        for idx in (i for i, w in enumerate(lowered) if w == name.split()[-1]):
            roles = set()
            before, after = nearest(range(idx - size, -1, -1)), nearest(range(idx + 1, len(lowered)))
            for i in (before, after):
                if i is not None:
                    roles.add(_stem(lowered[i]))
            if after is not None and after + 2 < len(lowered) and lowered[after + 1] == "att" \
                    and lowered[after + 2].endswith("a"):
                roles.add(_stem(lowered[after + 2]))  # an infinitive: "att uppdatera", not "att motionen"
            out.setdefault(name, set()).update(roles)
    return out


def _rival_bodies(claim: str, text: str) -> dict[str, str]:
    """A body of the claim that the source does not give the claim's role, where it gives that
    role to another body: "stadsbyggnadsnämnden rekommenderas att uppdatera" against "miljö-
    och klimatnämnden rekommenderas att uppdatera"."""
    said, found = _roles(claim), _roles(text)
    out = {}
    for name, roles in said.items():
        own = roles & found.get(name, set())
        for other, other_roles in found.items():
            if other == name or other.split()[-1] in claim.lower():
                continue
            if roles & other_roles and (roles & other_roles) > own:
                out[name] = other
                break
    return out


MOTION_RE = re.compile(r"\b(?:yrkade|yrkar|med instämmande av)\b", re.IGNORECASE)
# what a member does in minutes: moves, objects, notes
MEMBER_ROLE_RE = re.compile(r"\b(reserverade sig|yrkade|anmälde reservation|lämnade (?:en |följande )?protokollsanteckning"
                            r"|anmälde jäv)\b", re.IGNORECASE)
MEMBER_RE = re.compile(r"([A-ZÅÄÖ][a-zåäöé]+(?:[- ][A-ZÅÄÖ][a-zåäöé]+)+)\s*(\([A-ZÅÄÖ]{1,3}\))?\s+$")


def _rival_members(claim: str, text: str, absent: set[str], document) -> dict[str, str]:
    """A party of the claim doing what the minutes say a member of another party did:
    "reserverade sig Socialdemokraterna" against "Tomas Ottosson (V) reserverade sig"."""
    claimed = MEMBER_ROLE_RE.search(claim)
    parties = {e: party_mark(e) for e in absent if party_mark(e)}
    if not claimed or not parties:
        return {}
    role = claimed.group(1).lower().split()[0]
    for m in MEMBER_ROLE_RE.finditer(text):
        if m.group(1).lower().split()[0] != role:
            continue
        who = MEMBER_RE.search(text[: m.start()])
        if not who:
            continue
        mark = who.group(2) or next(iter(re.findall(re.escape(who.group(1)) + r"\s*(\([A-ZÅÄÖ]{1,3}\))", document())), None)
        if mark is None:
            continue
        rivals = {e: f"{who.group(1)} {mark}" for e, own in parties.items() if own != mark}
        if rivals:
            return rivals
    return {}


def _unit_suffix(q: Quantity) -> str:
    """The unit to add after a figure whose text does not show it (a table cell)."""
    if not q.unit or re.search(r"[^\d\s,.–+-]", q.text):
        return ""
    return f" {q.unit}" if q.unit != "%" else " %"


def _coverage(sentences: list[Sentence], headings: str, idf: dict[str, float], total: float,
              elsewhere: set[str] = frozenset()) -> tuple[set[str], set[str], float]:
    """The claim terms sentences carry, those only their document and headings carry (what the
    claim says of its source, "Enligt tjänsteskrivelsen om …"; they count half), and the share
    of the claim's weight the two make."""
    own = matched_terms(tokenize(" ".join(x.whole() for x in sentences)), idf)
    framed = (matched_terms(tokenize(headings), idf) | set(elsewhere)) - own
    return own, framed, (weight(own, idf) + 0.5 * weight(framed, idf)) / total


def _where(check: Check) -> str:
    s = check.sentences[0].source
    place = f"s. {s.page}" if s.page else f"rad {s.line_start}"
    return f"{s.file}, {s.part}, {place}"
