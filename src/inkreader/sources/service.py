"""The sources verbs the CLI and the TUI call (``reader.sources.add(...)``); no output, no Textual.

Composed into the Reader, which hands over how to reach its library and fetcher (each made on first use) and
whether it works offline; nothing here imports the Reader.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..addresses import normalise_url
from ..config import Settings
from ..errors import InkreaderError
from ..model import Discovery, InboxItem, RefreshReport, Source
from ..store.sources import Retention, SourceStore
from ..text import clean_line
from .refresh import Progress

if TYPE_CHECKING:
    from ..fetch import Fetcher
    from ..store import Library

OPML_MAX_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class ImportReport:
    added: list[Source] = field(default_factory=list)
    skipped: int = 0  # followed already
    rejected: list[str] = field(default_factory=list)


class Sources:
    def __init__(
        self,
        *,
        library: Callable[[], Library],
        fetcher: Callable[[], Fetcher],
        offline: Callable[[], bool],
        settings: Callable[[], Settings] | None = None,
        prefetch: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self._library = library
        self._fetcher = fetcher
        self._offline = offline
        self._settings = settings or Settings
        self._prefetch = prefetch
        self._store: SourceStore | None = None

    @property
    def store(self) -> SourceStore:
        """The sources' store in the library open now (the Reader may close and reopen it)."""
        library = self._library()
        if self._store is None or self._store.library is not library:
            settings = self._settings()
            retention = Retention(settings.prune_read_after_days, settings.max_items_per_source)
            self._store = SourceStore(library, retention)
        return self._store

    def _require_online(self, what: str) -> None:
        if self._offline():
            raise InkreaderError(f"Offline: {what} needs the network.")

    # -- following -------------------------------------------------------------------------------------
    async def add(
        self, url: str, name: str | None = None, *, deadline: float | None = None
    ) -> tuple[Source, Discovery]:
        """Discover what to follow at ``url`` (within ``deadline`` seconds, 30 unless given), follow it, and
        store the items found on the way."""
        from .discover import ADD_DEADLINE, discover

        self._require_online("adding a source")
        _refuse_local_path(url)
        url = normalise_url(url)
        found = await discover(self._fetcher(), url, deadline=deadline or ADD_DEADLINE)
        source = Source(name=name or found.title or url, url=url, feed_url=found.feed_url, kind=found.kind)
        source = self.store.add(source)
        if found.entries:
            assert source.id is not None
            self.store.record_entries(source.id, found.entries, etag=found.etag, last_modified=found.last_modified)
        return source, found

    def all(self) -> list[Source]:
        return self.store.all()

    def remove(self, key: str) -> Source | None:
        return self.store.remove(key)

    def import_opml(self, path: Path) -> ImportReport:
        from .opml import read_opml

        try:
            with path.open("rb") as handle:
                content = handle.read(OPML_MAX_BYTES + 1)
        except OSError as error:
            raise InkreaderError(f"Cannot read {path}: {error.strerror or error}.") from None
        if len(content) > OPML_MAX_BYTES:
            raise InkreaderError(f"{path} is larger than {OPML_MAX_BYTES // (1024 * 1024)} MB; not an OPML list.")
        listed = read_opml(content, str(path))
        candidates = [
            Source(name=feed.title, url=feed.url, feed_url=feed.url, kind=feed.kind, folder=feed.folder)
            for feed in listed.feeds
        ]
        added, skipped = self.store.add_many(candidates)
        return ImportReport(added=added, skipped=skipped, rejected=listed.rejected)

    def follow_demo(self, base_url: str) -> list[Source]:
        """The demo site's three feeds, pointed at this run's server. A demo source left from an earlier run
        (another port) is replaced: its items point at a server that is gone."""
        from ..demo.server import site_root
        from .opml import read_opml

        content = site_root().joinpath("demo-sources.opml").read_bytes().replace(b"{{BASE}}", base_url.encode())
        listed = read_opml(content, "the demo's OPML")
        names = {feed.title.casefold() for feed in listed.feeds}
        for source in self.store.all():
            stale = source.feed_url.startswith("http://127.0.0.1:") and not source.feed_url.startswith(base_url + "/")
            if source.name.casefold() in names and stale:
                self.store.remove(source.name)
        candidates = [
            Source(name=feed.title, url=feed.url, feed_url=feed.url, kind="feed", folder=feed.folder)
            for feed in listed.feeds
        ]
        added, _ = self.store.add_many(candidates)
        return added

    def export_opml(self) -> str:
        from .opml import write_opml

        return write_opml(self.store.all())

    # -- refreshing ------------------------------------------------------------------------------------
    def select(self, names: Sequence[str] = ()) -> list[Source]:
        """The sources named (by name or address), all when none; an unknown name is an error."""
        if not names:
            return self.store.all()
        chosen = []
        for key in names:
            source = self.store.find(key)
            if source is None:
                raise InkreaderError(f"No source named {key!r}; 'inkreader sources' lists them.")
            chosen.append(source)
        return chosen

    async def refresh(
        self,
        names: Sequence[str] = (),
        *,
        progress: Progress | None = None,
        host_deadline: float | None = None,
        prefetch_progress: Callable[[int, int], None] | None = None,
    ) -> RefreshReport:
        """``host_deadline``: seconds one host's sources get in all (60 unless given). Then, unless the setting
        says 0, the pages of new unread items (at most ``prefetch_pages_per_refresh``) are fetched and stored
        for reading offline, politely (robots.txt, per-host pacing), ``prefetch_progress`` told as they go."""
        from .refresh import HOST_DEADLINE, refresh_sources

        self._require_online("refresh")
        sources = self.select(names)
        newest_before = self.store.newest_item_id()
        report = await refresh_sources(
            self._fetcher(), self.store, sources, progress=progress, host_deadline=host_deadline or HOST_DEADLINE
        )
        cap = self._settings().prefetch_pages_per_refresh
        if cap > 0 and self._prefetch is not None and report.new:
            from .prefetch import prefetch_pages

            urls = self.store.unread_since(newest_before, unstored=True, limit=cap)
            report.prefetch = await prefetch_pages(self._prefetch, urls, progress=prefetch_progress)
        return report

    def refresh_due(self, max_age_seconds: float) -> bool:
        """Is a refresh due: some source never refreshed, or the oldest refresh older than ``max_age``?"""
        count, oldest = self.store.oldest_refresh()
        if not count:
            return False
        if oldest is None:
            return True
        return age_seconds(oldest) > max_age_seconds

    # -- the inbox -------------------------------------------------------------------------------------
    def inbox(self, *, source: str | None = None, unread: bool = False, limit: int | None = None) -> list[InboxItem]:
        return self.store.inbox(source=source, unread=unread, limit=limit)

    def mark_read(self, urls: Sequence[str], read: bool = True) -> int:
        return self.store.mark_read(urls, read)

    def mark_piece(self, url: str, *also: str, read: bool = True) -> int:
        """``mark-read URL`` / ``mark-unread URL``: the piece at ``url`` (also known as ``also``) in the library and
        every inbox item of it. Returns 1 when something had that address; raises when nothing did."""
        addresses = list(dict.fromkeys((url, *also)))
        in_library = url in self.store.library.reading_marks([url])
        if not in_library and len(self.store.unknown_urls(addresses)) == len(addresses):
            raise InkreaderError(f"No piece or inbox item at {url}; 'inkreader inbox' lists the items.")
        if in_library:
            self.store.library.mark_read(url, read)
        self.store.mark_read(addresses, read)
        return 1

    def mark_source_read(self, name: str | None) -> int:
        return self.store.mark_source_read(name)

    def item(self, url: str) -> InboxItem | None:
        return self.store.item_for_url(url)


def _refuse_local_path(target: str) -> None:
    """A file on this machine is never a source: say so, rather than "no host" for ``https:///etc/passwd``."""
    text = target.strip()
    if text.lower().startswith("file:") or text.startswith(("/", "./", "../", "~")) or Path(text).exists():
        raise InkreaderError(
            f"{clean_line(text)[:160]} is a local path, not a source: sources are web addresses (a feed or a "
            "site's page); 'inkreader sources import FILE.opml' reads a list of feeds from a file."
        )


def age_seconds(iso: str) -> float:
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return float("inf")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (datetime.now(UTC) - when).total_seconds()


def describe_age(iso: str | None) -> str:
    """ "3 min ago", "2 h ago", "5 days ago", "never"."""
    if not iso:
        return "never"
    seconds = max(0.0, age_seconds(iso))
    if seconds == float("inf"):
        return "at an unknown time"
    if seconds < 90:
        return "just now"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min ago"
    if seconds < 36 * 3600:
        return f"{round(seconds / 3600)} h ago"
    return f"{round(seconds / 86400)} days ago"
