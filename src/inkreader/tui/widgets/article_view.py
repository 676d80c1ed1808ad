"""The reading pane: a header of plain-text metadata above ``VerticalScroll > Markdown(open_links=False)``."""

from __future__ import annotations

import asyncio
import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static

from inkreader.model import Article
from inkreader.text import clean_text
from inkreader.tui.chunks import split_for_display
from inkreader.tui.widgets.format import authors_line, display_date, meta_line, plain


class ArticleScroll(VerticalScroll):
    """The scrolling part of the reading pane, with vim keys."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    @property
    def fraction(self) -> float:
        """How far down the reader is, 0..1 (what the library stores as the reading position)."""
        if self.max_scroll_y <= 0:
            return 0.0
        return max(0.0, min(1.0, self.scroll_y / self.max_scroll_y))

    def scroll_to_fraction(self, fraction: float) -> None:
        self.scroll_to(y=round(fraction * self.max_scroll_y), animate=False, immediate=True)


def header_text(article: Article, *, showing_summary: bool) -> Text:
    """Title, meta line and authors, all as plain text."""
    text = Text()
    text.append_text(plain(article.title or article.url, "bold"))
    meta = meta_line(article.kind, article.outlet, article.published)
    if meta:
        text.append("\n")
        text.append_text(plain(meta))
    authors = authors_line(article.authors)
    if authors:
        text.append("\n")
        text.append_text(plain(f"By {authors}", "italic"))
    if article.followed:
        text.append("\n")
        if showing_summary:
            text.append_text(plain("Think-tank summary · press f for the full text", "dim"))
        else:
            outlet = article.outlet or "the outlet"
            text.append_text(plain(f"Full text from {outlet} · press f for the summary", "dim"))
    return text


def banner_lines(article: Article) -> list[tuple[str, str]]:
    """(css class, text) for the banners above the text: offline copy, preview only, notes."""
    lines: list[tuple[str, str]] = []
    if article.offline:
        when = display_date(article.fetched_at) or "an earlier visit"
        lines.append(("-offline", f"Offline copy from {when}"))
    if article.preview_only:
        lines.append(("-preview", "Preview only: the publisher shows the rest to subscribers"))
    for note in article.notes:
        if article.offline and note.startswith("Offline copy"):
            continue  # the reader service words the same fact; one banner is enough
        lines.append(("-note", note))
    return lines


class ArticleView(Vertical):
    """Header, banners and the Markdown body of one article."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.timings: dict[str, float] = {}
        """perf_counter() stamps of the last body shown: start, first_text, done (read by bench/tui.py)."""

    def compose(self) -> ComposeResult:
        yield Static(id="article-header", markup=False)
        yield Static(id="article-banner", markup=False)
        with ArticleScroll(id="article-scroll"):
            yield Markdown(id="article-body", open_links=False)

    @property
    def scroller(self) -> ArticleScroll:
        return self.query_one(ArticleScroll)

    @property
    def document(self) -> Markdown:
        return self.query_one(Markdown)

    def show_header(self, article: Article, *, showing_summary: bool = False) -> None:
        self.query_one("#article-header", Static).update(header_text(article, showing_summary=showing_summary))
        banner = self.query_one("#article-banner", Static)
        lines = banner_lines(article)
        text = Text()
        for index, (_, line) in enumerate(lines):
            if index:
                text.append("\n")
            text.append_text(plain(line))
        banner.update(text)
        banner.display = bool(lines)
        banner.set_class(any(css == "-offline" for css, _ in lines), "-offline")

    def show_message(self, title: str, body: str = "") -> None:
        """A placeholder page (nothing open yet, the start page failed...)."""
        self.query_one("#article-header", Static).update(plain(title, "bold"))
        self.query_one("#article-banner", Static).display = False
        self.document.update(body)

    async def show_body(self, markdown: str, *, first_screen_shown=None) -> None:
        """Mount the first screenful at once, then append the rest piece by piece (keeps keys responsive).

        ``first_screen_shown`` is called once the first piece is on screen (the loading indicator goes).
        """
        document = self.document
        self.timings = {"start": time.perf_counter()}
        pieces = split_for_display(clean_text(markdown or ""))
        self.scroller.scroll_home(animate=False, immediate=True)
        # update("") resets the widget's parse position so append() continues from the first piece.
        await document.update("")
        if pieces:
            await document.append(pieces[0])
        self.timings["first_text"] = time.perf_counter()
        if first_screen_shown is not None:
            first_screen_shown()
        for piece in pieces[1:]:
            await asyncio.sleep(0)  # let queued key presses through between pieces
            await document.append(piece)
        self.timings["done"] = time.perf_counter()
