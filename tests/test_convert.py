"""The HTML -> Markdown converter: structure, links, images, endnotes and text hygiene."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from inkreader.convert import to_markdown
from inkreader.text import has_control_characters

BASE = "https://example.org/essays/piece.html"


def md(html: str) -> str:
    return to_markdown(html, BASE)[0]


def test_atx_headings_and_paragraphs():
    out = md("<h2>Section one</h2><p>Body text.</p><h3>Sub</h3><p>More.</p>")
    assert "## Section one\n\nBody text.\n\n### Sub\n\nMore." in out


def test_nested_lists():
    out = md("<ul><li>one</li><li>two<ul><li>two-a</li></ul></li></ul><ol><li>first</li><li>second</li></ol>")
    assert "- one" in out and "- two" in out
    assert "\n    * two-a" in out or "\n  * two-a" in out
    assert "1. first" in out and "2. second" in out


def test_tables_blockquotes_and_code():
    out = md(
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
        "<blockquote><p>Quoted words.</p></blockquote><pre>x = 1\ny = 2</pre><p>Use <code>f()</code> here.</p>"
    )
    assert "| A | B |" in out and "| --- | --- |" in out and "| 1 | 2 |" in out
    assert "> Quoted words." in out
    assert "```\nx = 1\ny = 2\n```" in out
    assert "`f()`" in out


def test_links_are_absolute_and_listed_in_order():
    out, links = to_markdown(
        '<p><a href="/about">About us</a> and <a href="other.html">the other</a> and '
        '<a href="mailto:desk@example.org">write</a></p>',
        BASE,
    )
    assert "[About us](https://example.org/about)" in out
    assert "[the other](https://example.org/essays/other.html)" in out
    assert [(link.text, link.url) for link in links] == [
        ("About us", "https://example.org/about"),
        ("the other", "https://example.org/essays/other.html"),
        ("write", "mailto:desk@example.org"),
    ]


def test_unsafe_schemes_become_plain_text():
    out, links = to_markdown(
        '<p><a href="javascript:alert(1)">click js</a> <a href="data:text/html,x">data link</a> '
        '<a href="vbscript:x">vb</a> <a href="file:///etc/passwd">local file</a> '
        '<a href="JaVaScRiPt:alert(2)">mixed</a></p>',
        BASE,
    )
    for word in ("click js", "data link", "vb", "local file", "mixed"):
        assert word in out
    assert "](" not in out and "javascript" not in out.lower() and "file:" not in out
    assert links == []


def test_icon_only_share_and_back_to_top_links_are_dropped():
    out, links = to_markdown(
        '<p>Real text with <a href="/x">a real link</a>.</p>'
        '<a href="/icon"><svg></svg></a><a href="/icon2"><i class="icon-rss"></i></a>'
        '<a href="https://twitter.com/intent/tweet?u=1">Tweet</a>'
        '<a href="https://www.facebook.com/sharer/sharer.php?u=1">Share on Facebook</a>'
        '<a class="share-button" href="/share">Share</a>'
        '<a href="#top">↑</a><a href="#main" class="up-arrow">Up</a><a href="#">Back to top</a>',
        BASE,
    )
    assert out.strip() == "Real text with [a real link](https://example.org/x)."
    assert [link.url for link in links] == ["https://example.org/x"]


def test_a_link_holding_only_a_space_still_separates_the_words_around_it():
    out = md('<p>The harbour sits <a href="/a">close</a><a href="/b"> </a>to the old mill.</p>')
    assert out.strip() == "The harbour sits [close](https://example.org/a) to the old mill."


def test_emphasis_holding_only_a_space_still_separates_the_words_around_it():
    out = md("<p>The tide came in across the<strong> </strong>flats and<em> </em>over the causeway.</p>")
    assert out.strip() == "The tide came in across the flats and over the causeway."


def _shown(html: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """What the reading pane makes of the Markdown: each block's text and its bold/italic spans."""
    from inkreader.tui.document import parse

    markdown, _ = to_markdown(html, BASE)
    return [(block.text, [span for span in block.spans if span[2] in ("strong", "em")]) for block in parse(markdown)]


def test_bold_and_italics_as_pages_nest_and_repeat_them_never_show_asterisks():
    # bold after bold, italics after italics: one span
    assert _shown("<p>A <b>one</b><b>two</b> end</p>") == [("A onetwo end", [(2, 8, "strong")])]
    assert _shown("<p>A <i>one</i><em>two</em> end</p>") == [("A onetwo end", [(2, 8, "em")])]
    assert _shown("<p>de la <b>r</b><b>eactivación <a href='/x'>link</a></b><b> more</b> end</p>")[0][0] == (
        "de la reactivación link more end"
    )
    # bold in bold, empty bold
    assert _shown("<h3><strong><b>Twice Bold</b></strong></h3>") == [("Twice Bold", [(0, 10, "strong")])]
    assert _shown("<p><em>Like this story?</em><strong></strong></p>") == [("Like this story?", [(0, 16, "em")])]
    # italics against bold: both kept, no mark left over
    assert _shown("<p>A <em>The Economist</em><strong>.</strong> end</p>") == [
        ("A The Economist. end", [(2, 15, "em"), (15, 16, "strong")])
    ]
    assert _shown("<p>A <strong>Note:</strong><i>see below</i> end</p>") == [
        ("A Note:see below end", [(2, 7, "strong"), (7, 16, "em")])
    ]
    # bold italics and spaced spans as they were
    assert _shown("<p>Some <strong><em>both</em></strong> and <b>x</b> <i>y</i>.</p>")[0][0] == "Some both and x y."
    assert "*" not in "".join(text for text, _ in _shown("<p>nach <b> </b><b><i>NDR</i></b><b>-Recherchen</b></p>"))


def test_images_become_alt_or_caption_in_italics_never_bare_image_syntax():
    out = md(
        '<p>Before.</p><img src="/a.jpg" alt="A harbour at night"><img src="/b.jpg">'
        '<figure><img src="/c.jpg" alt="ignored alt"><figcaption>The quay in winter.</figcaption></figure>'
        '<a href="/big.jpg"><img src="/small.jpg" alt="Map of the bay"></a>'
    )
    assert "*A harbour at night*" in out
    assert "*The quay in winter.*" in out and "ignored alt" not in out
    assert "*Map of the bay*" in out
    assert "![" not in out and "](/" not in out and ".jpg" not in out


def test_alt_text_that_the_caption_beside_it_repeats_is_said_once():
    out = md(
        '<p><img src="/a.jpg" alt="Boats drawn up on the shingle"></p><p><em>Boats drawn up on the shingle</em></p>'
        "<p>The boats stay out of the water until March.</p>"
    )
    assert out.count("Boats drawn up on the shingle") == 1
    assert "until March" in out


def test_endnotes_link_both_ways():
    html = (
        '<h2>Argument</h2><p>A claim<sup><a href="#fn1" id="r1">1</a></sup> and another'
        '<sup><a href="#fn2" id="r2">[2]</a></sup>.</p>'
        '<h2>Notes</h2><ol><li id="fn1">First source. <a href="#r1">↩</a></li>'
        '<li id="fn2">Second source, see <a href="/src">here</a>. <a href="#r2">↩</a></li></ol>'
    )
    out, links = to_markdown(html, BASE)
    assert "A claim[1](#note-1) and another[2](#note-2)." in out
    assert out.count("## Notes") == 1
    assert "## Notes\n\n1. First source. [↩](#argument)\n" in out
    assert "\n2. Second source, see [here](https://example.org/src). [↩](#argument)" in out
    assert "#### Note" not in out
    assert out.index("A claim") < out.index("## Notes")
    assert [link.url for link in links] == ["https://example.org/src"]


def test_in_page_links_that_are_not_notes_become_text():
    out = md('<p>See <a href="#later">the later part</a>.</p><h2 id="later">Later</h2><p>Text.</p>')
    assert "See the later part." in out


def test_control_characters_and_escape_sequences_are_removed():
    out, links = to_markdown(
        "<p>Bell\x07 and \x1b[31mred\x1b[0m and \x1b]52;c;ZXZpbA==\x07osc and \u202eflip</p>"
        '<p><a href="/a">li\x1b[2Jnk</a></p>',
        BASE,
    )
    assert not has_control_characters(out)
    assert "Bell and red and osc and flip" in out
    assert not has_control_characters(links[0].text)


def test_raw_html_in_text_is_escaped_not_rendered():
    out = md("<p>Write &lt;script&gt;alert(1)&lt;/script&gt; and [bold]literal[/bold] text.</p>")
    assert re.search(r"(?<!\\)<script", out) is None and "\\<script>" in out
    assert "[bold]literal[/bold]" in out.replace("\\", "")


def test_accepts_lxml_elements_and_leaves_them_untouched():
    el = lxml_html.fragment_fromstring('<div><p>Kept <a href="/k">link</a>.</p><script>x()</script></div>')
    before = lxml_html.tostring(el)
    out, _ = to_markdown(el, BASE)
    assert out.strip() == "Kept [link](https://example.org/k)."
    assert lxml_html.tostring(el) == before


def test_empty_and_garbage_input():
    assert to_markdown("", BASE) == ("", [])
    assert to_markdown("   ", BASE) == ("", [])
    out, _ = to_markdown("<<<>>>\x00\xff</p></div>", BASE)
    assert not has_control_characters(out)


def test_an_element_converts_without_the_text_after_it():
    page = lxml_html.fromstring("<div><section><p>Inside the fragment.</p></section> Outside it.</div>")
    markdown, _ = to_markdown(page.find("section"), "https://example.org/")
    assert markdown == "Inside the fragment.\n"


def test_soft_hyphens_are_not_text():
    """A soft hyphen only tells a typesetter where a word may break: it never reaches the reader's text."""
    out = md("<p>The re&shy;search coun&shy;cil met on Monday.</p>")
    assert "research council met" in out and "\xad" not in out


def test_underscores_inside_words_are_not_escaped_but_emphasis_like_ones_are():
    markdown, _ = to_markdown(
        "<p>Set max_value in snake_case_name; _lead and tail_ and __init__ stay escaped, as does a*b.</p>",
        "https://example.org/a",
    )
    assert "max_value" in markdown and "snake_case_name" in markdown
    assert "\\_lead" in markdown and "tail\\_" in markdown and "\\_\\_init\\_\\_" in markdown and "a\\*b" in markdown


def test_a_note_of_several_paragraphs_stays_one_item_of_the_notes_list():
    html = (
        '<h2>Claim</h2><p>A claim<sup><a href="#fn1">1</a></sup> and more<sup><a href="#fn2">2</a></sup>.</p>'
        '<ol><li id="fn1"><p>The harbour ledger, 1911.</p><p>A second thought on the ledger.</p></li>'
        '<li id="fn2">The tide tables.</li></ol>'
    )
    out, _ = to_markdown(html, BASE)
    notes = out.split("## Notes\n\n", 1)[1]
    assert notes.startswith("1. The harbour ledger, 1911.\n\n   A second thought on the ledger. [↩](#claim)\n")
    assert "\n2. The tide tables. [↩](#claim)" in notes
    assert "#" + "### Note" not in out
