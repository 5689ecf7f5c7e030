"""The general features an answer's confidence is learned from. Nothing here knows any
document or question; the weights that combine the features are learned on gold question
families of several municipalities (`osnqa/weights.json`, fitted by `scripts/fit_weights.py`)."""

from __future__ import annotations

import math
import re

from .analysis import Question
from .question import CAUSAL_RE, DATE_IN_TEXT_RE, has_amount, has_measured_amount

ANSWER_FEATURES = (
    "blend",  # a fixed blend of term coverage, passage rank and answer kind (the former confidence)
    "coverage",  # idf share of the asked terms (the question less its frame) that the answer carries
    "heaviest_uncovered",  # idf share of the weightiest asked term the answer does not carry
    "heaviest_unretrieved",  # idf share of the weightiest asked term no candidate sentence carries
    "unknown_names",  # idf share of the question's names and numbers the index does not know at all
    "unknown_words",  # idf share of its other words the index does not know (often a paraphrase)
    "types_present",  # share of the question's parts whose kind of answer the answer holds
    "focus_typed",  # share of the parts answered in kind by a sentence that also speaks of the part's weightiest term
    "parts_uncovered",  # share of the question's parts whose terms the answer mostly lacks
    "best_score",  # the best unit's score for the question
    "year_mismatch",  # a year asked that the answer neither names nor comes from
)

PERSON_RE = re.compile(r"\b[A-ZÅÄÖ][a-zåäöéü]+(?:[- ][A-ZÅÄÖ][a-zåäöéü-]+)+\s*\([A-ZÅÄÖ]{1,3}\)|"
                       r"\b(?:ordförande|ledamot|ledamöter|revisor\w*|förvaltningschef\w*|direktör\w*)\b")
ORG_RE = re.compile(r"\w*(?:nämnd|styrelse|förvaltning|utskott|bolag|fullmäktige|myndighet|revision|kontor)\w*|"
                    r"\b(?:AB|Region \w+)\b")
DECISION_RE = re.compile(r"\b(beslut\w*|föreslå\w*|förslag\w*|bifall\w*|bifölls|avslå\w*|avslag\w*|avslogs|bordl\w*|"
                         r"återremi\w*|yrka\w*|yrkande\w*|godkänn\w*|anta\w*|fastställ\w*|uppdra\w*|hänskjut\w*|"
                         r"reserver\w*|rekommender\w*|bedöm\w*|anses|ställningstagande)\b", re.IGNORECASE)
# an organisation by its name: a body of its own ("stadsfastighetsnämnden", "Kommunstyrelsens
# verksamhetsutskott"), a company ("Familjebostäder i Göteborg AB"); "nämnderna", "bolagen" name none
ORG_NAME_RE = re.compile(r"\b\w+(?:nämnd|styrelse|förvaltning|utskott|fullmäktige|inspektion|myndighet)(?:n|ns|en|et|ens|ets|s)?\b|"
                         r"\b[A-ZÅÄÖ][\w-]+(?:\s+(?:i\s+)?[A-ZÅÄÖ][\w-]+)*\s+AB\b|\bRegion\s+[A-ZÅÄÖ]\w+")
# what a member moves, objects to or notes in minutes, before the body decides: no decision of it
MEMBER_ACT_RE = re.compile(r"\b(?:yrkade|yrkar|med instämmande av|reserverade sig|reservation|lät anteckna|"
                           r"protokollsanteckning)\b", re.IGNORECASE)
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+")
LIST_RE = re.compile(r"[,;•]|^\s*[-•*·]|\d\.\s|:\s*$")
PROCEDURE_RE = re.compile(r"\b(genom att|med hjälp av|rutin\w*|process\w*|arbetar|används|sker|görs|via)\b", re.I)


def answer_type_present(kind: str, text: str, bodies: tuple[str, ...] = ()) -> float:
    """1 when the text holds the kind of answer a part wants (a figure, a date, a cause, a
    person, an organisation, a decision, a list, a way of working), 0.5 for a bare number.
    `bodies`: the kinds of body an organisation part asks for ("nämnd", "bolag"), each of
    which must be named."""
    if kind == "amount":
        return 1.0 if has_measured_amount(text) else (0.5 if has_amount(text) else 0.0)
    if kind == "organisation":
        named = {m.group(0).lower() for m in ORG_NAME_RE.finditer(text)}
        if bodies:
            return sum(any(_of_kind(n, b) for n in named) for b in bodies) / len(bodies)
        return min(len(named), 2) / 2  # "vilka nämnder och bolag": the more named, the fuller
    if kind == "decision":
        # a decision is the body's; what a member moved or objected to is none
        return 1.0 if any(DECISION_RE.search(p) and not MEMBER_ACT_RE.search(p) for p in SENTENCE_SPLIT_RE.split(text)) \
            else 0.0
    pattern = {"date": DATE_IN_TEXT_RE, "cause": CAUSAL_RE, "person": PERSON_RE, "organisation": ORG_RE,
               "decision": DECISION_RE, "list": LIST_RE, "procedure": PROCEDURE_RE}.get(kind)
    return 1.0 if pattern is not None and pattern.search(text) else 0.0


def _of_kind(name: str, body: str) -> bool:
    """Whether a named organisation is a body of this kind ("Gryaab AB" is a bolag)."""
    if body == "bolag":
        return name.endswith(" ab") or "bolag" in name
    return body in name


def weight(terms, idf: dict[str, float]) -> float:
    """The idf weight of a set of terms, the same whatever order the set iterates in (exactly
    rounded), so that near-ties between answers are settled the same way in every run."""
    return math.fsum(idf.get(t, 0.0) for t in terms)


def answer_features(q: Question, texts: list[str], covered: set[str], retrieved: set[str], idf: dict[str, float],
                    df: dict[str, int], blend: float, best_score: float, source_years: set[int | None],
                    part_covered: float, unit_terms: list[set[str]] | None = None) -> list[float]:
    """Terms the index does not know are left out of the coverage figures (their weight
    cannot be read off the documents) and counted apart: names the documents would have to
    carry, and everyday words that are often a paraphrase of what they do carry."""
    total = weight(idf, idf) or 1.0
    unknown = {t for t in idf if df.get(t, 0) == 0}
    asked = {t for t in q.asked if t in idf and t not in unknown} or {t for t in idf if t not in unknown}
    asked_total = weight(asked, idf) or 1.0
    uncovered = [t for t in asked if t not in covered]
    unretrieved = [t for t in asked if t not in retrieved]
    text = " ".join(texts)
    types = [answer_type_present(f.kind, text, f.bodies) for f in q.facets if f.kind != "general"]
    parts = [w for w in (weight(set(f.terms), idf) for f in q.facets) if w > 0]
    lacking = [f for f in q.facets
               if weight(set(f.terms), idf) > 0 and weight(set(f.terms) & covered, idf) < part_covered * weight(set(f.terms), idf)]
    mismatch = any(str(y) not in text and y not in source_years for y in q.years)
    focused = []
    for f in q.facets:
        if f.kind == "general":
            continue
        own = [t for t in f.terms if t in asked] or [t for t in f.terms if t in idf and t not in unknown]
        heaviest = max(own, key=lambda t: (idf[t], t)) if own else None
        focused.append(any(answer_type_present(f.kind, t, f.bodies) >= 1.0 and (heaviest is None or heaviest in terms)
                           for t, terms in zip(texts, unit_terms or [covered] * len(texts))))
    return [
        blend,
        weight(covered & asked, idf) / asked_total,
        max((idf[t] for t in uncovered), default=0.0) / asked_total,
        max((idf[t] for t in unretrieved), default=0.0) / asked_total,
        weight(unknown & q.names, idf) / total,
        weight(unknown - q.names, idf) / total,
        sum(types) / len(types) if types else 1.0,
        sum(focused) / len(focused) if focused else 1.0,
        len(lacking) / len(parts) if parts else 0.0,
        best_score,
        1.0 if mismatch else 0.0,
    ]
