"""The reader's own work on a piece: visual mode and highlights, notes, tags, citations, saving.

:class:`AnnotationController` is composed into the main screen beside the reading controller (it takes the view,
the reading controller and the list pane); the screen binds the keys and routes the panes' messages to it. Every
library call runs in a thread worker; the Reader does the work.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from inkreader.errors import InkreaderError
from inkreader.model import Article
from inkreader.tui.controller import Failed
from inkreader.tui.messages import call_from_thread
from inkreader.tui.mouse_select import MouseSelect
from inkreader.tui.widgets.article_view import highlight_marks

if TYPE_CHECKING:
    from inkreader.annotate import DocumentText
    from inkreader.model import Highlight
    from inkreader.reader import Reader
    from inkreader.tui.app import InkReaderApp
    from inkreader.tui.controller import ReadingController
    from inkreader.tui.textmap import TextMap
    from inkreader.tui.widgets.article_view import ArticleView
    from inkreader.tui.widgets.highlight_list import HighlightList
    from inkreader.tui.widgets.list_pane import ListPane

# The dialogs, the text map and the highlight list are imported where they are first used: the first frame needs
# none of them.

log = logging.getLogger(__name__)
NOTE_PROMPT = "Note (plain text; Enter saves, an empty note clears it, Esc cancels):"


class AnnotationController(Widget):
    """Highlights, notes, tags, citations and saving for the piece the reading controller shows."""

    DEFAULT_CSS = "AnnotationController { display: none; }"

    def __init__(self, view: ArticleView, reading: ReadingController, list_pane: ListPane) -> None:
        super().__init__()
        self.view = view
        self.reading = reading
        self.list_pane = list_pane
        self._mouse_hint_shown = False

    @property
    def reader(self) -> Reader:
        return self.reading.reader

    @property
    def ink_app(self) -> InkReaderApp:
        return self.reading.ink_app

    @property
    def article(self) -> Article | None:
        return self.reading.article

    @property
    def showing_highlights(self) -> bool:
        return self.list_pane.mode == "highlights"

    @property
    def highlight_list(self) -> HighlightList:
        """Mounted after the first frame (MainScreen.panes_ready)."""
        from inkreader.tui.widgets.highlight_list import HighlightList

        return self.list_pane.query_one("#highlights", HighlightList)

    # -- what the body shown is, for the Reader ----------------------------------------------------------
    def _annotated_article(self, body: str | None = None) -> Article | None:
        """The open piece with the body on screen (``body``: the one being shown) as its markdown (the
        think-tank summary when ``f`` shows it); None for a listing or an empty page."""
        article = self.article
        body = self.view.markdown if body is None else body
        if article is None or article.kind == "listing" or not body.strip():
            return None
        if body != article.markdown:
            return dataclasses.replace(article, markdown=body)
        return article

    # -- showing the highlights in the text -------------------------------------------------------------
    def load_highlights(self, rendering: asyncio.Future[None] | None = None, body: str | None = None) -> None:
        """Paint the highlights of the body shown, or (``rendering``) of ``body``, being read in: the library is
        read meanwhile, the text aligned once the blocks are all in. Nothing is read for a piece with none."""
        article = self._annotated_article(body)
        if article is not None:
            self._load_highlights(article, rendering)

    @work(exclusive=True, group="highlights", exit_on_error=False, description="Highlights")
    async def _load_highlights(self, article: Article, rendering: asyncio.Future[None] | None = None) -> None:
        try:
            highlights, text = await asyncio.to_thread(self._read_highlights, article)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if rendering is not None and not rendering.done():
            await asyncio.wait([rendering])
        if self.view.markdown != article.markdown:
            return  # another body is on screen now
        shown = self.view.shown_texts() if text is not None else None
        text_map, ranges, marks = await asyncio.to_thread(_place_on_screen, text, highlights, shown)
        self._show_highlights(article, highlights, text, text_map, ranges, marks)

    def _read_highlights(self, article: Article) -> tuple[list[Highlight], DocumentText | None]:
        reader = self.reader
        if not reader.highlight_count(article.url):
            return [], None
        highlights = reader.highlights(article.url)
        if article.markdown is not self.article.markdown:  # type: ignore[union-attr]
            highlights = reader.place_highlights(highlights, article.markdown)  # the summary shown
        return highlights, reader.document(article)

    def _show_highlights(
        self,
        article: Article,
        highlights: list[Highlight],
        text: DocumentText | None,
        text_map: TextMap | None = None,
        ranges: list[tuple[int, int]] | None = None,
        marks: dict[int, list[tuple[int, int, str]]] | None = None,
    ) -> None:
        view = self.view
        if view.markdown != article.markdown:
            return  # another body is on screen now
        if text is not None and (view.annotation_text is None or view.text_map is None):
            view.set_annotation_text(text, text_map)
        if view.text_map is not text_map:
            marks = None  # aligned on the event loop meanwhile (visual mode): mark with that alignment
        view.show_highlights(ranges if ranges is not None else _ranges(view.annotation_text, highlights), marks)
        if self.showing_highlights:
            self.highlight_list.show_highlights(highlights)
            self._title_highlights(len(highlights))

    # -- visual mode ---------------------------------------------------------------------------------------
    def visual(self) -> None:
        article = self._annotated_article()
        if article is None:
            self.notify("Open a piece to highlight it.", markup=False)
            return
        if self.view.rendering:
            self.notify("The text is still coming in; try again in a moment.", markup=False)
            return
        if self.view.annotation_text is None:
            self.view.set_annotation_text(self.reader.document(article))
        self.view.focus_text()
        if self.view.visual_begin():
            self.notify(
                "Visual mode: j/k a sentence, J/K a block; Enter saves, n adds a note, y copies, Esc cancels.",
                markup=False,
                timeout=6,
            )
        else:
            self.notify("This page has no text to highlight.", markup=False)

    def visual_cancel(self) -> None:
        self.view.visual_end()

    def copy_selection(self) -> None:
        """y with a selection (visual mode's or the mouse's): copy its text, as Textual's own Ctrl+C would."""
        quote = self.view.selected_text()
        self.view.visual_end()
        if quote:
            message = self.ink_app.copy_text(quote, "the selection")
            self.notify(message.replace(quote, _short(quote, 100)), markup=False, timeout=6)

    # -- selecting with the mouse (MouseSelect, in the reading pane) -------------------------------------------
    def mouse_pressed(self, event: MouseSelect.Pressed) -> None:
        """A press in the text: the selection there was goes (as in a browser), the text takes the focus."""
        event.stop()
        self.screen.clear_selection()  # Textual's own, in another widget (the header): one selection at a time
        view = self.view
        if view.selection is not None:
            view.visual_end()
        if not view.text_has_focus:
            view.focus_text()

    def mouse_selected(self, event: MouseSelect.Selected) -> None:
        event.stop()
        view = self.view
        if event.blocks is not view.document.blocks:
            return  # another page is shown now
        article = self._annotated_article()
        if article is None or view.rendering:
            view.document.set_overlay({})
            if article is None:
                self.notify("Open a piece to select its text.", markup=False)
            else:
                self.notify("The text is still coming in; try again in a moment.", markup=False)
            return
        if view.annotation_text is None:
            view.set_annotation_text(self.reader.document(article))
        if view.select_places(event.start, event.end, event.unit) and not self._mouse_hint_shown:
            self._mouse_hint_shown = True  # once a session: the footer and the pane's border say it too
            self.notify(
                "Selected. Enter highlights it, n highlights it with a note, y copies it, Esc clears.",
                markup=False,
                timeout=6,
            )

    def visual_save(self, with_note: bool = False) -> None:
        article = self._annotated_article()
        selection = self.view.visual_end()
        if selection is None or article is None:
            return
        if not with_note:
            self._add_highlight(article, selection.start, selection.end, "")
            return
        quote = self.view.annotation_text.text[selection.start : selection.end] if self.view.annotation_text else ""

        def typed(note: str | None) -> None:
            if note is not None:
                self._add_highlight(article, selection.start, selection.end, note)
            else:
                self.notify("Not highlighted.", markup=False)

        from inkreader.tui.screens.dialogs import TextPromptScreen

        self.app.push_screen(TextPromptScreen(NOTE_PROMPT, detail=_short(quote)), typed)

    @work(thread=True, group="highlight-edit", exit_on_error=False, description="Saving a highlight")
    def _add_highlight(self, article: Article, start: int, end: int, note: str) -> None:
        try:
            self.reader.add_highlight(article.url, start, end, note=note, markdown=article.markdown)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify("Highlighted" + (" with a note." if note.strip() else "."), markup=False)
        call_from_thread(self.app, self.load_highlights)

    # -- the list of highlights (H) ------------------------------------------------------------------------
    async def highlights(self) -> None:
        """H: the piece's highlights in the list pane (H again, or Esc, goes back to the list)."""
        if self.showing_highlights and self.screen.focused is self.highlight_list:
            self._close_highlights()
            return
        article = self._annotated_article()
        if article is None:
            self.notify("Open a piece to see its highlights.", markup=False)
            return
        listing = self.highlight_list
        if not self.showing_highlights:
            listing.show_highlights([])
        self.list_pane.mode = "highlights"
        listing.focus()
        self._title_highlights(None)
        self._list_highlights(article)

    def _list_highlights(self, article: Article) -> None:
        self._load_highlights(article)

    def _title_highlights(self, count: int | None) -> None:
        title = "Highlights" if count is None else f"Highlights · {count}"
        self.list_pane.set_title(title, "Enter: go · e: note · d: delete · Esc: back")

    def _close_highlights(self) -> None:
        self.list_pane.mode = "related"
        self.list_pane.related.focus()

    # the highlight list's messages, routed here by the screen
    def highlight_list_closed(self, event: HighlightList.Closed) -> None:
        event.stop()
        self._close_highlights()

    def highlight_chosen(self, event: HighlightList.Chosen) -> None:
        event.stop()
        highlight = event.highlight
        text = self.view.annotation_text
        if highlight.detached or highlight.block is None or text is None or highlight.block >= len(text.blocks):
            self.notify("That passage is no longer in the text (detached): its quote and note are kept.", markup=False)
            return
        self.view.jump_to_offset(text.offset(highlight.block, highlight.start or 0))
        self.view.focus_text()
        self.refresh_bindings()  # Backspace returns from the jump

    def edit_note(self, event: HighlightList.EditNote) -> None:
        event.stop()
        highlight = event.highlight

        def typed(note: str | None) -> None:
            if note is not None:
                self._set_note(highlight, note)

        from inkreader.tui.screens.dialogs import TextPromptScreen

        self.app.push_screen(TextPromptScreen(NOTE_PROMPT, highlight.note, detail=_short(highlight.quote)), typed)

    @work(thread=True, group="highlight-edit", exit_on_error=False, description="Saving a note")
    def _set_note(self, highlight: Highlight, note: str) -> None:
        try:
            self.reader.set_note(highlight.id, note)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify("Note saved." if note.strip() else "Note cleared.", markup=False)
        call_from_thread(self.app, self._refresh_highlights)

    def delete_asking(self, event: HighlightList.Delete) -> None:
        event.stop()
        highlight = event.highlight

        def answer(yes: bool | None) -> None:
            if yes:
                self._delete_highlight(highlight)

        from inkreader.tui.screens.dialogs import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Delete this highlight and its note?", _short(highlight.quote)), answer)

    @work(thread=True, group="highlight-edit", exit_on_error=False, description="Deleting a highlight")
    def _delete_highlight(self, highlight: Highlight) -> None:
        try:
            self.reader.delete_highlight(highlight.id)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify("Highlight deleted.", markup=False)
        call_from_thread(self.app, self._refresh_highlights)

    def _refresh_highlights(self) -> None:
        article = self._annotated_article()
        if article is not None:
            self._list_highlights(article)

    # -- unsaving a piece with highlights ------------------------------------------------------------------
    @work(exclusive=True, group="save", exit_on_error=False, description="Saving")
    async def toggle_save(self) -> None:
        """s: save the piece for offline reading, or unsave it (a piece with highlights asks first)."""
        article = self.article
        if article is None:
            return
        url = article.url
        saved = await self.reading.attempt(asyncio.to_thread(self.reader.is_saved, url), f"checking {url}")
        if isinstance(saved, Failed):
            return
        if saved:
            if await self.unsave_asking(url):
                self.notify("Removed from your library.", markup=False)
        else:
            failure = "Could not save that piece (details in the log)."
            kept = await self.reading.attempt(self.reader.save(url), f"saving {url}", failure=failure)
            if isinstance(kept, Failed):
                self.notify("Not saved.", severity="error", markup=False)
                return
            self.notify("Saved for offline reading.", markup=False)
        self.reading.show_marks(article)

    async def unsave_asking(self, url: str) -> bool | None:
        """Unsave ``url``; a piece with highlights asks first. True: unsaved, False: kept, None: failed."""
        from inkreader.tui.screens.dialogs import ConfirmScreen

        reader = self.reader
        try:
            count = await asyncio.to_thread(reader.highlight_count, url)
            if count:
                what = "1 highlight" if count == 1 else f"{count} highlights"
                question = f"This piece has {what}. Unsave it anyway?"
                detail = "The highlights and notes are kept; the piece leaves your saved list."
                if not await self.app.push_screen_wait(ConfirmScreen(question, detail)):
                    self.notify("Kept in your library.", markup=False)
                    return False
            await asyncio.to_thread(reader.unsave, url, force=True)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return None
        return True

    # -- tags (T) --------------------------------------------------------------------------------------------
    @work(exclusive=True, group="tags", exit_on_error=False, description="Tags")
    async def tags(self) -> None:
        from inkreader.tui.screens.dialogs import TagSuggester, TextPromptScreen

        article = self.article
        if article is None or article.kind == "listing":
            self.notify("Open a piece to tag it.", markup=False)
            return
        reader = self.reader
        try:
            current = await asyncio.to_thread(reader.tags, article.url)
            in_use = [tag for tag, _ in await asyncio.to_thread(reader.tags_in_use)]
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        typed = await self.app.push_screen_wait(
            TextPromptScreen(
                "Tags (comma-separated; → accepts a suggestion, Enter saves, Esc cancels):",
                ", ".join(current),
                placeholder="policy, maritime",
                suggester=TagSuggester(in_use),
            )
        )
        if typed is None:
            return
        try:
            tags = await asyncio.to_thread(reader.set_tags, article.url, typed)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify("Tags: " + ", ".join(tags) if tags else "No tags.", markup=False)

    # -- citation (c) ----------------------------------------------------------------------------------------
    def cite(self) -> None:
        article = self.article
        if article is None or article.kind == "listing":
            self.notify("Open a piece to cite it.", markup=False)
            return
        self._cite(article)

    def cite_selection(self) -> None:
        """c with a selection: the passage, quoted, with the piece's citation (and a PDF's page) to paste."""
        article, text, selection = self.article, self.view.annotation_text, self.view.visual_end()
        if article is not None and text is not None and selection is not None:
            quote = " ".join(text.text[selection.start : selection.end].split())
            self._cite(article, quote, text.page_at(selection.start))

    @work(thread=True, exclusive=True, group="cite", exit_on_error=False, description="Citation")
    def _cite(self, article: Article, quote: str = "", page: int | None = None) -> None:
        try:
            citation = self.reader.citation(article, "chicago")  # loads citeproc the first time (~0.2 s)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        except Exception:
            log.exception("citing %s failed", article.url)
            self.notify("Could not format a citation (details in the log).", severity="error", markup=False)
            return
        if quote:
            where = f" (p. {page})" if page is not None else ""
            quoted = f"“{quote}”{where}\n{citation.strip()}"
            call_from_thread(self.app, self._copy_citation, quoted, "the quote and its")
        else:
            call_from_thread(self.app, self._copy_citation, citation)

    def _copy_citation(self, citation: str, what: str = "the") -> None:
        message = self.ink_app.copy_text(citation, f"{what} citation (Chicago)")
        self.notify(message.replace("\n", " "), markup=False, timeout=10)


def _place_on_screen(
    text: DocumentText | None, highlights: list[Highlight], shown: list[str] | None
) -> tuple[TextMap | None, list[tuple[int, int]], dict[int, list[tuple[int, int, str]]] | None]:
    """(text map, annotation ranges, reading-pane marks) of ``highlights``: pure, for a thread."""
    from inkreader.tui.textmap import TextMap

    text_map = TextMap(text.text, shown) if text is not None and shown is not None else None
    ranges = _ranges(text, highlights)
    return text_map, ranges, highlight_marks(text_map, ranges) if text_map is not None else None


def _ranges(text: DocumentText | None, highlights: list[Highlight]) -> list[tuple[int, int]]:
    if text is None:
        return []
    out = []
    for h in highlights:
        if h.detached or h.block is None or h.end_block is None or max(h.block, h.end_block) >= len(text.blocks):
            continue
        out.append((text.offset(h.block, h.start or 0), text.offset(h.end_block, h.end or 0)))
    return out


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
