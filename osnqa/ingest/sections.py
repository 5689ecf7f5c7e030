"""Inside a part: fokusmål, uppdrag (both numbering styles), nämndmål and section headings.

Produces the context of every line and the assignments (uppdrag) of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line
from .structure import PartSpan
from .text_utils import clean

FOKUS_RE = re.compile(r"^(?:Kommunfullmäktiges\s+)?[Ff]okusmål\s+(\d)\b[:.]?\s*(.*)$")
UPPDRAG_HEADER_RE = re.compile(r"^Uppdrag\s+(?:Prognos\s+)?Status$")
UPPDRAG_ITEM_RE = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
UPPDRAG_COLON_RE = re.compile(r"^Uppdrag\s+(\d{1,3}):\s*(\S.*)$")
NAMNDMAL_HEADER_RE = re.compile(r"^Nämndmål\s+(?:Prognos\s+)?Status$")
NB_RE = re.compile(r"^(NB\d+\.\d+)\.?\s+(\S.*)$")
ATGARD_HEADER_RE = re.compile(r"^Nämndens åtgärd(?:er)?\s+Aktiviteter på förvaltningen")
KOMMENTAR_RE = re.compile(r"^Kommentar:\s*(.*)$")
NAMNDER_RE = re.compile(r"\s*\(([^()]*)\)\s*\.?\s*$")


@dataclass
class LineContext:
    fokusmal: int | None = None
    uppdrag: int | None = None
    section: str | None = None
    hard_break: bool = False  # a new unit (part, fokusmål, uppdrag, nämndmål) starts here
    soft_break: bool = False  # a section heading starts here


@dataclass
class AssignmentRecord:
    number: int
    title: str
    namnder: list[str] | None
    fokusmal: int | None
    part: PartSpan
    first_line: int  # the line where "N. Title" starts
    last_line: int  # the line where the title ends
    status: str | None = None
    comment: str | None = None
    atgarder: list[str] = field(default_factory=list)
    primary: bool = True


def _plain(line: Line) -> str:
    return " ".join(clean(line.text).split())


def _split_namnder(title: str) -> tuple[str, list[str] | None]:
    m = NAMNDER_RE.search(title)
    if not m:
        return title, None
    inner = m.group(1)
    items = [x.strip() for x in re.split(r",|\boch\b", inner) if x.strip()]
    # only a list of committee abbreviations counts (KS, AMN, ÄLN, HR-nämnd ...)
    abbreviations = [x for x in items if re.fullmatch(r"[A-ZÅÄÖ]{2}[A-ZÅÄÖa-zåäö\-]{0,10}", x)]
    if not items or len(abbreviations) < 0.6 * len(items):
        return title, None
    return title[: m.start()].rstrip(), items


def _is_heading(lines: list[Line], i: int) -> bool:
    """A short stand-alone line between complete sentences: a section heading."""
    line = lines[i]
    text = clean(line.text)
    if not text or "\t" in line.text or len(text) > 70 or len(text.split()) > 8:
        return False
    if not text[0].isupper() or text[-1] in ".,:;–-" or re.search(r"\d\s+[-\d,]+\s*$", text):
        return False
    if re.fullmatch(r"[\d\W]+", text) or re.match(r"^Sida \d", text) or "@" in text:
        return False
    before_blank = i == 0 or lines[i - 1].blank or line.page_start
    after_blank = i + 1 >= len(lines) or lines[i + 1].blank
    if not (before_blank and after_blank):
        return False
    prev = next((l for l in reversed(lines[max(0, i - 4) : i]) if not l.blank), None)
    nxt = next((l for l in lines[i + 1 : i + 5] if not l.blank), None)
    prev_ok = prev is None or prev.text.rstrip().endswith((".", ":", "!", "?")) or line.page_start
    next_ok = nxt is None or clean(nxt.text)[:1].isupper() or clean(nxt.text)[:1].isdigit()
    return prev_ok and next_ok


def _title_lines(lines: list[Line], i: int, last: int) -> tuple[str, int]:
    """A 2025-style title: wrapped over lines until 'Kommentar:' or the title is complete."""
    parts = [_plain(lines[i])]
    end = i
    j = i + 1
    while j <= last and len(parts) < 6:
        if lines[j].blank:
            j += 1
            continue
        text = _plain(lines[j])
        joined = " ".join(parts)
        complete = joined.endswith((".", ")")) and joined.count("(") == joined.count(")")
        if complete or KOMMENTAR_RE.match(text) or ATGARD_HEADER_RE.match(text) or UPPDRAG_HEADER_RE.match(text):
            break
        parts.append(text)
        end = j
        j += 1
    return " ".join(parts), end


def analyse_part(lines: list[Line], part: PartSpan, memo: bool) -> tuple[list[LineContext], list[AssignmentRecord]]:
    """Contexts for lines part.first..part.last (in order) and the assignments found there."""
    contexts: list[LineContext] = []
    records: list[AssignmentRecord] = []
    fokus: int | None = None
    uppdrag: int | None = None
    section: str | None = None
    current: AssignmentRecord | None = None
    in_atgarder = False
    by_number: dict[int, AssignmentRecord] = {}
    fokus_titles: dict[str, int] = {}
    i = part.first
    pending_primary = False
    while i <= part.last:
        line = lines[i]
        text = _plain(line)
        hard = i == part.first
        soft = False
        if not text:
            contexts.append(LineContext(fokus, uppdrag, section, hard, False))
            i += 1
            continue
        m_fokus = FOKUS_RE.match(text)
        m_item = UPPDRAG_ITEM_RE.match(text)
        m_colon = UPPDRAG_COLON_RE.match(text)
        m_nb = NB_RE.match(text)
        toc = "....." in text or re.search(r"\t\s*\d+\s*$", line.text) is not None
        m_numbered = UPPDRAG_ITEM_RE.match(text)
        if m_numbered and m_numbered.group(2).rstrip(".") in fokus_titles and not pending_primary:
            m_fokus = re.match(r"(\d)", text)
        if m_fokus and toc:
            m_fokus = None
        if m_fokus:
            fokus = int(m_fokus.group(1))
            if len(m_fokus.groups()) > 1 and m_fokus.group(2):
                fokus_titles[m_fokus.group(2).rstrip(".")] = fokus
            else:
                nxt = next((l for l in lines[i + 1 : i + 4] if not l.blank), None)
                if nxt is not None:
                    fokus_titles[_plain(nxt).rstrip(".")] = fokus
            uppdrag, current, in_atgarder = None, None, False
            section = f"Fokusmål {fokus}"
            hard = True
        elif UPPDRAG_HEADER_RE.match(text):
            pending_primary = True
            uppdrag, current, in_atgarder = None, None, False
            hard = True
        elif pending_primary and m_item:
            pending_primary = False
            number = int(m_item.group(1))
            if "\t" in line.text:
                cells = [clean(c) for c in line.text.split("\t")]
                title, end = UPPDRAG_ITEM_RE.match(cells[0]).group(2), i
                status = cells[1] if len(cells) > 1 and cells[1] else None
            else:
                title, end = _title_lines(lines, i, part.last)
                title = UPPDRAG_ITEM_RE.match(title).group(2)
                status = None
            title, namnder = _split_namnder(title)
            current = AssignmentRecord(number, title, namnder, fokus, part, i, end, status=status)
            records.append(current)
            by_number.setdefault(number, current)
            uppdrag = number
            section = f"Uppdrag {number}"
        elif m_colon and not memo:
            number = int(m_colon.group(1))
            title, namnder = _split_namnder(clean(m_colon.group(2)))
            current = by_number.get(number)
            if current is None:
                current = AssignmentRecord(number, title, namnder, fokus, part, i, i, primary=False)
                records.append(current)
                by_number[number] = current
            uppdrag = number
            section = f"Uppdrag {number}"
            in_atgarder = False
            hard = True
        elif NAMNDMAL_HEADER_RE.match(text) or m_nb:
            uppdrag, current, in_atgarder = None, None, False
            section = f"Nämndmål {m_nb.group(1)}" if m_nb else "Nämndmål"
            hard = True
        elif current is not None and ATGARD_HEADER_RE.match(text):
            in_atgarder = "\t" in line.text
        elif current is not None and in_atgarder and "\t" in line.text:
            first_cell = clean(line.text.split("\t")[0])
            if first_cell and first_cell not in current.atgarder:
                current.atgarder.append(first_cell)
        elif current is not None and current.comment is None and KOMMENTAR_RE.match(text):
            current.comment = _comment(lines, i, part.last)
        elif _is_heading(lines, i) and not pending_primary:
            section = text
            soft = True
        if not UPPDRAG_HEADER_RE.match(text):
            pending_primary = False
        contexts.append(LineContext(fokus, uppdrag, section, hard, soft))
        i += 1
    return contexts, records


def _comment(lines: list[Line], i: int, last: int) -> str:
    """The comment text: from 'Kommentar:' to the åtgärder table or the next blank run."""
    first = lines[i].text
    if "\t" in first:  # 2023: one table cell
        return clean(first.split("\t")[0].replace("Kommentar:", "", 1))[:2000]
    parts = [clean(first).replace("Kommentar:", "", 1).strip()]
    for line in lines[i + 1 : last + 1]:
        text = clean(line.text)
        if ATGARD_HEADER_RE.match(text) or UPPDRAG_HEADER_RE.match(text):
            break
        if line.text.strip() == "" and line.text != "":
            break  # a line of only spaces closes the comment block in pypdf text
        if text:
            parts.append(text)
    return " ".join(p for p in parts if p)[:2000]
