"""The reading pane's header: title, meta line, authors, size of the piece; all plain text.

At small terminal sizes it is compact: the title on one line (cut with …) and the details on a second one,
so an 80x24 terminal keeps its rows for the text and the list. The details line keeps what matters when it is
short of room (date, authors, length): the rest shortens or goes first (see :class:`DetailsLine`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from inkreader.model import Article
from inkreader.text import without_anchors
from inkreader.tui.widgets.fields import fit
from inkreader.tui.widgets.format import authors_line, display_date, kind_label, meta_line, plain

WORDS_PER_MINUTE = 230  # a common figure for attentive reading of non-fiction
COMPACT_BELOW_ROWS = 32
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


@lru_cache(maxsize=8)
def word_count(markdown: str) -> int:
    """Words a reader reads: link targets and markup do not count.

    ~3 ms on a 15,000-word report: kept for the few bodies last shown (a header is made again on a resize, the
    summary toggle, going back), and counted ahead while the body is prepared (``ArticleView.prepare_body``)."""
    return len(_WORD.findall(_LINK_TARGET.sub("]", without_anchors(markdown or ""))))


def size_label(words: int) -> str:
    """``2,340 words · 10 min``; empty for a page with no text of its own."""
    if not words:
        return ""
    minutes = max(1, round(words / WORDS_PER_MINUTE))
    return f"{words:,} word{'s' if words != 1 else ''} · {minutes} min"


@dataclass(frozen=True, slots=True)
class Detail:
    """One field of the compact details line: its forms from the longest to the shortest ("" leaves it out),
    and how soon it gives way when the line is too long (lower first)."""

    forms: tuple[str, ...]
    keep: int


class DetailsLine:
    """The compact header's details, fitted to the width drawn at: fields shorten or go, those that matter least
    first, and only what still does not fit is cut with "…" (the authors come last)."""

    def __init__(self, details: list[Detail]) -> None:
        self.details = [detail for detail in details if detail.forms and detail.forms[0]]

    def line(self, width: int) -> str:
        chosen = [0] * len(self.details)

        def text() -> str:
            return " · ".join(d.forms[i] for d, i in zip(self.details, chosen, strict=True) if d.forms[i])

        order = sorted(range(len(self.details)), key=lambda n: self.details[n].keep)
        while cell_len(text()) > width:
            shorter = next((n for n in order if chosen[n] < len(self.details[n].forms) - 1), None)
            if shorter is None:
                break
            chosen[shorter] += 1
        return fit(text(), width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = Text(self.line(options.max_width), style="dim")
        line.no_wrap = True
        yield line


def compact_details(article: Article, *, showing_summary: bool, size: str) -> DetailsLine:
    """What the compact header says under the title: which text is shown, kind, outlet, date, length, authors."""
    minutes = size.rpartition(" · ")[2]
    authors = authors_line(article.authors)
    details = []
    if article.followed:
        details.append(Detail(source_labels(article, showing_summary=showing_summary), keep=2))
    details.append(Detail((kind_label(article.kind), ""), keep=0))
    if not article.followed:
        details.append(Detail((clean_outlet(article.outlet), ""), keep=1))
    details.append(Detail((display_date(article.published),), keep=9))
    details.append(Detail((size, minutes), keep=3))
    details.append(Detail((f"By {authors}" if authors else "",), keep=9))
    return DetailsLine(details)


def source_labels(article: Article, *, showing_summary: bool) -> tuple[str, ...]:
    """Which text of a followed piece is shown, from the longest way of saying it to nothing."""
    if article.pdf_url and article.full_article_url == article.pdf_url:  # a report page and its PDF
        if showing_summary:
            return ("The report's page · f: PDF", "The report's page", "Page", "")
        return ("The report's PDF · f: page", "The report's PDF", "PDF", "")
    if showing_summary:
        return ("Think-tank summary · f: full text", "Think-tank summary", "Summary", "")
    outlet = clean_outlet(article.outlet) or "the outlet"
    return (f"Full text from {outlet} · f: summary", f"Full text from {outlet}", "Full text", "")


def clean_outlet(outlet: str | None) -> str:
    return plain(outlet).plain if outlet else ""


def header_text(article: Article, *, showing_summary: bool, compact: bool = False) -> RenderableType:
    shown = article.summary_markdown if showing_summary and article.summary_markdown else article.markdown
    size = "" if article.kind == "listing" else size_label(word_count(shown))
    meta = meta_line(article.kind, article.outlet, article.published)
    authors = authors_line(article.authors)
    source = source_labels(article, showing_summary=showing_summary)[0] if article.followed else ""
    text = Text()
    text.append_text(plain(article.title or article.url, "bold"))
    if compact:
        text.no_wrap = True
        text.overflow = "ellipsis"
        return Group(text, compact_details(article, showing_summary=showing_summary, size=size))
    first = " · ".join(part for part in (meta, size) if part)
    if first:
        text.append("\n")
        text.append_text(plain(first))
    if authors:
        text.append("\n")
        text.append_text(plain(f"By {authors}", "italic"))
    if source:
        text.append("\n")
        text.append_text(plain(source.replace(" · f: ", " · press f for the "), "dim"))
    return text
