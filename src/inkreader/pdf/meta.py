"""A PDF's metadata: the info dictionary, its XMP packet, and what its first pages say (institution, number)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)
_XMP_FIELD = r"<{tag}[^>]*>(.*?)</{tag}>"
_XMP_ITEM = re.compile(r"<rdf:li[^>]*>(.*?)</rdf:li>", re.DOTALL)
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_JUNK_TITLE = re.compile(r"^(?:untitled|microsoft word\s*-|document\d*$|.*\.(?:docx?|indd|pdf|tex|odt|qxp)$)", re.I)
_REPORT_NUMBER = re.compile(
    r"\b(?:report|paper|brief|study)\s+(?:no\.?|number|#)\s*([A-Z0-9][\w./-]{0,20})"
    r"|\b((?:RR|PE|RRA|WR|TR|MG|CT)-?\d{2,5}(?:-\d{1,3})?)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:by\s+)?)?(?:the\s+)?([A-Z][^.,\n]{3,80})", re.I)
_INSTITUTION = re.compile(r"\b(Center|Centre|Institute|Institution|Council|Foundation|Corporation|Forum|School)\b")


@dataclass(slots=True)
class Metadata:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    publisher: str | None = None
    report_number: str | None = None


def _clean(value: str | None) -> str:
    return " ".join((value or "").replace("\x00", "").split())


def _date(value: str) -> str | None:
    match = _PDF_DATE.match(value.strip()) or _ISO_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    if not (1900 < int(year) < 2200 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{month}-{day}"


def _split_authors(value: str) -> list[str]:
    names = [name.strip() for name in re.split(r";|,(?![^,]*\b(?:Jr|Sr|III|II)\b)|\band\b|&", value) if name.strip()]
    return [name for name in names if 1 < len(name) < 80 and any(ch.isalpha() for ch in name)][:20]


def _xmp(data: bytes) -> dict[str, str | list[str]]:
    found: dict[str, str | list[str]] = {}
    match = _XMP.search(data[:65536]) or _XMP.search(data[-262144:])
    if not match:
        return found
    packet = match.group().decode("utf-8", "replace")
    for tag in ("dc:title", "dc:creator", "dc:publisher", "xmp:CreateDate", "prism:publicationName"):
        hit = re.search(_XMP_FIELD.format(tag=tag), packet, re.DOTALL)
        if not hit:
            continue
        items = [_clean(html.unescape(item)) for item in _XMP_ITEM.findall(hit.group(1))]
        found[tag] = items if items else _clean(html.unescape(re.sub(r"<[^>]+>", " ", hit.group(1))))
    return found


def read_metadata(info: dict[str, str], data: bytes, first_pages_text: str, largest_line: str) -> Metadata:
    xmp = _xmp(data)
    meta = Metadata()
    candidates = [_clean(info.get("Title")), *_as_list(xmp.get("dc:title"))]
    meta.title = next((title for title in candidates if title and not _JUNK_TITLE.match(title)), "")
    if not meta.title:
        meta.title = _clean(largest_line)[:300]
    authors = _clean(info.get("Author"))
    meta.authors = _split_authors(authors) if authors else [a for a in _as_list(xmp.get("dc:creator")) if a][:20]
    meta.published = _date(_clean(info.get("CreationDate"))) or _date(_first(xmp.get("xmp:CreateDate")))
    publisher = _first(xmp.get("dc:publisher"))
    if not publisher:
        copyright_line = _COPYRIGHT.search(first_pages_text)
        if copyright_line and _INSTITUTION.search(copyright_line.group(1)):
            publisher = copyright_line.group(1).strip()
    meta.publisher = publisher or None
    number = _REPORT_NUMBER.search(first_pages_text)
    if number:
        meta.report_number = (number.group(1) or number.group(2)).strip(".")
    return meta


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: str | list[str] | None) -> str:
    items = _as_list(value)
    return items[0] if items else ""
