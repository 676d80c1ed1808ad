"""Page HTML -> :class:`~inkreader.model.Article`: pick the site adapter, extract, convert. Pure: no I/O."""

from __future__ import annotations

from ..model import Article
from .registry import extract_article

__all__ = ["Article", "extract_article"]
