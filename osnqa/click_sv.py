"""click in Swedish: a Group and Command whose help, usage and errors a user reads in Swedish.

click wraps every text it shows in `gettext` (`from gettext import gettext as _`, and
`ngettext`) at module level. `SvGroup.main` swaps those two names in click's modules for
lookups in the tables below while osnqa runs, and puts them back afterwards, so other click
programs in the same process are untouched. tests/test_cli_swedish.py checks that every
string click passes to gettext is in the tables, so a click upgrade that adds one fails a test
instead of leaking English. Commands added to the group get all of this automatically
(`command_class`), with an example from EXAMPLES when there is one.
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from typing import Iterator

import click

CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
                 "click.types", "click.termui", "click.utils", "click._termui_impl", "click.shell_completion")

MESSAGES: dict[str, str] = {
    "Aborted!": "Avbrutet.",
    "deprecated": "föråldrad",
    "Missing command.": "Ange ett kommando.",
    "Options": "Flaggor",
    "Positional arguments": "Argument",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Varning: kommandot {name!r} är föråldrat.{extra_message}",
    "Commands": "Kommandon",
    "Value must be an iterable.": "Värdet måste vara en lista.",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Varning: {name!r} är föråldrad.{extra_message}",
    "Could not determine name for option with declarations {decls!r}":
        "Kan inte avgöra namnet på flaggan {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?":
        "Inga flaggor angivna men ett namn ({name}). Menade du ett argument, eller '--{name}'?",
    "env var: {var}": "miljövariabel: {var}",
    "default: {default}": "standard: {default}",
    "required": "krävs",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Ett argument har exakt ett namn, fick {length}: {decls}.",
    "(dynamic)": "(beräknas)",
    "Name '{name}' defined twice": "Namnet '{name}' finns två gånger",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "Ja/nej-flaggan {decl!r} kan inte använda samma namn för ja och nej.",
    "Do you want to continue?": "Vill du fortsätta?",
    "Confirm the action without prompting.": "Bekräfta utan att fråga.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "Show this message and exit.": "Visa denna hjälp och avsluta.",
    "Missing argument": "Argument saknas",
    "unknown error": "okänt fel",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Missing option": "Flagga saknas",
    "Could not open file {filename!r}: {message}": "Kan inte öppna filen {filename!r}: {message}",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing parameter": "Värde saknas",
    "Missing parameter: {param_name}": "Värde saknas: {param_name}",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Missing {param_type}": "{param_type} saknas",
    "Usage:": "Användning:",
    "Invalid start character for option ({option})": "Ogiltigt första tecken i flaggan ({option})",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "file": "fil",
    "directory": "katalog",
    "path": "sökväg",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "Choice({choices})": "Val({choices})",
    "{value} is not in the range {range}.": "{value} ligger inte inom {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} är inte ja eller nej. Giltiga värden: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt tal.",
    "{value!r} is not a valid UUID.": "{value!r} är inte ett giltigt UUID.",
    "{name} {filename!r} is a file.": "{filename!r} är en fil, inte en katalog.",
    "{name} {filename!r} is a directory.": "{filename!r} är en katalog, inte en fil.",
    "{name} {filename!r} is not readable.": "{filename!r} kan inte läsas.",
    "{name} {filename!r} is not writable.": "{filename!r} kan inte skrivas.",
    "{name} {filename!r} is not executable.": "{filename!r} kan inte köras.",
    "{name} {filename!r} does not exist.": "{filename!r} finns inte.",
    "Press any key to continue...": "Tryck på valfri tangent för att fortsätta …",
    "Repeat for confirmation": "Upprepa för att bekräfta",
    "Error: The two entered values do not match.": "Fel: de två värdena är olika.",
    "Unknown color {colour!r}": "Okänd färg {colour!r}",
    "Error: invalid input": "Fel: ogiltig inmatning",
    "Unknown standard stream '{name}'": "Okänd standardström '{name}'",
    "d": "d",
    "{editor}: Editing failed": "{editor}: redigeringen misslyckades",
    "{editor}: Editing failed: {e}": "{editor}: redigeringen misslyckades: {e}",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Kan inte avgöra Bash-versionen; komplettering stöds inte.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Komplettering kräver Bash 4.4 eller senare.",
}

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Oväntat extra argument ({args})", "Oväntade extra argument ({args})"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Tar {nargs} värden men fick 1.", "Tar {nargs} värden men fick {len}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Menade du {possibility}?", "(Menade du något av: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Flaggan {name!r} behöver ett värde.", "Flaggan {name!r} behöver {nargs} värden."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} är inte {choice}.", "{value!r} är inte något av {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} följer inte formatet {format}.", "{value!r} följer inte något av formaten {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} värden krävs, men {len_value} angavs.", "{len_type} värden krävs, men {len_value} angavs."),
}

# metavars: what a user types in place of a value, by click type name and by argument name
TYPE_METAVARS = {"integer": "HELTAL", "integer range": "HELTAL", "float": "TAL", "float range": "TAL",
                 "text": "TEXT", "path": "SÖKVÄG", "file": "FIL", "directory": "KATALOG", "filename": "FIL",
                 "boolean": "JA|NEJ", "uuid": "UUID"}
ARGUMENT_METAVARS = {"question": "FRÅGA", "topic": "ÄMNE", "query": "SÖKNING", "claim": "PÅSTÅENDE",
                     "paths": "SÖKVÄG", "path": "SÖKVÄG", "file": "FIL", "gold": "GULDFIL", "text": "TEXT"}
OPTION_METAVARS = {"years": "ÅR", "year": "ÅR", "uppdrag_no": "NR", "uppdrag": "NR", "batch": "FIL",
                   "index_dir": "KATALOG", "k": "ANTAL", "part": "DEL", "years_text": "ÅR,ÅR", "llm_url": "ADRESS",
                   "llm_model": "NAMN", "model": "MODELL", "markdown": "FIL", "page": "SIDA"}
PATH_NAMES = {"file": "fil", "directory": "katalog", "path": "sökväg"}

# one example per command, shown under "Exempel:" in its help
EXAMPLES: dict[str, list[str]] = {
    "ingest": ["osnqa ingest corpus/"],
    "docs": ["osnqa docs"],
    "uppdrag": ["osnqa uppdrag --year 2025"],
    "search": ["osnqa search sjukfrånvaro --year 2025"],
    "ask": ['osnqa ask "Hur hög var sjukfrånvaron per augusti 2025?"'],
    "compare": ['osnqa compare sjukfrånvaro --years 2023,2025'],
    "trace": ["osnqa trace --uppdrag 34 --year 2025"],
    "verify": ['osnqa verify "Sjukfrånvaron per augusti 2025 var 9 procent."'],
    "shell": ["osnqa shell"],
    "eval": ["osnqa eval gold.jsonl --tasks"],
    "text": ["osnqa text 001_63bd1cf8f94e9453.txt"],
    "check": ["osnqa check"],
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    sv = PLURALS.get((singular, plural))
    if sv is None:
        return singular if n == 1 else plural
    return sv[0] if n == 1 else sv[1]


@contextmanager
def swedish() -> Iterator[None]:
    """click's texts in Swedish for the duration of the block."""
    saved = []
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - a platform-only module
            continue
        for attr, replacement in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, attr):
                saved.append((module, attr, getattr(module, attr)))
                setattr(module, attr, replacement)
    try:
        yield
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)


def _swedish_metavars(params: list[click.Parameter]) -> None:
    for p in params:
        if isinstance(p.type, click.Path):
            p.type.name = PATH_NAMES.get(p.type.name, p.type.name)
        if p.metavar is not None or isinstance(p.type, (click.Choice, click.DateTime)):
            continue
        if isinstance(p, click.Argument):
            var = ARGUMENT_METAVARS.get(p.name or "", (p.name or "").upper())
            if not p.required:
                var = f"[{var}]"
            p.metavar = var + ("..." if p.nargs != 1 else "")
        elif isinstance(p, click.Option) and not p.is_flag and not p.count:
            var = OPTION_METAVARS.get(p.name or "") or TYPE_METAVARS.get(p.type.name)
            if var:
                p.metavar = var + ("..." if p.nargs != 1 else "")


HELP_TEXT = "Visa denna hjälp och avsluta."


def _help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = HELP_TEXT  # click may build it once, outside `swedish()`
    return option


class SvCommand(click.Command):
    """A command whose help is Swedish and ends with an example."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option(super().get_help_option(ctx))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)
        _swedish_metavars(self.params)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        examples = EXAMPLES.get(self.name or "")
        if examples:
            with formatter.section("Exempel"):
                for line in examples:
                    formatter.write_text(line)


class SvGroup(click.Group):
    """The top command: Swedish help listing every command with its whole first sentence."""

    command_class = SvCommand

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option(super().get_help_option(ctx))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)
        _swedish_metavars(self.params)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Kommandon"):
                formatter.write_dl(rows)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        with formatter.section("Exempel"):
            formatter.write_text('osnqa ingest corpus/ && osnqa ask "Hur stort var överskottet 2023?"')
        formatter.write_paragraph()
        formatter.write_text("Skriv 'osnqa KOMMANDO --help' för hjälp om ett kommando.")

    def main(self, *args, **kwargs):
        with swedish():
            return super().main(*args, **kwargs)
