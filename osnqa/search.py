"""Hybrid retrieval: BM25 and dense retrieval (backend.py: FTS5 and faiss, or Milvus) fused by reciprocal rank, with filters
(--year, --uppdrag, --part, --namnd, --paragraph) and boosts for a year or an uppdrag named in the question."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import ModelMismatchError, OsnqaError
from .fusion import rrf
from .index.backend import IndexBackend, Where
from .index.embed import load_embedder
from .limits import Bounded, bound
from .models import Passage
from .query import QueryInfo, analyse

MODES = ("hybrid", "bm25", "dense")
DEPTH = 60  # candidates taken from each retriever
YEAR_BOOST = 0.35  # multiplies a passage's fused score when its year is the one asked about
UPPDRAG_BOOST = 0.5
DATE_BOOST = 0.35  # a document dated the day the question names (a meeting, a memo)
PARALLEL_FROM = 20_000  # passages from which BM25 and dense retrieval run side by side


@dataclass
class Filters:
    years: list[int] = field(default_factory=list)
    uppdrag: int | None = None
    part: str | None = None
    namnd: str | None = None  # as the user wrote it
    paragraph: str | None = None  # "§ 24"
    namnd_in: tuple[str, ...] = ()  # the index's bodies that --namnd selects (protokoll_filters.resolve)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.years:
            out["year"] = self.years
        if self.uppdrag is not None:
            out["uppdrag"] = self.uppdrag
        if self.part:
            out["part"] = self.part
        if self.namnd:
            out["namnd"] = list(self.namnd_in) or [self.namnd]
        if self.paragraph:
            out["paragraph"] = self.paragraph
        return out

    def where(self) -> Where:
        """The conditions these filters put on passages, for any index backend."""
        return Where(years=tuple(self.years), uppdrag=self.uppdrag, part=self.part or None,
                     namnd_in=(self.namnd_in or (self.namnd,)) if self.namnd else (),
                     paragraph=self.paragraph or None)

    def sql(self) -> tuple[str, tuple]:
        return self.where().sql()


@dataclass
class Hit:
    rank: int
    score: float
    passage: Passage
    row: int

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "score": round(self.score, 4), "id": self.passage.id,
                "text": self.passage.text, "source": self.passage.source.to_dict()}


@dataclass
class SearchResult:
    query: str
    filters: Filters
    info: QueryInfo
    hits: list[Hit]
    note: str | None = None  # the query was longer than what is read of it

    def to_dict(self) -> dict[str, Any]:
        out = {"query": self.query, "filters": self.filters.to_dict(), "hits": [h.to_dict() for h in self.hits]}
        if self.note:
            out["note"] = self.note
        return out


class Searcher:
    """Holds an open index and (lazily) the query embedder, for many queries."""

    def __init__(self, index: IndexBackend, model: str | None = None):
        self.index = index
        self.model = model or index.model
        if self.model != index.model:
            raise ModelMismatchError(
                f"indexet byggdes med modellen '{index.model}', inte '{self.model}' – sök med samma modell "
                "eller kör osnqa ingest --rebuild --model " + self.model
            )
        self._embedder = None
        self._query_vectors: dict[str, object] = {}
        self._bounded: dict[str, Bounded] = {}
        self._executor = None

    @property
    def embedder(self):
        if self._embedder is None:
            self._embedder = load_embedder(self.model, "query")
        return self._embedder

    def _pool(self):
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="osnqa-bm25")
        return self._executor

    def bound(self, query: str) -> Bounded:
        """The part of a query that is read (what the model reads: 512 tokens), with a note
        when it is cut; every query is bounded before it costs anything."""
        got = self._bounded.get(query)
        if got is None:
            if len(self._bounded) > 256:
                self._bounded.clear()
            counter = getattr(self.embedder, "token_count", None) or (lambda t: 2 * len(t.split()) + 2)
            got = self._bounded[query] = bound(query, counter)
        return got

    def query_vector(self, query: str):
        """The query's embedding, computed once per distinct query."""
        query = self.bound(query).text
        vec = self._query_vectors.get(query)
        if vec is None:
            if len(self._query_vectors) > 256:
                self._query_vectors.clear()
            vec = self._query_vectors[query] = self.embedder.embed_query(query)
        return vec

    def lexical(self, query: str, filters: Filters, depth: int = DEPTH) -> list[tuple[int, float]]:
        return self.index.lexical_search(query, depth, filters.where())

    def dense(self, query: str, filters: Filters, depth: int = DEPTH) -> list[tuple[int, float]]:
        return self.index.dense_search(self.query_vector(query), depth, filters.where())

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: str = "hybrid",
               info: QueryInfo | None = None) -> SearchResult:
        """`info`: the query's years, days and uppdrag when the caller has read them already
        (the answer's one reading of a question); read here otherwise."""
        if mode not in MODES:
            raise OsnqaError(f"okänt sökläge '{mode}' – välj bland {', '.join(MODES)}")
        filters = filters or Filters()
        asked, bounded = query, self.bound(query)
        query = bounded.text
        info = info if info is not None else analyse(query, self.index.years)
        if not query.strip():
            return SearchResult(asked, filters, info, [], bounded.note)
        if mode == "hybrid" and self.index.size >= PARALLEL_FROM:
            # both retrievers wait in C (SQLite, faiss, the query encoder) with the GIL released
            future = self._pool().submit(self.lexical, query, filters)
            den = self.dense(query, filters)
            lex = future.result()
        else:
            lex = self.lexical(query, filters) if mode in ("hybrid", "bm25") else []
            den = self.dense(query, filters) if mode in ("hybrid", "dense") else []
        if mode == "bm25":
            scores = {r: s for r, s in lex}
        elif mode == "dense":
            scores = {r: s for r, s in den}
        else:
            scores = rrf([[r for r, _ in lex], [r for r, _ in den]])
        ranked = sorted(scores, key=scores.get, reverse=True)[: max(k * 4, 40)]
        passages = dict(zip(ranked, self.index.passages(ranked)))
        if mode == "hybrid":
            scores = {r: self._boost(scores[r], passages[r], info, filters) for r in ranked}
            ranked.sort(key=scores.get, reverse=True)
        hits = [Hit(i + 1, scores[r], passages[r], r) for i, r in enumerate(ranked[:k])]
        return SearchResult(asked, filters, info, hits, bounded.note)

    def _boost(self, score: float, passage: Passage, info: QueryInfo, filters: Filters) -> float:
        s = passage.source
        factor = 1.0
        if info.years and not filters.years and s.year in info.years:
            factor += YEAR_BOOST
        if info.dates and s.date in info.dates:
            factor += DATE_BOOST
        if info.uppdrag is not None and filters.uppdrag is None and s.uppdrag == info.uppdrag:
            if not info.years or s.year in info.years:
                factor += UPPDRAG_BOOST
        return score * factor
