"""A protokoll's paragraphs: "§ 135" (with its Dnr and ärende title) opens a unit that runs
to the next §; inside it, headings such as Beslut, Yrkanden, Reservation, Omröstning and a
jäv mark the parts of the paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line
from .metadata import DNR_LABEL_RE, diarienummer
from .text_utils import clean

PARAGRAPH_RE = re.compile(r"^[#>*_\s]*§\s*(\d{1,4})(?![\d,\-–])[*_\s:.]*(.*?)[*_\s]*$")
LEADERS_RE = re.compile(r"\.{4,}|…{2,}")  # a table of contents: "§ 137 KFKS 2019/1 ....... 10"
SECTION_RE = re.compile(
    r"^[#*_\s]*(Beslut|Beslutsgång|Förslag till beslut|Ärendet|Ärendebeskrivning|Sammanfattning|Bakgrund|"
    r"Yrkanden?|Propositionsordning|Proposition|Omröstning|Omröstningsresultat|Reservationer?|"
    r"Protokollsanteckningar?|Särskilda yttranden|Särskilt yttrande|Jäv|Handlingar i ärendet|"
    r"Ärendets tidigare behandling|Beslutsunderlag|Expedieras(?: till)?|Justering|Paragrafen justeras)"
    r"[*_\s:]*$",
    re.IGNORECASE,
)
# the parts of a paragraph that a reader asks for, by heading or by sentence
KINDS = {"beslut": "beslut", "beslutsgång": "beslut", "reservation": "reservation",
         "reservationer": "reservation", "omröstning": "omröstning", "omröstningsresultat": "omröstning",
         "jäv": "jäv"}
JAV_RE = re.compile(r"\bjäv\b|\bjävig", re.IGNORECASE)
RESERVATION_RE = re.compile(r"\breserver(?:ar|ade|at)\b|\breservation\b", re.IGNORECASE)
OMROSTNING_RE = re.compile(r"\bomröstning\b", re.IGNORECASE)
TITLE_MAX_LINES = 3


@dataclass
class Paragraph:
    number: int
    first: int  # line index of the § heading
    last: int
    title: str
    diarienummer: str | None
    kinds: list[str] = field(default_factory=list)  # beslut, reservation, jäv, omröstning

    @property
    def label(self) -> str:
        return f"§ {self.number}"


def _heading(line: Line) -> tuple[int, str] | None:
    m = PARAGRAPH_RE.match(line.text)
    if not m or LEADERS_RE.search(line.text):
        return None
    rest = m.group(2)
    if rest and not (diarienummer(rest) or DNR_LABEL_RE.match(rest) or rest[0].isupper()):
        return None  # "§ 64 i stadsutvecklingsutskottet" wrapped to a line start
    return int(m.group(1)), rest


def find_paragraphs(lines: list[Line], skip: set[int]) -> list[Paragraph]:
    """The paragraphs in order. A number listed twice (a table of contents without leaders)
    counts where it stands last; numbers must rise."""
    found: dict[int, tuple[int, str]] = {}
    for line in lines:
        if line.idx in skip or line.blank:
            continue
        got = _heading(line)
        if got:
            found[got[0]] = (line.idx, got[1])
    ordered: list[tuple[int, int, str]] = []
    for number, (idx, rest) in sorted(found.items(), key=lambda kv: kv[1][0]):
        if ordered and number <= ordered[-1][0]:
            continue
        ordered.append((number, idx, rest))
    out = []
    for k, (number, idx, rest) in enumerate(ordered):
        last = ordered[k + 1][1] - 1 if k + 1 < len(ordered) else len(lines) - 1
        dnr, title = _dnr_and_title(lines, idx, last, rest, skip)
        out.append(Paragraph(number, idx, last, title, dnr, _kinds(lines, idx, last)))
    return out


def _dnr_and_title(lines: list[Line], idx: int, last: int, rest: str, skip: set[int]) -> tuple[str | None, str]:
    dnr = diarienummer(rest)
    title_bits: list[str] = []
    if rest:
        tail = _beside_dnr(rest, dnr)
        if tail:
            title_bits.append(tail)
    for line in lines[idx + 1 : last + 1]:
        if line.idx in skip:
            continue
        if line.blank:
            if title_bits:
                break
            continue
        text = clean(line.text).strip("*_# ")
        if dnr is None and (DNR_LABEL_RE.match(text) or (not title_bits and diarienummer(text) == text)):
            dnr = diarienummer(text)
            rest_of = _beside_dnr(text, dnr)
            if rest_of:
                title_bits.append(rest_of)
            continue
        if SECTION_RE.match(line.text) or len(title_bits) >= TITLE_MAX_LINES:
            break
        title_bits.append(text)
        if text.endswith((".", ":")):
            break
    return dnr, clean(" ".join(title_bits)).rstrip(".")


def _beside_dnr(text: str, dnr: str | None) -> str:
    """What stands beside a Dnr on a heading line: "Dnr KS 2020/12 Detaljplan" → "Detaljplan"."""
    text = clean(text)
    if dnr:
        at = " ".join(text.split()).find(dnr)
        if at >= 0:
            text = (text[:at] + " " + text[at + len(dnr):]).strip()
        text = re.sub(r"^(?:Dnr|Diarienr|Diarienummer)\b[.:]?\s*", "", text, flags=re.IGNORECASE)
    return text.strip(" :–-")


def _kinds(lines: list[Line], first: int, last: int) -> list[str]:
    kinds: list[str] = []
    for line in lines[first : last + 1]:
        m = SECTION_RE.match(line.text)
        kind = KINDS.get(m.group(1).lower()) if m else None
        if kind is None and not m:
            text = line.text
            if JAV_RE.search(text):
                kind = "jäv"
            elif RESERVATION_RE.search(text):
                kind = "reservation"
            elif OMROSTNING_RE.search(text):
                kind = "omröstning"
        if kind and kind not in kinds:
            kinds.append(kind)
    order = ["beslut", "reservation", "jäv", "omröstning"]
    return sorted(kinds, key=order.index)


def paragraph_contexts(lines: list[Line], first: int, last: int) -> list:
    """Line contexts inside one paragraph: its headings are sections (soft breaks), a line
    naming a jäv opens a "Jäv" section; the § heading itself opens the unit."""
    from .sections import LineContext  # sections needs structure, which needs this module

    out: list[LineContext] = []
    section: str | None = None
    for line in lines[first : last + 1]:
        ctx = LineContext()
        m = SECTION_RE.match(line.text)
        if line.idx == first:
            ctx.hard_break = True
        elif m:
            section = clean(m.group(1))
            section = section[0].upper() + section[1:]
            ctx.soft_break = True
        elif JAV_RE.search(line.text) and section != "Jäv":
            section = "Jäv"
            ctx.soft_break = True
        ctx.section = section
        out.append(ctx)
    return out
