"""What a document says about itself on its first pages, for any municipality: its kind
(protokoll, tjänsteskrivelse), the body (nämnd, styrelse, utskott, revision), its date and
its diarienummer, read by general patterns rather than lists of names. Header lines that
page furniture drops from passages ("SAMMANTRÄDESPROTOKOLL", "13 maj 2019",
"Kommunstyrelsen") are read here first."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .frontmatter import pick
from .lines import Line
from .text_utils import MONTHS as MONTH_NAMES, clean

MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, start=1)}
ISO_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
WORD_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
# OSN-2024-00720, KFKS 2019/475, KFKS 2014/7-251, Dnr KFT-2025-00019, SRV-2025-00080, KS 2020/123
DNR_ANY_RE = re.compile(r"(?<![\w-])([A-ZÅÄÖ]{2,6}(?:-|\s)(?:19|20)\d\d[-/]\d{1,6}(?:-\d{1,4})?)(?![\w/])")
DNR_LABEL_RE = re.compile(r"\b(?:Dnr|Diarienr|Diarienummer|Ärendenummer)\b[.:]?\s*(\S.*)$", re.IGNORECASE)
# a body: "Kommunstyrelsen", "Kommunstyrelsens verksamhetsutskott", "Omsorgsnämnden",
# "Stadsrevisionen", "Göteborgs Stad kommunfullmäktige", "Nämnden för funktionsstöd"
BODY_RE = re.compile(
    r"^(?:[A-ZÅÄÖ][\wåäö\-]*\s+|och\s+){0,3}(?:[\wåäö\-]*(?:nämnd(?:en)?|styrelse(?:n|ns\s+[a-zåäö]*utskott)?|"
    r"fullmäktige|utskott(?:et)?|revision(?:en)?|revisorerna)|[Nn]ämnden för [a-zåäö\- ]+)$"
)
PROTOKOLL_RE = re.compile(r"^(?:sammanträdes)?protokoll(?:sutdrag)?\b|^utdrag ur protokoll", re.IGNORECASE)
MEMO_RE = re.compile(r"^tjänsteskrivelse$", re.IGNORECASE)
MEETING_DATE_RE = re.compile(r"^\s*Sammanträdesdatum\b[:\s]*(.*)$", re.IGNORECASE)
SIGNED_DATE_RE = re.compile(r"^[A-ZÅÄÖ][\wåäö]+(?:\s+[A-ZÅÄÖ][\wåäö]+)?\s+den\s+(\d{1,2}\s+\w+\s+(?:19|20)\d\d)")
ORGAN_LABEL_RE = re.compile(r"\b(?:Organisation|Organ|Nämnd|Beslutsinstans|Instans)\s*:\s*(.+?)\s*$")
DATE_LABEL_RE = re.compile(r"^\s*Datum\s*:?\s*$")
PAGE_NO_RE = re.compile(r"\s+(?:sida\s+|sid\s+)?\d{1,4}\s*\(\s*\d{1,4}\s*\)\s*$", re.IGNORECASE)
HEADER_LINES = 12  # non-blank lines at the top of page 1 that form its header


@dataclass
class SelfMeta:
    kind: str | None = None  # "protokoll", "tjänsteskrivelse"
    namnd: str | None = None
    date: str | None = None
    diarienummer: str | None = None
    title: str | None = None


def iso_date(text: str) -> str | None:
    """The first date in a text as YYYY-MM-DD: "2019-05-13" or "13 maj 2019"."""
    iso = ISO_DATE_RE.search(text)
    word = WORD_DATE_RE.search(text)
    if word and (not iso or word.start() < iso.start()):
        day, month, year = int(word.group(1)), MONTHS[word.group(2).lower()], int(word.group(3))
        if 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    if iso and 1 <= int(iso.group(2)) <= 12 and 1 <= int(iso.group(3)) <= 31:
        return iso.group(0)
    return None


def is_date_line(text: str) -> bool:
    """A line that is a date and nothing else (a header's "13 maj 2019", "2019-05-13")."""
    text = clean(text)
    return bool(text) and (ISO_DATE_RE.fullmatch(text) is not None or WORD_DATE_RE.fullmatch(text) is not None)


def diarienummer(text: str) -> str | None:
    m = DNR_ANY_RE.search(text)
    return " ".join(m.group(1).split()) if m else None


def body_name(text: str) -> str | None:
    """The body a short line names ("Kommunstyrelsen", "Göteborgs Stad kommunfullmäktige 1 (2)"
    → without its page number), else None; an address ("Till ...") names none."""
    text = PAGE_NO_RE.sub("", clean(text)).strip(" ,")
    if 0 < len(text.split()) <= 6 and BODY_RE.match(text) and not re.match(r"(?:Till|Från|Missiv|Kopia)\b", text):
        return text
    return None


def is_body(text: str) -> bool:
    return body_name(text) is not None


def _header(lines: list[Line], skip: set[int]) -> list[Line]:
    """The first non-blank lines of the document's first page (all of it when unpaged)."""
    first_page = next((l.page for l in lines if l.idx not in skip and not l.blank), None)
    out = []
    for line in lines:
        if line.idx in skip or line.blank:
            continue
        if line.page != first_page:
            break
        out.append(line)
        if len(out) >= HEADER_LINES:
            break
    return out


def read_self(lines: list[Line], skip: set[int], front: dict[str, str]) -> SelfMeta:
    """Kind, body, date, diarienummer and (for a protokoll) title, front matter first."""
    meta = SelfMeta()
    header = _header(lines, skip)
    typ = (pick(front, "typ", "type", "dokumenttyp", "handlingstyp") or "").lower()
    heads = [clean(l.text).lstrip("#*_ ").rstrip("*_ ") for l in header]
    if "protokoll" in typ or any(PROTOKOLL_RE.match(h) for h in heads):
        meta.kind = "protokoll"
    elif "tjänsteskrivelse" in typ or any(MEMO_RE.match(h) for h in heads):
        meta.kind = "tjänsteskrivelse"

    meta.namnd = pick(front, "organ", "nämnd", "namnd", "instans", "beslutsinstans")
    if meta.namnd is None:
        meta.namnd = next((body_name(h) for h in heads if is_body(h)), None)
    if meta.namnd is None:  # "Organisation: Kultur- och fritidsnämnden" in a report's header
        for line in lines[:80]:
            m = ORGAN_LABEL_RE.search(line.text)
            if m and line.idx not in skip:
                got = next((b for b in (body_name(x) for x in re.split(r"\s{3,}|\t", m.group(1))) if b), None)
                if got:
                    meta.namnd = got
                    break

    fm_date = pick(front, "datum", "date", "sammanträdesdatum", "mötesdatum")
    meta.date = iso_date(fm_date) if fm_date else None
    if meta.date is None and meta.kind == "protokoll":
        for line in lines[:600]:
            m = MEETING_DATE_RE.match(line.text)
            if m and iso_date(m.group(1)):
                meta.date = iso_date(m.group(1))
                break
    if meta.date is None:
        meta.date = next((iso_date(l.text) for l in header if is_date_line(l.text)), None)
    if meta.date is None:  # "Datum" on a line of its own, the date below it
        for line in lines[:40]:
            if DATE_LABEL_RE.match(line.text) and line.idx not in skip:
                meta.date = next((iso_date(n.text) for n in lines[line.idx + 1 : line.idx + 3] if iso_date(n.text)), None)
                if meta.date:
                    break
    if meta.date is None:
        for line in lines[:300]:  # "Göteborg den 18 november 2025" under a missive
            m = SIGNED_DATE_RE.match(clean(line.text))
            if m and iso_date(m.group(1)):
                meta.date = iso_date(m.group(1))
                break

    fm_dnr = pick(front, "diarienummer", "dnr", "diarienr", "ärendenummer")
    meta.diarienummer = (diarienummer(fm_dnr) or fm_dnr) if fm_dnr else None
    if meta.diarienummer is None and meta.kind != "protokoll":  # a protokoll's Dnr belong to its §§
        for line in header:
            label = DNR_LABEL_RE.search(line.text)
            got = diarienummer(label.group(1) if label else line.text)
            if got:
                meta.diarienummer = got
                break

    meta.title = pick(front, "titel", "title", "rubrik", "namn", "name")
    if meta.title and (is_body(meta.title) or is_date_line(meta.title)):
        meta.title = None  # "namn: Kommunstyrelsen" names the body, not the document
    if meta.title is None and meta.kind == "protokoll":
        bits = ["Protokoll", meta.namnd or "", meta.date or ""]
        meta.title = " ".join(b for b in bits if b)
    return meta
