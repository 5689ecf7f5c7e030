import json
import shutil

import pytest
from click.testing import CliRunner

from osnqa.cli import main
from pdfgen import encrypt, make_pdf


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def test_every_command_has_help():
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help, name


def test_ingest_then_docs_and_uppdrag_json(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    result = run("ingest", corpus_copy, "--index", idx)
    assert result.exit_code == 0, result.output
    docs = json.loads(run("docs", "--index", idx, "--json").output)["documents"]
    assert [(d["file"], d["year"], d["diarienummer"]) for d in docs] == [
        ("000_32b583a309147579.txt", 2025, "OSN-2024-00720"),
        ("001_63bd1cf8f94e9453.txt", 2023, "OSN-2023-00045"),
        ("004_033a82616c42eb84.txt", 2025, "OSN-2024-00635"),
    ]
    assert [p["part"] for p in docs[1]["parts"]] == ["Tjänsteskrivelse", "Bilaga 1", "Bilaga 2", "Bilaga 3", "Bilaga 4"]
    items = json.loads(run("uppdrag", "--index", idx, "--json").output)["assignments"]
    per_year = {}
    for a in items:
        per_year.setdefault(a["year"], []).append(a["uppdrag"])
        assert a["title"] and a["source"]["file"]
    assert len(per_year[2025]) == 23 and len(per_year[2023]) == 16
    only_2023 = json.loads(run("uppdrag", "--index", idx, "--json", "--year", 2023).output)["assignments"]
    assert {a["year"] for a in only_2023} == {2023}


def test_bad_files_are_reported_and_the_rest_is_ingested(corpus_copy, tmp_path):
    (corpus_copy / "tom.txt").write_bytes(b"")
    (corpus_copy / "fel.txt").write_bytes("årsbokslut".encode("latin-1"))
    (corpus_copy / "skannad.pdf").write_bytes(make_pdf([[], []]))
    (corpus_copy / "last.pdf").write_bytes(encrypt(make_pdf([["Budget 2025 för nämnden."]])))
    (corpus_copy / "bild.png").write_bytes(b"\x89PNG....")
    idx = tmp_path / "idx"
    result = CliRunner().invoke(main, ["ingest", str(corpus_copy), "--index", str(idx), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["documents"]) == 3
    reasons = {s["file"]: s["reason"] for s in data["skipped"]}
    assert set(reasons) == {"tom.txt", "fel.txt", "skannad.pdf", "last.pdf", "bild.png"}
    assert "OCR" in reasons["skannad.pdf"]
    assert "krypterad" in reasons["last.pdf"]
    for name in reasons:
        assert name in result.stderr  # one line per file, naming it
    docs = json.loads(run("docs", "--index", idx, "--json").output)
    assert {s["file"] for s in docs["skipped"]} == set(reasons)


def test_nothing_readable_exits_1(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "tom.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["ingest", str(bad), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 1
    assert "tom.txt" in result.stderr


def test_a_file_broken_later_keeps_its_indexed_version(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    assert run("ingest", corpus_copy, "--index", idx).exit_code == 0
    (corpus_copy / "004_033a82616c42eb84.txt").write_bytes("trasig ".encode("utf-8") + b"\xff\xfe")
    result = CliRunner().invoke(main, ["ingest", str(corpus_copy), "--index", str(idx), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert "004_033a82616c42eb84.txt" in {d["file"] for d in data["documents"]}
    assert "behålls" in data["skipped"][0]["reason"]


def test_reingest_touches_only_changed_files(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    run("ingest", corpus_copy, "--index", idx)
    again = json.loads(run("ingest", corpus_copy, "--index", idx, "--json").output)
    assert again["added"] == [] and again["updated"] == [] and again["embedded"] == 0
    path = corpus_copy / "004_033a82616c42eb84.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nTillägg om trygghetskameror i hemtjänsten.\n", encoding="utf-8")
    shutil.move(corpus_copy / "000_32b583a309147579.txt", tmp_path / "moved.txt")
    third = json.loads(run("ingest", corpus_copy, "--index", idx, "--json").output)
    assert third["updated"] == ["004_033a82616c42eb84.txt"]
    assert third["removed"] == ["000_32b583a309147579.txt"]
    assert third["unchanged"] == ["001_63bd1cf8f94e9453.txt"]
    assert third["reused"] > third["embedded"] > 0


def test_model_mismatch_is_refused(corpus_copy, tmp_path):
    idx = tmp_path / "idx"
    run("ingest", corpus_copy, "--index", idx)
    result = CliRunner().invoke(main, ["ingest", str(corpus_copy), "--index", str(idx), "--model", "e5-small"])
    assert result.exit_code == 1
    assert "--rebuild" in result.stderr


def test_no_index_is_a_user_error(tmp_path):
    result = CliRunner().invoke(main, ["docs", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "osnqa ingest" in result.stderr


@pytest.mark.parametrize("args", [["search", "--batch", "/nonexistent/q.txt"], ["search"]])
def test_bad_query_input(built_index, args):
    result = CliRunner().invoke(main, args + ["--index", str(built_index)])
    assert result.exit_code in (1, 2)
    assert result.stderr
