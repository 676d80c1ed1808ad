"""A CSL item as one BibTeX entry that BibTeX, biber and Zotero's BibTeX import all read.

Entry types: ``@online`` (biblatex; classic BibTeX styles treat unknown types as ``@misc``), ``@article``
(``journal`` is the outlet), ``@techreport`` (``institution`` is the think tank). Both ``date`` (biblatex) and
``year`` (BibTeX) are written; ``urldate`` is the access date. Text is UTF-8 with TeX's special characters
escaped; titles are wrapped in braces so styles keep their capitals. BibTeX counts every brace, ``\\{`` too, so a
brace in a value is written ``\\textbraceleft{}``/``\\textbraceright{}`` and every value's braces balance. A name
part holding the word "and", a comma or a TeX command is braced, so it stays one person. URLs are written as they are
(biblatex reads ``url`` verbatim) with only ``{``, ``}``, ``\\`` and spaces percent-encoded.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .names import display_family

_ENTRY_TYPES = {"article-magazine": "article", "report": "techreport", "webpage": "online"}

# Characters special to TeX, and how a .bib file says them literally.
_TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_URL_ESCAPES = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", "\t": "%09", "\n": "%0A"}


# Words BibTeX splits a list of names on, or splits one name's parts on.
_NAME_SEPARATOR = re.compile(r"(?:^|\s)and(?:\s|$)|,", re.IGNORECASE)


def tex_escape(text: str) -> str:
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cf", "Cs"))
    return "".join(_TEX_ESCAPES.get(char, char) for char in " ".join(text.split()))


def _name_part(text: str, *, brace_spaces: bool = False) -> str:
    """One part of a personal name, braced when BibTeX would otherwise split it (or, for ``brace_spaces``,
    read a particle off a family name of several words), and when it holds a TeX command (``\\%``: name
    splitters that read backslashes on their own, bibtexparser's among them, then leave it whole)."""
    escaped = tex_escape(text)
    if _NAME_SEPARATOR.search(escaped) or "\\" in escaped or (brace_spaces and " " in escaped):
        return "{" + escaped + "}"
    return escaped


def url_escape(url: str) -> str:
    return "".join(_URL_ESCAPES.get(char, char) for char in url)


def _name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + tex_escape(name["literal"]) + "}"  # an organisation: never split into first/last
    family = _name_part(display_family(name), brace_spaces=True)
    given = _name_part(name.get("given", ""))
    if not family:  # "Last, First" needs a last part: the given name alone stands as the whole name
        return "{" + given + "}" if given else "{}"
    parts = [family, _name_part(name["suffix"])] if name.get("suffix") else [family]
    return ", ".join([*parts, given] if given else parts)


def _iso(parts: dict[str, Any] | None) -> str | None:
    values = ((parts or {}).get("date-parts") or [[]])[0]
    return "-".join(f"{value:02d}" if index else str(value) for index, value in enumerate(values)) or None


def bibtex_entry(item: dict[str, Any]) -> str:
    entry_type = _ENTRY_TYPES.get(item.get("type", ""), "misc")
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join(_name(name) for name in item["author"])))
    fields.append(("title", "{" + tex_escape(item.get("title", "")) + "}"))
    container = item.get("container-title")
    if container:
        key = {"article": "journal", "online": "organization"}.get(entry_type, "howpublished")
        fields.append((key, tex_escape(container)))
    if item.get("publisher"):
        fields.append(("institution" if entry_type == "techreport" else "publisher", tex_escape(item["publisher"])))
    issued = _iso(item.get("issued"))
    if issued:
        fields += [("date", issued), ("year", issued[:4])]
    if item.get("URL"):
        fields.append(("url", url_escape(item["URL"])))
    accessed = _iso(item.get("accessed"))
    if accessed:
        fields.append(("urldate", accessed))
    if item.get("number"):
        fields.append(("number", tex_escape(item["number"])))  # a report's number (BibTeX's @techreport field)
    if item.get("number-of-pages"):
        fields.append(("pagetotal", tex_escape(item["number-of-pages"])))  # biblatex
    if item.get("genre"):
        fields.append(("type", tex_escape(item["genre"])))
    if item.get("note"):
        fields.append(("note", tex_escape(item["note"])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{item['id']},\n{body}\n}}\n"
