"""Shared by the CNAS tests: read a fixture page as the server would serve it."""

from __future__ import annotations

from pathlib import Path

SITE = Path(__file__).parent / "fixtures" / "site"
BASE = "http://127.0.0.1:8000"


def fixture_html(relative: str, base: str = BASE) -> str:
    return (SITE / relative).read_text(encoding="utf-8").replace("{{BASE}}", base)


def fixture_url(relative: str, base: str = BASE) -> str:
    """The URL the fixture server gives ``relative`` (extension dropped, as the pages link to each other)."""
    return f"{base}/{relative.removesuffix('.html')}"
