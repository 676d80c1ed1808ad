"""Full-text search helpers: user text → a safe FTS5 query, Markdown → the text we index, and snippets.

Snippets are built here, in Python, from a bounded prefix of the indexed text (FTS5's ``snippet()`` costs time
in proportion to the square of the matches in a body: a 2 MB report with tens of thousands of "the" took
minutes). Chinese, Japanese and Korean have no spaces between words: their runs are indexed a second time as
overlapping character pairs (bigrams) in a shadow column, and a query's CJK runs are looked up as phrases of
the same pairs, so a word inside a longer run is found.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

from inkreader.model import SearchHit
from inkreader.text import without_anchors

# A "quoted phrase" the user typed, or one bare word (anything up to whitespace or a quote).
_QUERY_PART = re.compile(r'"([^"]*)"|([^\s"]+)')
_WORD_CHAR = re.compile(r"\w")

SNIPPET_OPEN = SNIPPET_CLOSE = SearchHit.MATCH_MARK  # the contract's mark (model.SearchHit)
SNIPPET_ELLIPSIS = "…"
SNIPPET_WORDS = 16
SNIPPET_SOURCE_CHARS = 32_768  # snippets look for the first match in this much of a body, never more

# Zero-width characters and the soft hyphen split a word for the tokenizer while being invisible: gone.
# Character classes this wide take ~1 ms to compile: kept as pattern text, compiled (and cached by ``re``) on
# first use, so that opening the library costs nothing for them.
_INVISIBLE = "[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]"
# Runs of Han, kana and Hangul (no spaces between words in CJK text).
_CJK_RANGES = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_CJK_RUN = f"[{_CJK_RANGES}]+"
CJK_COLUMN = "cjk"


class CancelToken:
    """Lets another thread drop a running search (the TUI cancels a stale as-you-type query with it)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


def index_text(text: str | None) -> str:
    """The text as the index sees it: invisible characters that split words removed."""
    return re.sub(_INVISIBLE, "", text) if text else ""


def cjk_bigrams(text: str | None) -> str:
    """The shadow column: every CJK run as overlapping pairs (a one-character run stays itself); "" if none.

    The last character of each run is added alone too, so a one-character query (a prefix search over the
    pairs) finds it at the end of a run as well."""
    if not text:
        return ""
    grams: list[str] = []
    for run in re.findall(_CJK_RUN, text):
        if len(run) == 1:
            grams.append(run)
            continue
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
        grams.append(run[-1])
    return " ".join(grams)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


_COMBINING = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"  # compiled on first use


def _fold(text: str) -> str:
    """Lower case without diacritics (as the tokenizer's remove_diacritics), keeping the length when it can."""
    lowered = text.lower()
    if lowered.isascii() or len(lowered) != len(text):
        return lowered
    stripped = re.sub(_COMBINING, "", unicodedata.normalize("NFKD", lowered))
    return stripped if len(stripped) == len(text) else lowered


_SUFFIXES = (
    "ational",
    "ations",
    "ation",
    "ings",
    "ing",
    "ments",
    "ment",
    "ness",
    "edly",
    "ies",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
)


def _stem(word: str) -> str:
    """A light stemmer: enough to highlight "harbors" for "harbor" (the index itself uses Porter's)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass
class ParsedQuery:
    """What a person typed, as an FTS5 expression and as probes for building snippets."""

    expression: str
    words: list[str] = field(default_factory=list)  # folded stems of every word
    prefixes: list[str] = field(default_factory=list)  # folded prefixes (a trailing *)
    cjk: list[str] = field(default_factory=list)  # CJK runs, looked up as substrings


def parse_query(user_text: str) -> ParsedQuery | None:
    """Turn what a person typed into an FTS5 expression that can never be a syntax error.

    Every word becomes a quoted string (so ``-x``, ``AND``, ``title:``, ``*`` and ``(`` are plain text), words
    are ANDed, ``"two words"`` stays a phrase, stray quotes are dropped, a trailing ``*`` on the last word
    makes it a prefix search, and a word typed twice counts once. Parts with no letter or digit are dropped
    (FTS5 would match nothing for them). CJK runs are looked up in the bigram column. Returns None when
    nothing searchable is left.
    """
    text = index_text(user_text or "")
    parts: list[str] = []
    seen: set[str] = set()
    parsed = ParsedQuery("")
    matches = list(_QUERY_PART.finditer(text))
    for index, match in enumerate(matches):
        phrase, word = match.group(1), match.group(2)
        part = phrase if phrase is not None else word
        prefix = False
        if word is not None and index == len(matches) - 1 and word.endswith("*"):
            part, prefix = word.rstrip("*"), True
        part = " ".join(part.split())
        if not _WORD_CHAR.search(part):
            continue
        key = _fold(part) + ("*" if prefix else "")
        if key in seen:
            continue
        seen.add(key)
        runs = re.findall(_CJK_RUN, part)
        rest = re.sub(_CJK_RUN, " ", part).strip() if runs else part
        if rest and _WORD_CHAR.search(rest):
            parts.append(_quote(" ".join(rest.split())) + ("*" if prefix and not runs else ""))
            words = re.findall(r"\w+", _fold(rest))
            if prefix and not runs and words:
                parsed.prefixes.append(words[-1])
                words = words[:-1]
            parsed.words.extend(_stem(w) for w in words)
        for run in runs:
            if len(run) == 1:
                parts.append(f"{CJK_COLUMN} : {_quote(run)}*")
            else:
                pairs = " ".join(run[i : i + 2] for i in range(len(run) - 1))
                parts.append(f"{CJK_COLUMN} : {_quote(pairs)}")
            parsed.cjk.append(run)
    if not parts:
        return None
    parsed.expression = " ".join(parts)
    return parsed


def fts_query(user_text: str) -> str | None:
    """The FTS5 expression alone (see :func:`parse_query`)."""
    parsed = parse_query(user_text)
    return parsed.expression if parsed else None


_TOKEN = re.compile(r"\S+")
_CORE = re.compile(r"\w+(?:['’.\-]\w+)*")


def _first_match(folded: str, query: ParsedQuery) -> int | None:
    """Where the first word of the query starts in ``folded`` text (str.find: no regex over the text)."""
    best = len(folded)
    for probe, whole_word in [(w, True) for w in query.words + query.prefixes if w] + [(r, False) for r in query.cjk]:
        start = 0
        while (at := folded.find(probe, start, best)) >= 0:
            if not whole_word or at == 0 or not (folded[at - 1].isalnum() or folded[at - 1] == "_"):
                best = at
                break
            start = at + 1
    return best if best < len(folded) else None


def _matches(core: str, query: ParsedQuery) -> bool:
    folded = _fold(core)
    if _stem(folded) in query.words or folded in query.words:
        return True
    return any(folded.startswith(prefix) for prefix in query.prefixes)


def _mark_token(token: str, query: ParsedQuery) -> str:
    for run in query.cjk:
        if run in token:
            return token.replace(run, f"{SNIPPET_OPEN}{run}{SNIPPET_CLOSE}")
    lowered = token.lower()
    if lowered.isascii() and not any(probe in lowered for probe in query.words + query.prefixes):
        return token  # the common case, without a regex: a word that matches holds a query stem

    def mark(core: re.Match[str]) -> str:
        text = core.group(0)
        return f"{SNIPPET_OPEN}{text}{SNIPPET_CLOSE}" if _matches(text, query) else text

    return _CORE.sub(mark, token)


def make_snippet(text: str, query: ParsedQuery, words: int = SNIPPET_WORDS) -> str:
    """About ``words`` words of ``text`` around the first match, matches marked; the opening words if none.

    Costs time in proportion to the bounded prefix it is given (the caller passes at most
    :data:`SNIPPET_SOURCE_CHARS`), never to the number of matches in the whole body."""
    text = text[:SNIPPET_SOURCE_CHARS]
    found = _first_match(_fold(text), query)
    start = 0
    if found is not None:
        # Back up a few words so the match has some context before it.
        before = text[max(0, found - 80) : found].split()
        start = max(0, found - len(" ".join(before[-3:])) - (1 if before else 0))
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    window = text[start : start + words * 24]
    tokens = _TOKEN.findall(window)[:words]
    if not tokens:
        return ""
    shown = " ".join(_mark_token(token, query) for token in tokens)
    consumed = start + window.find(tokens[-1], sum(len(t) for t in tokens[:-1])) + len(tokens[-1])
    prefix = SNIPPET_ELLIPSIS if start > 0 else ""
    suffix = SNIPPET_ELLIPSIS if text[consumed:].strip() else ""
    return prefix + shown + suffix


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
    text = _IMAGE.sub(r"\1", without_anchors(markdown or ""))
    text = _LINK.sub(r"\1", text)
    text = _REF_DEF.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _LINE_MARKUP.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\", "")
    return index_text(_SPACES.sub(" ", text).strip())
