"""A long think-tank report for the reading-pane navigation tests, generated (our own prose, CNAS DOM shape).

About 15,000 words in 24 sections, 48 numbered links (every fourth one to a small article on the same
loopback server, so following by number really opens a page), and 30 endnotes with back-links.
"""

from __future__ import annotations

from server import FixtureServer, respond

REPORT_PATH = "/publications/reports/the-long-watch"
TITLE = "The Long Watch: Keeping Northern Sea Lanes Open"
SECTIONS = 24
LINKS = 48
NOTES = 30
FIND_WORD = "lighthouse"  # appears a known number of times (FIND_COUNT)

_WORDS = (
    "harbor convoy patrol icebreaker insurance registry depot escort tanker pilot strait ferry "
    "survey buoy dredge channel cargo tariff crew beacon shoal relay quay"
).split()


def section_title(n: int) -> str:
    return f"Section {n}: The {_WORDS[n % len(_WORDS)].title()} Question"


def link_url(base: str, k: int) -> str:
    """Link k (1-based). Every fourth goes to a page on this server; the rest to other hosts."""
    if k % 4 == 1:
        return f"{base}/nav/target-{k}"
    return f"https://source{k % 7}.example.org/paper/{k}"


def link_text(k: int) -> str:
    return f"source {k} on {_WORDS[k % len(_WORDS)]}s"


def _paragraph(section: int, index: int) -> str:
    words = [_WORDS[(section * 11 + index * 5 + i * 3) % len(_WORDS)] for i in range(200)]
    return " ".join(words).capitalize()


def report_html(base: str) -> tuple[str, int]:
    """The page and how often FIND_WORD occurs in its body text."""
    parts: list[str] = []
    link = 0
    note = 0
    find_count = 0
    for section in range(1, SECTIONS + 1):
        parts.append('<div class="wrapper wysiwyg margin-vertical">')
        parts.append(f'<h3 id="s{section}">{section_title(section)}</h3>')
        for index in range(3):
            text = _paragraph(section, index)
            extra = ""
            if link < LINKS and index < 2:
                link += 1
                extra += f' As <a href="{link_url(base, link)}">{link_text(link)}</a> records, the pattern holds.'
            if note < NOTES and (index == 0 or (index == 2 and section <= NOTES - SECTIONS)):
                note += 1
                extra += f'<sup><a href="#fn{note}" id="ref{note}">{note}</a></sup>'
            if section % 3 == 0 and index == 1:
                extra += f" The old {FIND_WORD} keepers saw this first."
                find_count += 1
            parts.append(f"<p>{text}.{extra}</p>")
        parts.append("</div>")
    notes = "".join(
        f'<li id="fn{n}">Fictional harbour survey {n}, volume {n % 5 + 1}, page {n * 3}. <a href="#ref{n}">↩</a></li>'
        for n in range(1, NOTES + 1)
    )
    body = "\n".join(parts)
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{TITLE} | CNAS</title>
<meta property="og:title" content="{TITLE}"><meta property="og:site_name" content="CNAS">
<meta property="og:description" content="A fictional long report about keeping northern sea lanes open.">
</head><body>
<header class="site-header"><nav><a href="/">Home</a></nav></header>
<main id="content"><article>
<header><div class="attribution-block"><p>June 2, 2026</p><p><span>Reports</span></p></div>
<h1 class="page-title">{TITLE}</h1>
<p>By <a class="contributor" href="/people/imogen-castellanos">Imogen Castellanos</a></p></header>
<div id="mainbar-toc">
{body}
<div id="biblio-endnotes"><h2>Endnotes</h2><ol>{notes}</ol></div>
</div>
</article></main></body></html>"""
    return html, find_count


def target_html(k: int) -> str:
    title = f"Target Page {k}"
    text = f"This is target page {k}, reached by following a numbered link from the long report. " * 8
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>"
    )


def serve_report(server: FixtureServer) -> int:
    """Route the report and its local targets; returns the number of FIND_WORD matches expected."""
    html, find_count = report_html(server.base_url)
    server.route(REPORT_PATH, lambda r: respond(r, 200, html))
    for k in range(1, LINKS + 1):
        if k % 4 == 1:
            page = target_html(k)
            server.route(f"/nav/target-{k}", lambda r, page=page: respond(r, 200, page))
    return find_count
