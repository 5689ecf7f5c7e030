from osnqa.ingest.reader import read_document

from conftest import CORPUS

DELAR_2025 = [1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 15, 16, 27, 28, 34, 35, 36, 38, 40, 41, 42, 43, 46]
BOKSLUT_2023 = [1, 3, 4, 5, 6, 8, 9, 10, 12, 15, 20, 22, 23, 24, 25, 27]


def read(name):
    return read_document(CORPUS / name)


def test_documents_have_year_reported_on_not_date_year():
    assert read("000_32b583a309147579.txt").document.year == 2025
    d2023 = read("001_63bd1cf8f94e9453.txt").document
    assert d2023.year == 2023
    assert d2023.diarienummer == "OSN-2023-00045"
    assert read("004_033a82616c42eb84.txt").document.year == 2025


def test_parts_of_the_2023_bundle():
    doc = read("001_63bd1cf8f94e9453.txt").document
    assert [p.part for p in doc.parts] == ["Tjänsteskrivelse", "Bilaga 1", "Bilaga 2", "Bilaga 3", "Bilaga 4"]
    assert doc.parts[1].title == "Ekonomiskt bokslut 2023"
    assert doc.parts[4].date == "2024-01-08"
    assert doc.parts[0].handlaggare == ["Daniel Rosenfeld, Magnus Bergman-Kyllönen"]


def test_each_part_keeps_its_own_diarienummer():
    doc = read("004_033a82616c42eb84.txt").document
    assert [p.part for p in doc.parts] == ["Tjänsteskrivelse", "Bilaga"]
    assert doc.parts[0].diarienummer == "OSN-2024-00635"
    assert doc.parts[1].diarienummer == "OSN-2025-00635"  # as the source says; not "fixed"


def test_assignments_2025_are_exactly_the_23_of_the_followup():
    result = read("000_32b583a309147579.txt")
    assert [a.uppdrag for a in result.assignments] == DELAR_2025
    by_no = {a.uppdrag: a for a in result.assignments}
    assert by_no[34].title == "Utveckla kommunens förmåga att förebygga och bekämpa ungdomsbrottslighet och kriminalitet."
    assert by_no[34].fokusmal == 4
    assert by_no[15].namnder == ["UBN", "KS", "AMN", "OSN", "ÄLN", "KTN"]
    assert by_no[34].comment.startswith("Samverkan med socialnämnden är påbörjad")


def test_assignments_2023_are_exactly_the_16_of_the_annual_report():
    result = read("001_63bd1cf8f94e9453.txt")
    assert [a.uppdrag for a in result.assignments] == BOKSLUT_2023
    by_no = {a.uppdrag: a for a in result.assignments}
    assert by_no[20].title.startswith("Utveckla kommunens förmåga att förebygga")
    assert by_no[27].title.startswith("Utveckla kommunens krisberedskap")
    assert by_no[25].status == "Uppdraget är färdigt."
    assert by_no[9].namnder == ["ÄLN", "OSN", "KTN", "IFN"]
    assert by_no[4].atgarder  # the åtgärder table of the second listing


def test_assignment_source_points_at_its_title():
    result = read("000_32b583a309147579.txt")
    text = result.extracted.units[0]
    for a in result.assignments:
        s = a.source
        assert text[s.start : s.end].startswith(f"{a.uppdrag}. ")


def test_passages_carry_uppdrag_and_table_headers():
    result = read("000_32b583a309147579.txt")
    tagged = {p.source.uppdrag for p in result.passages if p.source.uppdrag}
    assert set(DELAR_2025) <= tagged
    lss = next(p for p in result.passages if "varav insatser enligt LSS 1 596" in p.text)
    assert "Kommunbidrag" in lss.context or "Kommunbidrag" in lss.text


def test_passages_never_cross_parts_and_are_sized_for_the_encoder():
    for name in ("000_32b583a309147579.txt", "001_63bd1cf8f94e9453.txt", "004_033a82616c42eb84.txt"):
        result = read(name)
        spans = {p.part: None for p in result.document.parts}
        for p in result.passages:
            assert p.source.part in spans
            words = len(p.text.split())
            assert words <= 330, (name, p.source.line_start, words)
        words = sorted(len(p.text.split()) for p in result.passages)
        assert words[len(words) // 2] >= 100  # median passage is a real paragraph or more
