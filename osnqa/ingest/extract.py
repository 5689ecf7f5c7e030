"""Extraction: a file on disk becomes text units whose offsets citations point into.

A `.txt`/`.md` file is one unit, its UTF-8 text exactly as stored; a form feed in it is a
page break, and so are page markers (`<!-- sida 4 -->`, a running "Sida 4 (27)"). A PDF is one
unit per page, the text pypdf extracts from that page, or for a scanned page the text OCR
reads from it (see ocr.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExtractionError
from . import ocr as ocr_mod
from .ocr import OcrOptions
from .pagemarks import page_starts

TEXT_SUFFIXES = {".txt", ".md"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

# A PDF with fewer visible characters than this in total has no usable text layer.
MIN_PDF_CHARS = 40


@dataclass(frozen=True)
class Segment:
    """A stretch of one unit that lies on one page (page is None when unknown)."""

    unit: int
    start: int
    end: int
    page: int | None


@dataclass
class Extracted:
    file: str
    kind: str  # "text" or "pdf"
    units: list[str]
    segments: list[Segment]
    sha256: str
    pdf_title: str | None = None
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages whose text OCR read
    ocr_read: int = 0  # of those, pages tesseract read in this run (the rest came from the cache)

    @property
    def pages(self) -> int | None:
        if self.kind == "pdf":
            return len(self.units)
        marked = [s.page for s in self.segments if s.page is not None]
        return max(marked) if marked else None


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def extract(path: Path, name: str | None = None, ocr: OcrOptions | None = None) -> Extracted:
    """Read one file. Raises ExtractionError with a Swedish reason and a next step.
    Scanned PDF pages are read by OCR unless `ocr.enabled` is false."""
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractionError(
            name, f"okänt filformat '{suffix or '(inget)'}' – spara dokumentet som PDF, .txt eller .md"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(name, f"filen kan inte läsas ({exc.strerror}) – kontrollera behörigheterna") from exc
    if not data:
        raise ExtractionError(name, "filen är tom (0 byte) – ersätt den med rätt fil eller ta bort den")
    digest = hashlib.sha256(data).hexdigest()
    if suffix in TEXT_SUFFIXES:
        return _extract_text(name, data, digest)
    return _extract_pdf(name, path, digest, ocr or OcrOptions())


def text_segments(text: str) -> list[Segment]:
    """The pages of a text file: form feeds, else page markers (see pagemarks), else one
    segment with no page."""
    if "\f" in text:
        segments = []
        start = 0
        for page_no, chunk in enumerate(text.split("\f"), start=1):
            segments.append(Segment(0, start, start + len(chunk), page_no))
            start += len(chunk) + 1
        return segments
    starts = page_starts(text)
    if not starts:
        return [Segment(0, 0, len(text), None)]
    segments = []
    for k, (offset, page) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(text)
        segments.append(Segment(0, offset, max(offset, end), page))
    return segments


def _extract_text(name: str, data: bytes, digest: str) -> Extracted:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractionError(
            name,
            f"texten är inte UTF-8 (ogiltig byte vid position {exc.start}) – spara om filen som UTF-8",
        ) from exc
    if not text.strip():
        raise ExtractionError(name, "filen innehåller ingen text – ersätt den med rätt fil eller ta bort den")
    segments = text_segments(text)
    return Extracted(name, "text", [text], segments, digest)


def _extract_pdf(name: str, path: Path, digest: str, options: OcrOptions) -> Extracted:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs font and xref trouble it recovers from; the user needs none of it.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several kinds here
                ok = 0
            if not ok:
                raise ExtractionError(
                    name, "PDF:en är krypterad med lösenord – spara en olåst kopia och kör igen"
                )
        pages = list(reader.pages)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise ExtractionError(
            name, f"PDF:en kan inte läsas ({type(exc).__name__}) – filen är trasig; exportera den på nytt"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf has no single base error for broken files
        raise ExtractionError(
            name, f"PDF:en kan inte läsas ({type(exc).__name__}) – filen är trasig; exportera den på nytt"
        ) from exc
    if not pages:
        raise ExtractionError(name, "PDF:en har inga sidor – exportera den på nytt")

    units: list[str] = []
    warnings: list[str] = []
    for number, page in enumerate(pages, start=1):
        try:
            units.append(page.extract_text() or "")
        except Exception as exc:  # noqa: BLE001 - one bad page must not sink the document
            units.append("")
            warnings.append(f"sidan {number} kunde inte läsas ({type(exc).__name__})")
    ocr_pages, ocr_read, unread = _ocr(name, path, digest, units, warnings, options)
    visible = sum(len("".join(u.split())) for u in units)
    if visible < MIN_PDF_CHARS:
        if unread:
            raise ExtractionError(name, f"ingen textrad i PDF:en (skannad bild?) och {unread}")
        raise ExtractionError(
            name, "ingen textrad i PDF:en (skannad bild?) – kör OCR på filen först och lägg in resultatet"
        )
    empty = [str(i) for i, u in enumerate(units, start=1) if not u.strip()]
    if empty:
        note = f" (skannade sidor, men {unread})" if unread else ""
        warnings.append(f"sidor utan text: {', '.join(empty)}{note}")
    title = None
    try:
        meta = reader.metadata
        title = (meta.title or "").strip() if meta else None
    except Exception:  # noqa: BLE001 - broken metadata is not worth failing for
        title = None
    segments = [Segment(i, 0, len(u), i + 1) for i, u in enumerate(units)]
    return Extracted(name, "pdf", units, segments, digest, pdf_title=title or None, warnings=warnings,
                     ocr_pages=ocr_pages, ocr_read=ocr_read)


def _ocr(name: str, path: Path, digest: str, units: list[str], warnings: list[str],
         options: OcrOptions) -> tuple[list[int], int, str]:
    """Put OCR text in place of the (near) empty text layer of scanned pages.
    Returns (1-based OCR pages, pages tesseract read now, why scanned pages stayed unread:
    a Swedish clause with the next step, '' when none did)."""
    low = [i for i, u in enumerate(units) if len("".join(u.split())) < ocr_mod.MIN_PAGE_CHARS]
    if not low:
        return [], 0, ""
    try:
        scanned = ocr_mod.scanned_pages(path, low)
    except Exception:  # noqa: BLE001 - PDFium may refuse a file pypdf could read: no OCR then
        return [], 0, ""
    if not scanned:
        return [], 0, ""
    if not options.enabled:
        return [], 0, "OCR är avstängd (--no-ocr) – kör ingest utan --no-ocr för att läsa sidorna"
    result = ocr_mod.read_pages(path, digest, scanned, options)
    for i, text in result.texts.items():
        units[i] = text
    for i, reason in sorted(result.failed.items()):
        warnings.append(f"sidan {i + 1}: OCR misslyckades ({reason})")
    unread = ""
    if result.missing:
        unread = ocr_mod.missing_reason() + "; kör sedan ingest igen"
    elif result.failed:
        unread = f"OCR misslyckades ({next(iter(result.failed.values()))}) – kontrollera filen och kör igen"
    return sorted(i + 1 for i in result.texts), result.read, unread
