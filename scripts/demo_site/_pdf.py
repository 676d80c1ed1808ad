"""The demo report as a think tank prints it: a cover, two columns, running heads and page numbers, footnotes at
the foot of the page, a contents outline (bookmarks), a table and a link. Written with reportlab, at generation
time only (the PDF is committed under src/inkreader/demo/site; reportlab is never needed to run inkreader).

Deterministic: reportlab's invariant mode fixes the dates and ids, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

rl_config.invariant = 1

WIDTH, HEIGHT = LETTER
MARGIN = 54
GUTTER = 18
FOOTNOTE_AREA = 150  # reserved at the foot of every text page for that page's footnotes
BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=9.5, leading=12.5, firstLineIndent=0, spaceAfter=6)
HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=10, spaceAfter=6)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=26, leading=31, spaceAfter=14)
SUBTITLE = ParagraphStyle("subtitle", fontName="Helvetica", fontSize=13, leading=17, spaceAfter=24)
COVER = ParagraphStyle("cover", fontName="Helvetica", fontSize=10.5, leading=14, spaceAfter=4)
NOTE = ParagraphStyle("note", fontName="Times-Roman", fontSize=7, leading=8.5)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10)


def _inline(text: str) -> str:
    """The demo's paragraph mini-markup (*em*, **strong**, [^n]) as reportlab markup; notes as superscripts."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)
    return re.sub(r"\[\^(\d+)\]", r"<super>\1</super>", text)


@dataclass
class _Footnotes:
    """Which notes were set on which page: a paragraph registers its markers when it is drawn."""

    texts: dict[int, str]
    by_page: dict[int, list[int]] = field(default_factory=dict)

    def draw(self, canvas: object, page: int) -> None:
        numbers = self.by_page.get(page, [])
        if not numbers:
            return
        y = MARGIN + FOOTNOTE_AREA - 14
        canvas.setLineWidth(0.5)  # type: ignore[attr-defined]
        canvas.line(MARGIN, y + 8, MARGIN + 120, y + 8)  # type: ignore[attr-defined]
        for number in numbers:
            note = Paragraph(f"{number} {_inline(self.texts[number])}", NOTE)
            _, height = note.wrap(WIDTH - 2 * MARGIN, FOOTNOTE_AREA)
            y -= height
            note.drawOn(canvas, MARGIN, y)
            y -= 2


class _NotedParagraph(Paragraph):
    """A paragraph that tells the footnotes which markers it carries, on the page it is drawn on (its split
    parts are made by reportlab as this class too, each with its own fragments)."""

    footnotes: _Footnotes | None = None

    def draw(self) -> None:
        numbers = _raised_numbers(getattr(self, "frags", None) or [])
        if self.footnotes is not None:
            page = self.footnotes.by_page.setdefault(self.canv.getPageNumber(), [])
            page.extend(n for n in numbers if n not in page)
        super().draw()


def _raised_numbers(frags: object, depth: int = 0) -> list[int]:
    """Superscript numbers in reportlab's fragments (a wrapped paragraph keeps them inside word lists)."""
    if depth > 4:
        return []
    if isinstance(frags, (list, tuple)):
        return [n for item in frags for n in _raised_numbers(item, depth + 1)]
    text = getattr(frags, "text", None)
    if isinstance(text, str) and getattr(frags, "rise", 0) and text.strip().isdigit():
        return [int(text)]
    return []


class _Heading(Paragraph):
    """A section heading that adds itself to the PDF's outline (bookmarks)."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int = 0) -> None:
        super().__init__(text, style)
        self.key, self.level, self.plain = key, level, re.sub(r"<[^>]+>", "", text)

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.plain.replace("&amp;", "&"), self.key, level=self.level)
        super().draw()


@dataclass
class Report:
    title: str
    subtitle: str
    authors: list[str]
    date_line: str
    institution: str
    report_number: str
    sections: list[tuple[str, list[str]]]
    notes: list[str]
    table_after: str = ""  # the section after whose first paragraph the table is set
    table: list[list[str]] = field(default_factory=list)
    table_caption: str = ""
    link_text: str = ""
    link_url: str = ""
    published: datetime.date | None = None  # the PDF's creation date (reportlab's invariant mode says 2000)


def report_pdf(report: Report) -> bytes:
    out = io.BytesIO()
    footnotes = _Footnotes({n: text for n, text in enumerate(report.notes, start=1)})
    _NotedParagraph.footnotes = footnotes
    column = (WIDTH - 2 * MARGIN - GUTTER) / 2
    text_bottom = MARGIN + FOOTNOTE_AREA
    text_height = HEIGHT - 2 * MARGIN - FOOTNOTE_AREA - 20
    frames = [
        Frame(MARGIN, text_bottom, column, text_height, id="left", leftPadding=0, rightPadding=0),
        Frame(MARGIN + column + GUTTER, text_bottom, column, text_height, id="right", leftPadding=0, rightPadding=0),
    ]
    cover_frame = Frame(MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN, id="cover")

    def running(canvas: object, doc: BaseDocTemplate) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 7.5)  # type: ignore[attr-defined]
        canvas.drawString(MARGIN, HEIGHT - MARGIN + 14, report.title.split(":")[0].upper())  # type: ignore[attr-defined]
        canvas.drawRightString(WIDTH - MARGIN, HEIGHT - MARGIN + 14, report.institution)  # type: ignore[attr-defined]
        canvas.drawCentredString(WIDTH / 2, MARGIN - 24, str(doc.page))  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    def foot(canvas: object, doc: BaseDocTemplate) -> None:
        footnotes.draw(canvas, doc.page)

    doc = BaseDocTemplate(
        out,
        pagesize=LETTER,
        title=report.title,
        author=", ".join(report.authors),
        subject=report.subtitle,
        creator=report.institution,
        invariant=1,
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[cover_frame]),
            PageTemplate(id="text", frames=frames, onPage=running, onPageEnd=foot),
        ]
    )
    story: list[Flowable] = [
        Spacer(1, 120),
        Paragraph(_inline(report.title), TITLE),
        Paragraph(_inline(report.subtitle), SUBTITLE),
        Paragraph(", ".join(report.authors), COVER),
        Paragraph(report.date_line, COVER),
        Spacer(1, 200),
        Paragraph(f"{report.institution} · Report No. {report.report_number}", COVER),
        Paragraph(f"© {report.date_line[-4:]} {report.institution}. All rights reserved.", COVER),
    ]
    if report.link_url:
        story.append(Paragraph(f'{report.link_text} <a href="{report.link_url}">{report.link_url}</a>', COVER))
    story += [NextPageTemplate("text"), PageBreak()]
    for number, (title, paragraphs) in enumerate(report.sections, start=1):
        story.append(_Heading(_inline(title), HEAD, key=f"s{number}"))
        for index, text in enumerate(paragraphs):
            story.append(_NotedParagraph(_inline(text), BODY))
            if title == report.table_after and index == 0 and report.table:
                story += _table(report, column)
    # reportlab stamps SOURCE_DATE_EPOCH when set (reproducible builds): the report's own date
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if report.published is not None:
        moment = datetime.datetime.combine(report.published, datetime.time(12), tzinfo=datetime.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        doc.build(story)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return out.getvalue()


def _table(report: Report, width: float) -> list[Flowable]:
    rows = [[Paragraph(cell, CELL) for cell in row] for row in report.table]
    columns = len(report.table[0])
    table = Table(rows, colWidths=[width * 0.4] + [width * 0.6 / (columns - 1)] * (columns - 1))
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    caption = ParagraphStyle("caption", parent=CELL, fontName="Helvetica-Bold", spaceBefore=6, spaceAfter=4)
    return [Paragraph(report.table_caption, caption), table, Spacer(1, 8)]


def long_report_pdf(pages: int = 100) -> bytes:
    """The demo report's text repeated into a report of about ``pages`` pages (bench/pdf.py's time to first
    text). Its sections are numbered so the outline and headings stay distinct."""
    from . import _report

    sections: list[tuple[str, list[str]]] = []
    round_ = 0
    while len(sections) < pages * 1.7:  # about 1.7 sections a page in two columns
        round_ += 1
        sections += [(f"{title} ({round_})", texts) for title, texts in _report.SECTIONS]
    return report_pdf(
        Report(
            title="Holding the Line Beneath the Waves: The Long Edition",
            subtitle=_report.PDF_SUBTITLE,
            authors=["Dr. Maren Holt", "Tobias Arkwright", "Priya Ramanathan"],
            date_line="May 28, 2026",
            institution="Center for Northern Atlantic Studies",
            report_number=_report.REPORT_NUMBER,
            sections=sections,
            notes=_report.ENDNOTES,
            table_after=_report.TABLE_AFTER + " (1)",
            table=_report.TABLE,
            table_caption=_report.TABLE_CAPTION,
            published=datetime.date(2026, 5, 28),
        )
    )
