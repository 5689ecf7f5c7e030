"""Filters and years that select nothing are named, with what the index has (exit 1); a trace
by a number that means different assignments in different years asks for the year."""

import json

import pytest
from click.testing import CliRunner

from osnqa.cli import main
from osnqa.scope import number_ranges


def invoke(index, *args):
    return CliRunner().invoke(main, [str(a) for a in args] + ["--index", str(index)])


def test_number_ranges():
    assert number_ranges([5, 1, 2, 3, 7, 8]) == "1–3, 5, 7–8"
    assert number_ranges([]) == ""


@pytest.mark.parametrize("args", [
    ["uppdrag", "--year", "2024"],
    ["ask", "--year", "2024", "Hur hög var sjukfrånvaron?"],
    ["search", "--year", "2024", "sjukfrånvaro"],
    ["compare", "--years", "2023,2024", "sjukfrånvaro"],
    ["trace", "--uppdrag", "8", "--year", "2024"],
])
def test_a_year_the_index_lacks_is_named_with_the_years_it_has(built_index, args):
    result = invoke(built_index, *args)
    assert result.exit_code == 1
    assert "2024 finns inte i indexet (det har 2023 och 2025)" in result.stderr
    assert result.stdout == ""


def test_a_part_the_index_lacks_is_named_with_the_parts_it_has(built_index):
    result = invoke(built_index, "ask", "--part", "Bilaga 9", "Hur hög var sjukfrånvaron?", "--json")
    assert result.exit_code == 1
    assert "delen 'Bilaga 9' finns inte i indexet" in result.stderr
    assert "Tjänsteskrivelse" in result.stderr and "Bilaga 4" in result.stderr
    assert result.stdout == ""


def test_an_unknown_uppdrag_lists_the_numbers_that_exist(built_index):
    result = invoke(built_index, "search", "--uppdrag", "99", "x")
    assert result.exit_code == 1
    assert "uppdrag 99 finns inte i indexet (uppdragen har nummer 1–12" in result.stderr


def test_filters_that_exist_but_not_together_say_what_each_year_has(built_index):
    result = invoke(built_index, "search", "--uppdrag", "35", "--year", "2023", "x")
    assert result.exit_code == 1
    assert "inget textavsnitt gäller år 2023 och uppdrag 35 samtidigt" in result.stderr
    assert "2023 har uppdrag 1, 3–6" in result.stderr
    ok = invoke(built_index, "search", "--uppdrag", "35", "--year", "2025", "x", "--json")
    assert ok.exit_code == 0 and json.loads(ok.stdout)["hits"]


def test_an_honest_empty_answer_still_exits_0(built_index):
    result = invoke(built_index, "ask", "Hur stor var budgeten för rymdresor 2024?", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["abstained"] is True


def test_trace_by_a_number_without_year_lists_the_years_and_asks_for_one(built_index):
    result = invoke(built_index, "trace", "--uppdrag", "8")
    assert result.exit_code == 1
    assert "uppdrag 8 är olika uppdrag olika år – ange året, t.ex. --year 2025" in result.stderr
    assert "2023: nr 8 – Åstadkomma en omställning" in result.stderr
    assert "2025: nr 8 – Skärpa de trygghetsskapande" in result.stderr
    assert result.stdout == ""
    both = {y: json.loads(invoke(built_index, "trace", "--uppdrag", "8", "--year", y, "--json").stdout) for y in (2023, 2025)}
    assert {e["year"]: e["uppdrag"] for e in both[2023]["lineage"]}[2023] == 8
    assert {e["year"]: e["uppdrag"] for e in both[2025]["lineage"]}[2025] == 8
    assert both[2023]["lineage"] != both[2025]["lineage"]


def test_trace_query_without_topic_or_year_asks_too(built_index):
    result = invoke(built_index, "trace", "uppdrag 8")
    assert result.exit_code == 1
    assert "ange året, t.ex. 'uppdrag 8 2025'" in result.stderr


def test_trace_by_a_number_that_is_one_assignment_in_every_year_needs_no_year(built_index):
    # 2023 nr 27 and 2025 nr 27 differ, but nr 34 exists only in 2025
    result = invoke(built_index, "trace", "--uppdrag", "34", "--json")
    assert result.exit_code == 0
    lineage = {e["year"]: e["uppdrag"] for e in json.loads(result.stdout)["lineage"]}
    assert lineage == {2023: 20, 2025: 34}


def test_trace_names_the_numbers_a_year_has(built_index):
    result = invoke(built_index, "trace", "--uppdrag", "99", "--year", "2025")
    assert result.exit_code == 1
    assert "uppdrag 99 finns inte i 2025 års plan (uppdragen har nummer 1–4, 7–12" in result.stderr
    asked = invoke(built_index, "trace", "uppdrag 99 2025", "--json")
    assert asked.exit_code == 0
    assert "Hittade inget uppdrag 99 2025 i underlaget (2025 har nr 1–4" in json.loads(asked.stdout)["note"]
