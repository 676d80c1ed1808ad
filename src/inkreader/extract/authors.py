"""Bylines -> author names.

"By A, B & C" -> [A, B, C]; "A and B" -> [A, B]; a leading "By" goes; titles stay part of the name
("Dr. ED Whitcombe"); comma suffixes stay whole ("Col. Ada Example, USA (Ret.)", "X, Jr.", "Y, PhD").
Never raises.
"""

from __future__ import annotations

import re

from ..text import clean_line

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
_LEADING_BY = re.compile(r"^\s*(?:written\s+)?by[:\s]\s*", re.IGNORECASE)
# "&", "and" (also ", and") between names; "with" too ("By A with B").
_AND = re.compile(r"\s*(?:,\s*)?(?:&|\band\b|\bwith\b)\s*", re.IGNORECASE)


def split_authors(text: str | None) -> list[str]:
    """Split a byline into names, in order, without duplicates."""
    if not text or not isinstance(text, str):
        return []
    line = clean_line(text[:2000])
    line = _LEADING_BY.sub("", line)
    names: list[str] = []
    for chunk in _AND.split(line):
        for part in chunk.split(","):
            part = part.strip(" ;:|·•\u00a0")
            if not part:
                continue
            if names and _SUFFIX.match(part):
                names[-1] = f"{names[-1]}, {part}"
            else:
                names.append(part)
    seen: set[str] = set()
    result = []
    for name in names:
        name = name.strip(" ,")
        if name and name.lower() not in seen and name.lower() != "by":
            seen.add(name.lower())
            result.append(name)
    return result
