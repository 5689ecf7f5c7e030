"""Documents of other municipalities: front matter, protokoll paragraphs, metadata from the
first page, and pages that text files mark in words."""

from osnqa.ingest.extract import extract
from osnqa.ingest.reader import read_document
from pdfgen import make_pdf

KUNGSBACKA_MD = """---
kommun: kungsbacka
organ: Kommunstyrelsen
typ: protokoll
datum: 2024-03-12
namn: Kommunstyrelsens protokoll 12 mars 2024
---

<!-- sida 1 -->
# Kommunstyrelsen

Sammanträdesdatum 2024-03-12

Närvarande: ordförande Anna Andersson (M) och åtta ledamöter.

<!-- sida 2 -->
## § 12 Dnr KS 2024/101
### Detaljplan för Kolla parkstad

**Beslut**

Kommunstyrelsen antar detaljplanen för Kolla parkstad.

**Jäv**

Per Persson (S) anmäler jäv och deltar inte i handläggningen.

**Omröstning**

Omröstning begärs och verkställs. Sju röster för bifall och två för avslag.

<!-- sida 3 -->
**Reservation**

Eva Eriksson (V) reserverar sig mot beslutet till förmån för eget yrkande.

## § 13 Dnr KS 2024/115
### Taxa för bygglov 2024

**Beslut**

Kommunstyrelsen föreslår kommunfullmäktige att anta taxan för bygglov.
"""


def test_markdown_protokoll_front_matter_paragraphs_and_page_markers(tmp_path):
    path = tmp_path / "ks-2024-03-12.md"
    path.write_text(KUNGSBACKA_MD, encoding="utf-8")
    result = read_document(path)
    doc = result.document
    assert doc.title == "Kommunstyrelsens protokoll 12 mars 2024"
    assert (doc.namnd, doc.date, doc.year, doc.kind) == ("Kommunstyrelsen", "2024-03-12", 2024, "protokoll")
    paragraphs = {p.paragraph: p for p in doc.parts if p.paragraph}
    assert list(paragraphs) == ["§ 12", "§ 13"]
    assert paragraphs["§ 12"].diarienummer == "KS 2024/101"
    assert paragraphs["§ 12"].title == "Detaljplan för Kolla parkstad"
    assert paragraphs["§ 12"].kinds == ["beslut", "reservation", "jäv", "omröstning"]
    assert paragraphs["§ 13"].kinds == ["beslut"]

    text = extract(path).units[0]
    for p in result.passages:
        assert text[p.source.start : p.source.end] == p.text
        assert "kommun: kungsbacka" not in p.text and "<!-- sida" not in p.text
    reservation = next(p for p in result.passages if "reserverar sig" in p.text)
    assert reservation.source.paragraph == "§ 12" and reservation.source.page == 3
    assert reservation.source.diarienummer == "KS 2024/101"
    assert "Taxa för bygglov" not in reservation.text  # a passage never crosses a §
    taxa = next(p for p in result.passages if "taxan för bygglov" in p.text)
    assert taxa.source.paragraph == "§ 13" and taxa.source.page == 3
    opening = next(p for p in result.passages if "Närvarande" in p.text)
    assert opening.source.paragraph is None and opening.source.page == 1


def _nacka_protokoll() -> bytes:
    def head(n: int) -> list[str]:
        return [f" {n} (4)", " 13 maj 2019", " SAMMANTRÄDESPROTOKOLL", " Kommunstyrelsen",
                "Ordförandes signatur Justerandes signatur"]
    return make_pdf([
        head(1) + ["Plats och tid Nacka stadshus kl 15.00-16.10", "Paragrafer §§ 135-137"],
        head(2) + ["Innehållsförteckning", "§ 135 KFKS 2019/475 ................................ 3",
                   "Nedläggning av Fisksätraskolan ....................... 3",
                   "§ 136 KFKS 2019/476 ................................ 3", "§ 137 KFKS 2019/1 ........ 4"],
        head(3) + ["§ 135 KFKS 2019/475", "Nedläggning av Fisksätraskolan samt Fisksätraskolans", "förskola",
                   "Beslut", "Kommunstyrelsen beslutar att ärendet bordläggs.",
                   "- - - - -", "§ 136 KFKS 2019/476", "Överlåtelse av Fisksätraskolan", "Beslut",
                   "Kommunstyrelsen beslutar att ärendet bordläggs till den 3 juni 2019.",
                   "Cathrin Bergenstråhle (M) deltog inte i behandlingen på grund av jäv."],
        head(4) + ["§ 137 KFKS 2019/1", "Anmälningar", "Beslut", "Kommunstyrelsen noterar anmälningarna till protokollet.",
                   "Reservationer", "Sidney Holm (MP) reserverade sig mot beslutet."],
    ])


def test_pdf_protokoll_meeting_date_body_and_paragraphs(tmp_path):
    path = tmp_path / "protokoll.pdf"
    path.write_bytes(_nacka_protokoll())
    result = read_document(path)
    doc = result.document
    assert (doc.kind, doc.namnd, doc.date, doc.year) == ("protokoll", "Kommunstyrelsen", "2019-05-13", 2019)
    paragraphs = [p for p in doc.parts if p.paragraph]
    # the table of contents (dot leaders) opens no paragraph
    assert [(p.paragraph, p.diarienummer) for p in paragraphs] == [
        ("§ 135", "KFKS 2019/475"), ("§ 136", "KFKS 2019/476"), ("§ 137", "KFKS 2019/1")]
    assert paragraphs[0].title == "Nedläggning av Fisksätraskolan samt Fisksätraskolans förskola"
    assert paragraphs[1].kinds == ["beslut", "jäv"]
    assert paragraphs[2].kinds == ["beslut", "reservation"]
    units = extract(path).units
    for p in result.passages:
        assert units[p.source.page - 1][p.source.start : p.source.end] == p.text
        assert "SAMMANTRÄDESPROTOKOLL" not in p.text
    bordlaggs = [p for p in result.passages if "bordläggs" in p.text]
    assert {p.source.paragraph for p in bordlaggs} == {"§ 135", "§ 136"}
    assert all(p.text.count("§ 13") <= 1 for p in result.passages if p.source.paragraph)


def test_a_report_takes_its_year_from_its_date_not_from_a_goal(tmp_path):
    path = tmp_path / "rapport.pdf"
    body = ["Stadsrevisionen", "Missiv till ansvariga nämnder",
            "Revisorerna har avslutat granskningen av arbetet med energieffektivisering.",
            "Målet är att energianvändningen ska minska med 30 procent till 2030.",
            "År 2030 ska staden vara klimatneutral och 2030 års mål ska nås.",
            "Göteborg den 18 november 2025"]
    path.write_bytes(make_pdf([body]))
    doc = read_document(path).document
    assert doc.date == "2025-11-18" and doc.year == 2025
    assert doc.title == "Granskning av arbetet med energieffektivisering"
    assert doc.namnd == "Stadsrevisionen"


def test_a_memo_header_gives_date_dnr_body_and_title(tmp_path):
    path = tmp_path / "tjskr.pdf"
    path.write_bytes(make_pdf([[" 1 (1)", " 2019-05-13", " TJÄNSTESKRIVELSE", " KFKS 2019/476", "Kommunstyrelsen",
                                "Överlåtelse av Fisksätraskolan", "Förslag till beslut",
                                "Kommunfullmäktige beslutar att sälja fastigheten."]]))
    doc = read_document(path).document
    assert (doc.title, doc.diarienummer, doc.date, doc.namnd, doc.kind) == (
        "Överlåtelse av Fisksätraskolan", "KFKS 2019/476", "2019-05-13", "Kommunstyrelsen", "tjänsteskrivelse")


def test_running_page_marks_give_pages_to_a_text_file(tmp_path):
    pages = [f"Kommunstyrelsen\nSida {n} (3)\nAvsnitt {n} handlar om budgeten för område {n}.\n" for n in (1, 2, 3)]
    path = tmp_path / "plan.txt"
    path.write_text("".join(pages), encoding="utf-8")
    result = read_document(path)
    assert result.document.pages == 3
    found = {p.source.page for p in result.passages if "Avsnitt 2" in p.text}
    assert found == {2}
    # the running header above each page number opens its page and stays out of passages
    assert not any("Kommunstyrelsen" in p.text or "Sida" in p.text for p in result.passages)
    lines = path.read_text(encoding="utf-8").split("\n")
    from osnqa.ingest.extract import text_segments
    assert [s.page for s in text_segments("\n".join(lines))] == [1, 2, 3]
    assert ["\n".join(lines)[s.start:].split("\n", 1)[0] for s in text_segments("\n".join(lines))] == [
        "Kommunstyrelsen"] * 3
    text = path.read_text(encoding="utf-8")
    assert all(text[p.source.start : p.source.end] == p.text for p in result.passages)


def test_stray_page_marks_give_no_pages(tmp_path):
    path = tmp_path / "utdrag.txt"
    filler = "Ett stycke text om verksamheten.\n" * 20
    path.write_text(f"{filler}Sida 4 (27)\n{filler}Sida 17 (27)\n{filler}", encoding="utf-8")
    result = read_document(path)
    assert result.document.pages is None
    assert {p.source.page for p in result.passages} == {None}


def test_a_horizontal_rule_is_no_front_matter(tmp_path):
    path = tmp_path / "anteckning.md"
    path.write_text("---\nDet här är en vanlig text om budgeten.\n---\nMer text om budgeten.\n", encoding="utf-8")
    result = read_document(path)
    assert any("vanlig text" in p.text for p in result.passages)


def _protokoll_index(tmp_path):
    import json

    from click.testing import CliRunner

    from osnqa.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ks-2024-03-12.md").write_text(KUNGSBACKA_MD, encoding="utf-8")
    idx = tmp_path / "idx"

    def run(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    assert run("ingest", docs, "--index", idx).exit_code == 0
    return idx, run, json


def test_paragraph_and_namnd_filters_and_a_question_naming_a_paragraph(tmp_path):
    idx, run, json = _protokoll_index(tmp_path)
    got = json.loads(run("search", "beslut", "--index", idx, "--json", "--paragraph", "13").output)
    assert got["filters"]["paragraph"] == "§ 13"
    assert got["hits"] and {h["source"]["paragraph"] for h in got["hits"]} == {"§ 13"}
    got = json.loads(run("search", "detaljplan", "--index", idx, "--json", "--namnd", "kommunstyrelsen").output)
    assert got["filters"]["namnd"] == ["Kommunstyrelsen"] and got["hits"]
    missing = run("search", "detaljplan", "--index", idx, "--namnd", "Byggnämnden")
    assert missing.exit_code == 1 and "Kommunstyrelsen" in missing.output
    assert run("search", "beslut", "--index", idx, "--paragraph", "§ 99").exit_code == 1
    apart = run("search", "beslut", "--index", idx, "--paragraph", "§ 13", "--year", "2024", "--namnd", "Kommunstyrelsen")
    assert apart.exit_code == 0 and "Taxa för bygglov" in " ".join(apart.output.split())

    answer = json.loads(run("ask", "Vad beslutades i § 13?", "--index", idx, "--json").output)
    assert answer["citations"] and {c["source"]["paragraph"] for c in answer["citations"]} == {"§ 13"}
    human = run("ask", "Vad beslutades i § 13?", "--index", idx).output
    assert "Kommunstyrelsens protokoll 12 mars 2024 · § 13 Taxa för bygglov 2024" in " ".join(human.split())
    assert "fil ks-2024-03-12.md" in human


def test_paragraphs_with_their_dnr_make_a_protokoll_without_a_header_saying_so(tmp_path):
    path = tmp_path / "bun.md"
    path.write_text("# Byggnadsnämnden\n\nSammanträdesdatum 13 maj 2019\n\n"
                    "§ 4\nDnr BN 2019/7\nBygglov för förskola\n\nBeslut\n\nByggnadsnämnden beviljar bygglov.\n\n"
                    "§ 5\nDnr BN 2019/9\nRivningslov\n\nBeslut\n\nByggnadsnämnden avslår ansökan.\n", encoding="utf-8")
    doc = read_document(path).document
    assert (doc.kind, doc.namnd, doc.date, doc.year) == ("protokoll", "Byggnadsnämnden", "2019-05-13", 2019)
    assert [(p.paragraph, p.diarienummer, p.title) for p in doc.parts if p.paragraph] == [
        ("§ 4", "BN 2019/7", "Bygglov för förskola"), ("§ 5", "BN 2019/9", "Rivningslov")]


def test_a_full_date_in_a_title_is_not_the_period_it_reports(tmp_path):
    path = tmp_path / "motion.pdf"
    path.write_bytes(make_pdf([[" 1 (1)", " 2019-05-20", " TJÄNSTESKRIVELSE", " KFKS 2018/1099", "",
                                "Kommunstyrelsen", "Motion – Högstadieskola i Fisksätra",
                                "Motion den 19 november 2018 av Oscar Dahlström m.fl. (V)", "Förslag till beslut",
                                "Kommunfullmäktige avslår motionen."]]))
    doc = read_document(path).document
    assert doc.year == 2019 and doc.date == "2019-05-20"


def test_a_front_matter_name_that_is_a_body_is_no_title(tmp_path):
    path = tmp_path / "ks.md"
    path.write_text(KUNGSBACKA_MD.replace("namn: Kommunstyrelsens protokoll 12 mars 2024", "namn: Kommunstyrelsen"),
                    encoding="utf-8")
    doc = read_document(path).document
    assert doc.title == "Protokoll Kommunstyrelsen 2024-03-12"
