"""The Milvus backend (milvus-lite) against the embedded store: same searches, same lookups,
the same ingest guarantees. Skipped without the extra (pip install -e '.[milvus]')."""

import os
import shutil
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from osnqa.cli import main
from osnqa.errors import OsnqaError
from osnqa.index.backend import POINTER, Where, open_index
from osnqa.index.store import Index
from osnqa.indexer import ingest
from osnqa.search import Filters, Searcher

from conftest import CORPUS

pytest.importorskip("pymilvus")

from osnqa.index import milvus_store  # noqa: E402

QUERIES = ["sjukfrånvaro", "Hur går det ekonomiskt?", "OSN-2024-00720", "uppdrag 3 2025",
           "hemtjänst kostnader", "vad säger bilaga 2 om digitalisering"]


@pytest.fixture(scope="module")
def milvus_uri(tmp_path_factory):
    return os.environ.get("OSNQA_MILVUS_URI") or str(tmp_path_factory.mktemp("milvus") / "milvus.db")


@pytest.fixture(scope="module")
def both(tmp_path_factory, milvus_uri):
    """The bundled corpus in each backend (hash embedder)."""
    embedded = tmp_path_factory.mktemp("embedded")
    ingest([CORPUS], embedded, model="hash", backend="embedded")
    milvus = tmp_path_factory.mktemp("milvus-index")
    ingest([CORPUS], milvus, model="hash", backend="milvus", milvus_uri=milvus_uri)
    return Index(embedded), open_index(milvus)


def test_directory_names_its_backend(both):
    e, m = both
    assert isinstance(e, Index) and isinstance(m, milvus_store.MilvusIndex)
    assert (m.root / POINTER).exists() and not (e.root / POINTER).exists()
    assert m.manifest["backend"]["name"] == "milvus" and m.manifest["model"] == e.manifest["model"]
    assert m.manifest["schema_version"] == e.manifest["schema_version"]


def test_lookups_are_the_same(both):
    e, m = both
    assert m.size == e.size and m.years == e.years
    assert [d.to_dict() for d in m.documents] == [d.to_dict() for d in e.documents]
    assert [a.to_dict() for a in m.assignments] == [a.to_dict() for a in e.assignments]
    assert [p.to_dict() for p in m.all_passages()] == [p.to_dict() for p in e.all_passages()]
    assert m.embed_keys() == e.embed_keys()
    assert np.allclose(m.embeddings(), e.embeddings())
    assert np.allclose(m.title_matrix(), e.title_matrix()) and m.title_keys() == e.title_keys()
    for idx in (0, e.size // 2, e.size - 1):
        assert np.array_equal(m.sentence_vectors(idx), e.sentence_vectors(idx))
    for doc in e.documents:
        assert m.texts(doc.file) == e.texts(doc.file)
    terms = ["sjukfrånvaro", "budget", "osn-2024-00720", "finnsintealls"]
    assert m.document_frequencies(terms) == e.document_frequencies(terms)
    for field in ("year", "part", "uppdrag", "namnd", "paragraph"):
        assert m.distinct(field) == e.distinct(field)
    year = e.years[-1]
    for where in (Where(), Where(years=(year,)), Where(part="bilaga 1"), Where(uppdrag=3, years=(year,)),
                  Where(file=e.documents[0].file, other_than_uppdrag=3), Where(years=(1999,))):
        assert m.rows(where).tolist() == e.rows(where).tolist()
        assert m.count(where) == e.count(where)
        assert m.distinct("part", where) == e.distinct("part", where)


def test_expression_quotes_values():
    expr = milvus_store.expression(Where(namnd_in=('Omsorgs"nämnden', "a\\b"), years=(2024, 2025)))
    assert expr == 'year in [2024, 2025] and namnd in ["Omsorgs\\"nämnden", "a\\\\b"]'


@pytest.mark.parametrize("query", QUERIES)
def test_dense_search_is_the_same(both, query):
    e, m = both
    se, sm = Searcher(e), Searcher(m)
    de, dm = se.search(query, k=10, mode="dense").hits, sm.search(query, k=10, mode="dense").hits
    assert [h.passage.id for h in dm] == [h.passage.id for h in de]
    assert [h.score for h in dm] == pytest.approx([h.score for h in de], abs=1e-5)


@pytest.mark.parametrize("query", QUERIES)
def test_bm25_and_hybrid_are_the_same(both, query):
    """Milvus finds the BM25 candidates; they are scored as FTS5 scores them."""
    e, m = both
    assert {r for r, _ in m.lexical_search(query, 1000, Where())} == {r for r, _ in e.lexical_search(query, 1000, Where())}
    se, sm = Searcher(e), Searcher(m)
    for mode in ("bm25", "hybrid"):
        he, hm = se.search(query, k=10, mode=mode).hits, sm.search(query, k=10, mode=mode).hits
        assert [h.passage.id for h in hm] == [h.passage.id for h in he]
        assert [h.score for h in hm] == pytest.approx([h.score for h in he], rel=1e-6)


def test_filters_restrict_every_hit(both):
    _, m = both
    year = m.years[0]
    hits = Searcher(m).search("verksamhetsplan uppdrag", k=10, filters=Filters(years=[year], part="Tjänsteskrivelse")).hits
    assert hits and all(h.passage.source.year == year and h.passage.source.part == "Tjänsteskrivelse" for h in hits)


def test_cli_search_ask_verify_read_a_milvus_index(both):
    _, m = both
    for args in (["search", "sjukfrånvaro", "-k", "3"], ["ask", "Hur hög var sjukfrånvaron?"],
                 ["verify", "Sjukfrånvaron var 7,65 procent"]):
        out = CliRunner().invoke(main, [*args, "--index", str(m.root), "--json"])
        assert out.exit_code in (0, 3), out.output
        assert out.output.lstrip().startswith("{")


def test_reingest_reuses_vectors_and_switches_whole_generations(tmp_path, milvus_uri):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    first = ingest([corpus], index_dir, model="hash", backend="milvus", milvus_uri=milvus_uri)
    assert first.written and first.embedded > 0
    reader = open_index(index_dir)
    before = reader.generation
    again = ingest([corpus], index_dir, model="hash")  # the directory says milvus
    assert not again.written
    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nEtt nytt stycke om fjärrvärme i Uppsala.\n",
                       encoding="utf-8")
    third = ingest([corpus], index_dir, model="hash")
    assert third.written and third.updated == [changed.name]
    assert 0 < third.embedded < third.reused
    after = open_index(index_dir)
    assert after.generation != before
    assert Searcher(after).search("fjärrvärme", k=3, mode="bm25").hits[0].passage.source.file == changed.name
    assert reader.passage(0).id  # a reader of the previous generation still reads it (it is kept)
    client = milvus_store.connect(milvus_store.read_pointer(index_dir)["uri"])
    gens = {c.split("_")[2] for c in client.list_collections() if c.startswith(after.name + "_g")}
    assert gens == {before, after.generation}
    ingest([corpus], index_dir, model="hash", backend="embedded")  # back to the embedded store
    assert isinstance(open_index(index_dir), Index) and not (index_dir / POINTER).exists()


def test_without_the_extra_one_line_names_the_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pymilvus", None)
    with pytest.raises(OsnqaError) as err:
        ingest([CORPUS], tmp_path / "index", model="hash", backend="milvus")
    assert "pip install -e '.[milvus]'" in str(err.value) and "\n" not in str(err.value)
    out = CliRunner().invoke(main, ["ingest", str(CORPUS), "--index", str(tmp_path / "i2"), "--backend", "milvus"])
    assert out.exit_code == 1 and "pip install -e '.[milvus]'" in out.output


def test_unknown_backend_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("OSNQA_BACKEND", "elastic")
    with pytest.raises(OsnqaError, match="okänd indexmotor"):
        ingest([CORPUS], tmp_path / "index", model="hash")


def test_check_reads_a_milvus_index(both):
    from osnqa.check import check_index

    e, m = both
    report = check_index(m.root)
    assert report.passages == e.size and report.quotes_checked == e.size and report.generation == m.generation


def test_an_interrupted_ingest_leaves_the_previous_generation(tmp_path, milvus_uri, monkeypatch):
    index_dir = tmp_path / "index"
    ingest([CORPUS], index_dir, model="hash", backend="milvus", milvus_uri=milvus_uri)
    before = open_index(index_dir)
    calls = {"n": 0}
    real = milvus_store._insert

    def failing(client, name, rows):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # killed halfway through writing the new generation
        real(client, name, rows)

    monkeypatch.setattr(milvus_store, "_insert", failing)
    with pytest.raises(KeyboardInterrupt):
        ingest([CORPUS], index_dir, model="hash", rebuild=True)
    after = open_index(index_dir)
    assert after.generation == before.generation and after.size == before.size
    assert Searcher(after).search("sjukfrånvaro", k=3).hits
    client = milvus_store.connect(milvus_store.read_pointer(index_dir)["uri"])
    assert {c.split("_")[2] for c in client.list_collections() if c.startswith(after.name + "_g")} == {before.generation}
