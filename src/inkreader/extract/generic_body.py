"""Find the main text of an arbitrary page: readability-style scoring on an lxml tree, then boilerplate pruning.

The steps, each one pass over the tree (no per-node ``text_content()`` calls, which are quadratic):

1. :func:`preclean` drops what is never body text (scripts, forms, navigation, hidden elements) and blocks
   whose class/id names say boilerplate (share bars, comments, related rails, newsletter boxes...).
2. :func:`best_candidate` scores every paragraph-like block by its length and commas, credits its parent
   and grandparent, weighs the ancestors' class/id names, and picks the best ancestor after a link-density
   discount; siblings that look like more of the same article are gathered with it.
3. :func:`prune_plan` lists, inside the chosen fragment, the blocks that still look like furniture: link lists,
   image-only boxes, short byline/date/caption lines, "read more" teasers.

Nothing here is specific to one site: the weights are name patterns and text statistics.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from ..text import clean_text

# Never body text. (``header``/``footer`` inside an article are dealt with by class and by pruning.)
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "svg",
    "canvas",
    "object",
    "embed",
    "applet",
    "button",
    "input",
    "select",
    "textarea",
    "option",
    "label",
    "link",
    "meta",
    "head",
    "dialog",
    "menu",
    "audio",
    "video",
    "source",
    "track",
    "map",
    "area",
    "math",
)
BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details div dl dt fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main ol p pre section table tbody td tfoot th thead tr ul".split()
)
# Text-level elements: what is not one of these holds its own text apart from its parent's lines.
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd mark q s samp small span strike strong "
    "sub sup time tt u var wbr".split()
)
PARAGRAPH_TAGS = frozenset(("p", "pre", "td", "blockquote", "li", "dd", "h2", "h3", "h4"))

# Class/id words. NEGATIVE blocks are removed before scoring unless they also look like content (MAYBE) or
# hold a large share of the page's text (a wrapper with an unlucky name).
_NEGATIVE = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert\w*|adslot|banner|breadcrumbs?|comments?|comment-?list|disqus|combx|community|"
    r"cookie\w*|consent|footer|foot|masthead|menu|nav|navbar|navigation|newsletter\w*|outbrain|taboola|"
    r"pager|pagination|popup|modal|promo\w*|related\w*|recirc\w*|remark|rss|share\w*|sharing|social\w*|"
    r"sponsor\w*|shopping|sidebar|skyscraper|subscribe|subscription|signup|tags?|tag-?list|tool-?bar|tools|"
    r"widget\w*|most-?popular|trending|recommend\w*|more-?stories|read-?more|read-?next|up-?next|"
    r"toc|table-of-contents|jump-?link\w*|print|email|e-?mail|follow|hidden|visually-?hidden|sr-only|"
    r"screen-?reader\w*|skip\w*|overlay|teaser\w*|byline|author-?bio|bio|about-?author|disclaimer|"
    r"caption|credit\w*|copyright|timestamp|dateline|meta|metadata|inline-?ad|outstream|sticky|"
    r"video-?player|gallery|slideshow|carousel|lightbox|rail|right-?rail|left-?rail|aside|"
    r"secondary|site-?header|site-?footer|header|topbar|masthead|hero|partner\w*|affiliate\w*)(?=$|[\s_-])",
    re.I,
)
_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|rich-?text|"
    r"paragraph|column",
    re.I,
)
_MAYBE = re.compile(r"and|article|body|column|content|main|shadow|story|entry|post|text", re.I)
_STRONG_NEGATIVE = re.compile(
    r"(?:^|[\s_-])(?:comments?|share\w*|social\w*|related\w*|newsletter\w*|outbrain|taboola|sidebar|"
    r"recirc\w*|most-?popular|trending|recommend\w*|subscribe|signup|cookie\w*|promo\w*|advert\w*|"
    r"ad-?slot|ad-?container|ad-?wrapper|breadcrumbs?|pagination|read-?next|up-?next|more-?stories|"
    r"inline-?ad|outstream|jump-?link\w*|visually-?hidden|sr-only|screen-?reader\w*|"
    r"author-?(?:bio|box|info|card|profile|about)|about-?(?:the-?)?author|(?:post|entry|article)-?author)"
    r"(?=$|[\s_-])",
    re.I,
)
_EMBED = re.compile(r"embed|tweet|instagram-media|quote", re.I)
# Hidden by the site's CSS (we do not run it): hidden/screen-reader-only classes, hover cards and tooltips.
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:hidden|is-hidden|element-hidden|visually-hidden|visuallyhidden|sr-only|screen-reader-text|"
    r"screenreader-only|d-none|invisible|offscreen|u-hidden|hide)(?=$|\s)"
    r"|(?:tooltip|popover|hover-?card|rollover)[\w-]*(?:block|card|content|box|popup|panel|body|inner|text)",
    re.I,
)
# Elements holding text that only subscribers may read: never read, even when the HTML carries it.
_GATED = re.compile(
    r"(?:^|\s)(?:content-gated|gated-content|is-gated|paywalled-content|premium-content|"
    r"subscriber-only|subscribers-only|locked-content|article-gated)(?=$|\s)",
    re.I,
)
# A gate: a paywall/login-wall box, or a page that says part of it is for subscribers.
_GATE = re.compile(
    r"(?:^|[\s_-])(?:paywall\w*|regwall|reg-?wall|login-?wall|registration-?wall|"
    r"content-ungated|meter-?wall|piano-?wall)(?=$|[\s_-])",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
_COMMAS = re.compile(r"[,،、，]")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def name_flags(names: str) -> int:
    """All class/id verdicts for one class+id string at once (pages repeat the same few names many times).

    No pattern matches across whitespace, so a string's flags are those of its words together: words are
    judged (and cached) one by one, and they repeat far more than whole class strings do, page after page.
    """
    flags = 0
    for word in names.split():
        flags |= _word_flags(word)
    return flags


@lru_cache(maxsize=16384)
def _word_flags(word: str) -> int:
    # "imageEmbedCaption" names a caption as "image-embed-caption" does; lower case once, then patterns without
    # re.IGNORECASE (which more than doubles the time of these searches)
    word = _CAMEL_HUMP.sub("-", word).lower()
    if _ANY_NAME_LOWER.search(word) is None:
        return 0  # most words ("col-8", "css-1x2y") say nothing: one search instead of one per pattern
    if _ANY_RARE_NAME_LOWER.search(word) is None:  # "content", "post-body": only the two loose patterns to ask
        return (POSITIVE if _POSITIVE_LOWER.search(word) else 0) | (MAYBE if _MAYBE_LOWER.search(word) else 0)
    flags = 0
    for bit, pattern in _NAME_PATTERNS_LOWER:
        if pattern.search(word):
            flags |= bit
    return flags


def names(el: HtmlElement) -> str:
    """An element's class and id together (what the name patterns read)."""
    return _names(el)


def _names(el: HtmlElement) -> str:
    cls = el.get("class")
    ident = el.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""


def class_weight(el: HtmlElement) -> int:
    names = _names(el)
    if not names:
        return 0
    flags = name_flags(names)
    return (25 if flags & POSITIVE else 0) - (25 if flags & NEGATIVE else 0)


# --------------------------------------------------------------------------- text statistics


@dataclass(slots=True)
class Stats:
    """Per-element text length, link-text length and comma count, computed bottom-up in one pass."""

    text: dict[HtmlElement, int] = field(default_factory=dict)
    link: dict[HtmlElement, int] = field(default_factory=dict)
    commas: dict[HtmlElement, int] = field(default_factory=dict)

    def density(self, el: HtmlElement) -> float:
        total = self.text.get(el, 0)
        return self.link.get(el, 0) / total if total else 0.0


def compute_stats(root: HtmlElement) -> Stats:
    stats = Stats()
    text, link, commas = stats.text, stats.link, stats.commas
    # children before parents, so each element adds up its children's finished counts
    for el in reversed(list(root.iter(etree.Element))):
        own = el.text
        if own:
            t = len(own.strip())
            c = own.count(",")
        else:
            t = c = 0
        lk = 0
        for child in el:
            if isinstance(child.tag, str):
                t += text[child]
                lk += link[child]
                c += commas[child]
            tail = child.tail
            if tail:
                t += len(tail.strip())
                c += tail.count(",")
        if el.tag == "a":
            lk = t
        text[el] = t
        link[el] = lk
        commas[el] = c
    return stats


def discount(el: HtmlElement, stats: Stats) -> None:
    """Take an element's counts out of its ancestors' (it is about to be removed; its tail stays behind)."""
    t, lk, c = stats.text.get(el, 0), stats.link.get(el, 0), stats.commas.get(el, 0)
    text, link, commas = stats.text, stats.link, stats.commas
    node = el.getparent()
    while node is not None:
        text[node] -= t
        commas[node] -= c
        if node.tag == "a":  # all of a link's text is link text
            lk = link[node] - text[node]
            link[node] = text[node]
        else:
            link[node] -= lk
        node = node.getparent()


# --------------------------------------------------------------------------- 1. pre-clean


def drop(el: HtmlElement) -> None:
    """Remove an element but keep its tail text in place (lxml's drop_tree, safe with control characters)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        # lxml refuses to assign text holding control characters, which a page may contain
        if previous is not None:
            previous.tail = clean_text((previous.tail or "") + tail)
        else:
            parent.text = clean_text((parent.text or "") + tail)
    parent.remove(el)


def preclean(root: lxml_html.HtmlElement) -> tuple[bool, bool]:
    """Drop what is never read: hidden and gated elements, scripts, forms, navigation, comments.

    Returns (gated text found, paywall marker found). Markers are looked for before anything is removed: a
    paywall box is often a ``<dialog>`` or a ``<form>``.
    """
    doomed = []
    gated = gate = False
    # only elements with one of these attributes can be hidden or gated (libxml2 picks them out, not Python)
    for el in root.xpath("descendant-or-self::*[@class or @hidden or @aria-hidden or @style]"):
        keys = el.keys()
        cls = el.get("class") if "class" in keys else None
        if cls:
            flags = name_flags(cls)
            if flags & GATED:
                gated = True
                doomed.append(el)
                continue
            if flags & GATE:
                gate = True
            if flags & HIDDEN and el.tag not in ("body", "html", "main", "article"):
                doomed.append(el)
                continue
        # Hidden elements: an anonymous reader does not see them.
        if "hidden" in keys or ("aria-hidden" in keys and el.get("aria-hidden") == "true"):
            doomed.append(el)
            continue
        style = el.get("style") if "style" in keys else None
        if style and _HIDDEN_STYLE.search(style):
            doomed.append(el)
    for el in doomed:
        drop(el)
    _unwrap_templates(root)
    for nav in list(root.iter("nav")):
        # a navigation bar, unless a page left it unclosed around the article (paragraphs inside)
        if len(list(islice(nav.iter("p"), NAV_PROSE_PARAGRAPHS))) < NAV_PROSE_PARAGRAPHS:
            drop(nav)
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    _drop_serialized_data(root)  # (after the scripts are gone: their data is theirs, not the page's text)
    return gated, gate


# Escapes of serialized data (JSON strings a page prints as text for its scripts): "\u2019", "\"", "<\/p>",
# and the quoted keys that open its objects. Prose has none of them.
_DATA_MARK = re.compile(r'\\u[0-9a-fA-F]{4}|\\["/nrt]|<\\/|"\s*:\s*[\[{"]|[{\[]\s*"\w+"\s*:')
_DATA_HINT = re.compile(r'\\u[0-9a-fA-F]{4}|<\\/|[{\[]\s*"\w+"\s*:')
DATA_MARKS_PER_100 = 0.8
DATA_MIN_MARKS = 3


def _data_like(text: str) -> bool:
    marks = len(_DATA_MARK.findall(text))
    return marks >= DATA_MIN_MARKS and marks * 100 >= DATA_MARKS_PER_100 * len(text)


def _drop_serialized_data(root: lxml_html.HtmlElement) -> None:
    """Blocks of serialized data printed as text (a page's article again, as escaped JSON for its scripts):
    the outermost element whose text reads as data goes, so escapes and a second copy never reach the text."""
    doomed: list[HtmlElement] = []
    for node in root.xpath("//text()[contains(., '\\') or contains(., '\"')]"):
        if not _DATA_HINT.search(node):
            continue
        parent = node.getparent()
        if parent is None:
            continue
        el = parent if node.is_text else parent.getparent()
        found = None
        while el is not None and el.tag not in ("body", "html") and _data_like(el.text_content()):
            found, el = el, el.getparent()
        if found is not None and not any(found is d or d in found.iterancestors() for d in doomed):
            doomed.append(found)
    for el in doomed:
        drop(el)


# Client-side templates (``<script type="text/template">``): some blog engines ship the post itself this way.
_TEMPLATE_TYPE = re.compile(r"template|html", re.I)
_TEMPLATE_PROSE = re.compile(r"<(?:p|br|div|h[1-6])\b", re.I)
TEMPLATE_MIN_CHARS = 200
NAV_PROSE_PARAGRAPHS = 3


def _unwrap_templates(root: lxml_html.HtmlElement) -> None:
    """Markup a template script holds (paragraphs, not code) is read in its place, as the browser would show it."""
    for script in list(root.iter("script")):
        kind, source = script.get("type") or "", script.text or ""
        if len(source) < TEMPLATE_MIN_CHARS or not _TEMPLATE_TYPE.search(kind) or not _TEMPLATE_PROSE.search(source):
            continue
        try:
            parts = lxml_html.fragments_fromstring(clean_text(source))
        except (etree.ParserError, ValueError):
            continue
        holder = lxml_html.Element("div")
        for part in parts:
            if isinstance(part, str):
                holder.text = (holder.text or "") + part
            else:
                holder.append(part)
        holder.tail = script.tail
        parent = script.getparent()
        if parent is not None:  # a template script always sits inside the page; a root one is left as it is
            parent.replace(script, holder)


# Cells, rows, paragraphs and inline text are judged with their block, never alone by their names.
_NEVER_UNLIKELY = frozenset(
    "html body a main article tr td th tbody thead tfoot p span em strong b i sup sub abbr cite q code pre".split()
)


def remove_unlikely(root: lxml_html.HtmlElement, stats: Stats) -> None:
    """Drop blocks named like boilerplate, unless they look like content or hold much of the page's text."""
    body = root.find("body")
    total = stats.text.get(body if body is not None else root, 0) or 1
    doomed = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in _NEVER_UNLIKELY:
            continue
        names = _names(el)
        share = stats.text.get(el, 0) / total
        if not names:
            if tag in ("aside", "footer"):
                doomed.append(el)
            continue
        flags = name_flags(names)
        if flags & EMBED or tag == "blockquote":
            continue  # embedded posts and quotations are part of what the author wrote around them
        if flags & STRONG_NEGATIVE:
            if share < 0.35 or stats.density(el) > 0.5 or (share < 0.5 and _list_of_items(el)):
                doomed.append(el)
            continue
        if tag in ("aside", "footer") and share < 0.35:
            doomed.append(el)
            continue
        if flags & NEGATIVE and not flags & MAYBE and share < 0.2 and not _holds_prose(el, stats):
            doomed.append(el)
    for el in doomed:
        discount(el, stats)  # (an element inside one already dropped only changes the detached subtree)
        drop(el)


PROSE_MIN_CHARS = 200
# Boilerplate words that page builders and themes also put on the article's own wrappers ("widget-container",
# "hero", "teaser", "print-step"): under these alone, a block of running text is still read.
_LOOSE_NEGATIVE = re.compile(r"(?<![a-z])(?:widget\w*|hero|header|teaser\w*|print|tools)(?![a-z])", re.I)


def _negative_beyond_loose(names: str) -> bool:
    return bool(names) and bool(name_flags(_LOOSE_NEGATIVE.sub(" ", names)) & NEGATIVE)


def _holds_prose(el: HtmlElement, stats: Stats) -> bool:
    """Running text under a loosely boilerplate name: several sentences with few links, which a menu, a
    banner or a link rail never has."""
    own = stats.text.get(el, 0) - stats.link.get(el, 0)
    if own < PROSE_MIN_CHARS or stats.density(el) > 0.25:
        return False
    if _negative_beyond_loose(_names(el)):
        return False  # named for something else as well (a footer widget, a caption, a feed)
    return len(_SENTENCE_END.findall(el.text_content())) >= 2


def _list_of_items(el: HtmlElement) -> bool:
    """Made of repeated items (list entries, teaser cards) rather than paragraphs: a "related posts" rail,
    not an article that sits in a wrapper with an unlucky name."""
    items = paragraphs = 0
    for node in el.iter("li", "article", "p"):
        if node.tag == "p":
            paragraphs += 1
        else:
            items += 1
    return items >= 3 and items > paragraphs


# --------------------------------------------------------------------------- 2. scoring


def _has_block_child(el: HtmlElement) -> bool:
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in el)


def _initial_score(el: HtmlElement) -> float:
    tag = el.tag
    if tag in ("div", "article", "main", "section"):
        base = 5
    elif tag in ("pre", "td", "blockquote"):
        base = 3
    elif tag in ("address", "ol", "ul", "dl", "dd", "dt", "li", "form"):
        base = -3
    elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "th"):
        base = -5
    else:
        base = 0
    return base + class_weight(el)


# Each candidate block's readability score.
_Scores = dict[HtmlElement, float]


def best_candidate(root: lxml_html.HtmlElement, stats: Stats) -> tuple[HtmlElement | None, _Scores]:
    scores: _Scores = {}
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in PARAGRAPH_TAGS or (tag == "div" and not _has_block_child(el)):
            length = stats.text.get(el, 0)
            if length < 25:
                continue
            if tag == "li" and stats.density(el) > 0.5:
                continue
            parent = el.getparent()
            if parent is None:
                continue
            score = 1 + stats.commas.get(el, 0) + min(length // 100, 3)
            if tag in ("h2", "h3", "h4"):
                score = 1  # a heading says "article here" but weighs like one short line
            grand = parent.getparent()
            if parent not in scores:
                scores[parent] = _initial_score(parent)
            scores[parent] += score
            if grand is not None and isinstance(grand.tag, str):
                if grand not in scores:
                    scores[grand] = _initial_score(grand)
                scores[grand] += score / 2
    best, best_score = None, 0.0
    for el, raw in scores.items():
        final = raw * (1 - stats.density(el))
        scores[el] = final
        if final > best_score:
            best, best_score = el, final
    return best, scores


def paragraph_text(root: HtmlElement, stats: Stats) -> tuple[dict[HtmlElement, int], dict[HtmlElement, float]]:
    """Per element, the length of the prose paragraphs inside it (paragraph-like blocks with few links), and
    the same weighted by how much each paragraph looks like running text (long, several sentences): a teaser's
    one-line blurb weighs little, an article's paragraph fully. Each paragraph counts once (the innermost)."""
    ptext: dict[HtmlElement, int] = {}
    weighted: dict[HtmlElement, float] = {}
    for el in root.iter(*PARAGRAPH_TAGS, "div", "section", "article", "main", "body"):
        # A block's own text outside its block children: a paragraph, or ``<br>``-separated lines beside them
        length, links = stats.text.get(el, 0), stats.link.get(el, 0)
        blocks = 0
        for child in el:
            if isinstance(child.tag, str) and child.tag not in INLINE_TAGS:
                blocks += 1
                length -= stats.text.get(child, 0)
                links -= stats.link.get(child, 0)
        if blocks and el.tag in PARAGRAPH_TAGS and el.tag != "p":
            continue  # a list item or cell that holds paragraphs: those count, not the item
        if length < 25 or links > 0.3 * length:
            continue
        if next(el.iterancestors("a"), None) is not None:
            continue  # a teaser's blurb inside its link: link text, whatever its shape
        quality = min(1.0, max(0.0, (length - 40) / 260))
        if quality < 1.0 and len(_SENTENCE_END.findall(el.text_content())) >= 2:
            quality = min(1.0, quality + 0.4)
        node: HtmlElement | None = el
        while node is not None:
            ptext[node] = ptext.get(node, 0) + length
            weighted[node] = weighted.get(node, 0) + length * quality
            node = node.getparent()
    return ptext, weighted


_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")


WIDEN_STEPS = 4


def densest_cluster(stats: Stats, ptext: Mapping[HtmlElement, float]) -> HtmlElement | None:
    """The element holding the most prose for the least other text: prose minus everything else it carries.

    A guard independent of names and scores: an article split over sibling containers, or one the scoring
    missed because its wrapper is named oddly, still shows as the place where the paragraphs are.
    """
    best, best_value = None, 0.0
    for el, prose in ptext.items():
        if el.tag in ("html",):
            continue
        value = prose - CLUSTER_NOISE_WEIGHT * (stats.text.get(el, 0) - prose)
        if value > best_value:
            best, best_value = el, value
    return best


CLUSTER_NOISE_WEIGHT = 0.5


def widen(best: HtmlElement, stats: Stats, ptext: dict[HtmlElement, int]) -> HtmlElement:
    """Climb from the best block while its parent adds real prose (an article split into chunks)."""
    current = best
    for _ in range(WIDEN_STEPS):
        parent = current.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        mine, theirs = ptext.get(current, 0), ptext.get(parent, 0)
        if theirs - mine < max(0.1 * mine, 100):
            # nothing more here; keep going only through wrappers that add nothing at all
            if stats.text.get(parent, 0) - stats.text.get(current, 0) < 50:
                current = parent
                continue
            break
        share_mine = mine / (stats.text.get(current, 0) or 1)
        share_theirs = theirs / (stats.text.get(parent, 0) or 1)
        if share_theirs < 0.6 * share_mine or stats.density(parent) > 0.35:
            break
        current = parent
        best = parent
    return best


def gather(best: HtmlElement, scores: _Scores, stats: Stats) -> list[HtmlElement]:
    """The best block and its siblings that continue the article (readability's sibling rule)."""
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, scores.get(best, 0) * 0.2)
    best_class = best.get("class")
    kept = []
    for sibling in parent:
        if not isinstance(sibling.tag, str):
            continue
        if sibling is best:
            kept.append(sibling)
            continue
        bonus = 0.0
        if best_class and sibling.get("class") == best_class:
            bonus = scores.get(best, 0) * 0.2
        if scores.get(sibling, 0) + bonus >= threshold:
            kept.append(sibling)
        elif sibling.tag == "p":
            length = stats.text.get(sibling, 0)
            density = stats.density(sibling)
            if (length > 80 and density < 0.25) or (
                0 < length <= 80 and density == 0 and re.search(r"\.( |$)", sibling.text_content())
            ):
                kept.append(sibling)
    return kept


def gather_up(roots: list[HtmlElement], best: HtmlElement, cluster: HtmlElement, stats: Stats) -> list[HtmlElement]:
    """Prose paragraphs beside the containers between the chosen block and the densest prose around it: an
    article whose paragraphs sit partly in a nested wrapper and partly beside it, read whole (in page order)."""
    if cluster is best or not any(node is cluster for node in best.iterancestors()):
        return roots
    chosen = set(roots)
    extra: list[HtmlElement] = []
    child = best
    while child is not cluster:
        parent = child.getparent()
        if parent is None:
            break
        for sibling in parent:
            if sibling is child or sibling in chosen or sibling.tag != "p":
                continue
            if stats.text.get(sibling, 0) > GATHER_UP_CHARS and stats.density(sibling) < 0.25:
                extra.append(sibling)
        child = parent
    if not extra:
        return roots
    wanted = chosen.union(extra)
    return [el for el in cluster.iter() if el in wanted and not any(a in wanted for a in el.iterancestors())]


GATHER_UP_CHARS = 80


# --------------------------------------------------------------------------- 3. pruning inside the body

_BYLINE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:by-?line|author|authors|dateline|date|time|timestamp|published|"
    r"posted|updated|meta|credit\w*|caption|kicker|eyebrow|label|category|section-?name)"
    r"(?=$|[\s_-])",
    re.I,
)


_CAPTION_WORDS = re.compile(r"caption|credit", re.I)
_NO_WORDS = re.compile(r"^[\W_]*$")
_MEDIA_WORDS = re.compile(r"gallery|slideshow|carousel|lightbox|slider", re.I)
# "Posted: Fri 6:45 PM", "Updated 10:02 a.m. ET", "Published November 3, 2019": a date line, not prose.
_DATELINE = re.compile(r"^(?:posted|updated|published|last updated|modified|first published)\b[^.!?]{0,80}\d", re.I)
_JS_NOTICE = re.compile(
    r"^(?:this \w+ requires javascript|please enable javascript|javascript is (?:disabled|"
    r"required))",
    re.I,
)


POSITIVE, NEGATIVE, STRONG_NEGATIVE, MAYBE, EMBED, HIDDEN, BYLINE, CAPTION, GATED, GATE, MEDIA = (
    1 << i for i in range(11)
)
_NAME_PATTERNS = (
    (POSITIVE, _POSITIVE),
    (NEGATIVE, _NEGATIVE),
    (STRONG_NEGATIVE, _STRONG_NEGATIVE),
    (MAYBE, _MAYBE),
    (EMBED, _EMBED),
    (HIDDEN, _HIDDEN_CLASS),
    (BYLINE, _BYLINE_WORDS),
    (CAPTION, _CAPTION_WORDS),
    (GATED, _GATED),
    (GATE, _GATE),
    (MEDIA, _MEDIA_WORDS),
)
_ANY_NAME = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _NAME_PATTERNS), re.I)
_ANY_RARE_NAME = re.compile(
    "|".join(f"(?:{pattern.pattern})" for bit, pattern in _NAME_PATTERNS if bit not in (POSITIVE, MAYBE)), re.I
)
# The same patterns for words already in lower case (all their literals are lower case).
_NAME_PATTERNS_LOWER = tuple((bit, re.compile(pattern.pattern)) for bit, pattern in _NAME_PATTERNS)
_POSITIVE_LOWER, _MAYBE_LOWER = re.compile(_POSITIVE.pattern), re.compile(_MAYBE.pattern)
_ANY_NAME_LOWER = re.compile(_ANY_NAME.pattern)
_ANY_RARE_NAME_LOWER = re.compile(_ANY_RARE_NAME.pattern)


def prune_plan(
    roots: list[HtmlElement],
    stats: Stats,
    scores: _Scores,
    keep: HtmlElement | None = None,
    prose: Mapping[HtmlElement, float] | None = None,
) -> list[HtmlElement]:
    """The furniture left inside these blocks (readability's conditional cleaning, plus bylines), in document
    order, without touching the tree: the caller removes it.
    ``keep``, the block chosen as the article, is pruned inside but never removed whole; a block that is mostly
    running text (``prose``, from :func:`paragraph_text`) is not taken for furniture by its shape."""
    prose = prose or {}
    doomed: list[HtmlElement] = []
    captions: list[HtmlElement] = []
    notes = _note_lists(roots)
    if keep is not None:
        notes.add(keep)
    for el in (node for root in roots for node in root.iter()):
        tag = el.tag
        if not isinstance(tag, str) or el in notes:
            continue
        length = stats.text.get(el, 0)
        names = _names(el)
        flags = name_flags(names) if names else 0
        short = length < 200 or (length < 600 and flags & CAPTION)
        if flags & BYLINE and tag not in ("p",) and short and not _runs_on(el):
            doomed.append(el)
            continue
        if length < 120 and tag in ("p", "div", "span") and _DATELINE.match(el.text_content().strip()):
            doomed.append(el)
            continue
        if tag in ("h1",):
            doomed.append(el)  # the headline is the Article's title, not body text
            continue
        if tag in ("figure",):
            doomed.append(el)
            continue
        if flags & EMBED or tag == "blockquote":
            continue
        if tag in ("div", "section", "ul", "ol", "table", "header", "footer", "aside", "dl"):
            if not _mostly_prose(el, stats, prose) and _conditionally_doomed(el, stats, scores, captions):
                doomed.append(el)
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            if class_weight(el) < 0 or stats.density(el) > 0.33 or (length and _NO_WORDS.match(el.text_content())):
                doomed.append(el)
        elif tag == "p" and 0 < length < 80 and _NO_WORDS.match(el.text_content()):
            doomed.append(el)  # a rule drawn with underscores or asterisks
        elif tag == "p" and length and stats.density(el) > 0.8 and length < 200:
            doomed.append(el)
        elif tag == "p" and flags & STRONG_NEGATIVE and length < 80:
            doomed.append(el)  # "Share this", "Related:" labels that sit in the text as paragraphs
        elif tag in ("p", "div") and length < 80 and _JS_NOTICE.match(el.text_content().strip()):
            doomed.append(el)
    total = sum(stats.text.get(root, 0) for root in roots)
    if captions and _outermost_text(captions, stats) <= CAPTION_SHARE * total:
        doomed += captions  # (a live ticker or a gallery page is made of picture boxes: kept then)
    return doomed


def _runs_on(el: HtmlElement) -> bool:
    """Inline words the sentence goes on from ("PARIS – The talks…"): a dateline set in the paragraph's first
    line is the story's own text, not a byline box."""
    return el.tag in INLINE_TAGS and bool(el.tail and _WORDS_RE.search(el.tail))


_WORDS_RE = re.compile(r"\w{2}")


def _outermost_text(elements: list[HtmlElement], stats: Stats) -> int:
    chosen = set(elements)
    return sum(stats.text.get(el, 0) for el in elements if not any(a in chosen for a in el.iterancestors()))


def kept_text(roots: list[HtmlElement], doomed: list[HtmlElement], stats: Stats) -> int:
    """Characters outside links that remain in ``roots`` once ``doomed`` is removed (from the counts alone)."""
    total = sum(stats.text.get(r, 0) - stats.link.get(r, 0) for r in roots)
    gone = set(doomed)
    for el in doomed:
        if not any(a in gone for a in el.iterancestors()):
            total -= stats.text.get(el, 0) - stats.link.get(el, 0)
    return total


def _note_lists(roots: list[HtmlElement]) -> set[HtmlElement]:
    """Lists holding endnotes (targets of the text's own "#id" links): kept whole for the converter."""
    hrefs = (a.get("href") or "" for root in roots for a in root.iter("a"))
    wanted = {href[1:] for href in hrefs if href.startswith("#")}
    keep: set[HtmlElement] = set()
    if not wanted:
        return keep
    tops = set(roots)
    for root in roots:
        for el in root.iter():
            if isinstance(el.tag, str) and el.get("id") in wanted:
                node: HtmlElement | None = el
                while node is not None:
                    keep.add(node)
                    if node in tops:
                        break
                    node = node.getparent()
    return keep


# A block whose text is mostly weighted prose is article text, whatever its shape or score; under a
# boilerplate name (a "teaser" wrapper around a standfirst) only when it is long and almost all prose.
PROSE_KEEP_SHARE, PROSE_KEEP_CHARS, PROSE_KEEP_DENSITY = 0.6, 150, 0.2
NAMED_PROSE_KEEP_SHARE, NAMED_PROSE_KEEP_CHARS = 0.8, 400


def _mostly_prose(el: HtmlElement, stats: Stats, prose: Mapping[HtmlElement, float]) -> bool:
    mine = prose.get(el, 0.0)
    if mine < PROSE_KEEP_CHARS or stats.density(el) > PROSE_KEEP_DENSITY:
        return False
    length = stats.text.get(el, 0) or 1
    names = _names(el)
    flags = name_flags(names) if names else 0
    if flags & (STRONG_NEGATIVE | MEDIA):
        return False  # related stories with blurbs, a slideshow's captions: prose, but not this article's
    if flags & NEGATIVE and not flags & POSITIVE:
        return mine >= NAMED_PROSE_KEEP_CHARS and mine >= NAMED_PROSE_KEEP_SHARE * length
    return mine >= PROSE_KEEP_SHARE * length


_LISTS = frozenset(("ul", "ol", "dl"))
CAPTION_BOX_CHARS = 300
CAPTION_SHARE = 0.3
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BOXES = frozenset(("div", "section", "aside"))
PLAIN_LIST_DENSITY = 0.1


def _conditionally_doomed(el: HtmlElement, stats: Stats, scores: _Scores, captions: list[HtmlElement]) -> bool:
    weight = class_weight(el)
    score = scores.get(el, 0)
    if weight + score < 0 and not (el.tag in _LISTS and weight >= 0 and stats.density(el) < PLAIN_LIST_DENSITY):
        return True  # (a list's items score below zero when short; without links they are the text's own points)
    if stats.commas.get(el, 0) >= 10:
        return False
    paragraphs = images = items = headings = 0
    for node in el.iter():
        tag = node.tag
        if tag == "p":
            paragraphs += 1
        elif tag == "img":
            images += 1
        elif tag == "li":
            items += 1
        elif tag in _HEADINGS:
            headings += 1
    items -= 100 if el.tag in ("ul", "ol") else 0
    length = stats.text.get(el, 0)
    density = stats.density(el)
    tag = el.tag
    if images > 1 and paragraphs and images / paragraphs > 0.5 and length < 400:
        return True
    if items > paragraphs and tag not in ("ul", "ol") and density > 0.3:
        return True
    if length < 25 and (images == 0 or images > 2):
        return True
    if weight < 25 and density > 0.2 and tag not in ("table",):
        return True
    if weight >= 25 and density > 0.5:
        return True
    if tag in ("ul", "ol") and density > 0.5:
        return True
    if images and not paragraphs and not headings and tag in _BOXES and len(el) <= 3 and length < CAPTION_BOX_CHARS:
        captions.append(el)  # a picture and its caption or credit line, unless the text is made of such boxes
    return False


LEAD_MIN_CHARS = 80
LEAD_WINDOW = 150  # elements between the headline and the body's start that are looked at


def lead_paragraphs(page: HtmlElement, roots: list[HtmlElement], stats: Stats) -> list[HtmlElement]:
    """Prose paragraphs between the headline and the chosen body (a standfirst, a lead set apart in the header):
    the article's opening, kept when the scoring took only what follows."""
    first = roots[0]
    # the headline nearest above the body (not a logo's h1); a page without one titles its story with an h2
    before = first.xpath("preceding::h1[1]") or first.xpath("preceding::h2[1]")
    if not before:
        return []
    h1 = before[0]
    ancestors = set(first.iterancestors())
    leads: list[HtmlElement] = []
    for el in h1.xpath(f"following::*[position() <= {LEAD_WINDOW}]"):
        if el is first:
            return leads
        if el in ancestors or el.tag not in ("p", "h2", "div") or _has_block_child(el):
            continue
        if any(el is lead or lead in el.iterancestors() for lead in leads):
            continue
        length = stats.text.get(el, 0)
        if length < LEAD_MIN_CHARS or stats.density(el) > 0.2:
            continue
        names = _names(el)
        if names and (name_flags(names) & (BYLINE | CAPTION) or _negative_beyond_loose(names)):
            continue
        if next(el.iterancestors("a"), None) is not None:
            continue
        leads.append(el)
    return []  # the body does not follow the headline closely: nothing in between is its opening


# --------------------------------------------------------------------------- one story of several

_HEADLINES = ("h1", "h2")
TITLE_MATCH, TITLE_MISMATCH = 0.7, 0.4
_TITLE_WORD = re.compile(r"\w+")


def other_stories(roots: list[HtmlElement], title: str | None) -> list[HtmlElement]:
    """Stories beside the one the page's title names, inside the chosen blocks: a feed's next article, a second
    story appended after the first. Each is a unit of its own (an ``<article>``, or a block opening with its own
    headline); they are told apart by their headlines, and only when exactly one headline is the page's title."""
    if not title:
        return []
    wanted = {w.casefold() for w in _TITLE_WORD.findall(title)}
    if not wanted:
        return []
    for group in (roots, *(list(root) for root in roots)):
        units = [el for el in group if isinstance(el.tag, str) and _story_unit(el)]
        if len(units) < 2:
            continue
        matches = [_title_match(_headline(el), wanted) for el in units]
        named = [el for el, m in zip(units, matches, strict=True) if m >= TITLE_MATCH]
        if len(named) == 1 and all(
            m < TITLE_MISMATCH for el, m in zip(units, matches, strict=True) if el is not named[0]
        ):
            return [el for el in units if el is not named[0]]
    return []


def _story_unit(el: HtmlElement) -> bool:
    if el.tag == "article":
        return _headline(el) is not None
    return el.tag in ("div", "section") and _headline(el) is not None and el.find(".//p") is not None


def _headline(el: HtmlElement) -> HtmlElement | None:
    """The unit's own headline: an h1/h2 among its first few elements (at any depth)."""
    for node in islice(el.iter(etree.Element), 1, 6):
        if node.tag in _HEADLINES:
            return node
        if node.tag == "p":
            return None
    return None


def _title_match(headline: HtmlElement | None, wanted: set[str]) -> float:
    if headline is None:
        return 0.0
    words = {w.casefold() for w in _TITLE_WORD.findall(headline.text_content())}
    return len(words & wanted) / len(words) if words else 0.0


# --------------------------------------------------------------------------- 4. the end of the text

TRAILING_LABELS_MAX = 3
LABEL_MAX_CHARS = 80
BOLD_LABEL_MAX_CHARS = 60
LABEL_MAX_WORDS = 6
_LABEL_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))


def trim_trailing_labels(fragment: HtmlElement) -> None:
    """Drop headings and label lines left at the very end of the text ("More on this:", a "Related" heading):
    they introduced a link list or a box that pruning removed, and nothing of the article follows them. Never
    the bulk of a short text (a post of a title and one line is left as it is)."""
    labels: list[HtmlElement] = []
    dropped = 0
    for _ in range(TRAILING_LABELS_MAX):
        block = _last_text_block(fragment, labels)
        if block is None or block is fragment or not _is_label(block):
            break
        labels.append(block)
        dropped += len(" ".join(block.text_content().split()))
    if not labels:
        return
    total = len(" ".join(fragment.text_content().split()))
    while labels and total - dropped < LABEL_REST_MIN_CHARS:
        dropped -= len(" ".join(labels.pop().text_content().split()))
    for block in labels:
        drop(block)


LABEL_REST_MIN_CHARS = 200


def _last_text_block(fragment: HtmlElement, skipped: list[HtmlElement]) -> HtmlElement | None:
    """The block holding the last words of the fragment, the ``skipped`` blocks (and their words) left aside.
    Walks back from the end (most fragments end in a few elements' worth of furniture, if any)."""
    # A stack of (element, is_tail): an element's tail, then its children last to first, then its own text.
    stack: list[tuple[HtmlElement, bool]] = [(fragment, False)]
    entered: set[HtmlElement] = set()
    while stack:
        node, is_tail = stack.pop()
        if is_tail:
            if node.tail and node.tail.strip():
                return _block_of(node.getparent(), fragment)
            continue
        if node in entered:  # back at an element's start: its own text comes before its children
            if node.text and node.text.strip():
                return _block_of(node, fragment)
            continue
        if any(node is block for block in skipped) or not isinstance(node.tag, str):
            continue
        entered.add(node)
        stack.append((node, False))
        for child in node:
            stack.append((child, False))
            stack.append((child, True))
    return None


def _block_of(node: HtmlElement | None, fragment: HtmlElement) -> HtmlElement | None:
    while node is not None and node is not fragment and node.tag in INLINE_TAGS:
        node = node.getparent()
    return node


def _is_label(block: HtmlElement) -> bool:
    text = " ".join(block.text_content().split())
    if not text or _has_block_child(block):
        return False
    if block.tag in _LABEL_HEADINGS:
        return len(text) <= LABEL_MAX_CHARS
    if block.tag not in ("p", "div", "span", "li", "dt"):
        return False
    if len(text) <= LABEL_MAX_CHARS and text.endswith(":") and len(text.split()) <= LABEL_MAX_WORDS:
        return True  # (a longer line ending in a colon is a sentence leading to what was removed: a quote, a post)
    # a line set in bold alone, without a sentence's end: a label, not the article's last words
    bold = "".join(t for el in block.iter("strong", "b") for t in el.itertext())
    return len(text) <= BOLD_LABEL_MAX_CHARS and " ".join(bold.split()) == text and not _SENTENCE_END.search(text + " ")


_INTRODUCED = frozenset(("ul", "ol", "dl", "div", "section", "aside", "table"))


def _ends_with_colon(el: HtmlElement) -> bool:
    """A heading that ends in a colon introduces the one thing after it, not a section."""
    return el.text_content().rstrip().endswith((":", "："))


def _section_gone(el: HtmlElement, gone: set[HtmlElement]) -> bool:
    """Nothing of the text follows this removed block under the same heading (up to the next heading): a
    heading over a link list and then paragraphs titles those paragraphs too, and stays."""
    if el.tail and el.tail.strip():
        return False
    for sibling in el.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if sibling.tag in _HEADINGS:
            return True
        if sibling not in gone and sibling.text_content().strip():
            return False
        if sibling.tail and sibling.tail.strip():
            return False
    return True


def with_labels(doomed: list[HtmlElement]) -> list[HtmlElement]:
    """The planned removals plus the label right before each removed list or box ("Read also:", a "More on
    this" heading): a label introduces what follows it, and goes with it when that is furniture."""
    gone = set(doomed)
    labels = []
    for el in doomed:
        if el.tag not in _INTRODUCED:
            continue
        previous = el.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        if previous is None or previous in gone or (previous.tail and previous.tail.strip()):
            continue
        if _is_label(previous) and (
            previous.tag not in _LABEL_HEADINGS or _section_gone(el, gone) or _ends_with_colon(previous)
        ):
            labels.append(previous)
            gone.add(previous)
    return doomed + labels if labels else doomed


# Content-management shortcodes a site failed to expand ("[button link=... type=big]Send us[/button]"): markup
# written as text. An opening code needs an attribute (name=value) so that "[sic]" or "[1]" is never touched; a
# closing one is removed only when its opening was.
# (One attribute is matched and the rest read up to the bracket: a repeated attribute group backtracks without
# end on a hostile "[x b= b= b= ..." with no closing bracket.)
_SHORTCODE_OPEN = re.compile(r"\[([a-z][a-z0-9_-]*)\s+[a-z][\w-]*\s*=[^\]\[]*\]", re.I)
_SHORTCODE_CLOSE = re.compile(r"\[/([a-z][a-z0-9_-]*)\]", re.I)


def strip_shortcodes(fragment: HtmlElement) -> None:
    """Remove unexpanded shortcodes from the fragment's text, keeping the words they wrap."""
    names: set[str] = set()
    spots: list[tuple[HtmlElement, str]] = []
    for el in fragment.iter():
        for attr in ("text", "tail") if isinstance(el.tag, str) else ("tail",):
            value = getattr(el, attr)
            if value and "[" in value:
                spots.append((el, attr))
                names.update(m.group(1).lower() for m in _SHORTCODE_OPEN.finditer(value))
    if not names:
        return
    for el, attr in spots:
        value = _SHORTCODE_OPEN.sub("", getattr(el, attr))
        value = _SHORTCODE_CLOSE.sub(lambda m: "" if m.group(1).lower() in names else m.group(0), value)
        setattr(el, attr, value)
