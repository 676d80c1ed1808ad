"""CNAS adapter speed on the fixture pages: ``python -m bench.cnas`` prints milliseconds per page.

Figures only; nothing is asserted (tests check behaviour, not time).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

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


def main(rounds: int = 30) -> None:
    base = "http://127.0.0.1:8000"
    print(f"{'page':62} {'median ms':>9} {'kind':>12}")
    for relative in PAGES:
        html = (SITE / relative).read_text(encoding="utf-8").replace("{{BASE}}", base)
        url = f"{base}/{relative.removesuffix('.html')}"
        timings = []
        for _ in range(rounds):
            start = time.perf_counter()
            article = extract_article(html, url)
            timings.append((time.perf_counter() - start) * 1000)
        print(f"{relative:62} {statistics.median(timings):9.2f} {article.kind:>12}")


if __name__ == "__main__":
    main()
