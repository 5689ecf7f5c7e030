"""Reading needs no write access: a checkout whose index/ the reader cannot write (another
user's, or a read-only share) answers, and a stale one is used with a warning."""

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from osnqa.indexer import ingest

from conftest import CORPUS, ROOT



def _ro_mount_works() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = tempfile.mkdtemp()
    try:
        result = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind {probe} {probe} && "
                                 f"mount -o remount,ro,bind {probe} {probe} && ! touch {probe}/x 2>/dev/null"],
                                capture_output=True, timeout=30)
        return result.returncode == 0
    finally:
        shutil.rmtree(probe, ignore_errors=True)


RO_MOUNT = _ro_mount_works()


@pytest.fixture
def checkout():
    """corpus/ and index/ as in a clone, in a directory every user can read."""
    base = Path(tempfile.mkdtemp(prefix="osnqa-ro-"))
    os.chmod(base, 0o755)
    shutil.copytree(CORPUS, base / "corpus")
    assert ingest([base / "corpus"], base / "index", model="hash").written
    for path in [base, *base.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield base
    for path in base.rglob("*"):
        if path.is_dir():
            os.chmod(path, 0o755)
    shutil.rmtree(base, ignore_errors=True)


def as_reader(base: Path, *args: str) -> subprocess.CompletedProcess:
    """osnqa run where index/ cannot be written: as root (whom permissions do not stop) on a
    read-only bind mount of index/ in a private mount namespace; else as the current user with
    index/ made read-only."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), OSNQA_MODEL="hash", HF_HUB_OFFLINE="1", NO_COLOR="1")
    env.pop("OSNQA_INDEX", None)
    command = [sys.executable, "-m", "osnqa", *args]
    if os.geteuid() == 0:
        if not RO_MOUNT:
            pytest.skip("running as root without mount namespaces: index/ cannot be made read-only")
        idx = base / "index"
        script = f'mount --bind "{idx}" "{idx}" && mount -o remount,ro,bind "{idx}" "{idx}" && exec "$@"'
        command = ["unshare", "-m", "sh", "-c", script, "sh", *command]
    else:
        for path in [base / "index", *(base / "index").rglob("*")]:
            os.chmod(path, path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return subprocess.run(command, cwd=base, env=env, capture_output=True, text=True, timeout=120)


def test_a_current_index_answers_without_write_access(checkout):
    for args in (["search", "sjukfrånvaro", "--json"], ["ask", "Hur stor var sjukfrånvaron?", "--json"],
                 ["verify", "Sjukfrånvaron var 7,65 procent.", "--json"], ["docs", "--json"], ["check"]):
        result = as_reader(checkout, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.strip() == "", (args, result.stderr)
    assert json.loads(as_reader(checkout, "search", "sjukfrånvaro", "--json").stdout)["hits"]


def test_a_stale_index_is_used_with_a_warning(checkout):
    extra = checkout / "corpus" / "004_033a82616c42eb84.txt"
    extra.write_text(extra.read_text(encoding="utf-8") + "\nTillägg.\n", encoding="utf-8")
    result = as_reader(checkout, "search", "sjukfrånvaro", "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "kan inte uppdateras" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert json.loads(result.stdout)["hits"]


def test_ingest_without_write_access_is_one_line(checkout):
    result = as_reader(checkout, "ingest")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "index/" in result.stderr and "skrivrätt" in result.stderr
