"""The reader service: ``Reader.open(url)`` = library/fetch + extract + convert + follow-through + store.

The CLI and the TUI both call this and hold no pipeline logic of their own. Every failure leaves as an
:class:`~inkreader.errors.InkreaderError` whose text is one line for a person.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import os
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import extract_article
from .addresses import local_path as local_path
from .addresses import normalise_url as normalise_url
from .config import Paths, Settings, load_settings, total_timeout_from_env
from .errors import ExtractError, FetchError, InkreaderError, LibraryError, NetworkUnavailable, NotInLibrary
from .extract.urls import canonical_url
from .model import Article, LibraryEntry, OutletPage, Page, ReadingMark
from .reader_annotations import AnnotationVerbs
from .store import Library

if TYPE_CHECKING:
    from .export import ExportReport
    from .fetch import Fetcher
    from .sources.service import Sources
    from .store.robots import RobotsStore


PDF_TYPE = "application/pdf"


PdfProgress = Callable[[str, str], None]
"""Called from the reading thread with (the PDF's address, its Markdown so far) as a long PDF is read."""


async def read_pdf_page(page: Page, progress: PdfProgress | None = None) -> Article:
    """A fetched PDF as an Article, read in a worker thread; cancelling the caller stops the reading too
    (between pages), so Esc in the TUI never leaves PDFium busy behind it."""
    from .pipeline import pdf_article

    cancel = threading.Event()
    shown = None if progress is None else functools.partial(progress, page.final_url)
    try:
        return await asyncio.to_thread(pdf_article, page.content, page.final_url, cancel, shown)
    except asyncio.CancelledError:
        cancel.set()
        raise


def _offer_report_pdf(article: Article, html: str, *, follow: bool, preferred: bool = False) -> None:
    """A report page offering its PDF: remember it (``f`` switches to it); when the page's own text is only a
    summary, or the reader chose its PDF before (``preferred``), follow it as "Read the full article" pages
    are followed."""
    from .pipeline import is_summary_only, report_pdf

    if article.kind in ("listing", "person") or article.full_article_url:
        return
    pdf = report_pdf(article, html)
    if pdf is None or urlsplit(pdf).scheme not in ("http", "https"):
        return
    article.pdf_url = pdf
    if follow and (preferred or is_summary_only(article)):
        article.full_article_url = pdf


@dataclass(frozen=True, slots=True)
class Recheck:
    """What :meth:`Reader.recheck` found: the fresh Article when the page changed; else whether the server was
    asked at all (``checked``) and, when not, why (``reason``, one line)."""

    article: Article | None
    checked: bool
    reason: str = ""


@dataclass(slots=True)
class Opened:
    """What one :meth:`Reader.open_result` call did, beside the Article: each call has its own, so opens that run
    at the same time (the TUI's) never read each other's outcome."""

    article: Article
    unchecked: str | None = None
    """Why the stored copy was served without the server saying it is current (unreachable, a bad answer)."""
    store_error: LibraryError | None = None
    """Why the page read could not be stored (a read-only library, a full disk)."""


class Reader:
    """Owns one fetcher and one library for the life of a command or a TUI session. The verbs on highlights,
    notes, tags and citations (:class:`~inkreader.reader_annotations.AnnotationVerbs`) and on sources
    (``sources``) are parts of it, each made once; the annotation verbs are offered as the Reader's own."""

    def __init__(
        self,
        paths: Paths,
        *,
        settings: Settings | None = None,
        offline: bool = False,
        fetcher: Fetcher | None = None,
        library: Library | None = None,
        origin_aliases: dict[str, str] | None = None,
    ) -> None:
        self.paths = paths
        self.origin_aliases = origin_aliases or {}
        """Public origin -> where it is served (the demo keeps one address whatever port it took)."""
        self.settings_note: str | None = None
        if settings is None:
            settings, self.settings_note = load_settings(paths)
        self.settings = settings
        self.offline = offline
        self._fetcher = fetcher
        self._library = library
        self.notices: list[str] = []
        """Things the user must hear once (a damaged library moved aside); the next article carries them."""
        self.pdf_progress: PdfProgress | None = None
        """Set by a reader that shows a long PDF's first pages while the rest is read (called in a thread)."""
        self._sources: Sources | None = None
        self.annotations = AnnotationVerbs(lambda: self.library, self.open)
        verbs = self.annotations
        self.citation = verbs.citation
        self.cite = verbs.cite
        self.document = verbs.document
        self.highlights = verbs.highlights
        self.place_highlights = verbs.place_highlights
        self.add_highlight = verbs.add_highlight
        self.add_highlight_quote = verbs.add_highlight_quote
        self.set_note = verbs.set_note
        self.delete_highlight = verbs.delete_highlight
        self.all_highlights = verbs.all_highlights
        self.highlight_count = verbs.highlight_count
        self.check_unsave = verbs.check_unsave
        self.tags = verbs.tags
        self.set_tags = verbs.set_tags
        self.tag = verbs.tag
        self.tags_in_use = verbs.tags_in_use
        self.tagged = verbs.tagged
        self.export_highlights = verbs.export_highlights
        self.search = verbs.search

    # -- owned resources, created lazily so `--help`-like paths stay cheap ----------------------------
    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = Library.open(self.paths, cache_budget_bytes=self.settings.cache_budget_mb * 1024 * 1024)
            if self._library.recovery_note:
                self.notices.append(self._library.recovery_note)
        return self._library

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from .fetch import Fetcher

            self._fetcher = Fetcher(
                host_delay=self.settings.host_delay_seconds,
                origin_aliases=self.origin_aliases,
                total_timeout=total_timeout_from_env(),
                robots_memory=_LibraryRobots(self),
            )
        return self._fetcher

    @property
    def sources(self) -> Sources:
        """Sources and the inbox (add, refresh, inbox, mark read, OPML); made on first use, which the reader's
        first frame does not need."""
        if self._sources is None:
            from .sources.service import Sources

            self._sources = Sources(
                library=lambda: self.library,
                fetcher=lambda: self.fetcher,
                offline=self._offline,
                settings=lambda: self.settings,
                prefetch=self.prefetch,
            )
        return self._sources

    def _offline(self) -> bool:
        return self.offline

    async def open_item(self, url: str, *, offline: bool | None = None, follow: bool | None = None) -> Article:
        """Open an inbox item: the page as ``open`` gives it, the feed's metadata where the page has less,
        and the item marked read."""
        article = await self.open(url, offline=offline, follow=follow)
        # in a thread: the TUI awaits this on its event loop, and a busy library would hold every key meanwhile
        await asyncio.to_thread(self._fill_from_item, article, url)
        return article

    def _fill_from_item(self, article: Article, url: str) -> None:
        sources = self.sources
        try:
            item = sources.item(article.url) or (sources.item(url) if url != article.url else None)
            if item is not None:
                article.published = article.published or item.published
                article.authors = article.authors or list(item.authors)
                article.summary = article.summary or item.summary
            self.mark_opened(article, url, *([item.url] if item is not None else []))
        except InkreaderError as error:  # the read state is a convenience: never fail a read over it
            article.notes.append(str(error))

    async def aclose(self) -> None:
        if self._fetcher is not None:
            await self._fetcher.aclose()
            self._fetcher = None
        if self._library is not None:
            self._library.close()
            self._library = None

    async def __aenter__(self) -> Reader:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- the pipeline ---------------------------------------------------------------------------------
    async def open(
        self,
        target: str,
        *,
        offline: bool | None = None,
        follow: bool | None = None,
        revalidate: bool = True,
        background: bool = False,
    ) -> Article:
        """Open a URL (or a local file named by the user) as an Article, from the library when possible."""
        opened = await self.open_result(
            target, offline=offline, follow=follow, revalidate=revalidate, background=background
        )
        return opened.article

    async def open_result(
        self,
        target: str,
        *,
        offline: bool | None = None,
        follow: bool | None = None,
        revalidate: bool = True,
        background: bool = False,
    ) -> Opened:
        """:meth:`open`, telling also whether the server vouched for a stored copy and whether the page read
        could be stored."""
        offline = self.offline if offline is None else offline
        follow = self.settings.follow_outlets if follow is None else follow
        path = local_path(target)
        if path is not None:
            return Opened(await self._open_file(path, follow=follow and not offline))
        url = normalise_url(target)
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise FetchError(f"Only http and https addresses can be opened, not {scheme}: ones.", url=url)

        try:
            cached = self.library.get_article(url)
        except LibraryError:
            if offline:
                raise
            cached = None  # no usable library (read-only with none yet, ...): read anyway; _store says why
        # The library keeps one version of a piece: the followed one when there is one. --no-follow must
        # neither be served that version nor overwrite it; a summary-only copy is followed when next asked.
        keep_followed_copy = cached is not None and cached.followed and not follow
        # a report page whose PDF the reader chose with f (see with_report_pdf) keeps showing it
        pdf_chosen = cached is not None and cached.followed and bool(cached.pdf_url) and _is_pdf_link(cached)
        if offline:
            if cached is None:
                raise NotInLibrary(f"Offline, and {url} is not in the library.")
            copy = self._offline_copy(cached)
            return Opened(await self._remembered(_summary_view(copy) if keep_followed_copy else copy))
        if keep_followed_copy or (follow and cached is not None and not cached.followed and cached.full_article_url):
            cached = None
        if cached is not None and not revalidate:
            return Opened(await self._remembered(dataclasses.replace(cached, from_cache=True, offline=False)))

        cached_page = self.library.get_page(url) if cached is not None else None
        try:
            page = await self.fetcher.fetch(
                url,
                etag=cached_page.etag if cached_page else None,
                last_modified=cached_page.last_modified if cached_page else None,
                background=background,
            )
        except NetworkUnavailable as error:
            if cached is None:
                raise
            return Opened(await self._remembered(self._offline_copy(cached)), unchecked=str(error))
        except FetchError as error:
            if cached is None:
                raise
            # The server answered badly (5xx, 429, a cut-off body...): the copy we have beats an error.
            stale = dataclasses.replace(cached, from_cache=True, offline=False, notes=list(cached.notes))
            stale.notes.insert(0, f"{error} Showing the copy from {(cached.fetched_at or '')[:10] or 'before'}.")
            return Opened(await self._remembered(stale), unchecked=str(error))

        if page.not_modified and cached is not None:
            await asyncio.to_thread(self.library.touch_page, url, page.fetched_at)
            return Opened(await self._remembered(dataclasses.replace(cached, from_cache=True, offline=False)))

        article = await self._extract(page, url)
        _offer_report_pdf(article, page.text, follow=follow, preferred=pdf_chosen)
        if follow and article.full_article_url:
            await self._follow(article, background=background)
        store_error = None if keep_followed_copy else await asyncio.to_thread(self._store, page, article)
        return Opened(await self._remembered(article), store_error=store_error)

    async def with_report_pdf(self, article: Article) -> Article:
        """A report page kept for its own text, with its PDF's text instead (``f`` in the TUI): the page's title,
        date, authors and related items, the PDF's text, and the page's text for ``f`` to switch back to; as
        a summary-only page is followed. Online, the library keeps this version from now on (one version of a
        piece: the followed one), so highlights made in the PDF's text stay attached to it."""
        pdf = article.pdf_url
        if not pdf or article.followed:
            raise ExtractError("This page offers no PDF of its own.")
        shown = dataclasses.replace(article, full_article_url=pdf, notes=list(article.notes))
        if self.offline:  # the PDF as opened on its own before (after an f online, the page opens with it)
            cached = await asyncio.to_thread(self.library.get_article, pdf)
            if cached is None:
                raise NotInLibrary(f"Offline, and the report's PDF ({pdf}) is not in the library.")
            _take_text(shown, cached)
            return shown
        reason = await self._follow(shown, background=False)
        if reason is not None:  # the page stays as it is: say why in one line
            raise ExtractError(reason[:1].upper() + reason[1:])
        try:
            await asyncio.to_thread(self.library.put_article, shown)
        except LibraryError as error:
            shown.notes.append(f"Not cached: {error}")
        return shown

    async def revalidate(self, url: str) -> Article | None:
        """Conditional GET of a cached page; a fresh Article when it changed, else None (also when offline)."""
        return (await self.recheck(url)).article

    async def recheck(self, url: str) -> Recheck:
        """Ask the server whether a stored page changed (``r`` in the TUI), telling "unchanged" apart from
        "could not ask" (offline, server unreachable or answering badly, page not in the library)."""
        url = normalise_url(url)
        cached = self.library.get_article(url)
        if cached is None:
            return Recheck(None, False, "this page is not in the library.")
        if self.offline:
            return Recheck(None, False, "working offline.")
        try:
            opened = await self.open_result(url, revalidate=True, follow=cached.followed or None)
        except NetworkUnavailable as error:
            return Recheck(None, False, str(error))
        if opened.unchecked is not None:
            return Recheck(None, False, opened.unchecked)
        fresh = opened.article
        return Recheck(None if fresh.from_cache else fresh, True)

    async def save(self, target: str, *, background: bool = False) -> Article:
        """Open (fetching the full outlet text when online) and keep for good."""
        try:
            opened = await self.open_result(target, revalidate=True, background=background)
        except NetworkUnavailable as network_error:
            try:
                opened = await self.open_result(target, offline=True)
            except NotInLibrary:
                raise network_error from None  # what went wrong is the network, not "offline"
        article = opened.article
        if article.url.startswith("file:"):
            raise InkreaderError("Local files are not saved; open them again from disk.")
        if article.kind == "listing":
            raise InkreaderError("This is a listing, not a piece: save the pieces you want from it.")
        if opened.store_error is not None:  # say why (full disk, read-only), not "not in the library yet"
            raise opened.store_error
        await asyncio.to_thread(self.library.save, article.url)
        return article

    def unsave(self, target: str, *, force: bool = False) -> bool:
        """Raises HasHighlights for a piece with highlights unless ``force`` (ask the user first)."""
        self.check_unsave(target, force=force)
        return self.library.unsave(normalise_url(target))

    def is_saved(self, target: str) -> bool:
        return self.library.is_saved(normalise_url(target))

    # -- the library, as the CLI and the TUI see it ---------------------------------------------------
    def saved(self) -> list[LibraryEntry]:
        """Saved pieces, newest first."""
        return self.library.list_saved()

    def history(self, limit: int = 200) -> list[LibraryEntry]:
        """Pages opened, newest first."""
        return self.library.list_history(limit)

    def mark_opened(self, target: str | Article, *also: str) -> float | None:
        """A piece is being read (shown in the reading pane, printed by ``read``): mark it read in the library
        and in every inbox item of it (its addresses: ``target``'s, redirects, the outlet copy, ``also``);
        return where the reader left it when it is saved (else None)."""
        from .sources.reading import mark_piece_read, piece_addresses

        url = target if isinstance(target, str) else target.url
        addresses = list(also) if isinstance(target, str) else piece_addresses(target, *also)
        position = self.library.get_position(url) if self.library.is_saved(url) else None
        mark_piece_read(self.library, url, addresses)
        return position

    def set_position(self, url: str, fraction: float) -> None:
        """Remember how far down a saved piece the reader got (pieces not saved keep no position)."""
        if self.library.is_saved(url):
            self.library.set_position(url, fraction)

    def position(self, url: str) -> float | None:
        return self.library.get_position(url)

    def export(self, directory: Path) -> ExportReport:
        """Write every saved piece as a Markdown file with YAML front matter into ``directory``."""
        from .export import export_saved  # a consumer of the library, imported only by the command that writes

        return export_saved(self.library, directory, extras=self.annotations.export_extras)

    def marks(self, urls: list[str]) -> dict[str, ReadingMark]:
        """Read and saved state of many URLs in one query (the list pane's markers); unknown URLs are left out."""
        return self.library.reading_marks(urls)

    # -- steps ----------------------------------------------------------------------------------------
    async def _extract(self, page: Page, url: str) -> Article:
        # Extraction is CPU-bound: a thread keeps the TUI's event loop (and key presses) free.
        if page.content_type == PDF_TYPE:
            article = await read_pdf_page(page, self.pdf_progress)
        else:
            article = await asyncio.to_thread(extract_article, page.text, page.final_url)
        article.url = url
        article.final_url = page.final_url
        article.fetched_at = page.fetched_at
        article.notes = [*page.notes, *article.notes]
        return article

    async def _follow(self, article: Article, *, background: bool) -> str | None:
        """Replace the think-tank summary with the outlet's full text, keeping the think-tank metadata. None when
        done; else why not (the article's notes say so too, and it keeps its summary)."""
        outlet_name = article.outlet or urlsplit(article.full_article_url or "").hostname or "the outlet"
        assert article.full_article_url
        here = (article.url, article.final_url or article.url)
        loop_note = "Not following the full-article link: it leads back to this page."
        if any(_same_document(article.full_article_url, url) for url in here):
            article.notes.append(loop_note)
            return loop_note
        try:
            page = await self.fetcher.fetch(article.full_article_url, background=background)
            if any(_same_document(page.final_url, url) for url in here):  # back here through a redirect
                article.notes.append(loop_note)
                return loop_note
            if page.content_type == PDF_TYPE:
                full = await read_pdf_page(page, self.pdf_progress)
            else:
                full = await asyncio.to_thread(extract_article, page.text, page.final_url)
        except (FetchError, ExtractError) as error:
            what = "the report's PDF" if _is_pdf_link(article) else f"the full article from {outlet_name}"
            reason = f"{what} could not be read ({error})"
            article.notes.append(f"Showing the summary: {reason}")
            return reason
        if full.preview_only:
            article.preview_only = False
            reason = (
                f"{outlet_name} shows only a preview to anonymous readers; open the full article in your browser (o)."
            )
            article.notes.append(f"Showing the summary: {reason}")
            return reason
        try:
            await asyncio.to_thread(self.library.put_page, page)
        except LibraryError as error:
            article.notes.append(f"Not cached: {error}")
        _take_text(article, full)
        if full.site == "pdf":
            article.notes.extend(page.notes + full.notes)
            return None
        article.outlet_page = OutletPage(page.final_url, full.title, full.published, list(full.authors))
        article.outlet = article.outlet or full.outlet
        article.authors = article.authors or full.authors
        article.published = article.published or full.published
        article.notes.extend(page.notes)
        return None

    async def _open_file(self, path: Path, *, follow: bool) -> Article:
        from .fetch import read_local_file

        page = await asyncio.to_thread(read_local_file, path)
        if page.content_type == PDF_TYPE:
            article = await read_pdf_page(page)
        else:
            article = await asyncio.to_thread(extract_article, page.text, page.final_url)
        article.url = article.final_url = page.final_url
        article.fetched_at = page.fetched_at
        if follow and article.full_article_url and urlsplit(article.full_article_url).scheme in ("http", "https"):
            await self._follow(article, background=False)  # failures become a note: the file is still shown
        return article

    def _store(self, page: Page, article: Article) -> LibraryError | None:
        """Store the page and its article; why not, when the library refused. A library that cannot be written
        (read-only, full disk) must not cost the user the page in hand: the article gets a note instead."""
        try:
            self.library.put_page(page)
            self.library.put_article(article)
        except LibraryError as error:
            article.notes.append(f"Not cached: {error}")
            return error
        if article.full_article_url or article.final_url != article.url:
            from .sources.reading import link_piece

            link_piece(self.library, article)
        return None

    def _offline_copy(self, cached: Article) -> Article:
        copy = dataclasses.replace(cached, from_cache=True, offline=True, notes=list(cached.notes))
        when = (cached.fetched_at or "")[:10] or "an unknown date"
        copy.notes.insert(0, f"Offline copy from {when}.")
        return copy

    async def _remembered(self, article: Article) -> Article:
        # Library writes wait on another program's write lock: in a thread, the TUI's keys never wait with them.
        return await asyncio.to_thread(self._remember, article)

    async def prefetch(self, url: str) -> None:
        """Fetch and store a page (and its follow-through) for reading offline later, as background work:
        robots.txt and per-host pacing apply, and the page is neither read nor put in the history."""
        token = _PREFETCHING.set(True)
        try:
            await self.open(url, background=True, revalidate=False)
        finally:
            _PREFETCHING.reset(token)

    def _remember(self, article: Article) -> Article:
        try:
            if not _PREFETCHING.get():  # set for the whole task: the thread this runs in copies the context
                self.library.add_history(article.url)
        except InkreaderError as error:  # history is a convenience: never fail a read over it
            if not any(str(error) in note for note in article.notes):  # "Not cached: <same reason>" says it
                article.notes.append(str(error))
        article.notes[:0], self.notices = self.notices, []
        return article


# True while a page is fetched ahead for offline reading (not read, so not in the history).
_PREFETCHING: ContextVar[bool] = ContextVar("inkreader_prefetching", default=False)


class _LibraryRobots:
    """The fetcher's robots.txt memory, in the library (opened only when the fetcher first asks)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader

    def _store(self) -> RobotsStore:
        from .store.robots import RobotsStore

        return RobotsStore(self._reader.library)

    def recall(self, origin: str) -> dict[str, Any] | None:
        return self._store().recall(origin)

    def remember(self, record: dict[str, object]) -> None:
        self._store().remember(record)


def _take_text(article: Article, full: Article) -> None:
    """The followed text (an outlet's, a report's PDF) in the article's place; its own kept for ``f``."""
    article.summary_markdown = article.markdown
    article.markdown = full.markdown
    article.links = full.links
    article.extraction = full.extraction  # how the text shown was found
    article.followed = True
    if full.site == "pdf":  # the report's own PDF: the page stays what is cited, the PDF gives its size
        article.pages = full.pages
        article.report_number = article.report_number or full.report_number


def _is_pdf_link(article: Article) -> bool:
    return bool(article.pdf_url) and article.pdf_url == article.full_article_url


def _same_document(a: str, b: str) -> bool:
    """Two addresses of one page: the same canonical scheme-less host, port and path; the query and the
    fragment do not count (a "full article" link to this page with ``?full=1`` is still this page)."""
    ca, cb = urlsplit(canonical_url(a)), urlsplit(canonical_url(b))
    return (ca.netloc, ca.path.rstrip("/")) == (cb.netloc, cb.path.rstrip("/"))


def _summary_view(article: Article) -> Article:
    """A followed piece as the think-tank page itself showed it (its summary; body links are not kept)."""
    if not article.followed:
        return article
    return dataclasses.replace(
        article,
        markdown=article.summary_markdown or article.markdown,
        summary_markdown=None,
        followed=False,
        outlet_page=None,
        links=[],
    )


def paths_for(data_dir: str | os.PathLike[str] | None) -> Paths:
    from .config import resolve_paths

    return resolve_paths(data_dir)
