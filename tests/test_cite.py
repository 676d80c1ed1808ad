"""Citations: the CSL item, the formatted styles, and BibTeX / RIS / CSL-JSON checked against their formats."""

from __future__ import annotations

import json
import re

import bibtexparser
import jsonschema
import pytest

from inkreader.cite import FORMATS, citation, citation_key, csl_item
from inkreader.cite.bibtex import tex_escape
from inkreader.cite.names import csl_name
from inkreader.model import Article, OutletPage
from server import FixtureServer

COMMENTARY = "/publications/commentary/tidewater-logistics"  # follows to the Inkwell Review
REPORT = "/publications/reports/cables-under-pressure"
FULL = "/publications/commentary/grain-corridor-referee"


def followed_piece(**fields) -> Article:
    values = dict(
        url="https://www.cnas.org/publications/commentary/spare-parts",
        final_url="https://www.cnas.org/publications/commentary/spare-parts",
        site="cnas",
        kind="commentary",
        title="The Compact Needs a Spare-Parts Treaty",
        markdown="Body.",
        published="2026-06-03",
        authors=["Col. Marguerite Okafor, USA (Ret.)", "Jonah Feld, Jr."],
        outlet="Meridian Defense Daily",
        full_article_url="https://meridian.example/opinion/spare-parts",
        followed=True,
        fetched_at="2026-11-30T10:00:00+00:00",
        publisher="Center for Northern Atlantic Studies",
    )
    values.update(fields)
    if "outlet_page" not in fields:  # the outlet's page says what the think tank's does (tests change either)
        values["outlet_page"] = OutletPage(
            values["full_article_url"], values["title"], values["published"], list(values["authors"])
        )
    return Article(**values)


def own_piece(**fields) -> Article:
    """The think tank's page, not read through to an outlet."""
    own = {"outlet": None, "full_article_url": None, "followed": False, "outlet_page": None}
    return followed_piece(**{**own, **fields})


def report_piece(**fields) -> Article:
    values = dict(
        url="https://www.cnas.org/publications/reports/cables",
        final_url="https://www.cnas.org/publications/reports/cables",
        site="cnas",
        kind="report",
        title="Cables Under Pressure",
        markdown="Body.",
        published="2026-06-12",
        authors=["Imogen Castellanos"],
        fetched_at="2026-11-30T10:00:00+00:00",
        publisher="Center for Northern Atlantic Studies",
    )
    values.update(fields)
    return Article(**values)


# -- names and the CSL item ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Imogen Castellanos", {"family": "Castellanos", "given": "Imogen"}),
        ("Col. Marguerite Okafor, USA (Ret.)", {"family": "Okafor", "given": "Marguerite"}),
        ("Jonah Feld, Jr.", {"family": "Feld", "given": "Jonah", "suffix": "Jr."}),
        ("Lt. Gen. (Ret.) Ana María Ruiz", {"family": "Ruiz", "given": "Ana María"}),
        ("Dr. Ed van der Berg", {"family": "Berg", "given": "Ed", "non-dropping-particle": "van der"}),
        ("CNAS Editorial Staff", {"literal": "CNAS Editorial Staff"}),
        ("Priya Anand-Lowell", {"family": "Anand-Lowell", "given": "Priya"}),
    ],
)
def test_bylines_become_csl_names(byline: str, expected: dict) -> None:
    assert csl_name(byline) == expected


def test_followed_piece_has_the_outlet_as_container_and_the_think_tank_page_as_well() -> None:
    item = csl_item(followed_piece())
    assert item["type"] == "article-magazine"
    assert item["container-title"] == "Meridian Defense Daily"
    assert item["URL"] == "https://meridian.example/opinion/spare-parts"
    assert item["note"] == (
        "Also published by Center for Northern Atlantic Studies: "
        "https://www.cnas.org/publications/commentary/spare-parts"
    )
    assert item["issued"] == {"date-parts": [[2026, 6, 3]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 30]]}


def test_the_outlets_article_is_cited_with_its_own_headline_date_and_authors() -> None:
    outlet_page = OutletPage(
        url="https://meridian.example/opinion/2026/06/spare-parts",
        title="Opinion: The Compact needs a spare-parts treaty, not another exercise",
        published="2026-06-05",
        authors=["Marguerite Okafor"],
    )
    item = csl_item(followed_piece(outlet_page=outlet_page))
    assert item["title"] == outlet_page.title and item["URL"] == outlet_page.url
    assert item["issued"] == {"date-parts": [[2026, 6, 5]]}
    assert item["author"] == [{"family": "Okafor", "given": "Marguerite"}]
    assert item["note"] == (
        "Also published by Center for Northern Atlantic Studies as “The Compact Needs a Spare-Parts Treaty”: "
        "https://www.cnas.org/publications/commentary/spare-parts"
    )
    # the outlet's page without a date or byline of its own: the think tank's stand in
    bare = csl_item(followed_piece(outlet_page=OutletPage(url=outlet_page.url, title=outlet_page.title)))
    assert bare["issued"] == {"date-parts": [[2026, 6, 3]]} and len(bare["author"]) == 2


def test_a_piece_not_read_through_cites_the_think_tanks_page_and_names_the_outlets() -> None:
    item = csl_item(followed_piece(followed=False, outlet_page=None))
    assert item["type"] == "webpage" and item["title"] == "The Compact Needs a Spare-Parts Treaty"
    assert item["URL"] == "https://www.cnas.org/publications/commentary/spare-parts"
    assert item["container-title"] == "Center for Northern Atlantic Studies"
    assert item["note"] == "Full article in Meridian Defense Daily: https://meridian.example/opinion/spare-parts"
    pdf = "https://www.cnas.org/documents/spare-parts.pdf"
    summary = csl_item(own_piece(full_article_url=pdf, pdf_url=pdf))  # a summary page whose text is its PDF
    assert summary["note"] == f"PDF: {pdf}"


def test_own_piece_has_the_think_tank_as_container_and_a_report_its_publisher() -> None:
    own = csl_item(own_piece())
    assert own["type"] == "webpage" and own["container-title"] == "Center for Northern Atlantic Studies"
    assert own["URL"] == "https://www.cnas.org/publications/commentary/spare-parts" and "note" not in own
    report = csl_item(report_piece(report_number="CNAS-2026-04", pages=48))
    assert report["type"] == "report" and report["publisher"] == "Center for Northern Atlantic Studies"
    assert report["number"] == "CNAS-2026-04" and report["number-of-pages"] == "48"
    generic = csl_item(report_piece(site="generic", kind="article", outlet="Harbor Notes", publisher=None))
    assert generic["type"] == "webpage" and generic["container-title"] == "Harbor Notes"


def test_the_organisation_is_never_a_constant() -> None:
    # a piece stored before the publisher was read: its address names the site, not a name we keep
    for item in (csl_item(own_piece(publisher=None)), csl_item(report_piece(publisher=None))):
        assert "cnas.org" in (item.get("container-title"), item.get("publisher"))
    assert "cnas.org" in csl_item(followed_piece(publisher=None))["note"]


def test_access_date_can_be_given_and_a_bad_published_date_is_left_out() -> None:
    item = csl_item(followed_piece(published="sometime"), accessed="2027-01-02")
    assert "issued" not in item and item["accessed"] == {"date-parts": [[2027, 1, 2]]}


# -- the citation key ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({}, "okafor_compact_2026"),  # "The" is skipped, as Zotero does
        ({"authors": ["Zoë Müller-Šťastná"]}, "muller-stastna_compact_2026"),
        ({"authors": [], "published": None}, "noauthor_compact_nodate"),
        ({"authors": ["Dr. Ed van der Berg"], "title": "A {Weird} Title: 100%"}, "van_der_berg_weird_2026"),
        ({"title": "—"}, "okafor_notitle_2026"),
    ],
)
def test_citation_key_follows_zoteros_rule(fields: dict, key: str) -> None:
    item = csl_item(followed_piece(**fields))
    assert citation_key(item) == item["id"] == key
    assert re.fullmatch(r"[a-z0-9_-]+", key)


# -- formatted styles ---------------------------------------------------------------------------------


def test_chicago_apa_mla_from_the_official_styles() -> None:
    piece = followed_piece()
    chicago = citation(piece, "chicago").splitlines()
    assert chicago[0] == (
        "Okafor, Marguerite, and Jonah Feld Jr. 2026. “The Compact Needs a Spare-Parts Treaty.” "
        "Meridian Defense Daily, June 3. https://meridian.example/opinion/spare-parts."
    )
    assert chicago[1] == (
        "Also published by Center for Northern Atlantic Studies: https://www.cnas.org/publications/commentary/spare-parts"
    )
    assert citation(piece, "apa").splitlines()[0] == (
        "Okafor, M., & Feld, J., Jr. (2026, June 3). The Compact Needs a Spare-Parts Treaty. "
        "Meridian Defense Daily. https://meridian.example/opinion/spare-parts"
    )
    assert citation(piece, "mla").splitlines()[0] == (
        "Okafor, Marguerite, and Jonah Feld Jr. “The Compact Needs a Spare-Parts Treaty.” "
        "Meridian Defense Daily, 3 June 2026, https://meridian.example/opinion/spare-parts."
    )
    assert citation(report_piece(), "chicago") == (
        "Castellanos, Imogen. 2026. Cables Under Pressure. Center for Northern Atlantic Studies. "
        "https://www.cnas.org/publications/reports/cables.\n"
    )


def test_style_adjustments_for_citeproc_py() -> None:
    # citeproc-py printed "Edition." after magazine articles, initialised names in Chicago and left the
    # period outside the quotes; the adjusted styles say what the CSL style means.
    text = citation(followed_piece(title="Why Now?"), "chicago")
    assert "Edition" not in text and "Okafor, Marguerite" in text
    assert "“Why Now?” Meridian" in text


# -- BibTeX ---------------------------------------------------------------------------------------------

TRICKY = "Ports & Pipes: 100% {Safe} #1 under_way $5 ~ ^ back\\slash"


def _braces_balance(text: str) -> bool:
    depth = 0
    for index, char in enumerate(text):
        if char in "{}" and index and text[index - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_parses_with_a_bibtex_parser_and_escapes_specials() -> None:
    piece = followed_piece(
        title=TRICKY,
        authors=["Zoë Müller", "Harbor & Sons Institute"],
        full_article_url="https://meridian.example/a_b?q=50%25&x={y}",
    )
    text = citation(piece, "bibtex")
    assert _braces_balance(text)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "article" and entry.key == "muller_ports_2026"
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == "{" + tex_escape(TRICKY) + "}"
    assert r"\&" in fields["title"] and r"\%" in fields["title"]
    assert r"\textbraceleft{}Safe\textbraceright{}" in fields["title"]  # BibTeX counts \{ too: no brace left bare
    assert r"\_" in fields["title"] and r"\#" in fields["title"] and r"\$" in fields["title"]
    assert r"\textbackslash{}" in fields["title"]
    assert fields["author"] == r"Müller, Zoë and {Harbor \& Sons Institute}"
    assert fields["journal"] == "Meridian Defense Daily"
    assert fields["url"] == "https://meridian.example/a_b?q=50%25&x=%7By%7D"  # verbatim, braces encoded
    assert fields["date"] == "2026-06-03" and fields["year"] == "2026" and fields["urldate"] == "2026-11-30"
    assert "Center for Northern Atlantic Studies" in fields["note"]


def test_bibtex_entry_types() -> None:
    assert citation(report_piece(), "bibtex").startswith("@techreport{castellanos_cables_2026,")
    assert "institution = {Center for Northern Atlantic Studies}" in citation(report_piece(), "bibtex")
    numbered = citation(report_piece(report_number="CNAS-2026-04", pages=48), "bibtex")
    assert "number = {CNAS-2026-04}" in numbered and "pagetotal = {48}" in numbered
    own = citation(own_piece(), "bibtex")
    assert own.startswith("@online{") and "organization = {Center for Northern Atlantic Studies}" in own


# -- RIS ------------------------------------------------------------------------------------------------

_RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")
_RIS_TYPES = {"ELEC", "MGZN", "RPRT", "GEN", "JOUR", "NEWS", "BLOG"}


def parse_ris(text: str) -> list[tuple[str, str]]:
    """A strict reader of the RIS format: CR LF line ends, ``TAG  - value``, TY first, ER last."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text[:-2].split("\r\n")
    for line in lines:
        assert _RIS_LINE.match(line), line
    tags = [(line[:2], line[6:]) for line in lines]
    assert tags[0][0] == "TY" and tags[0][1] in _RIS_TYPES
    assert tags[-1] == ("ER", "") and lines[-1] == "ER  - "
    return tags


def test_ris_follows_the_format() -> None:
    tags = parse_ris(citation(followed_piece(title="Line\nbreak  inside"), "ris"))
    assert ("TY", "MGZN") in tags and ("TI", "Line break inside") in tags
    assert [value for tag, value in tags if tag == "AU"] == ["Okafor, Marguerite", "Feld, Jonah, Jr."]
    assert ("T2", "Meridian Defense Daily") in tags and ("PY", "2026") in tags and ("DA", "2026/06/03/") in tags
    assert ("UR", "https://meridian.example/opinion/spare-parts") in tags and ("Y2", "2026/11/30/") in tags
    report = dict(parse_ris(citation(report_piece(report_number="CNAS-2026-04"), "ris")))
    assert report["TY"] == "RPRT" and report["PB"] == "Center for Northern Atlantic Studies"
    assert report["SN"] == "CNAS-2026-04"


# -- CSL-JSON -------------------------------------------------------------------------------------------

# From the CSL 1.0.2 specification and its csl-data.json schema: item types, and the shapes of name and
# date variables (no other keys allowed in them).
CSL_TYPES = """article article-journal article-magazine article-newspaper bill book broadcast chapter classic
collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview
legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance
periodical personal_communication post post-weblog regulation report review review-book software song speech
standard thesis treaty webpage""".split()
STRING_VARIABLES = """title container-title publisher publisher-place URL note genre abstract DOI ISBN ISSN
language source medium status version citation-key number number-of-pages""".split()
NAME = {
    "type": "object",
    "properties": {
        key: {"type": "string"}
        for key in ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")
    },
    "additionalProperties": False,
}
DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 2,
            "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": ["string", "number"]}},
        },
        "literal": {"type": "string"},
        "raw": {"type": "string"},
    },
    "additionalProperties": False,
}
CSL_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "type"],
        "properties": {
            "id": {"type": ["string", "number"]},
            "type": {"enum": CSL_TYPES},
            "author": {"type": "array", "items": NAME},
            "editor": {"type": "array", "items": NAME},
            "issued": DATE,
            "accessed": DATE,
            **{key: {"type": "string"} for key in STRING_VARIABLES},
        },
        "additionalProperties": False,
    },
}


@pytest.mark.parametrize(
    "piece",
    [
        followed_piece(),
        report_piece(report_number="R-1", pages=12),
        own_piece(kind="podcast"),
        followed_piece(outlet_page=None),
    ],
)
def test_csl_json_validates_against_the_schema(piece: Article) -> None:
    data = json.loads(citation(piece, "csl-json"))
    jsonschema.validate(data, CSL_SCHEMA)
    assert data[0]["id"] == citation_key(data[0])


# -- the command --------------------------------------------------------------------------------------


def test_cite_reads_the_piece_first_then_cites_it_in_every_format(run_cli, site_server: FixtureServer) -> None:
    url = site_server.url(COMMENTARY)
    chicago = run_cli("cite", url)
    assert chicago.returncode == 0, chicago.stderr
    assert chicago.stdout.startswith("Castellanos, Imogen, and Marguerite Okafor. 2026. “Tidewater Logistics")
    assert "Inkwell Review, March 3." in chicago.stdout
    assert f"Also published by CNAS: {url}" in chicago.stdout  # the page's own og:site_name
    for fmt in FORMATS:
        result = run_cli("cite", url, "--format", fmt, "--offline")  # in the library now: no network needed
        assert result.returncode == 0 and result.stdout.strip(), (fmt, result.stderr)
    ris = run_cli("cite", url, "--format", "ris", "--offline")
    parse_ris(ris.stdout.replace("\n", "\r\n").replace("\r\r\n", "\r\n"))  # text mode read turns CR LF into LF
    bib = run_cli("cite", site_server.url(REPORT), "--format", "bibtex")
    assert bib.stdout.startswith("@techreport{castellanos_cables_2026,")
    csl = json.loads(run_cli("cite", site_server.url(FULL), "--format", "csl-json").stdout)
    jsonschema.validate(csl, CSL_SCHEMA)
    assert csl[0]["author"][0] == {"family": "Feld", "given": "Jonah", "suffix": "Jr."}


def test_ris_bytes_end_lines_with_crlf(data_dir, site_server: FixtureServer) -> None:
    import os
    import subprocess

    from conftest import inkreader_command

    result = subprocess.run(
        [*inkreader_command(), "cite", site_server.url(REPORT), "--format", "ris"],
        capture_output=True,
        env=dict(os.environ, INKREADER_HOME=str(data_dir)),
        timeout=60,
    )
    assert result.returncode == 0
    parse_ris(result.stdout.decode("utf-8"))


def test_cite_usage_and_failures(run_cli, site_server: FixtureServer) -> None:
    bad_format = run_cli("cite", site_server.url(COMMENTARY), "--format", "harvard")
    assert bad_format.returncode == 2 and "Traceback" not in bad_format.stderr
    offline = run_cli("cite", site_server.url("/nowhere"), "--offline")
    assert offline.returncode == 1 and "Traceback" not in offline.stderr
    assert len(offline.stderr.strip().splitlines()) == 1


# -- the demo: its own think tank, its outlets' headlines --------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    from inkreader.demo.server import DemoServer

    with DemoServer() as server:
        yield server


def test_the_demos_citations_name_its_own_think_tank_and_the_outlets_article(run_cli, demo) -> None:
    piece = demo.base_url + "/publications/commentary/the-compact-needs-a-spare-parts-treaty"
    outlet = demo.base_url + "/outlets/meridian-defense-daily/opinion/2026/06/the-compact-needs-a-spare-parts-treaty"
    chicago = run_cli("cite", piece)
    assert chicago.returncode == 0, chicago.stderr
    first, related = chicago.stdout.splitlines()
    headline = "“Opinion: The Compact Needs a Spare-parts Treaty, Not Another Exercise.”"  # the outlet's
    assert first.startswith(f"Okafor, Daniel. 2026. {headline}")
    assert "Meridian Defense Daily, June 2." in first
    assert first.endswith(f"{outlet}.")
    assert related == (
        f"Also published by Center for Northern Atlantic Studies as “The Compact Needs a Spare-Parts Treaty”: {piece}"
    )
    for fmt in FORMATS:
        text = run_cli("cite", piece, "--format", fmt, "--offline").stdout
        assert "Center for Northern Atlantic Studies" in text and "New American" not in text, fmt
    csl = json.loads(run_cli("cite", piece, "--format", "csl-json", "--offline").stdout)[0]
    assert csl["URL"] == outlet and csl["container-title"] == "Meridian Defense Daily"
    report = run_cli("cite", demo.base_url + "/publications/reports/the-icebreaker-gap", "--format", "bibtex")
    assert "institution = {Center for Northern Atlantic Studies}" in report.stdout, report.stderr
