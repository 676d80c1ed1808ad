"""HTML fragment -> Markdown (markdownify subclass). Public entry point: :func:`to_markdown`."""

from __future__ import annotations

from .markdown import to_markdown

__all__ = ["to_markdown"]
