"""Compare what each year's documents say on a topic: the best statements per year, side by
side, and figures paired only when they measure the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .answer import Answerer, Citation
from .figures import Figure, comparable, figures
from .query import analyse
from .question import has_measured_amount
from .search import Filters

MAX_STATEMENTS = 3


@dataclass
class YearStatements:
    year: int
    statements: list[Citation]
    document: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"year": self.year, "statements": [c.to_dict() for c in self.statements]}
        if self.document:
            data["document"] = self.document
        if self.note:
            data["note"] = self.note
        return data


@dataclass
class Change:
    what: str
    before: Figure
    after: Figure
    warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "what": self.what, "from": self.before.shown, "to": self.after.shown,
            "from_year": self.before.sentence.source.year, "to_year": self.after.sentence.source.year,
            "comparable": self.warning is None,
            "citations": [Citation(f.sentence.text, f.sentence.source).to_dict() for f in (self.before, self.after)],
        }
        if self.warning:
            data["warning"] = self.warning
        return data


@dataclass
class Comparison:
    topic: str
    years: list[YearStatements]
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "years": [y.to_dict() for y in self.years],
                "changes": [c.to_dict() for c in self.changes], "warnings": self.warnings}


class Comparer:
    def __init__(self, answerer: Answerer):
        self.answerer = answerer
        self.index = answerer.searcher.index

    def years_for(self, topic: str, years: list[int] | None) -> list[int]:
        available = self.index.years
        if years:
            return sorted(set(years))
        named = [y for y in analyse(topic, available).years if y in available]
        if len(named) == 1 and available and named[0] != max(available):
            named.append(max(available))  # "sedan 2023", "jämfört med 2023": then against now
        return sorted(set(named)) if len(named) >= 2 else available

    def compare(self, topic: str, years: list[int] | None = None, filters: Filters | None = None) -> Comparison:
        topic = self.answerer.searcher.bound(topic).text
        chosen_years = self.years_for(topic, years)
        per_year: list[YearStatements] = []
        found: dict[int, list[Figure]] = {}
        for y in chosen_years:
            f = replace(filters, years=[y]) if filters else Filters([y])  # every other filter holds for each year
            units = self.answerer.statements(topic, f, MAX_STATEMENTS)
            measured = self._measure(topic, f, units)
            if measured is not None:
                units = [measured] + units  # the year's figure for what is compared comes first
            sentences, seen = [], set()
            for s in (s for u in units for s in u.sentences):
                key = " ".join(s.plain.lower().split())
                if key not in seen:
                    seen.add(key)
                    sentences.append(s)
            cites = [Citation.of(p) for s in sentences for p in s.pieces()]
            doc = self._document(y)
            note = None if cites else f"Underlaget för {y} säger inget om detta."
            per_year.append(YearStatements(y, cites, doc, note))
            found[y] = [fig for s in sentences for fig in figures(s)]
        changes = self._pair(chosen_years, found)
        warnings = self._warnings(per_year)
        return Comparison(topic, per_year, changes, warnings)

    def _measure(self, topic: str, filters: Filters, chosen: list):
        """The best unit that gives a figure beside the topic's weightiest term ("Sjukfrånvaron
        per augusti var 7,65%"), when the chosen statements hold none and the documents do."""
        c = self.answerer.candidates(topic, filters)
        asked = [t for t in c.question.asked if t in c.idf and c.df.get(t, 0) > 0 and not t.isdigit()]
        if not asked:
            return None
        heaviest = max(asked, key=lambda t: (c.idf[t], t))
        if any(heaviest in u.terms and has_measured_amount(u.text) for u in chosen):
            return None
        return next((u for u in c.units if heaviest in u.terms and has_measured_amount(u.text)), None)

    def _document(self, year: int) -> str | None:
        titles = [d.title for d in self.index.documents if d.year == year]
        return "; ".join(titles) if titles else None

    def _pair(self, years: list[int], found: dict[int, list[Figure]]) -> list[Change]:
        changes: list[Change] = []
        for y1, y2 in zip(years, years[1:]):
            used: set[int] = set()
            for a in found.get(y1, []):
                for j, b in enumerate(found.get(y2, [])):
                    if j in used or not comparable(a, b):
                        continue
                    used.add(j)
                    warning = None
                    if (a.period or b.period) and a.period != b.period:
                        warning = (f"Inte direkt jämförbart: {a.period or 'period ej angiven'} {y1} "
                                   f"mot {b.period or 'period ej angiven'} {y2}.")
                    changes.append(Change(a.label, a, b, warning))
                    break
        return changes

    def _warnings(self, per_year: list[YearStatements]) -> list[str]:
        kinds = {}
        for y in per_year:
            titles = (y.document or "").lower()
            kinds[y.year] = "delår" if "delår" in titles or "per augusti" in titles else (
                "helår" if "årsbokslut" in titles else None)
        if len({k for k in kinds.values() if k}) > 1:
            parts = [f"{y}: {'delårsuppföljning' if k == 'delår' else 'helårsbokslut'}" for y, k in kinds.items() if k]
            return ["Åren redovisas i olika slags dokument (" + ", ".join(parts) + "); helår och delår är inte direkt jämförbara."]
        return []
