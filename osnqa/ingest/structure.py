"""Document structure: the parts of a file (Tjänsteskrivelse, Bilaga N) and their metadata.

A file bundles a tjänsteskrivelse and the bilagor its "Beslutsunderlag" lists. A part is
found where its listed title stands after that list; its start is extended back over the
part's header block (Nämnd, Datum:, Diarienummer:, Handläggare: ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .extract import Extracted
from .frontmatter import front_matter
from .furniture import PAGE_NUMBER_RE
from .lines import Line
from .metadata import ISO_DATE_RE, WORD_DATE_RE, SelfMeta, diarienummer, is_body, is_date_line, read_self
from .pagemarks import is_comment_mark
from .protokoll import Paragraph, find_paragraphs
from .text_utils import DATE_RE, DNR_RE, clean, first_year, strip_tags

HEADER_LABELS = re.compile(
    r"^(Nämnd|Rapport|Aktiverande styrdokument|Beslutsfattare:|Dokumentansvarig:|Handläggare:|"
    r"Datum:|Diarienummer:|Nämndbehandlas:)\s*$"
)
HEADER_ANY = re.compile(r"\b(Datum:|Diarienummer:|Handläggare:|Nämndbehandlas:)")
BESLUTSUNDERLAG = re.compile(r"^\W*Beslutsunderlag\s*$")
BILAGA_ITEM = re.compile(r"^[\s•\-–*·]*Bilaga\s*(\d+)?\s*[,:–\-]\s*(.+?)\s*$")
TS_TO_NAMND = re.compile(r"Tjänsteskrivelse till (\w+nämnden)", re.IGNORECASE)
FORSLAG = re.compile(r"^\W*Förslag till beslut\s*$")
STOPWORDS_TITLE = {"och", "per", "för", "med", "inom", "till", "av", "i", "om", "på", "den", "det", "en", "ett", "år"}


@dataclass
class PartMeta:
    namnd: str | None = None
    date: str | None = None
    diarienummer: str | None = None
    handlaggare: list[str] = field(default_factory=list)


@dataclass
class PartSpan:
    part: str  # "Tjänsteskrivelse", "Bilaga 1", "Bilaga", "Dokument"
    title: str
    first: int  # first line index (inclusive)
    last: int  # last line index (inclusive)
    meta: PartMeta
    year: int | None = None
    paragraph: str | None = None  # "§ 24" in a protokoll
    kinds: list[str] = field(default_factory=list)  # a paragraph's beslut, reservation, jäv, omröstning


@dataclass
class DocStructure:
    title: str
    namnd: str | None
    diarienummer: str | None
    date: str | None
    year: int | None
    parts: list[PartSpan]
    warnings: list[str]
    kind: str | None = None  # "protokoll", "tjänsteskrivelse"
    skip: frozenset[int] = frozenset()  # lines that are metadata, not text (front matter, page marks)


def _title_tokens(text: str) -> set[str]:
    words = re.findall(r"\w+", clean(text).lower())
    return {w for w in words if len(w) > 2 and w not in STOPWORDS_TITLE}


def _document_title(lines: list[Line], doc: Extracted, skip: set[int], own: SelfMeta) -> str:
    """The front matter's title; else the block of lines just before "Förslag till beslut"
    (without the body it is addressed to); else the PDF's own title unless generic; else the
    first lines that read as a title (no header furniture, body, date or page number)."""
    if own.title:
        return clean(own.title)
    for line in lines[:200]:
        if FORSLAG.match(line.text):
            block: list[str] = []
            j = line.idx - 1
            while j >= 0 and lines[j].blank:
                j -= 1
            # up the block to a blank line, or to the header's body, kind, diarienummer or date
            while j >= 0 and not lines[j].blank and len(block) < 4 and j not in skip \
                    and not _header_value(lines[j].text):
                block.insert(0, lines[j].stripped)
                j -= 1
            title = clean(" ".join(block))
            if title and not HEADER_ANY.search(title):
                return title
            break
    if doc.pdf_title and len(doc.pdf_title) > 3 and not _generic(doc.pdf_title):
        return clean(doc.pdf_title)
    for line in lines[:80]:
        if line.idx in skip or not _title_like(line.text):
            continue
        block = [clean(line.text)]
        for nxt in lines[line.idx + 1 : line.idx + 4]:
            if nxt.blank or nxt.idx in skip or not _title_like(nxt.text) or block[-1].endswith((".", ":")) \
                    or len(clean(nxt.text).split()) > 8:
                break
            block.append(clean(nxt.text))
        title = " ".join(block) if len(" ".join(block)) < 200 else block[0]
        return _missive_subject(lines, line.idx) or title
    return doc.file


MISSIVE_RE = re.compile(r"^Missiv\b", re.IGNORECASE)
AUDIT_SUBJECT_RE = re.compile(r"\b(?:avslutat|genomfört)\s+granskningen\s+(?:av\s+)?(\w.{10,200}?)\.(?:\s|$)")


def _missive_subject(lines: list[Line], at: int) -> str | None:
    """An audit's covering letter ("Missiv till ansvariga nämnder") is titled by what it
    reports: "... har avslutat granskningen av X." → "Granskning av X"."""
    if not MISSIVE_RE.match(lines[at].stripped):
        return None
    text = clean(" ".join(l.text for l in lines[at : at + 10]))
    m = AUDIT_SUBJECT_RE.search(text)
    return f"Granskning av {m.group(1)}" if m else None


def _header_value(text: str) -> bool:
    text = clean(text)
    return is_body(text) or is_date_line(text) or diarienummer(text) == text or \
        text.lower() in ("tjänsteskrivelse", "sammanträdesprotokoll", "protokoll")


def _generic(title: str) -> bool:
    """A PDF title that names no document: one word ("Rapportsammandrag"), a file name, a body."""
    title = clean(title)
    return len(title.split()) < 2 or title.lower().endswith((".pdf", ".docx", ".doc")) or is_body(title) \
        or is_date_line(title)


def _title_like(raw: str) -> bool:
    text = clean(raw)
    return (len(text.split()) >= 2 and not re.fullmatch(r"[\d\W]+", text) and len(text) < 160
            and not is_body(text) and not is_date_line(text) and not PAGE_NUMBER_RE.search(text)
            and "@" not in text and "www." not in text and "http" not in text and not is_comment_mark(raw))


def _header_flags(lines: list[Line]) -> list[bool]:
    """Mark lines that belong to a header block: labels, and the values that follow them."""
    flags = [False] * len(lines)
    i = 0
    while i < len(lines):
        text = lines[i].stripped
        if HEADER_LABELS.match(text) or re.fullmatch(r"[A-ZÅÄÖ]\w*nämnden", text):
            flags[i] = True
            j = i + 1
            # values: short lines right below the label, up to the next blank line
            while j < len(lines) and not lines[j].blank and not HEADER_LABELS.match(lines[j].stripped):
                if len(lines[j].stripped.split()) > 6 or lines[j].stripped.endswith("."):
                    break
                flags[j] = True
                j += 1
            i = max(j, i + 1)
            continue
        i += 1
    return flags


def _bilaga_list(lines: list[Line]) -> tuple[list[tuple[str, str]], int]:
    """The bilagor listed under "Beslutsunderlag": [(part name, title)], and the last line."""
    for line in lines:
        if BESLUTSUNDERLAG.match(line.text):
            items: list[tuple[str, str]] = []
            last = line.idx
            for nxt in lines[line.idx + 1 : line.idx + 25]:
                m = BILAGA_ITEM.match(nxt.text)
                if m:
                    name = f"Bilaga {m.group(1)}" if m.group(1) else "Bilaga"
                    items.append((name, clean(m.group(2))))
                    last = nxt.idx
            if items:
                return items, last
    return [], -1


def _find_title_line(lines: list[Line], title: str, start: int) -> int | None:
    """First line from `start` where the listed title stands (allowing line wraps)."""
    wanted = _title_tokens(title)
    if not wanted:
        return None
    for line in lines[start:]:
        if line.blank or len(line.stripped.split()) > 12:
            continue
        first = _title_tokens(line.text)
        if not first & wanted:
            continue
        window = [line.text]
        for nxt in lines[line.idx + 1 : line.idx + 8]:
            if nxt.blank:
                continue
            if len(window) >= 3:
                break
            window.append(nxt.text)
        # take the smallest window that matches well, so that a following line cannot help
        for size in range(1, len(window) + 1):
            got = _title_tokens(" ".join(window[:size]))
            if len(got & wanted) / len(wanted) >= 0.6 and len(got & wanted) >= min(2, len(wanted)):
                return line.idx
    return None


def _part_start(lines: list[Line], title_line: int, flags: list[bool], floor: int) -> int:
    j = title_line
    if lines[j].page_start:
        return j
    while j - 1 > floor and (lines[j - 1].blank or flags[j - 1]):
        j -= 1
        if lines[j].page_start and not flags[j]:
            break
    return j


def _meta(lines: list[Line], first: int, last: int) -> PartMeta:
    meta = PartMeta()
    window = lines[first : min(last + 1, first + 140)]
    for k, line in enumerate(window):
        if "Datum:" in line.text and meta.date is None:
            for nxt in window[k : k + 6]:
                m = DATE_RE.search(nxt.text.split("Datum:")[-1] if nxt is line else nxt.text)
                if m:
                    meta.date = m.group(1)
                    break
        if "Diarienummer:" in line.text and meta.diarienummer is None:
            for nxt in window[k : k + 8]:
                m = DNR_RE.search(nxt.text)
                if m:
                    meta.diarienummer = m.group(1)
                    break
        if line.stripped.startswith("Handläggare:") and not meta.handlaggare:
            meta.handlaggare = _names(window, k, line)
        if meta.namnd is None:
            m = TS_TO_NAMND.search(line.text)
            if m:
                meta.namnd = m.group(1)[0].upper() + m.group(1)[1:]
            elif line.stripped in ("Nämnd", "Beslutsfattare:") or line.stripped.startswith("Nämnd "):
                for nxt in window[k + 1 : k + 4]:
                    m2 = re.match(r"\s*([A-ZÅÄÖ]\w*nämnden)\b", nxt.text)
                    if m2:
                        meta.namnd = m2.group(1)
                        break
    return meta


def _names(window: list[Line], k: int, line: Line) -> list[str]:
    rest = line.stripped[len("Handläggare:") :].strip()
    if rest:
        return [rest]
    names: list[str] = []
    gap_style = k + 1 < len(window) and window[k + 1].blank
    for nxt in window[k + 1 : k + 14]:
        text = nxt.stripped
        if not text:
            if names and not gap_style:
                break
            continue
        if nxt.page_start and nxt.text.startswith(" ") and names:
            break
        if ":" in text or "@" in text or "http" in text or text.endswith("."):
            break
        looks_like_name = re.fullmatch(r"[A-ZÅÄÖ][\w\-]+(?:[ ,]+[A-ZÅÄÖ][\w\-]+)+,?", text) is not None
        if names and not looks_like_name:
            break
        if len(text.split()) > 6:
            break
        names.append(text.rstrip(","))
        if len(names) >= 6:
            break
    return names


def detect_structure(doc: Extracted, lines: list[Line]) -> DocStructure:
    warnings: list[str] = []
    front, front_lines = front_matter(lines)
    skip = front_lines | {l.idx for l in lines if is_comment_mark(l.text)}
    own = read_self(lines, skip, front)
    if own.kind in (None, "protokoll"):
        paragraphs = find_paragraphs(lines, skip)
        if own.kind is None and sum(1 for p in paragraphs if p.diarienummer) >= 2:
            # no header says so, but paragraphs with their Dnr make a protokoll
            own = read_self(lines, skip, {**front, "typ": "protokoll"})
        if own.kind == "protokoll" and paragraphs:
            return _protokoll(lines, _document_title(lines, doc, skip, own), own, paragraphs, skip)
    title = _document_title(lines, doc, skip, own)
    flags = _header_flags(lines)
    bilagor, list_end = _bilaga_list(lines)
    is_memo = own.kind == "tjänsteskrivelse" or any(
        FORSLAG.match(l.text) or "Tjänsteskrivelse" in l.text for l in lines[:120])

    starts: list[tuple[str, str, int]] = []  # (part, title, first line)
    search_from = list_end + 1
    floor = list_end
    for name, btitle in bilagor:
        at = _find_title_line(lines, btitle, search_from)
        if at is None:
            warnings.append(f"{name} ('{btitle}') hittades inte i texten; dess innehåll räknas till föregående del")
            continue
        first = _part_start(lines, at, flags, floor)
        starts.append((name, btitle, first))
        search_from = at + 1
        floor = at

    first_name = "Tjänsteskrivelse" if is_memo else "Dokument"
    spans: list[PartSpan] = []
    boundaries = [(first_name, title, 0)] + starts
    for i, (name, ptitle, first) in enumerate(boundaries):
        last = boundaries[i + 1][2] - 1 if i + 1 < len(boundaries) else len(lines) - 1
        spans.append(PartSpan(name, ptitle, first, last, _meta(lines, first, last)))

    head = spans[0].meta
    # the front matter speaks first; then the header block's labels; then the first page
    if front:
        head.date = own.date or head.date
        head.namnd = own.namnd or head.namnd
        head.diarienummer = own.diarienummer or head.diarienummer
    else:
        head.date = head.date or own.date
        head.diarienummer = head.diarienummer or own.diarienummer
    doc_year = _period_year(title)
    if doc_year is None and head.date:
        doc_year = int(head.date[:4])
    if doc_year is None:
        doc_year = _dominant_year(lines)
    for span in spans:
        span.year = _period_year(span.title) if span is not spans[0] else doc_year
        if span.year is None:
            span.year = doc_year
    namnd = head.namnd or next((s.meta.namnd for s in spans if s.meta.namnd), None) or own.namnd
    for span in spans:
        span.meta.namnd = span.meta.namnd or namnd
    return DocStructure(title, namnd, head.diarienummer, head.date, doc_year, spans, warnings,
                        kind=own.kind or ("tjänsteskrivelse" if is_memo else None), skip=frozenset(skip))


def _period_year(title: str) -> int | None:
    """The year a title names as its period ("årsbokslut 2023", "per augusti 2025"); a full
    date in it ("Motion den 19 november 2018") is when something happened, not the period."""
    return first_year(WORD_DATE_RE.sub(" ", ISO_DATE_RE.sub(" ", title)))


def _protokoll(lines: list[Line], title: str, own: SelfMeta, paragraphs: list[Paragraph],
               skip: set[int]) -> DocStructure:
    """A protokoll: its opening (närvaro, justering) and then one unit per §. The year it
    reports is its meeting's."""
    year = int(own.date[:4]) if own.date else first_year(title) or _dominant_year(lines)
    spans: list[PartSpan] = []
    opening = [l for l in lines[: paragraphs[0].first] if not l.blank and l.idx not in skip]
    if opening:
        spans.append(PartSpan("Protokoll", title, 0, paragraphs[0].first - 1,
                              PartMeta(own.namnd, own.date, None), year))
    elif paragraphs[0].first > 0:
        paragraphs[0].first = 0
    for p in paragraphs:
        spans.append(PartSpan("Protokoll", p.title or p.label, p.first, p.last,
                              PartMeta(own.namnd, own.date, p.diarienummer), year, paragraph=p.label, kinds=p.kinds))
    return DocStructure(title, own.namnd, own.diarienummer, own.date, year, spans, [],
                        kind="protokoll", skip=frozenset(skip))


def _dominant_year(lines: list[Line]) -> int | None:
    counts: dict[int, int] = {}
    for line in lines[:400]:
        for m in re.finditer(r"(?<!\d)(20\d\d)(?!\d)", strip_tags(line.text)):
            counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    return max(counts, key=counts.get) if counts else None
