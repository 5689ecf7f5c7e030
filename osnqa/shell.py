"""An interactive session that keeps the index and the model loaded between questions."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Callable, Iterable

from rich.console import Console

from . import config, render
from .answer import Answerer
from .compare import Comparer
from .errors import OsnqaError
from .followup import Reading, Turn, is_reason, read
from .scope import missing_years
from .search import Filters, Searcher
from .trace import Tracer
from .verify import Verifier

HELP = """Skriv en fråga och tryck Enter. En följdfråga ("och 2023 då?", "förra året?", "varför?",
"vad beror det på?") läses mot föregående fråga; raden "Tolkar som:" visar hur. Kommandon:
  :search TEXT     sök textavsnitt
  :compare ÄMNE    jämför åren
  :trace UPPDRAG   följ ett uppdrag över åren (t.ex. :trace uppdrag 34 2025)
  :verify PÅSTÅENDE granska ett påstående
  :year ÅR         svara bara ur det årets dokument (:year utan år tar bort filtret)
  :help            denna hjälp
  :quit            avsluta (även Ctrl-D)"""


class Shell:
    def __init__(self, searcher: Searcher, console: Console):
        self.console = console
        self.searcher = searcher
        self.answerer = Answerer(searcher)
        self.years: list[int] = []
        self.last: Turn | None = None  # the previous question or search, for follow-ups

    @property
    def filters(self) -> Filters:
        return Filters(list(self.years))

    def handle(self, line: str) -> bool:
        """Run one line; False when the session should end."""
        line = line.strip()
        if not line:
            return True
        if not line.startswith(":"):
            if self.last is None and is_reason(line):
                self.console.print("Det finns ingen tidigare fråga att knyta an till – skriv hela frågan.")
                return True
            self._question(read(line, self.last, self.searcher.index.years, self.filters))
            return True
        command, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        command = command.lower()
        if command in ("q", "quit", "exit", "avsluta"):
            return False
        if command in ("h", "help", "hjälp", "?"):
            self.console.print(HELP)
        elif command == "year":
            self._year(rest)
        elif command not in ("search", "compare", "trace", "verify"):
            self.console.print(f"Okänt kommando :{command} – skriv :help")
        elif not rest:
            self.console.print(f"Skriv vad som ska sökas efter :{command}, t.ex. :{command} sjukfrånvaro")
        elif command == "search":
            self._question(Reading(rest, "search", self.filters))
        elif command == "compare":
            render.comparison_view(self.console, Comparer(self.answerer).compare(rest, self.years or None))
        elif command == "trace":
            render.trace_view(self.console, Tracer(self.searcher).trace(rest))
        else:
            render.verdict_table(self.console, [Verifier(self.answerer).verify(rest)])
        return True

    def _year(self, rest: str) -> None:
        """:year ÅR sets the year filter, :year alone removes it; a follow-up then reads with it."""
        if not rest:
            self.years = []
            self.console.print("Alla år.")
        elif rest.isdigit():
            self.years = [int(rest)]
            years = self.searcher.index.years
            note = "" if int(rest) in years else f" (obs: indexet har bara {' och '.join(map(str, years))})"
            self.console.print(f"Svarar ur {rest} års dokument.{note}")
        else:
            self.console.print("Ange året med siffror, t.ex. :year 2025")
            return
        if self.last is not None:
            self.last.filters = replace(self.last.filters, years=list(self.years))

    def _question(self, reading: Reading) -> None:
        """Answer a question or run a search, as read; remember it for a follow-up."""
        if reading.followup:
            self.console.print(f"Tolkar som: {reading.shown()}", markup=False)
        missing = missing_years(self.searcher.index, reading.filters.years, ":year")
        if reading.years and not missing and any(y not in self.searcher.index.years for y in reading.years):
            missing = missing_years(self.searcher.index, reading.years, None)
        if missing:
            self.console.print(missing[:1].upper() + missing[1:] + ".", markup=False)
            return
        if reading.kind == "search":
            render.search_table(self.console, self.searcher.search(reading.question, k=5, filters=reading.filters))
        else:
            render.answer_panel(self.console, self.answerer.ask(reading.question, reading.filters))
        if not reading.reason:
            self.last = Turn(reading.question, reading.kind, reading.filters)

    def run(self, lines: Iterable[str] | None = None, prompt: Callable[[], str] | None = None) -> None:
        self.console.print("osnqa – fråga om nämndens dokument. :help visar kommandona, :quit avslutar.")
        source = iter(lines) if lines is not None else None
        while True:
            try:
                line = next(source) if source is not None else prompt()
            except (EOFError, StopIteration, KeyboardInterrupt):
                self.console.print()
                return
            try:
                if not self.handle(line):
                    return
            except OsnqaError as exc:
                self.console.print(f"[red]{exc}[/red]")


def terminal_prompt() -> Callable[[], str]:
    """input() with readline history kept in the cache directory, when a terminal is there."""
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return lambda: input("fråga> ")
    history = config.cache_dir() / "shell_history"
    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        if history.exists():
            readline.read_history_file(str(history))
    except OSError:
        pass

    def ask() -> str:
        line = input("fråga> ")
        try:
            readline.set_history_length(1000)
            readline.write_history_file(str(history))
        except OSError:
            pass
        return line

    return ask if os.isatty(0) else (lambda: input())
