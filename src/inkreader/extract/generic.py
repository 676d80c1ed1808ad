"""The generic adapter: any page that is not a known site. Metadata from the page head, body by scoring.

``extract(tree, url)`` reads metadata first (it needs the scripts: JSON-LD), then cleans the tree and finds the
main text (:mod:`.generic_body`). Pages with nothing to read (a JavaScript shell, an empty page, a page of
navigation only) are refused with an :class:`ExtractError`, here or once the body is converted.

Soft paywalls: elements marked as gated (``content-gated`` and similar) and hidden elements are never read;
what an anonymous reader is shown is kept, and the article is flagged ``preview_only`` with a note.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from ..errors import ExtractError
from ..model import Article, Extraction, JsonObject
from ..text import clean_text, count_words
from . import fallback
from . import generic_body as body
from .confidence import measure
from .generic_meta import read_meta
from .reconcile import reconcile
from .result import Extracted

NO_TEXT_START = "No readable article text on this page"
NO_TEXT = f"{NO_TEXT_START} (it may need JavaScript)."
MIN_WORDS = 12
LAST_RESORT_PROSE = 200  # weighted prose characters on a page that pruning emptied: enough to show it whole
MIN_CHARS = 50  # outside links, before conversion: below this a candidate is not worth converting
PREVIEW_NOTE = "Preview only: this page keeps part of its text for subscribers; open it in the browser to read on."


def extract(tree: lxml_html.HtmlElement, url: str, html: str | None = None) -> Extracted:
    meta = read_meta(tree, url)
    census = _census(tree)  # before the scripts and frames are dropped: said when nothing is read
    gated, gate = body.preclean(tree)  # gated text is dropped unread there
    preview_only = gated or gate or _not_free(meta.json_ld)
    notes = [PREVIEW_NOTE] if preview_only else []

    stats = body.compute_stats(tree)
    page = tree.find("body")
    if page is None:
        page = tree
    visible = stats.text.get(page, 0) - stats.link.get(page, 0)  # the page's own text, before any choice
    body.remove_unlikely(tree, stats)  # keeps ``stats`` up to date as it removes
    best, scores = body.best_candidate(tree, stats)
    ptext, weighted = body.paragraph_text(tree, stats)
    if best is not None:
        best = body.widen(best, stats, ptext)
    cluster = body.densest_cluster(stats, weighted)
    chosen = _plausible(best, cluster, weighted, stats)

    # The choice first; when what would remain of it is too thin to be an article, the next candidate (the
    # scored block, the densest prose, then the whole page) instead of an error.
    tried: list[HtmlElement] = []
    fragment = short = None
    min_words = MIN_WORDS
    found = False
    spare: lxml_html.HtmlElement | None = None
    stated = _stated_texts(meta.json_ld, meta.summary)
    extraction = Extraction("generic", 0.0)
    candidates = [chosen, best, cluster, page]
    declared = _declared_main(tree, ptext)
    if declared is not None and chosen is not None and _apart(chosen, declared):
        candidates.insert(0, declared)  # the page's own main part holds prose: its story, not a box beside it
    for step, candidate in enumerate(candidates):
        if (
            candidate is None
            or any(candidate is seen for seen in tried)
            or candidate.getroottree().getroot() is not tree
        ):
            continue  # none, already tried, or moved out with an earlier try
        tried.append(candidate)
        if candidate is page:
            short = _short_post(tree, stats, scores)  # before the page is taken apart: kept in reserve
        # (the declared main part is whole by declaration: what sits beside it is not more of it)
        whole = candidate is page or candidate is declared
        roots = [candidate] if whole else body.gather(candidate, scores, stats)
        if not whole and cluster is not None:
            roots = body.gather_up(roots, candidate, cluster, stats)
        if candidate is not page:
            roots = [
                lead for lead in body.lead_paragraphs(page, roots, stats) if not _is_summary(lead, meta.summary)
            ] + roots
        others = body.other_stories(roots, meta.title)
        if others:
            roots = [root for root in roots if not any(root is other for other in others)]
        doomed = body.prune_plan(roots, stats, scores, keep=candidate, prose=weighted)
        doomed += [other for other in others if any(a in roots for a in other.iterancestors())]
        if body.kept_text(roots, doomed, stats) < MIN_CHARS:
            if candidate is not page:
                continue
            if weighted.get(page, 0) >= LAST_RESORT_PROSE:
                doomed = []  # pruning would empty a page that holds prose: the page as it is, not nothing
        doomed = body.with_labels(doomed)
        kept = body.kept_text(roots, doomed, stats)
        fragment = _assemble(roots, doomed)
        body.trim_trailing_labels(fragment)
        body.strip_shortcodes(fragment)
        if _own_words(fragment) < MIN_WORDS:
            if spare is None or _own_words(fragment) > _own_words(spare):
                spare = fragment  # a few words, but the page's: kept in case nothing better turns up
        else:
            found = True
            signals = measure(fragment, kept, visible, None if candidate is page else candidate, scores, stated)
            extraction = Extraction("generic", signals.confidence(step))
            if html is not None and extraction.confidence < UNSURE:
                share = kept / visible if visible > 0 else 1.0
                other = fallback.second_opinion(html)
                verdict = reconcile(fragment, kept, extraction.confidence, share, other, stated, MIN_WORDS)
                fragment, extraction = verdict.fragment, Extraction(verdict.method, verdict.confidence)
            break
    if not found:
        if spare is not None and (short is None or _own_words(short) == 0):
            short = spare  # (an earlier try took these words out of the page before the post was looked for)
        fragment, extraction = _nothing_plausible(meta.json_ld, html, short)
        if fragment is None:
            raise ExtractError(census.refusal(visible > 0))
        if extraction.method == "generic":
            min_words = 1
    article = Article(
        url=url,
        final_url=url,
        site="generic",
        kind="article",
        title=meta.title or meta.outlet or url,
        markdown="",
        published=meta.published,
        authors=meta.authors,
        outlet=meta.outlet,
        summary=meta.summary,
        notes=notes,
        preview_only=preview_only,
        extraction=extraction,
        publisher=meta.publisher,
        report_number=meta.report_number,
        pdf_url=meta.pdf_url,
    )
    return Extracted(article, fragment, url, refusal=census.refusal(visible > 0), min_words=min_words)


@dataclass(frozen=True, slots=True)
class _Census:
    """What a page holds besides text, noted before scripts and frames are dropped (said when nothing is read)."""

    frames: bool
    images: bool
    scripts: bool

    def refusal(self, text_seen: bool) -> str:
        if self.frames:
            return f"{NO_TEXT_START}: it is a frameset (its text is in the frames it loads)."
        if text_seen:
            return NO_TEXT
        if self.images:
            return f"{NO_TEXT_START}: it shows only an image."
        if self.scripts:
            return f"{NO_TEXT_START}: it is only scripts (it needs JavaScript)."
        return f"{NO_TEXT_START}: the page is empty."


def _census(tree: HtmlElement) -> _Census:
    return _Census(
        frames=bool(tree.xpath("boolean(//frameset | //frame)")),
        images=bool(tree.xpath("boolean(//body//img | //body//picture)")),
        scripts=bool(tree.xpath("boolean(//script)")),
    )


# Where content-management systems put a post, whatever the site: the last place looked for a post of one line.
_POST_CONTAINERS = (
    '//*[@itemprop="articleBody"]',
    "//article",
    "//main",
    '//*[contains(concat(" ", normalize-space(@class), " "), " entry ") or '
    'contains(@class, "entry-content") or contains(@class, "post-content") or '
    'contains(@class, "post-body") or contains(@class, "article-body")]',
)


def _short_post(tree: HtmlElement, stats: body.Stats, scores: body._Scores) -> lxml_html.HtmlElement | None:
    """A post too short for the usual bar (one line and a link to a document): a copy of the page's post
    container, pruned as usual; None when there is none or it has no words of its own."""
    for query in _POST_CONTAINERS:
        for container in tree.xpath(query):
            doomed = body.prune_plan([container], stats, scores, keep=container)
            if body.kept_text([container], doomed, stats) <= 0:
                continue
            for el in doomed:
                el.set(_DOOMED_MARK, "")
            copy = deepcopy(container)
            for el in doomed:
                el.attrib.pop(_DOOMED_MARK, None)
            for el in copy.xpath(f"descendant::*[@{_DOOMED_MARK}]"):
                body.drop(el)
            holder = lxml_html.Element("div")
            holder.append(copy)
            copy.tail = None
            return holder
    return None


_DOOMED_MARK = "data-inkreader-doomed"


# Below this confidence a second opinion is asked and the two reconciled (measured on both dev sets, bench/).
UNSURE = 0.5
FALLBACK_CONFIDENCE = 0.4  # trafilatura's text alone: it found an article where we found nothing plausible
STATED_CONFIDENCE = 0.5  # the page's own JSON-LD text, where its HTML gave nothing
SHORT_POST_CONFIDENCE = 0.3
THIN_MARGIN = 5


def _nothing_plausible(
    json_ld: list[JsonObject], html: str | None, short: lxml_html.HtmlElement | None
) -> tuple[lxml_html.HtmlElement | None, Extraction]:
    """Where none of our candidates holds an article: the page's own stated text, the post container's text
    (a post of one line is still the post), then the second opinion's; None when there is nothing at all."""
    stated = _structured_body(json_ld)
    if stated is not None:
        return stated, Extraction("generic", STATED_CONFIDENCE)
    words = _own_words(short) if short is not None else 0
    if short is not None and words >= MIN_WORDS:
        return short, Extraction("generic", SHORT_POST_CONFIDENCE)
    other = fallback.second_opinion(html) if html is not None else None
    # a few words (a dateline, a byline left in the post's box) give way to an article found elsewhere; a post
    # of one line and a link (to its document) is a post
    linked = short is not None and short.find(".//a[@href]") is not None
    if other is not None and not linked and _has_sentence(other) and _own_words(other) >= THIN_MARGIN * max(words, 1):
        return other, Extraction("fallback", FALLBACK_CONFIDENCE)
    if short is not None and words >= 1:
        return short, Extraction("generic", SHORT_POST_CONFIDENCE)
    return None, Extraction("generic", 0.0)


_LINE_BREAK = re.compile(r"\s*\n\s*")
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)\]]*$")
SENTENCE_MIN_WORDS = 4


def _has_sentence(fragment: lxml_html.HtmlElement) -> bool:
    """A line of running text (four words or more ending a sentence, or a dozen words), as against a list
    of link labels that a second opinion may hand back from a page of navigation."""
    for line in _LINE_BREAK.split(fragment.text_content()):
        words = count_words(line)
        if words >= MIN_WORDS or (words >= SENTENCE_MIN_WORDS and _SENTENCE_END.search(line)):
            return True
    return False


def _stated_texts(json_ld: list[JsonObject], description: str | None) -> list[str]:
    """What the page says its text is, most complete first: JSON-LD ``articleBody``/``text``, the description."""
    stated = [value for item in json_ld for key in ("articleBody", "text") if isinstance(value := item.get(key), str)]
    stated.sort(key=len, reverse=True)
    if description:
        stated.append(description)
    return stated


STRUCTURED_MIN_CHARS = 200
_LITERAL_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_MARKUP = re.compile(r"<(?:p|br|div|ul|ol|h[1-6])\b", re.I)


def _structured_body(json_ld: list[JsonObject]) -> lxml_html.HtmlElement | None:
    """The article text the page states in its JSON-LD (``articleBody``, ``text``, else a long ``description``),
    for pages that render their body with JavaScript: read only when the HTML gave nothing."""
    best = ""
    for key in ("articleBody", "text", "description"):
        for item in json_ld:
            value = item.get(key)
            if isinstance(value, str) and len(value.strip()) > len(best):
                best = value.strip()
        if len(best) >= STRUCTURED_MIN_CHARS:
            break
    if len(best) < STRUCTURED_MIN_CHARS:
        return None
    # a body escaped twice over (its JSON escapes kept as text): "\u2019" is an apostrophe, not six characters
    best = _LITERAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), best)
    fragment = lxml_html.Element("div")
    if _MARKUP.search(best):
        try:
            parts = lxml_html.fragments_fromstring(clean_text(best))
        except (etree.ParserError, ValueError):
            parts = []
        for part in parts:
            if isinstance(part, str):
                fragment.text = (fragment.text or "") + part
            else:
                fragment.append(part)
        if len(fragment):
            return fragment
    for line in clean_text(best).split("\n"):
        if line.strip():
            paragraph = lxml_html.Element("p")
            paragraph.text = line.strip()
            fragment.append(paragraph)
    return fragment


def _declared_main(tree: HtmlElement, ptext: dict[HtmlElement, int]) -> HtmlElement | None:
    """The one element the page declares as its main part (``<main>``, ``role="main"``, else its one
    ``<article>``), when it holds prose of its own; None when there is none or several."""
    for query in ("//main | //*[@role='main']", "//article"):
        found = tree.xpath(query)
        outermost = [el for el in found if not any(a in found for a in el.iterancestors())]
        if len(outermost) == 1:
            return outermost[0] if ptext.get(outermost[0], 0) >= MIN_CHARS else None
        if outermost:
            return None
    return None


def _apart(a: HtmlElement, b: HtmlElement) -> bool:
    """Neither element holds the other."""
    return a is not b and not any(x is b for x in a.iterancestors()) and not any(x is a for x in b.iterancestors())


def _is_summary(element: HtmlElement, summary: str | None) -> bool:
    """A dek the page's own description repeats: shown as the Article's summary, not twice. A lede (the story's
    opening paragraph, which a description often quotes) stays body text: a standfirst counts as a dek when it
    is set as a heading or named as a summary, or when the description is the whole of it."""
    if not summary:
        return False
    text = " ".join(element.text_content().split())
    a, b = text.casefold().rstrip(" .…"), summary.casefold().rstrip(" .…")
    if len(a) > len(b) + 20:
        return False  # the description is only the opening's first words
    if not (a and (a == b or (len(b) >= 40 and (a.startswith(b) or b.startswith(a))))):
        return False
    if element.tag in ("h2", "h3", "h4"):
        return True
    parent = element.getparent()
    names = " ".join(body.names(node) for node in (element, parent) if node is not None)
    return bool(_DEK_NAMES.search(names))


# Words that name a dek (a summary set under the headline), as against a lede ("lead", "intro", "excerpt").
_DEK_NAMES = re.compile(r"(?:^|[\s_-])(?:dek|summary|description|desc|sub-?head\w*|standfirst)(?=$|[\s_-])", re.I)


def _assemble(roots: list[HtmlElement], doomed: list[HtmlElement]) -> lxml_html.HtmlElement:
    """Move the blocks into one fragment (their tails along, as they were) and drop the planned furniture."""
    fragment = lxml_html.Element("div")
    for el in roots:
        tail = el.tail
        if el.tag == "body":
            el.tag = "div"
        fragment.append(el)  # moving an element takes its tail along: put it back as it was
        el.tail = clean_text(tail) if tail else tail
    for el in doomed:
        body.drop(el)
    return fragment


def _plausible(
    best: HtmlElement | None, cluster: HtmlElement | None, weighted: dict[HtmlElement, float], stats: body.Stats
) -> HtmlElement | None:
    """The scored choice, unless the densest prose cluster holds clearly more prose than it: an ancestor of the
    choice (the article goes on in sibling containers) at twice the prose, another block at four times."""
    if cluster is None:
        return best
    if best is None:
        return cluster
    mine, theirs = weighted.get(best, 0), weighted.get(cluster, 0)
    if any(node is cluster for node in best.iterancestors()):
        added_prose, added_text = theirs - mine, stats.text.get(cluster, 0) - stats.text.get(best, 0)
        if theirs > WIDER_MARGIN * mine + 200 and added_prose >= WIDER_PROSE_SHARE * added_text:
            return cluster
        return best
    if any(node is best for node in cluster.iterancestors()):
        return best
    if theirs > ELSEWHERE_MARGIN * mine + 200:
        return cluster
    return best


WIDER_MARGIN = 2.0
ELSEWHERE_MARGIN = 4.0
WIDER_PROSE_SHARE = 0.65


def _own_words(fragment: lxml_html.HtmlElement) -> int:
    """Words outside links, read off the tree (conversion comes later, once): a page of navigation has many
    links and few words of its own."""
    linked = sum(count_words(link.text_content()) for link in fragment.iter("a"))
    return count_words(fragment.text_content()) - linked


def _not_free(json_ld: list[JsonObject]) -> bool:
    for item in json_ld:
        value = item.get("isAccessibleForFree")
        if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
            return True
    return False
