"""The byline a reader sees on the page: the names printed under the headline, in order (and the date
printed beside it, :func:`page_date`, for pages whose metadata gives none).

Where it is looked for, in order: an element whose class names a byline, an author or contributors;
``rel=author`` links; microdata ``itemprop=author``; a short line that starts with "By". Inside a byline,
links to people's pages ("/people/…", "/experts/…", "/author/…") are the names; without them the text is
split (:func:`~.authors.split_authors`: roles, "and" and commas), cut before a date or a reading time.
Related-story rails, sidebars, comments, forms and the page's footer are never read (a post's own footer
often holds its byline, and an author's box at the end names the author).
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from ..text import clean_line
from .authors import MAX_AUTHORS, is_role, looks_like_name, split_authors, strip_label
from .dates import date_start, parse_date

MAX_BYLINE_CHARS = 300  # a byline without person links and longer than this is a bio or a paragraph
MAX_CONTAINER_CHARS = 800  # a byline element longer than this holds more than bylines
# Through the attribute axis: only elements that carry the attribute are looked at (several times faster than
# testing every element of a large page).
_CANDIDATES = etree.XPath("//@class[contains(., 'byline') or contains(., 'author') or contains(., 'contributor')]/..")
_REL_AUTHOR = etree.XPath("//a/@rel[contains(concat(' ', normalize-space(.), ' '), ' author ')]/..")
_ITEMPROP_AUTHOR = etree.XPath("//@itemprop[. = 'author' or . = 'creator']/..")
_NOT_TEXT = frozenset(("meta", "link", "script", "style", "body", "html"))
_BY_TAGS = ("p", "div", "span", "li", "h4", "h5", "h6")
_INLINE = frozenset(("a", "span", "li"))
_BY_START = re.compile(r"^\s*(?:written\s+)?by\s+\S", re.IGNORECASE)
_PERSON_HREF = re.compile(
    r"/(?:authors?|people|person|experts?|staff|contributors?|profiles?|scholars?|fellows?|team|bios?|writers?)/",
    re.IGNORECASE,
)
_FURNITURE = re.compile(r"related|recommend|more-from|sidebar|comment|newsletter|popular|trending", re.IGNORECASE)
_CLASSES_UNREAD = frozenset(("html", "body", "article", "main"))
_FURNITURE_TAGS = frozenset(("nav", "form"))  # not aside: some papers set the byline in one
# Where a byline stops: a separator before a date or a reading time, or the reading time itself.
_RUN_ON = re.compile(
    r"\s[|•·—–»-]\s|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d+\s*min(?:ute)?s?\b|\bupdated\b|\bpublished\b",
    re.IGNORECASE,
)
MAX_CANDIDATES = 12
_LINK_LABELS = frozenset(
    "biography bio profile author authors contact email e-mail twitter facebook linkedin more follow website".split()
)
MAX_BY_LINES = 400  # elements looked at for a "By …" line: it sits near the top


def in_furniture(el: HtmlElement) -> bool:
    """Inside a related-story rail, a sidebar, comments, navigation, a form or the page's footer. The classes of the
    page's body and of article elements are not read: a CMS lists the post's tags and the layout there
    ("has-sidebar", "comments-open")."""
    ancestors = list(el.iterancestors())
    in_article = any(node.tag == "article" for node in ancestors)
    for node in (el, *ancestors):
        if node.tag in _FURNITURE_TAGS or (node.tag == "footer" and not in_article):  # a post's own footer
            return True  # often holds its byline; the page's footer does not
        if node.tag in _CLASSES_UNREAD:
            continue
        if _FURNITURE.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False


def _plausible_name(text: str) -> bool:
    """A link's text as a name: a person's (capitalised words), or a one-word handle ("tlow"), not a link label."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 80 or text.casefold() in _LINK_LABELS or is_role(text):
        return False
    return looks_like_name(text) or (len(words) == 1 and any(c.isalpha() for c in text))


def _text(el: HtmlElement) -> str:
    """The element's text with its parts kept apart ("Ada Example" and "March 3" never run together)."""
    text = clean_line(" ".join(el.itertext()))
    return re.sub(r"\s+([,;])", r"\1", text)


def names_in(el: HtmlElement) -> list[str]:
    """The people a byline element names: its person links, else its text split into names."""
    people = [
        strip_label(clean_line(a.text_content()))
        for a in el.iter("a")
        if _PERSON_HREF.search(a.get("href") or "") or "author" in (a.get("rel") or "")
    ]
    people = [name for name in people if _plausible_name(name)]
    if people:
        return list(dict.fromkeys(people))[:MAX_AUTHORS]
    text = _text(el)
    if len(text) > MAX_BYLINE_CHARS:
        return []
    names = split_authors(cut_run_on(text))
    # Split from running text: every part must read as a name, or the line was not a byline ("Published on",
    # "by the defense ministries", a date in another language).
    if len(names) == 1 and " " not in names[0]:
        return names if _plausible_name(names[0]) else []  # a handle ("tlow") as the whole byline
    return names if all(looks_like_name(name) for name in names) else []


def cut_run_on(text: str) -> str:
    """A byline line without what follows the names: a date, a reading time, "Updated …"."""
    ends = [match.start() for match in _RUN_ON.finditer(text)][:1]
    start = date_start(text)
    if start is not None:
        ends.append(start)
    return text[: min(ends)] if ends else text


def longer_than(el: HtmlElement, limit: int) -> bool:
    """Whether the element's text runs past ``limit`` characters (stops reading there: containers are big)."""
    total = 0
    for piece in el.itertext():
        total += len(piece)
        if total > limit:
            return True
    return False


_DATE_CANDIDATES = etree.XPath(
    "//@class[contains(., 'date') or contains(., 'publish') or contains(., 'posted') or contains(., 'dateline')]/.."
)
_NOT_PUBLISHED = re.compile(r"updat|modif|event|deadline|comment|list", re.IGNORECASE)
MAX_DATE_CHARS = 100


def page_date(root: HtmlElement) -> str | None:
    """The publication date printed near the headline ("Published March 27, 2026", ``p.date``), as an ISO
    date: the first short element whose class names a date, outside rails and comments; None when none."""
    for el in _DATE_CANDIDATES(root)[:MAX_CANDIDATES]:
        if el.tag in _NOT_TEXT or el.tag == "td" or _NOT_PUBLISHED.search(el.get("class") or ""):
            continue
        if longer_than(el, MAX_DATE_CHARS) or in_furniture(el):
            continue
        found = parse_date(_text(el))
        if found:
            return found
    return None


def page_byline(root: HtmlElement, *, by_lines: bool = True) -> list[str]:
    """The names of the first byline found on the page (see the module's order), or []. ``by_lines=False``
    skips the costlier last step, the search for a line starting with "By"."""
    candidates = [el for el in _CANDIDATES(root)[: MAX_CANDIDATES * 2] if el.tag not in _NOT_TEXT]
    for el in candidates[:MAX_CANDIDATES]:
        if longer_than(el, MAX_CONTAINER_CHARS):
            continue  # a whole article or an authors' section with bios: links in it are not all bylines
        found = names_in(el)
        if not found or in_furniture(el):
            continue
        if el.tag in _INLINE:  # one element per author ("a.contributor"): all of its kind, in order
            alike = [
                c for c in candidates if c.tag == el.tag and c.get("class") == el.get("class") and not in_furniture(c)
            ]
            found = list(dict.fromkeys(name for c in alike for name in names_in(c)))[:MAX_AUTHORS]
        return found
    for query in (_REL_AUTHOR, _ITEMPROP_AUTHOR):
        people: list[str] = []
        for el in query(root)[:MAX_AUTHORS]:
            if el.tag in _NOT_TEXT or in_furniture(el):
                continue
            name_el = el.find(".//*[@itemprop='name']")
            text = strip_label(clean_line((name_el if name_el is not None else el).text_content()))
            if _plausible_name(text) and text not in people:
                people.append(text)
        if people:
            return people
    if not by_lines:
        return []
    for el in islice(root.iter(*_BY_TAGS), MAX_BY_LINES):
        head = el.text if (el.text or "").strip() else (el[0].text if len(el) and isinstance(el[0].tag, str) else "")
        if not _BY_START.match(head or ""):
            continue
        if not longer_than(el, MAX_BYLINE_CHARS) and not in_furniture(el):
            found = names_in(el)
            if found:
                return found
    return []
