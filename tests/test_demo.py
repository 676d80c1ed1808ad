"""The bundled demo site and its loopback server: every page and link works, nothing leaves 127.0.0.1,
conditional GETs revalidate, traversal is impossible, and inkreader reads the think-tank pages as CNAS pages."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from lxml import html as lxml_html

import inkreader
from inkreader.demo.server import DemoServer, site_root
from inkreader.errors import InkreaderError
from scripts.demo_site import _build, _report
from scripts.demo_site._content import PEOPLE, PUBLICATIONS
from scripts.demo_site._outlets import ARTICLES, OUTLETS

# URIs that name things rather than point at resources: never fetched by anyone.
IDENTIFIER_URLS = ("http://www.w3.org/2000/svg", "https://schema.org", "http://www.sitemaps.org/schemas/sitemap/0.9")
HANG_GUARD = 90  # seconds: a bound on waits for the server or a child only so a hang fails; nothing expects to reach it


@pytest.fixture(scope="module")
def demo():
    with DemoServer() as server:
        yield server


def request(server: DemoServer, path: str, method: str = "GET", headers: dict[str, str] | None = None):
    """A raw request (the path is sent exactly as given, no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=HANG_GUARD)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def get(server: DemoServer, url: str):
    parts = urlsplit(url)
    assert parts.netloc == f"127.0.0.1:{server.port}", url
    return request(server, parts.path + (f"?{parts.query}" if parts.query else ""))


def html_files() -> list[str]:
    """Site-relative paths of every packaged HTML file (the site is a plain directory in a checkout)."""
    root = site_root()
    found, stack = [], [(root, "")]
    while stack:
        node, prefix = stack.pop()
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                stack.append((child, name + "/"))
            elif name.endswith(".html"):
                found.append(name)
    return sorted(found)


def url_for_file(server: DemoServer, name: str) -> str:
    path = "/" + re.sub(r"(^|/)index\.html$", "", name)
    path = path[:-5] if path.endswith(".html") else path
    if name.startswith("outlets/tidewater-review/2026/"):  # WordPress permalinks end in a slash
        path += "/"
    return server.base_url + path


def links_of(page_url: str, body: bytes) -> tuple[list[str], set[str]]:
    """(every href/src on the page resolved against it, the ids the page defines)."""
    tree = lxml_html.document_fromstring(body)
    raw = tree.xpath("//a/@href | //img/@src | //iframe/@src | //link/@href | //script/@src")
    ids = set(tree.xpath("//@id"))
    return [urljoin(page_url, href) for href in raw], ids


@pytest.fixture(scope="module")
def crawl(demo):
    """Breadth-first over every link from the home page, the start page and every packaged file."""
    pages: dict[str, bytes] = {}
    statuses: dict[str, int] = {}
    broken_fragments: list[str] = []
    queue = deque([demo.base_url + "/", demo.start_url, demo.base_url + "/robots.txt"])
    queue.extend(url_for_file(demo, name) for name in html_files())
    seen = set(queue)
    while queue:
        url = queue.popleft()
        status, headers, body = get(demo, url)
        statuses[url] = status
        if status != 200 or not headers["content-type"].startswith("text/html"):
            continue
        pages[url] = body
        found, ids = links_of(url, body)
        for link in found:
            if link.startswith("mailto:"):
                continue
            target, fragment = urldefrag(link)
            if target == urldefrag(url)[0] and fragment and fragment not in ids:
                broken_fragments.append(f"{url}#{fragment}")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return pages, statuses, broken_fragments


# -- the site is complete and self-contained --------------------------------------------------------------
def test_every_page_and_link_resolves(crawl, demo):
    pages, statuses, broken_fragments = crawl
    not_ok = {url: status for url, status in statuses.items() if status != 200}
    assert not_ok == {}
    assert broken_fragments == []
    assert len(pages) >= 15
    # the crawl saw the PDF, the images, both outlets, the player and page 2 of the listing
    visited = set(statuses)
    assert demo.base_url + f"/documents/{_report.PDF_NAME}" in visited
    assert demo.base_url + "/images/maritime-security.svg" in visited
    assert demo.start_url + "/p2" in visited
    assert any("/player/" in url for url in visited)
    for article in ARTICLES.values():
        assert demo.base_url + article.path in visited


def test_sitemap_lists_live_pages(demo):
    status, headers, body = request(demo, "/sitemap.xml")
    assert status == 200 and headers["content-type"].startswith("application/xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", body.decode())
    assert len(locations) == len(PUBLICATIONS) + 3
    assert all(get(demo, url)[0] == 200 for url in locations)


def test_site_has_the_promised_pages():
    files = html_files()
    assert len(files) >= 15
    kinds = [p.kind for p in PUBLICATIONS]
    assert kinds.count("commentary") >= 6 and "report" in kinds and "podcast" in kinds
    # the long report's own checks in test_think_tank_pieces_read_as_cnas run on one of the publications
    assert [p.kind for p in PUBLICATIONS if p.slug == _report.SLUG] == ["report"]
    assert sum(1 for p in PEOPLE.values() if p.has_page) >= 2
    assert len(ARTICLES) >= 4 and {a.outlet for a in ARTICLES.values()} == set(OUTLETS)
    assert {o.cms for o in OUTLETS.values()} == {"wordpress", "newsroom"}
    assert len(PUBLICATIONS) > 20  # the listing needs a second page


def test_no_page_references_another_host(demo, crawl):
    url_pattern = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")
    for name in [*html_files(), "robots.txt", "sitemap.xml", "images/person.svg"]:
        text = site_root().joinpath(*name.split("/")).read_text(encoding="utf-8")
        for match in url_pattern.findall(text):
            if match.startswith("{{BASE}}") or match.startswith(IDENTIFIER_URLS):
                continue
            pytest.fail(f"{name} references {match}")
        assert "127.0.0.1" not in text  # the placeholder only, never a fixed address
    pages, _, _ = crawl
    for url, body in pages.items():
        for match in url_pattern.findall(body.decode("utf-8")):
            if not match.startswith(IDENTIFIER_URLS):
                absolute = "http:" + match if match.startswith("//") else match
                assert urlsplit(absolute).hostname == "127.0.0.1", (url, match)
        assert b"{{BASE}}" not in body


def test_committed_site_matches_its_sources():
    assert _build.differences() == [], "run: python -m scripts.demo_site"


# -- the server -------------------------------------------------------------------------------------------
def test_content_types_and_head(demo):
    status, headers, body = request(demo, "/articles-multimedia")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert int(headers["content-length"]) == len(body)
    assert b"127.0.0.1" in body
    status, headers, body = request(demo, f"/documents/{_report.PDF_NAME}")
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert body.startswith(b"%PDF-1.") and body.rstrip().endswith(b"%%EOF") and b"Holding the Line" in body
    status, headers, body = request(demo, "/robots.txt")
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in body.decode() and f"{demo.base_url}/sitemap.xml" in body.decode()
    status, headers, body = request(demo, "/images/alliances.svg")
    assert headers["content-type"] == "image/svg+xml"
    status, headers, head_body = request(demo, "/articles-multimedia", method="HEAD")
    assert status == 200 and head_body == b"" and int(headers["content-length"]) > 1000


def test_trailing_slash_and_index_forms(demo):
    assert request(demo, "/")[0] == 200
    assert request(demo, "/articles-multimedia/")[0] == 200
    assert request(demo, "/outlets/tidewater-review/2026/05/guarding-the-spokes/")[0] == 200
    assert request(demo, "/publications/commentary/why-alliances-rehearse?token=abc&x-craft-preview=1")[0] == 200


def test_conditional_get_revalidates(demo):
    status, headers, body = request(demo, "/publications/commentary/ports-as-power")
    assert status == 200 and headers["etag"] and headers["last-modified"]
    status, again, body = request(
        demo, "/publications/commentary/ports-as-power", headers={"If-None-Match": headers["etag"]}
    )
    assert status == 304 and body == b"" and again["etag"] == headers["etag"]
    status, _, _ = request(
        demo, "/publications/commentary/ports-as-power", headers={"If-Modified-Since": headers["last-modified"]}
    )
    assert status == 304
    status, _, body = request(demo, "/publications/commentary/ports-as-power", headers={"If-None-Match": '"other"'})
    assert status == 200 and body
    status, _, _ = request(
        demo, "/publications/commentary/ports-as-power", headers={"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"}
    )
    assert status == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/publications/%2e%2e/%2e%2e/%2e%2e/server.py",
        "/..%2f..%2fserver.py",
        "/%2e%2e%5c%2e%2e%5cserver.py",
        "/articles-multimedia/..",
        "/.hidden",
        "/server.py",
        "/%ff%fe",
        "/no/such/page",
    ],
)
def test_paths_outside_the_site_are_404(demo, path):
    status, headers, body = request(demo, path)
    assert status == 404
    assert b"root:" not in body and b"import" not in body
    assert headers["content-type"].startswith("text/html")


def test_only_get_and_head(demo):
    status, headers, _ = request(demo, "/articles-multimedia", method="POST")
    assert status == 405 and headers["allow"] == "GET, HEAD"


def test_port_in_use_is_a_clear_error(demo):
    with pytest.raises(InkreaderError) as caught:
        DemoServer(demo.port).start()
    assert str(caught.value) == f"Port {demo.port} is in use; try --port 0 for any free port."


def test_stop_frees_the_port_for_a_restart():
    # Any free port, not the default one: another process (a parallel test, a user's demo) may take 8642 the
    # moment it is freed.
    server = DemoServer(0).start()
    port = server.port
    assert server.start_url == f"http://127.0.0.1:{port}/articles-multimedia"
    server.stop()
    with DemoServer(port) as again:
        assert request(again, "/articles-multimedia")[0] == 200


def test_serve_forever_prints_the_address_and_stops_quietly_on_ctrl_c():
    code = "from inkreader.demo.server import serve_forever; serve_forever(0)"
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        line = process.stdout.readline()
        match = re.fullmatch(
            r"Demo site at (http://127\.0\.0\.1:(\d+)/articles-multimedia) \(Ctrl\+C to stop\)\n", line
        )
        assert match, line
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(2)), timeout=HANG_GUARD)
        connection.request("GET", "/articles-multimedia")
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGINT)  # after an answer: the server is up and the handler in place
        _, err = process.communicate(timeout=HANG_GUARD)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert err == ""


# -- page shapes the adapters rely on ---------------------------------------------------------------------
def tree_of(demo, path: str):
    status, _, body = request(demo, path)
    assert status == 200, path
    return lxml_html.document_fromstring(body)


def test_listing_pages_have_twenty_cards_then_the_rest(demo):
    first = tree_of(demo, "/articles-multimedia")
    cards = first.xpath("//ul[contains(@class,'entry-listing')]/li[contains(@class,'-with-image')]")
    assert len(cards) == 20
    for card in cards:
        assert card.xpath("./a[img]") and card.xpath("./span[@class='type']")
        assert card.xpath("./a[@class='sans-serif fz16 bold margin-top-half-em']")
        assert card.xpath("./p[starts-with(normalize-space(), 'By ')]") and card.xpath("./ul/li")
    assert first.xpath("//nav[contains(@class,'pagination')]//a[@rel='next']/@href") == [demo.start_url + "/p2"]
    second = tree_of(demo, "/articles-multimedia/p2")
    assert len(second.xpath("//ul[contains(@class,'entry-listing')]/li")) == len(PUBLICATIONS) - 20
    assert not second.xpath("//a[@rel='next']")
    assert re.search(r"JANUARY \d+, 2026", second.text_content())  # a card date in capitals (CSS leak)


def test_commentaries_link_through_to_both_outlets_in_both_wordings(demo):
    followed = [p for p in PUBLICATIONS if p.follow]
    assert len(followed) >= 3
    wordings = set()
    for pub in followed:
        tree = tree_of(demo, pub.path)
        article = ARTICLES[pub.follow]
        anchor = tree.xpath(f"//div[@id='mainbar']//a[@href='{demo.base_url}{article.path}']")[0]
        text = " ".join(anchor.getparent().text_content().split())
        if anchor.text_content().startswith("Read the full article and more in"):
            wordings.add("whole sentence, 'and more in'")
        else:
            assert text == f"Read the full article from {OUTLETS[article.outlet].name}."
            assert anchor.text_content() == OUTLETS[article.outlet].name
            wordings.add("outlet name, 'from'")
        assert request(demo, urlsplit(demo.base_url + article.path).path)[0] == 200
    assert len(wordings) == 2
    assert {ARTICLES[p.follow].outlet for p in followed} == set(OUTLETS)


def test_every_commentary_has_a_more_from_section(demo):
    commentaries = [pub for pub in PUBLICATIONS if pub.kind == "commentary"]
    assert commentaries
    for pub in commentaries:
        tree = tree_of(demo, pub.path)
        section = tree.xpath("//section[contains(@class,'more-from-cnas')]")[0]
        assert section.xpath("./h2/text()") == ["More from the Center"]
        assert 3 <= len(section.xpath(".//ul[contains(@class,'entry-listing')]/li")) <= 4
        assert section.xpath(".//a[@href='/reports']")  # the deliberate relative link


def test_outlets_use_different_cms_shapes(demo):
    wordpress = tree_of(demo, "/outlets/tidewater-review/2026/05/guarding-the-spokes/")
    assert wordpress.xpath("//article[contains(@class,'post')]//div[@class='entry-content']/p")
    assert wordpress.xpath("//div[@id='comments']//li[contains(@class,'comment')]")
    assert wordpress.xpath("//aside[@id='secondary']") and wordpress.xpath("//div[contains(@class,'share-bar')]")
    newsroom = tree_of(demo, "/outlets/meridian-defense-daily/opinion/2026/06/the-compact-needs-a-spare-parts-treaty")
    assert newsroom.xpath("//script[@type='application/ld+json']")
    assert newsroom.xpath("//time[@datetime]") and newsroom.xpath("//aside[contains(@class,'related-rail')]//a")
    assert not newsroom.xpath("//div[@class='entry-content']")


def test_long_report_shape(demo):
    tree = tree_of(demo, f"/publications/reports/{_report.SLUG}")
    body = tree.xpath("//div[@id='mainbar-toc']")[0]
    blocks = body.xpath("./div[contains(@class,'wysiwyg') and not(starts-with(@id,'biblio'))]")
    words = sum(len(block.text_content().split()) for block in blocks)
    assert words >= 4000
    assert len(body.xpath(".//nav//ol/li/a[starts-with(@href,'#')]")) == len(_report.SECTIONS) + 1
    for heading in body.xpath(".//h3"):
        assert heading.getprevious().get("class") == "back-to-top"
    markers = body.xpath(".//sup/a[starts-with(@href,'#fn')]")
    notes = body.xpath(".//div[starts-with(@id,'biblio')]/ol/li")
    assert len(markers) == len(notes) == len(_report.ENDNOTES)
    assert all(note.xpath("./a[text()='↩']") for note in notes)
    assert body.xpath(
        f".//a[contains(@class,'button') and contains(@class,'-solid') and "
        f"@href='{demo.base_url}/documents/{_report.PDF_NAME}']/text()"
    ) == ["Download PDF"]


def test_podcast_embeds_a_local_player(demo):
    podcasts = [pub for pub in PUBLICATIONS if pub.kind == "podcast"]
    assert podcasts
    for pub in podcasts:
        src = tree_of(demo, pub.path).xpath("//iframe/@src")[0]
        assert src.startswith(demo.base_url + "/player/") and get(demo, src)[0] == 200


# -- inkreader reads the demo -----------------------------------------------------------------------------
def read(demo, path: str):
    status, _, body = request(demo, path)
    assert status == 200
    return inkreader.extract_article(body.decode("utf-8"), demo.base_url + path)


@pytest.mark.parametrize("pub", PUBLICATIONS, ids=lambda p: p.slug)
def test_think_tank_pieces_read_as_cnas(demo, pub):
    article = read(demo, pub.path)
    assert article.site == "cnas"
    assert article.kind == pub.kind
    assert article.title == pub.title
    assert article.published == pub.published.isoformat()
    assert article.authors == [PEOPLE[slug].name for slug in pub.authors]
    assert 3 <= len(article.related) <= 4 and all(item.url.startswith(demo.base_url) for item in article.related)
    if pub.follow:
        assert article.full_article_url == demo.base_url + ARTICLES[pub.follow].path
        assert article.outlet == OUTLETS[pub.outlet].name
    else:
        assert article.full_article_url is None
    if pub.slug == _report.SLUG:
        assert len(article.markdown.split()) >= 4000
        # the page's own back-to-text arrows are gone; convert's endnote scheme adds one "↩" per note
        assert "up-arrow" not in article.markdown
        notes = article.markdown.split("\n## Notes\n", 1)[1]
        assert article.markdown.count("↩") == len(re.findall(r"^\d+\. ", notes, re.MULTILINE)) > 0


def test_listing_reads_as_twenty_items_and_a_next_page(demo):
    listing = read(demo, "/articles-multimedia")
    assert listing.site == "cnas" and listing.kind == "listing"
    assert len(listing.related) == 20
    assert listing.next_url == demo.start_url + "/p2"
    newest = sorted(PUBLICATIONS, key=lambda p: p.published, reverse=True)[0]
    assert listing.related[0].title == newest.title and listing.related[0].published == newest.published.isoformat()
    last = read(demo, "/articles-multimedia/p2")
    assert len(last.related) == len(PUBLICATIONS) - 20 and last.next_url is None


@pytest.mark.parametrize("slug", [slug for slug, person in PEOPLE.items() if person.has_page])
def test_people_pages_read_as_cnas_people(demo, slug):
    article = read(demo, f"/people/{slug}")
    assert article.site == "cnas" and article.kind == "person"
    assert article.title == PEOPLE[slug].name
    assert article.related


@pytest.mark.parametrize("path", ["/reports", "/research/maritime-security"])
def test_other_listings_read_as_cnas_listings(demo, path):
    article = read(demo, path)
    assert article.site == "cnas" and article.kind == "listing" and article.related


@pytest.mark.parametrize("article", [pytest.param(a, id=a.key) for a in ARTICLES.values()])
def test_outlet_articles_read_cleanly(demo, article):
    result = read(demo, article.path)
    assert result.site != "cnas"
    assert result.title in (article.title, f"{article.title} | {OUTLETS[article.outlet].name}")
    assert result.published == article.published.date().isoformat()
    assert result.outlet == OUTLETS[article.outlet].name
    assert article.body[-1][:60] in result.markdown
    for _name, _, comment in article.comments:  # reader comments, sidebar and promos are not the article
        assert comment[:40] not in result.markdown
    assert "Recent Posts" not in result.markdown and "Morning Brief" not in result.markdown
    assert result.authors == [article.author]
