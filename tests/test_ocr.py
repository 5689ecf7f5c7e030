"""Scanned PDFs: detected, read by OCR when tesseract is here, cited into their OCR text,
never read twice, and reported with the install line when tesseract is missing."""

import json
import shutil

import pytest
from click.testing import CliRunner

from osnqa.citecheck import CitationChecker
from osnqa.cli import main
from osnqa.errors import ExtractionError
from osnqa.index.store import open_index
from osnqa.indexer import ingest
from osnqa.ingest import ocr
from osnqa.ingest.extract import extract
from pdfgen import make_pdf, make_scanned_pdf

SCANNED = [
    ["Omsorgsnämndens protokoll 2024", "Paragraf 12. Nämnden beslutar att anta budgeten.",
     "Sjukfrånvaron var 7,65 procent under perioden."],
    ["Kostnaden för hemtjänsten ökade med 4,2 miljoner kronor under året."],
]
MIXED = [
    ["Delårsrapport för äldreomsorgen 2024", "Resultatet blev 12 miljoner kronor för helåret."],
    ["Bilaga: Antalet brukare i särskilt boende var 318 personer i augusti."],
]

has_tesseract = pytest.mark.skipif(ocr.engine() is None, reason="tesseract med svenska (swe) saknas")


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path):
    monkeypatch.setenv("OSNQA_TESSERACT", str(tmp_path / "finns-inte" / "tesseract"))


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "skannad.pdf").write_bytes(make_scanned_pdf(SCANNED))
    (corpus / "blandad.pdf").write_bytes(make_scanned_pdf(MIXED, text_pages=(0,)))
    (corpus / "anteckning.txt").write_text("Omsorgsnämnden\n\nBudgeten för 2025 är 410 miljoner kronor.\n",
                                           encoding="utf-8")
    return corpus


def test_a_page_without_text_that_draws_is_scanned_and_a_blank_page_is_not(tmp_path, no_tesseract):
    scan = tmp_path / "s.pdf"
    scan.write_bytes(make_scanned_pdf(MIXED, text_pages=(0,)))
    blank = tmp_path / "b.pdf"
    blank.write_bytes(make_pdf([[], ["Bara en rad med riktig text på andra sidan av dokumentet."]]))
    assert ocr.scanned_pages(scan, [1]) == [1]
    assert ocr.scanned_pages(blank, [0]) == []
    # without tesseract the text page is read and the scanned one named; a blank page is only empty
    doc = extract(scan)
    assert "12 miljoner" in doc.units[0] and doc.units[1] == "" and doc.ocr_pages == []
    assert any("sidor utan text: 2 (skannade sidor" in w for w in doc.warnings)
    plain = extract(blank)
    assert "sidor utan text: 1" in plain.warnings


def test_a_large_page_is_rendered_at_a_lower_dpi_and_a_normal_one_at_300(tmp_path):
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(2384, 3370)  # A0 in points
    buf = io.BytesIO()
    doc.save(buf)
    big = tmp_path / "a0.pdf"
    big.write_bytes(buf.getvalue())
    pgm, dpi = ocr.render_pgm(big, 0)
    width, height = map(int, pgm.split(b"\n")[1].split())
    assert dpi < ocr.DPI and max(width, height) <= ocr.MAX_PIXELS
    a4 = tmp_path / "a4.pdf"
    a4.write_bytes(make_scanned_pdf(SCANNED[:1]))
    pgm, dpi = ocr.render_pgm(a4, 0)
    assert dpi == ocr.DPI and pgm.split(b"\n")[1] == b"2480 3509"  # 595 x 842 pt at 300 dpi


def test_the_paragraph_sign_tesseract_reads_as_a_dollar_is_put_back():
    assert ocr.tidy("$ 12 Dnr KFKS 2018/3\nenligt $ 4 och ($7)\n$ I Anmälningar") == (
        "§ 12 Dnr KFKS 2018/3\nenligt § 4 och (§7)\n§ I Anmälningar")
    assert ocr.tidy("kostar 5 $ och US$ 4, $ Index") == "kostar 5 $ och US$ 4, $ Index"


def test_without_tesseract_the_scan_gets_one_line_with_the_install_step_and_the_rest_is_ingested(
        tmp_path, no_tesseract):
    report = ingest([_corpus(tmp_path)], tmp_path / "index", model="hash")
    assert [d.file for d in report.documents] == ["anteckning.txt", "blandad.pdf"]
    assert [s.file for s in report.skipped] == ["skannad.pdf"]
    reason = report.skipped[0].reason
    assert "skannad" in reason and "apt-get install tesseract-ocr tesseract-ocr-swe" in reason
    mixed = report.documents[1]
    assert mixed.ocr_pages == 0
    assert any("sidor utan text: 2" in w and "tesseract saknas" in w for w in mixed.warnings)


def test_no_ocr_turns_ocr_off_and_says_so(tmp_path):
    corpus = _corpus(tmp_path)
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--index", str(tmp_path / "ix"), "--no-ocr", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["file"] for s in data["skipped"]] == ["skannad.pdf"]
    assert "--no-ocr" in data["skipped"][0]["reason"]
    assert data["ocr_read"] == 0
    assert not (tmp_path / "ix" / ocr.OCR_DIR).exists()


def test_text_prints_the_indexed_text_that_offsets_point_into(built_index):
    index = open_index(built_index)
    runner = CliRunner()
    for doc in index.documents[:3]:
        texts = index.texts(doc.file)
        result = runner.invoke(main, ["text", doc.file, "--index", str(built_index), "--json"])
        assert result.exit_code == 0, result.output
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert [x["text"] for x in lines] == [t.text for t in texts]
        assert all(x["ocr"] is False and x["file"] == doc.file for x in lines)
    for p in index.all_passages():
        unit = index.texts(p.source.file)
        text = unit[p.source.page - 1].text if unit[0].page else unit[0].text
        assert text[p.source.start : p.source.end] == p.text
    missing = runner.invoke(main, ["text", "finns-inte.pdf", "--index", str(built_index)])
    assert missing.exit_code == 1 and "osnqa docs" in missing.stderr


@has_tesseract
def test_scanned_pdf_is_read_searchable_and_cited_into_its_ocr_text(tmp_path):
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    report = ingest([corpus], index_dir, model="hash")
    assert not report.skipped
    assert report.ocr_read == 3 and report.ocr_reused == 0
    index = open_index(index_dir)
    docs = {d.file: d for d in index.documents}
    assert docs["skannad.pdf"].ocr_pages == 2 and docs["blandad.pdf"].ocr_pages == 1
    assert docs["anteckning.txt"].ocr_pages == 0

    pages = index.texts("skannad.pdf")
    assert [p.ocr for p in pages] == [True, True]
    assert "7,65 procent" in pages[0].text and "4,2 miljoner" in pages[1].text
    for p in index.all_passages():
        if p.source.file == "anteckning.txt":
            assert not p.source.ocr
            continue
        page = index.texts(p.source.file)[p.source.page - 1]
        assert page.text[p.source.start : p.source.end] == p.text
        assert p.source.ocr == page.ocr
    mixed = index.texts("blandad.pdf")
    assert [p.ocr for p in mixed] == [False, True] and "318 personer" in mixed[1].text

    runner = CliRunner()
    shown = runner.invoke(main, ["text", "skannad.pdf", "--page", "2", "--index", str(index_dir), "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout) == {"file": "skannad.pdf", "page": 2, "ocr": True, "text": pages[1].text}
    raw = runner.invoke(main, ["text", "skannad.pdf", "--page", "2", "--index", str(index_dir)])
    assert raw.stdout == pages[1].text and "OCR" in raw.stderr

    hits = runner.invoke(main, ["search", "hemtjänsten kostnad miljoner", "--index", str(index_dir), "--json"])
    top = json.loads(hits.stdout)["hits"][0]
    assert top["source"]["file"] == "skannad.pdf" and top["source"]["ocr"] is True

    answer = runner.invoke(main, ["ask", "Hur mycket ökade kostnaden för hemtjänsten?", "--index", str(index_dir)])
    assert answer.exit_code == 0, answer.output
    assert "4,2 miljoner" in answer.stdout
    assert "OCR" in answer.stdout and "osnqa text skannad.pdf --page 2" in " ".join(answer.stdout.split())

    checker = CitationChecker(index)  # re-reads the files; scanned pages from the OCR cache
    for p in index.all_passages():
        checker.check(p.text, p.source, p.id)
    assert checker.result.checked == index.size and not checker.result.broken

    docs_json = json.loads(runner.invoke(main, ["docs", "--index", str(index_dir), "--json"]).stdout)
    assert {d["file"]: d["ocr_pages"] for d in docs_json["documents"]} == {
        "anteckning.txt": 0, "blandad.pdf": 1, "skannad.pdf": 2}


@has_tesseract
def test_an_unchanged_scanned_file_is_never_read_by_ocr_again(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    first = ingest([corpus], index_dir, model="hash")
    assert first.ocr_read == 3
    first_text = open_index(index_dir).texts("skannad.pdf")

    again = ingest([corpus], index_dir, model="hash")
    assert "skannad.pdf" in again.unchanged and again.ocr_read == 0

    # a rebuild re-reads every file, and takes the OCR text from the cache: even with no tesseract
    monkeypatch.setenv("OSNQA_TESSERACT", str(tmp_path / "finns-inte"))
    rebuilt = ingest([corpus], index_dir, model="hash", rebuild=True)
    assert rebuilt.ocr_read == 0 and rebuilt.ocr_reused == 3 and not rebuilt.skipped
    assert open_index(index_dir).texts("skannad.pdf") == first_text

    # a file that leaves the index takes its cached OCR text with it
    (corpus / "skannad.pdf").unlink()
    ingest([corpus], index_dir, model="hash")
    cached = {p.stem for p in (index_dir / ocr.OCR_DIR).glob("*.json")}
    assert cached == {d.sha256 for d in open_index(index_dir).documents if d.ocr_pages}


@has_tesseract
def test_extract_of_a_scan_without_the_cache_reads_it_and_a_broken_tesseract_is_reported(tmp_path, monkeypatch):
    scan = tmp_path / "skannad.pdf"
    scan.write_bytes(make_scanned_pdf(SCANNED))
    doc = extract(scan, ocr=ocr.OcrOptions(workers=2))
    assert doc.ocr_pages == [1, 2] and doc.ocr_read == 2
    assert "Nämnden beslutar att anta budgeten" in doc.units[0]

    # a tesseract that runs but fails on every page: the file is refused with the reason
    fake = tmp_path / "bin" / "tesseract"
    fake.parent.mkdir()
    real = shutil.which("tesseract")
    fake.write_text(f'#!/bin/sh\nif [ "$1" = --list-langs ] || [ "$1" = --version ]; then exec {real} "$@"; fi\n'
                    'echo "Error: kan inte läsa bilden" >&2; exit 1\n')
    fake.chmod(0o755)
    monkeypatch.setenv("OSNQA_TESSERACT", str(fake))
    with pytest.raises(ExtractionError) as err:
        extract(scan)
    assert "OCR misslyckades" in err.value.reason and "kan inte läsa bilden" in err.value.reason
