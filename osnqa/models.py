"""Small data objects with stable locators. JSON shapes follow docs/cli-contract."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where a passage or a quote stands: `extracted_text[start:end]` is the exact text."""

    file: str
    document: str
    part: str
    part_title: str | None
    namnd: str | None
    diarienummer: str | None
    date: str | None
    year: int | None
    page: int | None
    line_start: int
    line_end: int
    start: int
    end: int
    fokusmal: int | None = None
    uppdrag: int | None = None
    section: str | None = None
    paragraph: str | None = None  # "§ 24" in a protokoll
    ocr: bool = False  # the text was read by OCR from a scanned page

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Source":
        fields = {k: data.get(k) for k in cls.__dataclass_fields__}
        fields["ocr"] = bool(fields["ocr"])
        return cls(**fields)

    def locator(self) -> str:
        """Human locator in Swedish: document, part or §, page or lines, and the file."""
        where = f"s. {self.page}" if self.page else f"rad {self.line_start}–{self.line_end}"
        part = self.paragraph or self.part
        return f"{self.document or self.file}, {part}, {where} ({self.file})"


@dataclass(frozen=True)
class Passage:
    id: str
    text: str  # the exact slice of the extracted text
    context: str  # headings and table headers the slice needs to be understood
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "context": self.context, "source": self.source.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Passage":
        return cls(data["id"], data["text"], data.get("context", ""), Source.from_dict(data["source"]))


@dataclass
class PartInfo:
    part: str
    title: str
    date: str | None = None
    diarienummer: str | None = None
    namnd: str | None = None
    year: int | None = None
    handlaggare: list[str] = field(default_factory=list)
    paragraph: str | None = None  # "§ 24" in a protokoll
    kinds: list[str] = field(default_factory=list)  # what the paragraph holds: beslut, reservation, jäv, omröstning

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocumentInfo:
    file: str
    title: str
    namnd: str | None
    diarienummer: str | None
    date: str | None
    year: int | None
    pages: int | None
    passages: int
    parts: list[PartInfo]
    sha256: str
    warnings: list[str] = field(default_factory=list)
    kind: str | None = None  # "protokoll", "tjänsteskrivelse" when the document says so
    ocr_pages: int = 0  # pages whose text was read by OCR

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DocumentInfo":
        parts = [PartInfo(**{k: v for k, v in p.items() if k in PartInfo.__dataclass_fields__})
                 for p in data.get("parts", [])]
        fields = {k: data.get(k) for k in cls.__dataclass_fields__ if k != "parts"}
        fields["warnings"] = fields.get("warnings") or []
        fields["ocr_pages"] = fields.get("ocr_pages") or 0
        return cls(parts=parts, **fields)


@dataclass
class Assignment:
    year: int | None
    uppdrag: int
    title: str
    namnder: list[str] | None
    fokusmal: int | None
    status: str | None
    comment: str | None
    atgarder: list[str]
    source: Source
    lineage: str | None = None  # id shared by the same assignment across years

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["source"] = self.source.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Assignment":
        fields = {k: data.get(k) for k in cls.__dataclass_fields__ if k != "source"}
        fields["atgarder"] = fields.get("atgarder") or []
        return cls(source=Source.from_dict(data["source"]), **fields)


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "reason": self.reason}
