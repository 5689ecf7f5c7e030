"""OCR of scanned PDF pages: PDFium renders a page, the tesseract binary reads it (Swedish).

A page is scanned when its text layer holds (almost) nothing and it still draws something
(an image, or text turned into vector outlines). The text tesseract returns for a page is
that page's extracted text: passages and citation offsets index it like any text layer.

OCR is slow (seconds a page), so its text is kept per file hash in `<index>/ocr/<sha256>.json`
and a file whose hash is known is never read by tesseract again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

DPI = 300
LANG = "swe"
# Page segmentation: 3 finds columns itself, 4 reads one column of lines of any size top to
# bottom (keeps a protokoll's "§ 1" beside its heading, in reading order)
PSM = 4
# Bumped when rendering or tidy() changes what OCR text a page gets: cached text of another
# version is read anew.
OCR_VERSION = 1
# A page with fewer visible characters than this in its text layer is read by OCR
# when it draws anything at all ("2025 Årsbokslut" on a cover page is kept as it is).
MIN_PAGE_CHARS = 12
MAX_PIXELS = 5000  # longest side of a rendered page: an A3 or larger page gets a lower dpi
PAGE_TIMEOUT = 300  # seconds for one page; a page that takes longer is left without text
OCR_DIR = "ocr"  # <index>/ocr/<sha256>.json: OCR text per file hash, kept across generations
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-swe"

OcrProgress = Callable[[int, int], None]  # (pages done, pages to do) for one document

# PDFium is not thread-safe: every call into it goes through this lock.
_PDFIUM = threading.Lock()


@dataclass
class OcrOptions:
    """How extraction treats scanned pages."""

    enabled: bool = True
    cache_dir: Path | None = None  # where OCR text is kept per file hash; None: not kept
    progress: OcrProgress | None = None
    workers: int | None = None  # pages read at once; default the number of cores


@dataclass
class OcrResult:
    texts: dict[int, str] = field(default_factory=dict)  # 0-based page index -> text
    read: int = 0  # pages tesseract read in this run
    reused: int = 0  # pages taken from the cache
    failed: dict[int, str] = field(default_factory=dict)  # 0-based page index -> reason
    missing: list[int] = field(default_factory=list)  # not cached, and no tesseract to read them


def tesseract_binary() -> str:
    return os.environ.get("OSNQA_TESSERACT") or "tesseract"


def engine() -> str | None:
    """'tesseract X.Y.Z' when tesseract with the Swedish model can run here, else None."""
    return _engine(tesseract_binary())


def missing_reason() -> str:
    """Why OCR cannot run here, with the install line (Swedish)."""
    return _missing_reason(tesseract_binary())


@lru_cache(maxsize=8)
def _probe(binary: str) -> tuple[str | None, str]:
    path = shutil.which(binary)
    if path is None:
        return None, f"tesseract saknas – installera OCR: {INSTALL_HINT}"
    try:
        langs = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=30)
        version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"tesseract kan inte köras ({type(exc).__name__}) – installera om: {INSTALL_HINT}"
    names = {line.strip() for line in (langs.stdout + langs.stderr).splitlines()}
    if LANG not in names:
        return None, f"tesseract saknar svenska (swe) – installera: {INSTALL_HINT}"
    first = (version.stdout or version.stderr).strip().splitlines()
    return (first[0].strip() if first else "tesseract"), ""


def _engine(binary: str) -> str | None:
    return _probe(binary)[0]


def _missing_reason(binary: str) -> str:
    return _probe(binary)[1]


def scanned_pages(path: Path, candidates: list[int]) -> list[int]:
    """Of these 0-based pages (whose text layer is near empty), those that draw something."""
    if not candidates:
        return []
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            out = []
            for i in candidates:
                page = pdf[i]
                try:
                    if any(True for _ in page.get_objects(max_depth=1)):
                        out.append(i)
                finally:
                    page.close()
            return out
        finally:
            pdf.close()


def read_pages(path: Path, sha256: str, pages: list[int], options: OcrOptions) -> OcrResult:
    """OCR text for these 0-based pages, from the cache where it is known, else from tesseract
    (pages in parallel) when engine() finds it; pages it cannot read go to `missing`."""
    result = OcrResult()
    cached = _load_cache(options.cache_dir, sha256)
    todo = []
    for i in pages:
        if str(i + 1) in cached:
            result.texts[i] = cached[str(i + 1)]
            result.reused += 1
        else:
            todo.append(i)
    if not todo:
        return result
    if engine() is None:
        result.missing = todo
        return result
    binary = shutil.which(tesseract_binary()) or tesseract_binary()
    workers = max(1, min(options.workers or os.cpu_count() or 1, len(todo)))
    done = 0
    if options.progress:
        options.progress(0, len(todo))
    with tempfile.TemporaryDirectory(prefix="osnqa-ocr-") as tmp, ThreadPoolExecutor(workers) as pool:
        futures = {i: pool.submit(_read_one, binary, path, i, Path(tmp)) for i in todo}
        for i, future in futures.items():
            text, error = future.result()
            if error is None:
                result.texts[i] = text
                result.read += 1
            else:
                result.failed[i] = error
            done += 1
            if options.progress:
                options.progress(done, len(todo))
    if result.read:
        _save_cache(options.cache_dir, sha256, {**cached, **{str(i + 1): t for i, t in result.texts.items()}})
    return result


def _read_one(binary: str, path: Path, index: int, tmp: Path) -> tuple[str, str | None]:
    image = tmp / f"page-{index + 1}.pgm"
    try:
        with _PDFIUM:
            pgm, dpi = render_pgm(path, index)
            image.write_bytes(pgm)
    except Exception as exc:  # noqa: BLE001 - PDFium raises its own kinds for broken pages
        return "", f"sidan kunde inte ritas upp ({type(exc).__name__})"
    # one thread per tesseract: the pages themselves run in parallel
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = [binary, str(image), "stdout", "-l", LANG, "--dpi", str(dpi), "--psm", str(PSM), "-c", "page_separator="]
    try:
        run = subprocess.run(cmd, capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return "", f"OCR tog längre än {PAGE_TIMEOUT} s"
    except OSError as exc:
        return "", f"tesseract kunde inte startas ({exc.strerror})"
    finally:
        image.unlink(missing_ok=True)
    if run.returncode != 0:
        detail = run.stderr.decode("utf-8", "replace").strip().splitlines()
        return "", f"tesseract avbröt ({detail[-1] if detail else run.returncode})"
    return tidy(run.stdout.decode("utf-8", "replace")), None


# tesseract's Swedish model reads the paragraph sign of a protokoll ("§ 12") as a dollar sign,
# which Swedish board documents do not otherwise put before a number
_PARAGRAPH = re.compile(r"(?m)(^|[\s(])\$(?=[ \t]*(?:\d|[Il]\b))")


def tidy(text: str) -> str:
    """The few sure corrections made to tesseract's text before it is indexed."""
    return _PARAGRAPH.sub(r"\1§", text)


def render_pgm(path: Path, index: int, dpi: int = DPI) -> tuple[bytes, int]:
    """Page `index` (0-based) as an 8-bit greyscale PGM image, and the dpi it was rendered at
    (lower than asked for a page so large that its longest side would pass MAX_PIXELS).
    Caller holds the PDFium lock."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        try:
            width_pt, height_pt = page.get_size()
            dpi = max(1, min(dpi, int(MAX_PIXELS * 72 / max(width_pt, height_pt, 1))))
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            raw = bytes(bitmap.buffer)
            bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()
    if stride != width:
        raw = b"".join(raw[r * stride : r * stride + width] for r in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + raw, dpi


def cache_path(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / f"{sha256}.json"


def _load_cache(cache_dir: Path | None, sha256: str) -> dict[str, str]:
    if cache_dir is None:
        return {}
    try:
        data = json.loads(cache_path(cache_dir, sha256).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (not isinstance(data, dict) or data.get("sha256") != sha256 or data.get("version") != OCR_VERSION
            or not isinstance(data.get("pages"), dict)):
        return {}
    return {str(k): v for k, v in data["pages"].items() if isinstance(v, str)}


def _save_cache(cache_dir: Path | None, sha256: str, pages: dict[str, str]) -> None:
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        target = cache_path(cache_dir, sha256)
        tmp = target.with_suffix(".json.tmp")
        data = {"sha256": sha256, "version": OCR_VERSION, "engine": engine(), "lang": LANG, "dpi": DPI,
                "pages": dict(sorted(pages.items(), key=lambda kv: int(kv[0])))}
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next ingest


def prune_cache(cache_dir: Path, keep: set[str]) -> None:
    """Drop cached OCR text of files no longer in the index."""
    if not cache_dir.is_dir():
        return
    for child in cache_dir.glob("*.json"):
        if child.stem not in keep:
            child.unlink(missing_ok=True)
