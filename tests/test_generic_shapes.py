"""The generic extractor on the page shapes it used to fail on: each our own page, served over loopback HTTP
and decoded as inkreader decodes any fetched page."""

from __future__ import annotations

import httpx
import pytest
from generic_helpers import GENERIC_FIXTURES, serve_bytes

from inkreader import extract_article
from inkreader.errors import ExtractError
from inkreader.fetch.decode import decode_body


def fetch(server, name: str, content_type: str = "text/html") -> tuple[str, str]:
    url = serve_bytes(server, f"/{name}", (GENERIC_FIXTURES / name).read_bytes(), content_type)
    response = httpx.get(url, timeout=10)
    response.raise_for_status()
    text, _ = decode_body(response.content, response.headers.get("content-type"))
    return text, url


def test_xhtml_with_an_encoding_declaration_parses(server):
    html, url = fetch(server, "xhtml-declared.html")
    assert html.lstrip().startswith("<?xml")
    article = extract_article(html, url)
    assert "Seit dem Frühjahr fährt die kleine Fähre" in article.markdown
    assert "über einen festen Fahrplan entscheiden" in article.markdown
    assert "Telephone" not in article.markdown


def test_legacy_single_byte_encoding_reads_right(server):
    html, url = fetch(server, "legacy-1250.html")
    article = extract_article(html, url)
    assert "Stara łódź leżała na brzegu" in article.markdown
    assert "Żaglowiec z sąsiedniej wsi" in article.markdown


def test_br_separated_lines_are_the_article(server):
    html, url = fetch(server, "br-lines.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in (
        "The broad beans went in",
        "the blackfly had found them",
        "four baskets",
        "three rows and an earlier start",
    ):
        assert line in md, line
    assert "Quarry Lane" not in md


def test_article_split_across_sibling_containers_is_read_whole(server):
    html, url = fetch(server, "split-containers.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in (
        "The mill stood empty",
        "A group of retired teachers",
        "The shelves came from a school",
        "the wheel turns again",
    ):
        assert line in md, line
    assert "Quarry Lane" not in md


def test_a_thin_best_block_is_still_read_not_refused(server):
    html, url = fetch(server, "thin-best.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert "The road past the school is closed" in md
    assert "Buses will use the lane" in md


def test_text_laid_out_in_a_table_is_read(server):
    html, url = fetch(server, "table-text.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in ("The bell tower has been repaired", "rung by a team", "Thanks go to the forty families"):
        assert line in md, line


def test_a_body_that_is_mostly_a_list_keeps_the_list(server):
    html, url = fetch(server, "list-body.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert "Huts are basic" in md
    for item in ("A warm sleeping bag", "A head torch", "Slippers or thick socks", "A map on paper"):
        assert item in md, item


def test_a_short_story_wins_over_a_longer_footer(server):
    html, url = fetch(server, "footer-vs-story.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert "The ferry returned to service on Monday" in md
    assert "Quarry Lane" not in md


def test_a_page_of_links_alone_has_no_article(server):
    html, url = fetch(server, "no-text.html", "text/html; charset=utf-8")
    with pytest.raises(ExtractError, match="No readable article text"):
        extract_article(html, url)


@pytest.mark.parametrize(
    "html",
    [
        "<!-- nothing but a comment -->",
        "<?xml version='1.0' encoding='utf-8'?>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>",
    ],
)
def test_empty_or_declaration_only_pages_are_a_clear_error(html):
    with pytest.raises(ExtractError):
        extract_article(html, "https://example.org/empty")


def test_an_opening_paragraph_set_apart_under_the_headline_is_kept(server):
    html, url = fetch(server, "lead-apart.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert md.startswith("Growers lost most of the late pears in one night")
    assert "frost candles" in md


def test_an_opening_paragraph_under_an_h2_title_is_kept(server):
    """A page that titles its story with an h2 (no h1): the paragraph set apart under it is still the opening."""
    html, url = fetch(server, "lead-apart-h2.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert "Growers lost most of the late pears in one night" in md
    assert "frost candles" in md


def test_an_opening_paragraph_far_above_the_body_is_kept(server):
    """Between the lede and the body sit a byline and a long row of icon links: the lede is still the opening."""
    html, url = fetch(server, "lead-far-apart.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert "Growers lost most of the late pears in one night" in md
    assert "frost candles" in md


def test_a_standfirst_the_description_repeats_is_the_summary_not_body_text(server):
    html, url = fetch(server, "lead-is-description.html", "text/html; charset=utf-8")
    article = extract_article(html, url)
    assert article.summary.startswith("Growers lost most of the late pears")
    assert "Growers lost most" not in article.markdown  # a dek, named so: the description shows it
    assert "The first frost came three weeks early" in article.markdown


def test_a_lede_the_description_quotes_stays_body_text(server):
    """The story's opening paragraph set apart under the headline (a lede, not a dek) is read even when the
    description repeats it: the reading pane shows the body, not the description."""
    html, url = fetch(server, "lede-is-description.html", "text/html; charset=utf-8")
    article = extract_article(html, url)
    assert article.summary.startswith("Growers lost most of the late pears")
    assert article.markdown.startswith("Growers lost most of the late pears")
    assert article.markdown.count("Growers lost most") == 1


def test_a_post_shipped_in_a_template_script_is_read(server):
    html, url = fetch(server, "template-post.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in ("The winter storms took three stones", "a retired mason showed them", "the first spring tide"):
        assert line in md, line
    assert "Quay Street" not in md


def test_an_article_inside_a_navigation_bar_left_unclosed_is_read(server):
    html, url = fetch(server, "nav-unclosed.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in ("The loom arrived in four crates", "four hundred threads", "needed a little more weight"):
        assert line in md, line
    assert "Guides" not in md


def test_a_page_rendered_by_javascript_is_read_from_its_json_ld_body(server):
    html, url = fetch(server, "json-ld-body.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in ("A strip of wildflowers along a path", "Strip the turf in early autumn", "leave the cuttings"):
        assert line in md, line


def test_a_post_of_one_line_is_read_not_refused(server):
    html, url = fetch(server, "one-line-post.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert "Download:" in md and "minutes-spring" in md
    assert "Filed in" not in md and "Quarry Lane" not in md


def test_prose_in_page_builder_widgets_and_print_steps_is_read(server):
    """Wrappers named "widget" or "print-step" by a theme hold the article's own paragraphs: running text under
    such a name is read; a footer widget is not."""
    html, url = fetch(server, "builder-widgets.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in ("had not been cut for twenty years", "crossing branches", "the tallest leaders come down"):
        assert line in md, line
    assert "Mill Row" not in md
    assert "Quinces" not in md


def test_a_short_plain_list_inside_the_article_is_kept(server):
    """A list of short items without links scores below zero (readability's rule): it is the text's own list."""
    html, url = fetch(server, "short-points.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for item in ("Your own envelopes", "A pencil", "Seed you saved last year", "Tea will be served"):
        assert item in md, item
    assert "Quarry Lane" not in md


def test_an_opening_paragraph_the_description_only_cuts_short_is_body_text(server):
    """A description made of the opening's first words is not a standfirst: the paragraph is read in full."""
    html, url = fetch(server, "lead-cut-description.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert "reach the mainland school before the bell rings" in md
    assert "The change follows two years of complaints" in md


def test_a_picture_box_with_its_caption_is_not_body_text(server):
    html, url = fetch(server, "picture-boxes.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in ("opened on Saturday morning", "links the station", "oak from the county", "Cyclists are asked"):
        assert line in md, line
    assert "Ada Marsh" not in md


def test_a_page_made_of_picture_boxes_is_read_not_refused(server):
    """A live ticker: every entry is an icon and a line. Such boxes are the text itself, not captions."""
    html, url = fetch(server, "ticker-boxes.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in ("The final whistle goes", "A yellow card", "Kick off in front of a full stand"):
        assert line in md, line


def test_paragraphs_beside_a_nested_wrapper_are_read_with_it(server):
    """Most of the article sits in a nested wrapper, its opening and closing paragraphs beside it next to a long
    link list: all of the text is read, in page order, and not the list."""
    html, url = fetch(server, "split-nested.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    first, middle, last = "The harbour board met on Thursday", "The growers' plan", "The board's decision is expected"
    for line in (first, middle, last):
        assert line in md, line
    assert md.index(first) < md.index(middle) < md.index(last)
    assert "Harbour notes number" not in md


def test_headings_and_labels_left_at_the_end_of_the_text_are_dropped(server):
    """A "more from" heading, a bold label and a short line ending in a colon each introduced a link list that is
    not the article's: once the lists go, the labels go with them, and the last paragraph stays."""
    html, url = fetch(server, "trailing-labels.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    assert "Volunteers spent the autumn" in md
    assert md.rstrip().endswith("a photograph of its fruit taken in the autumn.")
    for label in ("More from the valley", "Also worth reading", "Contact us"):
        assert label not in md, label


def test_a_label_over_a_removed_link_list_goes_with_it(server):
    """A "Read also:" line, or a heading ending in a colon, introduces only the link list after it: both go. A
    heading over a link list and then paragraphs titles those paragraphs too: the list goes, the heading stays."""
    html, url = fetch(server, "labels-mid.html", "text/html; charset=utf-8")
    md = extract_article(html, url).markdown
    for line in ("Three families still live", "no road access", "navigation authority", "Visitors are asked"):
        assert line in md, line
    assert "Read also" not in md and "Canal boats for sale" not in md and "Upper basin" not in md
    assert "Elsewhere on the river" not in md and "Ferry fares" not in md
    assert "Where to moor" in md
