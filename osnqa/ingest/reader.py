"""One file in, its document record, passages and assignments out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..models import Assignment, DocumentInfo, Passage, PartInfo, Source
from .extract import Extracted, extract
from .ocr import OcrOptions
from .lines import build_lines
from .sections import LineContext, analyse_part
from .protokoll import paragraph_contexts
from .split import make_passages
from .structure import detect_structure
from .tables import table_headers


@dataclass
class ReadResult:
    document: DocumentInfo
    passages: list[Passage]
    assignments: list[Assignment]
    extracted: Extracted


def read_document(path: Path, name: str | None = None, ocr: OcrOptions | None = None) -> ReadResult:
    """Extract, structure and split one file. Raises ExtractionError for unusable input."""
    doc = extract(path, name, ocr)
    lines = build_lines(doc)
    structure = detect_structure(doc, lines)
    contexts: dict[int, LineContext] = {}
    records = []
    for part in structure.parts:
        if part.paragraph:
            for offset, c in enumerate(paragraph_contexts(lines, part.first, part.last)):
                contexts[part.first + offset] = c
            continue
        ctx, recs = analyse_part(lines, part, memo=part.part == "Tjänsteskrivelse")
        for offset, c in enumerate(ctx):
            contexts[part.first + offset] = c
        records.extend(recs)
    heads = table_headers(lines)
    passages = make_passages(doc, lines, structure, contexts, heads)

    primary = [r for r in records if r.primary]
    chosen = primary if primary else records
    assignments = []
    for rec in chosen:
        first, last = lines[rec.first_line], lines[rec.last_line]
        unit_text = doc.units[first.unit]
        start = first.start + (len(first.text) - len(first.text.lstrip()))
        end = last.end if last.unit == first.unit else len(unit_text)
        end = start + len(unit_text[start:end].rstrip())
        source = Source(
            file=doc.file, document=structure.title, part=rec.part.part, part_title=rec.part.title,
            namnd=rec.part.meta.namnd, diarienummer=rec.part.meta.diarienummer or structure.diarienummer,
            date=rec.part.meta.date or structure.date, year=rec.part.year, page=first.page,
            line_start=first.lineno, line_end=last.lineno, start=start, end=end,
            fokusmal=rec.fokusmal, uppdrag=rec.number, section=f"Uppdrag {rec.number}",
        )
        assignments.append(Assignment(
            year=rec.part.year, uppdrag=rec.number, title=rec.title, namnder=rec.namnder,
            fokusmal=rec.fokusmal, status=rec.status, comment=rec.comment, atgarder=rec.atgarder,
            source=source,
        ))

    if doc.ocr_pages:
        scanned = set(doc.ocr_pages)
        passages = [replace(p, source=replace(p.source, ocr=True)) if p.source.page in scanned else p
                    for p in passages]
        assignments = [replace(a, source=replace(a.source, ocr=True)) if a.source.page in scanned else a
                       for a in assignments]

    warnings = list(doc.warnings) + structure.warnings
    info = DocumentInfo(
        file=doc.file, title=structure.title, namnd=structure.namnd,
        diarienummer=structure.diarienummer, date=structure.date, year=structure.year,
        pages=doc.pages, passages=len(passages),
        parts=[
            PartInfo(p.part, p.title, p.meta.date, p.meta.diarienummer, p.meta.namnd, p.year, p.meta.handlaggare,
                     p.paragraph, p.kinds)
            for p in structure.parts
        ],
        sha256=doc.sha256, warnings=warnings, kind=structure.kind, ocr_pages=len(doc.ocr_pages),
    )
    return ReadResult(info, passages, assignments, doc)
