"""At 80 columns tables become lists, so no word is broken; the confidence is said plainly;
the first ingest says when it prepares the model."""

import io
import re

from click.testing import CliRunner
from rich.console import Console

from osnqa import render
from osnqa.cli import main
from osnqa.index.store import open_index
from osnqa.indexer import MODEL_STAGE, ingest
from osnqa.search import Searcher
from osnqa.trace import Tracer

from conftest import CORPUS


def _render(fn, *args, width=80) -> str:
    buffer = io.StringIO()
    fn(Console(file=buffer, width=width, no_color=True, highlight=False), *args)
    return buffer.getvalue()


def _whole(words, text):
    """Each word stands whole on one line (not split across two)."""
    lines = text.splitlines()
    return [w for w in words if not any(w in line for line in lines)]


def test_docs_and_uppdrag_at_80_columns_break_no_word(built_index):
    index = open_index(built_index)
    docs = _render(render.documents_table, index.documents)
    assert all(len(line) <= 80 for line in docs.splitlines())
    words = ["Diarienummer", "OSN-2024-00720", "OSN-2023-00045", "000_32b583a309147579.txt", "Omsorgsnämnden",
             "2025-09-17", "Tjänsteskrivelse"]
    assert _whole(words, docs) == []
    items = sorted(index.assignments, key=lambda a: (-(a.year or 0), a.uppdrag))
    upp = _render(render.assignments_table, items, {})
    assert all(len(line) <= 80 for line in upp.splitlines())
    title_words = {w for a in items for w in a.title.split() if len(w) > 6}
    assert _whole(sorted(title_words), upp) == []
    assert "2025 nr 34: Utveckla kommunens" in upp
    wide = _render(render.documents_table, index.documents, width=200)
    assert "┃ Diarienummer" in wide  # a wide terminal keeps the table


def test_trace_at_80_columns_breaks_no_word(built_index):
    trace = Tracer(Searcher(open_index(built_index))).trace(uppdrag=34, year=2025)
    out = _render(render.trace_view, trace)
    assert all(len(line) <= 80 for line in out.splitlines())
    words = {w.strip(".,") for e in trace.lineage for w in (e.title or "").split() + (e.comment or "").split()
             if len(w) > 6}
    assert _whole(sorted(words), out) == []
    assert "2023 nr 20:" in out and "2025 nr 34:" in out


def test_confidence_is_reliability_in_words(built_index):
    out = CliRunner().invoke(main, ["ask", "Hur stort var överskottet 2023?", "--index", str(built_index)]).output
    assert re.search(r"Tillförlitlighet: \d,\d\d \((hög|medel – läs källorna|låg – läs källorna)\)", out)
    assert "Säkerhet" not in out


def test_ingest_reports_while_the_model_is_prepared(tmp_path):
    stages = []
    ingest([CORPUS], tmp_path / "idx", model="hash", progress=lambda stage, done, total: stages.append((stage, done)))
    assert stages[0][0] == "läser"
    assert (MODEL_STAGE, 0) in stages and (MODEL_STAGE, 1) in stages
    first_embedding = next(i for i, s in enumerate(stages) if s[0] == "bäddar in")
    assert stages.index((MODEL_STAGE, 1)) < first_embedding
