"""Bylines -> author names.

"By A, B & C" -> [A, B, C]; "A and B" -> [A, B]; a leading "By" goes; titles stay part of the name
("Dr. ED Whitcombe"); comma suffixes stay whole ("Col. Ada Example, USA (Ret.)", "X, Jr.", "Y, PhD").
Roles written after a name are not people: "Ada Example, Senior Fellow, and Bo Sample, Director of the
Energy Program" -> [Ada Example, Bo Sample]; so are dates and reading times. At most :data:`MAX_AUTHORS`.
Never raises.
"""

from __future__ import annotations

import re

from ..text import clean_line

MAX_AUTHORS = 20

# What may follow a name after a comma without being another person.
_SUFFIX = re.compile(
    r"""^(?:
        (?:jr|sr|ii|iii|iv|v|phd|ph\.\s?d|md|m\.d|esq|mba|jd|j\.d|dphil|obe|mbe|cbe|kbe)\.?
        | (?:usa|usn|usaf|usmc|uscg|ussf|usar|ang|rn|ret)\.?(?:\s*\(\s*ret\.?\s*\))?
        | \(\s*ret\.?\s*\)
        | retired
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_LEADING_BY = re.compile(r"^\s*(?:(?:written|words|posted|reported)\s+)?by\s*(?::\s*|\s)", re.IGNORECASE)
# What a page prints before the names: "Authors:", "Text und Interview:", "View all posts by", "Beitrag von".
_LEADING_LABEL = re.compile(
    r"^\s*(?:[^:,;]{1,40}:(?!//)\s*(?=\S)"
    r"|(?:authors?|autor(?:in|en)?)\s+"
    r"|(?:view\s+)?(?:all\s+)?(?:posts|articles|stories|more)\s+(?:by|from)\s+"
    r"|(?:zeige\s+)?(?:alle\s+)?(?:beitr[äa]ge|beitrag|artikel)\s+von\s+"
    r"|(?:geschrieben|verfasst|publi[ée]|[ée]crit)\s+(?:von|par)\s+)",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|news|co|io|de|uk|fr|es|it|ch|at)$", re.IGNORECASE)
# "&", "and" (also ", and") between names; "with" too ("By A with B").
_AND = re.compile(r"\s*(?:,\s*)?(?:&|\band\b|\bwith\b)\s*", re.IGNORECASE)
# Words that make a comma part a role or an affiliation, not a person ("Senior Fellow", "Director of …").
_ROLE_WORDS = frozenset(
    """fellow fellows director directors professor president vice chair chairman chairwoman analyst analysts
    editor editors researcher research associate adviser advisor scholar officer manager correspondent
    contributor contributing columnist reporter writer lecturer founder ceo cto deputy assistant intern
    program programme initiative project center centre institute university college school department
    nonresident non-resident senior visiting former adjunct emeritus principal chief staff member members
    coordinator specialist consultant candidate student partner counsel secretary minister""".split()
)
# Lower-case words a name may hold ("Ed van der Berg", "Ana de la Cruz", "Omar bin Said").
_PARTICLES = frozenset("van von der den de del della di da du la le ter ten bin al dos das y".split())
_WORD = re.compile(r"[\w'’.-]+")
_NUMBER_ONLY = re.compile(r"[\d\s./:-]+(?:st|nd|rd|th)?", re.IGNORECASE)
_MAX_NAME_WORDS = 6


def is_role(part: str) -> bool:
    """A byline part that names a role or an affiliation rather than a person."""
    words = _WORD.findall(part)
    if not words:
        return False
    if _DOMAIN.match(part.strip()):
        return True  # "Cleveland.com" after a name: the outlet, not a person
    if any(word.lower().strip(".") in _ROLE_WORDS for word in words):
        return True
    if len(words) > _MAX_NAME_WORDS:
        return True
    first = words[0]
    # "a senior fellow at X", "who leads …": a clause in lower case; "van der Berg" is a name, "tlow" a handle
    return len(words) > 1 and first[:1].islower() and first.lower() not in _PARTICLES


def strip_label(text: str) -> str:
    """A byline without the words printed before the names ("By", "Authors:", "View all posts by")."""
    return _LEADING_BY.sub("", _LEADING_LABEL.sub("", text))


def looks_like_name(name: str) -> bool:
    """A person's name as bylines print them: no digits, no clause; each word capitalised (particles aside),
    or a script without capitals."""
    if any(c.isdigit() for c in name) or len(name.split()) > _MAX_NAME_WORDS:
        return False
    words = _WORD.findall(name)
    for word in words:
        first = word[:1]
        if first.islower() and word.lower() not in _PARTICLES:
            return False
    # "Artikel von": a label cut off before the name, not a name ending in a particle
    return bool(words) and words[-1].lower() not in _PARTICLES and any(c.isalpha() for c in name)


def split_authors(text: str | None) -> list[str]:
    """Split a byline into names, in order, without duplicates."""
    if not text or not isinstance(text, str):
        return []
    line = strip_label(clean_line(text[:2000]))
    names: list[str] = []
    for chunk in _AND.split(line):
        for part in chunk.split(","):
            part = part.strip(" ;:|·•\u00a0")
            if not part:
                continue
            if names and _SUFFIX.match(part):
                names[-1] = f"{names[-1]}, {part}"
            elif _NUMBER_ONLY.fullmatch(part):
                continue  # "2026" cut loose from a date
            elif names and is_role(part):
                continue
            else:
                names.append(part)
    seen: set[str] = set()
    result = []
    for name in names:
        name = name.strip(" ,")
        if name and name.lower() not in seen and name.lower() != "by":
            seen.add(name.lower())
            result.append(name)
    return result[:MAX_AUTHORS]
