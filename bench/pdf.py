"""PDF text: which library reads reports best, and how fast inkreader's own PDF reading is.

Material (never committed; their licences are not ours): the public sample set py-pdf/sample-files
(CC-BY-SA-4.0) and the ground-truth text of py-pdf/benchmarks (BSD-3-Clause), read from mirrors made with the
search tool's ``fetch`` (``/work/.mirror/py-pdf+sample-files/repo``, ``/work/.mirror/py-pdf+benchmarks/repo``;
``INKREADER_PDF_SAMPLES`` and ``INKREADER_PDF_TRUTH`` name other git directories). Missing material skips
its section.

Scores:
- fidelity: the AEB shingle F1 (4-word shingles, so line breaks and a removed page number barely count) of each
  extractor's text against the ground truth of the PDFs that have one (GeoTopo: a 117-page LaTeX book);
- time: seconds for the whole document, and for the first page (time to first text);
- the sample set: every PDF opens or is refused in one line, each under 10 s (inkreader's own reader);
- a 100-page report made by the demo generator's code: time to first page's Markdown, must stay under 1 s.

Anchor: poppler's ``pdftotext`` (Debian poppler-utils), not a run-time dependency.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .common import aggregate, markdown_to_plain, page_counts, table

SAMPLES = Path(os.environ.get("INKREADER_PDF_SAMPLES", "/work/.mirror/py-pdf+sample-files/repo"))
TRUTH = Path(os.environ.get("INKREADER_PDF_TRUTH", "/work/.mirror/py-pdf+benchmarks/repo"))
# ground-truth name in py-pdf/benchmarks -> the PDF in py-pdf/sample-files (GeoTopo.pdf itself is an LFS-size
# blob the mirror leaves out; the "komprimiert" file is the same book, compressed)
GROUND_TRUTH = {"GeoTopo-book": "009-pdflatex-geotopo/GeoTopo-komprimiert.pdf"}
SAMPLE_LIMIT_SECONDS = 10.0
FIRST_TEXT_LIMIT_SECONDS = 1.0


def _git_show(repo: Path, path: str) -> bytes | None:
    try:
        out = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{path}"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout if out.returncode == 0 and out.stdout else None


def _git_list(repo: Path, suffix: str) -> list[str]:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line for line in out.stdout.splitlines() if line.endswith(suffix)]


# -- the extractors: bytes -> (whole text, seconds to first page's text) -------------------------------------
Extractor = Callable[[bytes], tuple[str, float]]


def _pdftotext(data: bytes) -> tuple[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        start = time.perf_counter()
        subprocess.run(["pdftotext", "-f", "1", "-l", "1", handle.name, "-"], capture_output=True, timeout=60)
        first = time.perf_counter() - start
        out = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, timeout=120)
    return out.stdout.decode("utf-8", "replace"), first


def _pypdfium2(data: bytes) -> tuple[str, float]:
    import pypdfium2 as pdfium

    start = time.perf_counter()
    document = pdfium.PdfDocument(data)
    texts: list[str] = []
    first = 0.0
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
        if index == 0:
            first = time.perf_counter() - start
    document.close()
    return "\n".join(texts), first


def _pypdf(data: bytes) -> tuple[str, float]:
    import io
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "fontTools is required..." once per font and page

    start = time.perf_counter()
    reader = pypdf.PdfReader(io.BytesIO(data))
    texts: list[str] = []
    first = 0.0
    for index, page in enumerate(reader.pages):
        texts.append(page.extract_text() or "")
        if index == 0:
            first = time.perf_counter() - start
    return "\n".join(texts), first


def _pdfminer(data: bytes) -> tuple[str, float]:
    import io

    from pdfminer.high_level import extract_text

    start = time.perf_counter()
    extract_text(io.BytesIO(data), page_numbers=[0])
    first = time.perf_counter() - start
    return extract_text(io.BytesIO(data)), first


def _pdftext(data: bytes) -> tuple[str, float]:
    from pdftext.extraction import plain_text_output

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        start = time.perf_counter()
        plain_text_output(handle.name, page_range=[0])
        first = time.perf_counter() - start
        return plain_text_output(handle.name, sort=True), first


def _inkreader(data: bytes) -> tuple[str, float]:
    from inkreader.pdf import read_pdf_pages

    start = time.perf_counter()
    first = 0.0
    parts: list[str] = []
    for index, markdown in enumerate(read_pdf_pages(data)):
        parts.append(markdown)
        if index == 0:
            first = time.perf_counter() - start
    return markdown_to_plain("\n\n".join(parts)), first


def extractors() -> dict[str, Extractor]:
    found: dict[str, Extractor] = {}
    if shutil.which("pdftotext"):
        found["pdftotext (poppler, anchor)"] = _pdftotext
    for name, module, extractor in (
        ("pypdfium2", "pypdfium2", _pypdfium2),
        ("pypdf", "pypdf", _pypdf),
        ("pdfminer.six", "pdfminer", _pdfminer),
        ("pdftext", "pdftext", _pdftext),
    ):
        try:
            __import__(module)
        except ImportError:
            continue
        found[name] = extractor
    found["inkreader (pypdfium2 + layout)"] = _inkreader
    return found


def fidelity_section(quick: bool) -> list[str]:
    rows: list[list[object]] = []
    for truth_name, pdf_path in GROUND_TRUTH.items():
        truth = _git_show(TRUTH, f"read/extraction-ground-truth/{truth_name}.txt")
        data = _git_show(SAMPLES, pdf_path)
        if truth is None or data is None:
            return [f"(ground truth or PDF missing for {truth_name}: fetch py-pdf/benchmarks and py-pdf/sample-files)"]
        truth_text = truth.decode("utf-8")
        for name, extractor in extractors().items():
            if quick and name.startswith("pdfminer"):
                continue  # ~20 s on the book
            start = time.perf_counter()
            try:
                text, first = extractor(data)
            except Exception as error:
                rows.append([truth_name, name, f"failed: {type(error).__name__}", "", "", ""])
                continue
            seconds = time.perf_counter() - start
            scores = aggregate([page_counts(truth_text, text)])
            rows.append(
                [
                    truth_name,
                    name,
                    f"{scores['f1']:.4f}",
                    f"{scores['precision']:.3f} / {scores['recall']:.3f}",
                    f"{seconds:.2f}",
                    f"{first * 1000:.0f}",
                ]
            )
    return [table(["document", "extractor", "shingle F1", "P / R", "whole (s)", "first page (ms)"], rows)]


def samples_section(quick: bool) -> list[str]:
    from inkreader.errors import InkreaderError
    from inkreader.pdf import PdfLimits, read_pdf

    paths = _git_list(SAMPLES, ".pdf")
    if not paths:
        return ["(py-pdf/sample-files not fetched)"]
    rows: list[list[object]] = []
    worst = 0.0
    failures = 0
    for path in paths:
        data = _git_show(SAMPLES, path)
        if data is None:
            continue  # a blob the mirror left out
        start = time.perf_counter()
        try:
            document = read_pdf(data, limits=PdfLimits())
            outcome = f"opened: {document.pages} p, {len(document.markdown.split())} words"
            if document.notes:
                outcome += f"; {document.notes[0]}"
        except InkreaderError as error:
            outcome = f"refused: {error}"
            if "\n" in str(error):
                failures += 1
        except Exception as error:  # a traceback would reach the user: count it as a failure
            outcome = f"CRASH {type(error).__name__}: {error}"
            failures += 1
        seconds = time.perf_counter() - start
        worst = max(worst, seconds)
        if seconds > SAMPLE_LIMIT_SECONDS:
            failures += 1
        rows.append([path, f"{seconds:.2f}", outcome[:90].replace("|", "/")])
    verdict = "met" if failures == 0 and worst < SAMPLE_LIMIT_SECONDS else "NOT met"
    return [
        table(["sample", "s", "outcome"], rows),
        "",
        f"Every sample opens or is refused in one line under {SAMPLE_LIMIT_SECONDS:g} s: {verdict} "
        f"(slowest {worst:.2f} s, {failures} failures).",
    ]


def first_text_section() -> list[str]:
    from inkreader.pdf import read_pdf_pages

    try:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from scripts.demo_site._pdf import long_report_pdf
    except ImportError as error:
        return [f"(the demo generator cannot make PDFs here: {error})"]
    data = long_report_pdf(pages=100)
    start = time.perf_counter()
    pages = read_pdf_pages(data)
    first_page = next(iter(pages))
    first = time.perf_counter() - start
    blocks = 1 + sum(1 for _ in pages)
    whole = time.perf_counter() - start
    verdict = "met" if first < FIRST_TEXT_LIMIT_SECONDS else "NOT met"
    return [
        f"100-page two-column report ({len(data) // 1024} KB, {blocks} Markdown blocks): first text in "
        f"{first * 1000:.0f} ms ({len(first_page.split())} words), whole document {whole:.2f} s; "
        f"target under {FIRST_TEXT_LIMIT_SECONDS:g} s: {verdict}."
    ]


def run(quick: bool = False) -> str:
    lines = ["## PDF text", "", "### Fidelity and speed on ground truth", ""]
    lines += fidelity_section(quick)
    lines += ["", "### Time to first text, a 100-page report", ""]
    lines += first_text_section()
    lines += ["", "### The public sample set (py-pdf/sample-files), inkreader's reader", ""]
    lines += samples_section(quick)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
