"""Page metadata for the generic adapter: title, date, authors, outlet, publisher, summary, report number.

Read from the whole page before the body is pruned, each field from the most exact source the page gives:
the ``citation_*`` tags think tanks and journals write for Google Scholar, JSON-LD (``@graph``, arrays, nested
and referenced Person/Organization objects; :mod:`.json_ld`), Open Graph and ``article:`` tags, Dublin Core,
Parse.ly, then what the page prints (the byline under the headline, :mod:`.bylines`; ``<time datetime>``).
Every value passes through :func:`inkreader.text.clean_line`.

:func:`publication_facts` is the part every adapter needs (whose page it is, its report number and PDF);
the CNAS adapter reads it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..model import JsonObject
from ..text import clean_line
from . import json_ld
from .authors import MAX_AUTHORS, is_role, split_authors
from .bylines import page_byline, page_date
from .dates import parse_date
from .dom import strip_glued_markers, text_without_markers
from .meta_tags import MetaTags, parsely_strings, read_meta_tags
from .urls import absolute_url

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
_BY_PREFIX = re.compile(r"^\s*(?:by|written by|words by|posted by|von|par|por)\s*[:\-]?\s+", re.I)
_SUFFIX_AFTER_COMMA = re.compile(
    r"^(?:jr|sr|ii|iii|iv|phd|ph\.\s?d|md|esq|usa|usn|usaf|usmc|uscg|ret|\(ret)\b", re.IGNORECASE
)
MAX_NAME_CHARS = 120  # a longer "publisher" or "report number" is a sentence, not a name
MAX_REPORT_NUMBER_CHARS = 60
FULL_LIST = 2  # authors from metadata: from this many on, the list is taken as complete


@dataclass(slots=True)
class Meta:
    title: str = ""
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    summary: str | None = None
    json_ld: list[JsonObject] = field(default_factory=list)
    publisher: str | None = None  # the organisation whose page it is, as the page names it
    report_number: str | None = None
    pdf_url: str | None = None  # citation_pdf_url: the page's own PDF of the piece


@dataclass(slots=True)
class PublicationFacts:
    """Whose page it is, and the report's number and PDF when the page states them."""

    publisher: str | None = None
    report_number: str | None = None
    pdf_url: str | None = None


def iso_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from the usual machine-readable and printed forms, or None."""
    if not value or not isinstance(value, str):
        return None
    # The shared parser reads ISO and printed dates; some CMSs also emit a compact "20260303[T…]".
    compact = _COMPACT_DATE.match(value.strip())
    if compact:
        return parse_date(f"{compact[1]}-{compact[2]}-{compact[3]}")
    return parse_date(value)


_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\D|$)")


def site_name_from_host(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host)
    return host or None


def _name(value: object) -> str | None:
    text = clean_line(value) if isinstance(value, str) else ""
    return text if text and len(text) <= MAX_NAME_CHARS and not text.startswith("http") else None


# -- authors ----------------------------------------------------------------------------------------


def catalogue_name(value: str) -> list[str]:
    """A value of a tag that names one person each (``citation_author``, ``dc.creator``), as names:
    "Doe, Jane" (the catalogue order Scholar's tags use) is "Jane Doe"; several names in one value split."""
    text = _BY_PREFIX.sub("", clean_line(value))
    parts = [part.strip() for part in text.split(",")]
    suffixes: list[str] = []
    while len(parts) > 2 and _SUFFIX_AFTER_COMMA.match(parts[-1]):
        suffixes.insert(0, parts.pop())
    if (
        len(parts) == 2
        and all(parts)
        and not _SUFFIX_AFTER_COMMA.match(parts[1])
        and not is_role(parts[1])
        and len(parts[0].split()) <= 3
        and len(parts[1].split()) <= 3
        and not re.search(r"&|\band\b|;", text, re.IGNORECASE)
    ):
        return [", ".join([f"{parts[1]} {parts[0]}", *suffixes])]
    return split_authors(text.replace(";", ","))


def _clean_authors(names: list[str], *, catalogue: bool = False) -> list[str]:
    out: list[str] = []
    for raw in names:
        raw = clean_line(raw)
        if not raw or raw.startswith("http") or len(raw) > MAX_NAME_CHARS:
            continue
        # split_authors keeps suffixes whole: "Col. A, USA (Ret.)", "B, Jr."
        found = catalogue_name(raw) if catalogue else split_authors(_BY_PREFIX.sub("", raw))
        for name in found:
            name = name.strip(" ·|")
            if name.endswith(".") and len(name.split()[-1]) > 4:  # a sentence's period, not "Jr." or "E."
                name = name.rstrip(".")
            if 1 < len(name) <= 60 and any(c.isalpha() for c in name) and name not in out:
                out.append(name)
    return out[:MAX_AUTHORS]


def _same_person(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a == b or a in b or b in a  # "Jane Doe" and "Dr. Jane Doe"


def _authors(tags: MetaTags, article: JsonObject, objects: list[JsonObject], root: HtmlElement) -> list[str]:
    index = json_ld.index_by_id(objects)
    sources: list[tuple[list[str], bool]] = [  # (values, written "Family, Given")
        (tags.all("citation_author", "citation_authors", "dc.creator.personalname"), True),
        (json_ld.names(article.get("author") or article.get("creator"), index), False),
        (tags.all("parsely-author") or parsely_strings(tags, "authors"), False),
        (tags.all("dc.creator", "dcterms.creator"), True),
        (tags.all("author", "sailthru.author", "byl"), False),
        ([value for value in tags.all("article:author", "og:article:author") if not value.startswith("http")], False),
    ]
    authors: list[str] = []
    for values, catalogue in sources:
        authors = _clean_authors(values, catalogue=catalogue)
        if authors:
            break
    if len(authors) >= FULL_LIST:
        return authors  # metadata that names several people names them all (and the page is not searched)
    visible = _clean_authors(page_byline(root, by_lines=not authors))
    if not authors:
        return visible
    if len(visible) > len(authors):
        # Metadata often names only the first author (or the organisation): a visible byline that names them
        # and more is the fuller truth.
        organisations_only = all(_is_organisation(name, tags, article, objects) for name in authors)
        if organisations_only or all(any(_same_person(name, seen) for seen in visible) for name in authors):
            return visible
    return authors


def _is_organisation(name: str, tags: MetaTags, article: JsonObject, objects: list[JsonObject]) -> bool:
    names = {tags.first("og:site_name"), json_ld.publisher_name(article, objects)}
    return any(other and other.casefold() == name.casefold() for other in names)


# -- publisher, title -------------------------------------------------------------------------------


def _title_suffix_name(root: HtmlElement, title: str) -> str | None:
    """ "Title | Site": the site named after the page's own title (``title`` or the headline) in ``<title>``."""
    el = root.find(".//title")
    if el is None:
        return None
    parts = _TITLE_SEPARATORS.split(clean_line(el.text_content()))
    if len(parts) < 2:
        return None
    h1 = next(root.iter("h1"), None)
    own = {clean_line(text).casefold() for text in (title, h1.text_content() if h1 is not None else "") if text}
    return _name(parts[-1]) if " - ".join(parts[:-1]).casefold() in own or parts[0].casefold() in own else None


def publisher_of(
    tags: MetaTags, article: JsonObject, objects: list[JsonObject], root: HtmlElement, title: str
) -> str | None:
    """The organisation whose page it is, as the page names it (formal names first), else None."""
    for value in (
        tags.first("citation_publisher", "citation_technical_report_institution", "dc.publisher"),
        tags.first("dcterms.publisher"),
        json_ld.publisher_name(article, objects),
        tags.first("og:site_name"),
    ):
        name = _name(value)
        if name:
            return name
    return _title_suffix_name(root, title)


def publication_facts(root: HtmlElement, url: str) -> PublicationFacts:
    """Publisher, report number and PDF of any page (read before an adapter strips the scripts)."""
    tags = read_meta_tags(root)
    objects = json_ld.json_ld_objects(root)
    article = json_ld.article_object(objects, url)
    return _facts(tags, article, objects, root, url, clean_line(tags.first("og:title", "citation_title")))


def _facts(
    tags: MetaTags, article: JsonObject, objects: list[JsonObject], root: HtmlElement, url: str, title: str
) -> PublicationFacts:
    number = tags.first("citation_technical_report_number", "citation_report_number", "citation_number")
    if not number and isinstance(article.get("reportNumber"), (str, int)):
        number = str(article["reportNumber"])
    number = clean_line(number) or None
    pdf = tags.first("citation_pdf_url")
    return PublicationFacts(
        publisher=publisher_of(tags, article, objects, root, title),
        report_number=number if number and len(number) <= MAX_REPORT_NUMBER_CHARS else None,
        pdf_url=absolute_url(pdf.strip(), url) if pdf else None,
    )


def _strip_site_suffix(title: str, names: list[str], *, guess: bool) -> str:
    """ "Title | Site" -> "Title": a part that is one of the site's ``names`` goes; when none matches and
    ``guess``, a short last part after a substantial first one."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    for name in names:
        low = name.lower()
        kept = [p for p in parts if p.lower() != low and low not in p.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    if guess and len(parts[-1]) <= 30 and len(parts[0]) >= 15:
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def _title(tags: MetaTags, article: JsonObject, root: HtmlElement) -> tuple[str, bool]:
    """The title and whether it came from a source that often carries the site's name after it."""
    exact = tags.first("citation_title") or tags.first("og:title")
    if exact:
        return exact, "citation_title" not in tags.values
    for value in (
        tags.first("parsely-title"),
        *parsely_strings(tags, "title"),
        article.get("headline"),
        article.get("name") if article else None,
        tags.first("dc.title", "dcterms.title"),
    ):
        if isinstance(value, str) and value.strip():
            return value, False
    twitter = tags.first("twitter:title")
    if twitter:
        return twitter, True
    h1 = next(root.iter("h1"), None)
    if h1 is not None and h1.text_content().strip():
        return text_without_markers(h1), False
    el = root.find(".//title")
    return (el.text_content() if el is not None else ""), True


# -- dates --------------------------------------------------------------------------------------------


def _published(tags: MetaTags, article: JsonObject, root: HtmlElement) -> str | None:
    candidates = [
        tags.first("citation_publication_date", "citation_date"),
        tags.first("article:published_time", "og:article:published_time"),
        tags.first("datepublished", "date", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.date"),
        tags.first("pubdate", "publish-date", "sailthru.date", "parsely-pub-date"),
        article.get("datePublished"),
        *parsely_strings(tags, "pub_date"),
        tags.first("dcterms.created", "citation_online_date"),
        article.get("dateCreated"),
    ]
    for value in candidates:
        found = iso_date(value)
        if found:
            return found
    for el in root.iter("time"):
        found = iso_date(el.get("datetime") or "")
        if found:
            return found
    return page_date(root)


# -- everything ---------------------------------------------------------------------------------------


def read_meta(root: HtmlElement, url: str) -> Meta:
    tags = read_meta_tags(root)
    objects = json_ld.json_ld_objects(root)
    article = json_ld.article_object(objects, url)
    result = Meta(json_ld=objects)

    raw_title, guess = _title(tags, article, root)
    plain_title = clean_line(raw_title)
    facts = _facts(tags, article, objects, root, url, plain_title)
    result.publisher, result.report_number, result.pdf_url = facts.publisher, facts.report_number, facts.pdf_url
    result.outlet = (
        _name(tags.first("og:site_name", "application-name"))
        or _name(json_ld.publisher_name(article, objects))
        or result.publisher
        or site_name_from_host(url)
    )
    names = [name for name in (result.outlet, result.publisher, tags.first("og:site_name")) if name]
    result.title = _strip_site_suffix(plain_title, names, guess=guess)
    result.published = _published(tags, article, root)
    result.authors = _authors(tags, article, objects, root)

    summary = tags.first("description", "og:description", "twitter:description")
    result.summary = strip_glued_markers(clean_line(summary)) or None
    return result
