"""How sure the generic extractor is of the block it chose, from signals any page has.

Signals (each 0..1, 1 = sure):

- share: the chosen text's part of the page's own visible text (outside links). An article is most of what a
  page says; a dateline or a contact box beside a story is a small part of it.
- margin: how far the chosen block's score stands above the best candidate elsewhere on the page (not inside
  it, not around it). Two blocks scoring alike (a story and a related story) is a coin toss.
- links: the chosen text's link density, inverted. Running text has few links; a menu or a teaser rail has many.
- paragraphs: how many prose paragraphs the choice holds. One line may be the article; five paragraphs are.
- agreement: the page's own statement of its text (JSON-LD ``articleBody``, else the description) found in the
  choice. Neutral when the page states nothing.

The confidence is their weighted mean; which candidate was taken (the first choice, or a fall-back to the
densest prose or the whole page) lowers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml.html import HtmlElement

from ..text import word_pattern

SHINGLE = 3


@dataclass(frozen=True, slots=True)
class Signals:
    share: float
    margin: float
    links: float
    paragraphs: float
    agreement: float | None  # None: the page states no text of its own to compare with

    def confidence(self, fallback_step: int = 0) -> float:
        parts = [
            (SHARE_WEIGHT, self.share),
            (MARGIN_WEIGHT, self.margin),
            (LINKS_WEIGHT, self.links),
            (PARAGRAPHS_WEIGHT, self.paragraphs),
        ]
        if self.agreement is not None:
            parts.append((AGREEMENT_WEIGHT, self.agreement))
        value = sum(w * v for w, v in parts) / sum(w for w, _ in parts)
        if self.agreement is not None and self.agreement >= STATED_AGREEMENT:
            value = max(value, STATED_CONFIDENCE)  # the page itself says this is its text
        return max(0.0, min(1.0, value - FALLBACK_STEP_COST * fallback_step))


SHARE_WEIGHT, MARGIN_WEIGHT, LINKS_WEIGHT, PARAGRAPHS_WEIGHT, AGREEMENT_WEIGHT = 0.3, 0.2, 0.15, 0.2, 0.15
STATED_AGREEMENT, STATED_CONFIDENCE = 0.8, 0.9
FALLBACK_STEP_COST = 0.1
FULL_SHARE = 0.5  # an article holding half the page's own text or more is as sure as share can make it
FULL_PARAGRAPHS = 5
FULL_DENSITY = 0.3  # link density at which the links signal reaches zero


def words(text: str) -> list[str]:
    return [w.casefold() for w in word_pattern().findall(text)]


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    if len(tokens) < SHINGLE:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def covered(part: set[tuple[str, ...]], whole: set[tuple[str, ...]]) -> float:
    """Share of ``part``'s shingles found in ``whole`` (0 when ``part`` is empty)."""
    return len(part & whole) / len(part) if part else 0.0


def margin(chosen: HtmlElement, scores: dict[HtmlElement, float]) -> float:
    """1 - (best other score / chosen score), the other being neither inside nor around the choice."""
    mine = scores.get(chosen, 0.0)
    if mine <= 0:
        mine = max((s for el, s in scores.items() if el is chosen or chosen in el.iterancestors()), default=0.0)
    if mine <= 0:
        return 0.0
    around = set(chosen.iterancestors())
    other = 0.0
    for el, score in scores.items():
        if score <= other or el is chosen or el in around or any(a is chosen for a in el.iterancestors()):
            continue
        other = score
    return max(0.0, 1.0 - other / mine)


def paragraphs(fragment: HtmlElement) -> int:
    """Prose paragraphs in the fragment: blocks of 80 characters or more outside links."""
    count = 0
    for el in fragment.iter("p", "li", "blockquote", "td", "pre", "div"):
        if el.tag == "div" and any(isinstance(c.tag, str) and c.tag not in _INLINE for c in el):
            continue
        text = " ".join(el.text_content().split())
        linked = sum(len(a.text_content()) for a in el.iter("a"))
        if len(text) - linked >= PARAGRAPH_CHARS:
            count += 1
    return count


PARAGRAPH_CHARS = 80
_INLINE = frozenset("a abbr b br cite code em font i img q s small span strong sub sup time u".split())


def link_density(fragment: HtmlElement) -> float:
    total = len(" ".join(fragment.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in fragment.iter("a"))
    return linked / total if total else 1.0


def agreement(text_shingles: set[tuple[str, ...]], stated: Iterable[str]) -> float | None:
    """How much of the page's stated text (articleBody, else description) the choice holds."""
    for statement in stated:
        theirs = shingles(words(statement))
        if len(theirs) >= MIN_STATED_SHINGLES:
            return covered(theirs, text_shingles)
    return None


MIN_STATED_SHINGLES = 8


def measure(
    fragment: HtmlElement,
    kept: int,
    visible: int,
    chosen: HtmlElement | None,
    scores: dict[HtmlElement, float],
    stated: list[str],
) -> Signals:
    # (the text's shingles only where the page states a text to compare them with)
    text_shingles = shingles(words(fragment.text_content())) if stated else set()
    return Signals(
        share=min(1.0, kept / (FULL_SHARE * visible)) if visible > 0 else 0.0,
        margin=margin(chosen, scores) if chosen is not None else 0.0,
        links=max(0.0, 1.0 - link_density(fragment) / FULL_DENSITY),
        paragraphs=min(1.0, paragraphs(fragment) / FULL_PARAGRAPHS),
        agreement=agreement(text_shingles, stated),
    )
