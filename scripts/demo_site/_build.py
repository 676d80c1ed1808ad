"""Regenerate the static demo site (``src/inkreader/demo/site``) from the content modules.

    python -m scripts.demo_site            # rewrite the site (from the repository root)
    python -m scripts.demo_site --check    # exit 1 if the site differs from what the sources give

The think-tank pages follow the CNAS Craft CMS shapes (current family, one legacy page); the two
outlets use their own CMS shapes. Links are absolute with the ``{{BASE}}`` placeholder, which the demo server
replaces with its own address, except the deliberate relative ``/reports`` and ``/articles-multimedia``.
Output is deterministic, so ``--check`` (and a test) can tell when the committed site is stale.
"""

from __future__ import annotations

import argparse
import filecmp
import html
import json
import re
import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from . import _report
from ._content import PEOPLE, PROGRAMS, PUBLICATIONS, SITE_NAME, UPPERCASE_CARD_DATES, Publication
from ._feeds import feed_files, outlet_link, think_tank_link
from ._outlets import ARTICLES, OUTLETS, OutletArticle

SITE_DIR = Path(__file__).resolve().parents[2] / "src" / "inkreader" / "demo" / "site"
B = "{{BASE}}"
PER_PAGE = 20
SUMMARY_CHARS = 170

PUBS = sorted(PUBLICATIONS, key=lambda p: p.published, reverse=True)
PUB_BY_SLUG = {p.slug: p for p in PUBS}


# -- text helpers -----------------------------------------------------------------------------------------
def esc(text: str) -> str:
    return html.escape(text, quote=True)


def markup(text: str) -> str:
    """Paragraph mini-markup -> HTML: ``**strong**``, ``*em*``, ``[^n]`` endnote markers."""
    out = esc(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"\*(.+?)\*", r"<em>\1</em>", out)
    return re.sub(r"\[\^(\d+)\]", r'<sup><a id="ref\1" href="#fn\1">\1</a></sup>', out)


def plain(text: str) -> str:
    return re.sub(r"\[\^\d+\]", "", text).replace("**", "").replace("*", "")


def truncate(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Cards cut summaries at about 170 characters and end them with "..." as the real listings do."""
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.—–")
    return cut + "..."


def long_date(day: date | datetime, *, padded: bool = False) -> str:
    return f"{day:%B} {day.day:02d}, {day.year}" if padded else f"{day:%B} {day.day}, {day.year}"


def join_names(names: list[str]) -> str:
    """ "A", "A & B", "A, B & C" (plain text; escape afterwards)."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def byline_html(pub: Publication) -> str:
    parts = []
    for slug in pub.authors:
        person = PEOPLE[slug]
        if person.has_page:
            parts.append(f'<a class="contributor" href="{B}/people/{slug}">{esc(person.name)}</a>')
        else:
            parts.append(f'<span class="contributor">{esc(person.name)}</span>')
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " &amp; " + parts[-1]


def byline_text(pub: Publication) -> str:
    return "By " + join_names([PEOPLE[slug].name for slug in pub.authors])


def summary_of(pub: Publication) -> str:
    if pub.slug == _report.SLUG:
        return _report.SECTIONS[0][1][0]
    return pub.body[0]


# -- page frame -------------------------------------------------------------------------------------------
STYLE = """<style>
body{font-family:Georgia,serif;max-width:52rem;margin:0 auto;padding:0 1rem;color:#1d2430}
.site-header,.site-footer{font-family:Helvetica,Arial,sans-serif;border-bottom:1px solid #ccd;padding:.5rem 0}
.site-footer{border-top:1px solid #ccd;border-bottom:0;margin-top:3rem;font-size:.85rem}
.primary-nav ul{list-style:none;padding:0;display:flex;gap:1rem}
.entry-listing{list-style:none;padding:0}.entry-listing>li{margin:1.5rem 0}
.entry-listing img{width:96px;height:54px;float:left;margin-right:1rem}
.type{display:block;font:bold .75rem Helvetica,Arial,sans-serif;text-transform:uppercase}
.uppercase{text-transform:uppercase}.visually-hidden{position:absolute;left:-9999px}
.button{display:inline-block;padding:.4rem 1rem;background:#14365d;color:#fff;text-decoration:none}
</style>"""


def tt_page(
    title: str, path: str, body: str, *, description: str = "", og_type: str = "article", body_id: str = ""
) -> str:
    """A think-tank page: head (title suffix, og: tags, canonical), site header and footer."""
    meta_description = f'\n<meta name="description" content="{esc(plain(description))}">' if description else ""
    body_attr = f' id="{body_id}"' if body_id else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {SITE_NAME}</title>{meta_description}
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:type" content="{og_type}">
<link rel="canonical" href="{B}{path}">
{think_tank_link()}
{STYLE}
</head>
<body{body_attr}>
<header class="site-header">
<a class="site-logo" href="{B}/">{SITE_NAME}</a>
<nav class="primary-nav" aria-label="Main"><ul>
<li><a href="{B}/research/maritime-security">Research</a></li>
<li><a href="{B}/experts">Experts</a></li>
<li><a href="{B}/articles-multimedia">Articles &amp; Multimedia</a></li>
<li><a href="{B}/reports">Reports</a></li>
</ul></nav>
</header>
{body}
<footer class="site-footer">
<p>&copy; 2026 {SITE_NAME}. A fictional institute: every page of this demo site was written for inkreader.</p>
</footer>
</body>
</html>
"""


# -- cards ------------------------------------------------------------------------------------------------
def card(pub: Publication) -> str:
    """One ``li.-with-image`` card in the shape of the real listings."""
    day = long_date(pub.published)
    if pub.slug in UPPERCASE_CARD_DATES:
        day = day.upper()
    meta = f"<li>{esc(OUTLETS[pub.outlet].name)}</li>" if pub.outlet else ""
    program = PROGRAMS[pub.program]
    return f"""<li class="-with-image">
<a href="{B}{pub.path}"><img src="{B}/images/{pub.program}.svg" alt=""></a>
<span class="type">{pub.type_label}</span>
<a href="{B}/research/{program.slug}">{esc(program.name)}</a>
<a class="sans-serif fz16 bold margin-top-half-em" href="{B}{pub.path}">{esc(pub.title)}</a>
<p>{esc(truncate(summary_of(pub)))}</p>
<p>{esc(byline_text(pub))}</p>
<ul>{meta}<li>{day}</li></ul>
</li>"""


def card_list(pubs: list[Publication]) -> str:
    return '<ul class="entry-listing">\n' + "\n".join(card(p) for p in pubs) + "\n</ul>"


def related_for(pub: Publication, count: int) -> list[Publication]:
    """Same programme first, then the rest, each nearest in date: a plausible "More from" selection."""
    others = [p for p in PUBS if p.slug != pub.slug]
    others.sort(key=lambda p: (p.program != pub.program, abs((p.published - pub.published).days), p.slug))
    chosen = others[:count]
    if not any(p.kind != "commentary" for p in chosen):  # show a report or podcast card too, as CNAS pages do
        extra = next(p for p in others if p.kind != "commentary")
        chosen[-1] = extra
    return chosen


def more_from(pub: Publication, count: int = 4) -> str:
    return f"""<section class="more-from-cnas">
<h2>More from the Center</h2>
{card_list(related_for(pub, count))}
<a href="/reports">View All Reports</a>
<a href="/articles-multimedia">View All Articles &amp; Multimedia</a>
</section>"""


def authors_section(pub: Publication) -> str:
    items = []
    for slug in pub.authors:
        person = PEOPLE[slug]
        name = f'<a href="{B}/people/{slug}">{esc(person.name)}</a>' if person.has_page else esc(person.name)
        bio = f"\n<p>{esc(truncate(person.bio[0], 150))}</p>" if person.bio else ""
        items.append(f"<li><h3>{name}</h3>\n<p>{esc(person.role)}</p>{bio}</li>")
    return '<section class="authors">\n<h2>Authors</h2>\n<ul>\n' + "\n".join(items) + "\n</ul>\n</section>"


# -- think-tank article pages -----------------------------------------------------------------------------
def follow_line(pub: Publication) -> str:
    if not pub.follow:
        return ""
    article = ARTICLES[pub.follow]
    outlet = OUTLETS[article.outlet].name
    href = f"{B}{article.path}"
    if pub.follow_style == "more-in":
        return (
            f'<p><a href="{href}" target="_blank" rel="noopener">'
            f"Read the full article and more in {esc(outlet)}.</a></p>"
        )
    return f'<p>Read the full article from <a href="{href}" target="_blank" rel="noopener">{esc(outlet)}</a>.</p>'


def current_header(pub: Publication) -> str:
    kind = f"<span>{pub.type_label}</span>"
    if pub.outlet:
        kind += f" · <span>{esc(OUTLETS[pub.outlet].name)}</span>"
    return f"""<header>
<div class="attribution-block">
<p>{long_date(pub.published)}</p>
<p>{kind}</p>
</div>
<h1 class="page-title">{esc(pub.title)}</h1>
<p>By {byline_html(pub)}</p>
</header>"""


def legacy_header(pub: Publication) -> str:
    """The about-2019 header: hero credit first (shifts XPaths), zero-padded date, title group."""
    return f"""<header>
<div><div><p>Image credit: Leif Sandvik / {SITE_NAME}</p></div><img src="{B}/images/{pub.program}.svg" alt=""></div>
<div>
<div><p class="sans-serif fz11 bold uppercase margin-bottom-1em">{long_date(pub.published, padded=True)}</p></div>
<div class="article__header__title-group">
<h1 class="page-title">{esc(pub.title)}</h1>
</div>
<div><p><span>By</span> {byline_html(pub)}</p></div>
</div>
</header>"""


def paragraphs(texts: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"<p>{markup(t)}</p>" for t in texts)


def commentary_page(pub: Publication) -> str:
    header = legacy_header(pub) if pub.legacy else current_header(pub)
    body = f"""<main id="content">
<article>
{header}
<div id="mainbar">
<div class="wrapper wysiwyg margin-vertical drop-cap">
{paragraphs(pub.body)}
{follow_line(pub)}
</div>
</div>
{authors_section(pub)}
{more_from(pub, 3 if pub.legacy else 4)}
</article>
</main>"""
    return tt_page(pub.title, pub.path, body, description=summary_of(pub))


def podcast_page(pub: Publication) -> str:
    body = f"""<main id="content">
<article>
{current_header(pub)}
<div id="mainbar">
<div class="wrapper wysiwyg margin-vertical">
<div class="podcast-player">
<iframe src="{B}/player/northern-lines-{pub.episode}" title="Northern Lines player" width="100%" height="120" loading="lazy"></iframe>
</div>
{paragraphs(pub.body)}
</div>
</div>
{authors_section(pub)}
{more_from(pub)}
</article>
</main>"""
    return tt_page(pub.title, pub.path, body, description=summary_of(pub))


def short_report_page(pub: Publication) -> str:
    half = 2
    body = f"""<main id="content">
<article>
{current_header(pub)}
<div id="mainbar">
<div class="wrapper wysiwyg margin-vertical">
{paragraphs(pub.body[:half])}
</div>
<div class="wrapper wysiwyg margin-vertical">
{paragraphs(pub.body[half:])}
</div>
</div>
{authors_section(pub)}
{more_from(pub)}
</article>
</main>"""
    return tt_page(pub.title, pub.path, body, description=summary_of(pub))


def anchor_id(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain(title).lower().replace("’", "")).strip("-")


BACK_TO_TOP = (
    '<a class="back-to-top" href="#top" title="Back to top">'
    '<span class="icon icon-up-arrow" aria-hidden="true">up-arrow</span>'
    '<span class="visually-hidden">up-arrow</span></a>'
)


def long_report_page(pub: Publication) -> str:
    contents = "\n".join(f'<li><a href="#{anchor_id(title)}">{esc(title)}</a></li>' for title, _ in _report.SECTIONS)
    sections = "\n".join(
        f"""<div class="wrapper wysiwyg margin-vertical">
{BACK_TO_TOP}
<h3 id="{anchor_id(title)}">{esc(title)}</h3>
{paragraphs(texts)}
</div>"""
        for title, texts in _report.SECTIONS
    )
    notes = "\n".join(
        f'<li id="fn{n}">{markup(text)} <a href="#ref{n}" aria-label="Back to text">↩</a></li>'
        for n, text in enumerate(_report.ENDNOTES, start=1)
    )
    body = f"""<main id="content">
<article>
{current_header(pub)}
<div id="mainbar-toc">
<nav class="table-of-contents" aria-label="Contents">
<h2>Contents</h2>
<ol>
{contents}
<li><a href="#biblio-endnotes">Endnotes</a></li>
</ol>
</nav>
<div class="wrapper wysiwyg margin-vertical">
<p>Download the Full Report.</p>
<a class="button -solid" href="{B}/documents/{_report.PDF_NAME}">Download PDF</a>
</div>
{sections}
<div id="biblio-endnotes" class="wrapper wysiwyg margin-vertical">
<h2>Endnotes</h2>
<ol>
{notes}
</ol>
</div>
</div>
{authors_section(pub)}
{more_from(pub)}
</article>
</main>"""
    return tt_page(pub.title, pub.path, body, description=summary_of(pub), body_id="top")


def publication_page(pub: Publication) -> str:
    if pub.kind == "podcast":
        return podcast_page(pub)
    if pub.slug == _report.SLUG:
        return long_report_page(pub)
    if pub.kind == "report":
        return short_report_page(pub)
    return commentary_page(pub)


# -- listings, people, research, home ---------------------------------------------------------------------
def intro(text: str) -> str:
    """Listings share the Craft main column (``#mainbar`` + ``.wysiwyg``): with the cards, that is the markup
    fingerprint that tells inkreader a page on another host (here 127.0.0.1) is a CNAS-shaped page."""
    return f'<div class="wrapper wysiwyg margin-vertical">\n<p>{esc(text)}</p>\n</div>'


def filters_form() -> str:
    areas = "".join(f'<option value="{p.slug}">{esc(p.name)}</option>' for p in PROGRAMS.values())
    return f"""<form class="filters" action="{B}/articles-multimedia" method="get">
<label>Type <select name="type"><option value="">All</option><option value="commentary">Commentary</option>\
<option value="reports">Reports</option><option value="podcast">Podcast</option></select></label>
<label>Area <select name="area"><option value="">All</option>{areas}</select></label>
</form>"""


def listing_page(page: int) -> str:
    pages = (len(PUBS) + PER_PAGE - 1) // PER_PAGE
    chunk = PUBS[(page - 1) * PER_PAGE : page * PER_PAGE]
    first = (page - 1) * PER_PAGE + 1

    def page_url(n: int) -> str:
        return f"{B}/articles-multimedia" if n == 1 else f"{B}/articles-multimedia/p{n}"

    links = []
    if page > 1:
        links.append(f'<a href="{page_url(page - 1)}" rel="prev">Previous</a>')
    for n in range(1, pages + 1):
        links.append(f'<span class="current">{n}</span>' if n == page else f'<a href="{page_url(n)}">{n}</a>')
    if page < pages:
        links.append(f'<a href="{page_url(page + 1)}" rel="next">Next</a>')
    path = "/articles-multimedia" if page == 1 else f"/articles-multimedia/p{page}"
    body = f"""<main id="content">
<h1 class="page-title">Articles &amp; Multimedia</h1>
<div id="mainbar">
{intro("Commentary, reports and podcasts from the Center’s experts, newest first.")}
{filters_form()}
<p>Showing {first}-{first + len(chunk) - 1} of {len(PUBS)} Publications</p>
<section>
{card_list(chunk)}
<nav class="pagination" aria-label="Pages">
{chr(10).join(links)}
</nav>
</section>
</div>
</main>"""
    return tt_page("Articles & Multimedia", path, body, og_type="website")


def reports_page() -> str:
    reports = [p for p in PUBS if p.kind == "report"]
    body = f"""<main id="content">
<h1 class="page-title">Reports</h1>
<div id="mainbar">
{intro("In-depth studies from the Center’s research programs.")}
<p>Showing 1-{len(reports)} of {len(reports)} Reports</p>
<section>
{card_list(reports)}
</section>
</div>
</main>"""
    return tt_page("Reports", "/reports", body, og_type="website")


def person_list(slugs: list[str]) -> str:
    rows = "\n".join(
        f'<h4 class="h4 margin-vertical-half-em person-list__name"><a href="{B}/people/{slug}">'
        f"{esc(PEOPLE[slug].name)}</a></h4>\n<p>{esc(PEOPLE[slug].role)}</p>"
        for slug in slugs
        if PEOPLE[slug].has_page
    )
    return f'<div class="person-list">\n{rows}\n</div>'


def experts_page() -> str:
    body = f"""<main id="content">
<h1 class="page-title">Experts</h1>
{person_list(list(PEOPLE))}
</main>"""
    return tt_page("Experts", "/experts", body, og_type="website")


def person_page(slug: str) -> str:
    person = PEOPLE[slug]
    pubs = [p for p in PUBS if slug in p.authors]
    body = f"""<main id="content">
<article>
<header><img src="{B}/images/person.svg" alt="">
<h1 class="page-title">{esc(person.name)}</h1>
<p class="dark medium margin-top-half-em">{esc(person.role)}</p>
</header>
<div id="mainbar">
<div class="wrapper wysiwyg margin-vertical">
{paragraphs(person.bio)}
</div>
<section><h2>Publications</h2>
{card_list(pubs)}
</section>
</div>
</article>
</main>"""
    return tt_page(person.name, f"/people/{slug}", body, description=person.bio[0], og_type="profile")


def research_page(program_slug: str) -> str:
    program = PROGRAMS[program_slug]
    pubs = [p for p in PUBS if p.program == program_slug][:6]
    team = [slug for slug in PEOPLE if any(slug in p.authors for p in PUBS if p.program == program_slug)]
    others = "\n".join(f'<li><a href="{B}/research/{p.slug}">{esc(p.name)}</a></li>' for p in PROGRAMS.values())
    body = f"""<main id="content">
<nav class="sub-navigation" aria-label="Programs"><p>Within {esc(program.name)}</p><ul>
{others}
</ul></nav>
<h1 class="page-title">{esc(program.name)}</h1>
<div id="mainbar">
<div class="wrapper wysiwyg margin-vertical">
{paragraphs(program.description)}
</div>
<p><strong>Support the Center</strong></p>
<section><h2>Recent Publications</h2>
{card_list(pubs)}
<a href="{B}/reports">View All Reports</a>
<a href="{B}/articles-multimedia?area={program_slug}">View All Articles &amp; Multimedia</a>
</section>
<section><h2>Research Team</h2>
{person_list(team)}
</section>
</div>
</main>"""
    return tt_page(
        program.name, f"/research/{program_slug}", body, description=program.description[0], og_type="website"
    )


def home_page() -> str:
    report = PUB_BY_SLUG[_report.SLUG]
    body = f"""<main id="content">
<h1 class="page-title">{SITE_NAME}</h1>
<p>Independent research on security in the Northern Seas: maritime security, alliances, defence technology
and energy. This is the demo site of inkreader; the institute, its people and every word here are fiction.</p>
<section><h2>Featured Report</h2>
{card_list([report])}
</section>
<section><h2>Latest</h2>
{card_list(PUBS[:6])}
<a href="{B}/articles-multimedia">View All Articles &amp; Multimedia</a>
</section>
<section><h2>Follow the demo</h2>
<p>The institute and the outlets it writes for publish feeds: <a href="{B}/demo-sources.opml">all three as an OPML
list</a>, for <code>inkreader sources import</code> or any feed reader.</p>
</section>
</main>"""
    return tt_page(SITE_NAME, "/", body, og_type="website")


def player_page(pub: Publication) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Northern Lines player</title></head>
<body><p><strong>Northern Lines</strong>, episode {pub.episode}: {esc(pub.title)}</p>
<p>This demo player has no audio: the episode is fiction written for inkreader.</p></body></html>
"""


# -- outlets ----------------------------------------------------------------------------------------------
def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + "+01:00"


def outlet_articles(outlet: str) -> list[OutletArticle]:
    return sorted((a for a in ARTICLES.values() if a.outlet == outlet), key=lambda a: a.published, reverse=True)


def wordpress_article(article: OutletArticle) -> str:
    outlet = OUTLETS[article.outlet]
    home = f"{B}/outlets/{outlet.slug}/"
    post_id = 1400 + list(ARTICLES).index(article.key) * 17
    others = [a for a in outlet_articles(outlet.slug) if a.key != article.key]
    recent = "\n".join(f'<li><a href="{B}{a.path}">{esc(a.title)}</a></li>' for a in outlet_articles(outlet.slug))
    nav = "".join(
        f'<div class="nav-previous"><a href="{B}{a.path}" rel="prev">'
        f'<span class="meta-nav">Previous post:</span> {esc(a.title)}</a></div>'
        for a in others[:1]
    )
    comments = "\n".join(
        f"""<li id="comment-{post_id + i}" class="comment even thread-even depth-1">
<article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{esc(name)}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><time>{esc(when)}</time></div></footer>
<div class="comment-content"><p>{esc(text)}</p></div>
</article>
</li>"""
        for i, (name, when, text) in enumerate(article.comments, start=1)
    )
    note = f'\n<p class="author-note"><em>{esc(article.author_note)}</em></p>' if article.author_note else ""
    count = len(article.comments)
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(article.title)} &#8211; {esc(outlet.name)}</title>
<meta name="description" content="{esc(article.dek)}">
<link rel="canonical" href="{B}{article.path}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:site_name" content="{esc(outlet.name)}">
<meta property="article:published_time" content="{iso(article.published)}">
<meta name="author" content="{esc(article.author)}">
<meta name="generator" content="WordPress 6.5">
{outlet_link(article.outlet)}
</head>
<body class="post-template-default single single-post postid-{post_id} single-format-standard">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding">
<p class="site-title"><a href="{home}" rel="home">{esc(outlet.name)}</a></p>
<p class="site-description">{esc(outlet.tagline)}</p>
</div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="{home}">Home</a></li>
<li class="menu-item"><a href="{home}#essays">Essays</a></li>
</ul></nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish format-standard hentry category-{article.section.lower()}">
<header class="entry-header">
<span class="cat-links"><a href="{home}" rel="category tag">{esc(article.section)}</a></span>
<h1 class="entry-title">{esc(article.title)}</h1>
<p class="entry-dek">{esc(article.dek)}</p>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{B}{article.path}" rel="bookmark"><time class="entry-date published" datetime="{iso(article.published)}">{long_date(article.published)}</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="{home}">{esc(article.author)}</a></span></span></div>
</header>
<div class="share-bar sharedaddy" aria-label="Share">
<span class="share-label">Share this:</span>
<a class="share-email" href="mailto:?subject={esc(article.title)}">Email</a>
<button type="button" class="share-copy">Copy link</button>
</div>
<div class="entry-content">
{paragraphs(article.body)}{note}
</div>
<footer class="entry-footer"><span class="tags-links">Tagged <a href="{home}" rel="tag">{esc(article.section)}</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><div class="nav-links">{nav}</div></nav>
<div id="comments" class="comments-area">
<h2 class="comments-title">{count} thoughts on &ldquo;{esc(article.title)}&rdquo;</h2>
<ol class="comment-list">
{comments}
</ol>
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="#respond" method="post" id="commentform" class="comment-form">
<p class="comment-notes">Your email address will not be published.</p>
<p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" name="comment"></textarea></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p>
</form>
</div>
</div>
</main>
</div>
<aside id="secondary" class="widget-area">
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
<ul>
{recent}
</ul></section>
<section class="widget widget_text"><h2 class="widget-title">Newsletter</h2>
<div class="textwidget"><p>New essays in your inbox every Thursday. No spam, just sea power.</p></div></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2026 {esc(outlet.name)}. A fictional outlet for the inkreader demo.</div></footer>
</div>
</body>
</html>
"""


def newsroom_article(article: OutletArticle) -> str:
    outlet = OUTLETS[article.outlet]
    home = f"{B}/outlets/{outlet.slug}"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.dek,
        "datePublished": iso(article.published),
        "dateModified": iso(article.published),
        "author": [{"@type": "Person", "name": article.author}],
        "publisher": {"@type": "Organization", "name": outlet.name},
        "articleSection": article.section,
        "mainEntityOfPage": f"{B}{article.path}",
    }
    ld_json = json.dumps(ld, ensure_ascii=False, indent=1).replace("</", "<\\/")
    body = list(article.body)
    promo = (
        '<aside class="inline-promo"><p>Get the Morning Brief: the day’s defence news from the Northern '
        "Seas in five minutes.</p></aside>"
    )
    body_html = paragraphs(body[:2]) + "\n" + promo + "\n" + paragraphs(body[2:])
    if article.author_note:
        body_html += f'\n<p class="story-disclaimer"><em>{esc(article.author_note)}</em></p>'
    related = "\n".join(
        f'<li><a href="{B}{a.path}">{esc(a.title)}</a> <time datetime="{iso(a.published)}">'
        f"{long_date(a.published)}</time></li>"
        for a in outlet_articles(outlet.slug)
        if a.key != article.key
    )
    story_id = f"md-{article.published:%Y%m%d}-{list(ARTICLES).index(article.key):04d}"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(article.title)} | {esc(outlet.name)}</title>
<meta name="description" content="{esc(article.dek)}">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:site_name" content="{esc(outlet.name)}">
<meta property="og:type" content="article">
<link rel="canonical" href="{B}{article.path}">
{outlet_link(article.outlet)}
<script type="application/ld+json">
{ld_json}
</script>
</head>
<body class="page-article section-{article.section.lower()}">
<div class="top-banner" role="region" aria-label="Promotion">Subscribe to the Morning Brief</div>
<header class="masthead">
<a class="brand" href="{home}">{esc(outlet.name)}</a>
<nav class="section-nav" aria-label="Sections"><a href="{home}">Latest</a> <a href="{home}#sea">Sea</a> <a href="{home}#opinion">Opinion</a></nav>
</header>
<main class="page-main">
<div class="layout">
<article class="story" data-story-id="{story_id}">
<div class="story-kicker"><a href="{home}">{esc(article.section)}</a></div>
<h1 class="story-headline">{esc(article.title)}</h1>
<p class="story-dek">{esc(article.dek)}</p>
<div class="story-meta"><span class="story-byline">By <a rel="author" href="{home}">{esc(article.author)}</a></span>
<time class="story-time" datetime="{iso(article.published)}">{long_date(article.published)} at {article.published:%H:%M}</time></div>
<div class="story-body" itemprop="articleBody">
{body_html}
</div>
<div class="story-tags">Topics: <a href="{home}">Northern Seas</a>, <a href="{home}">{esc(article.section)}</a></div>
</article>
<aside class="related-rail" aria-label="Related">
<h2>Related</h2>
<ul>
{related}
</ul>
<h2>Most Read</h2>
<ol><li><a href="{home}">Compact ministers meet in Vardhavn</a></li></ol>
</aside>
</div>
</main>
<footer class="site-footer"><p>&copy; 2026 {esc(outlet.name)}. A fictional outlet for the inkreader demo.</p></footer>
</body>
</html>
"""


def outlet_home(outlet_slug: str) -> str:
    outlet = OUTLETS[outlet_slug]
    items = "\n".join(
        f'<li><a href="{B}{a.path}">{esc(a.title)}</a> <time datetime="{iso(a.published)}">'
        f"{long_date(a.published)}</time><p>{esc(a.dek)}</p></li>"
        for a in outlet_articles(outlet_slug)
    )
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{esc(outlet.name)}</title>
<meta property="og:site_name" content="{esc(outlet.name)}">
{outlet_link(outlet_slug)}</head>
<body>
<header><h1>{esc(outlet.name)}</h1><p>{esc(outlet.tagline)}</p></header>
<main><h2 id="essays">Latest</h2><div id="sea"></div><div id="opinion"></div>
<ul>
{items}
</ul></main>
<footer><p>A fictional outlet for the inkreader demo.</p></footer>
</body>
</html>
"""


# -- static bits ------------------------------------------------------------------------------------------
ROBOTS = f"""# The demo site of the {SITE_NAME} (fiction, served by `inkreader demo`).
User-agent: *
Disallow: /admin/

Sitemap: {B}/sitemap.xml
"""

SVG_PROGRAM = """<svg xmlns="http://www.w3.org/2000/svg" width="192" height="108" viewBox="0 0 192 108">
<rect width="192" height="108" fill="{bg}"/>
{shape}
</svg>
"""
PROGRAM_SHAPES = {
    "maritime-security": ("#14365d", '<path d="M0 70 Q24 58 48 70 T96 70 T144 70 T192 70 V108 H0Z" fill="#3d7ab8"/>'),
    "alliances": (
        "#3b2f5c",
        '<circle cx="76" cy="54" r="26" fill="none" stroke="#d9c7f5" stroke-width="6"/>'
        '<circle cx="116" cy="54" r="26" fill="none" stroke="#d9c7f5" stroke-width="6"/>',
    ),
    "defense-technology": ("#203a2e", '<path d="M96 24 L132 84 H60Z" fill="none" stroke="#9ee0b8" stroke-width="6"/>'),
    "energy-security": ("#5c3a14", '<path d="M104 14 L70 62 H96 L86 96 L124 44 H98Z" fill="#f2c14e"/>'),
}
SVG_PERSON = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">
<rect width="120" height="120" fill="#dde3ea"/><circle cx="60" cy="46" r="22" fill="#8a97a8"/>
<path d="M20 120 Q60 62 100 120Z" fill="#8a97a8"/>
</svg>
"""


def sitemap(paths: list[tuple[str, date]]) -> str:
    urls = "\n".join(f"<url><loc>{B}{path}</loc><lastmod>{day.isoformat()}</lastmod></url>" for path, day in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "\n</urlset>\n"
    )


def report_pdf() -> bytes:
    """The report as its institution prints it (see _pdf.py): two columns, running heads, footnotes, outline.

    Without reportlab (the ``bench`` extra; CI installs only ``test``) the committed PDF stands for a fresh one."""
    try:
        from . import _pdf
    except ImportError:
        return (SITE_DIR / "documents" / _report.PDF_NAME).read_bytes()
    pub = PUB_BY_SLUG[_report.SLUG]
    return _pdf.report_pdf(
        _pdf.Report(
            title=pub.title,
            subtitle=_report.PDF_SUBTITLE,
            authors=[PEOPLE[slug].name for slug in pub.authors],
            date_line=long_date(pub.published),
            institution=SITE_NAME,
            report_number=_report.REPORT_NUMBER,
            sections=_report.SECTIONS,
            notes=_report.ENDNOTES,
            table_after=_report.TABLE_AFTER,
            table=_report.TABLE,
            table_caption=_report.TABLE_CAPTION,
            link_text="Read online:",
            link_url=_report.ONLINE_URL,
            published=pub.published if isinstance(pub.published, date) else None,
        )
    )


def _wrap(text: str, width: int) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return out + ([line] if line else [])


# -- the whole site ---------------------------------------------------------------------------------------
def pages() -> dict[str, str | bytes]:
    """Relative file path -> content, for every file of the site."""
    files: dict[str, str | bytes] = {
        "index.html": home_page(),
        "articles-multimedia/index.html": listing_page(1),
        "reports.html": reports_page(),
        "experts.html": experts_page(),
        "robots.txt": ROBOTS,
        "images/person.svg": SVG_PERSON,
        f"documents/{_report.PDF_NAME}": report_pdf(),
    }
    for page in range(2, (len(PUBS) + PER_PAGE - 1) // PER_PAGE + 1):
        files[f"articles-multimedia/p{page}.html"] = listing_page(page)
    for pub in PUBS:
        files[pub.path.lstrip("/") + ".html"] = publication_page(pub)
        if pub.kind == "podcast":
            files[f"player/northern-lines-{pub.episode}.html"] = player_page(pub)
    for slug, person in PEOPLE.items():
        if person.has_page:
            files[f"people/{slug}.html"] = person_page(slug)
    for slug in PROGRAMS:
        files[f"research/{slug}.html"] = research_page(slug)
        bg, shape = PROGRAM_SHAPES[slug]
        files[f"images/{slug}.svg"] = SVG_PROGRAM.format(bg=bg, shape=shape)
    for slug in OUTLETS:
        files[f"outlets/{slug}/index.html"] = outlet_home(slug)
    for article in ARTICLES.values():
        render = wordpress_article if OUTLETS[article.outlet].cms == "wordpress" else newsroom_article
        relative = article.path.strip("/")
        files[relative + ("/index.html" if article.path.endswith("/") else ".html")] = render(article)
    newest = PUBS[0].published
    map_paths = [("/", newest), ("/articles-multimedia", newest), ("/reports", newest)]
    map_paths += [(p.path, p.published) for p in PUBS]
    files["sitemap.xml"] = sitemap(map_paths)
    files.update(feed_files(summary_of))
    return files


def write_site(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    for relative, content in pages().items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")


def differences(target: Path = SITE_DIR) -> list[str]:
    """Files that differ between ``target`` and a fresh build (empty when the committed site is current)."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "site"
        write_site(fresh)
        fresh_files = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
        old_files = (
            {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} if target.exists() else set()
        )
        changed = sorted(fresh_files ^ old_files)
        for name in sorted(fresh_files & old_files):
            if not filecmp.cmp(fresh / name, target / name, shallow=False):
                changed.append(name)
        return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.demo_site", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether site/ is up to date")
    args = parser.parse_args(argv)
    if args.check:
        changed = differences()
        for name in changed:
            print(f"stale: {name}")
        return 1 if changed else 0
    write_site(SITE_DIR)
    print(f"wrote {sum(1 for p in SITE_DIR.rglob('*') if p.is_file())} files to {SITE_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
