"""Anchoring: make a W3C text-quote selector from a selection, and find it again in a (changed) document.

Placing a highlight tries, in order, and stops at the first that finds it:
1. ``exact``: the quote with its prefix and suffix context, as selected;
2. ``quote``: the quote alone (the text around it changed: a paragraph inserted before it, say), the
   occurrence whose context matches best, then the one nearest the block it was made in;
3. ``normalised``: the same, ignoring case, runs of white space, and typographic quotes and dashes;
4. ``fuzzy``: an approximate match inside one block, at least :data:`FUZZY_MIN_RATIO` alike (a typo fixed, a
   word changed), searched in at most :data:`FUZZY_MAX_BLOCKS` blocks nearest the hint.
A highlight none of these places is *detached*: kept, listed, never dropped.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from inkreader.model import TextQuote

from .text import DocumentText

CONTEXT_CHARS = 32  # prefix and suffix kept with a quote
FUZZY_MIN_RATIO = 0.85  # difflib ratio a fuzzy match needs (a reworded sentence falls well below)
FUZZY_MIN_CHARS = 16  # shorter quotes are too ambiguous to place approximately
FUZZY_MAX_CHARS = 2000  # longer quotes are placed exactly or not at all (difflib is quadratic)
FUZZY_MAX_BLOCKS = 60
_MAX_OCCURRENCES = 500


@dataclass(frozen=True, slots=True)
class Placement:
    start: int  # document offsets (DocumentText.text), end exclusive
    end: int
    block: int  # block of the first character, and offset in that block's text
    block_start: int
    end_block: int  # block of the last character, and offset just past it in that block's text
    block_end: int
    method: str  # "exact" | "quote" | "normalised" | "fuzzy"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` clamped to ``text`` and moved in past white space at the ends (may become empty)."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def make_selector(doc: DocumentText, start: int, end: int) -> TextQuote:
    """The selector for ``doc.text[start:end]``, trimmed of white space at its ends (ValueError if empty)."""
    start, end = trim(doc.text, start, end)
    if start >= end:
        raise ValueError("an empty selection")
    return TextQuote(
        exact=doc.text[start:end],
        prefix=doc.text[max(0, start - CONTEXT_CHARS) : start],
        suffix=doc.text[end : end + CONTEXT_CHARS],
        block_hint=doc.block_at(start),
    )


def placement(doc: DocumentText, start: int, end: int, method: str) -> Placement:
    block, end_block = doc.block_at(start), doc.block_at(max(start, end - 1))
    return Placement(
        start, end, block, start - doc.blocks[block].start, end_block, end - doc.blocks[end_block].start, method
    )


def place(selector: TextQuote, doc: DocumentText) -> Placement | None:
    """Where ``selector`` is in ``doc`` now, or None (detached)."""
    if not selector.exact or not doc.blocks:
        return None
    hint = selector.block_hint
    hint_offset = doc.blocks[min(hint, len(doc.blocks) - 1)].start if hint is not None and hint >= 0 else 0
    found = _best_occurrence(doc.text, selector.exact, selector.prefix, selector.suffix, hint_offset)
    if found is not None:
        start, full_context = found
        return placement(doc, start, start + len(selector.exact), "exact" if full_context else "quote")
    folded_text, index_map = fold(doc.text)
    folded_quote, _ = fold(selector.exact)
    if folded_quote.strip():
        found = _best_occurrence(
            folded_text, folded_quote, fold(selector.prefix)[0], fold(selector.suffix)[0], hint_offset, index_map
        )
        if found is not None:
            start = index_map[found[0]]
            end = index_map[found[0] + len(folded_quote) - 1] + 1
            return placement(doc, start, end, "normalised")
    return _fuzzy(selector, doc)


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> tuple[int, bool]:
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    matched_before = 0
    while matched_before < min(len(before), len(prefix)) and before[-1 - matched_before] == prefix[-1 - matched_before]:
        matched_before += 1
    matched_after = 0
    while matched_after < min(len(after), len(suffix)) and after[matched_after] == suffix[matched_after]:
        matched_after += 1
    # At the start or end of the document the context is shorter than recorded: what there is must match.
    full = matched_before == min(len(prefix), start) and matched_after == min(len(suffix), len(text) - end)
    return matched_before + matched_after, full


def _best_occurrence(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    hint_offset: int,
    index_map: list[int] | None = None,
) -> tuple[int, bool] | None:
    """The occurrence of ``quote`` whose context matches best (then the nearest the hint): (offset, full)."""
    best: tuple[tuple[int, int, int], int, bool] | None = None
    position = text.find(quote)
    count = 0
    while position != -1 and count < _MAX_OCCURRENCES:
        score, full = _context_score(text, position, position + len(quote), prefix, suffix)
        original = index_map[position] if index_map else position
        key = (1 if full else 0, score, -abs(original - hint_offset))
        if best is None or key > best[0]:
            best = (key, position, full)
        position = text.find(quote, position + 1)
        count += 1
    return None if best is None else (best[1], best[2])


_FOLDS = {
    "’": "'",
    "‘": "'",
    "‚": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "″": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "\u00a0": " ",
    "…": "...",
}


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased with white-space runs as one space and typographic quotes and dashes plain, and for
    each character of the result the offset in ``text`` it came from."""
    out: list[str] = []
    index_map: list[int] = []
    previous_space = False
    for offset, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            previous_space = True
            out.append(" ")
            index_map.append(offset)
            continue
        previous_space = False
        folded = _FOLDS.get(char, char.lower())
        if len(char.lower()) != 1 and char not in _FOLDS:
            folded = char
        for piece in folded:
            out.append(piece)
            index_map.append(offset)
    return "".join(out), index_map


def _fuzzy(selector: TextQuote, doc: DocumentText) -> Placement | None:
    quote, _ = fold(selector.exact)
    if not FUZZY_MIN_CHARS <= len(quote) <= FUZZY_MAX_CHARS:
        return None
    hint = selector.block_hint if selector.block_hint is not None else 0
    order = sorted(range(len(doc.blocks)), key=lambda index: abs(index - hint))[:FUZZY_MAX_BLOCKS]
    best: tuple[float, int, int, int] | None = None  # ratio, -distance, start, end (document offsets)
    for index in order:
        block = doc.blocks[index]
        text, index_map = fold(block.text)
        if len(text) < len(quote) * FUZZY_MIN_RATIO:
            continue
        window = _best_window(text, quote)
        if window is None:
            continue
        ratio, start, end = window
        candidate = (ratio, -abs(index - hint), block.start + index_map[start], block.start + index_map[end - 1] + 1)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None:
        return None
    return placement(doc, best[2], best[3], "fuzzy")


def _best_window(text: str, quote: str) -> tuple[float, int, int] | None:
    """The stretch of ``text`` most like ``quote`` (ratio, start, end), if it is alike enough."""
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    starts = {max(0, a - b) for a, b, size in matcher.get_matching_blocks() if size >= 4}
    best: tuple[float, int, int] | None = None
    scorer = difflib.SequenceMatcher(None, autojunk=False)
    scorer.set_seq2(quote)
    for start in sorted(starts):
        for length in {len(quote), int(len(quote) * 0.9), int(len(quote) * 1.1)}:
            end = min(len(text), start + length)
            scorer.set_seq1(text[start:end])
            if scorer.real_quick_ratio() < FUZZY_MIN_RATIO or scorer.quick_ratio() < FUZZY_MIN_RATIO:
                continue
            ratio = scorer.ratio()
            if ratio >= FUZZY_MIN_RATIO and (best is None or ratio > best[0]):
                best = (ratio, start, end)
    if best is None:
        return None
    ratio, start, end = best
    while start > 0 and not text[start - 1].isspace() and text[start].isalnum():
        start -= 1  # widen to whole words
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return ratio, start, end
