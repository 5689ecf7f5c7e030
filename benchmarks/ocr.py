"""OCR: speed, accuracy against a text layer, and retrieval over a scanned report.

    python benchmarks/ocr.py [--pdf-dir ../shared/pdf] [--workers 2] [--retrieval]

1. Seconds per page: every page of the image-only report read by tesseract (no cache),
   pages in parallel on --workers processes; wall time / pages.
2. Character error rate: five pages of text PDFs rendered to images (300 dpi) and read by
   OCR, against the page's own text layer (pypdf). Both sides have their whitespace folded to
   single spaces; CER = edit distance / length of the text layer. `cer_reading_order_aligned`
   first puts the OCR lines in the order their best match stands in the text layer, so a
   footer that the text layer puts first and OCR last costs nothing; every misread, missing
   or extra character still counts.
3. With --retrieval: an index of only the image-only report with the default (real) model,
   and `osnqa eval benchmarks/ocr_gold.jsonl` on it (R@1, R@5, MRR@10 per mode).

Needs tesseract with the Swedish model and the shared PDFs; prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osnqa.ingest import ocr  # noqa: E402

SCANNED = "goteborg-srv-hedersrelaterat-vald-IMAGE-ONLY.pdf"
# (file, 1-based page): a revision report, an annual report page beside a photo, a
# tjänsteskrivelse, a protokoll, a bokslut page with bullets
TEXT_PAGES = [
    ("goteborg-srv-energianvandning.pdf", 2),
    ("goteborg-stadsrevisionens-arsredogorelse-2023.pdf", 5),
    ("nacka-ks-2019-fisksatra-overlatelse-tjskr.pdf", 2),
    ("nacka-ksvu-protokoll-2018-02-06.pdf", 4),
    ("simrishamn-kfn-arsbokslut-2025.pdf", 6),
]
# reported apart: a table of contents, whose dot leaders OCR reads as letters
HARD_PAGES = [("nacka-ksvu-protokoll-2018-02-06.pdf", 3)]


def edit_distance(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def fold(text: str) -> str:
    return " ".join(text.split())


def in_reference_order(text: str, reference: str) -> str:
    """The OCR lines put in the order their best match stands in the (folded) reference, then
    folded: where a header or footer stands in the reading order (the text layer often puts
    the footer first, OCR last) costs nothing, every misread character still counts."""
    from difflib import SequenceMatcher

    lines = [x for x in (fold(line) for line in text.splitlines()) if x]
    matcher = SequenceMatcher(None, reference, autojunk=False)
    placed = []
    for n, line in enumerate(lines):
        matcher.set_seq2(line)
        m = matcher.find_longest_match(0, len(reference), 0, len(line))
        placed.append((m.a - m.b if m.size >= 4 else len(reference), n, line))
    return " ".join(line for _, _, line in sorted(placed))


def speed(pdf_dir: Path, workers: int) -> dict:
    path = pdf_dir / SCANNED
    from pypdf import PdfReader

    pages = list(range(len(PdfReader(str(path)).pages)))
    start = time.perf_counter()
    result = ocr.read_pages(path, "benchmark", pages, ocr.OcrOptions(workers=workers))
    wall = time.perf_counter() - start
    assert result.read == len(pages), result.failed
    return {"file": SCANNED, "pages": len(pages), "workers": workers, "seconds": round(wall, 1),
            "seconds_per_page": round(wall / len(pages), 2)}


def accuracy(pdf_dir: Path, pages: list[tuple[str, int]]) -> dict:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    rows = []
    errors = errors_lines = total = 0
    binary = ocr.tesseract_binary()
    with tempfile.TemporaryDirectory() as tmp:
        for name, page in pages:
            path = pdf_dir / name
            layer = PdfReader(str(path)).pages[page - 1].extract_text() or ""
            text, error = ocr._read_one(binary, path, page - 1, Path(tmp))
            assert error is None, error
            reference = fold(layer)
            d = edit_distance(fold(text), reference)
            d_lines = edit_distance(in_reference_order(text, reference), reference)
            rows.append({"file": name, "page": page, "chars": len(reference), "edits": d,
                         "cer": round(d / max(len(reference), 1), 4),
                         "cer_reading_order_aligned": round(d_lines / max(len(reference), 1), 4)})
            errors += d
            errors_lines += d_lines
            total += len(reference)
    return {"pages": rows, "cer": round(errors / max(total, 1), 4),
            "cer_reading_order_aligned": round(errors_lines / max(total, 1), 4)}


def retrieval(pdf_dir: Path) -> dict:
    osnqa = [sys.executable, "-m", "osnqa"]
    env = dict(os.environ)
    env.pop("OSNQA_MODEL", None)  # the default, real model
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        (corpus / SCANNED).symlink_to(pdf_dir / SCANNED)
        index = Path(tmp) / "index"
        subprocess.run(osnqa + ["ingest", str(corpus), "--index", str(index)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        out = subprocess.run(osnqa + ["eval", str(ROOT / "benchmarks" / "ocr_gold.jsonl"), "--index", str(index),
                                      "--json"], check=True, env=env, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-dir", type=Path, default=ROOT.parent / "shared" / "pdf")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--retrieval", action="store_true")
    args = parser.parse_args()
    if ocr.engine() is None:
        sys.exit(f"osnqa: {ocr.missing_reason()}")
    report = {"engine": ocr.engine(), "cores": os.cpu_count(), "speed": speed(args.pdf_dir, args.workers),
              "speed_one_worker": speed(args.pdf_dir, 1), "accuracy": accuracy(args.pdf_dir, TEXT_PAGES),
              "hard_pages": accuracy(args.pdf_dir, HARD_PAGES)}
    if args.retrieval:
        report["retrieval"] = retrieval(args.pdf_dir)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
