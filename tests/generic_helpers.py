"""Helpers for the generic-extractor tests: serve our own fixture pages over real HTTP and fetch them."""

from __future__ import annotations

from pathlib import Path

import httpx

from server import FixtureServer, respond

GENERIC_FIXTURES = Path(__file__).parent / "fixtures" / "generic"


def serve_bytes(server: FixtureServer, path: str, body: bytes, content_type: str = "text/html") -> str:
    return server.route(path, lambda request: respond(request, body=body, content_type=content_type))


def fetch_fixture(server: FixtureServer, name: str) -> tuple[str, str]:
    """Serve ``fixtures/generic/<name>`` and fetch it; returns (html text, url)."""
    url = serve_bytes(server, f"/{name}", (GENERIC_FIXTURES / name).read_bytes(), "text/html; charset=utf-8")
    response = httpx.get(url, timeout=10)
    response.raise_for_status()
    return response.text, url
