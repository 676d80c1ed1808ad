"""Page HTML -> metadata and body HTML (:class:`~.result.Extracted`): pick the site adapter, extract. Pure.

Conversion of the body to Markdown is not done here: :func:`inkreader.pipeline.extract_article` does both.
``extract_page`` is loaded on first use, so light helpers such as :mod:`inkreader.extract.urls` can be
imported without paying for lxml (the TUI's cold start to a cached article needs none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import extract_page

__all__ = ["extract_page"]


def __getattr__(name: str) -> Any:
    if name == "extract_page":
        from .registry import extract_page

        return extract_page
    raise AttributeError(name)
