"""The text of a document exactly as indexed: what `start`/`end` of its passages index."""

from __future__ import annotations

from pathlib import PurePosixPath

from .errors import OsnqaError
from .index.store import Index, UnitText


def find_file(index: Index, file: str) -> str:
    """The indexed name for FILE: the name itself, or the one document whose path ends with it."""
    names = [d.file for d in index.documents]
    if file in names:
        return file
    wanted = PurePosixPath(file.replace("\\", "/"))
    matches = [n for n in names if PurePosixPath(n).parts[-len(wanted.parts):] == wanted.parts]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise OsnqaError(f"{file}: flera dokument i indexet heter så ({', '.join(matches)}) – ange hela namnet")
    raise OsnqaError(f"{file}: finns inte i indexet – se osnqa docs för namnen")


def document_text(index: Index, file: str, page: int | None = None) -> list[UnitText]:
    """The indexed texts of one document: every page of a PDF, or one page with `page`; a text
    file's whole text (its offsets run over the whole file, so `page` does not cut it)."""
    name = find_file(index, file)
    units = index.texts(name)
    if not units:
        raise OsnqaError(f"{name}: indexet saknar dokumentets text – kör osnqa ingest --rebuild")
    if page is None or units[0].page is None:
        return units
    if not 1 <= page <= len(units):
        raise OsnqaError(f"{name}: har {len(units)} sidor – välj --page 1–{len(units)}")
    return [units[page - 1]]
