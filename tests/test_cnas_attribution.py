"""The attribution line (type label · outside publication) read by meaning, in every markup seen for it."""

from __future__ import annotations

import pytest
from cnas_helpers import fixture_html, fixture_url

from inkreader import extract_article

GRAIN = "publications/commentary/grain-corridor-referee.html"
PLAIN_LINE = "<p><span>Commentary</span></p>"
FULL_ARTICLE = '<p>Read the full article from <a href="https://harbor.example/2026/grain">Harbor Review</a>.</p>'


def _page(attribution: str, tail: str = "") -> str:
    html = fixture_html(GRAIN)
    assert PLAIN_LINE in html
    html = html.replace(PLAIN_LINE, attribution, 1)
    if tail:
        html = html.replace("</article>", f"{tail}</article>", 1) if "</article>" in html else html + tail
    return html


def _outlet(attribution: str, tail: str = "") -> tuple[str | None, str]:
    article = extract_article(_page(attribution, tail), fixture_url(GRAIN))
    return article.outlet, article.kind


@pytest.mark.parametrize(
    "line",
    [
        '<p><span class="type">Commentary</span> <span class="dot">·</span> '
        '<span class="publication">Inkstick Media</span></p>',
        '<p><span class="publication">Inkstick Media</span><span class="sep">|</span>'
        '<span class="type">Commentary</span></p>',
        "<p><span>Commentary</span> · <span>Inkstick Media</span></p>",
        "<p><span>Commentary</span><span>·</span><span>Inkstick Media</span></p>",
        "<p>Commentary · Inkstick Media</p>",
        '<p><span class="type">Commentary</span> <span class="dot">•</span> '
        '<a class="publication" href="https://inkstick.example/">Inkstick Media</a></p>',
    ],
)
def test_outlet_is_the_publication_never_the_separator(line):
    outlet, kind = _outlet(line)
    assert outlet == "Inkstick Media"
    assert kind == "commentary"


def test_a_separator_alone_is_no_outlet_and_the_full_article_link_names_it():
    outlet, _ = _outlet('<p><span class="type">Commentary</span> <span class="dot">·</span></p>')
    assert outlet is None
    body_line = FULL_ARTICLE
    html = _page('<p><span class="type">Commentary</span> <span class="dot">·</span></p>')
    html = html.replace("</p>\n        </div>\n      </div>", f"</p>{body_line}\n        </div>\n      </div>", 1)
    if body_line not in html:  # the body's last paragraph, wherever the fixture ends it
        html = html.replace(
            '<div class="wrapper wysiwyg margin-vertical drop-cap">',
            f'<div class="wrapper wysiwyg margin-vertical drop-cap">{body_line}',
            1,
        )
    article = extract_article(html, fixture_url(GRAIN))
    assert article.outlet == "Harbor Review"
    assert article.outlet != "·"


FIRST_SENTENCE_END = "the two tallies have drifted apart by almost a fifth."


def test_footnote_markers_stay_out_of_title_and_summary():
    html = fixture_html(GRAIN)
    assert FIRST_SENTENCE_END in html
    html = html.replace(FIRST_SENTENCE_END, FIRST_SENTENCE_END + '<sup><a href="#fn1" id="r1">1</a></sup>', 1)
    html = html.replace("Needs a Referee</h1>", "Needs a Referee<sup>*</sup></h1>", 1)
    article = extract_article(html, fixture_url(GRAIN))
    assert article.title == "The Grain Corridor Compact Needs a Referee"
    assert article.summary.endswith("almost a fifth.") or "fifth.1" not in article.summary
    assert "fifth.1" not in article.summary and "fifth. 1" not in article.summary


def test_footnote_digits_glued_to_a_meta_description_are_dropped():
    from inkreader.extract.dom import strip_glued_markers

    assert strip_glued_markers("It held up after a year of heavy use.1") == "It held up after a year of heavy use."
    assert strip_glued_markers("Fleets grew.12 Then they shrank.") == "Fleets grew. Then they shrank."
    assert strip_glued_markers("Version 2.1 ships with 3 fixes.") == "Version 2.1 ships with 3 fixes."
