"""Regenerate screenshots/inbox.svg: the demo's sources refreshed, the inbox open on the think tank's items,
one piece opened from it. Headless, a throw-away data directory, never leaves 127.0.0.1.

    .venv/bin/python scripts/screenshot_inbox.py [OUTPUT_DIR]      (default: screenshots/)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from inkreader.config import Settings, resolve_paths
from inkreader.demo.server import DemoServer
from inkreader.reader import Reader
from inkreader.tui.app import InkReaderApp
from inkreader.tui.widgets.inbox_list import InboxList

SIZE = (120, 36)
REPO = Path(__file__).resolve().parent.parent


async def settle(app, pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def shoot(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="inkreader-shots-") as home, DemoServer(port=0) as server:
        paths = resolve_paths(home).ensure()
        async with Reader(paths, settings=Settings(start_url="")) as reader:
            reader.sources.follow_demo(server.base_url)
            await reader.sources.refresh()
        app = InkReaderApp(Reader(paths, settings=Settings(start_url=server.start_url)), server.start_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("i")
            await settle(app, pilot)
            inbox = app.screen.query_one(InboxList)
            await pilot.press("enter")  # All sources
            await settle(app, pilot)
            await pilot.press("j", "enter")  # open the second newest: it follows through to its outlet
            await settle(app, pilot)
            inbox.focus()
            await pilot.press("j", "j")
            await settle(app, pilot)
            return Path(app.save_screenshot(filename="inbox.svg", path=str(out)))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else REPO / "screenshots"
    print(asyncio.run(shoot(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
