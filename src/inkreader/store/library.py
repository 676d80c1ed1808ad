"""The library: one SQLite file holding the page cache, extracted articles, saved pieces, history and search.

:class:`Library` is the open file (:class:`~inkreader.store.connection.LibraryConnection`: the one connection,
its lock and its transactions) with its parts, each of one job and all on that connection: ``pages`` (the raw
page cache), ``articles`` (extracted articles and their related cards), ``shelf`` (saved pieces, read marks,
positions, history), ``fulltext`` (search) and ``cache`` (the cache budget and eviction). Its methods are the
library's API and hand each call to the part that does it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from inkreader.model import Article, LibraryEntry, Page, ReadingMark, SearchHit

from .articles import ArticleStore
from .cache_budget import DEFAULT_CACHE_BUDGET, CacheBudget
from .connection import LibraryConnection
from .fulltext import FullTextSearch
from .page_cache import PageCache
from .search import CancelToken
from .shelf import Shelf

if TYPE_CHECKING:
    from pathlib import Path

    from inkreader.config import Paths


class Library(LibraryConnection):
    """The user's library: the open file (errors, ``read_only`` and ``recovery_note`` are
    :class:`LibraryConnection`'s) and its parts, which every method below hands its call to. A caller doing
    much with one part may use it directly (``library.shelf``, ``library.fulltext``...)."""

    def __init__(self, path: Path, *, cache_budget_bytes: int = DEFAULT_CACHE_BUDGET) -> None:
        super().__init__(path)
        self.cache = CacheBudget(self, cache_budget_bytes)
        self.pages = PageCache(self, self.cache)
        self.articles = ArticleStore(self, self.cache)
        self.shelf = Shelf(self)
        self.fulltext = FullTextSearch(self)

    @classmethod
    def open(cls, paths: Paths, **kw: Any) -> Library:
        try:
            paths.ensure()
        except OSError:
            pass  # a read-only data dir: open_database says so clearly (or reads what is there)
        return cls(paths.library_file, **kw)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def cache_budget_bytes(self) -> int:
        return self.cache.budget_bytes

    @cache_budget_bytes.setter
    def cache_budget_bytes(self, value: int) -> None:
        self.cache.budget_bytes = value

    # -- raw page cache ------------------------------------------------------------------------------------

    def put_page(self, page: Page) -> None:
        self.pages.put_page(page)

    def get_page(self, url: str) -> Page | None:
        return self.pages.get_page(url)

    def touch_page(self, url: str, fetched_at: str) -> None:
        self.pages.touch_page(url, fetched_at)

    # -- articles ------------------------------------------------------------------------------------------

    def put_article(self, article: Article) -> None:
        """Store (or replace) one extracted article, its related items and its search entry."""
        self.articles.put_articles([article])

    def put_articles(self, articles: Iterable[Article]) -> int:
        return self.articles.put_articles(articles)

    def get_article(self, url: str) -> Article | None:
        return self.articles.get_article(url)

    # -- saved pieces, reading state, history --------------------------------------------------------------

    def save(self, url: str) -> None:
        self.shelf.save(url)

    def unsave(self, url: str) -> bool:
        return self.shelf.unsave(url)

    def is_saved(self, url: str) -> bool:
        return self.shelf.is_saved(url)

    def count_saved(self) -> int:
        return self.shelf.count_saved()

    def list_saved(self, limit: int | None = None, offset: int = 0) -> list[LibraryEntry]:
        return self.shelf.list_saved(limit, offset)

    def list_kept(self) -> list[LibraryEntry]:
        return self.shelf.list_kept()

    def mark_read(self, url: str, read: bool = True) -> None:
        self.shelf.mark_read(url, read)

    def set_position(self, url: str, position: float) -> None:
        self.shelf.set_position(url, position)

    def get_position(self, url: str) -> float | None:
        return self.shelf.get_position(url)

    def reading_marks(self, urls: list[str]) -> dict[str, ReadingMark]:
        return self.shelf.reading_marks(urls)

    def add_history(self, url: str) -> None:
        self.shelf.add_history(url)

    def list_history(self, limit: int = 200, offset: int = 0) -> list[LibraryEntry]:
        return self.shelf.list_history(limit, offset)

    # -- search and the cache budget -----------------------------------------------------------------------

    def search(
        self, query: str, limit: int = 50, *, saved_only: bool = False, cancel: CancelToken | None = None
    ) -> list[SearchHit]:
        return self.fulltext.search(query, limit, saved_only=saved_only, cancel=cancel)

    def evict(self, *, spare_recent_seconds: float = 0) -> int:
        return self.cache.evict(spare_recent_seconds=spare_recent_seconds)

    def stats(self) -> dict[str, int | bool | str]:
        return self.cache.stats()
