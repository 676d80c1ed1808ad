"""Person and organisation names as CSL name objects, from the bylines extraction gives us.

Bylines carry ranks and credentials ("Col. Marguerite Okafor, USA (Ret.)", "Dr. Ed Park, PhD"); citation
styles want the bare name, so honorifics and credentials are dropped and generational suffixes kept.
"""

from __future__ import annotations

import re

from inkreader.text import clean_line

# Ranks and titles that open a byline; compared without the trailing dot, case-insensitively.
_HONORIFICS = {
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "mx",
    "sir",
    "dame",
    "hon",
    "rev",
    "amb",
    "ambassador",
    "gen",
    "general",
    "lt",
    "ltg",
    "lieutenant",
    "maj",
    "major",
    "col",
    "colonel",
    "capt",
    "captain",
    "cmdr",
    "cdr",
    "commander",
    "adm",
    "admiral",
    "vadm",
    "radm",
    "rear",
    "vice",
    "brig",
    "brigadier",
    "sgt",
    "sen",
    "senator",
    "rep",
    "gov",
    "secretary",
    "the",
    "honorable",
    "ret",
}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}
# Family-name particles kept with the family name ("van der Berg"), CSL's non-dropping particle.
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten", "bin", "al"}
# Words that make a byline an organisation rather than a person.
_ORGANISATION_WORDS = {
    "center",
    "centre",
    "institute",
    "staff",
    "editors",
    "editorial",
    "board",
    "office",
    "foundation",
    "council",
    "program",
    "programme",
    "project",
    "team",
    "association",
    "university",
    "press",
    "agency",
    "department",
    "cnas",
    "committee",
    "society",
    "group",
    "news",
    "review",
}


def _bare(word: str) -> str:
    return word.strip(".,()").lower()


def csl_name(byline: str) -> dict[str, str] | None:
    """One CSL name: ``{"family", "given"[, "suffix", "non-dropping-particle"]}`` or ``{"literal"}``."""
    text = clean_line(byline)
    if not text:
        return None
    words = text.split()
    if any(_bare(word) in _ORGANISATION_WORDS for word in words) or len(words) == 1:
        return {"literal": text}
    head, *tail = [part.strip() for part in text.split(",")]
    suffix = next((part for part in tail if _bare(part) in _SUFFIXES), None)
    # "Jane Doe (Ret.)" and "Jane Doe (USMC)": parentheses hold credentials, never a name.
    words = re.sub(r"\([^)]*\)", " ", head).split()
    while len(words) > 2 and _bare(words[0]) in _HONORIFICS:
        words.pop(0)
    if words and _bare(words[-1]) in _SUFFIXES and len(words) > 2:
        suffix = suffix or words.pop()
    if len(words) < 2:
        return {"literal": text}
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].lower() in _PARTICLES:
        family_start -= 1
    name: dict[str, str] = {"family": " ".join(words[family_start:]), "given": " ".join(words[:family_start])}
    particle = [w for w in words[family_start:-1] if w.lower() in _PARTICLES]
    if particle:
        name = {"family": words[-1], "given": name["given"], "non-dropping-particle": " ".join(particle)}
    if suffix:
        name["suffix"] = suffix
    return name


def display_family(name: dict[str, str]) -> str:
    """The family name with its particle ("van der Berg"), or the literal name."""
    if "literal" in name:
        return name["literal"]
    return " ".join(p for p in (name.get("non-dropping-particle"), name["family"]) if p)
