"""Citations of a piece: formatted by the official CSL styles, or as BibTeX, RIS and CSL-JSON for Zotero.

Everything is built from one CSL-JSON item (:func:`csl_item`), so the formats agree with one another.
"""

from __future__ import annotations

import json

from inkreader.model import Article

from .bibtex import bibtex_entry
from .csl import csl_item
from .keys import citation_key
from .ris import ris_record

FORMATS = ("chicago", "apa", "mla", "bibtex", "ris", "csl-json")
DEFAULT_FORMAT = "chicago"


def citation(article: Article, fmt: str = DEFAULT_FORMAT, *, accessed: str | None = None) -> str:
    """The citation of ``article`` in ``fmt`` (one of :data:`FORMATS`), ending with a newline.

    ``accessed`` (ISO date) is the access date; by default the date the library fetched its copy.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown citation format {fmt!r}; choose one of {', '.join(FORMATS)}")
    item = csl_item(article, accessed=accessed)
    if fmt == "bibtex":
        return bibtex_entry(item)
    if fmt == "ris":
        return ris_record(item)
    if fmt == "csl-json":
        return json.dumps([item], ensure_ascii=False, indent=2) + "\n"
    from .styles import formatted  # citeproc is imported only here

    text = formatted(item, fmt) + "\n"
    # The related version (the think tank's page of a piece cited from its outlet) or the outlet's address:
    # the styles print no note in a bibliography entry, so it follows on its own line.
    if item.get("note"):
        text += item["note"] + "\n"
    return text


__all__ = ["DEFAULT_FORMAT", "FORMATS", "citation", "citation_key", "csl_item"]
