"""The general features an answer is chosen by: for every sentence of the retrieved passages
and every part (facet) of the question, how well the sentence meets it. Nothing here knows
any document or question; the weights that combine the features are learned
(`osnqa/weights.json`, fitted by `scripts/fit_weights.py`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .analysis import Facet, Question
from .index.lexical import tokenize
from .question import CAUSAL_RE, DATE_IN_TEXT_RE, has_amount, has_measured_amount
from .sentences import Sentence

SENTENCE_FEATURES = (
    "facet_coverage",  # idf share of the part's own terms the sentence (or its heading) carries
    "question_coverage",  # idf share of the whole question's terms
    "rarest_term",  # the question's rarest term stands in the sentence
    "passage_coverage",  # idf share of the question's terms in the whole passage
    "similarity",  # cosine of the sentence to the question
    "similarity_gap",  # how far below the best sentence's cosine
    "answer_type",  # the kind of answer the part wants is in the sentence (a figure, a date, a cause …)
    "year_match",  # +1 a year asked is the sentence's, -1 another year, 0 no year asked
    "passage_rank",  # 1 / rank of the passage
    "length",  # words / 40, capped at 2
    "table_row",
    "leans_back",  # opens with "Detta/Dessa …": leans on what the answer does not show
    "fragment",  # fewer than 6 words
    "negation_match",  # a question with a negation, a sentence with one
    "facet_similarity",  # cosine of the sentence to this part of the question alone
    "facet_similarity_gap",  # how far below the best sentence for this part
    "facet_coverage_gap",  # how far below the best sentence's coverage of this part
    "question_coverage_gap",  # how far below the best sentence's coverage of the question
    "typed_coverage",  # answer type present and the part's terms covered, together
    "neighbour_coverage",  # the best coverage of this part by the sentence before or after
    "similarity_rank",  # 1 / the sentence's place among all candidates by cosine to the question
    "facet_similarity_rank",  # 1 / its place by cosine to this part
    "facet_coverage_rank",  # 1 / its place by coverage of this part
    "blend",  # a fixed blend of coverage, closeness to the best cosine, rank and answer kind
)
RAW_FEATURES = 14  # the features sentence_features gives; the rest are relative to the pool

ANSWER_FEATURES = (
    "best_probability",  # the best sentence's probability of answering
    "weakest_facet",  # the lowest of each part's best probability
    "answer_coverage",  # idf share of the question's terms the answer carries
    "heaviest_missing",  # idf share of the weightiest question term no retrieved passage carries
    "unknown_terms",  # idf share of question terms the index does not know at all
    "types_present",  # share of the parts whose kind of answer the answer holds
    "year_missing",  # a year asked that neither the index nor the answer speaks of
    "best_similarity",
)

ANAPHOR_RE = re.compile(r"^\s*(Dessa|Detta|Denna|Därför|Den här|Det här|De här|Nedan)\b")
NEGATION_RE = re.compile(r"\b(inte|ej|ingen|inga|inget|aldrig)\b", re.IGNORECASE)
PERSON_RE = re.compile(r"\b[A-ZÅÄÖ][a-zåäöéü]+(?:[- ][A-ZÅÄÖ][a-zåäöéü-]+)+\s*\([A-ZÅÄÖ]{1,3}\)|"
                       r"\b(?:ordförande|ledamot|ledamöter|revisor\w*|förvaltningschef\w*|direktör\w*)\b")
ORG_RE = re.compile(r"\w*(?:nämnd|styrelse|förvaltning|utskott|bolag|fullmäktige|myndighet|revision|kontor)\w*|"
                    r"\b(?:AB|Region \w+|[A-ZÅÄÖ][a-zåäö]+(?:bostäder|verket))\b")
DECISION_RE = re.compile(r"\b(beslut\w*|föreslå\w*|förslag\w*|bifall\w*|bifölls|avslå\w*|avslag\w*|avslogs|bordl\w*|"
                         r"återremi\w*|yrka\w*|yrkande\w*|godkänn\w*|anta\w*|fastställ\w*|uppdra\w*|hänskjut\w*|"
                         r"reserver\w*|rekommender\w*|bedöm\w*|anses|ställningstagande)\b", re.IGNORECASE)
LIST_RE = re.compile(r"[,;•]|^\s*[-•*·]|\d\.\s|:\s*$")
PROCEDURE_RE = re.compile(r"\b(genom att|med hjälp av|rutin\w*|process\w*|arbetar|används|sker|görs|via)\b", re.I)


def answer_type_present(kind: str, text: str) -> float:
    if kind == "amount":
        return 1.0 if has_measured_amount(text) else (0.5 if has_amount(text) else 0.0)
    if kind == "date":
        return 1.0 if DATE_IN_TEXT_RE.search(text) else 0.0
    if kind == "cause":
        return 1.0 if CAUSAL_RE.search(text) else 0.0
    if kind == "person":
        return 1.0 if PERSON_RE.search(text) else 0.0
    if kind == "organisation":
        return 1.0 if ORG_RE.search(text) else 0.0
    if kind == "decision":
        return 1.0 if DECISION_RE.search(text) else 0.0
    if kind == "list":
        return 1.0 if LIST_RE.search(text) else 0.0
    if kind == "procedure":
        return 1.0 if PROCEDURE_RE.search(text) else 0.0
    return 0.0


@dataclass
class Candidate:
    """One sentence of a retrieved passage, with its features for each part of the question."""

    sentence: Sentence
    rank: int  # the passage's rank
    row: int  # the passage's row in the index
    terms: set[str]  # question terms it carries, its heading's included
    features: np.ndarray  # (facets, SENTENCE_FEATURES)
    similarity: float
    probabilities: np.ndarray | None = None  # (facets,), set by the ranker

    @property
    def best(self) -> float:
        return float(self.probabilities.max()) if self.probabilities is not None else 0.0


@dataclass
class Pool:
    question: Question
    candidates: list[Candidate]
    idf: dict[str, float]
    df: dict[str, int]
    passage_terms: set[str]  # question terms that any retrieved passage carries
    index_years: list[int]
    passages: dict[int, list[Sentence]] = field(default_factory=dict)  # rank -> its sentences
    rows: dict[int, int] = field(default_factory=dict)  # rank -> index row

    @property
    def total(self) -> float:
        return math.fsum(self.idf.values()) or 1.0


def weight(terms, idf: dict[str, float]) -> float:
    return math.fsum(idf.get(t, 0.0) for t in terms)


def share(terms: set[str], wanted: list[str], idf: dict[str, float]) -> float:
    whole = weight(set(wanted), idf)
    if whole <= 0:
        return 0.0
    return weight(terms & set(wanted), idf) / whole


def sentence_features(q: Question, facet: Facet, text: str, terms: set[str], passage_terms: set[str],
                      idf: dict[str, float], sim: float, top_sim: float, rank: int, source_year: int | None,
                      is_row: bool, plain: str) -> list[float]:
    rarest = max(q.terms, key=lambda t: idf.get(t, 0.0), default=None)
    words = len(plain.split())
    if q.years:
        named = any(str(y) in text for y in q.years)
        year = 1.0 if named or source_year in q.years else -1.0
    else:
        year = 0.0
    return [
        share(terms, facet.terms or q.terms, idf),
        share(terms, q.terms, idf),
        1.0 if rarest is not None and rarest in terms else 0.0,
        share(passage_terms, q.terms, idf),
        sim,
        top_sim - sim,
        answer_type_present(facet.kind, text),
        year,
        1.0 / rank,
        min(words / 40.0, 2.0),
        1.0 if is_row else 0.0,
        1.0 if ANAPHOR_RE.match(plain) else 0.0,
        1.0 if words < 6 else 0.0,
        1.0 if q.negated and NEGATION_RE.search(plain) else 0.0,
    ]


def answer_features(pool: Pool, chosen: list[Candidate], per_facet_best: list[float]) -> list[float]:
    q, idf = pool.question, pool.idf
    covered = set().union(*(c.terms for c in chosen)) if chosen else set()
    total = pool.total
    missing = [t for t in q.terms if t not in pool.passage_terms]
    heaviest_missing = max((idf.get(t, 0.0) for t in missing), default=0.0) / total
    unknown = weight({t for t in q.terms if pool.df.get(t, 0) == 0}, idf) / total
    text = " ".join(c.sentence.readable() for c in chosen)
    types = [max((answer_type_present(f.kind, c.sentence.readable()) for c in chosen), default=0.0)
             for f in q.facets if f.kind not in ("general",)]
    year_missing = 0.0
    for y in q.years:
        if y not in pool.index_years and str(y) not in text:
            year_missing = 1.0
    return [
        max((c.best for c in chosen), default=0.0),
        min(per_facet_best) if per_facet_best else 0.0,
        share(covered, q.terms, idf),
        heaviest_missing,
        unknown,
        (sum(types) / len(types)) if types else 1.0,
        year_missing,
        max((c.similarity for c in chosen), default=0.0),
    ]


def tokens_of(text: str) -> list[str]:
    return tokenize(text)
