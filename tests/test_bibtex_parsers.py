"""``cite --format bibtex`` read back by two real BibTeX parsers (pybtex and bibtexparser), over titles and names
hypothesis makes up: braces, backslashes, TeX specials, the word "and", commas. Every entry must parse whole,
with every field kept and every author one person."""

from __future__ import annotations

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser as PybtexParser

from inkreader.cite import citation
from inkreader.cite.bibtex import bibtex_entry
from inkreader.model import Article

# Text with plenty of what breaks BibTeX: braces (escaped or not, it counts them), TeX specials, "and".
TRICKY_BITS = ["{", "}", "\\", "\\{", "}}}", "%", "#", "&", "$", "_", "^", "~", '"', "@", ",", " and ", "AND", "=", "é"]
tricky_text = st.lists(
    st.one_of(
        st.sampled_from(TRICKY_BITS), st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)
    ),
    min_size=1,
    max_size=8,
).map("".join)
word = st.text(st.characters(categories=("L",)), min_size=1, max_size=8)
person = st.builds(
    lambda given, family, suffix: {"given": given, "family": family, **({"suffix": suffix} if suffix else {})},
    st.one_of(word, tricky_text),
    st.one_of(word, tricky_text),
    st.one_of(st.none(), st.sampled_from(["Jr.", "III", "and Sons", "}"])),
)
organisation = st.builds(lambda name: {"literal": name}, tricky_text)
authors = st.lists(st.one_of(person, organisation), min_size=1, max_size=4)


def item(title: str, names: list[dict[str, str]]) -> dict:
    return {
        "id": "key_title_2026",
        "type": "webpage",
        "title": title,
        "author": names,
        "container-title": "Harbour {Notes}",
        "issued": {"date-parts": [[2026, 6, 3]]},
        "URL": "https://harbour.example/a?b={c}",
        "accessed": {"date-parts": [[2026, 11, 30]]},
    }


def pybtex_parse(text: str) -> BibliographyData:
    """pybtex's BibTeX parser, named directly (its plugin lookup scans every installed package each call)."""
    return PybtexParser().parse_string(text)


def parsed_fields_pybtex(text: str) -> tuple[set[str], int]:
    data = pybtex_parse(text)
    [entry] = data.entries.values()
    return {name.lower() for name in entry.fields} | set(entry.persons), len(entry.persons.get("author", []))


def parsed_fields_bibtexparser(text: str) -> tuple[set[str], int]:
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert not library.failed_blocks, library.failed_blocks[0].error
    [entry] = library.entries
    fields = {field.key.lower(): field.value for field in entry.fields}
    return set(fields), len(fields["author"])


EXPECTED = {"author", "title", "organization", "date", "year", "url", "urldate"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=tricky_text, names=authors)
@example(title="A {brace", names=[{"given": "Ann", "family": "Lee"}])
@example(title="close } brace \\{", names=[{"literal": "}}}"}])
@example(title="Plain", names=[{"given": "Anne and Marie", "family": "Smith and Jones"}])
@example(title="Plain", names=[{"given": "Ann", "family": "Lee, Jr"}])
def test_every_entry_parses_whole_in_both_parsers(title: str, names: list[dict[str, str]]) -> None:
    text = bibtex_entry(item(title, names))
    for parse in (parsed_fields_pybtex, parsed_fields_bibtexparser):
        fields, people = parse(text)
        assert fields >= EXPECTED, (parse.__name__, text)
        assert people == len(names), (parse.__name__, text)


@pytest.mark.parametrize(
    ("title", "authors"),
    [
        ("Unbalanced {title", ["Ann Lee"]),
        ("Escaped \\} brace", ["}}}"]),
        ("Ports and Prices", ["Anne and Marie Lee", "Harbour and Sons Institute"]),
    ],
)
def test_a_whole_citation_keeps_its_url_and_its_authors(title: str, authors: list[str]) -> None:
    article = Article(
        url="https://harbour.example/p",
        final_url="https://harbour.example/p",
        site="generic",
        kind="article",
        title=title,
        markdown="Body.",
        published="2026-06-03",
        authors=authors,
        fetched_at="2026-11-30T10:00:00+00:00",
    )
    text = citation(article, "bibtex")
    [entry] = pybtex_parse(text).entries.values()
    assert entry.fields["url"] == "https://harbour.example/p"
    assert len(entry.persons["author"]) == len(authors)
