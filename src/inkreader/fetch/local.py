"""A local .html (or PDF) file named on the command line, read as a Page (same decoding and checks as the web)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import FetchError
from ..files import NotRegularFile, read_regular
from ..model import Page, utc_now_iso
from .body import starts_like_pdf
from .checks import sniff_binary
from .decode import bom_encoding, charset_from_meta, decode_body

MAX_LOCAL_BYTES = 10 * 1024 * 1024
MAX_LOCAL_PDF_BYTES = 50 * 1024 * 1024  # PDFs have their own cap, as on the web (pdf/limits.py says why)
# A saved page has markup near its start; a text file, a log or /etc/passwd does not.
_LOOKS_LIKE_HTML = re.compile(rb"<(?:!doctype|html|head|body|meta|title|article|main|div|p)[\s>]", re.IGNORECASE)


def read_local_file(path: str | os.PathLike[str]) -> Page:
    """Read ``path`` as an HTML page; ``final_url`` is its ``file://`` URL. Failures are FetchErrors."""
    file = Path(path).expanduser()
    try:
        resolved = file.resolve()
        # Only a regular file: a FIFO would block the open for ever, a device would never end.
        content = read_regular(resolved, MAX_LOCAL_PDF_BYTES)
    except NotRegularFile as error:
        raise FetchError(f"{file} is {error.kind}; inkreader reads only regular files.", url=str(file)) from None
    except OSError as error:
        raise FetchError(f"Cannot read {file}: {error.strerror or error}", url=str(file)) from None
    url = resolved.as_uri()
    if starts_like_pdf(content) and len(content) <= MAX_LOCAL_PDF_BYTES:
        return Page(
            url=url,
            final_url=url,
            status=200,
            content=content,
            text="",
            encoding="",
            content_type="application/pdf",
            fetched_at=utc_now_iso(),
        )
    if len(content) > MAX_LOCAL_BYTES:
        raise FetchError(f"{file} is larger than 10 MB; inkreader does not read it.", url=url)
    if not content.strip():
        raise FetchError(f"{file} is empty.", url=url)
    declared = charset_from_meta(content) or ""
    wide = bom_encoding(content) is not None or declared.startswith(("utf-16", "utf-32"))
    binary = sniff_binary(content, wide_charset=wide)
    if binary:
        raise FetchError(f"{file} is not an HTML page ({binary}).", url=url)
    if not _LOOKS_LIKE_HTML.search(content[:65536]):
        raise FetchError(f"{file} is not an HTML page (no HTML markup near its start).", url=url)
    text, encoding = decode_body(content, None)
    return Page(
        url=url,
        final_url=url,
        status=200,
        content=content,
        text=text,
        encoding=encoding,
        content_type="text/html",
        fetched_at=utc_now_iso(),
    )
