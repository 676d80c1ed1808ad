"""Page HTML -> :class:`~inkreader.model.Article`: pick the site adapter, extract, convert. Pure: no I/O.

``extract_article`` is loaded on first use, so light helpers such as :mod:`inkreader.extract.urls` can be
imported without paying for lxml, bs4 and markdownify (the TUI's cold start to a cached article needs none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import extract_article

__all__ = ["extract_article"]


def __getattr__(name: str) -> Any:
    if name == "extract_article":
        from .registry import extract_article

        return extract_article
    raise AttributeError(name)
