"""The CNAS adapter (Craft CMS pages of www.cnas.org, and copies of them served or saved elsewhere).

Page kinds: commentary / report / podcast / blog / transcript / congressional-testimony / press-release
pieces, listing pages (``/articles-multimedia[/pN]``, ``/reports[/pN]``, ...) and people pages. The DOM shapes
are those of the site's Craft templates; every field has a fallback chain because the markup changed over the years.

Endnotes. A report's inline markers (``<sup><a href="#fn1">1</a></sup>``) and its ``div[id*=biblio]`` Endnotes
list are handed on (for ``convert.to_markdown``) in the one shape its endnote pass knows: each marker becomes
``<a href="#inkreader-note-N">N</a>`` (N = the note's place in the Endnotes list, whatever ids the page used)
and the notes an ``<ol>`` of ``<li id="inkreader-note-N">`` under a "Notes" heading. ``convert`` then writes
its single scheme (``[1](#note-1)`` markers, ``## Notes`` over an ordered list ``1. text [↩](#section)``),
which renders and jumps both ways in the TUI and reads as ordinary Markdown elsewhere. The page's own "↩"
back-links are dropped.
"""

from __future__ import annotations

import copy
import re
from typing import TypedDict
from urllib.parse import urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.html import builder as E

from ..errors import ExtractError
from ..model import Article, Extraction, RelatedItem
from ..text import clean_line
from .authors import MAX_AUTHORS, split_authors
from .cards import kind_from_label, kind_from_url, parse_cards
from .dates import parse_date
from .dom import strip_glued_markers, text_without_markers
from .followthrough import FullArticleLink, find_full_article
from .result import Extracted
from .urls import absolute_url, canonical_url, is_cnas_host

SITE = "cnas"
NOTE_ID_PREFIX = "inkreader-note-"  # ids given to Endnotes items for convert's endnote pass
_SITE_NAMES = {"cnas", "center for a new american security"}
_TITLE_SUFFIX = re.compile(r"\s*(?:\||–|—|-|::)\s*(?:CNAS|Center for a New American Security)\s*$", re.IGNORECASE)
_LISTING_PATH = re.compile(
    r"/(?P<section>articles-multimedia|reports|press|events|experts|research(?:/[a-z0-9-]+)*|search)"
    r"(?:/p(?P<page>\d+))?/?$"
)
_SHOWING = re.compile(r"showing\s+(?P<first>[\d,]+)\s*[-–—]\s*(?P<last>[\d,]+)\s+of\s+(?P<total>[\d,]+)", re.I)
_LISTING_TITLES = {
    "articles-multimedia": "Articles & Multimedia",
    "reports": "Reports",
    "press": "Press",
    "events": "Events",
    "experts": "Experts",
    "search": "Search",
}


# -- small DOM helpers -------------------------------------------------------------------------------
def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _first(tree: lxml_html.HtmlElement, xpath: str) -> lxml_html.HtmlElement | None:
    found = tree.xpath(xpath)
    return found[0] if found else None


def _first_of(tree: lxml_html.HtmlElement, *xpaths: str) -> lxml_html.HtmlElement | None:
    """The first match of the first XPath that matches (lxml elements are falsy when childless: no ``or``)."""
    for xpath in xpaths:
        found = _first(tree, xpath)
        if found is not None:
            return found
    return None


def _text(element: lxml_html.HtmlElement | None) -> str:
    return clean_line(element.text_content()) if element is not None else ""


def _plain(element: lxml_html.HtmlElement | None) -> str:
    """An element's text for a title or summary line: footnote markers left out."""
    return clean_line(text_without_markers(element)) if element is not None else ""


def _meta(tree: lxml_html.HtmlElement, *names: str) -> str:
    for name in names:
        for element in tree.xpath(f"//meta[@property='{name}' or @name='{name}']"):
            content = clean_line(element.get("content"))
            if content:
                return content
    return ""


def _drop(element: lxml_html.HtmlElement) -> None:
    """Remove an element but keep its tail text."""
    parent = element.getparent()
    if parent is not None:
        element.drop_tree()


def _path_of(url: str) -> str:
    """URL path without a trailing ``.html`` (saved files) so URL patterns apply to copies too."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    return re.sub(r"(?:/index)?\.html?$", "", path)


# -- recognising a CNAS page ---------------------------------------------------------------------------
# Class names the fingerprint looks for; a page whose class attributes contain none of them (one cheap scan)
# skips the exact, costlier XPath checks below (this runs on every page, CNAS or not).
_FINGERPRINT_CLASSES = (
    "more-from-cnas",
    "attribution-block",
    "article__header__title-group",
    "wysiwyg",
    "entry-listing",
)
_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)


def matches(url: str, tree: lxml_html.HtmlElement) -> bool:
    """By host (www.cnas.org, cnas.org) or by the page's own fingerprint (for copies on other hosts)."""
    if is_cnas_host(url):
        return True
    for element in tree.iter("meta"):
        if "og:site_name" in (element.get("property"), element.get("name")):
            if clean_line(element.get("content")).lower() in _SITE_NAMES:
                return True
            if clean_line(element.get("content")):
                break  # the first non-empty og:site_name is the page's (as _meta reads it)
    title = next(tree.iter("title"), None)
    title_text = _text(title)
    if title_text and _TITLE_SUFFIX.search(title_text):
        return True
    for heading in tree.iter("h2"):
        if " ".join(heading.text_content().split()) == "More from CNAS":
            return True
    classes = " ".join(_CLASS_VALUES(tree))
    if not any(name in classes for name in _FINGERPRINT_CLASSES):
        return False
    if tree.xpath("//*[" + _has_class("more-from-cnas") + "]"):
        return True
    if tree.xpath(f"//*[{_has_class('attribution-block')}] | //*[{_has_class('article__header__title-group')}]"):
        return True
    signals = 0
    if tree.xpath(f"//*[@id='mainbar' or @id='mainbar-toc']//*[{_has_class('wysiwyg')}]"):
        signals += 1
    if tree.xpath(f"//ul[{_has_class('entry-listing')}]/li[{_has_class('-with-image')}]"):
        signals += 1
    return signals >= 2


# -- the adapter --------------------------------------------------------------------------------------
def extract(tree: lxml_html.HtmlElement, url: str) -> Extracted:
    base_url = _base_url(tree, url)
    for junk in tree.xpath("//script | //style | //noscript | //template"):
        _drop(junk)
    root = _first_of(tree, "//main[@id='content'] | //*[@id='content']", "//main", "//body")
    root = tree if root is None else root

    related = _take_more_from_cnas(root, base_url)
    path = _path_of(url)
    listing = _LISTING_PATH.search(path)
    kind = None if listing else kind_from_url(path)

    if listing or (kind is None and _looks_like_listing(root)):
        return _extract_listing(tree, root, url, base_url, listing)
    if kind == "person" or (kind is None and _looks_like_person(root)):
        return _extract_person(tree, root, url, base_url, related)
    return _extract_piece(tree, root, url, base_url, kind, related)


def _base_url(tree: lxml_html.HtmlElement, url: str) -> str:
    """Relative links resolve against the page; a saved file resolves them against its canonical address
    (links inside pages never open local files)."""
    if url.startswith(("http://", "https://")):
        return url
    for xpath in ("//base/@href", "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        for value in tree.xpath(xpath):
            value = value.strip()
            if value.startswith(("http://", "https://")):
                return canonical_url(value)
    return "https://www.cnas.org/"


class _ArticleFields(TypedDict):
    """What every Article this adapter makes shares."""

    url: str
    final_url: str
    site: str
    extraction: Extraction


def _article_fields(url: str) -> _ArticleFields:
    # the site's own selectors matched: no guess to be unsure of
    return {"url": canonical_url(url), "final_url": url, "site": SITE, "extraction": Extraction("cnas", 1.0)}


def _take_more_from_cnas(root: lxml_html.HtmlElement, base_url: str) -> list[RelatedItem]:
    """Parse and remove the "More from CNAS" section(s): their dates and bylines are not the page's."""
    sections = root.xpath(
        f".//*[{_has_class('more-from-cnas')}] | .//section[.//h2[normalize-space()='More from CNAS']]"
    )
    related: list[RelatedItem] = []
    for section in sections:
        if section.getparent() is None or any(anc in sections for anc in section.iterancestors()):
            continue
        related.extend(item for item in parse_cards(section, base_url) if item.url not in {r.url for r in related})
        _drop(section)
    return related


def _title(tree: lxml_html.HtmlElement, root: lxml_html.HtmlElement) -> str:
    candidates = [
        _meta(tree, "og:title", "twitter:title"),
        _plain(_first(root, f".//h1[{_has_class('page-title')}]")),
        _plain(_first(root, f".//*[{_has_class('article__header__title-group')}]")),
        _plain(_first(root, ".//article//h1 | .//h1")),
        _text(_first(tree, "//title")),
    ]
    for candidate in candidates:
        title = _TITLE_SUFFIX.sub("", candidate).strip()
        if title:
            return title
    return ""


# -- pieces: commentary, report, podcast, ... -----------------------------------------------------------
def _header(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    header = _first(root, ".//article/header | .//article//header")
    if header is not None:
        return header
    h1 = _first(root, ".//h1")
    return h1.getparent() if h1 is not None else None


def _published(
    tree: lxml_html.HtmlElement, root: lxml_html.HtmlElement, header: lxml_html.HtmlElement | None
) -> str | None:
    meta = _meta(
        tree,
        "article:published_time",
        "citation_publication_date",
        "dcterms.issued",
        "dc.date.issued",
        "DC.date.issued",
    )
    if parse_date(meta):
        return parse_date(meta)
    block = _first(root, f".//*[{_has_class('attribution-block')}]")
    if block is not None:
        first_p = _first(block, ".//p")
        if parse_date(_text(first_p)):
            return parse_date(_text(first_p))
    for element in root.xpath(f".//p[{_has_class('margin-bottom-1em')}] | .//time"):
        date = parse_date(element.get("datetime") or "") or parse_date(_text(element))
        if date:
            return date
    if header is not None:
        for paragraph in header.iter("p", "span", "div"):
            text = _text(paragraph)
            if text and len(text) <= 40 and not text.lower().startswith("image credit"):
                date = parse_date(text)
                if date:
                    return date
    return None


# Class words that say what an attribution part is (the markup varies: bare spans, classed spans, links).
_PUBLICATION_CLASS = re.compile(r"publication|publisher|outlet|source|masthead|venue", re.IGNORECASE)
_TYPE_CLASS = re.compile(r"\btype\b|label|kind|category|format", re.IGNORECASE)
_NO_NAME = re.compile(r"^[\W_]*$")  # punctuation and separators only: "·", "|", "—", "/"


def _attribution(root: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    """The attribution block's second line: type label · outside publication, read by meaning.

    A part whose class names the publication (or the type) is taken as such; the rest go by order, and a part
    of punctuation alone is a separator, never a name.
    """
    block = _first(root, f".//*[{_has_class('attribution-block')}]")
    if block is None:
        return None, None
    paragraphs = [p for p in block.iter("p") if _text(p)]
    for paragraph in paragraphs[1:]:
        label = outlet = None
        loose: list[str] = []
        for part in paragraph.iter("span", "a", "em", "strong", "i", "b"):
            text = _text(part)
            if not text or _NO_NAME.match(text) or any(_text(child) for child in part if child.tag in ("span", "a")):
                continue  # separators, and wrappers whose named children speak for themselves
            names = part.get("class") or ""
            if outlet is None and _PUBLICATION_CLASS.search(names):
                outlet = text
            elif label is None and _TYPE_CLASS.search(names):
                label = text
            elif text not in loose:
                loose.append(text)
        if not loose and label is None and outlet is None:
            loose = [part.strip() for part in re.split(r"[·|•]", _text(paragraph)) if not _NO_NAME.match(part)]
            loose = [part for part in loose if part]
        if label is None and loose:
            label = loose.pop(0)
        if outlet is None and loose:
            outlet = loose[0]
        if label or outlet:
            return kind_from_label(label) if label else None, outlet
    return None, None


def _outlet(attributed: str | None, follow: FullArticleLink | None, related: list[RelatedItem], url: str) -> str | None:
    """The outside publication: the attribution's, checked against the "Read the full article from X" link and
    the related card of this same piece; a disagreement goes to the two that agree, else to the attribution."""
    attributed = clean_line(attributed) or None
    linked = clean_line(follow.outlet) if follow and follow.outlet else None
    here = canonical_url(url)
    carded = next((clean_line(item.outlet) for item in related if item.outlet and item.url == here), None)
    if attributed and linked and attributed.casefold() != linked.casefold():
        if carded and carded.casefold() == linked.casefold():
            return linked
        return attributed
    return attributed or linked or carded or None


def _authors(root: lxml_html.HtmlElement, header: lxml_html.HtmlElement | None) -> list[str]:
    scope = header if header is not None else root
    names: list[str] = []
    for element in scope.xpath(f".//*[{_has_class('contributor')}]"):
        name = _text(element)
        if name and name not in names:
            names.append(name)
    if names:
        return names[:MAX_AUTHORS]
    for paragraph in scope.iter("p", "div", "span"):
        text = _text(paragraph)
        if re.match(r"by\s", text, re.IGNORECASE) and len(text) < 300:
            return split_authors(text)
    section = _authors_section(root)
    if section is not None:
        return [name for name in (_text(h) for h in section.iter("h3", "h4")) if name][:MAX_AUTHORS]
    return []


def _authors_section(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    return _first(root, f".//section[{_has_class('authors')}] | .//section[h2[normalize-space()='Authors']]")


def _body_blocks(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    container = _first_of(root, ".//*[@id='mainbar-toc']", ".//*[@id='mainbar']")
    scope = container if container is not None else root
    blocks = scope.xpath(f".//*[{_has_class('wysiwyg')}]")
    blocks = [b for b in blocks if not any(anc in blocks for anc in b.iterancestors())]
    if blocks:
        return blocks
    if container is not None:
        return [container]
    # unknown layout: the article (or main content) minus its header, title and page furniture
    article = _first(root, ".//article")
    body = copy.deepcopy(article if article is not None else root)
    for element in body.xpath(
        ".//header | .//h1 | .//nav | .//aside | .//footer | .//form"
        f" | .//*[{_has_class('attribution-block')}] | .//*[{_has_class('authors')}]"
    ):
        _drop(element)
    return [body]


def _is_back_to_top(anchor: lxml_html.HtmlElement) -> bool:
    href = (anchor.get("href") or "").strip()
    if not href.startswith("#"):
        return False
    text = _text(anchor).lower()
    classes = (anchor.get("class") or "").lower()
    return not text or "top" in text or text in {"↑", "⬆", "^"} or "top" in classes or "icon" in classes


def _endnotes(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Take the Endnotes list items (``div[id*=biblio]``) out of the page."""
    notes: list[lxml_html.HtmlElement] = []
    for holder in root.xpath(".//*[contains(@id, 'biblio') or contains(@class, 'endnotes')]"):
        if holder.getparent() is None:
            continue
        notes.extend(copy.deepcopy(li) for li in holder.xpath(".//ol/li | .//ul/li"))
        _drop(holder)
    return notes


def _player_line(element: lxml_html.HtmlElement, base_url: str) -> lxml_html.HtmlElement | None:
    src = element.get("src") or element.get("data-src") or _first(element, ".//source/@src")
    src = absolute_url(src, base_url) if isinstance(src, str) else None
    if not src:
        return None
    return E.P("Listen: ", E.A(src, href=src))


def _prepare_body(
    blocks: list[lxml_html.HtmlElement], root: lxml_html.HtmlElement, base_url: str, notes_count: int
) -> tuple[lxml_html.HtmlElement, set[int]]:
    """Copy the body blocks into one wrapper and clean it for conversion; returns (wrapper, note numbers used)."""
    wrapper = E.DIV()
    for block in blocks:
        wrapper.append(copy.deepcopy(block))
    for junk in wrapper.xpath(".//form | .//button | .//svg | .//nav | .//aside | .//*[@hidden]"):
        _drop(junk)
    used: set[int] = set()
    for anchor in list(wrapper.iter("a")):
        href = (anchor.get("href") or "").strip()
        number = re.fullmatch(r"\[?(\d{1,4})\]?", _text(anchor))
        if href.startswith("#") and number and 1 <= int(number.group(1)) <= notes_count:
            # an inline footnote marker: <sup><a href="#fn1">1</a></sup> -> <a href="#inkreader-note-1">1</a>
            n = int(number.group(1))
            used.add(n)
            marker = E.A(str(n), href=f"#{NOTE_ID_PREFIX}{n}")
            parent = anchor.getparent()
            target = parent if parent is not None and parent.tag == "sup" and _text(parent) == _text(anchor) else anchor
            marker.tail = target.tail
            holder = target.getparent()
            if holder is not None:
                holder.replace(target, marker)
        elif _is_back_to_top(anchor):
            _drop(anchor)
        elif href:
            fixed = absolute_url(href, base_url)
            if fixed:
                anchor.set("href", fixed)
    for element in list(wrapper.iter("iframe", "audio", "video")):
        line = _player_line(element, base_url)
        parent = element.getparent()
        if line is not None and parent is not None:
            parent.replace(element, line)
        else:
            _drop(element)
    for image in wrapper.iter("img"):
        if image.get("src"):
            image.set("src", absolute_url(image.get("src"), base_url) or "")
    return wrapper, used


def _notes_section(notes: list[lxml_html.HtmlElement], base_url: str) -> list[lxml_html.HtmlElement]:
    """The Endnotes as ``convert`` expects them: a "Notes" heading over ``<li id="inkreader-note-N">`` items."""
    if not notes:
        return []
    items = []
    for number, item in enumerate(notes, start=1):
        for anchor in list(item.iter("a")):
            text = _text(anchor)
            href = (anchor.get("href") or "").strip()
            if href.startswith("#") and (not text or text in {"↩", "↑", "^", "⤴", "↩︎"} or "back" in text.lower()):
                _drop(anchor)
            elif href:
                anchor.set("href", absolute_url(href, base_url) or href)
        for element in item.iter():
            element.attrib.pop("id", None)  # the page's own ids must not capture our markers
        note = E.LI(id=f"{NOTE_ID_PREFIX}{number}")
        note.text = item.text
        for child in item.iterchildren():
            note.append(copy.deepcopy(child))
        items.append(note)
    return [E.H2("Notes"), E.OL(*items)]


def _pdf_links(root: lxml_html.HtmlElement, base_url: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for anchor in root.xpath(f".//a[{_has_class('button')}] | .//a[contains(@href, 'files.cnas.org')]"):
        href = anchor.get("href") or ""
        text = _text(anchor)
        if ".pdf" in href.lower() or "files.cnas.org" in href or "pdf" in text.lower():
            url = absolute_url(href, base_url)
            if url and url not in [u for u, _ in found]:
                found.append((url, text or "Download PDF"))
    return found


def _extract_piece(
    tree: lxml_html.HtmlElement,
    root: lxml_html.HtmlElement,
    url: str,
    base_url: str,
    kind: str | None,
    related: list[RelatedItem],
) -> Extracted:
    header = _header(root)
    title = _title(tree, root)
    published = _published(tree, root, header)
    label_kind, outlet = _attribution(root)
    authors = _authors(root, header)
    section = _authors_section(root)
    if section is not None:
        _drop(section)
    notes = _endnotes(root)
    pdfs = _pdf_links(root, base_url)
    players = root.xpath(".//iframe | .//audio")
    blocks = _body_blocks(root)
    wrapper, _ = _prepare_body(blocks, root, base_url, len(notes))
    # players and PDF buttons outside the body (in the header) still belong to the reader's page
    lead: list[lxml_html.HtmlElement] = []
    body_text = lxml_html.tostring(wrapper, encoding="unicode")
    for player in players:
        line = _player_line(player, base_url)
        link = line.find("a") if line is not None else None
        if line is not None and link is not None and (link.get("href") or "") not in body_text:
            lead.append(line)
    for pdf_url, text in pdfs:
        if pdf_url not in body_text:
            lead.append(E.P(E.A(text, href=pdf_url)))
    for position, element in enumerate(lead):
        wrapper.insert(position, element)
    for element in _notes_section(notes, base_url):
        wrapper.append(element)

    follow = find_full_article(wrapper, base_url)
    kind = kind or label_kind or ("podcast" if players else None) or "commentary"
    if title:
        refusal = f"This CNAS page has no readable text: {title[:80]}"
    else:
        refusal = "This CNAS page has no readable title or text (an empty or script-only page)."
    summary = strip_glued_markers(
        _meta(tree, "og:description", "description", "twitter:description") or _first_paragraph(wrapper)
    )
    article = Article(
        **_article_fields(url),
        kind=kind,
        title=title or "(untitled)",
        markdown="",
        published=published,
        authors=authors,
        outlet=_outlet(outlet, follow, related, url),
        summary=summary or None,
        full_article_url=follow.url if follow else None,
        related=related,
    )
    return Extracted(article, wrapper if len(wrapper) else None, base_url, refusal=refusal)


def _first_paragraph(wrapper: lxml_html.HtmlElement) -> str:
    for paragraph in wrapper.iter("p"):
        text = _plain(paragraph)
        if len(text) > 40 and not text.lower().startswith("listen:"):
            return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "…"
    return ""


# -- listing pages ---------------------------------------------------------------------------------------
def _looks_like_listing(root: lxml_html.HtmlElement) -> bool:
    cards = root.xpath(f".//ul[{_has_class('entry-listing')}]/li")
    has_body = root.xpath(f".//*[@id='mainbar' or @id='mainbar-toc'] | .//*[{_has_class('attribution-block')}]")
    return len(cards) >= 3 and not has_body


def _looks_like_person(root: lxml_html.HtmlElement) -> bool:
    return bool(root.xpath(f".//*[{_has_class('person')} or {_has_class('person-header')}]//h1"))


def _next_url(
    tree: lxml_html.HtmlElement, root: lxml_html.HtmlElement, url: str, base_url: str, showing: re.Match[str] | None
) -> str | None:
    for href in tree.xpath(
        "//a[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href | //link[@rel='next']/@href"
    ):
        absolute = absolute_url(href, base_url)
        if absolute:
            return canonical_url(absolute)
    for anchor in root.xpath(f".//*[{_has_class('pagination')}]//a | .//nav//a"):
        if _text(anchor).lower().strip(" ›»→") in {"next", "next page", "older"}:
            absolute = absolute_url(anchor.get("href"), base_url)
            if absolute:
                return canonical_url(absolute)
    if showing and int(showing.group("last").replace(",", "")) < int(showing.group("total").replace(",", "")):
        return _derived_next(url if url.startswith(("http://", "https://")) else base_url)
    return None


def _derived_next(url: str) -> str | None:
    """``/articles-multimedia`` -> ``/articles-multimedia/p2``; ``/reports/p3?area=x`` -> ``/reports/p4?area=x``."""
    parts = urlsplit(canonical_url(url))
    path = parts.path.rstrip("/")
    match = re.search(r"/p(\d+)$", path)
    if match:
        path = path[: match.start()] + f"/p{int(match.group(1)) + 1}"
    elif _LISTING_PATH.search(path):
        path = path + "/p2"
    else:
        return None
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _extract_listing(
    tree: lxml_html.HtmlElement, root: lxml_html.HtmlElement, url: str, base_url: str, listing: re.Match[str] | None
) -> Extracted:
    items = parse_cards(root, base_url)
    showing_text = ""
    for element in root.iter("p", "div", "span"):
        text = _text(element)
        if _SHOWING.search(text) and len(text) < 200:
            showing_text = text
            break
    showing = _SHOWING.search(showing_text)
    title = _TITLE_SUFFIX.sub("", _text(_first(root, f".//h1[{_has_class('page-title')}] | .//h1"))).strip()
    if not title:
        title = _title(tree, root) or _LISTING_TITLES.get(listing.group("section") if listing else "", "CNAS")
    if not items and not title:
        raise ExtractError("This CNAS listing page has no entries.")
    page = E.DIV()
    if showing_text:
        page.append(E.P(showing_text))
    elif not items:
        page.append(E.P("No entries on this page."))
    entries = E.UL()
    for item in items:
        details = " · ".join(
            x
            for x in (
                (item.kind or "").replace("-", " ").capitalize(),
                item.outlet or "",
                item.published or "",
                ", ".join(item.authors),
            )
            if x
        )
        li = E.LI(E.A(item.title, href=item.url))
        if details:
            li[-1].tail = f" — {details}"
        entries.append(li)
    if items:
        page.append(entries)
    next_url = _next_url(tree, root, url, base_url, showing)
    if next_url:
        page.append(E.P(E.A("Next page", href=next_url)))
    article = Article(
        **_article_fields(url),
        kind="listing",
        title=title,
        markdown="",
        summary=showing_text or None,
        related=items,
        next_url=next_url,
    )
    return Extracted(article, page, base_url)


# -- people pages ---------------------------------------------------------------------------------------
def _extract_person(
    tree: lxml_html.HtmlElement, root: lxml_html.HtmlElement, url: str, base_url: str, related: list[RelatedItem]
) -> Extracted:
    h1 = _first(root, f".//h1[{_has_class('page-title')}] | .//h1")
    name = _text(h1) or _title(tree, root)
    role = ""
    if h1 is not None:
        for sibling in h1.itersiblings():
            if sibling.tag == "p" and _text(sibling):
                role = _text(sibling)
                break
    publications = parse_cards(root, base_url)
    for listing in root.xpath(f".//ul[{_has_class('entry-listing')}]"):
        holder = listing.getparent()
        _drop(holder if holder is not None and holder.tag == "section" else listing)
    blocks = root.xpath(f".//*[{_has_class('wysiwyg')}]")
    blocks = [b for b in blocks if not any(anc in blocks for anc in b.iterancestors())]
    wrapper, _ = _prepare_body(blocks, root, base_url, 0)
    if not name:
        raise ExtractError("This CNAS person page has no name.")
    seen = {item.url for item in publications}
    article = Article(
        **_article_fields(url),
        kind="person",
        title=name,
        markdown="",
        summary=role or None,
        related=publications + [item for item in related if item.url not in seen],
    )
    return Extracted(article, wrapper if len(wrapper) else None, base_url, empty_markdown=role or name)


# -- listings a source can follow ---------------------------------------------------------------------------
# The site publishes no feed; these listings (newest first, paged /pN) are what "sources add" follows instead.
SOURCE_LISTING_PATHS = ("/articles-multimedia", "/reports")


def listing_urls(url: str) -> list[str]:
    """The listing pages of the CNAS site ``url`` is on, most general first."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}{path}" for path in SOURCE_LISTING_PATHS]
