"""Every index file damaged every way: truncated, zeroed, bytes flipped. No answer may come
from a damaged index; each case exits 1 with one line naming the file, and ingest repairs it."""

import json
import shutil

import pytest
from click.testing import CliRunner

from osnqa.cli import main
from osnqa.index import integrity

from conftest import CORPUS

FILES = ["CURRENT", "manifest.json", "documents.json", "assignments.json", "assignment_keys.json", "lineage.json",
         "index.sqlite", "embeddings.npy", "vectors.faiss", "sentences.npy", "assignments.npy"]
MODES = ["truncate", "zero", "flip"]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def generation(idx):
    return idx / json.loads((idx / "CURRENT").read_text())["generation"]


def damage(path, mode):
    data = bytearray(path.read_bytes())
    if mode == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif mode == "zero":
        path.write_bytes(bytes(len(data)))
    else:  # a few bytes flipped, spread through the file
        for at in (len(data) // 7, len(data) // 2, len(data) - len(data) // 5):
            data[at] ^= 0x5A
        path.write_bytes(bytes(data))


@pytest.fixture
def index_copy(built_index, tmp_path):
    target = tmp_path / "idx"
    shutil.copytree(built_index, target)
    return target


def one_line_naming(result, victim):
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and victim in lines[0] and "osnqa ingest" in lines[0], result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("victim", FILES)
def test_a_damaged_file_is_never_answered_from(index_copy, victim, mode):
    path = index_copy / victim if victim == "CURRENT" else generation(index_copy) / victim
    assert path.stat().st_size <= integrity.SAMPLE_FULL  # the bundled index is hashed whole at open
    damage(path, mode)
    for args in (["search", "sjukfrånvaro", "--json"], ["ask", "Hur stor var sjukfrånvaron?", "--json"],
                 ["docs", "--json"], ["uppdrag", "--json"], ["check"]):
        one_line_naming(invoke(*args, "--index", index_copy), victim)


@pytest.mark.parametrize("victim", ["sentences.npy", "index.sqlite", "embeddings.npy"])
def test_large_files_are_sampled_at_open_and_hashed_whole_by_check(index_copy, monkeypatch, victim):
    monkeypatch.setattr(integrity, "SAMPLE_FULL", 64 * 1024)  # as if the index were large
    monkeypatch.setattr(integrity, "EDGE", 8 * 1024)
    path = generation(index_copy) / victim
    size = path.stat().st_size
    # re-record the sample digests under the smaller limit, as an ingest at that scale would
    manifest_path = generation(index_copy) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for name, rec in manifest["checksums"].items():
        rec["sample"] = integrity.sample(generation(index_copy) / name)
    manifest_path.write_text(json.dumps(manifest))
    pointer = json.loads((index_copy / "CURRENT").read_text())
    from osnqa.index.store import _sealed

    pointer["manifest_sha256"] = integrity.sha256(manifest_path)
    (index_copy / "CURRENT").write_text(json.dumps(_sealed(pointer)))
    assert invoke("docs", "--index", index_copy).exit_code == 0
    data = bytearray(path.read_bytes())
    data[size - 3] ^= 0xFF  # in the sampled tail: caught at open
    path.write_bytes(bytes(data))
    one_line_naming(invoke("search", "budget", "--index", index_copy), victim)
    data[size - 3] ^= 0xFF
    # a byte between the sampled blocks: only the full check sees it
    block_starts = [integrity.EDGE + (size - 2 * integrity.EDGE - integrity.BLOCK) * k // (integrity.SAMPLE_BLOCKS - 1)
                    for k in range(integrity.SAMPLE_BLOCKS)]
    at = next(a + integrity.BLOCK + 10 for a in block_starts
              if not any(b <= a + integrity.BLOCK + 10 < b + integrity.BLOCK for b in block_starts))
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    assert integrity.sample(path) == manifest["checksums"][victim]["sample"]
    one_line_naming(invoke("check", "--index", index_copy), victim)


def test_check_passes_a_sound_index_and_compares_every_passage(index_copy):
    result = invoke("check", "--index", index_copy, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] and report["passages"] > 100
    assert report["quotes_checked"] == report["passages"]  # the bundled corpus is where it was ingested from


def test_check_finds_a_passage_that_no_longer_matches_its_document(index_copy):
    import sqlite3

    path = generation(index_copy) / "index.sqlite"
    conn = sqlite3.connect(path)
    data = json.loads(conn.execute("SELECT data FROM passages WHERE idx = 5").fetchone()[0])
    data["text"] = data["text"].replace("a", "e", 1)
    conn.execute("UPDATE passages SET data = ? WHERE idx = 5", (json.dumps(data, ensure_ascii=False),))
    conn.commit()
    conn.close()
    # rewrite the checksums as a careless tool might, so that only the content check can tell
    manifest_path = generation(index_copy) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["checksums"]["index.sqlite"] = {"size": path.stat().st_size, "sha256": integrity.sha256(path),
                                             "sample": integrity.sample(path)}
    manifest_path.write_text(json.dumps(manifest))
    from osnqa.index.store import _sealed

    pointer = json.loads((index_copy / "CURRENT").read_text())
    pointer["manifest_sha256"] = integrity.sha256(manifest_path)
    (index_copy / "CURRENT").write_text(json.dumps(_sealed(pointer)))
    result = invoke("check", "--index", index_copy)
    assert result.exit_code == 1
    assert data["id"] in result.stderr and "index.sqlite" in result.stderr


def test_ingest_recovers_from_the_previous_generation(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    assert invoke("ingest", corpus_copy, "--index", idx).exit_code == 0
    first = generation(idx).name
    extra = corpus_copy / "004_033a82616c42eb84.txt"
    extra.write_text(extra.read_text(encoding="utf-8") + "\nTillägg om trygghetskameror.\n", encoding="utf-8")
    assert invoke("ingest", corpus_copy, "--index", idx).exit_code == 0
    assert {p.name for p in idx.glob("gen-*")} == {first, generation(idx).name}  # one earlier generation kept
    damage(generation(idx) / "embeddings.npy", "zero")
    result = invoke("ingest", corpus_copy, "--index", idx, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert "embeddings.npy" in report["recovered"] and first in report["recovered"]
    assert report["updated"] == ["004_033a82616c42eb84.txt"] and report["reused"] > 0
    assert invoke("check", "--index", idx).exit_code == 0
    hits = json.loads(invoke("search", "trygghetskameror", "--index", idx, "--json").stdout)["hits"]
    assert hits


def test_ingest_rebuilds_from_the_documents_when_no_generation_is_whole(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    assert invoke("ingest", corpus_copy, "--index", idx).exit_code == 0
    damage(generation(idx) / "index.sqlite", "truncate")
    result = invoke("ingest", corpus_copy, "--index", idx)
    assert result.exit_code == 0, result.output
    assert "index.sqlite" in result.stderr and "från dokumenten" in result.stderr
    assert invoke("check", "--index", idx).exit_code == 0


def test_the_default_index_repairs_itself_before_answering(tmp_path, monkeypatch):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    assert invoke("ingest").exit_code == 0
    damage(generation(tmp_path / "index") / "vectors.faiss", "flip")
    result = invoke("search", "sjukfrånvaro", "--json")
    assert result.exit_code == 0, result.output
    assert "vectors.faiss" in result.stderr and "byggde om" in result.stderr
    assert json.loads(result.stdout)["hits"]
    assert invoke("check").exit_code == 0
