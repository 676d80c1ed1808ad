"""Full-text search helpers: user text → a safe FTS5 query, Markdown → the plain text we index."""

from __future__ import annotations

import re

from inkreader.model import SearchHit

# A "quoted phrase" the user typed, or one bare word (anything up to whitespace or a quote).
_QUERY_PART = re.compile(r'"([^"]*)"|([^\s"]+)')
_WORD_CHAR = re.compile(r"\w")

SNIPPET_OPEN = SNIPPET_CLOSE = SearchHit.MATCH_MARK  # the contract's mark (model.SearchHit)
SNIPPET_ELLIPSIS = "…"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_query(user_text: str) -> str | None:
    """Turn what a person typed into an FTS5 expression that can never be a syntax error.

    Every word becomes a quoted string (so ``-x``, ``AND``, ``title:``, ``*`` and ``(`` are plain text), words
    are ANDed, ``"two words"`` stays a phrase, stray quotes are dropped, and a trailing ``*`` on the last word
    makes it a prefix search. Parts with no letter or digit are dropped (FTS5 would match nothing for them).
    Returns None when nothing searchable is left.
    """
    parts: list[str] = []
    matches = list(_QUERY_PART.finditer(user_text or ""))
    for index, match in enumerate(matches):
        phrase, word = match.group(1), match.group(2)
        text = phrase if phrase is not None else word
        prefix = False
        if word is not None and index == len(matches) - 1 and word.endswith("*"):
            text, prefix = word.rstrip("*"), True
        if not _WORD_CHAR.search(text):
            continue
        parts.append(_quote(" ".join(text.split())) + ("*" if prefix else ""))
    return " ".join(parts) if parts else None


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|~~|`+)")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.MULTILINE)
_SPACES = re.compile(r"[ \t]+")


_LINE_BREAK = re.compile(r"\s*\n\s*")
_UNPUNCTUATED_BREAK = re.compile(r"(?<![.!?:;,…\"'”’)])\s*\n\s*")


def snippet_line(snippet: str) -> str:
    """A snippet on one line: a line that ends without punctuation (a heading, a list item, a link) is
    followed by `` · `` so it does not run into the next one ("Item link · Another heading")."""
    return _LINE_BREAK.sub(" ", _UNPUNCTUATED_BREAK.sub(" · ", snippet.strip()))


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, without link targets or markup, for the index and its snippets."""
    text = _IMAGE.sub(r"\1", markdown or "")
    text = _LINK.sub(r"\1", text)
    text = _REF_DEF.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _LINE_MARKUP.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\", "")
    return _SPACES.sub(" ", text).strip()
