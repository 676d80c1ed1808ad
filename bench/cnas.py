"""CNAS adapter speed on our fixture pages, beside trafilatura on the same pages (``python -m bench cnas``).

Figures only; nothing is asserted (tests check behaviour, not time).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.common import table
from inkreader import extract_article

SITE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "site"
PAGES = [
    "publications/commentary/tidewater-logistics.html",
    "publications/commentary/quiet-harbors-sensor-networks.html",
    "publications/commentary/grain-corridor-referee.html",
    "publications/reports/cables-under-pressure.html",
    "publications/podcast/signal-flags-41-drones-over-shipping-lanes.html",
    "articles-multimedia.html",
    "articles-multimedia/p2.html",
    "people/imogen-castellanos.html",
]


def _median_ms(function, rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run(quick: bool = False) -> str:
    import trafilatura

    rounds = 5 if quick else 30
    base = "http://127.0.0.1:8000"
    rows = []
    for relative in PAGES:
        html = (SITE / relative).read_text(encoding="utf-8").replace("{{BASE}}", base)
        url = f"{base}/{relative.removesuffix('.html')}"
        article = extract_article(html, url)
        ours = _median_ms(lambda html=html, url=url: extract_article(html, url), rounds)
        anchor = _median_ms(
            lambda html=html, url=url: trafilatura.extract(html, url=url, output_format="markdown"), rounds
        )
        rows.append(
            [relative, article.kind, len(article.related), f"{ours:.2f}", f"{anchor:.2f}", f"{ours / anchor:.2f}"]
        )
    return "\n".join(
        [
            "## CNAS adapter",
            "",
            f"Our fixture pages in CNAS markup (median of {rounds}); trafilatura's markdown extraction of the same "
            "page beside it (it gives only the body: no cards, kind or follow-through link).",
            "",
            table(["page", "kind", "cards", "inkreader ms", "trafilatura ms", "ratio"], rows),
        ]
    )


if __name__ == "__main__":
    print(run())
