"""A lone surrogate in a page's metadata (JSON-LD escapes) becomes U+FFFD: read, read --json and save work."""

from __future__ import annotations

import json

from generic_helpers import serve_bytes

PAGE = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Surrogates</title>'
    b'<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Surrogate \\ud800 headline", '
    b'"author": {"@type": "Person", "name": "Ada \\udc00 Quill"}, "description": "A \\ud83d\\ude00 kept pair"}'
    b"</script></head><body><article><h1>Surrogate headline</h1>"
    b"<p>The tide tables for the estuary were printed on the wrong paper this year, and they smudge in the rain, "
    b"which the harbour master says is the only thing anyone has written to him about since March.</p>"
    b"<p>A reprint is promised before the summer regatta, on heavier stock.</p></article></body></html>"
)


def test_lone_surrogates_in_json_ld_do_not_crash_read_or_save(run_cli, server) -> None:
    url = serve_bytes(server, "/surrogate", PAGE, "text/html; charset=utf-8")
    shown = run_cli("read", "--json", url)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["title"] == "Surrogate \ufffd headline"
    assert "tide tables" in json.dumps(data, ensure_ascii=False)
    plain = run_cli("read", url)
    assert plain.returncode == 0, plain.stderr
    saved = run_cli("save", url)
    assert saved.returncode == 0, saved.stderr
    listed = json.loads(run_cli("list", "--saved", "--json").stdout)
    assert [entry["title"] for entry in listed] == ["Surrogate \ufffd headline"]
