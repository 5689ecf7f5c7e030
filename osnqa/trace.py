"""Trace one assignment across years by its lineage: number, title, status and comments in
each year's plan, with citations; a year without it says so."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .answer import Citation
from .errors import OsnqaError
from .index.backend import Where
from .index.lexical import split_compounds
from .lineage import lexical_overlap
from .models import Assignment, Passage
from .query import analyse
from .question import content_terms
from .search import Searcher
from .sentences import split_sentences

STATUS_WORDS = re.compile(r"försen|enligt plan|vänteläge|genomfört|färdigt|klart|inte påbörjat|pågår", re.IGNORECASE)
# the most telling status word wins when a sentence holds several ("pågår enligt plan … med
# två undantag … försenade")
STATUS_ORDER = ("försen", "inte påbörjat", "vänteläge", "genomfört", "färdigt", "klart", "enligt plan", "pågår")
OWN_STATUS = re.compile(r"^(Uppdraget|Arbetet med uppdraget|Åtgärden|Åtgärderna)\b.*(försen|enligt plan|vänteläge|"
                        r"genomfört|färdigt|klart)", re.IGNORECASE)
VOTE_DEPTH = 20


class AmbiguousAssignmentError(OsnqaError):
    """An assignment number names different assignments in different years and no year was given."""

    def __init__(self, number: int, candidates: list[Assignment], hint: str = "ange året, t.ex. 'uppdrag {n} {y}'"):
        self.number = number
        self.candidates = candidates
        latest = max(a.year or 0 for a in candidates)
        lines = [f"  {a.year}: nr {a.uppdrag} – {a.title}" for a in sorted(candidates, key=lambda a: a.year or 0)]
        super().__init__(f"uppdrag {number} är olika uppdrag olika år – {hint.format(n=number, y=latest)}:\n"
                         + "\n".join(lines))


@dataclass
class TraceEntry:
    year: int
    uppdrag: int | None
    title: str | None
    status: str | None = None
    comment: str | None = None
    atgarder: list[str] = field(default_factory=list)
    note: str | None = None
    related: dict[str, Any] | None = None
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = {"year": self.year, "uppdrag": self.uppdrag, "title": self.title, "status": self.status,
                "comment": self.comment, "atgarder": self.atgarder, "citations": [c.to_dict() for c in self.citations]}
        if self.note:
            data["note"] = self.note
        if self.related:
            data["related"] = self.related
        return data


@dataclass
class Trace:
    query: str
    lineage: list[TraceEntry]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"query": self.query, "lineage": [e.to_dict() for e in self.lineage]}
        if self.note:
            data["note"] = self.note
        return data


class Tracer:
    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self.index = searcher.index
        self.assignments = self.index.assignments
        self._titles: np.ndarray | None = None

    @property
    def titles(self) -> np.ndarray:
        if self._titles is None:
            self._titles = self.index.title_matrix()
        return self._titles

    def trace(self, query: str = "", uppdrag: int | None = None, year: int | None = None) -> Trace:
        if not self.assignments:
            raise OsnqaError("indexet innehåller inga uppdrag – lägg in en verksamhetsplan eller ett bokslut och kör osnqa ingest")
        query = self.searcher.bound(query).text
        target = self.resolve(query, uppdrag, year)
        label = query or f"uppdrag {uppdrag}" + (f" {year}" if year else "")
        if target is None:
            if uppdrag is None and query:
                info = analyse(query, self.index.years)
                uppdrag, year = info.uppdrag, year or (info.years[0] if len(info.years) == 1 else None)
            where = f" {year}" if year else ""
            return Trace(label, [], f"Hittade inget uppdrag {uppdrag}{where} i underlaget{self._numbers(year)}."
                         if uppdrag else "Hittade inget uppdrag som motsvarar frågan.")
        members = [a for a in self.assignments if a.lineage and a.lineage == target.lineage] or [target]
        years = sorted({a.year for a in self.assignments if a.year is not None})
        entries = []
        for y in years:
            found = next((a for a in members if a.year == y), None)
            entries.append(self._entry(found) if found else self._absent(target, y))
        return Trace(label, entries)

    def _numbers(self, year: int | None) -> str:
        """' (2025 har nr 1–46)': the numbers that do exist, for a number that does not."""
        from .scope import number_ranges

        numbers = [a.uppdrag for a in self.assignments if year is None or a.year == year]
        if not numbers:
            return f" ({year} har inga uppdrag)" if year else ""
        return f" ({year if year else 'uppdragen'} har nr {number_ranges(numbers)})"

    def resolve(self, query: str, uppdrag: int | None = None, year: int | None = None) -> Assignment | None:
        info = analyse(query, self.index.years) if query else None
        number = uppdrag if uppdrag is not None else (info.uppdrag if info else None)
        years = [year] if year else (info.years if info else [])
        if number is not None:
            same = [a for a in self.assignments if a.uppdrag == number and (not years or a.year in years)]
            if len(same) == 1:
                return same[0]
            if not same:
                return None
            if not query or not _topic(query):
                if len({a.lineage or id(a) for a in same}) > 1:
                    raise AmbiguousAssignmentError(number, same)
                return max(same, key=lambda a: a.year or 0)
            scores = self._scores(query)
            return max(same, key=lambda a: scores.get(id(a), 0.0))
        if not query.strip():
            return None
        scores = self._scores(query)
        best = max(self.assignments, key=lambda a: scores.get(id(a), 0.0))
        return best if scores.get(id(best), 0.0) > 0.2 else None

    def _scores(self, query: str) -> dict[int, float]:
        """How well each assignment matches a question: its title's meaning and words, and
        how often its sections come up when the question is searched. Years, numbers and
        the words around them ("vilket nummer … i 2025 års plan") are left out: they say
        where to look, not what the assignment is about."""
        query = _topic(query) or query
        qvec = self.searcher.query_vector(query)
        cos = self.titles @ qvec
        terms = " ".join(split_compounds(self.index, content_terms(query)))
        votes: dict[tuple, float] = {}
        for hit in self.searcher.search(query, k=VOTE_DEPTH).hits:
            s = hit.passage.source
            if s.uppdrag is not None:
                votes[(s.year, s.uppdrag)] = votes.get((s.year, s.uppdrag), 0.0) + 1.0 / (hit.rank + 3)
        top_vote = max(votes.values(), default=1.0)
        scores = {}
        for i, a in enumerate(self.assignments):
            dense = max(0.0, min(1.0, (float(cos[i]) - 0.75) / 0.2))
            words = lexical_overlap(terms, a.title) if terms else 0.0
            vote = votes.get((a.year, a.uppdrag), 0.0) / top_vote
            scores[id(a)] = 0.35 * dense + 0.25 * words + 0.4 * vote
        return scores

    def _entry(self, a: Assignment) -> TraceEntry:
        cites = [Citation(self._quote(a), a.source)]
        status, status_cites = a.status, []
        comment, comment_cites = self._comment(a)
        if not status:
            status, status_cites = self._status(a, comment, comment_cites)
        return TraceEntry(a.year, a.uppdrag, a.title, status, comment, list(a.atgarder),
                          citations=cites + status_cites + comment_cites)

    def _quote(self, a: Assignment) -> str:
        for p in self._passages(Where(file=a.source.file, uppdrag=a.uppdrag)):
            s, e = a.source.start - p.source.start, a.source.end - p.source.start
            if p.source.page == a.source.page and 0 <= s and e <= len(p.text):
                return p.text[s:e]
        raise OsnqaError(f"{a.source.file}: uppdrag {a.uppdrag} saknar sitt textavsnitt – kör osnqa ingest --rebuild")

    def _passages(self, where: Where) -> list[Passage]:
        return self.index.passages(self.index.rows(where).tolist())

    def _comment(self, a: Assignment) -> tuple[str | None, list[Citation]]:
        for p in self._passages(Where(file=a.source.file, uppdrag=a.uppdrag)):
            sentences = split_sentences(p)
            for k, s in enumerate(sentences):
                if s.plain.startswith("Kommentar:"):
                    chosen = [s] + [x for x in sentences[k + 1 : k + 3] if not x.row][:1]
                    text = " ".join(x.plain for x in chosen).replace("Kommentar:", "", 1).strip()
                    return text, [Citation(x.text, x.source) for x in chosen]
        return (a.comment, []) if a.comment else (None, [])

    def _status(self, a: Assignment, comment: str | None, comment_cites: list[Citation]) -> tuple[str | None, list[Citation]]:
        """A status the document states elsewhere ("Uppdrag 34: … bedöms vara försenade")."""
        mention = re.compile(rf"\bUppdrag {a.uppdrag}\b[:.]?")
        for p in self._passages(Where(file=a.source.file, other_than_uppdrag=a.uppdrag)):
            sentences = split_sentences(p)
            for k, s in enumerate(sentences):
                if not mention.search(s.plain):
                    continue
                for back in range(k, max(-1, k - 4), -1):
                    found = [w.lower() for w in STATUS_WORDS.findall(sentences[back].plain)]
                    if found:
                        status = _status_label(min(found, key=lambda w: next(
                            n for n, key in enumerate(STATUS_ORDER) if w.startswith(key))))
                        return f"{status} (enligt {p.source.part.lower()})", [
                            Citation(sentences[back].text, sentences[back].source), Citation(s.text, s.source)]
        if comment:
            first = re.split(r"(?<=[.!?])\s", comment, maxsplit=1)[0]
            if OWN_STATUS.search(first):
                return first, comment_cites[:1]
        return None, []

    def _absent(self, target: Assignment, year: int) -> TraceEntry:
        note = f"Uppdraget finns inte i {year} års plan."
        others = [a for a in self.assignments if a.year == year]
        related = None
        if others:
            # where that year's plan speaks most of the same matter
            scores = self._scores(target.title)
            near = max(others, key=lambda a: scores.get(id(a), 0.0))
            related = {"uppdrag": near.uppdrag, "title": near.title,
                       "why": "det året talar planen mest om samma sak under detta uppdrag (inte samma uppdrag)"}
        return TraceEntry(year, None, None, note=note, related=related)


FRAME_RE = re.compile(r"\b((19|20)\d\d|\d+|års?|plan(en)?|nummer|nr|numret|vilket|vilken|vad|hade|har|det|"
                      r"nu|sedan|och|i|om|att|med|för|fanns|redan|hänt|förändrats|mellan|uppdraget|uppdrag)\b",
                      re.IGNORECASE)


def _topic(query: str) -> str:
    """The words of a trace question that describe the assignment itself."""
    return " ".join(FRAME_RE.sub(" ", query).replace("?", " ").replace("–", " ").split())


def _status_label(word: str) -> str:
    w = word.lower()
    if w.startswith("försen"):
        return "Försenat"
    if w in ("enligt plan", "pågår"):
        return "Pågår enligt plan"
    if w == "vänteläge":
        return "I vänteläge"
    if w in ("genomfört", "färdigt", "klart"):
        return "Genomfört"
    return word
