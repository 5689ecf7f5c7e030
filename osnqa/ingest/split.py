"""Passages: sentence-aware slices of about 100–250 words that never cross a part, an
uppdrag, a fokusmål or a page, each an exact slice of the extracted text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..models import Passage, Source
from .extract import Extracted
from .furniture import furniture_lines
from .lines import Line
from .sections import LineContext
from .structure import DocStructure, PartSpan
from .tables import is_numeric_row
from .text_utils import SENTENCE_END_RE, clean, no_sentence_end

TARGET_WORDS = 170
MAX_WORDS = 250
SOFT_MIN_WORDS = 60

FINAL_RE = re.compile(r"[.!?:]\s*(</\w+>\s*)*$")


@dataclass
class Piece:
    unit: int
    start: int
    end: int
    first: int  # line index
    last: int
    words: int
    row: bool
    closes: bool  # ends a sentence


def _line_spans(doc: Extracted, line: Line) -> list[tuple[int, int]]:
    """Sentence spans inside one line, as absolute offsets, without surrounding blanks."""
    text = line.text
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in SENTENCE_END_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    # a period after a number or an abbreviation ("NB1.1.", "1.", "bl.a.") ends no sentence
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged:
            tail = text[merged[-1][0] : merged[-1][1]].rsplit(None, 1)[-1]
            if no_sentence_end(tail):
                merged[-1] = (merged[-1][0], b)
                continue
        merged.append((a, b))
    out = []
    for a, b in merged:
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if b - trail > a + lead:
            out.append((line.start + a + lead, line.start + b - trail))
    return out


def _pieces(doc: Extracted, lines: list[Line], first: int, last: int,
            contexts: dict[int, LineContext], furniture: frozenset[int] = frozenset()) -> list[Piece]:
    pieces: list[Piece] = []
    open_piece: Piece | None = None
    for line in lines[first : last + 1]:
        if line.blank or line.idx in furniture:
            continue
        row = "\t" in line.text or is_numeric_row(line)
        ctx = contexts[line.idx]
        unit_text = doc.units[line.unit]
        for n, (a, b) in enumerate(_line_spans(doc, line)):
            text = unit_text[a:b]
            words = len(clean(text).split()) or 1
            closes = bool(FINAL_RE.search(text)) or row
            joinable = (
                n == 0
                and open_piece is not None
                and not open_piece.closes
                and not open_piece.row
                and not row
                and not ctx.hard_break
                and not ctx.soft_break
                and open_piece.unit == line.unit
                and lines[open_piece.last].page == line.page
                and open_piece.words + words <= MAX_WORDS
            )
            if joinable:
                open_piece.end = b
                open_piece.last = line.idx
                open_piece.words += words
                open_piece.closes = closes
            else:
                open_piece = Piece(line.unit, a, b, line.idx, line.idx, words, row, closes)
                pieces.append(open_piece)
    return pieces


def _break_long(doc: Extracted, lines: list[Line], piece: Piece) -> list[Piece]:
    """A piece over MAX_WORDS (a huge table cell, a run-on list) is cut at word boundaries."""
    if piece.words <= MAX_WORDS:
        return [piece]
    text = doc.units[piece.unit][piece.start : piece.end]
    cuts = [m.start() for m in re.finditer(r"\s+", text)]
    out: list[Piece] = []
    begin = 0
    count = 0
    line_of = _line_locator(lines, piece)
    for cut in cuts:
        count += 1
        if count >= TARGET_WORDS:
            out.append(_sub(piece, begin, cut, line_of, text))
            begin = cut + len(text[cut:]) - len(text[cut:].lstrip())
            count = 0
    out.append(_sub(piece, begin, len(text), line_of, text))
    return [p for p in out if p.end > p.start]


def _line_locator(lines: list[Line], piece: Piece):
    span = [l for l in lines[piece.first : piece.last + 1]]

    def locate(offset: int) -> int:
        for l in span:
            if l.start <= offset <= l.end:
                return l.idx
        return piece.last

    return locate


def _sub(piece: Piece, a: int, b: int, locate, text: str) -> Piece:
    start, end = piece.start + a, piece.start + b
    words = len(clean(text[a:b]).split())
    return Piece(piece.unit, start, end, locate(start), locate(max(start, end - 1)), words, piece.row, True)


def split_part(doc: Extracted, lines: list[Line], part: PartSpan, contexts: dict[int, LineContext],
               table_heads: dict[int, tuple[int, str]], furniture: frozenset[int] = frozenset()) -> list[list[Piece]]:
    """Group a part's pieces into passages; page furniture stays out of them."""
    pieces: list[Piece] = []
    for p in _pieces(doc, lines, part.first, part.last, contexts, furniture):
        pieces.extend(_break_long(doc, lines, p))
    groups: list[list[Piece]] = []
    current: list[Piece] = []
    words = 0
    for k, piece in enumerate(pieces):
        ctx = contexts[piece.first]
        if current:
            prev = current[-1]
            new_page = lines[prev.last].page != lines[piece.first].page or prev.unit != piece.unit
            if (
                ctx.hard_break
                or new_page
                or (ctx.soft_break and words >= SOFT_MIN_WORDS)
                or words + piece.words > MAX_WORDS
            ):
                groups.append(current)
                current, words = [], 0
        current.append(piece)
        words += piece.words
        nxt = pieces[k + 1] if k + 1 < len(pieces) else None
        same_table = (
            nxt is not None and piece.row and nxt.row
            and table_heads.get(piece.first, (None,))[0] == table_heads.get(nxt.first, (None,))[0]
        )
        if words >= TARGET_WORDS and piece.closes and not same_table:
            groups.append(current)
            current, words = [], 0
    if current:
        groups.append(current)
    return _merge_small(groups, lines, contexts)


def _words(group: list[Piece]) -> int:
    return sum(p.words for p in group)


def _same_page(lines: list[Line], a: list[Piece], b: list[Piece]) -> bool:
    return a[-1].unit == b[0].unit and lines[a[-1].last].page == lines[b[0].first].page


def _merge_small(groups: list[list[Piece]], lines: list[Line], contexts: dict[int, LineContext]) -> list[list[Piece]]:
    """A heading left alone joins what it introduces; a short tail joins what it ends."""
    out: list[list[Piece]] = []
    carry: list[Piece] = []
    for group in groups:
        if carry and _same_page(lines, carry, group) and _words(carry) + _words(group) <= MAX_WORDS + 40:
            group = carry + group
        elif carry:
            out.append(carry)
        carry = []
        if _words(group) < 20:
            carry = group
            continue
        if (
            out
            and _words(group) < 40
            and not contexts[group[0].first].hard_break
            and _same_page(lines, out[-1], group)
            and _words(out[-1]) + _words(group) <= MAX_WORDS + 40
        ):
            out[-1] = out[-1] + group
            continue
        out.append(group)
    if carry:
        if out and _same_page(lines, out[-1], carry) and not contexts[carry[0].first].hard_break:
            out[-1] = out[-1] + carry
        else:
            out.append(carry)
    return out


def passage_id(file: str, start: int, end: int, page: int | None, text: str) -> str:
    digest = hashlib.sha1(f"{file}\x00{page}\x00{start}\x00{end}\x00{text}".encode("utf-8")).hexdigest()
    return "p-" + digest[:16]


def make_passages(doc: Extracted, lines: list[Line], structure: DocStructure,
                  contexts: dict[int, LineContext], table_heads: dict[int, tuple[int, str]]) -> list[Passage]:
    passages: list[Passage] = []
    furniture = frozenset(furniture_lines(lines)) | structure.skip
    for part in structure.parts:
        for group in split_part(doc, lines, part, contexts, table_heads, furniture):
            unit = group[0].unit
            start, end = group[0].start, group[-1].end
            text = doc.units[unit][start:end]
            first_line, last_line = lines[group[0].first], lines[group[-1].last]
            span = range(group[0].first, group[-1].last + 1)
            uppdrag = next((contexts[i].uppdrag for i in span if contexts[i].uppdrag is not None), None)
            fokus = next((contexts[i].fokusmal for i in span if contexts[i].fokusmal is not None), None)
            section = contexts[group[0].first].section or next(
                (contexts[i].section for i in span if contexts[i].section), None
            )
            context_bits = [f"{part.paragraph} {part.title}" if part.paragraph else part.title]
            if section and section != part.title:
                context_bits.append(section)
            heads: list[str] = []
            for i in span:
                if i not in table_heads:
                    continue
                head_line, head_text = table_heads[i]
                # a flattened table's header always travels along, since its columns cannot be
                # told apart inside the passage; a tab table's only when it stands before it
                if ("\t" not in lines[i].text or head_line < group[0].first) and head_text not in heads:
                    heads.append(head_text)
            context_bits.extend(f"Tabell: {h}" for h in heads)
            source = Source(
                file=doc.file,
                document=structure.title,
                part=part.part,
                part_title=part.title,
                namnd=part.meta.namnd,
                diarienummer=part.meta.diarienummer or structure.diarienummer,
                date=part.meta.date or structure.date,
                year=part.year,
                page=first_line.page,
                line_start=first_line.lineno,
                line_end=last_line.lineno,
                start=start,
                end=end,
                fokusmal=fokus,
                uppdrag=uppdrag,
                section=section,
                paragraph=part.paragraph,
            )
            pid = passage_id(doc.file, start, end, first_line.page, text)
            passages.append(Passage(pid, text, " › ".join(context_bits), source))
    return passages

