import json

import pytest
from click.testing import CliRunner

from osnqa.answer import Answerer
from osnqa.cli import main
from osnqa.index.store import open_index
from osnqa.quantities import quantities
from osnqa.search import Searcher
from osnqa.verify import Verifier, _change_conflict

from conftest import CORPUS


@pytest.fixture(scope="module")
def verifier(built_index):
    return Verifier(Answerer(Searcher(open_index(built_index))))


def test_quantities_read_numbers_words_and_fractions():
    got = [(q.value, q.unit) for q in quantities("1 984 mnkr, 7,65 procent, tolv åtgärder, tre fjärdedelar, år 2023")]
    assert got == [(1984.0, "mnkr"), (7.65, "%"), (12.0, "åtgärder"), (75.0, "%")]


@pytest.mark.parametrize("claim, verdict, words", [
    ("Sjukfrånvaron per augusti 2025 var 7,65 procent.", "supported", None),
    ("Sjukfrånvaron per augusti 2025 var 9 procent.", "contradicted", "7,65"),
    ("I oktober 2024 beslutade omsorgsnämnden om tolv åtgärder för ökad trygghet och säkerhet.", "contradicted", "tio"),
    ("Omsorgsnämnden hade ett underskott på 20 miljoner kronor 2023.", "contradicted", "underskott"),
    ("Nämnden har köpt tre elbilar till hemtjänsten i Skåne.", "not_found", None),
    # the source says "högre intäkter, en lägre volym inom personlig assistans": the change word
    # that goes with the volume decides, not the first one in the sentence
    ("Överskottet 2023 berodde bland annat på att volymerna inom personlig assistans blev högre än budgeterat.",
     "contradicted", "lägre"),
])
def test_verdicts(verifier, claim, verdict, words):
    v = verifier.verify(claim)
    assert v.verdict == verdict, v.explanation
    if words:
        assert words in v.explanation
    for c in v.evidence:
        text = (CORPUS / c.source.file).read_text(encoding="utf-8")
        assert text[c.source.start : c.source.end] == c.quote


def test_change_words_are_read_with_what_they_are_said_of():
    source = "Högre intäkter, en lägre volym inom personlig assistans och effekter av åtgärder bidrog till överskott."
    assert _change_conflict("Volymen inom personlig assistans blev högre.", source) == 'källan säger "lägre" där påståendet säger "högre"'
    assert _change_conflict("Intäkterna blev högre än väntat.", source) is None
    assert _change_conflict("Volymen inom personlig assistans blev lägre.", source) is None


def test_a_figure_from_another_column_is_not_support(verifier):
    v = verifier.verify("Sjukfrånvarokostnaderna per augusti 2025 var 8,17 procent.")
    assert v.verdict == "contradicted"


def test_verify_batch_json_markdown_and_strict(built_index, tmp_path):
    claims = tmp_path / "claims.txt"
    claims.write_text("Sjukfrånvaron per augusti 2025 var 9 procent.\nSjukfrånvaron per augusti 2025 var 7,65 procent.\n",
                      encoding="utf-8")
    report = tmp_path / "rapport.md"
    out = CliRunner().invoke(main, ["verify", "--batch", str(claims), "--index", str(built_index), "--json",
                                    "--markdown", str(report), "--strict"])
    assert out.exit_code == 3
    lines = [json.loads(l) for l in out.stdout.splitlines()]
    assert [l["verdict"] for l in lines] == ["contradicted", "supported"]
    assert "| motsägs |" in report.read_text(encoding="utf-8")
    calm = CliRunner().invoke(main, ["verify", "Sjukfrånvaron per augusti 2025 var 7,65 procent.",
                                     "--index", str(built_index), "--strict"])
    assert calm.exit_code == 0
