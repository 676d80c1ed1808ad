"""Unit tests of the UI-free navigation parts: link numbering and the number-typing state machine."""

from __future__ import annotations

from inkreader.model import Link
from inkreader.tui.keyseq import Committed, NumberEntry, Target
from inkreader.tui.linknumbers import badge, number_links


def test_numbers_follow_article_links_order_and_are_written_after_each_link():
    md = "See [the study](https://a.example/s) and [a second](https://b.example/t).\n"
    doc = number_links(md, [Link("the study", "https://a.example/s"), Link("a second", "https://b.example/t")])
    assert doc.markdown == "See [the study](https://a.example/s)`[1]` and [a second](https://b.example/t)`[2]`.\n"
    assert [(n.number, n.text, n.url, n.shown) for n in doc.links] == [
        (1, "the study", "https://a.example/s", True),
        (2, "a second", "https://b.example/t", True),
    ]
    assert doc.get(2).url == "https://b.example/t" and doc.get(0) is None and doc.get(3) is None


def test_repeated_urls_take_successive_entries_and_unknown_links_come_after():
    links = [Link("x", "https://x.example/"), Link("y", "https://y.example/"), Link("x again", "https://x.example/")]
    md = "[x](https://x.example/) [y](https://y.example/) [x again](https://x.example/) [z](https://z.example/)\n"
    doc = number_links(md, links)
    assert [n.number for n in doc.links] == [1, 2, 3, 4]
    assert doc.links[3].url == "https://z.example/" and doc.links[3].text == "z"
    assert doc.markdown.count("`[3]`") == 1 and "[x again](https://x.example/)`[3]`" in doc.markdown


def test_listed_links_missing_from_the_text_keep_their_number_but_are_not_shown():
    doc = number_links("[b](https://b.example/)\n", [Link("a", "https://a.example/"), Link("b", "https://b.example/")])
    assert [(n.number, n.shown) for n in doc.links] == [(1, False), (2, True)]
    assert doc.markdown == "[b](https://b.example/)`[2]`\n"


def test_anchors_code_images_and_headings_are_left_alone():
    md = (
        "## A [linked heading](https://h.example/)\n\n"
        "Marker[1](#note-1) and `[not](https://code.example/)` and ![pic](https://img.example/p.png).\n\n"
        "```\n[fenced](https://fence.example/)\n```\n\n"
        'Escaped \\[brackets\\] and [a \\[bracketed\\] label](https://ok.example/ "Title").\n'
    )
    doc = number_links(md)
    assert [n.url for n in doc.links] == ["https://h.example/", "https://ok.example/"]
    assert doc.links[0].shown is False and doc.links[1].text == "a [bracketed] label"
    assert "## A [linked heading](https://h.example/)\n" in doc.markdown  # heading anchor unchanged
    assert '(https://ok.example/ "Title")`[2]`' in doc.markdown
    assert "Marker[¹](#note-1) and" in doc.markdown and "code.example/)`" in doc.markdown
    assert "[fenced](https://fence.example/)\n```" in doc.markdown


def test_badge_before_a_code_span_keeps_them_apart_and_markdown_it_sees_the_link():
    from markdown_it import MarkdownIt

    doc = number_links("[a](https://a.example/)`code` end\n")
    assert doc.markdown.startswith("[a](https://a.example/)`[1]` `code`")
    tokens = MarkdownIt("gfm-like").parseInline(doc.markdown)[0].children
    kinds = [t.type for t in tokens]
    assert kinds[:3] == ["link_open", "text", "link_close"] and kinds.count("code_inline") == 2
    assert badge(12) == "`[12]`"


def test_mailto_is_numbered_relative_links_are_not():
    doc = number_links("[mail](mailto:a@b.example) [rel](/x)\n")
    assert [n.url for n in doc.links] == ["mailto:a@b.example"]


def test_typing_a_number_commits_when_it_cannot_grow():
    entry = NumberEntry()
    entry.start(Target.FOLLOW, limit=40)
    assert entry.digit("7") == Committed(Target.FOLLOW, 7)
    assert not entry.active
    entry.start(Target.FOLLOW, limit=40)
    assert entry.digit("3") is None and entry.active and "3" in entry.hint
    assert entry.digit("4") == Committed(Target.FOLLOW, 34)
    entry.start(Target.COPY, limit=40)
    assert entry.digit("4") is None
    assert entry.digit("0") == Committed(Target.COPY, 40)


def test_enter_or_pause_commits_escape_cancels_and_zero_never_starts():
    entry = NumberEntry()
    entry.start(Target.BROWSER, limit=120)
    assert entry.digit("0") is None and entry.digits == ""
    entry.digit("1")
    assert entry.commit() == Committed(Target.BROWSER, 1)
    entry.start(Target.NOTE, limit=9)
    assert entry.commit() is None  # nothing typed
    entry.start(Target.FOLLOW, limit=120)
    entry.digit("1")
    entry.cancel()
    assert not entry.active and entry.hint == "" and entry.commit() is None
    entry.start(Target.FOLLOW, limit=9)
    assert entry.digit("9") == Committed(Target.FOLLOW, 9)
    assert entry.digit("5") is None  # not active any more


def test_endnote_markers_become_superscripts_and_keep_their_anchor():
    doc = number_links("Fact.[12](#note-12) More.[3](#note-3)\n\n#### Note 12\n\nSource. [↩](#intro)\n")
    assert "Fact.[¹²](#note-12) More.[³](#note-3)" in doc.markdown
    assert "[↩](#intro)" in doc.markdown and doc.links == []


def test_note_numbers_are_the_items_of_the_last_notes_list_and_old_headings_still_count():
    from inkreader.tui.linknumbers import note_numbers

    body = "Intro.[3](#note-3)\n\n1. a list item that is no note\n\n## Notes\n\n3. Source. [↩](#intro)\n7. Other.\n"
    assert note_numbers(body) == [3, 7]
    assert note_numbers("Old.[1](#note-1)\n\n## Notes\n\n#### Note 1\n\nSource.\n") == [1]
    assert note_numbers("No notes here.\n\n1. one\n2. two\n") == []


def test_ordered_items_keep_their_written_numbers_and_mark_their_first_block():
    from inkreader.tui.document import parse

    blocks = parse("## Notes\n\n3. First note.\n\n   Its second paragraph.\n\n7. Second note.\n")
    items = [(block.text, block.item_number, block.prefix.strip()) for block in blocks if block.kind == "paragraph"]
    assert items == [("First note.", 3, "3."), ("Its second paragraph.", 0, ""), ("Second note.", 7, "7.")]


def test_inline_anchors_are_places_not_words() -> None:
    from inkreader.tui.anchors import BodyAnchors
    from inkreader.tui.document import parse

    markdown = (
        '<a id="page-1"></a>The opening words, and then <a id="page-2"></a>the second page.\n\n'
        '## Findings<a id="page-3"></a>\n\n'
        '| Corridor | Cables |\n|---|---|\n| <a id="page-4"></a>Hollin Gap | 9 |\n\n'
        "[back to page 2](#page-2) and a stray <a href='x'>link tag</a>"
    )
    blocks = parse(markdown)
    assert blocks[0].text == "The opening words, and then the second page."
    assert blocks[0].anchors == [(0, "page-1"), (28, "page-2")]
    assert blocks[1].text == "Findings" and blocks[1].anchors == [(8, "page-3")]
    row = next(block for block in blocks if block.kind == "table-row" and "Hollin" in block.text)
    assert row.anchors == [(0, "page-4")]
    assert blocks[-1].anchors == []  # only id/name anchors are places
    anchors = BodyAnchors()
    anchors.take(blocks, 0)
    assert anchors.page_count == 4
    assert anchors.resolve("page-2", blocks) == (0, 28)
    assert anchors.resolve("page-3", blocks) == (1, 0)  # a heading's page: the heading itself
    assert anchors.resolve("findings", blocks) == (1, 0)
    assert anchors.page_from(3) == ((1, 0), 3) and anchors.page_from(9) is None
    assert anchors.page_at((0, 27)) == 1 and anchors.page_at((0, 28)) == 2 and anchors.page_at((5, 0)) == 4
