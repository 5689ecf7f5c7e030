import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_PDF = ROOT.parent / "shared" / "pdf"
SHARED_GOLD = ROOT.parent / "shared" / "gold" / "dev.jsonl"

# Never download, never touch the developer's home or terminal settings.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "120"

# OSNQA_BACKEND=milvus runs the suite's indexes in milvus-lite: one database file (one local
# server) for the whole session, each index in its own collections.
if os.environ.get("OSNQA_BACKEND") == "milvus" and not os.environ.get("OSNQA_MILVUS_URI"):
    import tempfile

    os.environ["OSNQA_MILVUS_URI"] = str(Path(tempfile.mkdtemp(prefix="osnqa-milvus-")) / "milvus.db")


@pytest.fixture(scope="session", autouse=True)
def _milvus_closed():
    """The milvus-lite servers a session started end with it."""
    yield
    import sys

    if "osnqa.index.milvus_store" in sys.modules:
        sys.modules["osnqa.index.milvus_store"].close_all()


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """Every test runs on the deterministic hash embedder with a private cache dir."""
    monkeypatch.setenv("OSNQA_MODEL", "hash")
    monkeypatch.setenv("OSNQA_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("OSNQA_INDEX", raising=False)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> Path:
    """The bundled corpus ingested once (hash embedder) for read-only tests."""
    from osnqa.indexer import ingest

    os.environ["OSNQA_MODEL"] = "hash"
    index_dir = tmp_path_factory.mktemp("index")
    report = ingest([CORPUS], index_dir, model="hash")
    assert report.written
    assert (index_dir / "milvus.json").exists() == (os.environ.get("OSNQA_BACKEND") == "milvus")
    return index_dir
