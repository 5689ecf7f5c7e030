"""Lines with exact offsets: the grid that structure detection and splitting work on."""

from __future__ import annotations

from dataclasses import dataclass

from .extract import Extracted


@dataclass(frozen=True)
class Line:
    idx: int  # position in the document's line list
    unit: int  # which extracted text the offsets point into
    start: int  # offset of the first character in the unit text
    end: int  # offset just past the last character (newline excluded)
    lineno: int  # 1-based line number in the unit text
    page: int | None
    page_start: bool  # first line of a page (or of a segment)
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def build_lines(doc: Extracted) -> list[Line]:
    """Split every segment into lines. pypdf-style text marks a new page with a line that
    starts with a single space; such lines are flagged as page starts too."""
    lines: list[Line] = []
    for seg in doc.segments:
        text = doc.units[seg.unit]
        lineno = text.count("\n", 0, seg.start) + 1
        pos = seg.start
        first = True
        while pos <= seg.end:
            nl = text.find("\n", pos, seg.end)
            end = seg.end if nl == -1 else nl
            raw = text[pos:end]
            if raw.endswith("\r"):
                end -= 1
                raw = raw[:-1]
            marker = raw.startswith(" ") and not raw.startswith("  ")
            lines.append(Line(len(lines), seg.unit, pos, end, lineno, seg.page, first or marker, raw))
            first = False
            if nl == -1:
                break
            pos = nl + 1
            lineno += 1
    return lines
