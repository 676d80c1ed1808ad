"""HTML-level hostile pages for the CLI and TUI tests: deep nesting, a JavaScript shell, dangerous link schemes,
markup and terminal escapes in every field, broken encodings, poisoned redirects.

``install_hostile_pages(server)`` registers every route on a :class:`server.FixtureServer` and returns
``{name: url}``. The prose is our own. HTTP-level hostility (bombs, drips, loops) lives in ``hostile_routes``.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from server import FixtureServer, respond

# Terminal and Rich hostility, one of each kind. Any of these reaching a terminal raw would act on it.
OSC52_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"  # "write 'rm -rf ~' to the clipboard"
OSC8_LINK = "\x1b]8;;http://evil.example/\x07spoofed\x1b]8;;\x07"
CSI_RED = "\x1b[31;1m"
CSI_CLEAR = "\x1b[2J\x1b[H"
TITLE_REPORT = "\x1b]0;pwned window title\x1b\\"  # OSC 0 ended by ST
DCS = "\x1bP1$qm\x1b\\"  # DECRQSS: asks the terminal to answer back
C1_CSI = "\x9b31m"  # 8-bit CSI
CONTROLS = "\x07\x08\x0b\x0c\x7f\x1c"  # BEL, BS, VT, FF, DEL, FS: a few are text; a body of them is data
BIDI = "\u202egnp.exe\u202c"  # right-to-left override
ALL_ESCAPES = OSC52_CLIPBOARD + OSC8_LINK + CSI_RED + CSI_CLEAR + TITLE_REPORT + DCS + C1_CSI + CONTROLS + BIDI

RICH_TITLE = "[bold red]Ports[/] and [link=http://evil.example]harbours[/link] [@click=app.quit]now[/]"
RICH_AUTHOR = "[blink]Ada Marlow[/blink]"
RICH_BODY = "[reverse]inverted[/reverse] and [on red]alarm[/on red] and \\[escaped]"

CHAIN_OK = 10
SECRET_FILE = "/etc/passwd"  # a file: link points here; its text must never show up anywhere


def _article(title: str, paragraphs: list[str], *, head: str = "", charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='{charset}'><title>{title}</title>{head}</head><body>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    )


FILLER = [
    "Coastal states rarely agree on how to share the cost of dredging the channels their navies depend on, "
    "and the argument resurfaces every budget cycle with new charts and the same old grievances.",
    "Harbour pilots, tug crews and crane operators form a workforce that no exercise scenario treats as scarce, "
    "yet a single strike or outbreak can idle a port faster than any blockade could hope to.",
    "The planners we spoke with wanted simpler things than new ships: spare parts on the quay, paper manifests "
    "in a drawer, and a telephone tree that still works when the network does not.",
    "None of this is glamorous, which is exactly why it is neglected, and exactly why a rival studying the "
    "coast would look there first for the cheapest way to slow a reinforcement.",
]


# -- structure ----------------------------------------------------------------------------------------------
def nested_divs_html(depth: int = 20_000) -> str:
    inner = "".join(f"<p>{p}</p>" for p in FILLER)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Twenty Thousand Divs Deep</title></head><body>"
        + "<div>" * depth
        + "<h1>Twenty Thousand Divs Deep</h1>"
        + inner
        + "</div>" * depth
        + "</body></html>"
    )


def nested_inline_html(depth: int = 20_000) -> str:
    """Deep inline nesting inside one paragraph: a recursive converter meets it head on."""
    inner = "<p>" + "<span><b>" * (depth // 2) + "the innermost words" + "</b></span>" * (depth // 2) + "</p>"
    return _article("Nested Emphasis All the Way Down", [*FILLER, inner])


JS_SHELL = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Loading…</title>"
    "<script src='/static/app.3f9a.js' defer></script></head><body>"
    "<noscript>You need to enable JavaScript to run this app.</noscript><div id='root'></div>"
    '<script>window.__STATE__={"articles":[]};</script></body></html>'
)


# -- links ----------------------------------------------------------------------------------------------------
DANGEROUS_HREFS = {
    "javascript": "javascript:fetch('/hostile-pages/beacon?js')",
    "javascript-obfuscated": " JaVaScRiPt&#58;fetch('/hostile-pages/beacon?js2')",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file": f"file://{SECRET_FILE}",
    "vbscript": "vbscript:msgbox(1)",
}


def dangerous_links_html() -> str:
    links = [
        f'The <a href="{href}">{name} link</a> sits in the middle of a sentence about harbour budgets.'
        for name, href in DANGEROUS_HREFS.items()
    ]
    return _article(
        "Links That Must Not Be Followed",
        [FILLER[0], *links, "An <a href='/hostile-pages/ordinary'>ordinary link</a> is fine.", *FILLER[1:]],
        head="<meta http-equiv='refresh' content='0; url=file:///etc/passwd'>",
    )


def cnas_page(outlet_href: str, title: str = "Dredging Budgets Are Defense Budgets") -> str:
    """A CNAS-shaped commentary (fingerprint: og:site_name, "| CNAS", #mainbar .wysiwyg) whose
    "Read the full article from ..." link points at ``outlet_href``."""
    paragraphs = "".join(f"<p>{p}</p>" for p in FILLER)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | CNAS</title><meta property='og:title' content='{title}'>"
        "<meta property='og:site_name' content='CNAS'><meta property='og:type' content='article'></head><body>"
        "<main id='content'><article><header><div class='attribution-block'><p>April 2, 2026</p>"
        "<p><span>Commentary</span> · <span>The Quayside Ledger</span></p></div>"
        f"<h1 class='page-title'>{title}</h1>"
        "<p>By <span class='contributor'>Rowan Achterberg</span></p></header>"
        "<div id='mainbar'><div class='wrapper wysiwyg margin-vertical drop-cap'>"
        f'{paragraphs}<p>Read the full article from <a href="{outlet_href}">The Quayside Ledger</a>.</p>'
        "</div></div></article></main></body></html>"
    )


# -- escapes and markup ---------------------------------------------------------------------------------------
def escapes_html() -> str:
    """Markup and escapes in the title, the author, the summary, the body, link text and link URLs."""
    title = f"{RICH_TITLE} {OSC52_CLIPBOARD}{CSI_RED}Escaped Title{TITLE_REPORT}"
    head = (
        f"<meta name='author' content='{RICH_AUTHOR}{CSI_RED} {OSC52_CLIPBOARD}'>"
        f"<meta name='description' content='Summary {OSC8_LINK} {CSI_CLEAR} [bold]loud[/bold]'>"
        f"<meta property='og:site_name' content='The {CSI_RED}Escape{DCS} Gazette'>"
    )
    paragraphs = [
        f"{RICH_BODY} {ALL_ESCAPES} {FILLER[0]}",
        f'A <a href="/hostile-pages/target{OSC52_CLIPBOARD}?q=[bold]x[/bold]">link {CSI_RED}with escapes</a> '
        f"and a caption {DCS}{C1_CSI} {FILLER[1]}",
        f"<img src='/x.png' alt='alt {OSC52_CLIPBOARD} text'> {FILLER[2]} {CONTROLS}",
        f"<code>[red]code[/red] {CSI_CLEAR}</code> {FILLER[3]} {BIDI}",
    ]
    return _article(title, paragraphs, head=head)


# -- encodings ------------------------------------------------------------------------------------------------
def invalid_utf8_bytes(bad: bytes = b"\xff") -> bytes:
    """UTF-8 with curly quotes and accents, and ``bad`` (invalid UTF-8) once per paragraph."""
    good = [f"\u201cCaf\u00e9 r\u00e9sum\u00e9,\u201d {p}".encode() for p in FILLER]
    return (
        b"<!doctype html><html><head><meta charset='utf-8'><title>Broken Bytes in a Long Piece</title></head>"
        b"<body><article><h1>Broken Bytes in a Long Piece</h1>"
        + b"".join(b"<p>" + p[:60] + bad + p[60:] + b"</p>" for p in good)
        + "<p>Caf\u00e9 society survives the damage.</p>".encode()
        + b"</article></body></html>"
    )


# Far more broken sequences than good ones: decoders may well take it for a legacy charset.
MANY_BAD_BYTES = b" \xff\xfe\xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xc0\xaf \xe2\x82 "


def lying_charset_bytes() -> bytes:
    """windows-1252 bytes in a page whose header and meta both say UTF-8."""
    text = _article(
        "The Caf\u00e9 on the Quay",
        [f"\u201cNa\u00efve,\u201d she said \u2014 r\u00e9sum\u00e9 in hand. {p}" for p in FILLER],
    )
    return text.encode("cp1252")


# -- second round: stray bytes, loops back, sizes and scripts the reader must stay calm about -------------------
NUL_WORD = "Dred\x00ging"  # one NUL inside a word; shown as U+FFFD, never a reason to refuse the page


def nul_page_bytes(*, early: bool) -> bytes:
    """A readable page with one NUL byte, in the first 4 kB (``early``) or well after it."""
    paragraphs = [f"{NUL_WORD} budgets {FILLER[0]}"] if early else []
    paragraphs += FILLER * 8
    if not early:
        paragraphs.append(f"Late in the piece: {NUL_WORD} budgets again.")
    return _article("A Stray Byte in the Quay Report", paragraphs).encode()


def binary_after_html_bytes() -> bytes:
    """A page that starts like HTML and goes on as data (a truncated upload, a mislabelled archive)."""
    return _article("Looks Like a Page", FILLER).encode()[:3000] + bytes(range(256)) * 400


def cnas_self_link_page(title: str, outlet_href: str) -> str:
    """A CNAS-shaped page whose "Read the full article" link comes back to the page itself."""
    return cnas_page(outlet_href, title=title)


def long_pre_html(chars: int = 200_000) -> str:
    """A ``<pre>`` line with no newline: costs time in proportion to what is on screen, not to its length."""
    return _article("One Very Long Line of Code", [*FILLER, f"</p><pre>{'x = 1; ' * (chars // 7)}</pre><p>End."])


def surrogate_jsonld_html() -> str:
    """A lone surrogate in JSON-LD: must become U+FFFD before it reaches the library or the terminal."""
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Surrogate \\ud800 headline", "author": {"name": "Lone \\udfff Pair"}}</script>'
    )
    return _article("Surrogate Headline Page", FILLER, head=head)


def big_table_html(rows: int = 5000) -> str:
    cells = "".join(
        f"<tr><td>Port {n}</td><td>{n * 7 % 97} berths</td><td>{n % 12} cranes</td></tr>" for n in range(rows)
    )
    return _article("Five Thousand Ports in One Table", [*FILLER, f"</p><table>{cells}</table><p>End of the table."])


CJK_PHRASE = "\u5916\u4ea4\u653f\u7b56"  # "foreign policy": a search for it must find the page
ZERO_WIDTH_WORD = "harbo\u200bur\u00adage"  # a zero-width space and a soft hyphen inside one word


def cjk_html() -> str:
    return _article(
        "Scripts Without Spaces",
        [
            f"\u65e5\u672c\u306e{CJK_PHRASE}\u306b\u3064\u3044\u3066\u8b70\u8ad6\u3057\u305f\u3002",
            f"The word {ZERO_WIDTH_WORD} hides two invisible characters. {FILLER[0]}",
            *FILLER[1:],
        ],
    )


# -- redirects ------------------------------------------------------------------------------------------------
def _redirect(location: str):
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handler


def install_hostile_pages(server: FixtureServer) -> dict[str, str]:
    """Register every page; ``{name: url}``. ``/hostile-pages/beacon`` counts any request that should never come."""
    base = server.base_url
    pages: dict[str, bytes | str] = {
        "nested_divs": nested_divs_html(),
        "nested_inline": nested_inline_html(),
        "js_shell": JS_SHELL,
        "dangerous_links": dangerous_links_html(),
        "escapes": escapes_html(),
        "ordinary": _article("An Ordinary Page About Quays", FILLER),
        "cnas_outlet_file": cnas_page(f"file://{SECRET_FILE}"),
        "cnas_outlet_javascript": cnas_page("javascript:fetch('/hostile-pages/beacon?outlet')"),
        "cnas_outlet_data": cnas_page("data:text/html,<h1>not an outlet</h1>"),
        "cnas_outlet_escapes": cnas_page(f"{base}/hostile-pages/ordinary{OSC52_CLIPBOARD}"),
    }
    pages.update(
        {
            "nul_early": nul_page_bytes(early=True),
            "nul_late": nul_page_bytes(early=False),
            "binary_after_html": binary_after_html_bytes(),
            "self_link_query": cnas_self_link_page(
                "A Link Back Here with a Query", f"{base}/hostile-pages/self-link-query?view=full"
            ),
            "self_link_redirect": cnas_self_link_page(
                "A Link Back Here Through a Redirect", f"{base}/hostile-pages/back-to-self"
            ),
            "long_pre": long_pre_html(),
            "surrogate_jsonld": surrogate_jsonld_html(),
            "big_table": big_table_html(),
            "cjk": cjk_html(),
        }
    )
    urls: dict[str, str] = {}
    for name, body in pages.items():
        data = body if isinstance(body, bytes) else body.encode()
        urls[name] = server.route(
            f"/hostile-pages/{name.replace('_', '-')}", lambda r, data=data: respond(r, 200, data)
        )
    urls["invalid_utf8"] = server.route(
        "/hostile-pages/invalid-utf8", lambda r: respond(r, 200, invalid_utf8_bytes(), "text/html; charset=utf-8")
    )
    urls["invalid_utf8_heavy"] = server.route(
        "/hostile-pages/invalid-utf8-heavy",
        lambda r: respond(r, 200, invalid_utf8_bytes(MANY_BAD_BYTES * 3), "text/html; charset=utf-8"),
    )
    urls["lying_charset"] = server.route(
        "/hostile-pages/lying-charset", lambda r: respond(r, 200, lying_charset_bytes(), "text/html; charset=utf-8")
    )
    urls["beacon"] = server.route("/hostile-pages/beacon", lambda r: respond(r, 200, "<html><body>no</body></html>"))
    urls["redirect_escape"] = server.route(
        "/hostile-pages/redirect-escape", _redirect(f"/hostile-pages/ordinary{CSI_RED}{OSC52_CLIPBOARD}")
    )
    urls["redirect_huge"] = server.route(
        "/hostile-pages/redirect-huge", _redirect("/hostile-pages/ordinary?" + "a" * 200_000)
    )
    server.route("/hostile-pages/back-to-self", _redirect("/hostile-pages/self-link-redirect?from=outlet"))
    urls["redirect_data"] = server.route("/hostile-pages/redirect-data", _redirect("data:text/html,<p>hi</p>"))
    for step in range(CHAIN_OK):  # exactly the ten redirects the fetcher allows, ending on a readable page
        target = f"/hostile-pages/chain/{step + 1}" if step + 1 < CHAIN_OK else "/hostile-pages/ordinary"
        server.route(f"/hostile-pages/chain/{step}", _redirect(target))
    urls["redirect_chain_10"] = server.url("/hostile-pages/chain/0")
    return urls


# -- checks shared by the CLI and TUI tests --------------------------------------------------------------------
TERMINAL_ACTIVE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_inert(text: str, where: str = "output") -> None:
    """Nothing in ``text`` can act on a terminal: no ESC, no C0/C1 control (bar \\t \\n), no bidi override."""
    found = TERMINAL_ACTIVE.search(text)
    assert found is None, (
        f"{where} holds {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40) : found.end() + 40]!r}"
    )


def library_state(library_file: Path) -> tuple[str, set[str]]:
    """(PRAGMA integrity_check, saved URLs), read without changing the file."""
    with contextlib.closing(sqlite3.connect(f"{library_file.resolve().as_uri()}?mode=ro", uri=True)) as db:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        saved = {row[0] for row in db.execute("SELECT a.url FROM saved s JOIN articles a ON a.id = s.article_id")}
    return check, saved
