import json

import pytest
from click.testing import CliRunner

from osnqa.answer import Answerer
from osnqa.cli import main
from osnqa.compare import Comparer
from osnqa.index.store import open_index
from osnqa.search import Searcher
from osnqa.trace import Tracer

from conftest import CORPUS


@pytest.fixture(scope="module")
def index(built_index):
    return open_index(built_index)


def test_lineage_links_by_content_not_number(index):
    groups = {}
    for a in index.assignments:
        groups.setdefault(a.lineage, set()).add((a.year, a.uppdrag))
    linked = [g for g in groups.values() if len(g) > 1]
    assert {(2023, 20), (2025, 34)} in linked  # ungdomsbrottslighet
    assert {(2023, 15), (2025, 27)} in linked  # klimat
    assert {(2023, 27), (2025, 46)} in linked  # krisberedskap: 27 is climate in 2025
    assert all(len({y for y, _ in g}) == len(g) for g in linked)  # one per year
    alone = next(g for g in groups.values() if (2025, 35) in g)
    assert alone == {(2025, 35)}


def test_trace_by_number_and_year(index):
    trace = Tracer(Searcher(index)).trace(uppdrag=34, year=2025)
    by_year = {e.year: e for e in trace.lineage}
    assert by_year[2023].uppdrag == 20 and by_year[2025].uppdrag == 34
    assert by_year[2023].status.startswith("Prognosen är")
    for e in trace.lineage:
        for c in e.citations:
            text = (CORPUS / c.source.file).read_text(encoding="utf-8")
            assert text[c.source.start : c.source.end] == c.quote


def test_a_year_without_the_assignment_says_so(index):
    trace = Tracer(Searcher(index)).trace("uppdrag 35 2025")
    missing = next(e for e in trace.lineage if e.year == 2023)
    assert missing.uppdrag is None and not missing.citations
    assert "finns inte i 2023 års plan" in missing.note


def test_unknown_number_is_not_found_not_absent(index):
    trace = Tracer(Searcher(index)).trace(uppdrag=99, year=2025)
    assert trace.lineage == [] and "Hittade inget uppdrag 99" in trace.note


def test_trace_json_contract(built_index):
    out = CliRunner().invoke(main, ["trace", "--uppdrag", "27", "--year", "2023", "--index", str(built_index), "--json"])
    data = json.loads(out.output)
    assert [(e["year"], e["uppdrag"]) for e in data["lineage"]] == [(2023, 27), (2025, 46)]
    assert all({"year", "uppdrag", "title", "status", "citations"} <= set(e) for e in data["lineage"])


def test_compare_pairs_figures_of_the_same_measure(index):
    result = Comparer(Answerer(Searcher(index))).compare("Nämnden totalt: kommunbidrag, belopp i miljoner kronor", [2023, 2025])
    assert [y.year for y in result.years] == [2023, 2025]
    assert all(y.statements for y in result.years)
    pairs = {(c.before.shown, c.after.shown) for c in result.changes}
    assert ("1 984 mnkr", "2 135 mnkr") in pairs
    assert result.warnings  # helår 2023 against delår 2025
    for y in result.years:
        for c in y.statements:
            text = (CORPUS / c.source.file).read_text(encoding="utf-8")
            assert text[c.source.start : c.source.end] == c.quote


def test_compare_years_from_the_question(index):
    comparer = Comparer(Answerer(Searcher(index)))
    assert comparer.years_for("Har sjukfrånvaron minskat sedan 2023?", None) == [2023, 2025]
    assert comparer.years_for("sjukfrånvaro", [2025]) == [2025]


def test_compare_cli_json(built_index):
    out = CliRunner().invoke(main, ["compare", "sjukfrånvaro", "--years", "2023,2025", "--index", str(built_index), "--json"])
    data = json.loads(out.output)
    assert [y["year"] for y in data["years"]] == [2023, 2025]
    assert "changes" in data
    bad = CliRunner().invoke(main, ["compare", "x", "--years", "tjugo", "--index", str(built_index)])
    assert bad.exit_code == 2


def test_compare_gives_each_year_a_figure_for_the_measure(index):
    from osnqa.question import has_measured_amount
    from osnqa.search import Filters

    comparer = Comparer(Answerer(Searcher(index)))
    result = comparer.compare("Hur har sjukfrånvaron utvecklats?", [2023, 2025])
    by_year = {y.year: y for y in result.years}
    assert any(has_measured_amount(c.quote) for c in by_year[2025].statements)
    # without a figure among the chosen statements, the best unit with one on the measure leads
    lead = comparer._measure("Hur har sjukfrånvaron utvecklats?", Filters([2025]), [])
    assert lead is not None and "sjukfrånvaro" in lead.terms and has_measured_amount(lead.text)


def test_compare_keeps_the_other_filters_for_each_year(index):
    from osnqa.search import Filters

    result = Comparer(Answerer(Searcher(index))).compare("sjukfrånvaro", [2023, 2025], Filters(part="Bilaga 1"))
    cited = [c for y in result.years for c in y.statements]
    assert cited and all(c.source.part == "Bilaga 1" for c in cited)
