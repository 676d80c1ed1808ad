"""One PDF page -> its text lines, each with where it sits and how it is set (size, weight), via PDFium.

PDFium's own text order (the content stream's, which every report generator writes column by column) and its
line breaks are kept: on the ground-truth book they score above poppler's (bench/pdf.py). Boxes, sizes and
weights are asked for a few characters of each line only, so a page costs a few hundred calls, not thousands.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2.raw as pdfium_c

if TYPE_CHECKING:
    import pypdfium2 as pdfium

_LINE = re.compile(r"[^\r\n]+")
_DIGITS = re.compile(r"\d{1,3}")
# PDFium joins a word hyphenated at a line end itself and marks the join with U+FFFE
_SOFT_HYPHEN = re.compile(r"\ufffe(?=(.)?)")
SUPERSCRIPT_SIZE = 0.8  # a digit this much smaller than its line, and raised, is a note marker
# what a font without a Unicode map gives: replacement characters, private-use code points, control codes
_GARBLED = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b-\x1f]")


@dataclass(slots=True)
class Line:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float
    bold: bool
    page: int
    # note markers found in this line: (start, end, number) in ``text``
    markers: list[tuple[int, int, int]] = field(default_factory=list)
    # a table row: its cells' text and left edges, when the line is three or more runs set wide apart
    cells: list[tuple[str, float]] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(slots=True)
class PageLines:
    index: int
    width: float
    height: float
    lines: list[Line]
    links: list[tuple[str, str]]  # (text under the link, URI)
    garbled_chars: int = 0
    chars: int = 0


def _font_bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, index)
    if weight >= 600:
        return True
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, 128, ctypes.byref(flags))
    name = buffer.raw[: max(0, min(length, 128) - 1)].decode("latin-1", "replace").lower()
    return any(word in name for word in ("bold", "black", "heavy", "semibold", ",bd", "-bd"))


def _box(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float, float, float]:
    left, bottom, right, top = textpage.get_charbox(index, loose=True)
    return left, bottom, right, top


def page_lines(document: pdfium.PdfDocument, index: int) -> PageLines:
    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            return _read(textpage, page, document, index, width, height)
        finally:
            textpage.close()
    finally:
        page.close()


def _read(
    textpage: pdfium.PdfTextPage,
    page: pdfium.PdfPage,
    document: pdfium.PdfDocument,
    index: int,
    width: float,
    height: float,
) -> PageLines:
    count = textpage.count_chars()
    text = textpage.get_text_range() if count > 0 else ""
    # PDFium's text holds one character per char index (line breaks it made up included); if a font maps one
    # glyph to several characters the two drift apart, and boxes are then looked up at the nearest index.
    limit = max(0, count - 1)
    lines: list[Line] = []
    garbled = 0
    for match in _LINE.finditer(text):
        piece = match.group()
        stripped = _SOFT_HYPHEN.sub(_unhyphenate, piece.strip())
        if not stripped:
            continue
        first = min(match.start() + len(piece) - len(piece.lstrip()), limit)
        last = min(match.start() + len(piece.rstrip()) - 1, limit)
        middle = min((first + last) // 2, limit)
        boxes = [_box(textpage, i) for i in (first, middle, last)]
        sizes = [pdfium_c.FPDFText_GetFontSize(textpage.raw, i) for i in (first, middle, last)]
        line = Line(
            text=stripped,
            left=min(b[0] for b in boxes),
            bottom=min(b[1] for b in boxes),
            right=max(b[2] for b in boxes),
            top=max(b[3] for b in boxes),
            size=round(max(sizes), 1),
            bold=all(_font_bold(textpage, index) for index in (first, middle, last)),
            page=index,
        )
        _find_markers(textpage, line, first)
        # only a line far wider than its characters can hold wide gaps (type is ~0.5 of its size wide)
        if line.right - line.left > len(stripped) * line.size * 0.75:
            line.cells = _cells(textpage, first, last, line.size)
        garbled += len(_GARBLED.findall(stripped))
        lines.append(line)
    return PageLines(
        index=index,
        width=width,
        height=height,
        lines=lines,
        links=_links(page, textpage, document),
        garbled_chars=garbled,
        chars=sum(len(line.text) for line in lines),
    )


CELL_GAP = 1.5  # runs on one line this many type sizes apart are table cells, not words


def _cells(textpage: pdfium.PdfTextPage, first: int, last: int, size: float) -> list[tuple[str, float]]:
    """PDFium splits a line into rectangles where the text jumps: three or more wide jumps make a table row."""
    count = textpage.count_rects(first, last - first + 1)
    if count < 3 or count > 40:
        return []
    rects = sorted((textpage.get_rect(k) for k in range(count)), key=lambda rect: rect[0])
    groups: list[list[tuple[float, float, float, float]]] = [[rects[0]]]
    for rect in rects[1:]:
        if rect[0] - groups[-1][-1][2] > CELL_GAP * max(size, 1.0):
            groups.append([rect])
        else:
            groups[-1].append(rect)
    if len(groups) < 3:
        return []
    cells = []
    for group in groups:
        left = min(rect[0] for rect in group)
        bottom = min(rect[1] for rect in group)
        right = max(rect[2] for rect in group)
        top = max(rect[3] for rect in group)
        text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        cells.append((text, left))
    return cells


def _find_markers(textpage: pdfium.PdfTextPage, line: Line, first_index: int) -> None:
    """Small raised digits right after a word or punctuation ("...in 2025.12 The") are note markers."""
    if line.size <= 0:
        return
    for match in _DIGITS.finditer(line.text):
        start, end = match.span()
        if start == 0 or not (line.text[start - 1].isalpha() or line.text[start - 1] in ".,;:)’”\"'"):
            continue
        char_index = first_index + start
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, char_index)
        if size <= 0 or size > line.size * SUPERSCRIPT_SIZE:
            continue
        _, bottom, _, _ = textpage.get_charbox(char_index, loose=False)
        if bottom - line.bottom < line.size * 0.15:
            continue
        line.markers.append((start, end, int(match.group())))


def _unhyphenate(match: re.Match[str]) -> str:
    following = match.group(1)
    return "" if following is None or following.islower() else "-"


def _links(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, document: pdfium.PdfDocument) -> list[tuple[str, str]]:
    """Link annotations with a web address, as (the text they cover, the address)."""
    found: list[tuple[str, str]] = []
    position = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)) and len(found) < 2000:
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
        if size <= 1 or size > 4096:
            continue
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, size)
        uri = buffer.raw[: size - 1].decode("utf-8", "replace").strip()
        if not uri.lower().startswith(("http://", "https://", "mailto:")):
            continue
        rect = pdfium_c.FS_RECTF()
        if not pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        text = textpage.get_text_bounded(rect.left, rect.bottom, rect.right, rect.top)
        text = " ".join(text.split())
        if text:
            found.append((text, uri))
    return found
