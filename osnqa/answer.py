"""Extractive answers: the sentences of the retrieved passages that answer the question,
each cited by its exact slice; or an honest "det står inte i underlaget"."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from .index.lexical import document_frequencies, split_compounds, tokenize
from .models import Source
from .question import CAUSAL_RE, DATE_IN_TEXT_RE, content_terms, has_amount, kind
from .search import Filters, Searcher
from .sentences import Sentence, split_sentences

TOP_PASSAGES = 8
MAX_SENTENCES = 3
ABSTAIN_BELOW = 0.45  # confidence under which the documents are taken not to answer (calibrated on dev gold)
NOT_IN_DOCUMENTS = "Det står inte i underlaget."


@dataclass
class Citation:
    quote: str
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return {"quote": self.quote, "source": self.source.to_dict()}


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    related: bool = False  # citations are related reading, not an answer

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer, "abstained": self.abstained,
                "confidence": round(self.confidence, 2), "citations": [c.to_dict() for c in self.citations]}


@dataclass
class Scored:
    sentence: Sentence
    score: float
    coverage: float
    terms: set[str]
    rank: int


PRIOR = (1.0, 0.8, 0.65, 0.55, 0.5, 0.45, 0.4, 0.35)


class Answerer:
    def __init__(self, searcher: Searcher):
        self.searcher = searcher

    def _idf(self, terms: list[str]) -> tuple[dict[str, float], dict[str, int]]:
        df, total = document_frequencies(self.searcher.index.db, terms)
        return {t: math.log((total + 1) / (df[t] + 0.5)) for t in terms}, df

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        question = question.strip()
        if not question:
            return Answer(question, NOT_IN_DOCUMENTS + " Frågan är tom.", True, 0.0)
        result = self.searcher.search(question, k=TOP_PASSAGES, filters=filters)
        qkind = kind(question)
        terms = split_compounds(self.searcher.index.db, content_terms(question))
        idf, df = self._idf(terms)
        total = sum(idf.values()) or 1.0
        years = result.info.years
        index_years = self.searcher.index.years

        scored: list[Scored] = []
        for hit in result.hits:
            sentences = split_sentences(hit.passage)
            tokens = [set(tokenize(s.readable())) for s in sentences]
            ctx = set(tokenize(hit.passage.context))
            for i, s in enumerate(sentences):
                near = (tokens[i - 1] if i else set()) | (tokens[i + 1] if i + 1 < len(tokens) else set())
                scored.append(self._score(s, hit.rank, qkind, terms, idf, total, years, tokens[i], near, ctx))
        if not scored:
            return self._abstain(question, [], "Inget i underlaget liknar frågan.")

        unknown = [t for t in terms if df.get(t, 0) == 0]
        if unknown and sum(idf[t] for t in unknown) >= 0.5 * total:
            return self._abstain(question, scored, None)
        missing_years = [y for y in years if y not in index_years
                         and not any(str(y) in sc.sentence.readable() for sc in scored)]
        if missing_years:
            covered = " och ".join(str(y) for y in index_years)
            return self._abstain(question, scored,
                                 f"Underlaget gäller {covered}; {', '.join(map(str, missing_years))} finns inte med.")
        scored.sort(key=lambda x: x.score, reverse=True)
        chosen = self._choose(scored, qkind, idf, total)
        confidence = self._confidence(chosen, qkind, idf, total, years, index_years)
        if confidence < ABSTAIN_BELOW:
            return self._abstain(question, scored, None, confidence)
        text = " ".join(f"{sc.sentence.readable()} [{i}]" for i, sc in enumerate(chosen, start=1))
        return Answer(question, text, False, confidence,
                      [Citation(sc.sentence.text, sc.sentence.source) for sc in chosen])

    def _score(self, s: Sentence, rank: int, qkind: str, terms: list[str], idf: dict[str, float], total: float,
               years: list[int], own: set[str], near: set[str], ctx: set[str]) -> Scored:
        text = s.readable()
        hit_terms = {t for t in terms if t in own}
        window = {t for t in terms if t in near or t in ctx} - hit_terms
        cov_own = sum(idf[t] for t in hit_terms) / total
        cov_win = cov_own + 0.5 * sum(idf[t] for t in window) / total
        score = 0.5 * cov_own + 0.3 * cov_win + 0.25 * PRIOR[min(rank, len(PRIOR)) - 1]
        score += _kind_bonus(qkind, text)
        if years and not (s.source.year in years or any(str(y) in text for y in years)):
            score -= 0.1
        if len(text.split()) < 5:
            score -= 0.3
        return Scored(s, score, cov_own, hit_terms, rank)

    def _choose(self, scored: list[Scored], qkind: str, idf: dict[str, float], total: float) -> list[Scored]:
        best = scored[0]
        chosen = [best]
        covered = set(best.terms)
        place = {(sc.rank, sc.sentence.position): sc for sc in scored}
        nxt = place.get((best.rank, best.sentence.position + 1))
        if nxt is not None and len(nxt.sentence.plain.split()) >= 5:
            wants = _kind_bonus(qkind, nxt.sentence.readable()) > 0 >= _kind_bonus(qkind, best.sentence.readable())
            if wants or (nxt.terms - covered) or (qkind in ("reason", "amount") and nxt.score >= 0.6 * best.score):
                chosen.append(nxt)
                covered |= nxt.terms
        for sc in scored[1:]:
            if len(chosen) >= MAX_SENTENCES:
                break
            if sc in chosen or _same_text(sc, chosen):
                continue
            adds = sc.terms - covered
            if adds and sc.score >= 0.7 * best.score and sum(idf[t] for t in adds) >= 0.15 * total:
                chosen.append(sc)
                covered |= sc.terms
        chosen.sort(key=lambda sc: (sc.rank, sc.sentence.position))
        return chosen

    def _confidence(self, chosen: list[Scored], qkind: str, idf: dict[str, float], total: float,
                    years: list[int], index_years: list[int]) -> float:
        covered = set().union(*(sc.terms for sc in chosen))
        coverage = sum(idf[t] for t in covered) / total
        best_rank = min(sc.rank for sc in chosen)
        conf = 0.75 * coverage + 0.25 * PRIOR[min(best_rank, len(PRIOR)) - 1]
        texts = [sc.sentence.readable() for sc in chosen]
        if qkind == "amount" and not any(has_amount(t) for t in texts):
            conf *= 0.5
        if qkind == "when" and not any(DATE_IN_TEXT_RE.search(t) for t in texts):
            conf *= 0.7
        for y in years:
            in_text = any(str(y) in t for t in texts)
            if y not in index_years and not in_text:
                conf *= 0.5
            elif not in_text and not any(sc.sentence.source.year == y for sc in chosen):
                conf *= 0.7
        return max(0.0, min(1.0, conf))

    def _abstain(self, question: str, scored: list[Scored], reason: str | None, confidence: float = 0.0) -> Answer:
        text = NOT_IN_DOCUMENTS
        if reason:
            text += " " + reason
        related: list[Citation] = []
        seen = set()
        for sc in sorted(scored, key=lambda x: x.score, reverse=True):
            if sc.rank in seen or len(sc.sentence.plain.split()) < 6:
                continue
            seen.add(sc.rank)
            related.append(Citation(sc.sentence.text, sc.sentence.source))
            if len(related) >= 3:
                break
        if related:
            text += " Närmast relaterat finns i de citerade avsnitten."
        return Answer(question, text, True, confidence, related, related=True)


def _kind_bonus(qkind: str, text: str) -> float:
    if qkind == "amount":
        return 0.2 if has_amount(text) else -0.15
    if qkind == "reason":
        return 0.2 if CAUSAL_RE.search(text) else 0.0
    if qkind == "when":
        return 0.15 if DATE_IN_TEXT_RE.search(text) else -0.1
    return 0.0


def _same_text(sc: Scored, chosen: list[Scored]) -> bool:
    norm = re.sub(r"\W+", " ", sc.sentence.plain.lower())
    return any(re.sub(r"\W+", " ", c.sentence.plain.lower()) == norm for c in chosen)
