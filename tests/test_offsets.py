"""The citation invariant: extracted_text[start:end] == text, for every passage."""

import pytest

from osnqa.errors import ExtractionError
from osnqa.ingest.reader import read_document

from conftest import CORPUS, SHARED_PDF


def check(result):
    assert result.passages, result.document.file
    for p in result.passages:
        s = p.source
        unit = result.extracted.units[s.page - 1] if result.extracted.kind == "pdf" else result.extracted.units[0]
        assert unit[s.start : s.end] == p.text
        assert unit.count("\n", 0, s.start) + 1 == s.line_start
        assert unit.count("\n", 0, s.end - 1) + 1 == s.line_end


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.is_file()))
def test_offsets_hold_for_the_corpus(name):
    check(read_document(CORPUS / name))


PDFS = sorted(SHARED_PDF.glob("*.pdf")) if SHARED_PDF.is_dir() else []


@pytest.mark.skipif(not PDFS, reason="../shared/pdf is not present in this checkout")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_offsets_hold_for_real_pdfs(path):
    try:
        result = read_document(path)
    except ExtractionError as exc:
        assert "IMAGE-ONLY" in path.name and "OCR" in exc.reason
        return
    check(result)
    pages = {p.source.page for p in result.passages}
    assert pages <= set(range(1, result.extracted.pages + 1))
    assert len(pages) > 1
