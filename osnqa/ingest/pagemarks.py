"""Page breaks that a text file marks in words: a comment line `<!-- sida 4 -->` (Markdown
exports) opens page 4; a running header or footer "Sida 4 (27)" / "Kommunstyrelsen 4 (27)"
stands at the top or the bottom of page 4. Form feeds are handled by extract itself."""

from __future__ import annotations

import re

COMMENT_MARK_RE = re.compile(r"^[ \t]*<!--\s*(?:sida|page|s\.)\s*(\d{1,4})\s*-->[ \t]*\r?$", re.IGNORECASE)
# "Sida 4 (27)", "sida 4 av 27", "Kommunstyrelsen, protokoll 4 (27)": a page number of a known total
RUNNING_MARK_RE = re.compile(r"(?:^|\s)(?:sida\s+|sid\s+)?(\d{1,4})\s*(?:\(\s*(\d{1,4})\s*\)|av\s+(\d{1,4}))[ \t]*\r?$",
                             re.IGNORECASE)
RUNNING_MAX_WORDS = 12
HEADER_LINES = 6  # a first marker among the first non-blank lines marks the top of its page


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, raw))
        pos += len(raw) + 1
    return out


def is_comment_mark(line: str) -> bool:
    return COMMENT_MARK_RE.match(line) is not None


def page_starts(text: str) -> list[tuple[int, int]]:
    """[(offset of a page's first line, page number)], first offset 0, or [] when the text
    marks no pages. Running marks count only when they number at least two pages, at least half
    of the total, in rising order out of one total: two stray "Sida 4 (27)", "Sida 17 (27)"
    left over from a PDF's 27 pages say too little to place the others."""
    lines = _lines(text)
    comments = [(k, int(m.group(1))) for k, (_, raw) in enumerate(lines) if (m := COMMENT_MARK_RE.match(raw))]
    if comments:
        return _from_marks(lines, comments, header=True)
    running = []
    for k, (_, raw) in enumerate(lines):
        if len(raw.split()) > RUNNING_MAX_WORDS:
            continue
        m = RUNNING_MARK_RE.search(raw)
        if m:
            running.append((k, int(m.group(1)), int(m.group(2) or m.group(3))))
    totals = {t for _, _, t in running}
    if len(running) < 2 or len(totals) != 1:
        return []
    numbers = [n for _, n, _ in running]
    total = totals.pop()
    if any(b <= a for a, b in zip(numbers, numbers[1:])) or numbers[-1] > total or len(numbers) < total / 2:
        return []
    first_line = running[0][0]
    before = [raw for _, raw in lines[:first_line] if raw.strip()]
    if len(before) >= HEADER_LINES:
        return _from_marks(lines, [(k, n) for k, n, _ in running], header=False)
    # a running header "Kommunstyrelsen / 13 maj 2019 / Sida 2 (27)": its lines above the
    # page number open the page too, when they repeat the first page's
    heading = [_shape(raw) for raw in before]
    marks = []
    for k, n, _ in running:
        j, m = k, len(heading)
        while m > 0 and j > 0:
            j -= 1
            if not lines[j][1].strip():
                continue
            if _shape(lines[j][1]) != heading[m - 1]:
                j += 1
                break
            m -= 1
        while j < k and not lines[j][1].strip():
            j += 1
        marks.append((j if m == 0 else k, n))
    return _from_marks(lines, marks, header=True)


def _shape(raw: str) -> str:
    return " ".join(re.sub(r"\d+", "#", raw.lower()).split())


def _from_marks(lines: list[tuple[int, str]], marks: list[tuple[int, int]], header: bool) -> list[tuple[int, int]]:
    """Header marks open their page at their own line; footer marks close it, so the next
    page opens on the line after."""
    starts: list[tuple[int, int]] = []
    if header:
        starts = [(lines[k][0], page) for k, page in marks]
        first_offset, first_page = starts[0]
        if first_offset > 0:
            before = any(raw.strip() for off, raw in lines if off < first_offset)
            if before and first_page > 1:
                starts.insert(0, (0, first_page - 1))
            else:  # what stands before page 1's marker (front matter) belongs to page 1
                starts[0] = (0, first_page)
    else:
        starts.append((0, marks[0][1]))
        for (k, page), nxt in zip(marks, marks[1:] + [None]):
            if k + 1 >= len(lines):
                break
            following = nxt[1] if nxt else page + 1
            starts.append((lines[k + 1][0], following))
        # a trailing page with nothing on it after the last footer is no page
        if len(starts) > 1 and not "".join(raw for off, raw in lines if off >= starts[-1][0]).strip():
            starts.pop()
    # offsets must rise strictly
    out: list[tuple[int, int]] = []
    for offset, page in starts:
        if out and offset <= out[-1][0]:
            out[-1] = (out[-1][0], page) if offset == out[-1][0] else out[-1]
            continue
        out.append((offset, page))
    return out
