"""URL helpers: canonical form of CNAS addresses, absolute links, "is this the same page".

``canonical_url`` is public: the reader service and the library use it as the key of a page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..text import clean_text

CNAS_HOSTS = frozenset({"www.cnas.org", "cnas.org"})

# Craft CMS preview tokens circulate in public URLs; they never change the content.
_PREVIEW_PARAMS = frozenset({"token", "x-craft-preview", "x-craft-live-preview"})


def host_of(url: str) -> str:
    """Lower-case host without port or trailing dot ("" when the URL has none or cannot be parsed)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def is_cnas_host(url: str) -> bool:
    return host_of(url) in CNAS_HOSTS


def canonical_url(url: str) -> str:
    """The address a page is known by.

    - apex ``cnas.org`` becomes ``www.cnas.org`` (the site redirects there);
    - ``utm_*`` tracking parameters and the Craft preview parameters ``x-craft-preview`` /
      ``x-craft-live-preview`` are dropped everywhere; ``token`` is dropped on CNAS hosts or next to a
      Craft preview parameter (elsewhere a ``token`` may be what opens the page);
    - the fragment is dropped; every other parameter is kept, in order.
    Never raises: what cannot be parsed comes back stripped of surrounding blanks.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme not in ("http", "https"):
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    host = (parts.hostname or "").rstrip(".").lower()
    if host == "cnas.org":
        host = "www.cnas.org"
    netloc = host
    if parts.username or parts.password:
        auth = parts.username or ""
        if parts.password:
            auth += ":" + parts.password
        netloc = f"{auth}@{netloc}"
    default_port = {"http": 80, "https": 443}[parts.scheme]
    if port and port != default_port:
        netloc += f":{port}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    names = {name.lower() for name, _ in pairs}
    drop_token = host in CNAS_HOSTS or bool(names & {"x-craft-preview", "x-craft-live-preview"})
    kept = [
        (name, value)
        for name, value in pairs
        if not name.lower().startswith("utm_")
        and not (name.lower() in _PREVIEW_PARAMS and (name.lower() != "token" or drop_token))
    ]
    query = urlencode(kept) if len(kept) != len(pairs) else parts.query
    return urlunsplit((parts.scheme, netloc, parts.path or "/", query, ""))


def absolute_url(href: str | None, base_url: str) -> str | None:
    """Resolve ``href`` against ``base_url``; protocol-relative links get ``https:`` (the old CNAS PDF links
    are ``//s3.amazonaws.com/...``: inheriting ``http:`` from a test server or ``file:`` from a saved page
    would break them). Returns None for empty, ``javascript:``, ``mailto:``-less garbage or unparsable hrefs."""
    if href is None:
        return None
    # as browsers do (WHATWG URL): tabs and newlines vanish, outer blanks go; and no control characters
    href = clean_text(href).replace("\t", "").replace("\n", "").strip().replace(" ", "%20")
    if not href or href.lower().startswith(("javascript:", "data:", "vbscript:")):
        return None
    if href.startswith("//"):
        return "https:" + href
    try:
        return urljoin(base_url, href)
    except ValueError:
        return None


def same_page(a: str, b: str) -> bool:
    """True when two URLs name the same page (canonical form, trailing slash ignored)."""
    ca, cb = canonical_url(a), canonical_url(b)
    return ca.rstrip("/") == cb.rstrip("/")
