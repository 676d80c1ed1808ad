"""Text-quote anchoring: the document text of a body, selectors, and placing them again after changes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inkreader.annotate import DocumentText, fold, make_selector, place, sentence_spans
from inkreader.model import TextQuote

BODY = """# Cables and ports

The **alliance** must fund a [second repair ship](https://example.org/a_b) before the next winter, \\_not\\_ after.

- Crews train in the *northern* yards.
- Spare cable is stored at two depots.

The alliance must fund a second repair ship, the minister repeated at the close of the summit.

```
code stays as it is
```
"""


def test_blocks_are_the_text_as_read() -> None:
    doc = DocumentText.from_markdown(BODY)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Cables and ports"),
        ("paragraph", "The alliance must fund a second repair ship before the next winter, _not_ after."),
        ("paragraph", "Crews train in the northern yards."),
        ("paragraph", "Spare cable is stored at two depots."),
        ("paragraph", "The alliance must fund a second repair ship, the minister repeated at the close of the summit."),
        ("code", "code stays as it is"),
    ]
    for block in doc.blocks:
        assert doc.text[block.start : block.start + len(block.text)] == block.text
        assert doc.block_at(block.start) == block.index


def test_a_selection_is_placed_where_it_was_made_even_when_repeated() -> None:
    doc = DocumentText.from_markdown(BODY)
    second = doc.blocks[4]
    start = second.start + second.text.index("alliance")
    selector = make_selector(doc, start - 1, start + len("alliance must fund a second repair ship"))
    assert selector.exact == "alliance must fund a second repair ship"  # white space trimmed
    assert selector.block_hint == 4 and selector.prefix.endswith("The ") and selector.suffix.startswith(", the")
    where = place(selector, doc)
    assert where is not None and where.method == "exact" and where.block == 4
    assert (where.block_start, where.block_end) == (4, 4 + len(selector.exact))


def test_a_paragraph_inserted_before_the_quote_moves_it() -> None:
    doc = DocumentText.from_markdown(BODY)
    block = doc.blocks[2]
    selector = make_selector(doc, block.start, block.start + len(block.text))
    changed = BODY.replace("- Crews", "A new paragraph about budgets appears here.\n\n- Crews")
    where = place(selector, DocumentText.from_markdown(changed))
    assert where is not None and where.block == 3 and where.method in ("exact", "quote")


def test_a_reworded_paragraph_leaves_the_highlight_detached() -> None:
    doc = DocumentText.from_markdown(BODY)
    block = doc.blocks[3]
    selector = make_selector(doc, block.start, block.start + len(block.text))
    changed = BODY.replace("Spare cable is stored at two depots.", "Reserve fibre now sits in a single warehouse.")
    assert place(selector, DocumentText.from_markdown(changed)) is None


def test_a_small_edit_is_placed_fuzzily_within_its_bound() -> None:
    doc = DocumentText.from_markdown(BODY)
    block = doc.blocks[1]
    selector = make_selector(doc, block.start, block.start + block.text.index(","))
    changed = BODY.replace("before the next winter", "before next winter")
    where = place(selector, DocumentText.from_markdown(changed))
    assert where is not None and where.method == "fuzzy" and where.block == 1


def test_typographic_quotes_case_and_spacing_do_not_matter_for_a_typed_quote() -> None:
    doc = DocumentText.from_markdown("He said “don’t wait” — then left.\n\nOther text.")
    where = place(TextQuote('HE SAID "don\'t   wait" - then'), doc)
    assert where is not None and where.method == "normalised"
    assert doc.text[where.start : where.end] == "He said “don’t wait” — then"


def test_context_decides_between_repeats_after_a_change() -> None:
    body = "Ports matter. Ships matter.\n\nPorts matter. Crews matter.\n\nPorts matter. Cranes matter."
    doc = DocumentText.from_markdown(body)
    selector = make_selector(doc, doc.blocks[1].start, doc.blocks[1].start + len("Ports matter."))
    changed = "Intro.\n\n" + body.replace("Ships matter.", "Ships matter a lot.")
    where = place(selector, DocumentText.from_markdown(changed))
    assert where is not None and where.block == 2


def test_sentences_for_visual_mode() -> None:
    text = "One sentence here. “A quoted one?” Then 3 more words! And the end"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "One sentence here.",
        "“A quoted one?”",
        "Then 3 more words!",
        "And the end",
    ]


def test_fold_maps_back_to_the_original() -> None:
    folded, index_map = fold("A  “B”\u00a0C—d")
    assert folded == 'a "b" c-d' and len(index_map) == len(folded)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 80))
def test_any_selection_places_back_exactly(seed: int, length: int) -> None:
    doc = DocumentText.from_markdown(BODY)
    start = seed % len(doc.text)
    end = min(len(doc.text), start + length)
    try:
        selector = make_selector(doc, start, end)
    except ValueError:
        return
    where = place(selector, doc)
    assert where is not None and where.method == "exact"
    assert doc.text[where.start : where.end] == selector.exact


def test_a_mid_sentence_quote_survives_a_paragraph_inserted_before_it_and_detaches_when_reworded() -> None:
    body = "Ports matter to trade. The cranes at Gdansk work day and night in winter.\n\nThe end."
    doc = DocumentText.from_markdown(body)
    start = doc.text.index("Gdansk work day")
    selector = make_selector(doc, start, start + len("Gdansk work day"))  # a mouse selection: any characters
    assert selector.exact == "Gdansk work day" and selector.prefix.endswith("The cranes at ")
    moved = DocumentText.from_markdown("A new first paragraph.\n\n" + body)
    where = place(selector, moved)
    assert where is not None and where.method == "exact" and where.block == 1
    assert moved.text[where.start : where.end] == "Gdansk work day"
    reworded = DocumentText.from_markdown(body.replace("Gdansk work day", "the port rest on Sundays"))
    assert place(selector, reworded) is None
