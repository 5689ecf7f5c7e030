"""Human output with rich. Every function takes the Console to write to."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from .models import Assignment, DocumentInfo, Source


def part_label(source: Source) -> str:
    """A source's part as a reader names it: "Bilaga 1 (Ekonomiskt bokslut 2023)", "§ 24 Detaljplan ..."."""
    if source.paragraph:
        return f"{source.paragraph} {source.part_title}" if source.part_title else source.paragraph
    if source.part_title and source.part not in ("Tjänsteskrivelse", "Dokument") and source.part_title != source.document:
        return f"{source.part} ({source.part_title})"
    return source.part


def _doc_and_part(source: Source, width: int = 40) -> str:
    """A hit's document (its title, shortened) and part or §, for a narrow column."""
    title = source.document or source.file
    if len(title) > width:
        title = title[: width - 1].rsplit(" ", 1)[0] + "…"
    return title if source.part == "Dokument" and not source.paragraph else f"{title} › {part_label(source)}"


def where(source: Source) -> str:
    if source.page:
        return f"s. {source.page}" + (" (OCR)" if source.ocr else "")
    if source.line_start == source.line_end:
        return f"rad {source.line_start}"
    return f"rad {source.line_start}–{source.line_end}"


@contextmanager
def progress_bar(console: Console) -> Iterator:
    """A callback (stage, done, total) that draws a bar on a terminal and nothing elsewhere."""
    if not console.is_terminal:
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=console, transient=True)
    tasks: dict[str, int] = {}
    with bar:
        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage[:1].upper() + stage[1:], total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def ingest_summary(console: Console, report) -> None:
    table = Table(title="Indexerade dokument", title_justify="left")
    for col in ("Fil", "År", "Delar", "Textavsnitt", "Status", "Varningar"):
        table.add_column(col, overflow="fold")
    status = {n: "ny" for n in report.added}
    status.update({n: "uppdaterad" for n in report.updated})
    status.update({n: "oförändrad" for n in report.unchanged})
    status.update({n: "behållen (ny version oläslig)" for n in report.kept_old})
    for doc in report.documents:
        table.add_row(escape(doc.file), str(doc.year or "–"), str(len(doc.parts)), str(doc.passages),
                      status.get(doc.file, "behållen"), str(len(doc.warnings)))
    console.print(table)
    total = sum(d.passages for d in report.documents)
    parts = sum(len(d.parts) for d in report.documents)
    console.print(f"{len(report.documents)} dokument, {parts} delar, {total} textavsnitt; "
                  f"{report.embedded} nya inbäddningar, {report.reused} återanvända.")
    if report.ocr_read or report.ocr_reused:
        console.print(f"Skannade sidor lästa med OCR: {report.ocr_read} nu, {report.ocr_reused} ur cachen (oförändrade filer).")
    if report.removed:
        console.print(f"Borttagna ur indexet: {', '.join(report.removed)}")
    if not report.written and report.documents:
        console.print("Inget hade ändrats; indexet är redan aktuellt.")
    for doc in report.documents:
        for w in doc.warnings:
            console.print(f"[yellow]varning[/yellow] {escape(doc.file)}: {escape(w)}")


def skipped_lines(console: Console, skipped) -> None:
    for s in skipped:
        console.print(f"[red]hoppade över[/red] {escape(s.file)}: {escape(s.reason)}")


NARROW = 120  # below this width a wide table becomes a list, so no word is broken mid-word


def _field_lines(console: Console, heading: str, fields: list[tuple[str, str]]) -> None:
    """One record as a list: a bold heading, then 'Etikett: värde' lines indented under it."""
    from rich.padding import Padding

    console.print(Text(heading, style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in fields:
        grid.add_row(f"{label}:", value)
    console.print(Padding(grid, (0, 0, 1, 2), expand=False))


def documents_table(console: Console, docs: list[DocumentInfo]) -> None:
    if console.width < NARROW:
        console.print(Text("Dokument i indexet", style="italic"))
        for d in docs:
            parts = "; ".join(_part_line(p) for p in d.parts)
            _field_lines(console, d.file, [
                ("Titel", d.title), ("Typ", d.kind or "–"), ("Nämnd", d.namnd or "–"), ("Diarienummer", d.diarienummer or "–"),
                ("Datum", d.date or "–"), ("År", str(d.year or "–")),
                ("Sidor, textavsnitt", f"{d.pages or '–'}, {d.passages}"), ("Delar", parts or "–"),
                ("Varningar", "; ".join(d.warnings) or "–")])
        return
    table = Table(title="Dokument i indexet", title_justify="left", show_lines=True)
    for col in ("Fil", "Titel", "Delar", "Nämnd", "Diarienummer", "Datum", "År", "Sidor", "Avsnitt", "Varningar"):
        table.add_column(col, overflow="fold")
    for d in docs:
        parts = "\n".join(_part_line(p) for p in d.parts)
        table.add_row(escape(d.file), escape(d.title + (f" ({d.kind})" if d.kind else "")), escape(parts),
                      d.namnd or "–", d.diarienummer or "–", d.date or "–", str(d.year or "–"),
                      str(d.pages or "–") + (f" ({d.ocr_pages} OCR)" if d.ocr_pages else ""), str(d.passages),
                      escape("; ".join(d.warnings)) or "–")
    console.print(table)


def _part_line(p) -> str:
    """One part in `docs`: "Bilaga 1: title", or a protokoll's "§ 24 (KS 2024/1): title – beslut, jäv"."""
    if getattr(p, "paragraph", None):
        dnr = f" ({p.diarienummer})" if p.diarienummer else ""
        kinds = f" – {', '.join(p.kinds)}" if p.kinds else ""
        return f"{p.paragraph}{dnr}: {p.title}{kinds}"
    return f"{p.part}: {p.title}" if p.title and p.part != "Tjänsteskrivelse" else p.part


def assignments_table(console: Console, items: list[Assignment], lineage_names: dict[str, str] | None = None) -> None:
    if console.width < NARROW:
        console.print(Text("Uppdrag", style="italic"))
        for a in items:
            _field_lines(console, f"{a.year or '–'} nr {a.uppdrag}: {a.title}", [
                ("Nämnder", ", ".join(a.namnder or []) or "–"), ("Status/prognos", a.status or "–"),
                ("Samma uppdrag andra år", (lineage_names or {}).get(_key(a), "–")),
                ("Källa", f"{a.source.file} {a.source.part}, {where(a.source)}")])
        return
    table = Table(title="Uppdrag", title_justify="left", show_lines=True)
    for col in ("År", "Nr", "Titel", "Nämnder", "Status/prognos", "Samma uppdrag andra år", "Källa"):
        table.add_column(col, overflow="fold")
    for a in items:
        table.add_row(str(a.year or "–"), str(a.uppdrag), escape(a.title), escape(", ".join(a.namnder or [])) or "–",
                      escape(a.status or "–"), escape((lineage_names or {}).get(_key(a), "–")),
                      escape(f"{a.source.file} {a.source.part}, {where(a.source)}"))
    console.print(table)


def _key(a: Assignment) -> str:
    return f"{a.year}:{a.uppdrag}"


def snippet(text: str, words: set[str], width: int = 220) -> Text:
    """A one-line snippet around the first matching word, matches highlighted."""
    import re

    from .ingest.text_utils import clean

    flat = clean(text)
    lower = flat.lower()
    pos = min((lower.find(w) for w in words if w and lower.find(w) >= 0), default=0)
    start = max(0, pos - width // 3)
    piece = ("…" if start else "") + flat[start : start + width] + ("…" if start + width < len(flat) else "")
    out = Text(piece)
    for w in words:
        if len(w) >= 3:
            out.highlight_regex(re.compile(re.escape(w) + r"\w*", re.IGNORECASE), style="bold yellow")
    return out


def query_words(query: str) -> set[str]:
    import re

    from .index.lexical import STOPWORDS, _stem

    words = set()
    for w in re.findall(r"\w[\w\-:,]*", query.lower()):
        if w in STOPWORDS:
            continue
        words.add(w if any(c.isdigit() for c in w) else _stem(w))
    return words


def search_table(console: Console, result) -> None:
    table = Table(title=f"Sökning: {result.query}", title_justify="left", show_lines=True)
    for col, kw in (("#", {"justify": "right"}), ("Poäng", {"justify": "right"}), ("År", {}), ("Dokument, del", {}),
                    ("Sida/rad", {}), ("Uppdr.", {}), ("Utdrag", {"ratio": 1})):
        table.add_column(col, overflow="fold", **kw)
    words = query_words(result.query)
    for h in result.hits:
        s = h.passage.source
        table.add_row(str(h.rank), f"{h.score:.3f}".replace(".", ","), str(s.year or "–"),
                      escape(_doc_and_part(s)), where(s),
                      str(s.uppdrag or "–"), snippet(h.passage.text, words))
    if not result.hits:
        console.print(f"Inga träffar för {escape(result.query)}.")
        return
    console.print(table)


def eval_table(console: Console, scores, misses) -> None:
    table = Table(title="Sökkvalitet", title_justify="left")
    for col in ("Metod", "Frågor", "R@1", "R@5", "MRR@10"):
        table.add_column(col)
    for s in scores:
        table.add_row(s.mode, str(s.n), f"{s.r1:.3f}", f"{s.r5:.3f}", f"{s.mrr10:.3f}")
    console.print(table)
    if misses:
        console.print(f"{len(misses)} frågor utan belägg bland de fem första (hybrid):")
        for m in misses:
            console.print(f"  {m['id']}: {escape(m['question'])} (rang {m['rank'] or '–'})")


def cite_line(n: int, source: Source) -> str:
    """The document by its title, then part or §, page or lines; the file comes second."""
    bits = [source.document or source.file, part_label(source), where(source)]
    if source.uppdrag:
        bits.append(f"uppdrag {source.uppdrag}")
    if source.document and source.document != source.file:
        bits.append(f"fil {source.file}")
    if source.year:
        bits.append(str(source.year))
    return f"[{n}] " + " · ".join(bits)


def answer_panel(console: Console, answer) -> None:
    from rich.panel import Panel

    title = "Svar" if not answer.abstained else "Inget svar i underlaget"
    style = "green" if not answer.abstained else "yellow"
    console.print(Panel(Text(answer.answer), title=title, title_align="left", border_style=style))
    if answer.citations:
        console.print("Närliggande avsnitt:" if answer.abstained else "Källor:")
        for n, c in enumerate(answer.citations, start=1):
            console.print(escape(cite_line(n, c.source)))
            console.print(Text("    “" + _short(c.quote) + "”", style="dim"))
    for flag in getattr(answer, "flags", []):
        console.print(f"[yellow]Obs:[/yellow] {escape(flag)}")
    note = ocr_note([c.source for c in answer.citations], "svaret" if not answer.abstained else "avsnitten")
    if note:
        console.print(f"[yellow]Obs:[/yellow] {escape(note)}")
    console.print(f"Tillförlitlighet: {answer.confidence:.2f}".replace(".", ",") + f" ({_reliability(answer.confidence)})")


def _reliability(confidence: float) -> str:
    """The confidence in words: how far the answer can be trusted without reading the sources."""
    if confidence >= 0.7:
        return "hög"
    if confidence >= 0.4:
        return "medel – läs källorna"
    return "låg – läs källorna"


def ocr_note(sources, what: str) -> str | None:
    """A Swedish note when any of these sources is OCR text, with how to check it."""
    scanned = [s for s in sources if s is not None and s.ocr]
    if not scanned:
        return None
    s = scanned[0]
    return (f"{what} bygger på OCR-läst text från en skannad sida, som kan ha lästs fel – "
            f"jämför med originalet (texten: osnqa text {s.file} --page {s.page})")


def _short(text: str, width: int = 240) -> str:
    from .ingest.text_utils import clean

    flat = clean(text)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def trace_view(console: Console, trace) -> None:
    if trace.note:
        console.print(trace.note)
    if not trace.lineage:
        return
    if console.width < NARROW:
        _trace_list(console, trace)
        return
    table = Table(title=f"Uppdraget över åren: {trace.query}", title_justify="left", show_lines=True)
    for col in ("År", "Nr", "Titel", "Status/prognos", "Kommentar"):
        table.add_column(col, overflow="fold")
    n = 0
    notes = []
    for e in trace.lineage:
        if e.uppdrag is None:
            text = e.note or ""
            if e.related:
                text += f" (Närmast: uppdrag {e.related['uppdrag']} – {e.related['title']})"
            table.add_row(str(e.year), "–", escape(text), "–", "–")
            continue
        table.add_row(str(e.year), str(e.uppdrag), escape(e.title or ""), escape(e.status or "–"),
                      escape(_short(e.comment or "–", 300)))
        for c in e.citations:
            n += 1
            notes.append((n, c))
    console.print(table)
    for k, c in notes:
        console.print(escape(cite_line(k, c.source)))
        console.print(Text("    “" + _short(c.quote) + "”", style="dim"))


def _trace_list(console: Console, trace) -> None:
    console.print(Text(f"Uppdraget över åren: {trace.query}", style="italic"))
    n = 0
    for e in trace.lineage:
        if e.uppdrag is None:
            text = e.note or ""
            if e.related:
                text += f" Närmast: uppdrag {e.related['uppdrag']} – {e.related['title']}"
            _field_lines(console, f"{e.year}: –", [("Notering", text)])
            continue
        refs = " ".join(f"[{n + k}]" for k in range(1, len(e.citations) + 1))
        n += len(e.citations)
        _field_lines(console, f"{e.year} nr {e.uppdrag}: {e.title or ''}", [
            ("Status/prognos", e.status or "–"), ("Kommentar", _short(e.comment or "–", 300)), ("Källor", refs or "–")])
    k = 0
    for e in trace.lineage:
        for c in e.citations:
            k += 1
            console.print(escape(cite_line(k, c.source)))
            console.print(Text("    “" + _short(c.quote) + "”", style="dim"))


def comparison_view(console: Console, comparison) -> None:
    table = Table(title=f"Jämförelse: {comparison.topic}", title_justify="left", show_lines=True)
    for y in comparison.years:
        table.add_column(str(y.year), overflow="fold", ratio=1)
    n = 0
    cells, notes = [], []
    for y in comparison.years:
        lines = []
        for c in y.statements:
            n += 1
            notes.append((n, c))
            lines.append(f"[{n}] {_short(c.text or c.quote, 400)}")
        cells.append(escape("\n\n".join(lines) or (y.note or "–")))
    table.add_row(*cells)
    console.print(table)
    if comparison.changes:
        changes = Table(title="Jämförbara siffror", title_justify="left")
        for col in ("Mått", "Från", "Till", "Anmärkning"):
            changes.add_column(col, overflow="fold")
        for ch in comparison.changes:
            d = ch.to_dict()
            changes.add_row(escape(d["what"]), f"{d['from']} ({d['from_year']})", f"{d['to']} ({d['to_year']})",
                            escape(d.get("warning") or "–"))
        console.print(changes)
    for w in comparison.warnings:
        console.print(f"[yellow]Obs:[/yellow] {escape(w)}")
    for k, c in notes:
        console.print(escape(cite_line(k, c.source)))


def task_table(console: Console, tasks) -> None:
    if not tasks:
        return
    table = Table(title="Svarskvalitet", title_justify="left")
    for col in ("Typ", "Frågor", "Mått", "Miss"):
        table.add_column(col, overflow="fold")
    for t in tasks:
        metrics = ", ".join(f"{k} {v:.2f}" for k, v in t.metrics.items())
        table.add_row(t.kind, str(t.n), metrics, ", ".join(str(f.get("id")) for f in t.failures) or "–")
    console.print(table)


VERDICT_LABELS = {"supported": "stöds", "contradicted": "motsägs", "not_found": "hittas inte"}
VERDICT_STYLES = {"supported": "green", "contradicted": "red", "not_found": "yellow"}


def verdict_table(console: Console, verdicts) -> None:
    if console.width < NARROW:
        console.print(Text("Faktagranskning", style="italic"))
        for n, v in enumerate(verdicts, start=1):
            source = v.evidence[0].source if v.evidence else None
            _field_lines(console, f"{n}. {v.claim}", [
                ("Bedömning", VERDICT_LABELS[v.verdict]), ("Förklaring", v.explanation),
                ("Källa", cite_line(1, source)[4:] if source else "–")])
            for c in v.evidence[:2]:
                console.print(Text(f"  “{_short(c.quote, 300)}”", style="dim"))
        return
    table = Table(title="Faktagranskning", title_justify="left", show_lines=True)
    for col in ("#", "Påstående", "Bedömning", "Förklaring", "Källa"):
        table.add_column(col, overflow="fold")
    for n, v in enumerate(verdicts, start=1):
        source = v.evidence[0].source if v.evidence else None
        table.add_row(str(n), escape(v.claim), f"[{VERDICT_STYLES[v.verdict]}]{VERDICT_LABELS[v.verdict]}[/]",
                      escape(v.explanation), escape(cite_line(1, source)[4:]) if source else "–")
    console.print(table)
    for n, v in enumerate(verdicts, start=1):
        for c in v.evidence[:2]:
            console.print(Text(f"  {n}: “{_short(c.quote, 300)}”", style="dim"))
    for n, v in enumerate(verdicts, start=1):
        note = ocr_note([c.source for c in v.evidence], f"bedömning {n}")
        if note:
            console.print(f"[yellow]Obs:[/yellow] {escape(note)}")


def verdict_markdown(verdicts) -> str:
    lines = ["# Faktagranskning", "", "| # | Påstående | Bedömning | Förklaring |", "|---|---|---|---|"]
    for n, v in enumerate(verdicts, start=1):
        lines.append(f"| {n} | {_md(v.claim)} | {VERDICT_LABELS[v.verdict]} | {_md(v.explanation)} |")
    lines.append("")
    for n, v in enumerate(verdicts, start=1):
        lines.append(f"## {n}. {_md(v.claim)}")
        lines.append("")
        lines.append(f"**{VERDICT_LABELS[v.verdict].capitalize()}.** {v.explanation}")
        lines.append("")
        note = ocr_note([c.source for c in v.evidence], "Bedömningen")
        if note:
            lines.append(f"*Obs: {_md(note)}*")
            lines.append("")
        for c in v.evidence:
            s = c.source
            lines.append(f"> {_md(' '.join(c.quote.split()))}")
            lines.append(">")
            lines.append(f"> — {s.document or s.file}, {part_label(s)}, {where(s)}, tecken {s.start}–{s.end} ({s.file})")
            lines.append("")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
