"""Extractive answers: the sentences of the retrieved passages that answer the question,
each cited by its exact slice; or an honest "det står inte i underlaget"."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .analysis import Question, analyse as analyse_question, name_words
from .features import MEMBER_ACT_RE, ORG_NAME_RE, answer_features, answer_type_present, weight
from .index.lexical import _stem, split_compounds, tokenize
from .ranker import Weights, load as load_weights
from .synonyms import expand, party_mark, phrase_terms
from .models import Passage, Source
from .quantities import quantities, same, years_in
from .ingest.text_utils import MONTH_RE, MONTHS
from .query import dates_in, day_words
from .question import CAUSAL_RE, DATE_IN_TEXT_RE, has_amount, has_measured_amount
from .index.backend import Where
from .search import Filters, Searcher
from .sentences import Sentence, goes_on, open_ended, across_pages, split_sentences

TOP_PASSAGES = 8
MAX_SENTENCES = 3
MAX_REASONS = 5  # a "varför" may be answered by several causes in a row
PREMISES = 2  # sentences before a consequence that a "varför" brings with it
NOT_IN_DOCUMENTS = "Det står inte i underlaget."


@dataclass
class Citation:
    quote: str  # the exact slice of the source
    source: Source
    text: str | None = None  # how it reads in an answer, when that differs (a table row spelled out)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"quote": self.quote, "source": self.source.to_dict()}
        if self.text and self.text != self.quote:
            data["text"] = self.text
        return data

    @classmethod
    def of(cls, sentence: "Sentence") -> "Citation":
        readable = sentence.readable()
        return cls(sentence.text, sentence.source, readable if readable != sentence.plain else None)


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    confidence: float
    citations: list[Citation] = field(default_factory=list)  # when abstained: related reading
    note: str | None = None  # the question was longer than what is read of it

    def to_dict(self) -> dict[str, Any]:
        out = {"question": self.question, "answer": self.answer, "abstained": self.abstained,
               "confidence": round(self.confidence, 2), "citations": [c.to_dict() for c in self.citations]}
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Draft:
    question: str
    question_info: Question | None = None
    units: list["Unit"] = field(default_factory=list)
    chosen: list["Unit"] = field(default_factory=list)
    features: list[float] = field(default_factory=list)
    df: dict[str, int] = field(default_factory=dict)
    final: Answer | None = None  # set when the question is settled before any confidence


@dataclass
class Unit:
    """One sentence, or two that follow each other, from one retrieved passage."""

    sentences: list[Sentence]
    score: float
    coverage: float
    terms: set[str]
    rank: int
    features: dict[str, float] = field(default_factory=dict)  # what the score is made of

    @property
    def text(self) -> str:
        return " ".join(s.whole() for s in self.sentences)

    def reading(self, sentences: list[Sentence], terms: set[str] | None = None) -> "Unit":
        """The same answer, read over other (more) sentences; its score stays."""
        return Unit(sentences, self.score, self.coverage, self.terms if terms is None else terms, self.rank,
                    self.features)


# A sentence this much less similar to the question than the best one scores zero.
SIM_SPAN = 0.06
@dataclass
class Candidates:
    units: list[Unit]
    qkind: str
    terms: list[str]
    idf: dict[str, float]
    df: dict[str, int]
    total: float
    years: list[int]
    question: Question  # the one reading of the question
    contexts: dict[int, str]  # passage rank -> its document, headings and text
    headings: dict[int, str]  # passage rank -> its document and headings


UNKNOWN_SHARE = 0.5  # share of a question's term weight in words no document uses, from which it is declined
CHOOSE_UNITS = 3  # units an answer is built from (before parts and lists add theirs)
CHOOSE_SAME_PASSAGE = True  # a passage may give two separate units
CHOOSE_RATIO = 0.7  # a further unit's score against the best
OTHER_FIGURE_RATIO = 0.95  # a further figure's unit score against the best, when no term is left to add
CHOOSE_ADDS = 0.1  # the share of the question's term weight a further unit must add
CHOOSE_WORDS = 70  # further units join while the answer stays within this many words
FACET_COVERED = 0.6  # share of a part's term weight that counts as answered
FACET_WEIGHT = 0.5  # how much a unit's coverage of the part counts beside its score for the question
TYPE_WEIGHT = 0.2  # and the kind of answer the part wants
FACET_WORDS = 80  # an answer grows by a part's unit only while within this many words
FACET_CLOSE = 0.8  # closeness in meaning that counts as speaking of a part
CLOSE_WEIGHT = 0.3  # how much that closeness counts in choosing the unit for a part
OTHER_DAY_PENALTY = 0.1  # a unit from a document of another day than the one asked
SCOPE_PENALTY = 0.1  # a statement of what a review examines, for a question about what it found
QUOTED_PENALTY = 0.1  # a quotation: somebody's own words, not what the document holds
NEAR_WEIGHT = 0.3  # the parts of one question are mostly answered side by side
FOLLOWS_WORDS = 40  # words past FACET_WORDS that such a following sentence may add
FOLLOWS_WEIGHT = 0.3  # a part that points back ("åt det") is answered where the document goes on
PRIOR = (1.0, 0.8, 0.65, 0.55, 0.5, 0.45, 0.4, 0.35)
MAX_UNIT_WORDS = 90
MAX_LIST_ITEMS = 6
HOW_MORE = 2  # sentences after the one that names the thing, for a "hur går det till"
HOW_WORDS = 90
COMMENT_WORDS = 40  # an item's comment is read on to its second sentence within this many words


class Answerer:
    def __init__(self, searcher: Searcher, weights: Weights | None = None):
        self.searcher = searcher
        self._weights = weights
        self._named_in: dict[tuple[str, str], bool] = {}  # whether a document names any of some names

    @property
    def weights(self) -> Weights:
        if self._weights is None:
            self._weights = load_weights()
        return self._weights

    def analyse(self, question: str) -> Question:
        """The one reading of a question that everything downstream receives."""
        index = self.searcher.index

        def widen(terms: list[str]) -> list[str]:
            # a word no document uses ("helhetsomdömet") is read as the documents' words for it
            # ("samlade bedömningen"), where the thesaurus knows them
            out = split_compounds(index, terms)
            df, _ = index.document_frequencies(out)
            said = {t: [w for w in expand([t], _stem) if w != t] for t in out if df.get(t, 0) == 0}
            known, _ = index.document_frequencies(sorted({w for ws in said.values() for w in ws}))
            read = [w for t in out for w in ([x for x in said.get(t, []) if known.get(x, 0) > 0] or [t])]
            return list(dict.fromkeys(read))

        return analyse_question(question, index.years, widen)

    def idf(self, terms: list[str]) -> tuple[dict[str, float], dict[str, int]]:
        df, total = self.searcher.index.document_frequencies(terms)
        return {t: math.log((total + 1) / (df[t] + 0.5)) for t in terms}, df

    def candidates(self, question: str, filters: Filters | None) -> "Candidates":
        """Every one- or two-sentence unit of the top passages, scored against the question."""
        question = self.searcher.bound(question).text
        q = self.analyse(question)
        result = self.searcher.search(question, k=TOP_PASSAGES, filters=filters, info=q.scope)
        qkind = q.kind
        terms = q.terms
        dates = q.scope.dates
        if dates and any(hit.passage.source.date in dates for hit in result.hits):
            # "när kommunstyrelsen sammanträdde den 13 maj 2019": that day's protokoll is found,
            # so "13 maj" names where to look; a sentence repeating it is no better an answer
            said = {t for words in day_words(question) for t in tokenize(words)}
            terms = [t for t in terms if t not in said] or terms
        idf, df = self.idf(terms)
        total = sum(idf.values()) or 1.0
        years = result.info.years
        negated = NEGATION_RE.search(question) is not None
        soft = set(expand(terms, _stem)) | set(phrase_terms(question, _stem))  # everyday words' document words, a bonus only
        broad = len(terms) <= 2
        kinds = {qkind} | {FACET_QKIND[f.kind] for f in q.facets if f.kind in FACET_QKIND}
        if all(f.kind == "decision" for f in q.facets):
            kinds = {"decision"}  # "Vad beslutade kommunstyrelsen …?": the decision, not what was moved
        scope_asked = any(SCOPE_QUESTION_RE.search(f.text) for f in q.facets)
        qvec = self.searcher.query_vector(question) if result.hits else None
        parties = [(party_mark(w), t) for w in name_words(question) if party_mark(w) for t in tokenize(w)[:1]]
        per_hit = []
        for hit in result.hits:
            every = self._sentences(hit.row, hit.passage)
            per_hit.append((hit, every, self._similarities(hit.row, len(every), qvec)))
        top = max((c for _, _, cos in per_hit for c in cos), default=0.0)
        units: list[Unit] = []
        self._passages = {hit.rank: every for hit, every, _ in per_hit}
        headings = {hit.rank: " ".join(x for x in (hit.passage.source.document, hit.passage.source.part_title,
                                                   hit.passage.context, _file_words(hit.passage.source.file)) if x)
                    for hit, _, _ in per_hit}
        contexts = {hit.rank: f"{headings[hit.rank]} {hit.passage.text}" for hit, _, _ in per_hit}
        self._rows = {hit.rank: hit.row for hit, _, _ in per_hit}
        for hit, every, cos in per_hit:
            # what counts is closeness to the best sentence found, not the absolute cosine
            sims = [max(0.0, 1.0 - (top - c) / SIM_SPAN) if c > 0 else 0.0 for c in cos]
            keep = [i for i, s in enumerate(every) if _answer_like(s)]
            quoted = _quoted(every)
            inside = [quoted[i] for i in keep]
            sentences = [every[i] for i in keep]
            sims = [sims[i] for i in keep]
            heads = _headings(hit.passage.context, every)
            under = {h: matched_terms(tokenize(h), idf) for h in set(heads)}
            ctxs = [under[heads[i]] for i in keep]
            # a sentence is scored on its own words; a piece a page break cut off is shown and cited with it
            raw = [set(tokenize(s.readable())) for s in sentences]
            for i, s in enumerate(sentences):
                # "Sidney Holm (MP)" speaks for Miljöpartiet: minutes name a party by its mark
                raw[i] |= {t for mark, t in parties if mark in s.whole()}
            # what the document itself names (its title, its file: "Simrishamn", "årsbokslut")
            # holds for each of its sentences alike; repeating it makes no sentence a better answer
            named = self._document_terms(hit.passage.source, idf)
            toks = [matched_terms(list(r), idf) - named for r in raw]
            summary = broad and hit.passage.source.part == "Tjänsteskrivelse"
            for i in range(len(sentences)):
                for width in (1, 2):
                    group = sentences[i : i + width]
                    if len(group) < width:
                        continue
                    own = set().union(*toks[i : i + width])
                    sim = max(sims[i : i + width])
                    unit = self._unit(group, own, ctxs[i], hit.rank, qkind, idf, total, years, sim, toks[i : i + width],
                                      kinds, scope_asked, inside[i])
                    hits_soft = len(soft & set().union(*raw[i : i + width]))
                    # a broad question ("hur går det ekonomiskt?") is best met by the memo's
                    # summary and by the words the documents use for it
                    unit.score += 0.04 * min(hits_soft, 3) + (0.05 if summary else 0.0)
                    unit.features.update(soft=min(hits_soft, 3) / 3, summary=float(summary), negated=0.0)
                    if negated and NEGATION_RE.search(unit.text):
                        unit.score += 0.05  # "var når man inte målet?" is answered by a "inte"
                        unit.features["negated"] = 1.0
                    units.append(unit)
        if dates and any(u.sentences[0].source.date in dates for u in units):
            # the question names the day (a meeting, a memo) and documents of that day are found:
            # those of other days answer another question
            for u in units:
                if u.sentences[0].source.date not in dates:
                    u.score -= OTHER_DAY_PENALTY
                    u.features["other_day"] = 1.0
        names = " ".join(sorted({w for w in name_words(q.text) if not any(ch.isdigit() for ch in w)}))
        sources = {u.sentences[0].source.file: u.sentences[0].source for u in units}
        files = set(sources)
        naming = {f for f, src in sources.items() if self._names(src, names)} if names else files
        if naming and naming != files:
            # "socialnämnden i Simrishamn": what documents that name none of the question's names
            # say of a socialnämnd is of another one, and no answer
            units = [u for u in units if u.sentences[0].source.file in naming]
        units.sort(key=lambda u: u.score, reverse=True)
        return Candidates(units, qkind, terms, idf, df, total, years, q, contexts, headings)

    def _figure_of_other(self, q: Question, chosen: list[Unit], idf: dict[str, float]) -> str | None:
        """Why an answer to a question of figures about something named ("Vad beräknas den nya
        Stavsborgsskolan i Älta kosta?") is none: no sentence that gives a figure names it ("90
        miljoner kronor som restvärde för skolan som ska rivas"). What a sentence's document bears
        in its title or file is what the document is of, and the sentence need not repeat it."""
        if {f.kind for f in q.facets} != {"amount"}:
            return None
        names = {t for t in q.names if t in idf and not t.isdigit() and t not in q.frame}
        if not names:
            return None
        figures = [x for u in chosen for x in u.sentences
                   if has_measured_amount(x.whole()) or (x.row and has_amount(x.plain))]
        for x in figures:
            wanted = names - self._document_terms(x.source, idf)
            if not wanted or matched_terms(tokenize(x.whole()), idf) & wanted:
                return None
        return "Underlaget anger ingen siffra för just det." if figures else None

    def _names(self, source: Source, names: str) -> bool:
        """Whether a document names any of these names (terms): in its text, title or file name."""
        key = (source.file, names)
        if key not in self._named_in:
            self._named_in[key] = bool(_named_by(source) & set(tokenize(names))) or \
                bool(self.searcher.index.lexical_search(names, 1, Where(file=source.file)))
        return self._named_in[key]

    def _sentences(self, row: int, passage: Passage) -> list[Sentence]:
        """A passage's sentences, with the parts a page break cut off read from its neighbours."""
        index = self.searcher.index

        def neighbour(at: int) -> list[Sentence] | None:
            if not 0 <= at < index.size:
                return None
            other = index.passage(at)
            return split_sentences(other) if other.source.file == passage.source.file else None

        every = split_sentences(passage)
        if not every:
            return every
        before = neighbour(row - 1) if goes_on(every[0]) else None
        after = neighbour(row + 1) if open_ended(every[-1]) else None
        return across_pages(every, before, after)

    def _document_terms(self, source: Source, idf: dict[str, float]) -> set[str]:
        return matched_terms(list(_named_by(source)), idf)

    def _carried(self, units: list[Unit], idf: dict[str, float]) -> set[str]:
        """The question terms units carry, with what their documents name (an answer from
        Simrishamn's årsbokslut speaks of Simrishamn without repeating it)."""
        files = {u.sentences[0].source.file: u.sentences[0].source for u in units}
        return set().union(*(u.terms for u in units), *(self._document_terms(src, idf) for src in files.values()))

    def statements(self, question: str, filters: Filters | None = None, limit: int = 3) -> list[Unit]:
        """The best answering units, without deciding whether they answer (for comparisons)."""
        question = self.searcher.bound(question.strip()).text
        if not question:
            return []
        c = self.candidates(question, filters)
        if not c.units:
            return []
        chosen = [self._extend(u, c.qkind, question, c.idf, c.total) for u in self._choose(c.units, c.idf, c.total)]
        seen = {(u.rank, s.position) for u in chosen for s in u.sentences}
        for u in c.units:
            if len(chosen) >= limit:
                break
            if u.score < 0.6 * chosen[0].score or any((u.rank, s.position) in seen for s in u.sentences):
                continue
            chosen.append(u)
            seen |= {(u.rank, s.position) for s in u.sentences}
        return chosen

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        bounded = self.searcher.bound(question.strip())
        draft = self.draft(bounded.text, filters)
        answer = draft.final if draft.final is not None else self.decide(draft)
        if bounded.note:
            answer.question, answer.note = question.strip(), bounded.note
        return answer

    def draft(self, question: str, filters: Filters | None = None) -> "Draft":
        """The answer before deciding whether to give it: the chosen units and what the
        confidence is learned from; or, when the question cannot be answered whatever the
        confidence (a year the documents do not cover), the final answer already."""
        question = question.strip()
        if not question:
            return Draft(question, final=Answer(question, NOT_IN_DOCUMENTS + " Frågan är tom.", True, 0.0))
        c = self.candidates(question, filters)
        units, qkind, idf, total, years = c.units, c.qkind, c.idf, c.total, c.years
        index_years = self.searcher.index.years
        if not units:
            return Draft(question, final=self._abstain(question, [], "Inget i underlaget liknar frågan."))
        missing_years = [y for y in years if y not in index_years
                         and not any(str(y) in _without_year_ranges(u.text) for u in units)]
        if missing_years:
            return Draft(question, final=self._abstain(question, units, f"Underlaget gäller {_years(index_years)}; "
                                                       f"{_years(missing_years, ', ')} finns inte med."))
        later = [y for y in years if index_years and y > max(index_years)]
        if later and OUTCOME_RE.search(question):
            # a plan may name next year, but its outcome cannot be in documents written before it
            return Draft(question, final=self._abstain(question, units, f"Underlaget gäller {_years(index_years)}; "
                                                       f"utfallet för {_years(later, ', ')} redovisas inte."))
        unheld = _meeting_not_held(c.question, units, self.searcher.index.documents)
        if unheld:
            # "Vad beslutade kommunstyrelsen den 17 juni 2019?" with no document of that day, and
            # no later one telling what was decided then
            return Draft(question, final=self._abstain(question, units, f"Underlaget har inga handlingar från den "
                                                       f"{_day_in_words(unheld)}, och inget om vad som beslutades då."))
        unknown = [t for t in c.terms if c.df.get(t, 0) == 0]
        if unknown and weight(unknown, idf) >= UNKNOWN_SHARE * total:
            # most of what the question is about is words no document uses
            return Draft(question, final=self._abstain(
                question, units, _not_named(question, unknown)))
        chosen = self._choose(units, idf, total, qkind)
        chosen = [self._extend(u, qkind, question, idf, total) for u in chosen]
        q = c.question
        if len(q.facets) > 1:
            before = {id(u) for u in chosen}
            # a part's answer that announces what follows ("… fördelas enligt följande.") brings it
            chosen = [u if id(u) in before or not _announces(u.sentences[-1])
                      else self._extend(u, qkind, question, idf, total)
                      for u in self._cover_facets(q, units, chosen, idf)]
        chosen = _with_fates(chosen, units)
        body = _asked_body(question)
        what = WHAT_DECIDED_RE.match(question) is not None  # "Vad beslutade kommunstyrelsen om …?"
        if ((DECISION_ASKED_RE.match(question) or what) and q.facets[0].kind == "decision"
                and not any(_decision_taken(x, body) for u in chosen for x in u.sentences)):
            # "Beslutade kommunstyrelsen att avveckla förskolan?" is answered by the decision taken,
            # in minutes or told after the fact; a memo's "Förslag till beslut" is worded as the
            # decision it proposes, and the documents may hold only that. With further parts
            # ("Fattade kommunstyrelsen investeringsbeslut …? Hur mycket pengar gällde det?") the
            # decision taken in the same § or passage as the rest of the answer opens it.
            only = all(f.kind == "decision" or IF_SO_RE.search(f.text) for f in q.facets)
            deciding = [u for u in units
                        if (u.score >= CHOOSE_RATIO * units[0].score if only else _nearness(u, chosen) == 1.0)
                        and any(_decision_taken(x, body) for x in u.sentences)]
            # what was decided is told by the decision that speaks of the matter ("Kommunstyrelsen
            # återremitterar ärendet …"), more than by one that only points to a motion
            if not deciding:
                taken = None
            elif what:
                taken = max(deciding, key=lambda u: (u.features.get("coverage", 0.0), u.score))
            else:
                taken = deciding[0]
            if taken is None and only and not what:
                return Draft(question, final=self._abstain(question, units, "Underlaget visar inget sådant beslut.",
                                                           lead=chosen))
            if taken is not None:
                chosen = [self._extend(taken, qkind, question, idf, total) if only else taken] + chosen
        offered = _alternatives(question)
        if offered and not any(_states(option, u.text) for option in offered for u in chosen):
            # "… – uppfyllt, delvis uppfyllt eller inte uppfyllt?" answered without any of them
            return Draft(question, final=self._abstain(question, units, "Underlaget anger inte vilket av "
                                                       f"{', '.join(offered[:-1])} eller {offered[-1]}.", lead=chosen))
        lacking = _lacking(question, q, chosen, years) or _unnamed(q, chosen) or self._figure_of_other(q, chosen, idf)
        if lacking:
            # "Hur många deltog 2023?" answered with 2025's figure, "Vilket datum ska nämnden svara?"
            # with a month, a figure per m² with one per invånare, socialnämnden's result with another body's
            return Draft(question, final=self._abstain(question, units, lacking, lead=chosen))
        blend = self._confidence(chosen, qkind, idf, total, years, index_years)
        covered = self._carried(chosen, idf)
        said = set(tokenize(" ".join(u.text for u in chosen)))
        covered |= {t for t in idf if t not in covered and set(expand([t], _stem)) & said}
        retrieved = self._carried(units, idf)
        features = answer_features(q, [u.text for u in chosen], covered, retrieved, idf, c.df, blend,
                                   max(u.score for u in chosen), {s.source.year for u in chosen for s in u.sentences},
                                   FACET_COVERED, [u.terms for u in chosen])
        return Draft(question, q, units, chosen, features, c.df)

    def decide(self, draft: "Draft", abstain_below: float | None = None) -> Answer:
        question, units, chosen = draft.question, draft.units, draft.chosen
        confidence = float(self.weights.answer.probability(np.array(draft.features)))
        pending = [u.reading([x]) for u in chosen for x in u.sentences if PENDING_RE.search(x.readable())]
        if pending and FINDINGS_RE.search(question) and not any(has_measured_amount(u.text) for u in chosen):
            # "vad visade utvärderingen?" when the documents say the evaluation is still awaited
            return self._abstain(question, units, "Resultatet redovisas inte än – enligt underlaget "
                                 "inväntas det (se första citatet).", confidence, lead=pending)
        limit = self.weights.abstain_below if abstain_below is None else abstain_below
        if confidence < limit:
            unknown = [t for t in draft.question_info.terms if t in draft.df and draft.df[t] == 0]
            return self._abstain(question, units, _not_named(question, unknown) if unknown else None, confidence)
        text, citations = cite([s for u in chosen for s in u.sentences])
        return Answer(question, text, False, confidence, citations)

    def _similarities(self, row: int, count: int, qvec) -> list[float]:
        """Cosine of each sentence of a passage to the question, scaled to 0..1; zeros when
        the index holds no sentence vectors for it."""
        if qvec is None:
            return [0.0] * count
        matrix = self.searcher.index.sentence_vectors(row)
        if len(matrix) != count:
            return [0.0] * count
        return [float(c) for c in matrix @ qvec]

    def _unit(self, group: list[Sentence], own: set[str], ctx: set[str], rank: int, qkind: str,
              idf: dict[str, float], total: float, years: list[int], sim: float = 0.0,
              each: list[set[str]] | None = None, kinds: set[str] | None = None, scope_asked: bool = False,
              quoted: bool = False) -> Unit:
        text = " ".join(s.whole() for s in group)
        coverage = (weight(own, idf) + 0.5 * weight(ctx - own, idf)) / total
        f = {
            "coverage": weight(own, idf) / total,
            "context": weight(ctx - own, idf) / total,
            "similarity": sim,
            "prior": PRIOR[min(rank, len(PRIOR)) - 1],
            "kind": max(_kind_bonus(k, text) for k in (kinds or {qkind})),
            # the figure stands in one sentence, what it is about in the other
            "split_amount": float(qkind == "amount" and len(group) > 1 and bool(each) and not any(
                terms and has_measured_amount(s.whole()) for s, terms in zip(group, each or []))),
            "long": float(len(text.split()) > MAX_UNIT_WORDS),
            "pair": float(len(group) > 1),  # a second sentence has to earn its place
            # "Dessa handlingsplaner …", "Nedan visas …": leans on what the answer does not show
            "anaphor": float(ANAPHOR_RE.match(group[0].plain) is not None),
            # what a review set out to examine ("Granskningen syftade till att bedöma om …") is
            # no finding, unless the question asks what was examined
            "scope": float(not scope_asked and SCOPE_STATEMENT_RE.search(text) is not None),
            "other_year": float(bool(years) and not (group[0].source.year in years or any(str(y) in text for y in years))),
            # a member's own words quoted in the minutes ("”Vi Liberaler har …"), not what the body holds
            "quoted": float(quoted),
        }
        score = (0.35 * coverage + 0.45 * sim + 0.2 * f["prior"] + f["kind"] - 0.05 * f["split_amount"]
                 - 0.1 * f["long"] - 0.03 * f["pair"] - 0.04 * f["anaphor"] - 0.1 * f["other_year"]
                 - SCOPE_PENALTY * f["scope"] - QUOTED_PENALTY * f["quoted"])
        return Unit(group, score, coverage, own | ctx, rank, f)

    def _choose(self, units: list[Unit], idf: dict[str, float], total: float, qkind: str = "general") -> list[Unit]:
        """The best unit, and those that add to it: more of the question's terms, or, when the
        first already carries every term (a broad "hur går det ekonomiskt?"), another figure
        of nearly the same standing for a question of amounts."""
        best = units[0]
        chosen = [best]
        covered = set(best.terms)
        used = {(best.rank, s.position) for s in best.sentences}
        figures = {q.value for q in quantities(best.text)}
        for u in units[1:]:
            if len(chosen) >= CHOOSE_UNITS:
                break
            if (u.rank == best.rank and not CHOOSE_SAME_PASSAGE) or any((u.rank, s.position) in used for s in u.sentences):
                continue
            adds = u.terms - covered
            if sum(len(x.text.split()) for x in chosen) + len(u.text.split()) > CHOOSE_WORDS:
                continue
            other_figure = (qkind == "amount" and not set(idf) - covered and u.score >= OTHER_FIGURE_RATIO * best.score
                            and has_measured_amount(u.text) and not {q.value for q in quantities(u.text)} <= figures)
            # a "varför" may have causes told apart: another cause of nearly the same standing
            other_cause = (qkind == "reason" and u.score >= OTHER_FIGURE_RATIO * best.score
                           and CAUSAL_RE.search(u.text) is not None)
            if (adds and u.score >= CHOOSE_RATIO * best.score and weight(adds, idf) >= CHOOSE_ADDS * total) \
                    or other_figure or other_cause:
                chosen.append(u)
                covered |= u.terms
                used |= {(u.rank, s.position) for s in u.sentences}
                figures |= {q.value for q in quantities(u.text)}
        chosen.sort(key=lambda u: (u.rank, u.sentences[0].position))
        return chosen

    def _extend(self, unit: Unit, qkind: str, question: str, idf: dict[str, float], total: float) -> Unit:
        """Let an answer finish its thought: the list an introduction announces, the further
        reasons of a "varför", the items of a "vilka", and a neighbouring sentence that speaks
        of what the question asks and the answer does not yet cover."""
        every = self._passages.get(unit.rank, [])
        unit = self._neighbours(unit, every, idf, total)
        if qkind == "reason" and CONCLUDES_RE.match(unit.sentences[0].plain):
            unit = self._concluded(unit, every)
        elif qkind == "reason" and CONSEQUENCE_RE.search(unit.sentences[0].plain):
            unit = self._premised(unit, every)
        listing = qkind == "reason" or LIST_QUESTION_RE.search(question) is not None
        if listing and LIST_ITEM_START_RE.match(unit.sentences[0].text):
            unit = self._whole_list(unit, every)
        last = unit.sentences[-1]
        intro = last.plain.endswith(":") or unit.sentences[0].plain.endswith(":")
        added: list[Sentence] = []
        words = sum(len(s.plain.split()) for s in unit.sentences)
        following = every[last.position + 1 :]
        if not following and (listing or intro):
            following = self._next_passage(unit.rank, every)
        if following and last.after is not None and following[0].source.start == last.after.source.start \
                and following[0].source.page == last.after.source.page:
            following = following[1:]  # the rest of the last sentence, on the next page, is read with it
        if not intro and len(following) > 1 and _label_line(following[0]) and not _heading_like(following[1]) \
                and not (following[1].row or LIST_ITEM_START_RE.match(following[1].text)):
            # an item and its "Kommentar:" (or "Status:", "Uppföljning:"): what came of it is told
            # under the label, and an answer on the item without it tells only what was planned
            told = [following[0], following[1]]
            if len(following) > 2 and not (_heading_like(following[2]) or _label_line(following[2]) or following[2].row) \
                    and len(following[1].plain.split()) + len(following[2].plain.split()) <= COMMENT_WORDS:
                told.append(following[2])
            return unit.reading(unit.sentences + told)
        if ANNOUNCES_RE.search(last.plain) and not intro and following and not _heading_like(following[0]):
            # "… fatta följande beslut." is no answer without the decision it announces, nor
            # "… fördelas enligt följande." without the rows that follow
            if not (following[0].row or LIST_ITEM_START_RE.match(following[0].text) or _value_line(following[0])):
                return unit.reading(unit.sentences + [following[0]])
            intro = True
        if qkind == "how" and not listing and not intro:
            return self._how(unit, following, words)
        if listing and not intro:
            # "… med två undantag (… försenade):" a sentence or two below announces the list
            for j, s in enumerate(following[:2]):
                if s.plain.endswith(":") and j + 1 < len(following) and LIST_ITEM_START_RE.match(following[j + 1].text):
                    added = list(following[: j + 1])
                    words += sum(len(x.plain.split()) for x in added)
                    following = following[j + 1 :]
                    intro = True
                    break
        skipped = 0
        bridged = False
        most = MAX_REASONS if qkind == "reason" else MAX_SENTENCES
        for n, s in enumerate(following):
            if len(added) >= MAX_LIST_ITEMS or words > 160 or (not intro and len(unit.sentences) + len(added) > most):
                break
            if _heading_like(s):
                break  # a heading opens another matter ("Biblioteket"): the answer does not run into it
            text = s.plain
            item = LIST_ITEM_START_RE.match(s.text) is not None or (intro and (s.row or _value_line(s)))
            more = _goes_on(text, qkind)
            if qkind == "reason" and not more and not bridged and n + 1 < len(following) and _goes_on(following[n + 1].plain, qkind):
                more = bridged = True  # "Därmed har vakanser ej behövt tillsättas." between two reasons
            if listing and not intro and not added and text.endswith(":"):
                added.append(s)  # "Det finns följande stöd:" announces the list that answers
                words += len(text.split())
                intro = True
                continue
            if (intro and item) or (listing and (item or more)):
                added.append(s)
                words += len(text.split())
                skipped = 0
                continue
            if intro and added and skipped < 2:
                skipped += 1  # the rest of a list item's text; the next item may follow
                continue
            break
        if not added:
            return unit
        return unit.reading(unit.sentences + added)

    def _cover_facets(self, q: Question, units: list[Unit], chosen: list[Unit], idf: dict[str, float]) -> list[Unit]:
        """Each part of a compound question gets its answer: a part whose terms or kind of answer
        the chosen sentences do not carry takes the best unit for it."""
        out = list(chosen)
        words = sum(len(u.text.split()) for u in out)
        for facet in q.facets:
            if facet.extreme:
                found, pick = _extreme(facet.extreme, units, out)
                if found:
                    if pick is not None and words + len(pick.text.split()) <= FACET_WORDS:
                        out.append(pick)
                        words += len(pick.text.split())
                    continue
            # what the part asks, not the document or the year it names ("i granskningen av …", "2019")
            fterms = ({t for t in facet.terms if t in idf and t not in q.frame and not t.isdigit()}
                      or {t for t in facet.terms if t in idf})
            whole = weight(fterms, idf)
            if whole <= 0:
                continue
            covered = set().union(*(u.terms for u in out))
            have = weight(fterms & covered, idf) / whole
            typed = facet.kind in ("general", "list") or \
                answer_type_present(facet.kind, " ".join(u.text for u in out), facet.bodies) >= 1.0 or \
                (not facet.bodies and any(answer_type_present(facet.kind, u.text) for u in out))
            # "…, och vad gjorde museet åt det?": a part that points back is answered where the
            # document goes on from what answers the part before; its own few words say little
            back = POINTS_BACK_RE.search(facet.text) is not None and facet is not q.facets[0]
            if back and not any(_follows(u, out) for u in out):
                have = 0.0
            if have >= FACET_COVERED and typed:
                continue
            used = {(u.rank, s.position) for u in out for s in u.sentences}
            close = self._closeness(facet.text, units)
            best, best_key = None, None
            for u, near in zip(units, close):
                if any((u.rank, s.position) in used for s in u.sentences) or _other_matter(u, out):
                    continue
                fcov = weight(u.terms & fterms, idf) / whole
                if fcov <= have and near < FACET_CLOSE and typed:
                    continue  # only a unit that speaks of the part more than the answer does can answer it
                key = (u.score + FACET_WEIGHT * fcov + CLOSE_WEIGHT * near
                       + TYPE_WEIGHT * answer_type_present(facet.kind, u.text, facet.bodies) + NEAR_WEIGHT * _nearness(u, out)
                       + (FOLLOWS_WEIGHT * _follows(u, out) if back else 0.0))
                if best_key is None or key > best_key:
                    best, best_key = u, key
            # a part that points back, met by the sentence right after the answer before it, is read
            # on with that answer, a little past the allowance ("… underskott på 0,2 mnkr. Under
            # hösten infördes köpstopp …")
            allowance = FACET_WORDS + (FOLLOWS_WORDS if back and best is not None and _follows(best, out) else 0)
            if best is None or words + len(best.text.split()) > allowance:
                continue
            out.append(best)
            words += len(best.text.split())
        out.sort(key=lambda u: (u.rank, u.sentences[0].position))
        return out

    def _closeness(self, text: str, units: list[Unit]) -> list[float]:
        """How close each unit comes to a part of the question in meaning, against the closest
        (1.0) down to SIM_SPAN below it (0.0): a part asked in words the documents do not use
        ("helhetsomdömet" for "den samlade bedömningen") is still met."""
        vec = self.searcher.query_vector(text)
        cos: dict[int, list[float]] = {}
        raw = []
        for u in units:
            if u.rank not in cos:
                cos[u.rank] = self._similarities(self._rows[u.rank], len(self._passages.get(u.rank, [])), vec)
            values = cos[u.rank]
            raw.append(max((values[s.position] for s in u.sentences if s.position < len(values)), default=0.0))
        top = max(raw, default=0.0)
        return [max(0.0, 1.0 - (top - c) / SIM_SPAN) if c > 0 else 0.0 for c in raw]

    def _how(self, unit: Unit, following: list[Sentence], words: int) -> Unit:
        """A "hur går det till" is answered by what follows the sentence that names the thing:
        take the next sentences of the passage while they go on about it."""
        added: list[Sentence] = []
        for s in following[:HOW_MORE]:
            if not _answer_like(s) or s.row or words + len(s.plain.split()) > HOW_WORDS:
                break
            added.append(s)
            words += len(s.plain.split())
        if not added:
            return unit
        return unit.reading(unit.sentences + added)

    def _whole_list(self, unit: Unit, every: list[Sentence]) -> Unit:
        """An item of a list answers a "vilka" only together with the list: start from the
        sentence that announces it ("Det finns följande stöd:") when it stands close above."""
        first = unit.sentences[0].position
        for pos in range(first - 1, max(-1, first - 9), -1):
            text = every[pos].plain
            if text.endswith(":"):
                items = [x for x in every[pos + 1 : first] if LIST_ITEM_START_RE.match(x.text)]
                return unit.reading([every[pos]] + items + list(unit.sentences))
        return unit

    def _concluded(self, unit: Unit, every: list[Sentence]) -> Unit:
        """"Sammantaget …" sums up what its section said before it: for a "varför", the causes
        stated there (back to the heading) come with it."""
        before: list[Sentence] = []
        earlier = every[: unit.sentences[0].position]
        if not earlier:
            earlier = self._previous_passage(unit.rank, every)
        for s in reversed(earlier):
            if _heading_like(s) or len(before) >= MAX_REASONS:
                break
            before.insert(0, s)
        causes = [s for s in before if CAUSAL_RE.search(s.whole())]
        return unit.reading(causes + unit.sentences) if causes else unit

    def _premised(self, unit: Unit, every: list[Sentence]) -> Unit:
        """"… har därmed inte legat till grund …" draws a consequence from what the sentences
        before it state: for a "varför", those (up to PREMISES, not past a heading) come first."""
        before: list[Sentence] = []
        for s in reversed(every[: unit.sentences[0].position]):
            if _heading_like(s) or len(before) >= PREMISES:
                break
            before.insert(0, s)
        return unit.reading(before + unit.sentences) if before else unit

    def _previous_passage(self, rank: int, every: list[Sentence]) -> list[Sentence]:
        """The sentences of the passage this one continues in the same part and page."""
        return self._adjacent(rank, every, -1)

    def _next_passage(self, rank: int, every: list[Sentence]) -> list[Sentence]:
        """The sentences of the passage that continues this one in the same part, when a
        thought runs over the passage boundary or the page."""
        return self._adjacent(rank, every, 1)

    def _adjacent(self, rank: int, every: list[Sentence], step: int) -> list[Sentence]:
        row = self._rows.get(rank)
        if row is None or not every or not 0 <= row + step < self.searcher.index.size:
            return []
        passage = self.searcher.index.passage(row + step)
        other = passage.source
        here = every[-1].source if step > 0 else every[0].source
        same_page = other.page == here.page and (other.start >= here.end if step > 0 else other.end <= here.start)
        next_page = step > 0 and here.page is not None and other.page == here.page + 1  # over a page break
        if other.file != here.file or other.part != here.part or not (same_page or next_page):
            return []
        return split_sentences(passage)

    def _neighbours(self, unit: Unit, every: list[Sentence], idf: dict[str, float], total: float) -> Unit:
        sentences = list(unit.sentences)
        terms = set().union(*(matched_terms(tokenize(x.whole()), idf) for x in sentences))
        for step in (-1, 1):
            pos = (sentences[0].position - 1) if step < 0 else (sentences[-1].position + 1)
            if not 0 <= pos < len(every) or not _answer_like(every[pos]):
                continue
            adds = matched_terms(tokenize(every[pos].whole()), idf) - terms
            if weight(adds, idf) >= 0.1 * total:
                sentences = [every[pos]] + sentences if step < 0 else sentences + [every[pos]]
                terms |= adds
        pos = sentences[0].position - 1
        if 0 <= pos < len(every) and ANNOUNCES_RE.search(every[pos].plain) and not every[pos].row:
            # "Kommunstyrelsen föreslår kommunfullmäktige fatta följande beslut." says who decides
            # what follows; the answer is not read right without it
            sentences = [every[pos]] + sentences
        if len(sentences) == len(unit.sentences):
            return unit
        return unit.reading(sentences, unit.terms | terms)

    def _confidence(self, chosen: list[Unit], qkind: str, idf: dict[str, float], total: float,
                    years: list[int], index_years: list[int]) -> float:
        covered = self._carried(chosen, idf)
        said = set(tokenize(" ".join(u.text for u in chosen)))
        # an everyday word is answered when the documents' words for it are there
        covered |= {t for t in idf if t not in covered and set(expand([t], _stem)) & said}
        coverage = weight(covered, idf) / total
        best_rank = min(u.rank for u in chosen)
        conf = 0.75 * coverage + 0.25 * PRIOR[min(best_rank, len(PRIOR)) - 1]
        texts = [_without_year_ranges(u.text) for u in chosen]
        if qkind == "amount" and not any(has_amount(t) for t in texts):
            conf *= 0.5
        # a weighty word of the question that no chosen sentence speaks of
        missing = max((idf[t] / total for t in idf if t not in covered), default=0.0)
        if missing >= 0.3:
            conf *= 0.6
        elif missing >= 0.2:
            conf *= 0.8
        if qkind == "when" and not any(DATE_IN_TEXT_RE.search(t) for t in texts):
            conf *= 0.7
        for y in years:
            in_text = any(str(y) in t for t in texts)
            if y not in index_years and not in_text:
                conf *= 0.5
            elif y not in index_years and qkind == "amount" and not any(
                    str(y) in s and has_amount(s) for u in chosen for s in map(_without_year_ranges, (x.whole() for x in u.sentences))):
                conf *= 0.6
            elif not in_text and not any(u.sentences[0].source.year == y for u in chosen):
                conf *= 0.7
        return max(0.0, min(1.0, conf))

    def _abstain(self, question: str, units: list[Unit], reason: str | None, confidence: float = 0.0,
                 lead: list[Unit] | None = None) -> Answer:
        """"Det står inte i underlaget", the reason when there is one, and the nearest passages
        as related reading: `lead` first, then the best-scored units, one sentence per passage."""
        text = NOT_IN_DOCUMENTS
        if reason:
            text += " " + reason
        related: list[Citation] = []
        seen = set()
        for u in (lead or []) + sorted(units, key=lambda x: x.score, reverse=True):
            s = u.sentences[0]
            if u.rank in seen or len(s.plain.split()) < 6:
                continue
            seen.add(u.rank)
            related.append(Citation(s.text, s.source))
            if len(related) >= 3:
                break
        if related:
            text += " Närmast relaterat finns i de citerade avsnitten."
        return Answer(question, text, True, confidence, related)


OUTCOME_RE = re.compile(r"\b(blev|var|hade|gick|fick|uppgick|landade|slutade|utfall\w*|bokslut\w*|resultat\w*)\b",
                        re.IGNORECASE)
FINDINGS_RE = re.compile(r"\b(visade|visat|visar|kom fram till|resultatet av|utfallet av|vad gav)\b", re.IGNORECASE)
PENDING_RE = re.compile(r"\b(inväntas|avvaktas|ska (?:utvärderas|sammanställas|analyseras)|kommer att (?:utvärderas|"
                        r"sammanställas|analyseras)|är ännu inte klar[at]?|har ännu inte (?:utvärderats|sammanställts))\b",
                        re.IGNORECASE)
NEGATION_RE = re.compile(r"\b(inte|ej|ingen|inga|inget|aldrig)\b", re.IGNORECASE)
LIST_QUESTION_RE = re.compile(r"^\s*(vilka|vilket|vilken|vad)\b", re.IGNORECASE)
LIST_ITEM_START_RE = re.compile(r"^\s*(?:<[^>]+>\s*)*(?:[-•*·]|\d{1,2}\.|(?:Uppdrag|Åtgärd|Fokusmål|Nämndmål|Mål)\s+\d{1,3}\s*:)\s*\S")
CONCLUDES_RE = re.compile(r"^\s*(?:Sammantaget|Sammanfattningsvis|Sammanlagt|Totalt sett|Därmed|Således|Detta "
                          r"(?:innebär|gör|medför)|Det innebär)\b", re.IGNORECASE)
# a consequence drawn inside a sentence ("Energiförbrukningen … har därmed inte legat till grund …")
CONSEQUENCE_RE = re.compile(r"^\S.{0,80}?\b(?:därmed|därför|således|följaktligen)\b", re.IGNORECASE)
CONTINUATION_RE = re.compile(r"^(En annan|Ett annat|(?:En|Ett) ytterligare|Ytterligare|Dessutom|Därtill|Även|Vidare|Utöver|Samtidigt|Det beror|"
                             r"Dels|Delvis|Också|Till detta)\b")
ANAPHOR_RE = re.compile(r"^\s*(Dessa|Detta|Denna|Dessutom|Därför|Den här|Det här|De här|"
                        r"Nedan (?:visas|redovisas|framgår|följer|beskrivs|presenteras))\b")
ANNOUNCES_RE = re.compile(r"(?:\bföljande(?:\s+\w+){0,2}|\bnedan)\s*[.:]\s*$", re.IGNORECASE)
SCOPE_STATEMENT_RE = re.compile(r"\b(?:bedöma|granska|undersöka|pröva|belysa|besvara)\s+(?:om|huruvida)\b|"
                                r"\bSyftet med granskningen\b|\bsyftade till att\b|\brevisionsfrågor\w*", re.IGNORECASE)
SCOPE_QUESTION_RE = re.compile(r"\b(?:syfte\w*|granskades|granskade\w*|granskats|omfattade\w*|ingick|ingår|revisionsfråg\w*)\b",
                               re.IGNORECASE)
QUOTE_MARKS = "”“\"«»"


def _quoted(every: list[Sentence]) -> list[bool]:
    """Which sentences of a passage stand within a quotation ("… lät anteckna följande. ”Vi
    Liberaler har … Det är viktigt …”"): somebody's own words, reported."""
    out, open_ = [], False
    for s in every:
        text = s.plain.strip()
        out.append(open_ or text[:1] in QUOTE_MARKS)
        if sum(text.count(m) for m in QUOTE_MARKS) % 2:
            open_ = not open_
    return out


YEAR_RANGE_RE = re.compile(r"\b(19|20)\d\d\s*[–-]\s*(19|20)\d\d\b")


def cite(sentences: list[Sentence]) -> tuple[str, list[Citation]]:
    """An answer's text with a mark [n] per citation, and its citations; a sentence a page break
    cuts is read whole and cited in both its pieces ("… [1][2]"); no piece is cited twice."""
    parts: list[str] = []
    citations: list[Citation] = []
    seen: set[tuple[str, int | None, int]] = set()
    said: set[str] = set()  # the same words stated twice (a memo quoted in minutes) are given once
    label: list[Sentence] = []  # a label line ("Kommentar:") is read with what it labels
    for n, s in enumerate(sentences):
        pieces = [p for p in s.pieces() if (p.source.file, p.source.page, p.source.start) not in seen]
        words = " ".join(s.whole().split()).lower()
        if not pieces or (len(words.split()) >= 4 and words in said):
            continue
        said.add(words)
        seen |= {(p.source.file, p.source.page, p.source.start) for p in pieces}
        if _label_line(s) and n + 1 < len(sentences):
            label += pieces
            continue
        pieces, label = label + pieces, []
        marks = "".join(f"[{len(citations) + k}]" for k in range(1, len(pieces) + 1))
        citations += [Citation.of(p) for p in pieces]
        parts.append(f"{' '.join(p.readable() for p in pieces)} {marks}")
    return " ".join(parts), citations


def _headings(context: str, every: list[Sentence]) -> list[str]:
    """The headings each sentence of a passage stands under: the passage's own, until a
    heading inside it ("Assistans (LSS)") takes over its last level."""
    levels = [x.strip() for x in context.split("›")] if context else []
    out = []
    for s in every:
        if _heading_like(s):
            levels = levels[:-1] + [s.plain.strip()] if levels else [s.plain.strip()]
        out.append(" › ".join(levels))
    return out


VALUE_LINE_RE = re.compile(r"^\D{2,}?\s[-–+]?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?\s*(?:%|mnkr|tkr|kr|miljoner)?$")


def _announces(s: Sentence) -> bool:
    return s.plain.rstrip().endswith(":") or ANNOUNCES_RE.search(s.plain) is not None


def _value_line(s: Sentence) -> bool:
    """A line of a label and its value ("Trygghetsvärdar 1,2"): an item of a list of figures."""
    text = s.plain.strip()
    return VALUE_LINE_RE.match(text) is not None and not re.search(r"(?:19|20)\d\d$", text)


LABEL_LINE_RE = re.compile(r"^[A-ZÅÄÖ][a-zåäö]+(?:\s[a-zåäö]+)?:$")


def _label_line(s: Sentence) -> bool:
    """A line that is only a label of what follows ("Kommentar:", "Status:")."""
    return not s.row and LABEL_LINE_RE.match(s.plain.strip()) is not None


def _heading_like(s: Sentence) -> bool:
    if _value_line(s):
        return False  # "Trygghetsvärdar 1,2": a label and its value, not a heading
    text = s.plain.strip()
    words = text.split()
    return (not s.row and 0 < len(words) <= 6 and text[0].isupper() and not text.endswith((".", "!", "?", ":", ",", ";"))
            and LIST_ITEM_START_RE.match(s.text) is None)


def _not_named(question: str, stems: list[str]) -> str:
    """"Underlaget nämner inte 'X'", with the question's own words behind the stems."""
    words = []
    for w in re.findall(r"[\w-]+", question):
        if any(t in tokenize(w) for t in stems) and w not in words:
            words.append(w)
    return "Underlaget nämner inte " + ", ".join(f"'{w}'" for w in words or stems) + "."


POINTS_BACK_RE = re.compile(r"\b(?:åt|med|på|av|om|mot|till|för) (?:det|detta|dem|den|resten|den punkten|det hela)\s*\??$|"
                            r"\bhur gick det\b", re.IGNORECASE)


def _follows(unit: Unit, chosen: list[Unit]) -> float:
    """1 when a unit starts right after a sentence of the answer, in the same passage."""
    return float(any(u.rank == unit.rank and unit.sentences[0].position == u.sentences[-1].position + 1 for u in chosen))


# a member's motion in minutes ("Tomas Ottosson (V) yrkade att …") and how it fared ("Med avslag
# på Tomas Ottossons yrkande beslutade …", "Kommunstyrelsen avslog Khashayar Farmanbars yrkande.")
MOVER_RE = re.compile(r"\b([A-ZÅÄÖ][\w-]+(?:[ -][A-ZÅÄÖ][\w-]+)*)\s+\([A-ZÅÄÖ]{1,3}\)(?:,[^.]*?)?\s+yrkade\b")
FARED_RE = re.compile(r"\b(?:avslog|avslag|biföll|bifall|beslutade|återremitterade)\b", re.IGNORECASE)
FATE_WORDS = 30  # the longest sentence taken as a motion's fate


def _with_fates(chosen: list[Unit], units: list[Unit]) -> list[Unit]:
    """A member's motion in an answer comes with how it fared, told in the same § of the minutes:
    a motion without its outcome is half an answer."""
    out = list(chosen)
    used = {(u.rank, s.position) for u in out for s in u.sentences}
    for u in chosen:
        for s in u.sentences:
            for m in MOVER_RE.finditer(s.whole()):
                surname = m.group(1).split()[-1]
                told = re.compile(rf"\b{re.escape(surname)}s\s+yrkande\b")
                fate = next((x for x in units if len(x.sentences) == 1
                             and x.sentences[0].source.file == s.source.file
                             and x.sentences[0].source.paragraph == s.source.paragraph
                             and told.search(x.text) and FARED_RE.search(x.text)
                             and len(x.text.split()) <= FATE_WORDS), None)
                if fate is None or any((fate.rank, y.position) in used for y in fate.sentences):
                    continue
                out.append(fate)
                used |= {(fate.rank, y.position) for y in fate.sentences}
    if len(out) > len(chosen):
        out.sort(key=lambda u: (u.rank, u.sentences[0].position))
    return out


def _other_matter(unit: Unit, chosen: list[Unit]) -> bool:
    """Whether a unit is of another § of minutes the answer already draws on: another matter."""
    here = unit.sentences[0].source
    if not here.paragraph:
        return False
    same_file = [u.sentences[0].source for u in chosen if u.sentences[0].source.file == here.file]
    return bool(same_file) and all(s.paragraph and s.paragraph != here.paragraph for s in same_file)


def _nearness(unit: Unit, chosen: list[Unit]) -> float:
    """1 for a unit of a passage the answer already draws on or of the same § of the minutes,
    0.5 on the same or the next page of the same document (not of another §), else 0."""
    if any(u.rank == unit.rank for u in chosen):
        return 1.0
    here = unit.sentences[0].source
    for u in chosen:
        there = u.sentences[0].source
        if there.file != here.file:
            continue
        if here.paragraph and there.paragraph:
            if here.paragraph == there.paragraph:
                return 1.0  # the same § of the minutes: the same matter
            continue  # another § is another matter, on whatever page
        if here.page is None or there.page is None or abs(here.page - there.page) <= 1:
            return 0.5
    return 0.0


MONEY_SCALE = {"kronor": 1.0, "kr": 1.0, "tkr": 1e3, "mnkr": 1e6}


def _extreme(sign: int, units: list[Unit], out: list[Unit]) -> tuple[bool, Unit | None]:
    """For a part asking which is the dearest or the cheapest ("vilken enskild åtgärd är
    dyrast?"): among the figures of the answer's documents in the unit of the whole (the
    sentence of the answer's largest figure), less the whole itself, the largest (sign +1) or smallest (-1).
    Whether there is one, and its unit when the answer does not give it yet."""
    stated = [[x for x in quantities(s.plain) if x.unit] for u in out for s in u.sentences]
    given = [x for figures in stated for x in figures]
    if not given:
        return False, None
    top = max(given, key=_scaled)
    whole = next(figures for figures in stated if top in figures)  # a range ("4 400 000 – 5 100 000") is one whole
    kinds = {x.unit for x in whole}  # its parts are told in the whole's unit
    files = {s.source.file for u in out for s in u.sentences}
    used = {(u.rank, s.position) for u in out for s in u.sentences}
    best, best_key = None, None
    for u in units:
        if u.sentences[0].source.file not in files:
            continue
        parts = [x for x in quantities(u.text) if x.unit in kinds and not any(same(x, w) for w in whole)]
        if not parts:
            continue
        key = (max(sign * _scaled(x) for x in parts), u.score)
        if best_key is None or key > best_key:
            best, best_key = u, key
    if best is None:
        return False, None
    given_already = any((best.rank, s.position) in used for s in best.sentences) or \
        any(same(x, g) for x in quantities(best.text) for g in given
            if x.unit in kinds and not any(same(x, w) for w in whole))
    return True, (None if given_already else best)


def _scaled(x) -> float:
    return x.value * MONEY_SCALE.get(x.unit, 1.0)


def _named_by(source: Source) -> set[str]:
    """The terms a document names itself by: its title and its file name."""
    return set(tokenize(f"{source.document or ''} {_file_words(source.file)}"))


def _file_words(file: str) -> str:
    """A document's file name as words ("simrishamn-kfn-arsbokslut-2025.pdf" names Simrishamn)."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return " ".join(w for w in re.split(r"[-_.\s]+", stem) if w.isalpha())


def _years(years: list[int], joiner: str = " och ") -> str:
    return joiner.join(str(y) for y in years)


BOUND_YEAR_RE = re.compile(r"\b(?:sedan|från|fram till|till|senast|före|efter|inför|mellan|fr\.o\.m\.|t\.o\.m\.)"
                           r"\s+(?:år\s+)?((?:19|20)\d\d)\b", re.IGNORECASE)


DAY_ASKED_RE = re.compile(r"\b(?:vilket datum|vilken dag|vilka datum|på vilket datum)\b", re.IGNORECASE)
DURATION_ASKED_RE = re.compile(r"\b(?:hur länge|hur lång tid|hur långa? (?:tid|period))\b", re.IGNORECASE)
SPAN_RE = re.compile(r"\b(?:\d+(?:,\d+)?|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|tolv|femton|tjugo|trettio|"
                     r"några|ett par|ett fåtal)\s+(?:sekund\w*|minut\w*|timm\w*|dygn\w*|dag\w*|veck\w*|månad\w*|"
                     r"år|åren|kvartal\w*|terminer|termin)\b|\b(?:sedan|från och med|fram till|till och med|t\.o\.m\.|"
                     r"fr\.o\.m\.)\s|\b(?:19|20)\d\d\s*[–-]\s*(?:19|20)?\d\d\b", re.IGNORECASE)


def _lacking(question: str, q: Question, chosen: list[Unit], years: list[int]) -> str | None:
    """Why an answer to a question all of whose parts want figures, or a day or a length of
    time, is none; None when it is one."""
    kinds = {f.kind for f in q.facets}
    sentences = [s for u in chosen for s in u.sentences]
    text = " ".join(s.whole() for s in sentences)
    if kinds == {"date"}:
        return _time_lacking(question, text)
    if kinds != {"amount"}:
        return None
    wanted = _asked_years(question, years)
    if wanted and not _figure_of(wanted, sentences):
        return f"Underlaget anger ingen siffra för {_years(wanted, ' eller ')}."
    if not (has_amount(text) or quantities(text)):
        # "Förorenade områden är kostsamma att sanera." for "Hur mycket beräknas saneringen kosta?"
        return "Underlaget anger ingen siffra för det."
    return _per_lacking(question, sentences) or _body_lacking(question, sentences)


WHICH_RE = re.compile(r"^\s*(?:vilken|vilket|vilka)\s+([^\W\d_]{4,})\b", re.IGNORECASE)
INDEFINITE_RE = re.compile(r"\b(?:en|ett|någon|något|några)\s+(?:\w+\s+)?$", re.IGNORECASE)
NAME_IN_TEXT_RE = re.compile(r"(?<![.:!?]\s)(?<!^)\b[A-ZÅÄÖ][a-zåäöé]+(?:\s+[A-ZÅÄÖ][\wåäö]*)*|\bAB\b")


def _unnamed(q: Question, chosen: list[Unit]) -> str | None:
    """Why an answer to "Vilken leverantör …?" (an organisation or a person, asked by name) is
    none: the answer speaks of the one asked only as some one ("… beställningarna från en
    ramavtalsleverantör …") and names none."""
    if len(q.facets) != 1 or q.facets[0].kind not in ("organisation", "person"):
        return None  # a thing asked by its name; "Vilken åtgärd …?" is answered by what it is
    m = WHICH_RE.match(q.facets[0].text)
    if not m:
        return None
    asked = tokenize(m.group(1))
    if not asked:
        return None
    head = asked[0]
    mentions = []
    for x in (x for u in chosen for x in u.sentences):
        text = x.whole()
        for w in re.finditer(r"[^\W\d_]+", text):
            if w.group(0)[:1].islower() and _stem(w.group(0).lower()).endswith(head):
                mentions.append((text, INDEFINITE_RE.search(text[: w.start()]) is not None))
    if not mentions or not all(indefinite for _, indefinite in mentions):
        return None
    if any(NAME_IN_TEXT_RE.search(text) for text, _ in mentions):
        return None
    return f"Underlaget anger inte vilken {m.group(1).lower()}."


def _time_lacking(question: str, text: str) -> str | None:
    """Why an answer to a question of a day or of a length of time is none: no day is given,
    or no length of time."""
    if DAY_ASKED_RE.search(question) and not (dates_in(text) or DAY_IN_TEXT_RE.search(text)):
        return "Underlaget anger inget datum för det."
    if DURATION_ASKED_RE.search(question) and not SPAN_RE.search(text):
        return "Underlaget anger ingen tid för det."
    return None


def _body_lacking(question: str, sentences: list[Sentence]) -> str | None:
    """Why an answer to a figure asked of a body ("Hur stort underskott redovisade
    socialnämnden …?") is none: neither its sentences nor their documents name that body."""
    said: set[str] = set()
    for s in sentences:
        src = s.source
        said |= set(tokenize(" ".join(x or "" for x in (s.whole(), src.namnd, src.document, src.part_title, src.section))))
    for m in ORG_NAME_RE.finditer(question):
        if not set(tokenize(m.group(0))) & said:
            return f"Underlaget anger ingen siffra för {m.group(0)}."
    return None


PER_RE = re.compile(r"\bper\s+([^\W\d_]{3,})", re.IGNORECASE)


def _per_lacking(question: str, sentences: list[Sentence]) -> str | None:
    """Why an answer to a figure asked per something ("energianvändningen per kvadratmeter") is
    none: its figures are per something else ("30 procent per invånare"), or per nothing said."""
    asked = [m.group(1) for m in PER_RE.finditer(question) if m.group(1).lower() not in MONTHS + ("den", "dagens")]
    if not asked:
        return None
    wanted = {t for w in asked for t in tokenize(w)}
    stated = [s.whole() for s in sentences if has_measured_amount(s.whole())]
    if not stated:
        return None
    per = [{t for m in PER_RE.finditer(text) for t in tokenize(m.group(1))} for text in stated]
    if any(per) and not any(p & wanted for p in per):
        return f"Underlaget anger ingen siffra per {asked[0]}."
    return None


DAY_IN_TEXT_RE = re.compile(rf"\b\d{{1,2}}(?:\s+|\s*:e\s+|\s*e\s+){MONTH_RE}\b|\b\d{{1,2}}/\d{{1,2}}\b", re.IGNORECASE)


def _asked_years(question: str, years: list[int]) -> list[int]:
    """The years a question asks a figure of: not a bound of a period ("fram till 2030",
    "sedan 2010") nor a span ("2023–2025")."""
    bounds = {int(m.group(1)) for m in BOUND_YEAR_RE.finditer(question)}
    for m in YEAR_RANGE_RE.finditer(question):
        bounds |= years_in(m.group(0))
    return [y for y in years if y not in bounds]


def _figure_of(years: list[int], sentences: list[Sentence]) -> bool:
    """Whether the answer gives a figure of one of the years: a table value under that year's
    column, or a measured amount in a sentence of that year's document or naming the year."""
    wanted = set(years)
    for s in sentences:
        cells = s.cells()
        if cells:
            for header, value in cells[1]:
                if quantities(value) and (years_in(header) & wanted or (not years_in(header) and s.source.year in wanted)):
                    return True
            continue
        text = s.whole()
        if has_measured_amount(text) and (years_in(text) & wanted or s.source.year in wanted):
            return True
    return False


# a decision stated, as minutes and memos state it ("Kommunstyrelsen återremitterar ärendet",
# "Ärendet hänskjuts till …"); what members move or object before it is features.MEMBER_ACT_RE
DECIDED_RE = re.compile(r"\b(?:beslutar|beslutade|beslöt|föreslår|avslår|avslog|bifaller|biföll|återremitterar|"
                        r"återremitterade|bordlägger|bordläggs|hänskjuts|hänskjuter|godkänner|godkände|antar|antog|"
                        r"fastställer|fastställde|noterar|överlämnas|uppmanar|tillstyrker|avstyrker)\b", re.IGNORECASE)
# a question whether a decision was taken ("Beslutade kommunstyrelsen …?", "Fattade nämnden beslut …?")
DECISION_ASKED_RE = re.compile(r"^\s*(?:beslutade|beslöt|fattade|biföll|avslog|godkände|antog|fastställde|"
                               r"återremitterade|bordlade)\b", re.IGNORECASE)
# a question of what was decided ("Vad beslutade kommunstyrelsen om Sickla skola?"): answered by
# the decision taken, though the documents may hold none (then what they hold is answered)
WHAT_DECIDED_RE = re.compile(r"^\s*vad\s+(?:beslutade|beslöt|beslutar|har\s+\w+\s+beslutat)\b", re.IGNORECASE)
# a part that asks on only if the first part is answered yes ("…, och när i så fall?")
IF_SO_RE = re.compile(r"\b(?:i så fall|om ja|om så är fallet|om det gjordes)\b", re.IGNORECASE)
# a decision told after the fact ("Kommunstyrelsen beslutade den 13 maj 2019 att …")
DECIDED_THEN_RE = re.compile(r"\b(?:beslutade|beslöt|fattade|föreslog|avslog|biföll|återremitterade|bordlade|antog|godkände|"
                             r"hänsköt|fastställde)\b", re.IGNORECASE)


# the answers a question offers to choose from, after a dash or a colon: "– uppfyllt, delvis
# uppfyllt eller inte uppfyllt?"
ALTERNATIVES_RE = re.compile(r"[–:—]\s*([^–:—?]+?\s+eller\s+[^–:—?]+?)\s*\?\s*$")


def _alternatives(question: str) -> list[str]:
    m = ALTERNATIVES_RE.search(question)
    if not m:
        return []
    options = [o.strip() for o in re.split(r",|\beller\b", m.group(1)) if o.strip()]
    return options if len(options) >= 2 and all(len(o.split()) <= 4 for o in options) else []


def _states(option: str, text: str) -> bool:
    """The text gives the option, in any inflection of its last word ("uppfyllt" ~ "uppfyllts")."""
    head = tokenize(option.split()[-1])
    return bool(head) and bool(matched_terms(tokenize(text), {head[0]: 1.0}))


def _decision_taken(s: Sentence, body: str | None = None) -> bool:
    """A decision taken: stated in minutes (not moved by a member), or told after the fact.
    When the question names the body ("Biföll kommunfullmäktige …?"), in that body's own
    minutes, or told of that body: another body's minutes proposing to it are no decision of it."""
    text = s.whole()
    in_minutes = s.source.part == "Protokoll" or s.source.paragraph is not None
    if body is not None:
        own = s.source.namnd is not None and set(tokenize(s.source.namnd)) == set(tokenize(body))
        told = DECIDED_THEN_RE.search(text) is not None and set(tokenize(body)) <= set(tokenize(" ".join(text.split()[:3])))
        return bool((own and in_minutes and DECIDED_RE.search(text) and not MEMBER_ACT_RE.search(text)) or told)
    return bool((in_minutes and DECIDED_RE.search(text) and not MEMBER_ACT_RE.search(text)) or DECIDED_THEN_RE.search(text))


ASKED_BODY_RE = re.compile(r"^\s*\w+\s+(\w*(?:nämnd|styrelse|fullmäktige|utskott)\w*(?:s verksamhetsutskott)?)\b",
                           re.IGNORECASE)


def _asked_body(question: str) -> str | None:
    """The body a question of a decision names as the one deciding ("Biföll kommunfullmäktige …")."""
    m = ASKED_BODY_RE.match(question)
    return m.group(1) if m else None


def _meeting_not_held(q: Question, units: list[Unit], documents: list) -> str | None:
    """The day a question asks what was decided on, when no document is of that day and no
    sentence found tells of a decision that day."""
    if not q.scope.dates or not any(f.kind == "decision" for f in q.facets):
        return None
    dated = {d.date for d in documents if d.date}
    if not dated or dated & set(q.scope.dates):
        return None
    for s in (x for u in units for x in u.sentences):
        text = s.whole()
        if DECIDED_THEN_RE.search(text) and set(dates_in(text)) & set(q.scope.dates):
            return None
    return q.scope.dates[0]


def _day_in_words(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def _goes_on(text: str, qkind: str) -> bool:
    """A sentence that carries on the answer: "Utöver det …", or one more cause for a "varför"."""
    return CONTINUATION_RE.match(text) is not None or (qkind == "reason" and CAUSAL_RE.search(text) is not None)


def _without_year_ranges(text: str) -> str:
    """A plan period ("2025–2027") names no single year's figures."""
    return YEAR_RANGE_RE.sub(" ", text)


LEADER_RE = re.compile(r"(?:\.\s?){5,}|…{2,}")  # the dots that lead a table of contents' line to its page


def _answer_like(s: Sentence) -> bool:
    """A sentence that can carry an answer: not a heading, a label, a line of a table of contents
    ("Framtagande av systemhandlingar ............. 12") or a stray fragment."""
    if LEADER_RE.search(s.plain):
        return False
    if s.before or s.after:
        return len(s.whole().split()) >= 4
    words = len(s.plain.split())
    if s.row:
        return has_amount(s.readable()) and words >= 2
    if words >= 10:
        return True
    return words >= 4 and s.plain.rstrip().endswith((".", "!", "?", ":", ")"))




def matched_terms(tokens: list[str], idf: dict[str, float]) -> set[str]:
    """Question terms among the tokens, allowing the suffixes the stemmer leaves behind
    ("sjukfrånvaron" ~ "sjukfrånvaro")."""
    found = set()
    for tok in tokens:
        if tok in idf:
            found.add(tok)
            continue
        for term in idf:
            short, long = (tok, term) if len(tok) < len(term) else (term, tok)
            if len(short) >= 5 and len(long) - len(short) <= 2 and long.startswith(short):
                found.add(term)
            elif len(short) >= 5 and short.endswith("um") and long.startswith(short[:-2]) and long[len(short) - 2:] in ("et", "ets"):
                found.add(term)  # "museum" ~ "museet", "centrum" ~ "centret"
            elif len(tok) >= 6 and len(term) > len(tok) + 2 and term.endswith(tok):
                found.add(term)  # the head of a compound: "material" for "utbildningsmaterial"
            elif len(term) >= 4 and len(tok) >= len(term) + 4 and tok.startswith(term) and term.isalpha():
                found.add(term)  # the first part of a compound: "klimat" in "klimatomställningen"
            elif len(term) >= 5 and term.isalpha() and 3 <= tok.rfind(term) and tok.rfind(term) + len(term) >= len(tok) - 3:
                found.add(term)  # the last part of a compound: "förbättra" in "resultatförbättringen"
            elif _derived(tok, term):
                found.add(term)  # one root as verb and as noun: "rekommenderas" ~ "rekommendation"
    return found


# endings by which Swedish derives nouns and participles from one root ("rekommend-era",
# "rekommend-ation", "värd-er-ing"), as the stemmer leaves them
DERIVATION_ENDINGS = frozenset({"", "er", "era", "erar", "erad", "erat", "erade", "eras", "ering", "atio", "ation",
                                "ing", "ning", "ad", "at", "ade", "else", "ion"})
DERIVATION_ROOT = 7  # letters the shared root must have: "investeringsram" and "investeringsbudget" share more


def _derived(a: str, b: str) -> bool:
    """Whether two stems are one root with different derivational endings ("rekommend" ~
    "rekommendatio"), the root DERIVATION_ROOT letters or more."""
    if a == b or not (a.isalpha() and b.isalpha()):
        return False
    n = len(os.path.commonprefix([a, b]))
    return n >= DERIVATION_ROOT and a[n:] in DERIVATION_ENDINGS and b[n:] in DERIVATION_ENDINGS


# what each part of a compound question asks, in the terms of the whole question's kind:
# "Vilket pris …, och varför …?" is met by a figure as much as by a cause
FACET_QKIND = {"amount": "amount", "cause": "reason", "date": "when"}


def _kind_bonus(qkind: str, text: str) -> float:
    if qkind == "amount":
        if has_measured_amount(text):
            return 0.2
        return 0.1 if has_amount(text) else -0.15  # only a goal's figure: a weaker answer
    if qkind == "reason":
        return 0.2 if CAUSAL_RE.search(text) else -0.05
    if qkind == "when":
        return 0.15 if DATE_IN_TEXT_RE.search(text) else -0.1
    if qkind == "decision":
        if MEMBER_ACT_RE.search(text):
            return -0.1  # "Tomas Ottosson (V) yrkade att …": a motion, not what was decided
        return 0.1 if DECIDED_RE.search(text) else 0.0
    return 0.0


