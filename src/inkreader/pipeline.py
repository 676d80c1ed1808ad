"""Page HTML -> :class:`~inkreader.model.Article`: extract (pick the adapter), then convert the body. Pure.

The one place where extraction and conversion meet: the Reader and the public
:func:`inkreader.extract_article` both call :func:`extract_article`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable

from .convert import to_markdown
from .errors import ExtractError
from .extract.registry import extract_page
from .extract.result import Extracted
from .model import Article, Extraction, Link
from .text import clean_text, count_words

_LINKED = re.compile(r"\[([^\]]*)\]\([^)]*\)")


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
    return count_words(_LINKED.sub("", markdown))


# -- PDFs -------------------------------------------------------------------------------------------------------
_MD_LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\(<?([^)>\s]+)>?\)")
_PDF_PATH = re.compile(r"\.pdf(?:$|[?#])|/documents/[^/?#]+$", re.IGNORECASE)
SUMMARY_ONLY_WORDS = 150  # a report page with fewer words of its own than this is a summary of its PDF


def pdf_article(
    content: bytes,
    url: str,
    cancel: threading.Event | None = None,
    progress: Callable[[str], None] | None = None,
) -> Article:
    """A PDF's bytes (fetched from ``url``) as an Article: its Markdown, metadata, page count and confidence.
    ``progress`` gets the Markdown read so far, as pages are read (see :func:`inkreader.pdf.read_pdf`)."""
    from .pdf import PdfLimits, read_pdf

    document = read_pdf(content, PdfLimits(cancel=cancel), progress)
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


def report_pdf(article: Article, html: str = "") -> str | None:
    """The PDF a page offers as the piece itself: its ``citation_pdf_url``, else a body link to a PDF, else
    the page's "Download PDF" button (extraction leaves buttons out of the body)."""
    if article.pdf_url:
        return article.pdf_url
    for link in article.links:
        if _offers_the_piece(link.text, link.url, article.kind):
            return link.url
    if not html or "pdf" not in html.lower():
        return None
    from .extract.dom import parse_html
    from .extract.urls import absolute_url

    for anchor in parse_html(html).iter("a"):
        href = (anchor.get("href") or "").strip()
        text = " ".join(anchor.text_content().split()).lower()
        if href and _offers_the_piece(text, href, article.kind):
            url = absolute_url(href, article.final_url or article.url)
            if url:
                return url
    return None


_OFFER = re.compile(r"\bpdf\b|\bdownload\b|full report", re.IGNORECASE)


def _offers_the_piece(text: str, href: str, kind: str) -> bool:
    """A "Download PDF" button, or on a report's page any link to a PDF (a link to some other PDF in a
    commentary's prose is only a link)."""
    if kind == "report" and _PDF_PATH.search(href):
        return True
    last = href.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1].lower()
    # "Download PDF" to a .pdf or to an extension-less address (old CNAS links), not "Download the MP3"
    return bool(_OFFER.search(text)) and (last.endswith(".pdf") or "." not in last)


def is_summary_only(article: Article) -> bool:
    """A page whose own prose is only a summary (the piece is elsewhere: its PDF)."""
    return _own_words(article.markdown) < SUMMARY_ONLY_WORDS
