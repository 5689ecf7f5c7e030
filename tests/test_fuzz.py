"""Hostile queries in a batch: every input line gets one JSON line, none a traceback."""

import json
import random

from click.testing import CliRunner

from osnqa.cli import main
from osnqa.index.lexical import STOPWORDS
from osnqa.limits import MAX_QUERY_TOKENS

FTS = ['"', '""', "*", "NEAR(", "NEAR(a b, 3)", "AND", "OR", "NOT", "^", ":", "(", ")", "-", "+", "{", "}",
       "col:", "fts:", "'", "\\", "%", "_", ";", "--", "/*", "MATCH", "rowid"]
WORDS = ["sjukfrånvaro", "budget", "uppdrag", "2025", "OSN-2024-00720", "7,65", "hemtjänst", "Försäkringskassan",
         "nämnden", "överskott", "9:9", "LSS", "ö", "Å"]


def _noise(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:  # control characters (not line breaks: a line is a query)
        return "".join(chr(rng.choice([*range(1, 9), 11, 12, *range(14, 32), 127])) + rng.choice(WORDS)
                       for _ in range(rng.randint(1, 6)))
    if kind == 1:  # FTS5 syntax
        return " ".join(rng.choice(FTS + WORDS) for _ in range(rng.randint(1, 12)))
    if kind == 2:  # very long
        return " ".join(rng.choice(WORDS + FTS) for _ in range(rng.randint(2_000, 12_000)))
    if kind == 3:  # only numbers
        return " ".join(str(rng.randint(-10**9, 10**12)) for _ in range(rng.randint(1, 30)))
    if kind == 4:  # only stopwords
        return " ".join(rng.sample(sorted(STOPWORDS), rng.randint(1, 20)))
    if kind == 5:  # other scripts, emoji, combining marks, lone punctuation
        return "".join(rng.choice(["😀", "ﷺ", "שלום", "e\u0301", "\u200b", "\ufeff", "…", "§", "€", "¤", "�", "ß"])
                       for _ in range(rng.randint(1, 40)))
    if kind == 6:  # one enormous token
        return rng.choice("aåx9") * rng.randint(600, 40_000)
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8))) + rng.choice(["?", "", " 2023", " i år"])


def queries(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        q = _noise(rng).replace("\n", " ").replace("\r", " ").strip()
        out.append(q if q else "x")
    return out


def run_batch(command: str, lines: list[str], index, field: str | None, *options: str) -> list[dict]:
    result = CliRunner().invoke(main, [command, "--batch", "-", "--json", *options, "--index", str(index)],
                                input="\n".join(lines) + "\n")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    if field:
        assert [o[field] for o in out] == lines
    return out


def test_fuzzed_search_batch(built_index):
    lines = queries(300, seed=16)
    out = run_batch("search", lines, built_index, "query", "-k", "3")
    for q, o in zip(lines, out):
        # a query longer than the model reads says so; a short one never does
        if sum(w in WORDS for w in q.split()) > MAX_QUERY_TOKENS:
            assert str(MAX_QUERY_TOKENS) in o["note"]
        if len(q) <= MAX_QUERY_TOKENS - 8:
            assert "note" not in o
    assert any("note" in o for o in out) and any(o["hits"] for o in out)


def test_fuzzed_ask_batch(built_index):
    lines = queries(80, seed=61)
    out = run_batch("ask", lines, built_index, "question", "-k", "3")
    assert all(isinstance(o["abstained"], bool) and 0 <= o["confidence"] <= 1 for o in out)


def test_fuzzed_verify_batch(built_index):
    lines = queries(30, seed=7)
    out = run_batch("verify", lines, built_index, None)  # a claim is read with its spacing normalised
    assert {o["verdict"] for o in out} <= {"supported", "contradicted", "not_found"}
