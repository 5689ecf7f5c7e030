import pytest

from osnqa.errors import ExtractionError
from osnqa.ingest.extract import extract
from osnqa.ingest.reader import read_document
from pdfgen import encrypt, make_pdf


def test_text_is_kept_exactly_and_form_feed_is_a_page_break(tmp_path):
    text = "Första sidan.\r\nRad två.\fAndra sidan med 7,65 procent.\n"
    f = tmp_path / "doc.txt"
    f.write_bytes(text.encode("utf-8"))
    doc = extract(f)
    assert doc.units == [text]
    assert [s.page for s in doc.segments] == [1, 2]
    second = doc.segments[1]
    assert text[second.start : second.end] == "Andra sidan med 7,65 procent.\n"


def test_pdf_pages_are_one_based_and_cited_per_page(tmp_path):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(make_pdf([
        ["Omsorgsnämndens rapport 2024", "Resultatet blev 12 miljoner kronor för helåret."],
        ["Sjukfrånvaron var 7,65 procent under perioden januari till augusti."],
    ]))
    result = read_document(pdf)
    assert result.extracted.pages == 2
    by_page = {p.source.page: p for p in result.passages}
    assert set(by_page) == {1, 2}
    assert "7,65" in by_page[2].text
    for p in result.passages:
        unit = result.extracted.units[p.source.page - 1]
        assert unit[p.source.start : p.source.end] == p.text


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("tom.txt", b"", "tom"),
        ("latin1.txt", "Omsorgsnämnden årsbokslut".encode("latin-1"), "UTF-8"),
        ("bild.docx", b"PK\x03\x04 not really", "okänt filformat"),
        ("trasig.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer garbage", "trasig"),
        ("bara-blanksteg.txt", b"  \n\n \t", "ingen text"),
    ],
)
def test_bad_input_gets_one_clear_reason(tmp_path, name, content, words):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(ExtractionError) as err:
        extract(f)
    assert err.value.file == name
    assert words in err.value.reason
    assert "–" in err.value.reason  # the reason names the next step


def test_encrypted_pdf_is_refused_with_next_step(tmp_path):
    f = tmp_path / "last.pdf"
    f.write_bytes(encrypt(make_pdf([["Hemlig text om budgeten 2025."]])))
    with pytest.raises(ExtractionError) as err:
        extract(f)
    assert "krypterad" in err.value.reason


def test_image_only_pdf_is_never_indexed_as_empty_text(tmp_path):
    f = tmp_path / "skannad.pdf"
    f.write_bytes(make_pdf([[], [], []]))
    with pytest.raises(ExtractionError) as err:
        extract(f)
    assert "OCR" in err.value.reason
