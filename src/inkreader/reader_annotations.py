"""The Reader's verbs for the reader's own work on a piece: citations, highlights, notes and tags.

A mixin of :class:`~inkreader.reader.Reader` (kept apart so the pipeline module stays about reading); the
TUI and the CLI call these and hold no logic of their own. Every failure is an InkreaderError with one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import InkreaderError

if TYPE_CHECKING:
    from .model import Article
    from .store import Library


class AnnotationVerbs:
    """Mixed into Reader: needs ``self.library`` and ``self.open``."""

    library: Library
    if TYPE_CHECKING:
        async def open(self, target: str, **kw: object) -> Article: ...  # provided by Reader

    # -- citations ------------------------------------------------------------------------------------
    def citation(self, article: Article, fmt: str = "chicago") -> str:
        """The citation of an article in hand (the TUI's ``c``). Formats: see ``inkreader.cite.FORMATS``.

        The first formatted citation loads citeproc and the style (~0.2 s): call from a thread worker.
        """
        from .cite import FORMATS, citation

        if fmt not in FORMATS:
            raise InkreaderError(f"Unknown citation format {fmt!r}; choose one of {', '.join(FORMATS)}.")
        return citation(article, fmt)

    async def cite(self, target: str, fmt: str = "chicago") -> str:
        """The citation of a piece in the library, reading it first when it is not there."""
        from .reader import local_path, normalise_url

        article = None if local_path(target) else self.library.get_article(normalise_url(target))
        if article is None:
            article = await self.open(target)
        if article.kind == "listing":
            raise InkreaderError("This is a listing, not a piece: cite the pieces you want from it.")
        return self.citation(article, fmt)
