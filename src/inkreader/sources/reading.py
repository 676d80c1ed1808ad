"""One reading state: a piece read anywhere is read in the library and in every inbox item of it.

"Read" is opened in the reading pane or printed by ``inkreader read``; saving, citing, exporting and prefetching
are not reading (they only teach the inbox which addresses are one piece, see :func:`link_piece`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InkreaderError
from ..store.sources import SourceStore

if TYPE_CHECKING:
    from ..model import Article
    from ..store import Library


def piece_addresses(article: Article, *also: str) -> list[str]:
    """Every address the piece is known by: asked for, after redirects, the outlet copy it leads to."""
    outlet_page = getattr(article, "outlet_page", None)
    outlet = outlet_page.get("url") if isinstance(outlet_page, dict) else getattr(outlet_page, "url", None)
    candidates = [article.url, article.final_url, *also, article.full_article_url, outlet]
    return [url for url in dict.fromkeys(candidates) if isinstance(url, str) and url.startswith(("http:", "https:"))]


def mark_piece_read(library: Library, url: str, addresses: list[str]) -> None:
    """The piece at ``url`` (also known by ``addresses``) is being read: the library's copy is marked read
    (saved or not, so saving it later does not list it unread) and so is every inbox item of it, in every
    source."""
    if not url.startswith(("http:", "https:")):
        return
    library.mark_read(url)
    SourceStore(library).mark_piece_read([url, *addresses])


def link_piece(library: Library, article: Article) -> None:
    """A page was stored (read or prefetched): once its outlet copy or final address is known, their inbox
    items are one. Never fails the caller: the inbox is a convenience here."""
    try:
        SourceStore(library).link_addresses(piece_addresses(article))
    except InkreaderError:
        pass
