"""The citation key, one rule for BibTeX keys and CSL-JSON ids: Zotero's own BibTeX export rule.

``<first author's family name>_<first title word>_<year>``, lower case: ``okafor_tidewater_2026``.
The title word is the first one left after dropping leading articles and short function words (Zotero's
list); missing parts become ``noauthor``, ``notitle``, ``nodate``. Accents are folded to ASCII and anything
outside ``[a-z0-9_-]`` is dropped, so the key is safe in BibTeX, biber and LaTeX ``\\cite{}``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .names import display_family

# Zotero BibTeX.js citeKeyTitleBannedRe: words skipped when picking the title word.
_BANNED = re.compile(
    r"\b(a|an|the|some|from|on|in|to|of|do|with|der|die|das|ein|eine|einer|eines|einem|einen|un|une|la|le|"
    r"l'|el|las|los|al|uno|una|unos|unas|de|des|del|d')(\s+|\b)",
)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9_-]+", "", folded.lower())


def citation_key(item: dict[str, Any]) -> str:
    authors = item.get("author") or []
    family = _ascii(display_family(authors[0]).replace(" ", "_").replace(",", "")) if authors else ""
    title = _BANNED.sub("", (item.get("title") or "").lower())
    words = [_ascii(word) for word in title.split()]
    word = next((w for w in words if w), "")
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    year = str(parts[0]) if parts else ""
    return f"{family or 'noauthor'}_{word or 'notitle'}_{year or 'nodate'}"
