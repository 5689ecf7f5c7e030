"""Sentences inside a passage, each with exact offsets and lines, so that any sentence can be
cited on its own: `extracted_text[start:end] == quote`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .ingest.tables import NUMERIC_CELL_RE, NUMERIC_ROW_RE
from .ingest.text_utils import clean
from .models import Passage, Source

SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•\-–(\"<])|(?<=</p>)\s*(?=<p>)|(?<=</li>)\s*(?=<li>)")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-•*·]|\d{1,2}\.)\s+")
FINAL_RE = re.compile(r"[.!?:]\s*(</\w+>\s*)*$")


@dataclass(frozen=True)
class Sentence:
    text: str  # exact slice
    source: Source  # start/end/lines of this sentence
    row: bool  # a table row
    header: str | None  # the column headers of a table row, when known
    position: int  # order within the passage
    columns: tuple[str, ...] | None = None  # per-column headers of a tab-separated row

    @property
    def plain(self) -> str:
        return clean(self.text)

    def readable(self) -> str:
        """The sentence for an answer: a table row is spelled out with its column headers."""
        if self.row and self.columns and "\t" in self.text:
            cells = [clean(c) for c in self.text.split("\t")]
            if not any(NUMERIC_CELL_RE.match(c) for c in cells[1:] if c):
                return self.plain  # a header row
            label = cells[0]
            if self.columns[0]:
                label += f" ({self.columns[0]})"
            pairs = [f"{self.columns[i]} {v}".strip() if i < len(self.columns) and self.columns[i] else v
                     for i, v in enumerate(cells[1:], start=1) if v]
            return f"{label}: " + "; ".join(pairs) if pairs else label
        if self.row and self.header:
            return f"{self.plain} (tabell: {self.header})"
        return self.plain


def _is_row(line: str) -> bool:
    return "\t" in line.strip("\t") or bool(NUMERIC_ROW_RE.match(line))


def _tab_header_row(line: str) -> bool:
    cells = line.split("\t")[1:]
    return "\t" in line and not any(c.strip() and NUMERIC_CELL_RE.match(clean(c)) for c in cells)


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_row) blocks of the passage text: rows alone, prose lines joined."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    blocks: list[list] = []
    for k, (a, b) in enumerate(lines):
        line = text[a:b]
        if not line.strip():
            continue
        row = _is_row(line)
        stripped = clean(line)
        nxt = next((text[x:y] for x, y in lines[k + 1 :] if text[x:y].strip()), "")
        heading = (len(stripped.split()) <= 8 and not FINAL_RE.search(line) and clean(nxt)[:1].isupper()
                   and not row)
        prev = blocks[-1] if blocks else None
        joinable = (prev is not None and not prev[2] and not row and not prev[3]
                    and not FINAL_RE.search(text[prev[0] : prev[1]]) and not LIST_ITEM_RE.match(line))
        if joinable:
            prev[1] = b
            prev[3] = heading
        else:
            blocks.append([a, b, row, heading])
    return [(a, b, row) for a, b, row, _ in blocks]


def split_sentences(passage: Passage) -> list[Sentence]:
    text = passage.text
    src = passage.source
    table_head = None
    if "Tabell: " in passage.context:
        table_head = passage.context.split("Tabell: ", 1)[1]
    out: list[Sentence] = []
    running_header: str | None = None
    head_rows: list[list[str]] = []
    columns: tuple[str, ...] | None = None
    last_was_header = False
    for a, b, row in _blocks(text):
        block = text[a:b]
        if row and _tab_header_row(block) and not NUMERIC_ROW_RE.match(block):
            cells = [clean(c) for c in block.split("\t")]
            head_rows = head_rows + [cells] if last_was_header else [cells]
            width = max(len(r) for r in head_rows)
            columns = tuple(" ".join(r[i] for r in head_rows if i < len(r) and r[i]) for i in range(width))
            running_header = " | ".join(c for c in columns if c)
            last_was_header = True
        else:
            last_was_header = False
        spans = [(a, b)] if row else _sentence_spans(text, a, b)
        for x, y in spans:
            chunk = text[x:y]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            x, y = x + lead, y - trail
            if y <= x:
                continue
            header = (running_header or table_head) if row else None
            line_start = src.line_start + text.count("\n", 0, x)
            line_end = src.line_start + text.count("\n", 0, y - 1)
            source = replace(src, start=src.start + x, end=src.start + y, line_start=line_start, line_end=line_end)
            out.append(Sentence(text[x:y], source, row, header, len(out), columns if row and running_header else None))
        if not row:
            running_header, columns, head_rows = None, None, []
    return out


def _sentence_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = a
    for m in SPLIT_RE.finditer(text, a, b):
        tail = text[pos : m.start()].rsplit(None, 1)[-1] if text[pos : m.start()].strip() else ""
        if _no_sentence_end(tail):
            continue  # "NB1.1.", "1.", "bl.a." end no sentence
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, b))
    return spans


def _no_sentence_end(tail: str) -> bool:
    """True after an ordinal or a numbered label ("1.", "34.", "NB1.1.") or an abbreviation
    ("bl.a.", "t.ex."), where a period ends no sentence; a year ("2025.") does end one."""
    if len(tail) > 7:
        return False
    if tail.count(".") >= 2:
        return True
    digits = sum(ch.isdigit() for ch in tail)
    return digits > 0 and (len(tail.rstrip(".")) <= 3 or not tail.rstrip(".").isdigit())
