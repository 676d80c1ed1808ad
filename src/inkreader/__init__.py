"""inkreader: a keyboard-driven terminal reader for policy commentary.

Public API: :func:`extract_article` (pure, no I/O) and the data classes in :mod:`inkreader.model`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .model import Article

__all__ = ["__version__", "extract_article"]


def extract_article(html: str, url: str) -> Article:
    """Extract and convert one page, exactly as ``inkreader read`` does, without follow-through or I/O."""
    from .pipeline import extract_article as extract_and_convert

    return extract_and_convert(html, url)
