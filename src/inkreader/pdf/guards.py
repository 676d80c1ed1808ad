"""Checks made on a PDF's bytes before PDFium parses it: size, the PDF signature, and decompression bombs.

PDFium inflates a content stream whole when a page is loaded, so a small file whose streams inflate to gigabytes
would take the memory of the machine. Here every Flate stream is inflated a bounded step at a time (discarding
the output) and the total is held under a budget: cheap for real files (a 2 MB book inflates to ~20 MB in tens of
milliseconds) and a firm refusal for bombs.
"""

from __future__ import annotations

import re
import zlib

from ..errors import ExtractError
from .limits import PdfLimits

PDF_SIGNATURE = b"%PDF-"
SIGNATURE_WINDOW = 1024  # the header may follow up to 1 KB of junk (the spec's implementation note)
_STREAM = re.compile(rb"stream\r?\n")
_STEP = 1024 * 1024
MIN_INFLATE_BUDGET = 48 * 1024 * 1024
INFLATE_RATIO = 40


def is_pdf(data: bytes) -> bool:
    """Do these bytes start like a PDF (whatever the address or the Content-Type said)?"""
    return PDF_SIGNATURE in data[:SIGNATURE_WINDOW]


def check_bytes(data: bytes, limits: PdfLimits) -> None:
    """Refuse, in one line, what PDFium must not be handed."""
    if len(data) > limits.max_bytes:
        raise ExtractError(
            f"The PDF is larger than {limits.max_bytes // (1024 * 1024)} MB; inkreader does not read it."
        )
    if not is_pdf(data):
        raise ExtractError("This is not a PDF (it does not start with %PDF-).")
    budget = inflate_budget(len(data), limits)
    if inflated_size(data, budget) > budget:
        raise ExtractError(
            f"The PDF's compressed streams inflate to more than {budget // (1024 * 1024)} MB "
            "(a decompression bomb?); inkreader does not read it."
        )


def inflate_budget(size: int, limits: PdfLimits) -> int:
    """Text and page streams inflate some 3-10 times; a bomb a thousand times. Inflating costs ~100 MB/s here,
    so the budget grows with the file: small files are judged fast, large ones are given room."""
    return min(limits.max_inflated_bytes, max(MIN_INFLATE_BUDGET, INFLATE_RATIO * size))


def inflated_size(data: bytes, budget: int) -> int:
    """The bytes the zlib streams of ``data`` inflate to, counted up to just past ``budget``.

    Images are left out (PDFium does not inflate them to read text); streams that are not zlib (encrypted
    ones) fail at once and count nothing."""
    total = 0
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        start = match.end()
        if data[start : start + 1] not in (b"x", b"H", b"X", b"h", b"8", b"("):  # zlib headers' first byte (CMF)
            continue
        head = data[max(0, match.start() - 1024) : match.start()]
        if b"/Image" in head[head.rfind(b"obj") + 1 :]:
            continue
        end = data.find(b"endstream", start)
        inflater = zlib.decompressobj()
        chunk: bytes | memoryview = view[start : end if end >= 0 else len(data)]
        try:
            while chunk:
                out = inflater.decompress(chunk, _STEP)
                total += len(out)
                if total > budget:
                    return total
                if inflater.eof or not out:
                    break
                chunk = inflater.unconsumed_tail
        except zlib.error:
            continue
    return total
