"""The generic adapter: any page that is not a known site. Metadata from the page head, body by scoring.

``extract(tree, url)`` reads metadata first (it needs the scripts: JSON-LD), then cleans the tree and finds the
main text (:mod:`.generic_body`). Pages with nothing to read (a JavaScript shell, an empty page, a page of
navigation only) are refused with an :class:`ExtractError`, here or once the body is converted.

Soft paywalls: elements marked as gated (``content-gated`` and similar) and hidden elements are never read;
what an anonymous reader is shown is kept, and the article is flagged ``preview_only`` with a note.
"""

from __future__ import annotations

from lxml import html as lxml_html

from ..errors import ExtractError
from ..model import Article
from ..text import clean_text
from . import generic_body as body
from .generic_meta import read_meta
from .result import Extracted

NO_TEXT = "No readable article text on this page (it may need JavaScript)."
MIN_WORDS = 12
PREVIEW_NOTE = ("Preview only: this page keeps part of its text for subscribers; open it in the browser "
                "to read on.")


def extract(tree: lxml_html.HtmlElement, url: str) -> Extracted:
    meta = read_meta(tree, url)
    gated, gate = body.preclean(tree)  # gated text is dropped unread there
    preview_only = gated or gate or _not_free(meta.json_ld)
    notes = [PREVIEW_NOTE] if preview_only else []

    stats = body.compute_stats(tree)
    body.remove_unlikely(tree, stats)  # keeps ``stats`` up to date as it removes
    best, scores = body.best_candidate(tree, stats)
    if best is not None:
        best = body.widen(best, stats, body.paragraph_text(tree, stats))
    if best is None:
        fragment = tree.find("body")
        if fragment is None:
            raise ExtractError(NO_TEXT)
        fragment.tag = "div"
    else:
        fragment = lxml_html.Element("div")
        for el in body.gather(best, scores, stats):
            tail = el.tail
            fragment.append(el)  # moving an element takes its tail along: put it back as it was
            el.tail = clean_text(tail) if tail else tail
    body.prune(fragment, stats, scores)

    article = Article(
        url=url, final_url=url, site="generic", kind="article", title=meta.title or meta.outlet or url,
        markdown="", published=meta.published, authors=meta.authors, outlet=meta.outlet,
        summary=meta.summary, notes=notes, preview_only=preview_only,
    )
    return Extracted(article, fragment, url, refusal=NO_TEXT, min_words=MIN_WORDS)


def _not_free(json_ld: list[dict]) -> bool:
    for item in json_ld:
        value = item.get("isAccessibleForFree")
        if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
            return True
    return False
