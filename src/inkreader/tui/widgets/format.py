"""Plain-text renderings of page metadata. Everything from a page becomes ``rich.text.Text``, never markup."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from inkreader.text import clean_line, clean_text


def display_date(iso: str | None) -> str:
    """'2024-03-05' -> 'Mar 5, 2024'; anything unparseable is shown as given (cleaned)."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return clean_line(iso)
    return f"{day:%b} {day.day}, {day.year}"


def kind_label(kind: str | None) -> str:
    return clean_line(kind).replace("-", " ").capitalize() if kind else ""


def meta_line(kind: str | None, outlet: str | None, published: str | None) -> str:
    """'Commentary · Foreign Affairs · Mar 5, 2024' with empty parts left out."""
    parts = [kind_label(kind), clean_line(outlet), display_date(published)]
    return " · ".join(part for part in parts if part)


def authors_line(authors: list[str] | None) -> str:
    names = [clean_line(name) for name in authors or [] if clean_line(name)]
    if len(names) > 3:
        return ", ".join(names[:3]) + f" and {len(names) - 3} more"
    return ", ".join(names)


def plain(text: str | None, style: str = "") -> Text:
    """One line of page text as a Text (controls removed, markup left as literal characters)."""
    return Text(clean_line(text), style=style)


def plain_block(text: str | None, style: str = "") -> Text:
    return Text(clean_text(text or "").strip(), style=style)


def marked_snippet(
    snippet: str | None, open_mark: str, close_mark: str, style: str = "italic", match_style: str = "bold reverse"
) -> Text:
    """A search snippet whose matches the store wrapped in ``open_mark``…``close_mark``, as styled Text.

    Split on the marks here (never parsed as markup), so the page text inside stays literal.
    """
    text = Text(style=style)
    rest = clean_line(snippet)
    while rest:
        start = rest.find(open_mark)
        end = rest.find(close_mark, start + len(open_mark)) if start >= 0 else -1
        if start < 0 or end < 0:  # no (complete) match left: the rest is plain
            text.append(rest)
            break
        text.append(rest[:start])
        text.append(rest[start + len(open_mark) : end], style=match_style)
        rest = rest[end + len(close_mark) :]
    return text
