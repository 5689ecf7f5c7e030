"""Follow-up questions in the shell are read against the previous question."""

import re

from click.testing import CliRunner

from osnqa.cli import main
from osnqa.followup import Turn, read, why, with_years
from osnqa.search import Filters

YEARS = [2023, 2025]
PREVIOUS = Turn("Hur hög var sjukfrånvaron per augusti 2025?")


def test_year_follow_ups_replace_the_year_and_keep_the_topic():
    for line in ("och 2023 då?", "2023?", "Hur var det 2023?", "samma sak för 2023", "Och under 2023?"):
        reading = read(line, PREVIOUS, YEARS, Filters())
        assert reading.followup and reading.question == "Hur hög var sjukfrånvaron per augusti 2023?", line
    assert read("förra året?", PREVIOUS, YEARS, Filters()).question.endswith("augusti 2024?")
    assert read("året innan?", Turn("Hur stort var överskottet 2025?"), YEARS, Filters()).question == \
        "Hur stort var överskottet 2024?"
    assert with_years("Hur stort var överskottet?", [2023]) == "Hur stort var överskottet 2023?"
    assert with_years("Hur hög är sjukfrånvaron i år?", [2023]) == "Hur hög är sjukfrånvaron 2023?"


def test_reason_follow_ups_ask_why_the_previous_answer_was_so():
    for line in ("varför?", "Vad beror det på?", "hur kommer det sig?", "Och vad är orsaken?"):
        reading = read(line, PREVIOUS, YEARS, Filters())
        assert reading.question == "Varför var sjukfrånvaron per augusti 2025 så hög?", line
    assert why("Vad var resultatet 2023?") == "Vad beror resultatet 2023 på?"
    assert why("Ökade sjukfrånvaron 2025?") == "Varför ökade sjukfrånvaron 2025?"
    assert why("Hur mycket kostade hemtjänsten 2025?") == "Varför kostade hemtjänsten 2025 så mycket?"


def test_whole_questions_are_not_read_as_follow_ups():
    for line in ("Vad var resultatet 2023?", "och hemtjänsten då?", "Varför ökade sjukfrånvaron 2025?",
                 "Hur stort var överskottet?"):
        reading = read(line, PREVIOUS, YEARS, Filters())
        assert not reading.followup and reading.question == line
    assert not read("och 2023 då?", None, YEARS, Filters()).followup


def test_follow_ups_keep_the_filters_and_move_a_year_filter():
    previous = Turn("Hur stort var överskottet?", "ask", Filters([2025], None, "Tjänsteskrivelse"))
    reading = read("och 2023 då?", previous, YEARS, Filters())
    assert reading.filters == Filters([2023], None, "Tjänsteskrivelse")
    assert reading.shown() == "Hur stort var överskottet 2023? (bara 2023 års dokument, delen Tjänsteskrivelse)"


def _turns(output: str) -> list[str]:
    """The shell's output cut at each answer, search or note; "Tolkar som" stays with its answer."""
    pieces = re.split(r"\n(?=Tolkar som:|╭─|Sökning:|Svarar ur|Alla år)", output)
    turns: list[str] = []
    for piece in pieces:
        if turns and turns[-1].startswith("Tolkar som:") and "\n" not in turns[-1]:
            turns[-1] += "\n" + piece
        else:
            turns.append(piece)
    return turns


def _cited_years(turn: str) -> set[int]:
    return {int(y) for y in re.findall(r" · (20\d\d)\s*$", turn, re.MULTILINE)}


def test_scripted_shell_session_answers_follow_ups_about_the_right_year(built_index, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    session = "\n".join([
        "Hur stort var överskottet 2023?",
        "och 2025 då?",
        "Vad beror det på?",
        "Hur hög var sjukfrånvaron 2025?",
        "och 2023 då?",
        ":search sjukfrånvaro 2025",
        "och 2023?",
        ":year 2025",
        "Hur stort var överskottet?",
        "och 2023 då?",
        ":year",
        "förra året?",
        ":year 2024",
        "Hur stort var överskottet?",
    ]) + "\n"
    result = CliRunner().invoke(main, ["shell", "--index", str(built_index)], input=session)
    assert result.exit_code == 0, result.output
    turns = _turns(result.output)[1:]
    assert len(turns) == 13, result.output
    assert _cited_years(turns[0]) == {2023} and "20 miljoner kronor" in turns[0]
    assert turns[1].startswith("Tolkar som: Hur stort var överskottet 2025?") and _cited_years(turns[1]) == {2025}
    assert "5 miljoner kronor" in turns[1]
    assert turns[2].startswith("Tolkar som: Varför var överskottet 2025 så stort?") and _cited_years(turns[2]) == {2025}
    assert _cited_years(turns[3]) == {2025}
    assert turns[4].startswith("Tolkar som: Hur hög var sjukfrånvaron 2023?") and _cited_years(turns[4]) == {2023}
    assert "Sökning: sjukfrånvaro 2025" in turns[5]
    assert turns[6].startswith("Tolkar som: sök sjukfrånvaro 2023") and "Sökning: sjukfrånvaro 2023" in turns[6]
    assert turns[7].startswith("Svarar ur 2025 års dokument.")
    assert _cited_years(turns[8]) == {2025}  # a question under :year 2025
    assert turns[9].startswith("Tolkar som: Hur stort var överskottet 2023? (bara 2023 års dokument)")
    assert _cited_years(turns[9]) == {2023}
    assert turns[10].startswith("Alla år.")
    # :year removed the filter, so the follow-up reads without it; 2024 is not in the documents
    assert turns[11].startswith("Tolkar som: Hur stort var överskottet 2024?\n")
    assert "2024 finns inte i indexet (det har 2023 och 2025)." in turns[11] and "Källor" not in turns[11]
    assert turns[12].startswith("Svarar ur 2024 års dokument. (obs: indexet har bara 2023 och 2025)")
    assert "2024 finns inte i indexet (det har 2023 och 2025) – välj ett av dem eller ta bort :year." in turns[12]


def test_a_why_with_nothing_before_it_says_so(built_index):
    result = CliRunner().invoke(main, ["shell", "--index", str(built_index)], input="varför?\n")
    assert "ingen tidigare fråga" in result.output
