"""Page furniture: running headers and footers ("Stadsrevisionen, Rapportsammandrag 3 (8)",
"14 (93)", "Ordförandes signatur Justerandes signatur") that a PDF repeats on its pages. They
say nothing about the matter and would otherwise open or close the passages of every page."""

from __future__ import annotations

import re

from .lines import Line

EDGE_TOP = 6  # non-blank lines at the top of a page where a running header stands
EDGE_BOTTOM = 4
MIN_PAGES = 3  # a line repeated on this many pages (and on this share of them) is furniture
MIN_SHARE = 0.5
MAX_WORDS = 20
# "3 (6)", "Sida 4 (27)", "SID 5 (36)", "- 3 -": a page number alone or at a line's end
PAGE_NUMBER_RE = re.compile(r"(?:^|\s)(?:sida\s+|sid\s+|s\.\s*)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4})\s*$|"
                            r"^\s*[-–]?\s*\d{1,4}\s*[-–]?\s*$", re.IGNORECASE)


def _shape(text: str) -> str:
    """A line with its numbers blanked, so that "3 (6)" and "4 (6)" read alike."""
    return " ".join(re.sub(r"\d+", "#", text.lower()).split())


def furniture_lines(lines: list[Line]) -> set[int]:
    """Indices of the lines that are page furniture: at a page's top or bottom edge, either
    a bare page number or a line the document repeats at the edges of several pages."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        if line.page is not None and not line.blank:
            by_page.setdefault(line.page, []).append(line)
    if len(by_page) < 2:
        return set()
    edges = {page: page_lines[:EDGE_TOP] + page_lines[-EDGE_BOTTOM:] for page, page_lines in by_page.items()}
    pages_of: dict[str, set[int]] = {}
    for page, edge in edges.items():
        for line in edge:
            if len(line.stripped.split()) <= MAX_WORDS:
                pages_of.setdefault(_shape(line.stripped), set()).add(page)
    needed = max(MIN_PAGES, MIN_SHARE * len(by_page))
    # a running header names the document, the meeting or the page; a sentence ending in a
    # full stop or a row of figures is content even when it recurs
    repeated = {shape for shape, pages in pages_of.items() if len(pages) >= needed
                and shape.count("#") <= 3 and not (shape.endswith(".") and len(shape.split()) > 4)}
    out = set()
    for edge in edges.values():
        for line in edge:
            if PAGE_NUMBER_RE.search(line.stripped) and len(line.stripped.split()) <= MAX_WORDS or \
                    _shape(line.stripped) in repeated:
                out.add(line.idx)
    return out
