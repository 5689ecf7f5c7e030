import json

import pytest
from click.testing import CliRunner

from osnqa.answer import Answerer
from osnqa.cli import main
from osnqa.index.store import open_index
from osnqa.search import Filters, Searcher

from conftest import CORPUS

QUESTIONS = [
    "Vilken sjukfrånvaro hade nämnden per augusti 2025?",
    "Hur stort var överskottet 2023?",
    "Varför minskar volymen inom personlig assistans?",
    "När infördes kontroll i belastningsregistret?",
    "Vad innebär uppdrag 34?",
    "Hur mycket är kommunbidraget för LSS 2025?",
]


@pytest.fixture(scope="module")
def answerer(built_index):
    return Answerer(Searcher(open_index(built_index)))


def text_of(file):
    return (CORPUS / file).read_text(encoding="utf-8")


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_citation_is_an_exact_slice(answerer, question):
    answer = answerer.ask(question)
    assert answer.citations
    for c in answer.citations:
        s = c.source
        text = text_of(s.file)
        assert text[s.start : s.end] == c.quote
        assert text.count("\n", 0, s.start) + 1 == s.line_start


def test_amount_answer_keeps_its_figure_and_unit(answerer):
    answer = answerer.ask("Hur hög var sjukfrånvaron per augusti?", Filters(years=[2025], part="Bilaga 1"))
    assert not answer.abstained
    assert "7,65%" in answer.answer


def test_table_row_is_spelled_out_with_its_columns(answerer):
    answer = answerer.ask("Vad kostade inhyrd personal i resultaträkningen, resultat och budget 2023?")
    row = next((c for c in answer.citations if "Inhyrd personal" in c.quote), None)
    assert row is not None
    assert "Budget 2023 -6" in answer.answer


@pytest.mark.parametrize("question", [
    "Vad kostade nämndens resor till Paris 2019?",
    "Vilken färg har nämndens logotyp?",
    "",
])
def test_abstains_when_the_documents_do_not_say(answerer, question):
    answer = answerer.ask(question)
    assert answer.abstained
    assert answer.answer.startswith("Det står inte i underlaget")


def test_year_outside_the_documents_is_named(answerer):
    answer = answerer.ask("Hur stort var överskottet 2019?")
    assert answer.abstained
    assert "2019" in answer.answer


def test_filters_apply_to_answers(answerer):
    answer = answerer.ask("Hur stort var överskottet?", Filters(years=[2023]))
    assert all(c.source.year == 2023 for c in answer.citations)


def test_ask_json_and_batch(built_index, tmp_path):
    out = CliRunner().invoke(main, ["ask", "Hur stort var överskottet 2023?", "--index", str(built_index), "--json"])
    data = json.loads(out.output)
    assert set(data) >= {"question", "answer", "abstained", "confidence", "citations"}
    assert 0.0 <= data["confidence"] <= 1.0
    batch = tmp_path / "q.txt"
    batch.write_text("Hur stort var överskottet 2023?\nVilken färg har nämndens logotyp?\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["ask", "--batch", str(batch), "--index", str(built_index), "--json"])
    lines = [json.loads(l) for l in out.output.splitlines()]
    assert [l["abstained"] for l in lines] == [False, True]


def test_ask_human_output(built_index):
    out = CliRunner().invoke(main, ["ask", "Hur stort var överskottet 2023?", "--index", str(built_index)])
    assert out.exit_code == 0
    assert "Källor:" in out.output and "Tillförlitlighet:" in out.output


def test_a_list_answer_comes_with_its_introduction_and_items(answerer):
    answer = answerer.ask("Vilka stöd och insatser för språkutveckling finns för medarbetare?",
                          Filters(years=[2025], part="Bilaga"))
    assert not answer.abstained
    assert "Det finns följande stöd och insatser för språkutveckling:" in answer.answer
    for item in ("SFI", "Lingio", "Prata om jobbet"):
        assert item in answer.answer


def test_a_how_question_gets_what_follows_the_naming_sentence(answerer):
    # the sentence that names the pilot only restates the question; how it is done follows it
    answer = answerer.ask("Hur går pilotprojektet om matsvinn till?")
    assert not answer.abstained
    assert "sex veckor" in answer.answer and "pilotverksamheter" in answer.answer
    for c in answer.citations:
        assert text_of(c.source.file)[c.source.start : c.source.end] == c.quote


def test_question_kinds():
    from osnqa.question import kind

    assert kind("Hur går pilotprojektet om matsvinn till?") == "how"
    assert kind("Hur ska materialet användas?") == "how"
    assert kind("Hur går det ekonomiskt i år?") == "amount"
    assert kind("Varför går assistansen med underskott?") == "reason"


def test_a_list_announced_a_sentence_below_comes_with_its_numbered_items(answerer):
    # what the answer is built of, whatever the confidence the test embedder gives it
    answer = answerer.decide(answerer.draft("Vilka uppdrag ligger efter per augusti 2025, utöver klimatmålet?"),
                             abstain_below=0.0)
    assert not answer.abstained
    assert "Uppdrag 10:" in answer.answer and "Uppdrag 34:" in answer.answer


def test_question_terms_meet_the_parts_of_compounds():
    from osnqa.answer import matched_terms

    idf = {"klim": 1.0, "utbildningsmaterial": 1.0, "mål": 1.0}
    assert matched_terms(["klimatomställning"], idf) == {"klim"}  # the question's word begins the compound
    assert matched_terms(["material"], idf) == {"utbildningsmaterial"}  # the text names the compound's head
    assert matched_terms(["målgrupp"], idf) == set()  # too short a part to stand for itself


def test_the_outcome_of_a_year_after_the_documents_is_not_answered(answerer):
    # the documents plan for 2026, but cannot report how it went
    answer = answerer.ask("Vad blev resultatet för hemtjänsten 2026?")
    assert answer.abstained and "2026" in answer.answer
    assert not answerer.ask("Vad planeras inför 2026 inom klimatarbetet?").answer.startswith("Underlaget gäller")


def test_a_why_is_answered_with_the_causes_that_follow_one_another(answerer):
    # the composition, whatever the confidence the test embedder gives
    answer = answerer.decide(answerer.draft("Vad förklarar att daglig verksamhet i egen regi förbättrat sitt resultat?"),
                             abstain_below=0.0)
    assert not answer.abstained
    # the first cause, and the last one three sentences further on ("Utöver det … fordon")
    assert "samplanering" in answer.answer and "fordon" in answer.answer


def test_question_terms_meet_the_last_part_of_compounds():
    from osnqa.answer import matched_terms

    assert matched_terms(["resultatförbättring"], {"förbättr": 1.0}) == {"förbättr"}
    assert matched_terms(["äldreomsorgsförvaltning"], {"omsorg": 1.0}) == set()  # a part in the middle
    # a noun in -um takes -et in its definite form, which the stemmer leaves apart
    assert matched_terms(["museet", "centret"], {"museum": 1.0, "centrum": 1.0}) == {"museum", "centrum"}
    assert matched_terms(["musik"], {"museum": 1.0}) == set()


def test_question_terms_meet_the_same_root_with_another_derivational_ending():
    from osnqa.answer import matched_terms
    from osnqa.index.lexical import tokenize

    # "Vilken rekommendation …?" is met by "… rekommenderas att …", "värdering" by "värderades"
    asked = {t: 1.0 for t in tokenize("rekommendation värderingen")}
    assert matched_terms(tokenize("Grundskolenämnden rekommenderas att säkerställa"), asked) == set(tokenize("rekommendation"))
    # a shared beginning that is a word of its own is no shared root
    assert matched_terms(tokenize("investeringsbudgeten"), {t: 1.0 for t in tokenize("investeringsramen")}) == set()
    assert matched_terms(tokenize("kommunstyrelsen"), {t: 1.0 for t in tokenize("kommunala")}) == set()


def test_a_goals_figure_is_not_a_measured_amount():
    from osnqa.question import has_amount, has_measured_amount

    goal = "Ligger väldigt nära för att nå målet om max 6% sjukfrånvaro."
    assert has_amount(goal) and not has_measured_amount(goal)
    assert has_measured_amount("Sjukfrånvaron per augusti var 7,65% mot målet om 6 procent.")


def test_findings_the_documents_say_are_awaited_are_not_answered(answerer):
    answer = answerer.ask("Vad visade utvärderingen av pilotprojektet med brukarorienterade stickprovskontroller?")
    assert answer.abstained and "inväntas" in answer.answer
    assert "inväntas" in answer.citations[0].quote or "utvärderas" in answer.citations[0].quote
    for c in answer.citations:
        assert text_of(c.source.file)[c.source.start : c.source.end] == c.quote


def test_a_heading_inside_a_passage_sets_the_context_of_what_follows(built_index):
    from osnqa.answer import _headings
    from osnqa.sentences import split_sentences

    index = open_index(built_index)
    for p in index.all_passages():
        if "Assistans (LSS)" in p.text and "Socialpsykiatri (SoL)" in p.text:
            every = split_sentences(p)
            heads = dict(zip((s.plain for s in every), _headings(p.context, every)))
            after = next(s.plain for s in every if s.plain.startswith("Resultatet var - 12"))
            assert heads[after].endswith("Assistans (LSS)") and "Socialpsykiatri" not in heads[after]
            break
    else:
        pytest.fail("no passage holds both sections")


def test_nar_det_galler_is_not_a_question_of_time():
    from osnqa.question import kind

    assert kind("Är Uppsala dyrare än riket när det gäller insatser per invånare?") == "general"
    assert kind("När infördes kontrollen?") == "when"


def test_term_weights_do_not_depend_on_set_order():
    from osnqa.answer import weight

    idf = {"a": 0.1, "b": 0.2, "c": 0.3}
    # plain float sums differ by order ((0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3)); a set's order
    # changes with the hash seed, which made near-ties between sources flip from run to run
    assert weight(["a", "b", "c"], idf) == weight(["c", "b", "a"], idf) == 0.6


def test_each_part_of_a_compound_question_wants_its_own_kind_of_answer(answerer):
    from osnqa.question import has_measured_amount, kind
    question = "Hur stort var överskottet 2023, och varför blev det så?"
    assert kind(question) == "reason"  # the whole question reads as a "varför"
    units = answerer.draft(question).units
    figures = [u for u in units if has_measured_amount(u.text)]
    # a figure answers the "hur stort" part as a cause answers the "varför"
    assert figures and all(u.features["kind"] >= 0.2 for u in figures)


def _read_as_passage(answerer, text: str, part: str = "Protokoll") -> list:
    """The sentences of one passage of `text`, held by the answerer as its first retrieved passage."""
    from osnqa.models import Passage, Source
    from osnqa.sentences import split_sentences
    lines = text.count("\n") + 1
    source = Source("p.pdf", part, part, None, None, None, None, 2019, 1, 1, lines, 0, len(text))
    every = split_sentences(Passage("p", text, "", source))
    answerer._passages = {1: every}
    return every


def test_a_why_answer_does_not_run_past_a_heading_into_another_matter(answerer):
    from osnqa.answer import Unit
    every = _read_as_passage(answerer, "Anläggningarna redovisar ett underskott mot budget på 0,37 mnkr.\n"
                                       "Biblioteket\n"
                                       "Biblioteket har haft en stram personalbudget vilket bidragit till en budget i balans.",
                             part="Dokument")
    unit = Unit(every[:1], 1.0, 1.0, set(), 1)
    got = answerer._extend(unit, "reason", "Varför gick anläggningarna med underskott?", {}, 1.0)
    assert [s.text for s in got.sentences] == [every[0].text]


def test_a_sentence_that_announces_what_follows_comes_with_it(answerer):
    from osnqa.answer import Unit
    every = _read_as_passage(answerer, "Kommunstyrelsen föreslår kommunfullmäktige fatta följande beslut.\n"
                                       "Kommunfullmäktige beslutar att sälja fastigheten Erstavik 26:248 till bolaget.")
    got = answerer._extend(Unit(every[1:], 1.0, 1.0, set(), 1), "general", "Beslutade kommunstyrelsen att sälja?", {}, 1.0)
    # who decides: the board only proposes what the council decides
    assert [s.text for s in got.sentences] == [s.text for s in every]
    # and an announcement chosen on its own brings what it announces
    alone = answerer._extend(Unit(every[:1], 1.0, 1.0, set(), 1), "general", "Vad föreslog kommunstyrelsen?", {}, 1.0)
    assert [s.text for s in alone.sentences] == [s.text for s in every]


def test_an_announced_list_of_figures_comes_with_its_announcement(answerer):
    from osnqa.answer import Unit, _heading_like
    every = _read_as_passage(answerer, "Kommunstyrelsen beslutar att medlen om 6 miljoner kronor ska fördelas enligt följande.\n"
                                       "Kamerabevakning 0,3\nTrygghetsvärdar 1,2\nPolarverksamheten 1,9\nÄrendet\n"
                                       "Trygghetspaketet har utökats med 1 miljon kronor.")
    assert not _heading_like(every[1]) and _heading_like(every[4])  # a label with its value is no heading
    got = answerer._extend(Unit(every[:1], 1.0, 1.0, set(), 1), "amount", "Hur mycket fick de?", {}, 1.0)
    assert [s.plain for s in got.sentences[1:]] == ["Kamerabevakning 0,3", "Trygghetsvärdar 1,2", "Polarverksamheten 1,9"]
