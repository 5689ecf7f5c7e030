"""No English from click reaches a user: help, usage, errors and suggestions are Swedish."""

import ast
import importlib
import inspect
import re

import click
import pytest
from click.testing import CliRunner

from osnqa.cli import main
from osnqa.click_sv import CLICK_MODULES, EXAMPLES, MESSAGES, PLURALS

ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show this|Show the|Error|Did you mean|No such|Invalid value|"
                     r"Missing|Try '|INTEGER|PATH|OPTIONS|COMMAND|ARGS|QUESTION|QUERY|TOPIC|CLAIM|not a valid|"
                     r"does not exist|required|default)\b")


def invoke(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], terminal_width=80, prog_name="osnqa", **kwargs)


def _click_msgids():
    """Every literal click passes to gettext/ngettext."""
    singles, plurals = set(), set()
    for name in CLICK_MODULES:
        source = inspect.getsource(importlib.import_module(name))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if node.func.id == "_" and args:
                    singles.add(args[0])
                elif node.func.id == "ngettext" and len(args) >= 2:
                    plurals.add((args[0], args[1]))
    return singles, plurals


def test_every_click_message_has_a_swedish_translation():
    singles, plurals = _click_msgids()
    assert len(singles) > 40 and plurals  # the scan finds click's texts
    assert singles - set(MESSAGES) == set()
    assert plurals - set(PLURALS) == set()


def test_translations_keep_their_placeholders():
    fields = lambda s: {f for _, f, _, _ in __import__("string").Formatter().parse(s) if f}
    for en, sv in MESSAGES.items():
        assert fields(sv) <= fields(en), en
    for en, sv in PLURALS.items():
        assert fields(sv[0]) <= fields(en[0]) | fields(en[1]) and fields(sv[1]) <= fields(en[1]), en


def test_top_help_is_swedish_lists_every_command_whole_and_has_an_example():
    result = invoke("--help")
    assert result.exit_code == 0
    out = result.output
    assert not ENGLISH.search(out), ENGLISH.search(out)
    assert "Användning: osnqa [FLAGGOR] KOMMANDO" in out and "Kommandon:" in out and "Exempel:" in out
    assert "..." not in out.replace("[ARGUMENT]...", "") and "…" not in out
    flat = " ".join(out.split())
    for name, command in main.commands.items():
        assert f" {name} " in flat
        assert command.get_short_help_str(10_000) in flat  # the whole first sentence, not cut


@pytest.mark.parametrize("name", sorted(main.commands))
def test_each_command_help_is_swedish_with_an_example(name):
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert not ENGLISH.search(result.output), (name, ENGLISH.search(result.output))
    assert f"Användning: osnqa {name} [FLAGGOR]" in result.output
    assert "Exempel:" in result.output and EXAMPLES[name][0] in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())


@pytest.mark.parametrize("args, expected", [
    (["trce"], "Kommandot 'trce' finns inte. Menade du 'trace'?"),
    (["ask", "--yeer", "3", "x"], "Flaggan '--yeer' finns inte. Menade du '--year'?"),
    (["ask", "--year", "x", "q"], "Ogiltigt värde för '--year': 'x' är inte ett giltigt tal."),
    (["search", "-k", "0", "q"], "0 ligger inte inom"),
    (["search", "--mode", "x", "q"], "'x' är inte något av 'hybrid', 'bm25', 'dense'."),
    (["eval", "/finns/inte.jsonl"], "Ogiltigt värde för 'GULDFIL': '/finns/inte.jsonl' finns inte."),
    (["ask", "--year"], "Flaggan '--year' behöver ett värde."),
    (["docs", "extra"], "Oväntat extra argument (extra)"),
])
def test_usage_errors_are_swedish_and_exit_2(args, expected):
    result = invoke(*args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Fel: " in result.stderr
    if args[-1] != "--year":  # click shows no usage when an option's value is missing at the end
        assert "Användning: osnqa" in result.stderr and "Skriv 'osnqa" in result.stderr
    assert not ENGLISH.search(result.stderr), ENGLISH.search(result.stderr)


def test_click_is_english_again_outside_osnqa():
    invoke("--help")

    @click.command()
    @click.option("--n", type=int)
    def other(n):
        pass

    result = CliRunner().invoke(other, ["--n", "x"])
    assert "Usage:" in result.output and "is not a valid integer" in result.output
