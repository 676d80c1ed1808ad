"""Regenerate the README screenshots: drive the TUI headlessly on the bundled demo site.

    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]      (default: screenshots/)

Uses a throw-away data directory, so your own library is never touched, and never leaves 127.0.0.1.
Writes start.svg, article.svg, article-light.svg, library.svg, help.svg, and on the demo's long report:
report-note-typing.svg (# typed: the number hint), report-note.svg (# 3: the endnote), report-find.svg and
report-find-light.svg (Ctrl+F), report-contents.svg (t) and highlights.svg (v, n: a highlight with a note;
H). (The demo pages carry few in-text links, so numbered links are best seen on a real report;
tests/nav_helpers.py builds one with 48.)
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

SIZE = (120, 36)
REPORT_PATH = "/publications/reports/holding-the-line-beneath-the-waves"
REPO = Path(__file__).resolve().parent.parent


async def settle(app, pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def shoot(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="inkreader-shots-") as home, DemoServer(port=0) as server:
        reader = Reader(resolve_paths(home).ensure(), settings=Settings(start_url=server.start_url))
        app = InkReaderApp(reader, server.start_url)

        def save(name: str) -> None:
            written.append(Path(app.save_screenshot(filename=name, path=str(out))))

        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            main = app.main_screen
            related = main.related
            await pilot.press("j", "j")
            save("start.svg")

            # A commentary that was followed to its outlet makes the best article shot.
            items = related.items
            index = next((i for i, item in enumerate(items) if item.kind == "commentary" and item.outlet), 0)
            related.highlighted = index
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("s")  # save it, so the library has something in it
            await settle(app, pilot)
            save("article.svg")

            app.theme = "textual-light"
            await pilot.pause()
            save("article-light.svg")
            app.theme = "textual-dark"

            await pilot.press("backspace")
            await settle(app, pilot)
            for offset in (1, 2):  # two more saved pieces, one of them read
                related.highlighted = min(index + offset, related.option_count - 1)
                await pilot.press("enter")
                await settle(app, pilot)
                saved_title = main.article.title if main.article else ""
                await pilot.press("s")
                await settle(app, pilot)
                await pilot.press("backspace")
                await settle(app, pilot)
            await pilot.press("L")
            await settle(app, pilot)
            # a search with results: a word of the last saved piece's title (letters typed on the list search)
            words = [w.strip(",.:;") for w in saved_title.split()]
            word = next((w for w in words if len(w) > 4 and w.isalpha()), "the")
            await pilot.press(*word.lower())
            await pilot.pause(0.6)  # the search-as-you-type pause
            await settle(app, pilot)
            save("library.svg")
            await pilot.press("escape")
            await pilot.pause()

            await pilot.press("question_mark")
            await pilot.pause(0.3)
            save("help.svg")
            await pilot.press("escape")

            # Reading-pane navigation on the long report (endnotes, many links)
            main.open_location(server.base_url + REPORT_PATH)
            await settle(app, pilot)
            main.view.focus_text()
            await pilot.press("number_sign", "1")
            await pilot.pause(0.1)
            save("report-note-typing.svg")
            await pilot.press("escape", "t")
            await pilot.pause(0.3)
            save("report-contents.svg")
            # find, with the contents still beside it (the README's caption says so)
            await pilot.press("ctrl+f", *"cable", "enter", "n")
            await pilot.pause(0.2)
            save("report-find.svg")
            app.theme = "textual-light"
            await pilot.pause()
            save("report-find-light.svg")
            app.theme = "textual-dark"
            await pilot.press("escape", "number_sign", "3")
            await pilot.pause(0.3)
            save("report-note.svg")

            # A highlight with a note, then the piece's highlights in the list pane (H)
            await pilot.press("escape", "h")
            await settle(app, pilot)
            main.view.focus_text()
            await pilot.press("pagedown", "v", "j", "n")
            await pilot.pause(0.3)
            await pilot.press(*"Cable repair ships: who pays in peacetime?", "enter")
            await settle(app, pilot)
            await pilot.press("H")
            await pilot.pause(0.3)
            save("highlights.svg")

            # The report's PDF in the page's place (f), at its fourth page (p 4): the pane's foot says the page
            await pilot.press("escape")
            main.view.focus_text()
            await pilot.press("f")
            await settle(app, pilot)
            await pilot.press("p", "4")
            await pilot.pause(0.3)
            save("report-pdf.svg")
            await pilot.press("q")
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else REPO / "screenshots"
    for path in asyncio.run(shoot(out)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
