"""Page HTML -> :class:`~inkreader.model.Article`: extract (pick the adapter), then convert the body. Pure.

The one place where extraction and conversion meet: the Reader and the public
:func:`inkreader.extract_article` both call :func:`extract_article`.
"""

from __future__ import annotations

import re
import threading
import unicodedata

from .convert import to_markdown
from .errors import ExtractError
from .extract.registry import extract_page
from .extract.result import Extracted
from .model import Article, Extraction, Link
from .text import clean_text

_LINKED = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"\w+")


def extract_article(html: str, url: str) -> Article:
    """Extract ``html`` (fetched from ``url``) with its site's adapter and convert the body to Markdown."""
    return convert_body(extract_page(html, url))


def convert_body(extracted: Extracted) -> Article:
    """Fill the Article's ``markdown`` and ``links`` from the extracted body; refuse a page with nothing to read."""
    article = extracted.article
    markdown, links = to_markdown(extracted.body, extracted.base_url) if extracted.body is not None else ("", [])
    # NFC: decomposed accents (common in some CMS exports) read, search and compare as the composed ones.
    markdown = unicodedata.normalize("NFC", clean_text(markdown)).strip()
    if extracted.refusal is not None and (not markdown or _own_words(markdown) < extracted.min_words):
        raise ExtractError(extracted.refusal)
    markdown = markdown or extracted.empty_markdown
    article.markdown = markdown + "\n" if markdown else ""
    article.links = links
    return article


def _own_words(markdown: str) -> int:
    """Words outside links: a page of navigation has many links and few words of its own."""
    return len(_WORD.findall(_LINKED.sub("", markdown)))


# -- PDFs -------------------------------------------------------------------------------------------------------
_MD_LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\(<?([^)>\s]+)>?\)")
_PDF_PATH = re.compile(r"\.pdf(?:$|[?#])|/documents/[^/?#]+$", re.IGNORECASE)
SUMMARY_ONLY_WORDS = 150  # a report page with fewer words of its own than this is a summary of its PDF


def pdf_article(content: bytes, url: str, cancel: threading.Event | None = None) -> Article:
    """A PDF's bytes (fetched from ``url``) as an Article: its Markdown, metadata, page count and confidence."""
    from .pdf import PdfLimits, read_pdf

    document = read_pdf(content, PdfLimits(cancel=cancel))
    meta = document.metadata
    markdown = unicodedata.normalize("NFC", clean_text(document.markdown)).strip()
    title = meta.title or url.rstrip("/").rsplit("/", 1)[-1] or "PDF document"
    article = Article(
        url=url,
        final_url=url,
        site="pdf",
        kind=document.kind,
        title=clean_text(title),
        markdown=markdown + "\n" if markdown else "",
        published=meta.published,
        authors=[clean_text(name) for name in meta.authors],
        publisher=meta.publisher,
        report_number=meta.report_number,
        pages=document.pages,
        extraction=Extraction(method="pdf", confidence=document.confidence),
    )
    article.links = [
        Link(text=text.replace("\\", ""), url=target)
        for text, target in _MD_LINK.findall(markdown)
        if target.startswith(("http://", "https://", "mailto:"))
    ]
    article.notes.extend(document.notes)
    return article


def report_pdf(article: Article) -> str | None:
    """The PDF a page offers as the piece itself: its ``citation_pdf_url``, else a body link to a PDF."""
    if article.pdf_url:
        return article.pdf_url
    for link in article.links:
        if _PDF_PATH.search(link.url) or "pdf" in link.text.lower():
            return link.url
    return None


def is_summary_only(article: Article) -> bool:
    """A page whose own prose is only a summary (the piece is elsewhere: its PDF)."""
    return _own_words(article.markdown) < SUMMARY_ONLY_WORDS
