"""The Reader's verbs for the reader's own work on a piece: citations, highlights, notes and tags.

Composed into :class:`~inkreader.reader.Reader` (kept apart so the pipeline module stays about reading), which
offers each verb as its own method; the TUI and the CLI call these and hold no logic of their own. Every failure
is an InkreaderError with one line.

Offsets are those of :class:`inkreader.annotate.DocumentText` (``Reader.document(url)``): the body's blocks
as plain text, joined by a blank line. A :class:`~inkreader.model.Highlight` carries its place as
(``block``, ``start``) … (``end_block``, ``end``), offsets in those blocks' text.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .addresses import local_path, normalise_url
from .errors import HasHighlights, InkreaderError, LibraryError, NotInLibrary

if TYPE_CHECKING:
    from .annotate import DocumentText, Placement
    from .model import Article, Highlight, LibraryEntry, SearchHit
    from .store import CancelToken, Library
    from .store.annotations import Annotations, StoredPlacement

_TAG_TERM = re.compile(r'(?<!\S)tag:(?:"([^"]*)"|(\S+))', re.IGNORECASE)


def body_hash(markdown: str) -> str:
    import hashlib  # on first use: opening a piece never hashes one

    return hashlib.sha1(markdown.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def split_tag_terms(query: str) -> tuple[list[str], str]:
    """``'tag:policy "port security" tag:"two words"'`` → (["policy", "two words"], '"port security"')."""
    tags = [(quoted or bare).strip() for quoted, bare in _TAG_TERM.findall(query)]
    return [tag for tag in tags if tag], " ".join(_TAG_TERM.sub(" ", query).split())


def _in_reading_order(highlights: list[Highlight]) -> list[Highlight]:
    return sorted(
        highlights, key=lambda h: (h.detached, h.block if h.block is not None else 1 << 30, h.start or 0, h.id)
    )


class AnnotationVerbs:
    """The verbs on a reader's highlights, notes, tags and citations, given how to reach the reader's library
    (``library()``: opened on first use, so reached through a call) and how it reads a piece (``open``)."""

    def __init__(self, library: Callable[[], Library], open_piece: Callable[[str], Awaitable[Article]]) -> None:
        self._library = library
        self._open = open_piece
        self._annotations: Annotations | None = None

    # -- helpers --------------------------------------------------------------------------------------
    @property
    def library(self) -> Library:
        return self._library()

    @property
    def store(self) -> Annotations:
        """The highlight and tag store of the library open now (the Reader may close and reopen it)."""
        library = self.library
        if self._annotations is None or self._annotations.library is not library:
            from .store.annotations import Annotations

            self._annotations = Annotations(library)
        return self._annotations

    @staticmethod
    def _url(target: str) -> str:
        return normalise_url(target)

    def _stored_article(self, url: str) -> Article:
        article = self.library.get_article(url)
        if article is None:
            raise NotInLibrary(f"{url} is not in the library; open it once first.")
        return article

    async def _article_for(self, target: str) -> Article:
        """The piece from the library, read first when it is not there (a listing is refused)."""
        article = None if local_path(target) else self.library.get_article(self._url(target))
        if article is None:
            article = await self._open(target)
        if article.kind == "listing":
            raise InkreaderError("This is a listing, not a piece: choose a piece from it.")
        return article

    # -- citations ------------------------------------------------------------------------------------
    def citation(self, article: Article, fmt: str = "chicago") -> str:
        """The citation of an article in hand (the TUI's ``c``). Formats: ``inkreader.cite.FORMATS``.

        The first formatted citation loads citeproc and the style (~0.2 s): call from a thread worker.
        """
        from .cite import FORMATS, citation

        if fmt not in FORMATS:
            raise InkreaderError(f"Unknown citation format {fmt!r}; choose one of {', '.join(FORMATS)}.")
        return citation(article, fmt)

    async def cite(self, target: str, fmt: str = "chicago") -> str:
        """The citation of a piece in the library, reading it first when it is not there."""
        return self.citation(await self._article_for(target), fmt)

    # -- the text highlights live in -------------------------------------------------------------------
    def document(self, target: str | Article) -> DocumentText:
        """The blocks and plain text of a piece's body (the library copy for a URL): visual mode moves over
        ``blocks`` and ``sentences(block)``; highlight offsets are offsets of its ``text``."""
        from .annotate import document_text

        article = self._stored_article(self._url(target)) if isinstance(target, str) else target
        return document_text(article.markdown)

    # -- highlights -----------------------------------------------------------------------------------
    def highlights(self, target: str) -> list[Highlight]:
        """The piece's highlights in reading order (detached last), placed in the library's copy of its body.

        When the copy changed since they were last placed (a re-fetch), they are placed again and the result
        is stored: cheap when nothing changed (one query), one parse of the body when something did.
        """
        url = self._url(target)
        stored_at, rows = self.store.highlights_of(url)
        stale = [(h, p) for h, p in rows if p.stored_at != stored_at]
        if stale:
            article = self._stored_article(url)
            updates = self._replace(article.markdown, stored_at, stale)
            try:
                self.store.store_placements(updates)
            except LibraryError:
                pass  # a read-only library: placed again next time
            rows = [(self._with_place(h, updates[h.id]) if h.id in updates else h, p) for h, p in rows]
        return _in_reading_order([h for h, _ in rows])

    def place_highlights(self, highlights: list[Highlight], markdown: str) -> list[Highlight]:
        """The same highlights placed in another body (e.g. the think-tank summary the TUI's ``f`` shows);
        nothing is stored."""
        from .annotate import document_text, place

        doc = document_text(markdown)
        placed = [self._with_place(h, self._stored(place(h.selector, doc), None, None, doc)) for h in highlights]
        return _in_reading_order(placed)

    def add_highlight(
        self, target: str, start: int, end: int, *, note: str = "", markdown: str | None = None
    ) -> Highlight:
        """Highlight ``document(…).text[start:end]`` (white space at the ends trimmed) with an optional note.
        ``markdown``: the body the offsets refer to, when it is not the library copy."""
        from .annotate import document_text, make_selector, placement, trim

        url = self._url(target)
        body = markdown if markdown is not None else self._stored_article(url).markdown
        doc = document_text(body)
        try:
            selector = make_selector(doc, start, end)
        except ValueError:
            raise InkreaderError("Select some text to highlight.") from None
        where = placement(doc, *trim(doc.text, start, end), "exact")
        stored = self._stored(where, None, body_hash(body), doc)
        return self.store.add_highlight(url, selector, note, stored)

    async def add_highlight_quote(self, target: str, quote: str, *, note: str = "") -> Highlight:
        """Highlight the passage ``quote`` (found ignoring case, spacing, curly quotes and dashes), reading
        the piece first when it is not in the library. The CLI's ``highlight URL "quote"``."""
        from .annotate import document_text, place
        from .model import TextQuote

        article = await self._article_for(target)
        doc = document_text(article.markdown)
        where = place(TextQuote(" ".join(quote.split())), doc)
        if where is None or where.method == "fuzzy":
            raise InkreaderError(
                f"That passage is not in “{article.title}”: quote it as it appears (case, spacing and "
                "curly quotes do not matter)."
            )
        return self.add_highlight(article.url, where.start, where.end, note=note, markdown=article.markdown)

    def set_note(self, highlight_id: int, note: str) -> Highlight:
        """Set (or, with "", clear) a highlight's note. Notes are plain text, stored as typed."""
        return self.store.set_note(highlight_id, note)

    def delete_highlight(self, highlight_id: int) -> bool:
        return self.store.delete_highlight(highlight_id)

    def all_highlights(self, *, tag: str | None = None) -> list[Highlight]:
        """Every highlight in the library, grouped by piece (``highlights`` command, export, the TUI's ``H``).
        Pieces re-fetched since their highlights were placed are placed again first (``detached`` is current)."""
        for url in self.store.stale_pieces():
            try:
                self.highlights(url)
            except LibraryError:
                continue
        return self.store.all_highlights(tag=tag)

    def highlight_count(self, target: str) -> int:
        return self.store.count(self._url(target))

    def check_unsave(self, target: str, *, force: bool = False) -> None:
        """Raise HasHighlights when the piece has highlights and ``force`` is not given (ask the user first:
        unsaving keeps the highlights and the piece, but it leaves the saved list)."""
        url = self._url(target)
        count = 0 if force or not self.library.is_saved(url) else self.store.count(url)
        if count:
            what = "1 highlight" if count == 1 else f"{count} highlights"
            raise HasHighlights(
                f"This piece has {what}: unsaving keeps {'it' if count == 1 else 'them'} but takes "
                "the piece off the saved list.",
                url=url,
                count=count,
            )

    # -- tags -----------------------------------------------------------------------------------------
    def tags(self, target: str) -> list[str]:
        return self.store.tags(self._url(target))

    def set_tags(self, target: str, tags: str | list[str]) -> list[str]:
        """The piece's tags become ``tags`` ("a, b" as typed at the TUI's ``T``, or a list)."""
        from .store.annotations import parse_tags

        return self.store.change_tags(self._url(target), add=parse_tags(tags), replace=True)

    async def tag(self, target: str, add: list[str], *, remove: list[str] | None = None) -> list[str]:
        """Add (and remove) tags, reading the piece first when it is not in the library; returns its tags."""
        from .store.annotations import parse_tags

        article = await self._article_for(target)
        return self.store.change_tags(article.url, add=parse_tags(add), remove=parse_tags(remove or []))

    def tags_in_use(self) -> list[tuple[str, int]]:
        """(tag, pieces) for completion, most used first."""
        return self.store.tags_in_use()

    def tagged(self, tag: str) -> list[LibraryEntry]:
        """Pieces with ``tag`` (``list --tag``; the library screen's tag filter)."""
        return self.store.tagged(tag)

    # -- export ---------------------------------------------------------------------------------------
    def export_extras(self, url: str) -> tuple[list[str], str]:
        """A piece's tags and the Markdown section of its highlights and notes (``export DIR`` per file)."""
        from .annotate.markdown import highlights_section

        return self.tags(url), highlights_section(self.highlights(url))

    def export_highlights(self, path: str | os.PathLike[str]) -> bool:
        """Write every highlight, grouped by piece, as one Markdown file; False when it was already up to
        date (the file is left untouched: a re-export with nothing new changes nothing)."""
        from .annotate.markdown import highlights_document
        from .export import write_highlights_file

        data = highlights_document(self.all_highlights()).encode("utf-8")
        return write_highlights_file(Path(path).expanduser(), data)

    # -- search ---------------------------------------------------------------------------------------
    def search(
        self, query: str, limit: int = 50, *, saved_only: bool = False, cancel: CancelToken | None = None
    ) -> list[SearchHit]:
        """Full-text search over the pieces and the reader's highlights, notes and tags, best first; ``cancel``
        lets a caller (the TUI's as-you-type search) drop a stale query while SQLite runs.

        ``tag:NAME`` (or ``tag:"two words"``) keeps pieces with that tag; alone, it lists them. Pieces matched
        in the reader's own highlights, notes or tags come first, then the other matches in the text.
        """
        from .model import SearchHit

        tags, words = split_tag_terms(query)
        store = self.store
        if not words:
            if not tags:
                return []
            allowed = store.urls_tagged_all(tags)
            entries = [e for e in store.tagged(tags[0]) if e.url in allowed and (e.saved_at or not saved_only)]
            return [
                SearchHit(
                    url=e.url,
                    title=e.title,
                    snippet="Tags: " + ", ".join(store.tags(e.url)),
                    outlet=e.outlet,
                    published=e.published,
                    authors=e.authors,
                    saved=e.saved_at is not None,
                )
                for e in entries[:limit]
            ]
        own = store.search(words, limit, saved_only=saved_only)
        listed = {hit.url for hit in own}
        hits = own + [
            hit
            for hit in self.library.search(words, limit, saved_only=saved_only, cancel=cancel)
            if hit.url not in listed
        ]
        if tags:
            allowed = store.urls_tagged_all(tags)
            hits = [hit for hit in hits if hit.url in allowed]
        return hits[:limit]

    # -- placing ---------------------------------------------------------------------------------------
    def _replace(
        self, markdown: str, stored_at: str | None, stale: list[tuple[Highlight, StoredPlacement]]
    ) -> dict[int, StoredPlacement]:
        from .annotate import document_text, place

        digest = body_hash(markdown)
        updates: dict[int, StoredPlacement] = {}
        doc = None
        for highlight, previous in stale:
            if previous.body_hash == digest:  # stored again, same body: same place
                updates[highlight.id] = dataclasses.replace(previous, stored_at=stored_at)
                continue
            doc = doc or document_text(markdown)
            updates[highlight.id] = self._stored(place(highlight.selector, doc), stored_at, digest, doc)
        return updates

    @staticmethod
    def _stored(
        where: Placement | None, stored_at: str | None, digest: str | None, doc: DocumentText
    ) -> StoredPlacement:
        from .store.annotations import StoredPlacement

        if where is None:
            return StoredPlacement(stored_at, digest, detached=True)
        return StoredPlacement(
            *(stored_at, digest, where.block, where.block_start, where.end_block, where.block_end, False),
            block_hint=where.block,
            page=doc.page_at(where.start),
        )

    @staticmethod
    def _with_place(highlight: Highlight, where: StoredPlacement) -> Highlight:
        return dataclasses.replace(
            highlight,
            block=where.block,
            start=where.start,
            end_block=where.end_block,
            end=where.end,
            detached=where.detached,
            block_hint=where.block_hint if where.block_hint is not None else highlight.block_hint,
            page=where.page,
        )
