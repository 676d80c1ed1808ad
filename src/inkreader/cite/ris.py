"""A CSL item as one RIS record (the Research Information Systems format Zotero, EndNote and Mendeley read).

Per the format: every line is ``TAG  - value`` (two capital letters or a letter and a digit, two spaces, a
hyphen, a space), ``TY`` comes first and ``ER`` last, lines end with CR LF, and a value is one line (line
breaks inside a value would start a new, invalid tag). Dates: ``PY`` is the year, ``DA`` is ``YYYY/MM/DD/``,
``Y2`` the access date.
"""

from __future__ import annotations

from typing import Any

from .names import display_family

_TYPES = {"article-magazine": "MGZN", "report": "RPRT", "webpage": "ELEC"}
EOL = "\r\n"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _name(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    return ", ".join(part for part in (display_family(name), name.get("given"), name.get("suffix")) if part)


def _ris_date(parts: dict[str, Any] | None) -> str | None:
    values = ((parts or {}).get("date-parts") or [[]])[0]
    if not values:
        return None
    year, month, day = (*values, None, None)[:3]
    return f"{year:04d}/" + (f"{month:02d}/" if month else "/") + (f"{day:02d}/" if day else "/")


def ris_record(item: dict[str, Any]) -> str:
    lines: list[tuple[str, str]] = [("TY", _TYPES.get(item.get("type", ""), "GEN"))]
    lines += [("AU", _name(name)) for name in item.get("author") or []]
    lines.append(("TI", item.get("title", "")))
    if item.get("container-title"):
        lines.append(("T2", item["container-title"]))
    if item.get("publisher"):
        lines.append(("PB", item["publisher"]))
    issued = item.get("issued")
    if issued:
        lines.append(("PY", str(issued["date-parts"][0][0])))
        lines.append(("DA", _ris_date(issued) or ""))
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    accessed = _ris_date(item.get("accessed"))
    if accessed:
        lines.append(("Y2", accessed))
    if item.get("number"):
        lines.append(("SN", item["number"]))  # a report's number, where Zotero's RIS reads it for RPRT
    if item.get("genre"):
        lines.append(("M3", item["genre"]))
    if item.get("note"):
        lines.append(("N1", item["note"]))
    lines.append(("ID", item["id"]))
    text = "".join(f"{tag}  - {_one_line(value)}{EOL}" for tag, value in lines if _one_line(value))
    return text + f"ER  - {EOL}"
