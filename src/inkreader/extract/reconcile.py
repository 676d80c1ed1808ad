"""Two extractions of one page, reconciled by agreement: ours (structure kept) and a second opinion's.

Where the two texts agree, ours is kept (its headings, lists and notes are the page's). Where one holds the
other and clearly more, the fuller one is taken (an article we cut short). Where they disagree (two different
blocks of the page), the one the page's own statement of its text (JSON-LD ``articleBody`` or description)
supports wins; failing that, the one with more running text.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from . import confidence as conf
from .fallback import text_length


@dataclass(frozen=True, slots=True)
class Verdict:
    fragment: HtmlElement
    method: str  # "generic" (ours stands) | "reconciled" (chosen or kept by agreement)
    confidence: float
    rule: str  # which rule decided (for the bench: what each one buys)


# Share of one text's shingles found in the other for the two to count as the same text.
AGREE = 0.7
LONGER = 1.3  # the fuller text must hold this much more to replace the other
STATED_EDGE = 0.2
# A fuller second opinion replaces a choice holding this share of the page's own text or more only when the
# page's stated text supports it: around a choice that is most of the page, "more" is mostly furniture.
FULLER_SHARE = 0.3  # how much better the page's own statement must support one side to settle a disagreement


def reconcile(
    ours: HtmlElement,
    kept: int,
    sure: float,
    share: float,
    theirs: HtmlElement | None,
    stated: list[str],
    min_words: int,
) -> Verdict:
    if theirs is None or len(conf.words(theirs.text_content())) < min_words:
        return Verdict(ours, "generic", sure, "none")
    mine = conf.shingles(conf.words(ours.text_content()))
    other = conf.shingles(conf.words(theirs.text_content()))
    theirs_in_ours, ours_in_theirs = conf.covered(other, mine), conf.covered(mine, other)
    their_length = text_length(theirs)
    if theirs_in_ours >= AGREE and ours_in_theirs >= AGREE:
        return Verdict(ours, "reconciled", max(sure, min(theirs_in_ours, ours_in_theirs)), "agree")
    mine_stated, theirs_stated = conf.agreement(mine, stated), conf.agreement(other, stated)
    stated_gain = (theirs_stated or 0.0) - (mine_stated or 0.0)
    if ours_in_theirs >= AGREE:  # theirs holds ours: take it when it is clearly more (we cut the article short)
        if their_length > LONGER * kept and (share < FULLER_SHARE or stated_gain >= STATED_EDGE):
            return Verdict(theirs, "reconciled", max(sure, ours_in_theirs * kept / their_length), "theirs-fuller")
        return Verdict(ours, "reconciled", max(sure, ours_in_theirs), "ours-in-theirs")
    if theirs_in_ours >= AGREE:  # ours holds theirs and more: the extra may be the article's or furniture
        return Verdict(ours, "reconciled", max(sure, theirs_in_ours * their_length / max(kept, 1)), "ours-fuller")
    # two different texts: the page's own statement settles it, else the clearly longer one
    if mine_stated is not None and theirs_stated is not None and abs(mine_stated - theirs_stated) >= STATED_EDGE:
        if theirs_stated > mine_stated:
            return Verdict(theirs, "reconciled", theirs_stated, "stated-theirs")
        return Verdict(ours, "reconciled", max(sure, mine_stated), "stated-ours")
    if their_length > LONGER * kept:
        return Verdict(theirs, "reconciled", sure, "longer-theirs")
    return Verdict(ours, "generic", sure, "ours")
