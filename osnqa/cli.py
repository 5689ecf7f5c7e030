"""Command line: parse → one core call → render. OsnqaError becomes exit 1 with its message."""

from __future__ import annotations

import json
import sys
from functools import wraps
from pathlib import Path

import click
from rich.console import Console

from . import config
from .click_sv import SvGroup
from .errors import OsnqaError


def _out() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _err() -> Console:
    return Console(stderr=True, highlight=False)


def _print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


def handle_errors(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OsnqaError as exc:
            click.echo(f"osnqa: {exc}", err=True)
            sys.exit(1)

    return wrapper


index_option = click.option("--index", "index_dir", type=click.Path(path_type=Path), default=None,
                            help="Indexkatalog (standard: index/ eller OSNQA_INDEX).")
json_option = click.option("--json", "as_json", is_flag=True, help="Maskinläsbar utdata (JSON).")


@click.group(cls=SvGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="osnqa", help="Visa versionen och avsluta.")
def main() -> None:
    """osnqa – frågor och svar över nämndens tjänsteskrivelser och bilagor, med exakta källor."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Bygg om indexet från början.")
@click.option("--model", default=None, help="Embeddingmodell (standard e5-small; OSNQA_MODEL).")
@click.option("--no-ocr", "no_ocr", is_flag=True, help="Läs inte skannade sidor med OCR (tesseract).")
@click.option("--backend", type=click.Choice(["embedded", "milvus"]), default=None,
              help="Var indexet lagras: embedded (SQLite + faiss, standard) eller milvus (OSNQA_BACKEND).")
@click.option("--milvus-uri", "milvus_uri", default=None,
              help="Milvus: en fil (milvus-lite, t.ex. index/milvus.db) eller en server som http://host:19530 "
                   "(OSNQA_MILVUS_URI).")
@json_option
@handle_errors
def ingest(paths: tuple[Path, ...], index_dir: Path | None, rebuild: bool, model: str | None, no_ocr: bool,
           backend: str | None, milvus_uri: str | None, as_json: bool) -> None:
    """Läs dokument (PDF, .txt, .md) och bygg eller uppdatera indexet."""
    from . import render
    from .indexer import ingest as run

    targets = list(paths) or [config.corpus_dir()]
    out, err = _out(), _err()
    with render.progress_bar(err) as progress:
        report = run(targets, config.index_dir(index_dir), model=model, rebuild=rebuild, progress=progress,
                     ocr=not no_ocr, backend=backend, milvus_uri=milvus_uri)
    if as_json:
        _print_json({
            "documents": [d.to_dict() for d in report.documents],
            "skipped": [s.to_dict() for s in report.skipped],
            "added": report.added, "updated": report.updated, "removed": report.removed,
            "unchanged": report.unchanged, "embedded": report.embedded, "reused": report.reused,
            "recovered": report.recovered,
            "ocr_read": report.ocr_read, "ocr_reused": report.ocr_reused,
        })
    else:
        if report.documents:
            render.ingest_summary(out, report)
    render.skipped_lines(err, report.skipped)
    if report.recovered:
        click.echo(f"osnqa: {report.recovered}", err=True)
    if not report.ok:
        click.echo("osnqa: inget dokument kunde läsas – åtgärda filerna ovan och kör igen", err=True)
        sys.exit(1)


@main.command()
@index_option
@json_option
@handle_errors
def docs(index_dir: Path | None, as_json: bool) -> None:
    """Lista indexerade dokument med delar, diarienummer, datum och år."""
    from . import render
    from .index.store import open_index

    index = open_index(config.index_dir(index_dir))
    documents = index.documents
    skipped = index.manifest.get("skipped", [])
    if as_json:
        _print_json({"documents": [d.to_dict() for d in documents], "skipped": skipped})
    else:
        render.documents_table(_out(), documents)


@main.command()
@click.argument("file")
@click.option("--page", type=click.IntRange(1), default=None, help="Bara denna sida (PDF).")
@index_option
@json_option
@handle_errors
def text(file: str, page: int | None, index_dir: Path | None, as_json: bool) -> None:
    """Skriv ut ett dokuments text (en sida för PDF) exakt som den indexerats, OCR-text inräknad."""
    from .index.store import open_index
    from .pagetext import document_text

    units = document_text(open_index(config.index_dir(index_dir)), file, page)
    if as_json:
        for u in units:
            _print_json({"file": u.file, "page": u.page, "ocr": u.ocr, "text": u.text})
        return
    if page is not None and units[0].page is None:
        click.echo(f"osnqa: {units[0].file} är en textfil – start/end räknas i hela texten, som skrivs ut", err=True)
    if len(units) == 1:
        sys.stdout.write(units[0].text)
        if sys.stdout.isatty() and not units[0].text.endswith("\n"):
            sys.stdout.write("\n")  # only on a terminal: piped output is the text exactly
    else:
        for u in units:
            click.echo(f"── sida {u.page}{' (OCR)' if u.ocr else ''} ──")
            click.echo(u.text)
    if any(u.ocr for u in units):
        pages = ", ".join(str(u.page) for u in units if u.ocr)
        click.echo(f"osnqa: texten på sida {pages} lästes med OCR från en skannad bild", err=True)


@main.command()
@index_option
@json_option
@handle_errors
def check(index_dir: Path | None, as_json: bool) -> None:
    """Kontrollera hela indexet: kontrollsummor, databas, vektorer och textavsnitt mot dokumenten."""
    from .check import check_index

    report = check_index(config.index_dir(index_dir))
    if as_json:
        _print_json(report.to_dict())
        return
    click.echo(f"Indexet är helt: {report.files} filer, {report.passages} textavsnitt, "
               f"{report.quotes_checked} jämförda med dokumenten ({report.generation}).")
    for name in report.unreadable:
        click.echo(f"osnqa: {name}: har flyttats eller ändrats sedan ingest – textavsnitten kunde inte jämföras",
                   err=True)


@main.command()
@index_option
@click.option("--year", "years", type=int, multiple=True, help="Bara detta år (kan upprepas).")
@json_option
@handle_errors
def uppdrag(index_dir: Path | None, years: tuple[int, ...], as_json: bool) -> None:
    """Alla uppdrag per år: nummer, titel, nämnder, status, kommentar och åtgärder."""
    from . import render
    from .index.store import open_index

    from .scope import check_years

    index = open_index(config.index_dir(index_dir))
    check_years(index, years)
    items = [a for a in index.assignments if not years or a.year in years]
    items.sort(key=lambda a: (-(a.year or 0), a.uppdrag))
    others = {}
    for a in index.assignments:
        same = [b for b in index.assignments if b is not a and b.lineage and b.lineage == a.lineage]
        others[(a.year, a.uppdrag)] = [{"year": b.year, "uppdrag": b.uppdrag} for b in same]
    if as_json:
        _print_json({"assignments": [dict(a.to_dict(), same_as=others[(a.year, a.uppdrag)]) for a in items]})
    else:
        names = {f"{k[0]}:{k[1]}": ", ".join(f"{o['year']}: nr {o['uppdrag']}" for o in v) for k, v in others.items()}
        render.assignments_table(_out(), items, names)



def _filters(index, years, uppdrag_no, part, namnd=None, paragraph=None):
    """The filters, refused with what exists when they select nothing in the index."""
    from .protokoll_filters import resolve
    from .scope import check
    from .search import Filters

    filters = resolve(index, Filters(list(years), uppdrag_no, part, namnd, paragraph))
    check(index, filters)
    return filters


def _batch_lines(batch: str) -> list[str]:
    try:
        stream = sys.stdin if batch == "-" else open(batch, encoding="utf-8")
        with stream:
            return [line.strip() for line in stream if line.strip()]
    except OSError as exc:
        raise OsnqaError(f"{batch}: kan inte läsas ({exc.strerror}) – kontrollera sökvägen") from exc
    except UnicodeDecodeError as exc:
        raise OsnqaError(f"{batch}: är inte UTF-8 – spara om filen som UTF-8") from exc


def query_command(fn):
    """Options shared by the commands that take questions: filters, -k, --json, --batch."""
    fn = click.option("--batch", default=None, help="En fråga per rad ur en fil (- för stdin).")(fn)
    fn = click.option("-k", "k", default=None, type=click.IntRange(1, 100), help="Antal träffar.")(fn)
    fn = click.option("--paragraph", default=None, help="Bara en paragraf i ett protokoll, t.ex. '§ 24'.")(fn)
    fn = click.option("--namnd", default=None, help="Bara en nämnd eller styrelse, t.ex. 'Kommunstyrelsen'.")(fn)
    fn = click.option("--part", default=None, help="Bara en del, t.ex. 'Bilaga 2'.")(fn)
    fn = click.option("--uppdrag", "uppdrag_no", type=int, default=None, help="Bara detta uppdragsnummer.")(fn)
    fn = click.option("--year", "years", type=int, multiple=True, help="Bara detta år (kan upprepas).")(fn)
    fn = json_option(fn)
    fn = index_option(fn)
    return fn


def _each(items, run, as_json: bool, show) -> None:
    """Run each query and print its result: one JSON object per line, or the human view."""
    out = _out()
    for item in items:
        result = run(item)
        if as_json:
            _print_json(result.to_dict())
        else:
            show(out, result)
            if getattr(result, "note", None):
                click.echo(f"osnqa: {result.note}", err=True)


def _queries(text: tuple[str, ...], batch: str | None) -> list[str]:
    if batch:
        return _batch_lines(batch)
    joined = " ".join(text).strip()
    if not joined:
        raise click.UsageError("ange en fråga eller --batch FIL")
    return [joined]


def _open(index_dir: Path | None, model: str | None = None, preload: bool = True):
    """The searcher over the index; the default index is built or refreshed from the corpus
    directory first when it is missing or stale. On a terminal the query model is loaded
    under a status line, so the first question is not a silent wait."""
    from . import render
    from .index.store import open_index
    from .indexer import ensure_index
    from .search import Searcher

    target = config.index_dir(index_dir)
    if index_dir is None:
        corpus = config.corpus_dir()
        err = _err()
        if corpus.is_dir():
            with render.progress_bar(err) as progress:
                report = ensure_index(target, corpus, progress)
            if report is not None and report.warning:
                click.echo(f"osnqa: {report.warning}", err=True)
            elif report is not None:
                if report.recovered:
                    click.echo(f"osnqa: {report.recovered}", err=True)
                err.print(f"Indexet byggdes från {corpus}/ ({sum(d.passages for d in report.documents)} textavsnitt).")
                render.skipped_lines(err, report.skipped)
    searcher = Searcher(open_index(target), model)
    err = _err()
    if preload and err.is_terminal and searcher.model != "hash":
        with err.status("Läser in språkmodellen …"):
            searcher.embedder  # noqa: B018 - loads the model now, under the status line
    return searcher


@main.command()
@click.argument("question", nargs=-1)
@query_command
@click.option("--llm", "llm_url", default=None, envvar="OSNQA_LLM_URL",
              help="Formulera svaret med en språkmodell (OpenAI-kompatibel adress, t.ex. en lokal Ollama).")
@click.option("--llm-model", default="local", envvar="OSNQA_LLM_MODEL", help="Modellnamnet hos tjänsten.")
@handle_errors
def ask(question, index_dir, as_json, years, uppdrag_no, part, namnd, paragraph, k, batch, llm_url, llm_model) -> None:
    """Svara på en fråga med exakta källor, eller säg att underlaget inte svarar."""
    from . import render
    from .answer import Answerer
    from .protokoll_filters import for_question

    searcher = _open(index_dir)
    filters = _filters(searcher.index, years, uppdrag_no, part, namnd, paragraph)
    if llm_url:
        from .llm import LlmAnswerer

        answerer = LlmAnswerer(searcher, llm_url, llm_model)
    else:
        answerer = Answerer(searcher)
    _each(_queries(question, batch), lambda q: answerer.ask(q, for_question(searcher.index, filters, q)), as_json,
          render.answer_panel)


def _years_option(value: str | None) -> list[int] | None:
    if not value:
        return None
    try:
        return [int(v) for v in value.replace(";", ",").split(",") if v.strip()]
    except ValueError as exc:
        raise click.BadParameter("ange år som 2023,2025") from exc


@main.command()
@click.argument("topic", nargs=-1)
@query_command
@click.option("--years", "years_text", default=None, help="Åren att jämföra, t.ex. 2023,2025.")
@handle_errors
def compare(topic, index_dir, as_json, years, uppdrag_no, part, namnd, paragraph, k, batch, years_text) -> None:
    """Vad dokumenten för varje år säger om ett ämne, sida vid sida."""
    from . import render
    from .answer import Answerer
    from .compare import Comparer

    from .scope import check_years

    searcher = _open(index_dir)
    chosen = _years_option(years_text) or (list(years) or None)
    check_years(searcher.index, chosen or [], "--years" if years_text else "--year")
    filters = _filters(searcher.index, (), uppdrag_no, part, namnd, paragraph)
    comparer = Comparer(Answerer(searcher))
    _each(_queries(topic, batch), lambda q: comparer.compare(q, chosen, filters), as_json, render.comparison_view)


@main.command()
@click.argument("query", nargs=-1)
@index_option
@json_option
@click.option("--uppdrag", "uppdrag_no", type=int, default=None, help="Uppdragets nummer ett visst år.")
@click.option("--year", type=int, default=None, help="Året som --uppdrag avser.")
@click.option("--batch", default=None, help="En fråga per rad ur en fil (- för stdin).")
@handle_errors
def trace(query, index_dir, as_json, uppdrag_no, year, batch) -> None:
    """Följ ett uppdrag över åren, även när numret byts."""
    from . import render
    from .scope import check_assignment, check_years
    from .trace import AmbiguousAssignmentError, Tracer

    searcher = _open(index_dir)
    if year is not None:
        check_years(searcher.index, [year])
    if uppdrag_no is not None:
        check_assignment(searcher.index, uppdrag_no, year)
    tracer = Tracer(searcher)
    if uppdrag_no is not None and not query and not batch:
        items = [("", uppdrag_no)]
    else:
        items = [(q, uppdrag_no) for q in _queries(query, batch)]
    try:
        _each(items, lambda item: tracer.trace(item[0], item[1], year), as_json, render.trace_view)
    except AmbiguousAssignmentError as exc:
        if uppdrag_no is None:
            raise
        raise AmbiguousAssignmentError(exc.number, exc.candidates, "ange året, t.ex. --year {y}") from exc


@main.command()
@click.argument("query", nargs=-1)
@query_command
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", help="Sökmetod.")
@click.option("--model", default=None, help="Embeddingmodell (måste vara den som byggde indexet).")
@handle_errors
def search(query, index_dir, as_json, years, uppdrag_no, part, namnd, paragraph, k, batch, mode, model) -> None:
    """Rangordnade textavsnitt för en fråga eller sökning."""
    from . import render

    from .protokoll_filters import for_question

    searcher = _open(index_dir, model, preload=mode != "bm25")
    filters = _filters(searcher.index, years, uppdrag_no, part, namnd, paragraph)
    _each(_queries(query, batch),
          lambda q: searcher.search(q, k=k or 10, filters=for_question(searcher.index, filters, q), mode=mode), as_json,
          render.search_table)


@main.command()
@click.argument("claim", nargs=-1)
@index_option
@json_option
@click.option("--batch", default=None, help="Ett påstående per rad ur en fil (- för stdin).")
@click.option("--markdown", "markdown", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Skriv en rapport i Markdown till denna fil.")
@click.option("--strict", is_flag=True, help="Avsluta med kod 3 om något påstående motsägs.")
@handle_errors
def verify(claim, index_dir, as_json, batch, markdown, strict) -> None:
    """Granska påståenden mot källorna: stöds, motsägs eller hittas inte."""
    from . import render
    from .answer import Answerer
    from .verify import Verifier

    verifier = Verifier(Answerer(_open(index_dir)))
    verdicts = [verifier.verify(c) for c in _queries(claim, batch)]
    if as_json:
        for v in verdicts:
            _print_json(v.to_dict())
    else:
        render.verdict_table(_out(), verdicts)
    if markdown:
        try:
            markdown.write_text(render.verdict_markdown(verdicts), encoding="utf-8")
        except OSError as exc:
            raise OsnqaError(f"{markdown}: kan inte skrivas ({exc.strerror}) – välj en annan sökväg") from exc
    if strict and any(v.verdict == "contradicted" for v in verdicts):
        sys.exit(3)


@main.command()
@index_option
@handle_errors
def shell(index_dir) -> None:
    """Interaktiv session: fråga, sök, jämför, spåra och granska utan att ladda om något."""
    from .shell import Shell, terminal_prompt

    session = Shell(_open(index_dir), _out())
    if sys.stdin.isatty():
        session.run(prompt=terminal_prompt())
    else:
        session.run(lines=(line.rstrip("\n") for line in sys.stdin))


@main.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@index_option
@json_option
@click.option("--tasks", is_flag=True, help="Mät även svar, spårning, jämförelser och faktagranskning.")
@handle_errors
def eval_command(gold: Path, index_dir, as_json, tasks) -> None:
    """Mät sökkvaliteten (R@1, R@5, MRR@10) mot en guldfil i JSONL."""
    from . import render
    from .evaluate import evaluate, load_gold
    from .index.store import open_index
    from .search import Searcher

    searcher = Searcher(open_index(config.index_dir(index_dir)))
    items = load_gold(gold)
    scores, misses = evaluate(searcher, items)
    task_scores = _task_scores(searcher, items) if tasks else []
    if as_json:
        _print_json({"gold": str(gold), "results": [s.to_dict() for s in scores], "misses": misses,
                     "tasks": [t.to_dict() for t in task_scores]})
    else:
        render.eval_table(_out(), scores, misses)
        render.task_table(_out(), task_scores)


def _task_scores(searcher, items):
    from .answer import Answerer
    from .compare import Comparer
    from .citecheck import CitationChecker
    from .evaluate_tasks import citation_scores, evaluate_ask, evaluate_compare, evaluate_trace, evaluate_verify
    from .trace import Tracer
    from .verify import Verifier

    answerer = Answerer(searcher)
    checker = CitationChecker(searcher.index)
    cite = checker.check_all
    out = evaluate_ask(answerer, items, cite)
    out.append(evaluate_trace(Tracer(searcher), items, cite))
    out.append(evaluate_compare(Comparer(answerer), items, cite))
    out.append(evaluate_verify(Verifier(answerer).verify, items, cite))
    out.append(citation_scores(checker.result))
    return [t for t in out if t is not None]


if __name__ == "__main__":  # pragma: no cover
    main()
