"""The reading pane's header: title, meta line, authors, size of the piece; all plain text.

At small terminal sizes it is compact: the title on one line (cut with …) and everything else on a second
one, so an 80x24 terminal keeps its rows for the text and the list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.text import Text

from inkreader.model import Article
from inkreader.tui.widgets.format import authors_line, meta_line, plain

WORDS_PER_MINUTE = 230  # a common figure for attentive reading of non-fiction
COMPACT_BELOW_ROWS = 32
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


@lru_cache(maxsize=8)
def word_count(markdown: str) -> int:
    """Words a reader reads: link targets and markup do not count.

    ~3 ms on a 15,000-word report: kept for the few bodies last shown (a header is made again on a resize, the
    summary toggle, going back), and counted ahead while the body is prepared (``ArticleView.prepare_body``)."""
    return len(_WORD.findall(_LINK_TARGET.sub("]", markdown or "")))


def size_label(words: int) -> str:
    """``2,340 words · 10 min``; empty for a page with no text of its own."""
    if not words:
        return ""
    minutes = max(1, round(words / WORDS_PER_MINUTE))
    return f"{words:,} word{'s' if words != 1 else ''} · {minutes} min"


def header_text(article: Article, *, showing_summary: bool, compact: bool = False) -> Text:
    shown = article.summary_markdown if showing_summary and article.summary_markdown else article.markdown
    size = "" if article.kind == "listing" else size_label(word_count(shown))
    meta = meta_line(article.kind, article.outlet, article.published)
    authors = authors_line(article.authors)
    source = ""
    if article.followed:
        if showing_summary:
            source = "Think-tank summary · f: full text"
        else:
            source = f"Full text from {article.outlet or 'the outlet'} · f: summary"
    text = Text()
    text.append_text(plain(article.title or article.url, "bold"))
    if compact:
        # what is shown first (the outlet's text or the summary), then what fits
        details = [part for part in (source, meta, size, f"By {authors}" if authors else "") if part]
        if details:
            text.append("\n")
            text.append_text(plain(" · ".join(details), "dim"))
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text
    first = " · ".join(part for part in (meta, size) if part)
    if first:
        text.append("\n")
        text.append_text(plain(first))
    if authors:
        text.append("\n")
        text.append_text(plain(f"By {authors}", "italic"))
    if source:
        text.append("\n")
        text.append_text(plain(source.replace(" · f: ", " · press f for the "), "dim"))
    return text
