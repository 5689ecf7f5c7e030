"""Sentences inside a passage, each with exact offsets and lines, so that any sentence can be
cited on its own: `extracted_text[start:end] == quote`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .ingest.tables import NUMERIC_CELL_RE, NUMERIC_ROW_RE
from .ingest.text_utils import SENTENCE_END_RE, clean, no_sentence_end
from .models import Passage, Source

OPEN_END_RE = re.compile(r"(?:,|\b(?:i|och|att|för|av|på|till|med|om|som|en|ett|den|det|de|från|vid|samt|eller|är|har))$",
                         re.IGNORECASE)
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
    # a sentence a page break cuts: its start at the foot of the page before, its rest at the
    # head of the next; each piece is cited where it stands
    before: "Sentence | None" = None
    after: "Sentence | None" = None

    @property
    def plain(self) -> str:
        return clean(self.text)

    def pieces(self) -> list["Sentence"]:
        return [x for x in (self.before, self, self.after) if x is not None]

    def whole(self) -> str:
        """The sentence as read, across a page break when one cuts it."""
        return " ".join(x.readable() for x in self.pieces())

    def cells(self) -> tuple[str, list[tuple[str, str]]] | None:
        """A table row as (row label, [(column header, value)]), headers as far as known."""
        if not (self.row and self.columns):
            return None
        if "\t" not in self.text:
            parsed = flat_values(self.text, len(self.columns) - 1)
            if not parsed:
                return None
            label, values = parsed
            return label, list(zip(self.columns[1:], values))
        raw = [clean(c) for c in self.text.split("\t")]
        if not any(NUMERIC_CELL_RE.match(c) for c in raw[1:] if c):
            return None  # a header row
        pairs = [(self.columns[i] if i < len(self.columns) else "", v) for i, v in enumerate(raw[1:], start=1) if v]
        return raw[0], pairs

    def readable(self) -> str:
        """The sentence for an answer: a table row is spelled out with its column headers."""
        parsed = self.cells()
        if parsed:
            label, pairs = parsed
            if self.columns and self.columns[0]:
                label += f" ({self.columns[0]})"
            shown = "; ".join(f"{h} {v}".strip() for h, v in pairs)
            return f"{label}: {shown}" if shown else label
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
        prev = blocks[-1] if blocks else None
        # a heading does not end in a word that needs more ("… Familjebostäder i" / "Göteborg AB och …")
        heading = (len(stripped.split()) <= 8 and not FINAL_RE.search(line) and clean(nxt)[:1].isupper()
                   and not row and not OPEN_END_RE.search(stripped))
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
    heads = [h.split(" › ")[0].strip() for h in passage.context.split("Tabell: ")[1:]]
    table_head = heads[0] if heads else None
    out: list[Sentence] = []
    running_header: str | None = None
    head_rows: list[list[str]] = []
    columns: tuple[str, ...] | None = None
    last_was_header = False
    widths: dict[str, int] = {}  # values per row of each flattened table, from its plain rows
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
            row_columns = columns if row and running_header else None
            if row and not running_header and "\t" not in text[x:y]:
                for h in heads:  # a flattened row: find the header whose columns it fills
                    tail = ROW_TAIL_RE.search(clean(text[x:y]))
                    if tail and h not in widths and _unambiguous(tail.group(1).split()):
                        first = match_flat(text[x:y], h)
                        if first:
                            widths[h] = len(first[2])
                    found = match_flat(text[x:y], h, widths.get(h))
                    if found:
                        header, row_columns = h, found[0]
                        break
            line_start = src.line_start + text.count("\n", 0, x)
            line_end = src.line_start + text.count("\n", 0, y - 1)
            source = replace(src, start=src.start + x, end=src.start + y, line_start=line_start, line_end=line_end)
            out.append(Sentence(text[x:y], source, row, header, len(out), row_columns))
        if not row:
            running_header, columns, head_rows = None, None, []
    return out


def open_ended(s: Sentence) -> bool:
    """A sentence the end of its page cuts off: no table row, no closing punctuation."""
    return not s.row and FINAL_RE.search(s.text.rstrip()) is None and not s.plain.rstrip().endswith((";", ")"))


def goes_on(s: Sentence) -> bool:
    """The rest of a sentence begun on the page before: it opens in lower case."""
    head = s.plain.lstrip()
    return not s.row and head[:1].islower() and LIST_ITEM_RE.match(s.text) is None


def across_pages(every: list[Sentence], before: list[Sentence] | None, after: list[Sentence] | None) -> list[Sentence]:
    """A passage's sentences, its first joined to the start it has at the end of the passage
    before and its last to the rest at the start of the next (the neighbours of the same file)."""
    out = list(every)
    if out and before and goes_on(out[0]) and open_ended(before[-1]):
        out[0] = replace(out[0], before=before[-1])
    if out and after and open_ended(out[-1]) and goes_on(after[0]):
        out[-1] = replace(out[-1], after=after[0])
    return out


def _sentence_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = a
    for m in SENTENCE_END_RE.finditer(text, a, b):
        tail = text[pos : m.start()].rsplit(None, 1)[-1] if text[pos : m.start()].strip() else ""
        if no_sentence_end(tail):
            continue  # "NB1.1.", "1.", "bl.a." end no sentence
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, b))
    return spans


YEARISH_RE = re.compile(r"^(?:(?:19|20)\d\d|20\d{4})$")
UNIT_LABEL_RE = re.compile(r"(Belopp i [\w ]*?(?:kronor|mnkr|tkr|mkr)|\b(?:miljoner kronor|mnkr|tkr|procent)\b)", re.IGNORECASE)
ROW_TAIL_RE = re.compile(r"((?:\s+[-–+]?\d{1,3}(?:,\d+)?%?)+)\s*$")


def flat_columns(header: str) -> list[str]:
    """Segments of a flattened table header, each ending with its year ("Kommunbidrag 2025",
    "Periodens utfall jan- aug 2025", …); words after the last year make one more."""
    cols: list[str] = []
    current: list[str] = []
    for w in header.split():
        current.append(w)
        if YEARISH_RE.match(w):
            cols.append(" ".join(current))
            current = []
    if current and cols:
        cols.append(" ".join(current))
    return cols


def _unambiguous(tokens: list[str]) -> bool:
    return not any(re.fullmatch(r"\d{3}", b) and re.fullmatch(r"[-–+]?\d{1,3}", a) for a, b in zip(tokens, tokens[1:]))


def match_flat(row: str, header: str, count: int | None = None) -> tuple[tuple[str, ...], str, list[str]] | None:
    """(columns, label, values) when a flattened row's numbers fill the header's last columns.
    columns[0] is the unit label ("Belopp i miljoner kronor") or "". `count`, when known from
    the table's other rows, settles whether "2 135" is one value or two."""
    segments = flat_columns(header)
    if len(segments) < 2:
        return None
    m = ROW_TAIL_RE.search(clean(row))
    if not m:
        return None
    label = clean(row)[: m.start()].strip()
    tokens = m.group(1).split()
    counts = [count] if count else range(min(len(segments), len(tokens)), 1, -1)
    for n in counts:
        if n > len(segments):
            continue
        values = _merge_thousands(tokens, n)
        if values is None:
            continue
        dated = [seg for seg in segments if YEARISH_RE.match(seg.split()[-1])]
        if (n < len(segments) and len(dated) >= n and not YEARISH_RE.match(segments[-1].split()[-1])
                and not _is_change(values)):
            # words after the last year head a column of their own only when the values fill every
            # column or the last value is the change between the two before it ("Förändring")
            segments = dated
        cols = segments[-n:]
        prefix = " ".join(segments[:-n] + [cols[0]])
        unit = UNIT_LABEL_RE.search(prefix)
        unit_label = unit.group(1) if unit else ""
        inside = UNIT_LABEL_RE.search(cols[0])
        if inside:
            cols[0] = cols[0][inside.end():].strip(" ):;,") or cols[0]  # "Ekonomi (tkr) 2024" -> "2024"
        return (unit_label, *cols), label, values
    return None


def _is_change(values: list[str]) -> bool:
    """The last value is the difference of the two before it (7,65 8,17 -0,52)."""
    if len(values) < 3:
        return False
    try:
        a, b, c = (float(v.replace(" ", "").replace("\u00a0", "").replace("–", "-").replace(",", ".")) for v in values[-3:])
    except ValueError:
        return False
    return min(abs((a - b) - c), abs((b - a) - c)) <= 0.011 * max(1.0, abs(c))


def _merge_thousands(tokens: list[str], count: int) -> list[str] | None:
    values = list(tokens)
    i = 0
    while len(values) > count and i < len(values) - 1:
        if re.fullmatch(r"\d{3}", values[i + 1]) and re.fullmatch(r"[-–+]?\d{1,3}", values[i]):
            values[i : i + 2] = [values[i] + " " + values[i + 1]]
        else:
            i += 1
    if any(re.fullmatch(r"[-–+]?0\d+", v) for v in values):
        return None  # "014" stands for no value of its own: it ends a thousand ("62 014")
    return values if len(values) == count else None


def flat_values(row: str, count: int) -> tuple[str, list[str]] | None:
    m = ROW_TAIL_RE.search(clean(row))
    if not m:
        return None
    label = clean(row)[: m.start()].strip()
    values = _merge_thousands(m.group(1).split(), count)
    return (label, values) if values and label else None
