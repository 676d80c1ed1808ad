"""What a link clicked in the reading pane should do. UI-free: the screen acts on the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from urllib.parse import urldefrag, urljoin, urlsplit

from inkreader.text import clean_line

# Documents and media the reader cannot show: offered to the system browser instead (PDFs it reads itself).
NOT_ARTICLE_SUFFIXES = frozenset(
    ".epub .doc .docx .xls .xlsx .ppt .pptx .zip .gz .tar .csv "
    ".mp3 .m4a .wav .ogg .oga .flac .aac .mp4 .m4v .mov .webm .avi .mkv "
    ".jpg .jpeg .png .gif .webp .svg .bmp .tif .tiff .ico".split()
)


class LinkAction(Enum):
    OPEN = "open"  # an http(s) page: open it in the reader
    ANCHOR = "anchor"  # a fragment of the current document
    BROWSER = "browser"  # http(s) but not an article (audio, image, office file...): offer the system browser
    REFUSE = "refuse"  # javascript:, data:, file:, mailto:, ... never followed


@dataclass(frozen=True, slots=True)
class LinkVerdict:
    action: LinkAction
    url: str  # absolute URL (OPEN/BROWSER), the anchor (ANCHOR), the cleaned href (REFUSE)
    reason: str = ""  # one line for the user when refused


def classify_link(href: str, base_url: str | None) -> LinkVerdict:
    """Resolve ``href`` against the article's URL and decide what clicking it does."""
    href = (href or "").strip()
    if not href:
        return LinkVerdict(LinkAction.REFUSE, "", "That link has no address.")
    if href.startswith("#"):
        return LinkVerdict(LinkAction.ANCHOR, href[1:])
    resolved = urljoin(base_url or "", href)
    scheme = urlsplit(resolved).scheme.lower()
    if scheme not in ("http", "https"):
        shown = clean_line(href)[:60]
        label = f"{scheme}: links" if scheme else "relative links"
        return LinkVerdict(LinkAction.REFUSE, shown, f"Not opening {label}: {shown}")
    document, fragment = urldefrag(resolved)
    if fragment and base_url and document == urldefrag(base_url)[0]:
        return LinkVerdict(LinkAction.ANCHOR, fragment)
    path = urlsplit(document).path.lower()
    dot = path.rfind(".")
    if dot > path.rfind("/") and path[dot:] in NOT_ARTICLE_SUFFIXES:
        return LinkVerdict(LinkAction.BROWSER, document)
    return LinkVerdict(LinkAction.OPEN, document)
