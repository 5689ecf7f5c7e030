"""Table rows and the column headers they need ("1 596" means nothing without
"Kommunbidrag 2025").

Two layouts occur: tab-separated rows (a header row first), and pypdf's flattened tables,
where a row is a label followed by a run of numbers and the headers stand, one short line
each, just above the first row.
"""

from __future__ import annotations

import re

from .lines import Line
from .text_utils import clean

NUM = r"[-–+]?\d{1,3}(?:\s\d{3})*(?:,\d+)?%?"
NUMERIC_ROW_RE = re.compile(rf"^\s*\S.*?\D(?:\s+{NUM}){{2,}}\s*$")
NUMERIC_CELL_RE = re.compile(rf"^\s*(?:{NUM}|[-–])\s*$")


def is_numeric_row(line: Line) -> bool:
    return "\t" not in line.text and bool(NUMERIC_ROW_RE.match(line.text))


def _tab_data_row(line: Line) -> bool:
    cells = line.text.split("\t")[1:]
    return any(c.strip() and NUMERIC_CELL_RE.match(clean(c)) for c in cells)


def table_headers(lines: list[Line]) -> dict[int, tuple[int, str]]:
    """For each table data line: (first line of its header, header text)."""
    headers: dict[int, tuple[int, str]] = {}
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if "\t" in line.text:
            j = i
            while j < n and "\t" in lines[j].text:
                j += 1
            block = lines[i:j]
            head: list[Line] = []
            for row in block:
                if _tab_data_row(row):
                    break
                head.append(row)
            if head and len(head) < len(block):
                text = " | ".join(
                    " ".join(clean(c) for c in h.text.split("\t") if clean(c)) for h in head
                )
                for row in block[len(head) :]:
                    headers[row.idx] = (head[0].idx, text)
            i = j
            continue
        if is_numeric_row(line):
            head_lines: list[Line] = []
            k = i - 1
            while k >= 0 and len(head_lines) < 16:
                prev = lines[k]
                if prev.blank:
                    k -= 1
                    continue
                text = clean(prev.text)
                if len(text.split()) > 5 or text.endswith(".") or is_numeric_row(prev):
                    break
                head_lines.insert(0, prev)
                k -= 1
            header = " ".join(clean(h.text) for h in head_lines)
            j = i
            misses = 0
            while j < n and misses < 3:
                if lines[j].blank:
                    j += 1
                    continue
                if is_numeric_row(lines[j]):
                    if head_lines:
                        headers[lines[j].idx] = (head_lines[0].idx, header)
                    misses = 0
                elif len(clean(lines[j].text).split()) > 8:
                    break
                else:
                    misses += 1
                j += 1
            i = max(j, i + 1)
            continue
        i += 1
    return headers
