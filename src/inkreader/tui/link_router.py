"""Where a link goes: a page in the app (through the reading controller), a place in the page, the browser, or
nowhere with a reason. One road for a click, a number typed (``3``, ``O 3``, ``Y 3``, ``# 3``), the link
list (``u``) and a typed address (``g``); composed into the main screen, which binds the keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inkreader.errors import FetchError
from inkreader.reader import normalise_url
from inkreader.tui.compat import start_screen
from inkreader.tui.keyseq import Target
from inkreader.tui.linknumbers import NumberedLink, note_numbers
from inkreader.tui.widgets.article_body import Place

if TYPE_CHECKING:
    from inkreader.tui.app import InkReaderApp
    from inkreader.tui.controller import ReadingController
    from inkreader.tui.screens.navigation import LinkListScreen
    from inkreader.tui.widgets.article_view import ArticleView
    from inkreader.tui.widgets.number_entry import LinkNumberEntry


class LinkRouter:
    """Follows links for the main screen: takes the controller (which opens pages) and the view."""

    def __init__(self, controller: ReadingController, view: ArticleView, number_prompt: LinkNumberEntry) -> None:
        self.controller = controller
        self.view = view
        self.number_prompt = number_prompt
        self._link_list: LinkListScreen | None = None

    @property
    def app(self) -> InkReaderApp:
        return self.controller.ink_app

    def _say(self, message: str, severity: str = "information", timeout: float | None = None) -> None:
        self.app.notify(message, severity=severity, markup=False, timeout=timeout)  # type: ignore[arg-type]

    # -- following ---------------------------------------------------------------------------------
    def follow(self, href: str) -> None:
        """What clicking a link does, also for a link chosen by number or from the link list."""
        from inkreader.tui.links import LinkAction, classify_link

        verdict = classify_link(href, self.base_url())
        if verdict.action is LinkAction.ANCHOR:
            if not self.view.goto_anchor(verdict.url):
                self._say("That section is not in this page.")
            self.view.refresh_bindings()  # Backspace now returns from the jump
        elif verdict.action is LinkAction.REFUSE:
            self._say(verdict.reason, "warning")
        elif verdict.action is LinkAction.BROWSER:
            self.offer_browser(verdict.url)
        else:
            self.controller.open(verdict.url)

    def base_url(self) -> str | None:
        article = self.controller.article
        if article is None:
            return None
        if article.followed and not self.controller.showing_summary and article.full_article_url:
            return article.full_article_url
        return article.final_url or article.url

    def go_to(self, text: str | None) -> None:
        """An address typed after ``g``."""
        if not text:
            return
        try:  # the same rule as the command line: "127.0.0.1:8000/x" is http, "www.cnas.org/x" https
            url = normalise_url(text)
        except FetchError as error:
            self._say(str(error), "warning")
            return
        from inkreader.tui.links import LinkAction, classify_link

        verdict = classify_link(url, None)
        if verdict.action is LinkAction.REFUSE:
            self._say(verdict.reason, "warning")
        elif verdict.action is LinkAction.BROWSER:
            self.offer_browser(verdict.url)
        else:
            self.controller.open(verdict.url)

    # -- the browser -------------------------------------------------------------------------------
    def offer_browser(self, url: str) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.open_in_browser(url)

        from inkreader.tui.screens.dialogs import ConfirmScreen

        self.app.push_screen(ConfirmScreen("This is not an article. Open it in your web browser?", url), answer)

    def open_in_browser(self, url: str, what: str = "the page") -> None:
        from inkreader.tui.system import BrowserError

        try:
            self.app.open_url(url)
        except BrowserError as error:
            self._say(f"Could not open {what} in a browser: {error}. The address: {url}", "error", 15)
            return
        self._say(f"Asked your browser to open {what}: {url}")

    # -- numbers ---------------------------------------------------------------------------------------
    def start_number(self, target: Target) -> bool:
        if target is Target.NOTE:
            limit = max(note_numbers(self.view.numbered.markdown), default=0)
            empty = "This page has no endnotes."
        elif target is Target.PAGE:
            limit = self.view.anchors.page_count
            empty = "This is not a PDF: it has no pages to go to."
        else:
            limit = len(self.view.numbered.links)
            empty = "This page has no links."
        if not limit:
            self._say(empty)
            return False
        self.number_prompt.start(target, limit)
        return True

    def run_number(self, target: Target, number: int) -> None:
        if target is Target.NOTE:
            if not self.view.goto_anchor(f"note-{number}"):
                self._say(f"There is no note {number} in this page.")
            self.view.refresh_bindings()
            return
        if target is Target.PAGE:
            self.go_to_page(number)
            return
        link = self.view.numbered.get(number)
        if link is None:
            self._say(f"There is no link {number} in this page.")
        elif target is Target.FOLLOW:
            self.follow(link.url)
        elif target is Target.BROWSER:
            self.open_in_browser(link.url, f"link {number}")
        else:
            self._say(self.app.copy_text(link.url, f"link {number}"), timeout=10)
        if not self.controller.page_loading:
            self.number_prompt.page_shown()  # no page opens (an anchor, a dialog, no such link): the hint goes now

    def go_to_page(self, number: int) -> None:
        found = self.view.anchors.page_from(number)
        if found is None or not self.view.jump_to_place(Place(*found[0])):
            self._say(f"There is no page {number} in this PDF (it has {self.view.anchors.page_count}).")
        elif found[1] != number:
            self._say(f"Page {number} has no text of its own: this is page {found[1]}.")
        self.view.refresh_bindings()

    # -- the link list (u) -------------------------------------------------------------------------------
    def show_list(self) -> None:
        links = self.view.numbered.links
        if not links:
            self._say("This page has no links.")
            return

        def chosen(link: NumberedLink | None) -> None:
            if link is not None:
                self.follow(link.url)

        screen = self.prepare_list()
        screen.show_links(links)
        self.app.push_screen(screen, chosen)

    def prepare_list(self) -> LinkListScreen:
        """The link list dialog, kept for the session: installed, it stays composed between openings (composing
        it took ~10 ms of a u). Made soon after start, with the links then shown, off any key's path."""
        if self._link_list is None:
            import inkreader.tui.links  # noqa: F401 - for the first link followed, off its path too
            from inkreader.tui.screens.navigation import LinkListScreen

            self._link_list = LinkListScreen(self.view.numbered.links)
            self.app.install_screen(self._link_list, f"links-{id(self)}")
            start_screen(self.app, self._link_list)
        return self._link_list
