"""One pass over a body fragment (lxml) before Markdown conversion: links, images, endnotes.

Kept separate from the Markdown writer so the rules read as a list: what a link becomes, what an image
becomes, how notes are found. The caller's tree is never modified (we work on a copy).
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from dataclasses import dataclass, field
from string import punctuation
from urllib.parse import quote, urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from ..model import Link
from ..text import clean_line, clean_text

# Never rendered: not text, or a control rather than content.
STRIP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "button",
    "input",
    "select",
    "textarea",
    "form",
    "iframe",
    "object",
    "embed",
    "link",
    "meta",
    "head",
    "title",
    "audio",
    "source",
    "track",
    "map",
    "dialog",
    "math",
)
SAFE_SCHEMES = ("http", "https", "mailto")
_BACK_TO_TOP_TEXT = re.compile(r"^(?:↑|⇧|⬆|▲|\^|top|back to top|return to top|to top|go to top|scroll to top)$", re.I)
_BACK_TO_TOP_NAME = re.compile(r"up-?arrow|back-?to-?top|to-?top|scroll-?top|go-?top", re.I)
_SHARE_HREF = re.compile(
    r"facebook\.com/(?:sharer|share|dialog/share)|twitter\.com/(?:intent|share|home\?status)|x\.com/intent|"
    r"linkedin\.com/(?:shareArticle|sharing|cws/share)|reddit\.com/submit|pinterest\.com/pin/create|"
    r"api\.whatsapp\.com/send|wa\.me/|t\.me/share|telegram\.me/share|tumblr\.com/(?:share|widgets/share)|"
    r"getpocket\.com/(?:save|edit)|news\.ycombinator\.com/submitlink|plus\.google\.com/share|"
    r"bsky\.app/intent|mastodon\S*/share|vk\.com/share|flipboard\.com/bookmarklet|^mailto:\?",
    re.I,
)
_SHARE_NAME = re.compile(r"(?:^|[\s_-])(?:share|sharing|social-?share|share-?button)", re.I)
_NOTE_MARKER_TEXT = re.compile(r"^[\[(]?(?:\d{1,3}|[ivxlc]{1,6}|[a-z]|\*{1,3}|†|‡)[\])]?$", re.I)
_NOTES_HEADING = re.compile(r"^(?:end-?notes|foot-?notes|notes|references|sources|citations)\s*:?$", re.I)
_BACK_LINK_TEXT = re.compile(r"^(?:↩︎?|↩|↑|⤴|\^|back|return|\[?return to text\]?)$", re.I)
_NON_ALT = re.compile(
    r"^(?:image|img|photo|picture|graphic|icon|logo|thumbnail|placeholder|spacer|"
    r"untitled|null|none|undefined|\W*|.*\.(?:jpe?g|png|gif|webp|svg|avif)|\S*[\d_]\S*)$",
    re.I,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# Textual's heading slugs (GitHub-like): drop punctuation but - and _, and emoji; whitespace becomes "-".
_SLUG_STRIP = re.compile(
    "["
    + re.escape(punctuation.replace("-", "").replace("_", ""))
    + "\U000024c2-\U0001f251\U00002702-\U000027b0\U0001f1e0-\U0001f1ff\U0001f300-\U0001f5ff"
    "\U0001f600-\U0001f64f\U0001f680-\U0001f6ff\U0001f900-\U0001f9ff\u200d\u2640-\u2642]+"
)


def slug(text: str) -> str:
    return quote(re.sub(r"\s", "-", _SLUG_STRIP.sub("", text.strip().lower())))


@dataclass(slots=True)
class Note:
    number: int
    html: str
    back_slug: str | None
    markdown: str = ""


@dataclass(slots=True)
class Prepared:
    root: HtmlElement
    notes: list[Note] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _text(el: HtmlElement) -> str:
    return (
        " ".join(el.text_content().split()) if hasattr(el, "text_content") else " ".join("".join(el.itertext()).split())
    )


def _unlink(a: HtmlElement) -> None:
    for name in ("href", "target", "rel", "onclick"):
        a.attrib.pop(name, None)


def _remove(el: HtmlElement) -> None:
    """Remove an element, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    if tail:
        # lxml refuses control characters in assigned text; the page may have had some
        if previous is not None:
            previous.tail = clean_text((previous.tail or "") + tail)
        else:
            parent.text = clean_text((parent.text or "") + tail)
    parent.remove(el)


# Emphasis that holds only a space ("country<strong> </strong>and"): the converter drops it, space and all.
_BLANK_EMPHASIS = ("strong", "b", "em", "i", "u", "span", "font", "small")


def _keep_blank_emphasis_spaces(root: HtmlElement) -> None:
    for el in list(root.iter(*_BLANK_EMPHASIS)):
        if len(el) == 0 and el.text and el.text.isspace() and next(el.iterancestors("pre", "code"), None) is None:
            el.text = None  # (in code the run of spaces is the indentation: left as it is)
            el.tail = " " + (el.tail or "")


# Markdown has one mark for bold and one for italic; HTML nests and repeats them. Written as they stand, bold in
# bold ("****x****"), bold after bold ("**a****b**") and empty bold ("****") come out as asterisks in the text.
_EMPHASIS_KIND = {"strong": "strong", "b": "strong", "em": "em", "i": "em"}


def _emphasis(el: HtmlElement) -> str | None:
    """The kind of emphasis an element is, "strong" or "em" (``b`` counts as ``strong``); None for others."""
    return _EMPHASIS_KIND.get(el.tag) if isinstance(el.tag, str) else None


def _tidy_emphasis(root: HtmlElement) -> None:
    """Unwrap emphasis inside the same emphasis, drop emphasis with no words, and join emphasis that follows
    the same emphasis with nothing between (``<b>a</b><b>b</b>`` is ``<b>ab</b>``)."""
    for el in list(root.iter(*_EMPHASIS_KIND)):
        if el.getparent() is None or next(el.iterancestors("pre", "code"), None) is not None:
            continue
        if len(el) == 0 and not (el.text or "").strip():
            _remove(el)  # (a space it held is already in its tail: _keep_blank_emphasis_spaces)
            continue
        kind = _emphasis(el)
        if any(_emphasis(ancestor) == kind for ancestor in el.iterancestors(*_EMPHASIS_KIND)):
            el.drop_tag()
    for el in list(root.iter(*_EMPHASIS_KIND)):
        previous = el.getprevious()
        parent = el.getparent()
        if previous is None or parent is None or previous.tail or _emphasis(previous) != _emphasis(el):
            continue
        # previous holds el's words and children from now on; el goes (its tail stays after them)
        if len(previous):
            last = previous[-1]
            last.tail = (last.tail or "") + (el.text or "")
        else:
            previous.text = (previous.text or "") + (el.text or "")
        for child in list(el):
            previous.append(child)
        previous.tail = el.tail
        parent.remove(el)


def prepare(source: HtmlElement, base_url: str) -> Prepared:
    root = copy.deepcopy(source)
    if root.getparent() is not None or root.tag in ("html", "body"):
        pass
    etree.strip_elements(root, *STRIP_TAGS, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    _keep_blank_emphasis_spaces(root)
    _tidy_emphasis(root)
    result = Prepared(root=root)
    ids = {el_id: el for el in root.iter() if isinstance(el.tag, str) and (el_id := el.get("id"))}
    markers: list[tuple[HtmlElement, str]] = []

    for a in list(root.iter("a")):
        href = (a.get("href") or "").strip()
        text = _text(a)
        names = f"{a.get('class') or ''} {a.get('id') or ''}"
        if href.startswith("#"):
            target = href[1:]
            if target in ids and _NOTE_MARKER_TEXT.match(text) and not _BACK_LINK_TEXT.match(text):
                markers.append((a, target))
                continue
            if _BACK_TO_TOP_TEXT.match(text) or _BACK_TO_TOP_NAME.search(names) or target in ("", "top"):
                _remove(a)
            else:
                _unlink(a)
            continue
        if _BACK_TO_TOP_TEXT.match(text) or _BACK_TO_TOP_NAME.search(names):
            _remove(a)
            continue
        if _SHARE_HREF.search(href) or (_SHARE_NAME.search(names) and len(text) < 30):
            _remove(a)
            continue
        if not text:
            if any((img.get("alt") or "").strip() for img in a.iter("img")):
                _unlink(a)  # a linked picture: keep its words, not the link
            else:
                if (a.text_content() or "").isspace():
                    a.tail = " " + (a.tail or "")  # a link on a space: the words either side stay apart
                _remove(a)  # icon-only link
            continue
        if not href:
            _unlink(a)
            continue
        try:
            absolute = urljoin(base_url, href) if base_url else href
            scheme = urlsplit(absolute).scheme.lower()
        except ValueError:
            _unlink(a)
            continue
        unbalanced = "(" in absolute and ")" not in absolute
        if scheme not in SAFE_SCHEMES or any(c in absolute for c in "\n\r\t <>") or unbalanced:
            _unlink(a)
            continue
        absolute = absolute.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        a.set("href", absolute)
        for name in ("title", "target", "rel"):
            a.attrib.pop(name, None)
        result.links.append(Link(text=clean_line(text), url=absolute))

    _images(root)
    if markers:
        result.notes = _lift_notes(root, markers, ids)
    return result


def _images(root: HtmlElement) -> None:
    """A figure with a caption keeps only the caption; an image without alt text, or whose alt text the body
    already says (its caption), is dropped."""
    for figure in list(root.iter("figure")):
        caption = figure.find(".//figcaption")
        if caption is not None and _text(caption):
            for img in list(figure.iter("img", "picture")):
                _remove(img)
    seen: set[str] = set()
    text: str | None = None
    for img in list(root.iter("img")):
        alt = " ".join((img.get("alt") or "").split())
        key = alt.casefold()
        # No words, a file name, a placeholder, or the same words again: nothing for a reader.
        if not alt or key in seen or _NON_ALT.match(alt):
            _remove(img)
            continue
        if text is None:
            text = " ".join(root.text_content().split()).casefold()
        if key in text:  # a caption or the text beside the picture says it already
            _remove(img)
            continue
        seen.add(key)
        img.set("alt", alt)


def _lift_notes(root: HtmlElement, markers: list[tuple[HtmlElement, str]], ids: dict[str, HtmlElement]) -> list[Note]:
    """Turn marker links and their target list items into numbered notes (see the module docs of markdown)."""
    order: dict[str, int] = {}
    containers: dict[str, HtmlElement] = {}
    marker_ids: dict[str, set[str]] = defaultdict(set)
    marker_set = {id(a) for a, _ in markers}
    for a, target in markers:
        container = _note_container(ids[target])
        if container is None or any(id(x) == id(a) for x in container.iter("a")) or _is_ancestor(container, a):
            continue
        if target not in order:
            order[target] = len(order) + 1
            containers[target] = container
        for el in (a, a.getparent()):
            marker_id = el.get("id") if el is not None else None
            if marker_id:
                marker_ids[target].add(marker_id)
    if not order:
        return []

    back_slugs = _back_slugs(root, markers, order)
    notes: list[Note] = []
    for a, target in markers:
        if target not in order:
            continue
        number = order[target]
        for child in list(a):
            a.remove(child)
        a.text = str(number)
        a.set("href", f"#note-{number}")
    for target, number in order.items():
        container = containers[target]
        for a in list(container.iter("a")):
            href = (a.get("href") or "").strip()
            if id(a) in marker_set:
                continue
            if (
                href.startswith("#") and (href[1:] in marker_ids[target] or _BACK_LINK_TEXT.match(_text(a)))
            ) or _BACK_LINK_TEXT.match(_text(a)):
                _remove(a)
        inner = copy.deepcopy(container)
        inner.tag = "div"
        inner.tail = None
        html = etree.tostring(inner, encoding="unicode", method="html")
        notes.append(Note(number=number, html=html, back_slug=back_slugs.get(target)))
        parent = container.getparent()
        _remove(container)
        _remove_empty_note_list(parent)
    notes.sort(key=lambda n: n.number)
    return notes


def _note_container(target: HtmlElement) -> HtmlElement | None:
    """The block holding a note: the target itself, or its list item/paragraph when the target is an anchor."""
    el: HtmlElement | None = target
    for _ in range(4):
        if el is None:
            return None
        if el.tag in ("li", "p", "div", "aside", "section", "dd") and len(_text(el)) > 1:
            return el
        el = el.getparent()
    return None


def _is_ancestor(container: HtmlElement, el: HtmlElement) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is container:
            return True
        parent = parent.getparent()
    return False


def _back_slugs(root: HtmlElement, markers: list[tuple[HtmlElement, str]], order: dict[str, int]) -> dict[str, str]:
    """For each note, the slug of the last heading before its first marker (Textual's unique-slug rule)."""
    # Every marker of a note, by element id: the walk below keeps the first that follows a heading.
    first_marker: dict[int, str] = {}
    for a, target in markers:
        if target in order:
            first_marker[id(a)] = target
    used: dict[str, int] = defaultdict(int)
    current: str | None = None
    found: dict[str, str] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _HEADINGS:
            text = _text(el)
            if text:
                base = slug(text)
                count = used[base]
                used[base] += 1
                current = f"{base}-{count}" if count else base
        elif el.tag == "a" and id(el) in first_marker and current:
            found.setdefault(first_marker[id(el)], current)
    return found


def _remove_empty_note_list(parent: HtmlElement | None) -> None:
    """After lifting notes out, drop their emptied list and the "Notes" heading above it."""
    while parent is not None and parent.tag in ("ol", "ul", "div", "section", "aside") and not _text(parent):
        grand = parent.getparent()
        previous = parent.getprevious()
        if grand is None:
            return
        _remove(parent)
        if (
            previous is not None
            and previous.tag in (*_HEADINGS, "p", "strong")
            and _NOTES_HEADING.match(_text(previous))
        ):
            _remove(previous)
        parent = grand
