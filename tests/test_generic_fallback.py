"""The second opinion (trafilatura) for pages where the generic extractor is unsure: asked only then, imported
only then, and taken only when it holds clearly more text."""

from __future__ import annotations

import subprocess
import sys

from lxml import html as lxml_html

from inkreader.extract import generic

ESSAY = "".join(
    f"<p>Paragraph {n} of the essay on river ferries tells how the crossing changed when the bridge opened, "
    f"and why the old boat still runs on summer weekends for walkers and their dogs.</p>"
    for n in range(8)
)
PAGE = f"<html><head><title>Ferries</title></head><body><article>{ESSAY}</article></body></html>"


def test_a_page_we_are_sure_of_never_imports_the_fallback():
    code = (
        "import sys; from inkreader import extract_article; "
        f"extract_article({PAGE!r}, 'https://example.org/ferries'); "
        "print('trafilatura' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_thin_choice_gives_way_to_a_clearly_longer_second_opinion():
    thin = lxml_html.fromstring("<div><p>Paragraph 3 of the essay on river ferries.</p></div>")
    chosen = generic._surer(thin, 40, PAGE)
    assert chosen is not thin
    assert "Paragraph 0 of the essay" in chosen.text_content()
    assert "Paragraph 7 of the essay" in chosen.text_content()


def test_a_second_opinion_no_longer_than_ours_is_not_taken():
    ours = lxml_html.fromstring(f"<div>{ESSAY}</div>")
    assert generic._surer(ours, 10_000, PAGE) is ours
