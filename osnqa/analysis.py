"""A question read once: its parts (facets), what kind of answer each part wants, its
content terms and the years it names. Search, ask, verify and compare all receive this one
value, so they never disagree about what was asked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .query import QueryInfo, analyse as analyse_scope
from .question import AMOUNT_RE, CAUSE_ASKED, COST_ASKED, content_terms, kind as question_kind

# a part that asks yes or no opens with a finite verb and its subject ("…, och finns det …",
# "…? Har nämnden …")
YESNO_WORD = (r"ska|skall|fick|fattade|höll|blev|beslutade|biföll|ger|gav|finns|fanns|har|hade|är|var|kan|kunde|"
              r"ökade|minskade|gick|kom|nådde|används|infördes|genomfördes|togs|gjordes")
# Where a compound question starts a new part: a comma, "och" or a question mark followed by
# a question word ("…, och vem föreslog det?", "… 2025? Om inte, varför?").
QUESTION_WORD = (r"(?:vad|vem|vems|vilka|vilken|vilket|hur|när|varför|var|på vems|med hur|till vilka|"
                 r"från vilket|jämfört med vilket|om inte|om ja|i så fall)")
SPLIT_RE = re.compile(rf"(?:\?\s+|,\s*(?:och\s+)?|\s+och\s+(?=(?:{QUESTION_WORD})\b)|;\s*)(?=(?:{QUESTION_WORD})\b)|"
                      rf"(?:\?\s+|,\s*och\s+)(?=(?:{YESNO_WORD})\s+(?:det|de|den|detta|någon|något|några|\w+n|\w+na)\b)",
                      re.IGNORECASE)
# A lead-in that frames the whole question ("I granskningen av …: vilka …")
FRAME_RE = re.compile(r"^([^?:]{12,}):\s+(?=\S)")
# Where the question says which document it means rather than what it asks: "…, enligt
# granskningen av …?", "Enligt tjänsteskrivelsen från januari 2021 …,", "i revisorernas granskning av …"
SOURCE_FRAME_RE = re.compile(
    r"(?:^|,\s*|\s)(?:enligt|i|när)\s+(?:\w+\s+){0,2}?(?:granskning\w*|tjänsteskrivelse\w*|rapport\w*|"
    r"protokoll\w*|årsbokslut\w*|bokslut\w*|utredning\w*|ärende\w*|underlag\w*|revisionsrapport\w*)\b"
    r"(?:(?!\s(?:\w+(?:as|ås)|som|där|vilke[nt]|vilka)\b)[^,?;:])*", re.IGNORECASE)
# (the frame ends where the question goes on with a verb in the passive, "… studiero riktas bara
# till grundskolenämnden", or a relative clause: what follows is asked, not which document)

KIND_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("cause", re.compile(r"\b(varför|vad beror|beror det|vad berodde|berodde det|vad förklarar|förklar\w*|"
                         r"anledning\w*|orsak\w*|vad ligger bakom|hur kommer det sig|vilken händelse ligger bakom)\b|"
                         + CAUSE_ASKED, re.I)),
    ("amount", re.compile(r"\b(hur (mycket|stor|stort|stora|hög|högt|höga|låg|lågt|många|mkt|långt)|med hur mycket|"
                          r"vilket (resultat|belopp|pris|överskott|underskott)|vilken (budget|andel|summa|kostnad)|"
                          r"vad (kostade|kostar|var .*värderad)|" + COST_ASKED + r"|hur (gick|går) \w+( \w+){0,6} ekonomiskt|ekonomiskt)\b",
                          re.I)),
    ("date", re.compile(r"\b(när|vilket datum|vilken dag|vilket år|från vilket år|jämfört med vilket år|hur länge|"
                        r"sedan när)\b", re.I)),  # DATE_LEAD_RE below is this, at the start
    ("person", re.compile(r"\b(vem|vems|vilka (ledamöter|personer|politiker)|vilken (person|ledamot))\b", re.I)),
    ("organisation", re.compile(r"\b(vilka|vilken|vilket) (nämnd\w*|bolag\w*|styrelse\w*|förvaltning\w*|enhet\w*|"
                                r"myndighet\w*|leverantör\w*|reningsverk\w*|organisation\w*|aktör\w*|parti\w*)\b|"
                                r"\btill vilka\b|\bvilka ska\b", re.I)),
    ("decision", re.compile(r"\b(beslut\w*|föreslog|föreslår|ställde sig|hände med|gjorde \w+ med|"
                            r"hur gick det|yrka\w*|bifall\w*|avslå\w*|reserver\w*)\b", re.I)),
    ("procedure", re.compile(r"\bhur (går|gick|ska|skall|fungerar|arbetar|hanterar|görs|gjordes|genomförs|sker|"
                             r"kontroller\w*|följs|mäts)\b", re.I)),
    ("list", re.compile(r"^\s*(vilka|vad)\b", re.I)),
]
# A part that opens with a finite verb asks yes or no ("Ska kommunen …?", "Höll biblioteket …?")
YESNO_RE = re.compile(rf"^\s*({YESNO_WORD})\b", re.I)


@dataclass
class Facet:
    text: str
    kind: str
    terms: list[str]  # content terms of this part (unstemmed question words are gone)
    yesno: bool = False
    extreme: int = 0  # +1 a part asks for the largest ("dyrast", "störst"), -1 the smallest, 0 neither
    bodies: tuple[str, ...] = ()  # the kinds of body a part asks to be named ("vilka nämnder och bolag")


@dataclass
class Question:
    text: str
    facets: list[Facet]
    terms: list[str]  # content terms of the whole question
    scope: QueryInfo  # years named or implied, uppdrag number
    frame: frozenset[str] = frozenset()  # terms that only say which document is meant
    names: frozenset[str] = frozenset()  # terms of proper names and numbers ("Garvaren", "2024")
    kind: str = "general"  # the kind of answer the whole question wants (question.kind)

    @property
    def asked(self) -> list[str]:
        """The terms of what is asked: the question's terms less those of its frame."""
        rest = [t for t in self.terms if t not in self.frame]
        return rest or list(self.terms)

    @property
    def years(self) -> list[int]:
        return self.scope.years


def facet_kind(text: str) -> tuple[str, bool]:
    """The kind of answer a part wants, read first from the words that open it ("Vilka
    nämnder …", "När …"), then from the whole part for a cause or an amount."""
    yesno = YESNO_RE.match(text) is not None
    lead = " ".join(text.split()[:5])
    for name, pattern in KIND_PATTERNS[:-1]:
        if pattern.search(lead) and (name != "date" or DATE_LEAD_RE.match(text) or not WHEN_INSIDE_RE.search(lead)):
            return name, yesno
    # "Vad beräknas skolan kosta …?": a cause or a figure asked further on, before a plain "vad" (a list)
    for name, pattern in KIND_PATTERNS[:2]:
        if pattern.search(text) and not (name == "cause" and BY_REASON_RE.search(text)):
            return name, yesno
    if KIND_PATTERNS[-1][1].search(lead):
        return "list", yesno
    if AMOUNT_RE.search(text):  # "hur nöjda …", "vad var budgeterat": the question's own reading of a measure
        return "amount", yesno
    return ("decision" if yesno else "general"), yesno


DATE_LEAD_RE = re.compile(r"^\s*" + KIND_PATTERNS[2][1].pattern[2:], re.I)
WHEN_INSIDE_RE = re.compile(r"\snär\b", re.I)  # "… granskades när revisorerna …" is no question of time
BY_REASON_RE = re.compile(r"\bmed anledning av\b", re.I)


def split_facets(text: str) -> list[str]:
    body = text.strip()
    frame = FRAME_RE.match(body)
    if frame and re.match(QUESTION_WORD + r"\b", body[frame.end():], re.IGNORECASE):
        body = body[frame.end():]
    parts = [p for p in (p.strip(" ,;?") for p in SPLIT_RE.split(body)) if p]
    return parts or [text.strip()]


def analyse(text: str, index_years: list[int], expand_terms=None) -> Question:
    """`expand_terms` (optional) widens term lists, e.g. by splitting compounds the index knows."""
    text = " ".join(text.split())
    widen = expand_terms or (lambda terms: terms)
    terms = widen(content_terms(text))
    facets = [Facet(part, *_kind_terms(part, widen)) for part in split_facets(text)]
    framing = " ".join(m.group(0) for m in SOURCE_FRAME_RE.finditer(text))
    lead = FRAME_RE.match(text)
    if lead:
        framing += " " + lead.group(1)
    outside = set(widen(content_terms(SOURCE_FRAME_RE.sub(" ", text[lead.end():] if lead else text))))
    frame = frozenset(t for t in widen(content_terms(framing)) if t not in outside)
    return Question(text, facets, terms, analyse_scope(text, index_years), frame, frozenset(_name_terms(text)),
                    question_kind(text))


def name_words(text: str) -> list[str]:
    """The words a question writes as names (a capital inside the sentence) or with digits."""
    out: list[str] = []
    for sentence in re.split(r"(?<=[?.!:])\s+", text):
        words = re.findall(r"[\w-]+", sentence)
        out += [w for w in words[1:] if w[:1].isupper() or any(ch.isdigit() for ch in w)]
    return out


def _name_terms(text: str) -> set[str]:
    """Terms of the words a question writes as names: what the documents must name for the
    question to be answerable."""
    out: set[str] = set()
    for w in name_words(text):
        out.update(content_terms(w))
    return out


def _kind_terms(part: str, widen) -> tuple[str, list[str], bool, int, tuple[str, ...]]:
    kind, yesno = facet_kind(part)
    most, least = MOST_RE.search(part), LEAST_RE.search(part)
    asked = BODIES_ASKED_RE.search(part) if kind == "organisation" else None
    bodies = tuple(dict.fromkeys(b.lower() for b in asked.groups() if b)) if asked else ()
    return kind, widen(content_terms(part)), yesno, (1 if most else -1 if least else 0), bodies


# the kinds of body an organisation part names ("Vilka nämnder och bolag …", "Vilket bolag …")
BODY_KINDS = r"(nämnd|bolag|styrelse|förvaltning|utskott|myndighet)"
BODIES_ASKED_RE = re.compile(rf"\b(?:vilka|vilken|vilket)\s+{BODY_KINDS}\w*(?:\s+(?:och|eller|samt)\s+{BODY_KINDS}\w*)?",
                             re.IGNORECASE)


# a part that asks which is the largest or the smallest ("vilken åtgärd är dyrast?")
MOST_RE = re.compile(r"\b(?:dyrast\w*|störst\w*|högst\w*|mest|flest|kostsammast\w*)\b", re.I)
LEAST_RE = re.compile(r"\b(?:billigast\w*|minst\w*|lägst\w*|färst)\b", re.I)
