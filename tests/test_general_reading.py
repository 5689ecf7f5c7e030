"""Reading that must hold for any municipality's documents: page furniture, words broken at
line ends, the frame of a question, and claims that name the wrong body or year."""

from osnqa.answer import Answerer
from osnqa.index.store import open_index
from osnqa.search import Searcher
from osnqa.analysis import analyse
from osnqa.index.lexical import tokenize
from osnqa.ingest.extract import extract
from osnqa.ingest.furniture import furniture_lines
from osnqa.ingest.lines import build_lines
from osnqa.ingest.reader import read_document
from osnqa.ingest.text_utils import clean
from osnqa.quantities import years_in
from osnqa.verify import _direction, _rival_bodies, _rival_year
from pdfgen import make_pdf


def _report(pages: int) -> bytes:
    body = [
        "Revisionskontoret har granskat hur nämnderna följer upp sina avtal med privata utförare.",
        "Den samlade bedömningen är att uppföljningen i huvudsak fungerar men behöver utvecklas.",
        "Nämnden för funktionsstöd saknar en plan för uppföljning av utförarnas kvalitet.",
        "Socialnämnden har följt upp två av tre avtal under året.",
    ]
    return make_pdf([[f"Stadsrevisionen, Granskning av avtalsuppföljning {n} ({pages})", body[(n - 1) % len(body)],
                      f"Avsnitt {n} handlar om uppföljning av utförare i stadsområde {n}.",
                      f"Sida {n} av {pages}"] for n in range(1, pages + 1)])


def test_running_headers_and_page_numbers_are_furniture(tmp_path):
    pdf = tmp_path / "granskning.pdf"
    pdf.write_bytes(_report(4))
    lines = build_lines(extract(pdf))
    marked = {" ".join(lines[i].stripped.split()) for i in furniture_lines(lines)}
    assert "Stadsrevisionen, Granskning av avtalsuppföljning 2 (4)" in marked
    assert "Sida 3 av 4" in marked
    assert not any("samlade bedömningen" in m for m in marked)


def test_passages_leave_furniture_out_and_stay_exact(tmp_path):
    pdf = tmp_path / "granskning.pdf"
    pdf.write_bytes(_report(3))
    result = read_document(pdf)
    assert result.passages
    for p in result.passages:
        assert "Stadsrevisionen" not in p.text and "Sida" not in p.text
        page_text = result.extracted.units[p.source.page - 1]
        assert page_text[p.source.start:p.source.end] == p.text
    assert any("Avsnitt 2 handlar" in p.text for p in result.passages)


def test_a_single_page_has_no_furniture(tmp_path):
    pdf = tmp_path / "kort.pdf"
    pdf.write_bytes(_report(1))
    assert furniture_lines(build_lines(extract(pdf))) == set()


def test_words_broken_at_a_line_end_are_joined_for_reading_and_matching():
    assert clean("åtgär-\nder för en eko-\nnomi i balans") == "åtgärder för en ekonomi i balans"
    assert clean("grund-\noch gymnasieskolan, kretslopp- och vattennämnden") == \
        "grund- och gymnasieskolan, kretslopp- och vattennämnden"
    assert tokenize("han-\nteringen") == tokenize("hanteringen")


def test_the_frame_of_a_question_is_told_from_what_it_asks():
    q = analyse("Hur många vuxna återvändare finns i stadsområdet, enligt granskningen av stadens arbete "
                "mot extremism?", [])
    assert "extremism" in q.frame and "återvänd" in q.asked and "extremism" not in q.asked
    goes_on = analyse("Vilken rekommendation i granskningen av trygghet och studiero riktas bara till grundskolenämnden?", [])
    assert "trygg" in goes_on.frame and "grundskolenämnd" in goes_on.asked and "grundskolenämnd" not in goes_on.frame
    lead = analyse("I revisorernas granskning av parkförvaltningen: vilka nämnder fick kritik?", [])
    assert "parkförvaltning" in lead.frame and "kritik" in lead.asked


def test_names_and_numbers_of_a_question_are_known_apart():
    q = analyse("Hur många besökte museimagasinet Garvaren under 2025?", [])
    assert {"garv", "2025"} <= q.names or ({"2025"} <= q.names and any(t.startswith("garv") for t in q.names))
    assert not any(t.startswith("museimagasin") for t in q.names)


def test_a_year_inside_an_identifier_is_no_period():
    assert years_in("översynen (SOU 2018:74) den 13 maj 2019, dnr KFKS 2011/268-041") == {2019}


def test_another_year_after_the_same_word_contradicts():
    got = _rival_year("Skolan blev en F-6-skola från höstterminen 2011.", 2011,
                      "Skolan ombildades till en F-6 skola från höstterminen 2012.")
    assert got and "2012" in got
    assert _rival_year("Planen antogs 2011.", 2011, "Planen gäller från höstterminen 2012.") is None


def test_another_body_doing_the_same_thing_contradicts_but_a_body_in_another_role_does_not():
    claim = "Miljönämnden rekommenderas att uppdatera översiktsplanen."
    assert _rival_bodies(claim, "Stadsbyggnadsnämnden rekommenderas att uppdatera översiktsplanen.") == \
        {"miljönämnden": "stadsbyggnadsnämnden"}
    proposal = "Kommunstyrelsen föreslog att motionen skulle anses bifallen."
    assert _rival_bodies(proposal, "Kommunfullmäktige beslutar att motionen anses bifallen.") == {}


def test_granted_and_turned_down_are_opposite_decisions():
    assert _direction("Motionen föreslogs avslås.")["decision"] == -1
    assert _direction("Motionen anses därmed bifallen.")["decision"] == 1


def test_whole_dates_of_a_question_are_read_in_either_spelling():
    from osnqa.query import analyse as scope
    assert scope("Vad beslutade styrelsen den 3 juni 2019, och 2019-05-13?", [2019]).dates == ["2019-05-13", "2019-06-03"]


def test_a_flattened_row_keeps_its_thousands_and_its_year_columns():
    from osnqa.sentences import match_flat
    columns, label, values = match_flat("Österlens museum 62 225 60 000 56 945 62 014",
                                        "Statistik Bokslut 2022 Bokslut 2023 Bokslut 2024 Bokslut 2025 Antal besökare")
    assert label == "Österlens museum" and values == ["62 225", "60 000", "56 945", "62 014"]
    assert columns[1].endswith("Bokslut 2022") and columns[2:] == ("Bokslut 2023", "Bokslut 2024", "Bokslut 2025")


def test_a_line_ending_in_a_word_that_needs_more_is_no_heading():
    from osnqa.models import Passage, Source
    from osnqa.sentences import split_sentences
    text = ("Sammanfattande bedömning\n"
            "Revisorerna har granskat om parknämnden, Familjebostäder i\n"
            "Göteborg AB och Higab AB arbetar ändamålsenligt. Den samlade bedömningen är positiv.")
    source = Source("r.pdf", "Rapport", "Dokument", None, None, None, None, 2024, 1, 1, 3, 0, len(text))
    got = [s.text for s in split_sentences(Passage("p", text, "", source))]
    assert got[0] == "Sammanfattande bedömning"
    assert got[1].startswith("Revisorerna") and got[1].endswith("arbetar ändamålsenligt.")
    assert all(text[s.source.start:s.source.end] == s.text for s in split_sentences(Passage("p", text, "", source)))


def test_a_day_of_a_month_is_no_amount():
    from osnqa.question import has_amount
    assert not has_amount("Skicka yttrandet senast den 21 juni 2024.")
    assert has_amount("Avgifterna höjs med 21 procent i juni.")


def test_a_school_year_is_a_label_not_an_amount():
    from osnqa.question import has_amount
    assert not has_amount("En majoritet av eleverna i årskurserna 5 och 8 upplever oro.")
    assert not has_amount("Se diagram 1 och 2.")
    assert has_amount("45 procent av eleverna i årskurs 8 svarade nej.")


def test_a_paragraph_named_in_a_question_is_where_to_look_not_what_it_asks():
    from osnqa.question import content_terms
    assert content_terms("Vad beslutades i paragraf 160 om skolan?") == content_terms("Vad beslutades om skolan?")
    assert content_terms("Vad beslutades i § 24?") == content_terms("Vad beslutades?")


def _index_over(tmp_path, documents: dict):
    """An index (hash model) of documents by name: PDF bytes or Markdown text."""
    from osnqa.indexer import ingest
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, body in documents.items():
        if isinstance(body, bytes):
            (docs / name).write_bytes(body)
        else:
            (docs / name).write_text(body, encoding="utf-8")
    index = tmp_path / "idx"
    assert ingest([docs], index, model="hash").written
    return open_index(index)


def _protokoll_md(date: str, words: str, body: str) -> str:
    return (f"---\norgan: Kommunstyrelsen\ntyp: protokoll\ndatum: {date}\n"
            f"namn: Kommunstyrelsens protokoll {words}\n---\n\n<!-- sida 1 -->\n"
            f"## § 12 Dnr KS 2019/101\n### Nedläggning av Lillskolan\n\n**Beslut**\n\n{body}\n")


def test_the_day_a_question_names_is_where_to_look_not_words_to_repeat(tmp_path):
    opened = _index_over(tmp_path, {"ks-2019-05-13.md": _protokoll_md(
        "2019-05-13", "13 maj 2019",
        "Kommunstyrelsen beslutar att ärendet om Lillskolan bordläggs till nästa sammanträde."),
        "ks-2019-06-03.md": _protokoll_md(
        "2019-06-03", "3 juni 2019",
        "Kommunstyrelsen beslutar att Lillskolan läggs ned efter vårterminen.\n\n"
        "Ärendet om Lillskolan bordlades på sammanträdet den 13 maj 2019.")})
    units = Answerer(Searcher(opened)).draft("Vad beslutade kommunstyrelsen om Lillskolan den 13 maj 2019?").units
    that_day = next(u for u in units if u.text.startswith("Kommunstyrelsen beslutar att ärendet om Lillskolan bordläggs"))
    repeating = next(u for u in units if u.text.startswith("Ärendet om Lillskolan bordlades på sammanträdet den 13 maj"))
    # the day's own protokoll answers; a later one repeating "13 maj" covers no more of the question
    assert that_day.sentences[0].source.date == "2019-05-13"
    assert that_day.features["coverage"] > repeating.features["coverage"]
    assert repeating.features.get("other_day") == 1.0
    # and a decline does not call the day's words unknown to the documents
    answerer = Answerer(Searcher(opened))
    draft = answerer.draft("Vad beslutade kommunstyrelsen om Lillskolan den 13 maj 2019?")
    declined = answerer.decide(draft, abstain_below=1.1)
    assert declined.abstained and "'maj'" not in declined.answer and "'13'" not in declined.answer


def test_a_sentence_a_page_break_cuts_is_read_whole_and_cited_in_both_pieces():
    from osnqa.answer import cite
    from osnqa.models import Passage, Source
    from osnqa.sentences import across_pages, split_sentences
    page1 = "Intäkterna ökade under året. Nämndens lokala energimål fastställdes av den tidigare"
    page2 = "lokalnämnden innan programmet beslutades. Nämnden behöver därför fastställa målet på nytt."
    first = split_sentences(Passage("a", page1, "", Source("r.pdf", "Rapport", "Dokument", None, None, None, None,
                                                            2024, 4, 1, 1, 0, len(page1))))
    second = split_sentences(Passage("b", page2, "", Source("r.pdf", "Rapport", "Dokument", None, None, None, None,
                                                             2024, 5, 1, 1, 0, len(page2))))
    joined = across_pages(second, first, None)
    assert joined[0].whole() == ("Nämndens lokala energimål fastställdes av den tidigare "
                                 "lokalnämnden innan programmet beslutades.")
    assert joined[1].before is None  # only the piece that goes on is joined
    text, citations = cite([joined[0], first[-1], joined[1]])
    assert text.startswith("Nämndens lokala energimål fastställdes av den tidigare lokalnämnden innan "
                           "programmet beslutades. [1][2] Nämnden behöver")
    assert len(citations) == 3  # the piece on page 4 is cited once
    pages = {4: page1, 5: page2}
    assert all(pages[c.source.page][c.source.start:c.source.end] == c.quote for c in citations)
    # a passage that ends its sentence is not joined to the next
    assert across_pages(first[:1], None, second)[0].after is None


def test_a_source_may_name_the_claims_subject_by_its_kind_alone(tmp_path):
    from osnqa.verify import Verifier
    opened = _index_over(tmp_path, {"kfn-arsbokslut.md":
        "---\norgan: Kultur- och fritidsnämnden\ntyp: årsbokslut\ndatum: 2026-02-10\nnamn: Årsbokslut 2025\n---\n\n"
        "# Verksamhet\n\nUnder året hade Österlens museum 62 000 besökare och biblioteken 90 000.\n\n"
        + "".join(f"Aktivitet {n} genomfördes under våren med god uppslutning från föreningslivet i kommunen.\n\n"
                  for n in range(1, 25))
        + "# Ekonomi\n\n## Museet\n\nMuseet finansieras till delar av försäljning (1,1 mnkr) och externa medel (2,6 mnkr).\n\n"
        "## Biblioteket\n\nBiblioteket har haft en stram personalbudget.\n",
        "annat.md":
        "---\norgan: Tekniska nämnden\ntyp: årsbokslut\ndatum: 2026-02-11\nnamn: Tekniska årsbokslut\n---\n\n"
        "# Ekonomi\n\n## Museet\n\nMuseet finansieras av externa medel (2,6 mnkr).\n"})
    verifier = Verifier(Answerer(Searcher(opened)))
    verdict = verifier.verify("Österlens museum finansieras delvis av externa medel på 2,6 mnkr.")
    assert verdict.verdict == "supported"
    assert verdict.evidence[0].source.file == "kfn-arsbokslut.md"  # the document that names the museum
    # a name the document never gives to the thing is still missing
    assert verifier.verify("I år finansieras Kiviks museum delvis av externa medel på 2,6 mnkr.").verdict == "not_found"


def test_an_organisation_answer_names_bodies_and_the_more_the_fuller():
    from osnqa.features import answer_type_present
    named = "Rekommendationer lämnades till stadsfastighetsnämnden, Familjebostäder i Göteborg AB och Higab AB."
    assert answer_type_present("organisation", named) == 1.0
    assert answer_type_present("organisation", "Kommunstyrelsen beslutar att bordlägga ärendet.") == 0.5
    # the granted bodies in general, or the auditors' own office, name no body that was asked for
    assert answer_type_present("organisation", "Granskningen omfattar de granskade nämndernas och bolagens arbete.") == 0.0
    assert answer_type_present("organisation", "Nämnden behöver fastställa målet.") == 0.0


def test_a_unit_in_brackets_leaves_no_bracket_on_the_first_column():
    from osnqa.sentences import match_flat
    columns, label, values = match_flat("Budgetavvikelse -1 930 -5 122", "Ekonomi Ekonomi (tkr) 2024 2025")
    assert (columns, label, values) == (("tkr", "2024", "2025"), "Budgetavvikelse", ["-1 930", "-5 122"])


def test_a_figure_asked_for_a_year_the_documents_give_no_figure_of_is_declined(tmp_path):
    from osnqa.answer import _asked_years
    opened = _index_over(tmp_path, {"bibliotek-2025.md":
        "---\norgan: Kultur- och fritidsnämnden\ntyp: årsbokslut\ndatum: 2026-02-10\nnamn: Årsbokslut 2025\n---\n\n"
        "# Biblioteket\n\nLäsprojektet Sommarboken slog rekord med 541 deltagare, fler än 2024 (446 deltagare).\n\n"
        "Biblioteket hade öppet alla vardagar under året.\n",
        "bibliotek-2023.md":
        "---\norgan: Kultur- och fritidsnämnden\ntyp: årsbokslut\ndatum: 2024-02-12\nnamn: Årsbokslut 2023\n---\n\n"
        "# Biblioteket\n\nBiblioteket ordnade sommarens läsprojekt för barn i alla kommundelar.\n"})
    answerer = Answerer(Searcher(opened))
    declined = answerer.draft("Hur många deltagare hade Sommarboken 2023?").final
    assert declined is not None and declined.abstained
    assert "ingen siffra för 2023" in declined.answer and declined.citations  # the nearest reading is cited
    assert answerer.draft("Hur många deltagare hade Sommarboken 2025?").final is None
    # a year that bounds a period asks no figure of its own
    assert _asked_years("Hur mycket ska användningen minska fram till 2030 jämfört med sedan 2010?", [2010, 2030]) == []
    assert _asked_years("Hur stort var underskottet 2023–2025 och 2024?", [2023, 2024, 2025]) == [2024]


def test_a_question_of_what_was_decided_is_met_by_the_decision_not_by_a_motion(tmp_path):
    opened = _index_over(tmp_path, {"ks-2019-06-03.md": _protokoll_md(
        "2019-06-03", "3 juni 2019",
        "Kommunstyrelsen beslutar att Lillskolan läggs ned efter vårterminen.\n\n**Yrkanden**\n\n"
        "Anna Berg (V) yrkade att kommunstyrelsen beslutar att inte lägga ned Lillskolan.")})
    units = Answerer(Searcher(opened)).draft("Vad beslutade kommunstyrelsen om Lillskolan?").units
    decided = next(u for u in units if u.text.startswith("Kommunstyrelsen beslutar att Lillskolan"))
    moved = next(u for u in units if u.text.startswith("Anna Berg (V) yrkade"))
    assert decided.features["kind"] > 0 > moved.features["kind"]


def test_what_a_review_set_out_to_examine_is_no_finding_unless_asked():
    from osnqa.answer import SCOPE_QUESTION_RE, SCOPE_STATEMENT_RE
    assert SCOPE_STATEMENT_RE.search("Granskningen syftade till att bedöma om nämnderna har en ändamålsenlig kontroll.")
    assert SCOPE_STATEMENT_RE.search("Syftet har varit att bedöma huruvida taxan är skälig.")
    assert not SCOPE_STATEMENT_RE.search("Revisionskontoret bedömer att nämnderna i huvudsak har en ändamålsenlig kontroll.")
    # a question of what was examined is answered by it
    assert SCOPE_QUESTION_RE.search("Vilka nämnder granskades när revisorerna undersökte tillsynen?")
    assert not SCOPE_QUESTION_RE.search("Hur bedömde revisorerna nämndernas kontroll?")


def test_a_scope_statement_weighs_less_for_a_question_of_findings(tmp_path):
    opened = _index_over(tmp_path, {"granskning.md":
        "---\norgan: Stadsrevisionen\ntyp: granskning\ndatum: 2024-09-24\nnamn: Granskning av kontrollen\n---\n\n"
        "# Sammanfattning\n\nGranskningen syftade till att bedöma om nämnderna har en ändamålsenlig kontroll av utförare.\n\n"
        "Revisionskontoret bedömer att nämnderna i huvudsak har en ändamålsenlig kontroll av utförare.\n"})
    answerer = Answerer(Searcher(opened))
    for question, scope in (("Hur bedömde revisorerna nämndernas kontroll av utförare?", 1.0),
                            ("Vad granskades i kontrollen av utförare?", 0.0)):
        unit = next(u for u in answerer.candidates(question, None).units if u.text.startswith("Granskningen syftade"))
        assert unit.features["scope"] == scope


def test_counts_written_in_words_are_figures_and_a_rival_count_contradicts(tmp_path):
    from osnqa.verify import Verifier, word_numbers
    assert [(q.value, q.text) for q in word_numbers("tio utförare, varav nio hade avvikelser")] == [(10.0, "tio"), (9.0, "nio")]
    assert word_numbers("LSS står för tre fjärdedelar av budgeten") == []  # a share, not a count
    opened = _index_over(tmp_path, {"granskning.md":
        "---\norgan: Stadsrevisionen\ntyp: granskning\ndatum: 2024-05-02\nnamn: Granskning av privata utförare\n---\n\n"
        "# Iakttagelser\n\nRevisionskontoret har tagit del av utförarrapporterna för tio privata utförare. "
        "Rapporterna visade att nio utförare hade avvikelser.\n"})
    verifier = Verifier(Answerer(Searcher(opened)))
    wrong = verifier.verify("Revisionskontoret tog del av utförarrapporterna för tio privata utförare, och åtta av dem hade avvikelser.")
    assert wrong.verdict == "contradicted" and "nio" in wrong.explanation
    right = verifier.verify("Revisionskontoret tog del av utförarrapporterna för tio privata utförare, och nio av dem hade avvikelser.")
    assert right.verdict == "supported"


def test_a_claim_of_two_figures_is_borne_out_by_one_passage_stating_each(tmp_path):
    from osnqa.verify import Verifier
    opened = _index_over(tmp_path, {"forskola.md":
        "---\norgan: Kommunstyrelsen\ntyp: tjänsteskrivelse\ndatum: 2021-01-21\nnamn: Avveckling av Lillängens förskola\n---\n\n"
        "# Bakgrund\n\nDet går idag 30 barn på förskolan och det arbetar 7 medarbetare. "
        "Det står idag 4 barn i kö till förskolan. Förskolan har kapacitet för 40 barn. "
        "Lokalerna behöver renoveras inom några år.\n"})
    verifier = Verifier(Answerer(Searcher(opened)))
    verdict = verifier.verify("Det går 30 barn på Lillängens förskola, som har kapacitet för 40 barn.")
    assert verdict.verdict == "supported"
    assert {c.quote for c in verdict.evidence} >= {"Det går idag 30 barn på förskolan och det arbetar 7 medarbetare.",
                                                   "Förskolan har kapacitet för 40 barn."}
    assert verifier.verify("Det går 30 barn på Lillängens förskola, som har kapacitet för 45 barn.").verdict != "supported"


def test_whether_a_decision_was_taken_is_not_answered_by_the_proposal_of_a_memo(tmp_path):
    from osnqa.indexer import ingest
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tjansteskrivelse.md").write_text(
        "---\norgan: Kommunstyrelsen\ntyp: tjänsteskrivelse\ndatum: 2021-01-21\nnamn: Avveckling av Lillskolan\n---\n\n"
        "# Förslag till beslut\n\nKommunstyrelsen beslutar att Lillskolan avvecklas under våren 2021.\n\n"
        "# Ärendet\n\nElevunderlaget i området har minskat under flera år.\n", encoding="utf-8")
    index = tmp_path / "idx"
    assert ingest([docs], index, model="hash").written
    answerer = Answerer(Searcher(open_index(index)))
    declined = answerer.draft("Beslutade kommunstyrelsen att avveckla Lillskolan?").final
    assert declined is not None and declined.abstained and "inget sådant beslut" in declined.answer
    assert any("beslutar att Lillskolan avvecklas" in c.quote for c in declined.citations)  # the proposal, cited
    # minutes that state the decision answer it
    (docs / "protokoll.md").write_text(_protokoll_md("2021-02-01", "1 februari 2021",
                                                    "Kommunstyrelsen beslutar att Lillskolan avvecklas under våren 2021."),
                                       encoding="utf-8")
    assert ingest([docs], index, model="hash").written
    answerer = Answerer(Searcher(open_index(index)))
    assert answerer.draft("Beslutade kommunstyrelsen att avveckla Lillskolan?").final is None
    # the minutes of one body are no decision of another it proposes to; a part asked only
    # if the first is answered yes ("och när i så fall?") does not change that
    (docs / "protokoll-2.md").write_text(_protokoll_md(
        "2021-03-01", "1 mars 2021", "Kommunstyrelsen föreslår kommunfullmäktige att Lillskolans fastighet säljs.\n\n"
        "Kommunfullmäktige beslutar att Lillskolans fastighet säljs."), encoding="utf-8")
    assert ingest([docs], index, model="hash").written
    answerer = Answerer(Searcher(open_index(index)))
    other = answerer.draft("Beslutade kommunfullmäktige att sälja Lillskolans fastighet, och när i så fall?").final
    assert other is not None and "inget sådant beslut" in other.answer


def test_a_party_said_to_object_is_contradicted_by_the_member_the_minutes_name(tmp_path):
    from osnqa.verify import Verifier
    opened = _index_over(tmp_path, {"ks-2019-05-13.md": _protokoll_md(
        "2019-05-13", "13 maj 2019",
        "Kommunstyrelsen föreslår att motionen om familjerådgivning avslås.\n\n**Yrkanden**\n\n"
        "Anna Berg (V) yrkade bifall till motionen om familjerådgivning.\n\n**Reservationer**\n\n"
        "Anna Berg reserverade sig mot beslutet.")})
    verifier = Verifier(Answerer(Searcher(opened)))
    wrong = verifier.verify("När kommunstyrelsen föreslog avslag på motionen om familjerådgivning "
                            "reserverade sig Socialdemokraterna mot beslutet.")
    assert wrong.verdict == "contradicted" and "Anna Berg (V)" in wrong.explanation
    right = verifier.verify("När kommunstyrelsen föreslog avslag på motionen om familjerådgivning "
                            "reserverade sig Vänsterpartiet mot beslutet.")
    assert right.verdict != "contradicted"


def test_a_why_answer_goes_on_over_a_page_break(tmp_path):
    opened = _index_over(tmp_path, {"arsbokslut.pdf": make_pdf([
        ["Gemensam administration", "Verksamheten redovisar ett överskott mot budget om 1,3 mnkr.",
         "Överskottet förklaras främst av medel för semesterlöneskuld som inte visade sig"],
        ["vara så stora vid årsskiftet.", "Ett ytterligare bidragande skäl är att ett bidrag om 0,4 mnkr inte betalades ut.",
         "Biblioteket", "Biblioteket höll sin budget."]])})
    answerer = Answerer(Searcher(opened))
    answer = answerer.decide(answerer.draft("Vad förklarar överskottet för verksamheten?"),
                             abstain_below=0.0)
    assert "semesterlöneskuld som inte visade sig vara så stora vid årsskiftet." in answer.answer
    assert "0,4 mnkr" in answer.answer and answer.answer.count("vara så stora") == 1
    assert "Biblioteket höll" not in answer.answer


def test_a_sum_up_brings_the_causes_its_section_gave_before_it(tmp_path):
    from osnqa.answer import Unit
    from osnqa.sentences import split_sentences
    opened = _index_over(tmp_path, {"arsbokslut.pdf": make_pdf([
        ["Biblioteket", "Biblioteket höll sin budget.", "Idrottsanläggningar",
         "Under hösten upptäcktes en läcka på badet, vilket har medfört ökade kostnader för uppvärmning.",
         "Sammantaget redovisar idrottsanläggningarna ett underskott mot budget på 0,37 mnkr."]])})
    answerer = Answerer(Searcher(opened))
    every = split_sentences(opened.passage(0))
    answerer._passages, answerer._rows = {1: every}, {1: 0}
    last = every[-1]
    assert last.text.startswith("Sammantaget")
    got = answerer._extend(Unit([last], 1.0, 1.0, set(), 1), "reason", "Varför gick de back?", {}, 1.0)
    assert [s.text for s in got.sentences] == [every[-2].text, last.text]  # the cause, not past the heading


def test_a_question_offering_answers_is_declined_when_the_documents_give_none_of_them(tmp_path):
    from osnqa.answer import _alternatives, _states
    offered = _alternatives("Hur bedömdes målet – uppfyllt, delvis uppfyllt eller inte uppfyllt?")
    assert offered == ["uppfyllt", "delvis uppfyllt", "inte uppfyllt"]
    assert _alternatives("Hur stort överskott eller underskott redovisade nämnden?") == []  # no choice offered
    assert _states("delvis uppfyllt", "Målet bedöms som delvis uppfyllt.")
    assert not any(_states(o, "Nämnden har arbetat med målet genom flera träffar.") for o in offered)
    opened = _index_over(tmp_path, {"arsbokslut.md":
        "---\norgan: Kultur- och fritidsnämnden\ntyp: årsbokslut\ndatum: 2026-02-10\nnamn: Årsbokslut 2025\n---\n\n"
        "# Mål\n\nNämnden har arbetat med målet om ofrivillig ensamhet genom flera träffar.\n\n"
        "Målet om läsfrämjande bedöms som delvis uppfyllt.\n\nRevisorernas bedömning är att räkenskaperna är rättvisande.\n"})
    answerer = Answerer(Searcher(opened))
    draft = answerer.draft("Vilken bedömning fick målet om läsfrämjande – uppfyllt, delvis uppfyllt eller inte uppfyllt?")
    assert draft.final is None and any("delvis uppfyllt" in u.text for u in draft.chosen)


def _answerer_over(tmp_path, name: str, content, more: dict | None = None) -> Answerer:
    """An answerer over an index of a document and `more` such documents by name."""
    return Answerer(Searcher(_index_over(tmp_path, {name: content, **(more or {})})))


def test_an_item_brings_its_comment_and_the_label_is_cited_with_it(tmp_path):
    answerer = _answerer_over(tmp_path, "arsbokslut.pdf", make_pdf([
        ["Aktiviteter", "Erbjuda en föreläsning om energi för föreningar med egen anläggning.", "Kommentar:",
         "Rådgivaren var sjukskriven under hösten.", "Föreläsningen har inte kunnat genomföras.",
         "Starta en läsecirkel för seniorer på biblioteket.", "Kommentar:", "Läsecirkeln startade i mars."]]))
    answer = answerer.decide(answerer.draft("Blev föreläsningen om energi för föreningar av?"), abstain_below=0.0)
    assert "Kommentar: Rådgivaren var sjukskriven under hösten. [2][3]" in answer.answer
    assert "inte kunnat genomföras" in answer.answer and "läsecirkel" not in answer.answer.lower()
    assert [c.quote.strip() for c in answer.citations][1:3] == ["Kommentar:", "Rådgivaren var sjukskriven under hösten."]


def test_a_part_asking_for_the_dearest_gets_the_largest_figure_not_yet_given(tmp_path):
    answerer = _answerer_over(tmp_path, "upprustning.pdf", make_pdf([
        ["Upprustning av Lärkans förskola",
         "Upprustningen av Lärkans förskola beräknas kosta cirka 3 000 000 kronor i fyra enskilda åtgärder.",
         "Fönstren behöver bytas till en kostnad av cirka 400 000 kronor.",
         "Köket behöver renoveras till en kostnad av cirka 1 200 000 kronor.",
         "Ventilationen behöver bytas till en kostnad av cirka 900 000 kronor."]]))
    draft = answerer.draft("Hur mycket kostar upprustningen av Lärkans förskola, och vilken enskild åtgärd är dyrast?")
    assert draft.final is None, draft.final.answer
    dearest = answerer.decide(draft, abstain_below=0.0)
    assert "3 000 000" in dearest.answer and "1 200 000" in dearest.answer
    cheapest = answerer.decide(answerer.draft("Hur mycket kostar upprustningen av Lärkans förskola, och vilken enskild "
                                              "åtgärd är billigast?"), abstain_below=0.0)
    assert "3 000 000" in cheapest.answer and " 400 000" in cheapest.answer and "1 200 000" not in cheapest.answer
    none = answerer.decide(answerer.draft("Hur mycket kostar upprustningen av Lärkans förskola?"), abstain_below=0.0)
    assert "1 200 000" not in none.answer  # without the part, the dearest measure is not brought


def test_a_question_of_a_day_or_a_length_of_time_is_declined_when_the_answer_gives_none(tmp_path):
    answerer = _answerer_over(tmp_path, "granskning.pdf", make_pdf([
        ["Granskning av skolsystemet",
         "Nämnden tog över ansvaret för skolsystemet i augusti 2022.",
         "En kontinuitetsplan ska ange hur länge skolsystemet får vara ur funktion.",
         "Socialnämnden ska lämna sitt yttrande över granskningen senast den 21 juni 2024.",
         "Lönesystemet får vara ur funktion i högst 48 timmar enligt sin kontinuitetsplan."]]))
    day = answerer.draft("Vilket datum tog nämnden över ansvaret för skolsystemet?")
    assert day.final is not None and "inget datum" in day.final.answer
    given = answerer.draft("Vilket datum ska socialnämnden lämna sitt yttrande över granskningen?")
    assert given.final is None and any("21 juni 2024" in u.text for u in given.chosen)
    length = answerer.draft("Hur länge får skolsystemet vara ur funktion enligt kontinuitetsplanen?")
    assert length.final is not None and "ingen tid" in length.final.answer
    stated = answerer.draft("Hur länge får lönesystemet vara ur funktion enligt kontinuitetsplanen?")
    assert stated.final is None and any("48 timmar" in u.text for u in stated.chosen)


def test_a_place_the_question_names_is_answered_from_documents_that_name_it(tmp_path):
    answerer = _answerer_over(tmp_path, "bokslut-a.pdf", make_pdf([
        ["Årsbokslut för socialnämnden", "Socialnämnden redovisade ett underskott mot budget om 45 mnkr.",
         "Underskottet beror på ökade kostnader för placeringar."]]), {"bokslut-b.pdf": make_pdf([
        ["Årsbokslut för Ystads kommun", "Socialnämnden redovisade för året ett underskott om 3 mnkr.",
         "Ystads socialtjänst har haft färre placeringar."]])})
    draft = answerer.draft("Hur stort underskott redovisade socialnämnden i Ystad?")
    assert draft.final is None and draft.chosen[0].sentences[0].source.file == "bokslut-b.pdf"
    assert "3 mnkr" in draft.chosen[0].text
    other = answerer.draft("Hur stort underskott redovisade socialnämnden?")
    assert other.final is None and "45 mnkr" in other.chosen[0].text


def test_a_figure_asked_per_something_is_not_answered_by_one_per_something_else(tmp_path):
    answerer = _answerer_over(tmp_path, "energi.pdf", make_pdf([
        ["Granskning av energianvändning",
         "Energianvändningen i bostäder ska minska med 30 procent per invånare jämfört med år 2010.",
         "Bolaget har minskat sin energianvändning med 12 procent per år sedan 2015.",
         "Lokalernas yta mäts i kvadratmeter."]]))
    other = answerer.draft("Hur mycket ska energianvändningen i bostäder minska per kvadratmeter?")
    assert other.final is not None and "ingen siffra per kvadratmeter" in other.final.answer
    same = answerer.draft("Hur mycket ska energianvändningen i bostäder minska per invånare?")
    assert same.final is None and any("30 procent per invånare" in u.text for u in same.chosen)
    dated = answerer.draft("Hur mycket hade energianvändningen minskat per augusti?")
    assert dated.final is None or "ingen siffra per" not in dated.final.answer  # a month is when, not per what


def test_minutes_quoting_a_member_and_a_reservation_are_not_the_bodys_decision(tmp_path):
    from osnqa.answer import Unit, _nearness, _other_matter, _quoted
    from osnqa.features import answer_type_present
    from osnqa.sentences import split_sentences
    assert answer_type_present("decision", "Anna Berg reserverade sig mot beslutet.") == 0.0
    assert answer_type_present("decision", "Kommunstyrelsen beslutade enligt förslaget. Anna Berg reserverade sig.") == 1.0
    opened = _index_over(tmp_path, {"ks-2019-06-03.md":
        "---\norgan: Kommunstyrelsen\ntyp: protokoll\ndatum: 2019-06-03\nnamn: Kommunstyrelsens protokoll 3 juni 2019\n"
        "---\n\n<!-- sida 1 -->\n## § 12 Dnr KS 2019/101\n### Motion om kommunal hemtjänst\n\n**Beslut**\n\n"
        "Kommunfullmäktige avslår motionen om kommunal hemtjänst.\n\n**Protokollsanteckningar**\n\n"
        "Eva Ek (L) lät anteckna följande.\n\n”Vi ser inget egenvärde i att kommunen driver hemtjänst. "
        "Det viktiga är att kunderna får god hemtjänst.”\n\n"
        "## § 13 Dnr KS 2019/102\n### Motion om trycksår\n\n**Beslut**\n\n"
        "Kommunfullmäktige avslår motionen om trycksår eftersom arbetet redan fungerar.\n"})
    sentences = [s for p in opened.all_passages() for s in split_sentences(p)]
    quoted = dict(zip((s.plain for s in sentences), _quoted(sentences)))
    assert quoted["”Vi ser inget egenvärde i att kommunen driver hemtjänst."]
    assert quoted["Det viktiga är att kunderna får god hemtjänst.”"]
    assert not quoted["Kommunfullmäktige avslår motionen om trycksår eftersom arbetet redan fungerar."]
    units = {s.plain: Unit([s], 1.0, 1.0, set(), n) for n, s in enumerate(sentences, 1)}
    decided = units["Kommunfullmäktige avslår motionen om kommunal hemtjänst."]
    noted = units["Det viktiga är att kunderna får god hemtjänst.”"]
    other = units["Kommunfullmäktige avslår motionen om trycksår eftersom arbetet redan fungerar."]
    assert _nearness(noted, [decided]) == 1.0 and _nearness(other, [decided]) == 0.0
    assert _other_matter(other, [decided]) and not _other_matter(noted, [decided])
    draft = Answerer(Searcher(opened)).draft("Vilket egenvärde har kommunal hemtjänst?")
    inside = [u for u in draft.units if u.sentences[0].plain.startswith(("”Vi ser", "Det viktiga"))]
    assert inside and all(u.features["quoted"] == 1.0 for u in inside)
    assert all(u.features["quoted"] == 0.0 for u in draft.units if u.sentences[0].plain.startswith("Kommunfullmäktige"))


def test_a_part_that_points_back_is_answered_where_the_document_goes_on(tmp_path):
    answerer = _answerer_over(tmp_path, "arsbokslut.pdf", make_pdf([
        ["Museet", "I tertialrapporten prognostiserade museet ett underskott på 0,2 mnkr.",
         "Under hösten infördes köpstopp samtidigt som öppettiderna utökades.",
         "Museet har en basutställning om stadens historia.",
         "Museet visar också en utställning om fiske."]]))
    draft = answerer.draft("Hur stort underskott prognostiserade museet, och vad gjorde museet åt det?")
    assert draft.final is None
    text = " ".join(u.text for u in draft.chosen)
    assert "0,2 mnkr" in text and "köpstopp" in text


def test_a_part_that_points_back_reads_on_a_little_past_the_allowance(tmp_path):
    forecast = ("I tertialrapporten prognostiserade museet ett underskott på 0,2 mnkr för året, främst till följd av "
                "lägre intäkter från entréavgifter under våren, högre kostnader för bevakning och el i magasinet, "
                "ett uteblivet bidrag till en vandringsutställning och en ökad hyra för lokalerna vid hamnen som "
                "förhandlades om under året med fastighetsägaren.")
    action = ("Under hösten infördes köpstopp samtidigt som öppettiderna utökades med resultatet att intäkterna "
              "ökade genom både försäljning i museibutiken och sålda biljetter till arrangemang under hösten.")
    answerer = _answerer_over(tmp_path, "arsbokslut.pdf", make_pdf([
        ["Museet", forecast, action, "Museet har en basutställning om stadens historia."]]))
    draft = answerer.draft("Hur stort underskott prognostiserade museet, och vad gjorde museet åt det?")
    assert draft.final is None
    text = " ".join(u.text for u in draft.chosen)
    assert "0,2 mnkr" in text and "köpstopp" in text


def test_a_figure_asked_of_a_body_is_no_answer_from_another_bodys_documents(tmp_path):
    from osnqa.answer import _lacking
    answerer = _answerer_over(tmp_path, "kfn.md",
        "---\norgan: Kultur- och fritidsnämnden\ntyp: årsbokslut\ndatum: 2026-02-01\nnamn: Årsbokslut 2025\n---\n\n"
        "# Ekonomi\n\nIdrottsanläggningarna redovisar ett underskott mot budget om 0,4 mnkr.\n\n"
        "Biblioteket har samarbetat med socialnämnden om läsfrämjande insatser.\n")
    units = answerer.draft("Hur stort underskott redovisade idrottsanläggningarna?").units
    figure = next(u for u in units if u.text.startswith("Idrottsanläggningarna redovisar"))
    asked = "Hur stort underskott redovisade socialnämnden 2025?"
    assert _lacking(asked, answerer.analyse(asked), [figure], []) == "Underlaget anger ingen siffra för socialnämnden."
    own = "Hur stort underskott redovisade kultur- och fritidsnämnden 2025?"
    assert _lacking(own, answerer.analyse(own), [figure], []) is None  # the document is that body's
    why = "Varför samarbetade socialnämnden med biblioteket?"
    assert _lacking(why, answerer.analyse(why), [figure], []) is None  # no figure asked


def test_a_question_of_figures_answered_without_any_figure_is_declined(tmp_path):
    from osnqa.answer import _lacking
    answerer = _answerer_over(tmp_path, "granskning.md",
        "---\norgan: Stadsrevisionen\ntyp: granskning\ndatum: 2024-05-01\nnamn: Förorenade områden\n---\n\n"
        "# Iakttagelser\n\nFörorenade områden är kostsamma att sanera.\n\n"
        "Hälften av de kända områdena är inventerade.\n")
    from osnqa.answer import Unit
    from osnqa.sentences import split_sentences
    opened = answerer.searcher.index
    sentences = [s for p in opened.all_passages() for s in split_sentences(p)]
    costly = next(Unit([s], 1.0, 1.0, set(), 1) for s in sentences if s.plain.startswith("Förorenade områden är"))
    share = next(Unit([s], 1.0, 1.0, set(), 1) for s in sentences if s.plain.startswith("Hälften av"))
    asked = "Hur mycket kostar det att sanera de förorenade områdena?"
    assert _lacking(asked, answerer.analyse(asked), [costly], []) == "Underlaget anger ingen siffra för det."
    part = "Hur stor andel av områdena är inventerade?"
    assert _lacking(part, answerer.analyse(part), [share], []) is None  # "hälften" is a figure
    why = "Varför är förorenade områden ett problem?"
    assert _lacking(why, answerer.analyse(why), [costly], []) is None


def test_a_yes_or_no_decision_asked_with_more_parts_opens_with_the_decision_taken(tmp_path):
    answerer = _answerer_over(tmp_path, "ks-2019-06-03.md", _protokoll_md(
        "2019-06-03", "3 juni 2019",
        "Kommunstyrelsen återremitterar ärendet till stadsledningskontoret.\n\n**Ärendet**\n\n"
        "Ärendet gällde att fatta beslut om investeringsmedel.\n\n"
        "För systemhandlingar till nya Lillskolan erfordras investeringsmedel om 35 000 000 kronor."))
    draft = answerer.draft("Fattade kommunstyrelsen beslut om investeringsmedel för systemhandlingar till Lillskolan? "
                           "Hur mycket gällde det?")
    assert draft.final is None, draft.final.answer
    assert draft.chosen[0].text.startswith("Kommunstyrelsen återremitterar ärendet")
    assert any("35 000 000" in u.text for u in draft.chosen)


def test_a_why_answered_by_a_consequence_brings_the_premises_before_it(tmp_path):
    from osnqa.answer import Unit
    from osnqa.sentences import split_sentences
    opened = _index_over(tmp_path, {"granskning.pdf": make_pdf([
        ["Energimål", "Nämndens energimål fastställdes av den tidigare lokalnämnden innan klimatprogrammet antogs.",
         "Sedan dess har flera byggnader förts över till nämnden.",
         "Byggnadernas energiförbrukning har därmed inte legat till grund för målet.",
         "Nämnden behöver därför fastställa målet på nytt."]])})
    answerer = Answerer(Searcher(opened))
    every = split_sentences(opened.passage(0))
    answerer._passages, answerer._rows = {1: every}, {1: 0}
    consequence = next(s for s in every if s.plain.startswith("Byggnadernas energiförbrukning"))
    got = answerer._extend(Unit([consequence], 1.0, 1.0, set(), 1), "reason", "Varför måste målet fastställas på nytt?",
                           {}, 1.0)
    texts = [s.plain for s in got.sentences]
    assert texts[:3] == ["Nämndens energimål fastställdes av den tidigare lokalnämnden innan klimatprogrammet antogs.",
                         "Sedan dess har flera byggnader förts över till nämnden.", consequence.plain]
    assert "Energimål" not in texts  # not past the heading


def test_a_party_the_question_names_is_met_by_its_mark_in_the_minutes(tmp_path):
    answerer = _answerer_over(tmp_path, "ks-2019-06-03.md", _protokoll_md(
        "2019-06-03", "3 juni 2019",
        "Kommunstyrelsen beslutar att Lillskolan läggs ned efter vårterminen.\n\n"
        "Socialdemokraternas ledamöter var närvarande.\n\n**Yrkanden**\n\n"
        "Per Ek (M) yrkade bifall till förslaget om Lillskolan.\n\n"
        "Anna Berg (S) yrkade att ärendet om Lillskolan återremitteras för en ny utredning."))
    draft = answerer.draft("Vad yrkade Socialdemokraterna om Lillskolan?")
    assert draft.final is None
    moved = next(u for u in draft.units if u.text.startswith("Anna Berg (S) yrkade") and len(u.sentences) == 1)
    other = next(u for u in draft.units if u.text.startswith("Per Ek (M) yrkade") and len(u.sentences) == 1)
    assert set(tokenize("Socialdemokraterna")) <= moved.terms and not set(tokenize("Socialdemokraterna")) & other.terms
    assert moved.score > other.score and any(u.text.startswith("Anna Berg (S)") for u in draft.chosen)


def test_a_figure_of_another_thing_does_not_answer_what_something_costs(tmp_path):
    from osnqa.answer import Unit
    from osnqa.sentences import split_sentences
    answerer = _answerer_over(tmp_path, "ks-protokoll.pdf", make_pdf([
        ["Kommunstyrelsens protokoll", "Den nya Björkskolan i Västby ska byggas av en extern fastighetsägare.",
         "Nu ska kommunen betala 40 miljoner kronor i restvärde för skolan som rivs.",
         "Björkskolan i Västby beräknas kosta 300 miljoner kronor att bygga."]]))
    sentences = [s for p in answerer.searcher.index.all_passages() for s in split_sentences(p)]
    unit = lambda start: next(Unit([s], 1.0, 1.0, set(), 1) for s in sentences if s.plain.startswith(start))  # noqa: E731
    asked = "Vad beräknas den nya Björkskolan i Västby kosta att bygga totalt?"
    q = answerer.analyse(asked)
    idf, _ = answerer.idf(q.terms)
    # the residual value of the old building, in a sentence that names neither the school nor its place
    assert answerer._figure_of_other(q, [unit("Den nya"), unit("Nu ska")], idf) == "Underlaget anger ingen siffra för just det."
    assert answerer._figure_of_other(q, [unit("Den nya"), unit("Björkskolan i")], idf) is None
    # what the document itself is of ("Björkskolan" in its title) needs no repeating in the figure's sentence
    (tmp_path / "t").mkdir()
    titled = _answerer_over(tmp_path / "t", "björkskolan.pdf", make_pdf([
        ["Björkskolan", "Bygget beräknas kosta 300 miljoner kronor."]]))
    own = [s for p in titled.searcher.index.all_passages() for s in split_sentences(p) if "300" in s.plain]
    q = titled.analyse("Vad beräknas Björkskolan kosta att bygga?")
    assert titled._figure_of_other(q, [Unit(own, 1.0, 1.0, set(), 1)], titled.idf(q.terms)[0]) is None
    # a question that is not all of figures is not read so
    why = answerer.analyse("Varför byggs den nya Björkskolan i Västby?")
    assert answerer._figure_of_other(why, [unit("Nu ska")], idf) is None


def test_a_figure_asked_further_on_in_a_what_question_is_a_figure():
    from osnqa.analysis import facet_kind
    assert facet_kind("Vad beräknas den nya skolan i Älta kosta att bygga totalt")[0] == "amount"
    assert facet_kind("Vad kommer renoveringen att kosta")[0] == "amount"
    assert facet_kind("Vad ville Vänsterpartiet göra i stället")[0] == "list"
    assert facet_kind("Vad var orsaken till att kostnaderna steg")[0] == "cause"


def test_a_word_no_document_uses_is_read_as_the_documents_words_for_it(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    review = ("---\norgan: Stadsrevisionen\ntyp: granskning\ndatum: 2024-05-01\nnamn: Energianvändning\n---\n\n"
              "# Sammanfattning\n\nDen samlade bedömningen är att arbetet i huvudsak bedrivs ändamålsenligt.\n\n"
              "Bolaget har minskat sin energianvändning.\n")
    answerer = _answerer_over(tmp_path / "a", "granskning.md", review)
    q = answerer.analyse("Vad blev helhetsomdömet om arbetet?")
    assert "bedömning" in q.terms and not any(t.startswith("helhet") for t in q.terms)
    draft = answerer.draft("Vad blev helhetsomdömet om arbetet?")
    assert draft.final is None, draft.final.answer
    assert "samlade bedömningen" in answerer.decide(draft, abstain_below=0.0).answer
    # a word the documents do use is kept as it is
    own = _answerer_over(tmp_path / "b", "granskning.md", review + "\nHelhetsomdömet är gott.\n")
    assert any(t.startswith("helhetsomdöm") for t in own.analyse("Vad blev helhetsomdömet?").terms)


def test_a_why_takes_a_second_cause_of_nearly_the_same_standing(tmp_path):
    answerer = _answerer_over(tmp_path, "granskning.pdf", make_pdf([
        ["Granskning av trygghet och studiero",
         "Färre vuxna och större klasser har försämrat det förebyggande arbetet med trygghet i skolorna.",
         "Åtgärder för en ekonomi i balans har påverkat det förebyggande arbetet med trygghet i skolorna negativt.",
         "Skolorna har gjort upp rutiner för mobiltelefoner.", "Rutinerna följs upp varje år."]]))
    answer = answerer.decide(answerer.draft("Vad har gjort skolornas förebyggande arbete med trygghet sämre?"),
                             abstain_below=0.0)
    assert "Färre vuxna" in answer.answer and "ekonomi i balans" in answer.answer


def test_a_members_motion_comes_with_how_it_fared(tmp_path):
    from osnqa.answer import Unit, _with_fates
    opened = _index_over(tmp_path, {"ks-2019-06-03.md": _protokoll_md(
        "2019-06-03", "3 juni 2019",
        "Kommunstyrelsen beslutar att Lillskolan läggs ned efter vårterminen.\n\n"
        "**Yrkanden**\n\nAnna Berg (V) yrkade att Lillskolan inte läggs ned.\n\n"
        "Per Ek (M) yrkade bifall till förslaget.\n\n"
        "**Beslutsgång**\n\nMed avslag på Anna Bergs yrkande beslutade kommunstyrelsen i enlighet med Per Eks yrkande.")})
    from osnqa.sentences import split_sentences
    sentences = [s for p in opened.all_passages() for s in split_sentences(p)]
    units = [Unit([s], 1.0, 1.0, set(), 1) for s in sentences]
    motion = next(u for u in units if u.text.startswith("Anna Berg (V) yrkade"))
    fared = _with_fates([motion], units)
    assert [u.text for u in fared][-1].startswith("Med avslag på Anna Bergs yrkande")
    # a sentence that is no motion brings nothing
    decision = next(u for u in units if u.text.startswith("Kommunstyrelsen beslutar"))
    assert _with_fates([decision], units) == [decision]


def test_a_which_answered_only_by_some_one_of_them_is_declined(tmp_path):
    from osnqa.answer import Unit, _unnamed
    from osnqa.sentences import split_sentences
    answerer = _answerer_over(tmp_path, "granskning.md",
        "---\norgan: Stadsrevisionen\ntyp: granskning\ndatum: 2024-05-01\nnamn: Privata utförare\n---\n\n"
        "# Iakttagelser\n\nNämnden har stoppat beställningarna från en ramavtalsleverantör av familjehemsvård.\n\n"
        "Nämnden har sagt upp avtalet med en leverantör, Omsorgshuset AB.\n\n"
        "Leverantören av hemtjänst har bytts ut.\n\n"
        "Nämnden har vidtagit en åtgärd för att stoppa felaktiga utbetalningar.\n")
    sentences = [s for p in answerer.searcher.index.all_passages() for s in split_sentences(p)]
    unit = lambda start: Unit([next(s for s in sentences if s.plain.startswith(start))], 1.0, 1.0, set(), 1)  # noqa: E731
    which = answerer.analyse("Vilken leverantör stoppade nämnden beställningarna från?")
    assert _unnamed(which, [unit("Nämnden har stoppat")]) == "Underlaget anger inte vilken leverantör."
    assert _unnamed(which, [unit("Nämnden har sagt upp")]) is None  # it is named
    assert _unnamed(which, [unit("Leverantören av")]) is None  # the one spoken of before
    assert _unnamed(answerer.analyse("Vad stoppade nämnden?"), [unit("Nämnden har stoppat")]) is None
    # what is asked by what it is, not by a name, is answered by "en …" too
    assert _unnamed(answerer.analyse("Vilken åtgärd vidtog nämnden?"), [unit("Nämnden har vidtagit")]) is None


def test_a_line_of_a_table_of_contents_is_no_answer():
    from osnqa.answer import _answer_like
    from osnqa.models import Source
    from osnqa.sentences import Sentence
    src = Source("p.pdf", "Protokoll", "Protokoll", None, None, None, None, None, 1, 1, 1, 0, 10)
    toc = Sentence("Framtagande av systemhandlingar för Sickla skolområde på västra Sicklaön .............", src, False, None, 0)
    told = Sentence("Kommunstyrelsen återremitterar ärendet om systemhandlingar för Sickla skolområde.", src, False, None, 1)
    assert not _answer_like(toc) and _answer_like(told)


def test_the_same_words_stated_twice_are_given_once():
    from osnqa.answer import cite
    from osnqa.models import Source
    from osnqa.sentences import Sentence
    text = "Kommunstyrelsen beslutar om nedläggning av skolenheten."
    memo = Sentence(text, Source("tjskr.pdf", "Tjänsteskrivelse", "Dokument", None, None, None, None, None, 1, 1, 1, 0,
                                 len(text)), False, None, 0)
    minutes = Sentence(text, Source("protokoll.pdf", "Protokoll", "Protokoll", None, None, None, None, None, 13, 1, 1, 40,
                                    40 + len(text)), False, None, 3)
    answer, citations = cite([memo, minutes])
    assert answer == f"{text} [1]" and len(citations) == 1


def test_what_was_decided_opens_with_the_decision_that_speaks_of_the_matter(tmp_path):
    answerer = _answerer_over(tmp_path, "ks.md", _protokoll_md(
        "2019-06-03", "3 juni 2019",
        "Kommunstyrelsen har fått frågan om Lillskolan i Västby och dess 200 elever till beslut.\n\n"
        "Kommunstyrelsen återremitterar ärendet om Lillskolan i Västby."))
    answer = answerer.decide(answerer.draft("Vad beslutade kommunstyrelsen om Lillskolan i Västby?"), abstain_below=0.0)
    assert "Kommunstyrelsen återremitterar ärendet om Lillskolan i Västby." in answer.answer
