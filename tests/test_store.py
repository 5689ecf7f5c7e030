import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from osnqa.cli import main
from osnqa.errors import IndexCorruptError
from osnqa.index.store import open_index
from osnqa.search import Searcher

from conftest import ROOT


def current_generation(idx):
    return idx / json.loads((idx / "CURRENT").read_text())["generation"]


def test_index_files_are_inspectable_without_pickle(built_index):
    gen = current_generation(built_index)
    names = {p.name for p in gen.iterdir()}
    assert {"manifest.json", "documents.json", "assignments.json", "index.sqlite", "embeddings.npy",
            "vectors.faiss"} <= names
    manifest = json.loads((gen / "manifest.json").read_text())
    assert manifest["model"]["name"] == "hash"
    assert manifest["schema_version"] == 4
    assert set(manifest["files"]) == {"000_32b583a309147579.txt", "001_63bd1cf8f94e9453.txt", "004_033a82616c42eb84.txt"}
    import numpy as np

    arr = np.load(gen / "embeddings.npy", allow_pickle=False)
    assert arr.shape == (manifest["passages"], manifest["dimensions"])


@pytest.mark.parametrize("victim", ["vectors.faiss", "manifest.json", "index.sqlite", "embeddings.npy"])
def test_truncated_index_file_names_the_file_and_the_fix(corpus_copy, tmp_path, victim):
    idx = tmp_path / "idx"
    CliRunner().invoke(main, ["ingest", str(corpus_copy), "--index", str(idx)])
    path = current_generation(idx) / victim
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(IndexCorruptError) as err:
        index = open_index(idx)
        if victim == "embeddings.npy":
            index.embeddings()
        Searcher(index).search("sjukfrånvaro", k=3)
    assert victim in str(err.value)
    assert "osnqa ingest" in str(err.value)
    result = CliRunner().invoke(main, ["ingest", str(corpus_copy), "--index", str(idx), "--rebuild"])
    assert result.exit_code == 0
    assert Searcher(open_index(idx)).search("sjukfrånvaro", k=3).hits


def test_killed_ingest_leaves_the_previous_index_usable(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    assert CliRunner().invoke(main, ["ingest", str(corpus_copy), "--index", str(idx)]).exit_code == 0
    before = open_index(idx).size
    env = dict(os.environ, OSNQA_MODEL="hash", PYTHONPATH=str(ROOT))
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "osnqa", "ingest", str(corpus_copy), "--index", str(idx), "--rebuild"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        index = open_index(idx)  # whatever moment it died, a complete generation is current
        assert index.size == before
        assert Searcher(index).search("Försäkringskassan assistansersättning", k=3).hits
        assert len(list(idx.glob("gen-*"))) >= 1


def test_reused_embeddings_must_fit_the_sentences_the_passage_splits_into_now():
    import numpy as np

    from osnqa.indexer import _fitting

    two = (np.zeros(4, np.float32), np.zeros((2, 4), np.float32))
    three = (np.zeros(4, np.float32), np.zeros((3, 4), np.float32))
    items = [("A. B.", [(0, 2), (3, 5)]), ("C. D. E.", [(0, 2), (3, 5), (6, 8)])]
    # the second text was split into two sentences when it was embedded: it is embedded anew
    assert _fitting({"k1": two, "k2": two}, ["k1", "k2"], items) == {"k1": two}
    assert set(_fitting({"k1": two, "k2": three}, ["k1", "k2"], items)) == {"k1", "k2"}
