"""Shared helpers for ``python -m bench``: data location, the AEB scoring rule, timing, machine details.

The article-extraction data (``aeb-dev``) lives outside the repository and is never copied into it:
``$INKREADER_AEB_DIR``, else ``../shared/aeb-dev`` relative to the repo, else ``/work/shared/aeb-dev``.
The scoring rule is the benchmark's own (see that folder's README and score.py), reimplemented here so the
bench runs without importing anything from the data folder.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- data


@dataclass(slots=True)
class AebPage:
    id: str
    url: str
    html: str
    truth: str


def aeb_dir() -> Path | None:
    """The aeb-dev folder, or None when it is not on this machine (benches then skip politely)."""
    candidates = []
    if os.environ.get("INKREADER_AEB_DIR"):
        candidates.append(Path(os.environ["INKREADER_AEB_DIR"]))
    candidates += [REPO.parent / "shared" / "aeb-dev", Path("/work/shared/aeb-dev")]
    for path in candidates:
        if (path / "ground-truth.json").is_file() and (path / "html").is_dir():
            return path
    return None


def traf_dir() -> Path | None:
    """The traf-dev folder (trafilatura's evaluation pages, our half), or None when it is not on this machine."""
    candidates = []
    if os.environ.get("INKREADER_TRAF_DIR"):
        candidates.append(Path(os.environ["INKREADER_TRAF_DIR"]))
    candidates += [REPO.parent / "shared" / "traf-dev", Path("/work/shared/traf-dev")]
    for path in candidates:
        if (path / "annotations.json").is_file() and (path / "html").is_dir():
            return path
    return None


@dataclass(slots=True)
class TrafPage:
    id: str
    url: str
    html: str
    with_: list[str]
    without: list[str]


def load_traf(limit: int | None = None) -> list[TrafPage]:
    """Pages sorted by id, bytes decoded as inkreader decodes any fetched page (no Content-Type to go by)."""
    folder = traf_dir()
    if folder is None:
        return []
    from inkreader.fetch.decode import decode_body

    notes = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(notes)[:limit]:
        path = folder / "html" / f"{page_id}.html.gz"
        if not path.exists():
            continue
        text, _ = decode_body(gzip.decompress(path.read_bytes()), None)
        item = notes[page_id]
        pages.append(
            TrafPage(
                page_id, item.get("url") or "", text, list(item.get("with") or []), list(item.get("without") or [])
            )
        )
    return pages


def load_aeb(limit: int | None = None) -> list[AebPage]:
    """Pages sorted by id; HTML decoded as UTF-8 with replacement (as the data's README says)."""
    folder = aeb_dir()
    if folder is None:
        return []
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        plain = folder / "html" / f"{page_id}.html"
        if plain.exists():
            raw = plain.read_bytes()
        else:
            raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        item = truth[page_id]
        text = raw.decode("utf-8", "replace")
        pages.append(AebPage(page_id, item.get("url") or "", text, item.get("articleBody") or ""))
    return pages


# --------------------------------------------------------------------------- scoring (AEB's rule)

_WORD = re.compile(r"\w+")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]+>")
_HTML_TAG = re.compile(r"(?<!\\)</?[A-Za-z][^>]*>")  # "\\<Title>" is text the converter escaped, not a tag


def markdown_to_text(markdown: str | None) -> str:
    """Strip link and image targets (and stray tags) so URLs do not count as words, and Markdown's escapes,
    which are its punctuation, not the page's: "a\\_b" is the page's one word "a_b"."""
    return _MD_ESCAPE.sub(r"\1", strip_targets(markdown))


def strip_targets(markdown: str | None) -> str:
    if not markdown:
        return ""
    text = _MD_IMAGE.sub(r"\1", markdown)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub("", text)
    return _HTML_TAG.sub("", text)


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+.!<>|-])")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_MD_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)", re.M)


# a PDF's page anchors (``<a id="page-3"></a>``): places, not words a reader sees
_INLINE_ANCHOR = re.compile(r'<a id="[^"<>\n]{1,100}"></a>')


def markdown_to_plain(markdown: str | None) -> str:
    """Markdown as the words a reader sees: targets stripped (as above), then escapes, emphasis, code backticks
    and line marks (heading hashes, quote bars, bullets), so that a snippet spanning bold words, a ``\\_`` or a
    code span still matches."""
    text = strip_targets(_INLINE_ANCHOR.sub("", markdown or ""))
    text = text.replace("\\_", "\x00").replace("\\*", "\x01").replace("\\`", "\x02")
    text = _MD_ESCAPE.sub(r"\1", text).replace("`", "")
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_LINE_MARK.sub("", text)
    return text.replace("\x00", "_").replace("\x01", "*").replace("\x02", "`")


def shingles(text: str | None, n: int = 4) -> Counter:
    tokens = _WORD.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) <= n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(truth: str, prediction: str | None) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page's shingle multisets."""
    t, p = shingles(truth), shingles(prediction)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def page_f1(counts: tuple[float, float, float]) -> float:
    p, r = page_precision(*counts), page_recall(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0


def aggregate(counts: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall macro-averaged over pages, F1 the harmonic mean of the two means."""
    counts = list(counts)
    precisions = [page_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [page_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


# --------------------------------------------------------------------------- scoring (traf-dev's rule)


def _squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


_WS = re.compile(r"\s+")


def snippet_counts(page: TrafPage, output: str | None) -> tuple[int, int, int]:
    """(tp, fp, fn) of one page: "with" snippets found / missed, "without" snippets found (empty output
    misses every "with" snippet and finds nothing)."""
    text = _squash(output or "")
    if not text:
        return 0, 0, len(page.with_)
    tp = sum(1 for s in page.with_ if _squash(s) in text)
    fp = sum(1 for s in page.without if _squash(s) in text)
    return tp, fp, len(page.with_) - tp


def snippet_scores(counts: Iterable[tuple[int, int, int]]) -> dict[str, float]:
    """Micro-averaged over all pages, as the corpus's own evaluation does."""
    tp = fp = fn = 0
    for a, b, c in counts:
        tp, fp, fn = tp + a, fp + b, fn + c
    return {
        "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
    }


# --------------------------------------------------------------------------- timing and reporting


def timed(func: Callable, *args) -> tuple[object, float, BaseException | None]:
    """(result, seconds, error): an exception is returned, not raised, so one bad page never stops a bench."""
    start = time.perf_counter()
    try:
        result, error = func(*args), None
    except Exception as exc:
        result, error = None, exc
    return result, time.perf_counter() - start, error


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        )
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}; {os.cpu_count()} cores; Python {platform.python_version()} ({sys.implementation.name}); "
        f"{platform.system()} {platform.release()}"
    )
