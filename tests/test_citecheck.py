"""Citations re-read from their documents: the check used by `osnqa eval --tasks`."""

import json
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from osnqa.answer import Answerer
from osnqa.citecheck import CitationChecker
from osnqa.cli import main
from osnqa.index.store import open_index
from osnqa.indexer import ingest
from osnqa.search import Searcher

from conftest import CORPUS, SHARED_GOLD


def test_an_exact_quote_passes_and_a_shifted_one_is_reported(built_index):
    index = open_index(built_index)
    answer = Answerer(Searcher(index)).ask("Vilken sjukfrånvaro hade nämnden per augusti 2025?")
    checker = CitationChecker(index)
    checker.check_all(answer.citations, "ok")
    c = answer.citations[0]
    checker.check(c.quote, replace(c.source, start=c.source.start + 1, end=c.source.end + 1), "shifted")
    result = checker.result
    assert result.checked == len(answer.citations) + 1
    assert [b["id"] for b in result.broken] == ["shifted"]


def test_a_document_changed_since_ingest_is_not_checked_but_named(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    ingest([corpus], tmp_path / "idx", model="hash")
    index = open_index(tmp_path / "idx")
    passage = index.passage(0)
    (corpus / passage.source.file).write_text("ändrad\n", encoding="utf-8")
    checker = CitationChecker(index)
    checker.check(passage.text, passage.source, "p0")
    assert checker.result.checked == 0 and checker.result.unreadable == {passage.source.file}


def test_eval_tasks_reports_every_citation_exact(built_index, tmp_path):
    gold = tmp_path / "gold.jsonl"
    items = [
        {"id": "f1", "kind": "fact", "question": "Vilken sjukfrånvaro hade nämnden per augusti 2025?", "must_contain": []},
        {"id": "a1", "kind": "absent", "question": "Vem är ordförande i nämnden?"},
        {"id": "c1", "kind": "compare", "question": "Hur har volymen inom personlig assistans utvecklats?",
         "years": [2023, 2025], "must_contain": []},
        {"id": "v1", "kind": "verify_true", "question": "Sjukfrånvaron per augusti 2025 var 7,65 procent."},
    ]
    gold.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    out = CliRunner().invoke(main, ["eval", str(gold), "--index", str(built_index), "--tasks", "--json"])
    assert out.exit_code == 0, out.output
    cites = next(t for t in json.loads(out.output)["tasks"] if t["kind"] == "citations")
    assert cites["items"] > 5 and cites["exact"] == 1.0 and cites["failures"] == []


@pytest.mark.skipif(not SHARED_GOLD.is_file(), reason="../shared/gold is not present in this checkout")
def test_every_citation_over_the_dev_questions_is_exact(built_index):
    out = CliRunner().invoke(main, ["eval", str(SHARED_GOLD), "--index", str(built_index), "--tasks", "--json"])
    assert out.exit_code == 0, out.output
    cites = next(t for t in json.loads(out.output)["tasks"] if t["kind"] == "citations")
    assert cites["items"] > 100 and cites["exact"] == 1.0, cites["failures"][:3]
