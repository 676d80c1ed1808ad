"""PDFs over HTTP, as a reader meets them: the demo's report PDF, a report page that is only a summary of its
PDF, a PDF behind an address with no .pdf and a wrong type, and hostile PDFs of our own making, each of which
ends as one line (tests/fixtures/pdf/, written by scripts/make_test_pdfs.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from inkreader.text import without_anchors
from server import FixtureServer, respond

DEMO_SITE = Path(__file__).resolve().parents[1] / "src" / "inkreader" / "demo" / "site"
REPORT_PDF = (DEMO_SITE / "documents" / "Holding-the-Line-Beneath-the-Waves.pdf").read_bytes()
HOSTILE = Path(__file__).parent / "fixtures" / "pdf"


def _serve(server: FixtureServer, path: str, data: bytes, content_type: str = "application/pdf") -> str:
    return server.route(path, lambda request: respond(request, 200, data, content_type))


def _read_json(run_cli, url: str) -> dict:
    result = run_cli("read", url, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_demo_report_pdf_reads_as_a_report(server: FixtureServer, run_cli) -> None:
    url = _serve(server, "/documents/holding-the-line.pdf", REPORT_PDF)
    data = _read_json(run_cli, url)
    assert data["site"] == "pdf" and data["kind"] == "report"
    assert data["pages"] == 8
    assert data["extraction"]["method"] == "pdf" and data["extraction"]["confidence"] > 0.9
    assert data["title"].startswith("Holding the Line Beneath the Waves")
    assert data["authors"] == ["Dr. Maren Holt", "Tobias Arkwright", "Priya Ramanathan"]
    assert data["published"] == "2026-05-28"
    assert data["publisher"] == "Center for Northern Atlantic Studies"
    assert data["report_number"] == "NAS-2026-04"
    markdown = data["markdown"]
    # headings from the outline, no page headings, running heads and page numbers out of the flow
    for heading in ("## Executive Summary", "## The Infrastructure at Stake", "## Conclusion"):
        assert heading in markdown
    assert "Page " not in markdown and "HOLDING THE LINE BENEATH THE WAVES" not in markdown
    # each page is an inline anchor where its words begin (no page headings); a page that opens with a heading
    # has it after the heading's words
    assert re.findall(r'<a id="page-(\d+)"></a>', markdown) == [str(page) for page in range(1, 9)]
    assert '## Executive Summary<a id="page-2"></a>\n' in markdown
    prose = [line for line in markdown.splitlines() if not line.startswith("#")]
    assert not any(re.search(r'\w<a id="page-\d+"></a>', line) for line in prose)  # never inside a word
    # every heading is a section of the outline: the cover's subtitle and bold run-in sentences are not
    headings = [without_anchors(line) for line in markdown.splitlines() if line.startswith("#")]
    assert headings[0] == "## Executive Summary" and headings[-2:] == ["## Conclusion", "## Notes"]
    assert len(headings) == 12 and all(heading.startswith("## ") for heading in headings)
    # paragraphs re-flowed across columns and pages: a long sentence is whole on one line
    assert "For nineteen hours most of the islands had no mains power.[1](#note-1)" in markdown
    # footnotes gathered as endnotes, one ordered list under ## Notes, markers linking to them
    notes = markdown.split("\n## Notes\n\n", 1)[1]
    assert notes.startswith("1. Orran Grid Authority, Incident Report")
    assert "\n14. Interviews with representatives of three cable operators" in notes
    assert markdown.count("## Notes") == 1
    assert "Orran Grid Authority, Incident Report" not in markdown.split("## Notes")[0]
    # a simple table stays a table
    assert "| Corridor | Cables | Pipelines | Repair days |\n|---|---|---|---|\n| Hollin Gap | 9 | 2 | 41 |" in markdown
    # the PDF's own link is a Markdown link
    assert any(link["url"].startswith("https://www.northern-atlantic.example/") for link in data["links"])


def test_citation_of_the_report_pdf(server: FixtureServer, run_cli) -> None:
    url = _serve(server, "/documents/cite-me.pdf", REPORT_PDF)
    assert run_cli("read", url).returncode == 0
    result = run_cli("cite", url)
    assert result.returncode == 0, result.stderr
    assert "Holding the Line Beneath the Waves" in result.stdout and "Holt" in result.stdout


def test_a_pdf_is_known_by_its_bytes_whatever_its_address_and_type(server: FixtureServer, run_cli) -> None:
    url = _serve(server, "/files/documents/Holding-Brief", REPORT_PDF, content_type="application/octet-stream")
    result = run_cli("read", url)
    assert result.returncode == 0, result.stderr
    assert "## Executive Summary" in result.stdout and "%PDF" not in result.stdout


def test_a_summary_page_follows_its_pdf(server: FixtureServer, run_cli) -> None:
    pdf_url = _serve(server, "/files/documents/Holding-the-Line", REPORT_PDF)
    page = f"""<!doctype html><html><head><title>Holding the Line Beneath the Waves</title>
<meta property="og:site_name" content="Center for Northern Atlantic Studies"></head><body><main><article>
<h1>Holding the Line Beneath the Waves</h1>
<p>A short summary of a long report on the cables and pipelines beneath the Northern Seas, and on who should
watch them.</p>
<p><a class="button -solid" href="{pdf_url}">Download PDF</a></p>
</article></main></body></html>"""
    url = server.route("/reports/holding-the-line", lambda request: respond(request, 200, page))
    data = _read_json(run_cli, url)
    assert data["followed"] is True
    assert data["full_article_url"] == pdf_url
    assert data["site"] != "pdf" and data["pages"] == 8
    assert "## Executive Summary" in data["markdown"] and "[Download PDF]" not in data["markdown"]
    # cached: the stored copy is the followed one, and it is searchable
    search = run_cli("search", "interconnectors", "--json")
    assert search.returncode == 0, search.stderr
    assert url in search.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("encrypted.pdf", "protected by a password"),
        ("bomb.pdf", "decompression bomb"),
        ("no-text-layer.pdf", "no text layer"),
        ("garbled.pdf", "no Unicode map"),
    ],
)
def test_hostile_pdfs_end_as_one_line(server: FixtureServer, run_cli, name: str, expected: str) -> None:
    url = _serve(server, f"/hostile/{name}", (HOSTILE / name).read_bytes())
    result = run_cli("read", url)
    assert result.returncode == 1
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_truncated_and_malformed_pdfs_end_as_one_line(server: FixtureServer, run_cli) -> None:
    for path, data in {
        "/hostile/truncated.pdf": REPORT_PDF[: len(REPORT_PDF) // 3],
        "/hostile/garbage.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    }.items():
        result = run_cli("read", _serve(server, path, data))
        if result.returncode == 0:  # PDFium repairs what it can: what it read is shown
            assert result.stdout.strip()
        else:
            assert result.returncode == 1
            assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_an_owner_restricted_pdf_opens_without_a_password(server: FixtureServer, run_cli) -> None:
    url = _serve(server, "/hostile/owner-only.pdf", (HOSTILE / "owner-only.pdf").read_bytes())
    result = run_cli("read", url)
    assert result.returncode == 0, result.stderr
    assert "An owner-restricted brief opens for every reader." in result.stdout


async def test_a_pdf_may_pass_the_page_cap_but_not_its_own(server: FixtureServer) -> None:
    from inkreader.errors import FetchError
    from inkreader.fetch import Fetcher

    big = REPORT_PDF + b"%" + b"x" * (12 * 1024 * 1024)  # a 12 MB PDF: over the 10 MB page cap
    html = b"<html><body><p>" + b"x" * (12 * 1024 * 1024) + b"</p></body></html>"
    pdf_url = _serve(server, "/big/report.pdf", big, content_type="application/octet-stream")
    html_url = server.route("/big/page", lambda request: respond(request, 200, html))
    async with Fetcher(host_delay=0, pdf_max_bytes=20 * 1024 * 1024) as fetcher:
        page = await fetcher.fetch(pdf_url)
        assert page.content_type == "application/pdf" and len(page.content) == len(big)
        with pytest.raises(FetchError, match="larger than 10 MB"):
            await fetcher.fetch(html_url)
        fetcher.pdf_max_bytes = 11 * 1024 * 1024
        with pytest.raises(FetchError, match="larger than"):
            await fetcher.fetch(pdf_url)


def test_a_local_pdf_file_reads_like_one_from_the_web(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(REPORT_PDF)
    result = run_cli("read", str(path))
    assert result.returncode == 0, result.stderr
    assert "## Executive Summary" in result.stdout and "\n## Notes\n" in result.stdout


def test_a_pdf_is_saved_exported_and_read_offline(server: FixtureServer, run_cli, tmp_path: Path) -> None:
    url = _serve(server, "/documents/keep-me.pdf", REPORT_PDF)
    saved = run_cli("save", url)
    assert saved.returncode == 0, saved.stderr
    offline = run_cli("read", url, "--offline")
    assert offline.returncode == 0 and "## Executive Summary" in offline.stdout
    exported = run_cli("export", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    texts = [path.read_text(encoding="utf-8") for path in (tmp_path / "out").rglob("*.md")]
    assert any("Holding the Line Beneath the Waves" in text and "## Notes" in text for text in texts)


def test_a_pdfs_page_anchors_are_not_words_in_search(server: FixtureServer, run_cli) -> None:
    url = _serve(server, "/documents/search-me.pdf", REPORT_PDF)
    assert run_cli("save", url).returncode == 0
    # "cut by a" ends page 3, "dragged anchor" begins page 4: the phrase is found across the page's anchor
    result = run_cli("search", '"cut by a dragged anchor"', "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [hit["url"] for hit in hits] == [url]
    assert "page" not in hits[0]["snippet"] and "<a" not in hits[0]["snippet"]
    assert run_cli("search", "id", "--json").stdout.strip() == "[]"


WEB_PAGE = (
    "<!doctype html><html><head><title>Few Cables</title></head><body><main><article><h1>Few Cables</h1>"
    + "<p>The cables under the sea are few, and the ships that mend them fewer still. </p>" * 6
    + "</article></main></body></html>"
)


def test_a_highlight_in_a_pdf_knows_its_page(server: FixtureServer, run_cli, tmp_path: Path) -> None:
    url = _serve(server, "/documents/highlight-me.pdf", REPORT_PDF)
    quote = "A cable can be cut by a dragged anchor"  # page 3 ends after "cut by a", page 4 begins
    added = run_cli("highlight", url, quote, "--note", "the ambiguity")
    assert added.returncode == 0, added.stderr
    assert "(p. 3)" in added.stdout  # the page the passage begins on, for citing it
    listed = json.loads(run_cli("highlights", url, "--json").stdout)
    assert [(item["quote"], item["detached"], item["note"], item["page"]) for item in listed] == [
        (quote, False, "the ambiguity", 3)
    ]
    on_page_five = "First, redundancy was weaker than it appeared."
    assert run_cli("highlight", url, on_page_five).returncode == 0
    pages = {item["quote"]: item["page"] for item in json.loads(run_cli("highlights", "--json").stdout)}
    assert pages == {quote: 3, on_page_five: 5}
    exported = tmp_path / "highlights.md"
    assert run_cli("export", "--highlights", str(exported)).returncode == 0
    assert "> First, redundancy was weaker than it appeared.\n\n*p. 5*" in exported.read_text(encoding="utf-8")
    web = server.route("/commentary/no-pages", lambda request: respond(request, 200, WEB_PAGE))
    assert run_cli("highlight", web, "The cables under the sea are few").returncode == 0
    [on_the_web] = json.loads(run_cli("highlights", web, "--json").stdout)
    assert on_the_web["page"] is None
