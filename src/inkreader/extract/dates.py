"""Dates as CNAS and the outlets print them -> ISO ``YYYY-MM-DD``.

Case-insensitive month names, full or abbreviated (with or without a dot, "Sept" too), zero-padded or not:
"March 08, 2019", "May 7, 2026", "MAY 7, 2026", "7 May 2026", "Mar. 8 2019"; ISO dates and datetimes
("2026-03-03", "2026-03-03T10:00:00Z", "2026/03/03"). The first date found in the text wins, so
"Published March 3, 2026" works too. Anything else (or an impossible day) gives None; this never raises.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "2026-03-03", and "2026/03/03" as citation_publication_date writes it (one separator throughout).
_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)")
_MONTH_FIRST = re.compile(
    r"\b" + _MONTH.format(name="mon") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format(name="mon") + r",?\s+(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)


def _make(year: str, month: int, day: str) -> str | None:
    try:
        value = date(int(year), month, int(day))
    except (ValueError, OverflowError):
        return None
    if not 1900 <= value.year <= 2200:
        return None
    return value.isoformat()


def date_start(text: str) -> int | None:
    """Where the first date in ``text`` begins (a byline that runs on into its date is cut there), or None."""
    starts = [match.start() for pattern in (_ISO, _MONTH_FIRST, _DAY_FIRST) if (match := pattern.search(text))]
    return min(starts) if starts else None


def parse_date(text: str | None) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, or None."""
    if not text or not isinstance(text, str):
        return None
    text = text[:500]  # dates sit at the start of what we hand in; cap the work on odd input
    candidates = []
    for pattern in (_ISO, _MONTH_FIRST, _DAY_FIRST):
        match = pattern.search(text)
        if match:
            candidates.append(match)
    for match in sorted(candidates, key=lambda m: m.start()):
        groups = match.groupdict()
        if "mon" in groups:
            key = groups["mon"].lower()
            month = _MONTHS.get(key[:4] if key.startswith("sept") else key[:3])
        else:
            month = int(groups["m"])
        if month is None:
            continue
        result = _make(groups["y"], month, groups["d"])
        if result:
            return result
    return None
