"""The second opinion (trafilatura) for pages where the generic extractor is unsure: asked only then, imported
only then, and taken only when it holds clearly more text."""

from __future__ import annotations

import subprocess
import sys

from lxml import html as lxml_html

from inkreader.extract import fallback, generic
from inkreader.extract.reconcile import reconcile

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


def test_a_thin_choice_gives_way_to_a_second_opinion_that_holds_it_and_clearly_more():
    thin = lxml_html.fromstring(
        "<div><p>Paragraph 3 of the essay on river ferries tells how the crossing changed when the bridge "
        "opened, and why the old boat still runs on summer weekends for walkers and their dogs.</p></div>"
    )
    verdict = reconcile(thin, 150, 0.3, 0.1, fallback.second_opinion(PAGE), [], generic.MIN_WORDS)
    assert verdict.fragment is not thin and verdict.method == "reconciled"
    assert "Paragraph 0 of the essay" in verdict.fragment.text_content()
    assert "Paragraph 7 of the essay" in verdict.fragment.text_content()


def test_two_texts_that_agree_keep_ours_and_grow_surer():
    ours = lxml_html.fromstring(f"<div><h2>Ferries</h2>{ESSAY}</div>")
    verdict = reconcile(ours, 1200, 0.4, 0.9, fallback.second_opinion(PAGE), [], generic.MIN_WORDS)
    assert verdict.fragment is ours and verdict.method == "reconciled" and verdict.confidence > 0.9


def test_a_second_opinion_no_longer_than_ours_is_not_taken():
    ours = lxml_html.fromstring(f"<div>{ESSAY}</div>")
    theirs = lxml_html.fromstring(
        "<div><p>Paragraph 2 of the essay on river ferries tells how the crossing changed when the bridge "
        "opened.</p></div>"
    )
    verdict = reconcile(ours, 1200, 0.4, 0.9, theirs, [], generic.MIN_WORDS)
    assert verdict.fragment is ours


def test_when_two_texts_differ_the_one_the_page_states_as_its_own_wins():
    story = "<p>The lock keepers voted on Tuesday to keep the night crossings, after a long meeting in the mill.</p>"
    contact = (
        "<div><p>Call our desk from nine to five on weekdays, or write to the address below; we answer every "
        "letter within ten days, and parcels go to the back door of the depot beside the yard.</p></div>"
    )
    ours, theirs = lxml_html.fromstring(contact), lxml_html.fromstring(f"<div>{story}</div>")
    stated = ["The lock keepers voted on Tuesday to keep the night crossings, after a long meeting in the mill."]
    verdict = reconcile(ours, 200, 0.3, 0.4, theirs, stated, 5)
    assert verdict.fragment is theirs and verdict.rule == "stated-theirs"
