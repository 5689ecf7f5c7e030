"""The citation invariant checked from outside: each quote is re-read from the document the
index was built from, extracted anew, at the citation's page and offsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractionError
from .index.store import Index
from .ingest.extract import extract
from .ingest.ocr import OCR_DIR, OcrOptions
from .models import Source


@dataclass
class CitationCheck:
    checked: int = 0
    broken: list[dict] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # files no longer where they were ingested from


class CitationChecker:
    def __init__(self, index: Index):
        self.roots: dict[str, str] = index.manifest.get("roots", {})
        self.hashes: dict[str, str] = index.manifest.get("files", {})
        self._units: dict[str, list[str] | None] = {}
        self._kinds: dict[str, str] = {}
        self.result = CitationCheck()
        self._ocr = OcrOptions(cache_dir=index.root / OCR_DIR)  # scanned pages: the OCR text ingest read

    def _unit(self, source: Source) -> str | None:
        name = source.file
        if name not in self._units:
            path = Path(self.roots.get(name, "")) / name
            try:
                doc = extract(path, name, self._ocr)
            except (ExtractionError, OSError):
                doc = None
            if doc is None or (self.hashes.get(name) and doc.sha256 != self.hashes[name]):
                self._units[name] = None  # gone or changed since ingest: cannot be checked
            else:
                self._units[name] = doc.units
                self._kinds[name] = doc.kind
        units = self._units[name]
        if units is None:
            return None
        if self._kinds[name] == "pdf":
            return units[source.page - 1] if source.page and 0 < source.page <= len(units) else ""
        return units[0]

    def check(self, quote: str, source: Source, where: str) -> None:
        unit = self._unit(source)
        if unit is None:
            self.result.unreadable.add(source.file)
            return
        self.result.checked += 1
        if unit[source.start : source.end] != quote:
            self.result.broken.append({"id": where, "file": source.file, "start": source.start,
                                       "end": source.end, "quote": quote[:80]})

    def check_all(self, citations, where: str) -> None:
        for c in citations:
            self.check(c.quote, c.source, where)
