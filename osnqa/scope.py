"""Filters checked against the index before a question is run: a year, part or assignment
number that selects nothing is named, with what the index does have, instead of giving an
empty answer that looks like the documents are silent."""

from __future__ import annotations

from typing import Iterable

from .errors import OsnqaError
from .index.backend import IndexBackend as Index, Where
from .search import Filters


class FilterError(OsnqaError):
    """The filters select no passage in the index."""


def join(items: Iterable, last: str = " och ") -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def number_ranges(numbers: Iterable[int]) -> str:
    """1, 2, 3, 5, 7, 8 → '1–3, 5, 7–8'."""
    out, run = [], []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(_run(run))
        run = [n]
    if run:
        out.append(_run(run))
    return ", ".join(out)


def _run(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"


def missing_years(index: Index, years: Iterable[int], flag: str | None = "--year") -> str | None:
    """The message for years the index lacks, or None; with the flag to change, when there is one."""
    years = list(dict.fromkeys(years))
    missing = [y for y in years if y not in index.years]
    if not missing:
        return None
    has = f"det har {join(index.years)}" if index.years else "det är tomt"
    hint = f" – välj ett av dem eller ta bort {flag}" if flag else ""
    return f"{join(missing)} finns inte i indexet ({has}){hint}"


def check_years(index: Index, years: Iterable[int], flag: str = "--year") -> None:
    message = missing_years(index, years, flag)
    if message:
        raise FilterError(message)


def _distinct(index: Index, column: str, where: Where = Where()) -> list:
    return index.distinct(column, where)


def check(index: Index, filters: Filters) -> None:
    """Raise FilterError naming the filter that selects nothing and what exists instead."""
    check_years(index, filters.years)
    if filters.part:
        parts = _distinct(index, "part")
        if filters.part.lower() not in {p.lower() for p in parts}:
            raise FilterError(f"delen '{filters.part}' finns inte i indexet (det har {join(_part_order(parts))}) "
                              "– skriv delens namn som i osnqa docs, t.ex. --part 'Bilaga 2'")
    if filters.uppdrag is not None:
        numbers = _distinct(index, "uppdrag")
        if filters.uppdrag not in numbers:
            has = f"uppdragen har nummer {number_ranges(numbers)}" if numbers else "det har inga uppdrag"
            raise FilterError(f"uppdrag {filters.uppdrag} finns inte i indexet ({has}) – se osnqa uppdrag")
    where = filters.where()
    if not where:
        return
    if index.count(where):
        return
    raise FilterError(f"inget textavsnitt gäller {_described(filters)} samtidigt ({_what_exists(index, filters)}) "
                      "– ändra eller ta bort ett av filtren")


def _described(filters: Filters) -> str:
    bits = []
    if filters.years:
        bits.append("år " + join(filters.years, " eller "))
    if filters.uppdrag is not None:
        bits.append(f"uppdrag {filters.uppdrag}")
    if filters.part:
        bits.append(f"delen '{filters.part}'")
    if getattr(filters, "namnd", None):
        bits.append(f"nämnden '{filters.namnd}'")
    if getattr(filters, "paragraph", None):
        bits.append(filters.paragraph)
    return join(bits)


def _what_exists(index: Index, filters: Filters) -> str:
    notes = []
    for y in filters.years or []:
        if filters.uppdrag is not None:
            numbers = _distinct(index, "uppdrag", Where(years=(y,)))
            notes.append(f"{y} har uppdrag {number_ranges(numbers)}" if numbers else f"{y} har inga uppdrag")
        if filters.part:
            notes.append(f"{y} har delarna {join(_part_order(_distinct(index, 'part', Where(years=(y,)))))}")
    if not filters.years and filters.uppdrag is not None and filters.part:
        parts = _distinct(index, "part", Where(uppdrag=filters.uppdrag))
        notes.append(f"uppdrag {filters.uppdrag} står i {join(_part_order(parts))}")
    if getattr(filters, "paragraph", None):
        rows = index.paragraph_places(filters.paragraph)
        where = [f"{doc} ({namnd or '–'}, {year or '–'})" for doc, namnd, year in rows]
        if where:
            notes.append(f"{filters.paragraph} står i {join(where)}")
    return "; ".join(notes)


def _part_order(parts: list[str]) -> list[str]:
    """Tjänsteskrivelse first, then Bilaga 1, 2, … 10 in number order."""
    def key(p: str):
        head, _, tail = p.rpartition(" ")
        return (p != "Tjänsteskrivelse", head if tail.isdigit() else p, int(tail) if tail.isdigit() else 0)

    return sorted(parts, key=key)


def check_assignment(index: Index, number: int, year: int | None, flag: str = "--uppdrag") -> None:
    """An assignment number that no plan (of that year) has is named, with the numbers that exist."""
    if year is not None:
        check_years(index, [year])
    numbers = [a.uppdrag for a in index.assignments if year is None or a.year == year]
    if number in numbers:
        return
    where = f" i {year} års plan" if year is not None else " i indexet"
    has = f"uppdragen har nummer {number_ranges(numbers)}" if numbers else "det finns inga uppdrag"
    raise FilterError(f"uppdrag {number} finns inte{where} ({has}) – se osnqa uppdrag")
