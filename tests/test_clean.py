"""Unit rules of the loader: written dates, footnote markers, look-alike letters, lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from jvreader.load.article import build_article
from jvreader.load.blocks import Block
from jvreader.load.clean import Line, clean_lines, has_real_cyrillic
from jvreader.load.dates import normalise_date, parse_date, search_date
from jvreader.load.footnotes import extract_notes
from jvreader.load.sources import read_source


@pytest.mark.parametrize(("written", "iso"), [
    ("20 September 2015", "2015-09-20"),
    ("February 26, 2019", "2019-02-26"),
    ("Monday, February 26th, 2019", "2019-02-26"),
    ("18/2/2013", "2013-02-18"),
    ("2/18/2013", "2013-02-18"),
    ("2015-09-20", "2015-09-20"),
    ("Sept. 2015", "2015-09"),
    ("September 2015", "2015-09"),
    ("2021", "2021"),
    ("2015年9月20日", "2015-09-20"),
    ("ngày 20 tháng 9 năm 2015", "2015-09-20"),
])
def test_written_dates_parse_to_iso_at_their_precision(written: str, iso: str) -> None:
    assert parse_date(written) == iso


@pytest.mark.parametrize("not_a_date", ["30 February 2015", "hello", "pp.1-2", "13/13/2013"])
def test_impossible_or_non_dates_are_rejected(not_a_date: str) -> None:
    assert parse_date(not_a_date) is None


def test_search_finds_a_date_inside_a_sentence() -> None:
    found = search_date("The call was made on April 12, 2016, the first time in years.")
    assert found is not None and (found.value, found.text) == ("2016-04-12", "April 12, 2016")


def test_sidecar_values_of_any_yaml_type_become_iso() -> None:
    import datetime as dt

    assert normalise_date(2021) == "2021"
    assert normalise_date(dt.date(2020, 3, 4)) == "2020-03-04"
    assert normalise_date("March 2020") == "2020-03"
    assert normalise_date("soon") is None


def test_numbers_that_are_not_markers_stay_in_the_text() -> None:
    text = ("Trade reached US$14.1 billion in 2015.3 percent more came in the 11th month, "
            "pp.1-2 say, and No.3 agrees.")
    blocks, notes = extract_notes([Block(text, 1)])
    assert notes == [] and blocks[0].text == text


def test_a_lone_number_after_a_full_stop_without_citation_is_not_a_note() -> None:
    text = "The plan failed.1Nobody knows why the plan failed at all"
    blocks, notes = extract_notes([Block(text, 1)])
    assert notes == [] and blocks[0].text == text


def test_notes_keep_their_order_across_paragraphs() -> None:
    blocks, notes = extract_notes([
        Block("First claim.1A. Author, Book, 2001, p.3.Second claim here.", 4),
        Block("Third claim.”2“Title,” Paper, May 1, 2010, http://example.org/a.pdf.and more.", 5),
    ])
    assert [(n.n, n.line, n.url) for n in notes] == [(1, 4, None), (2, 5,
                                                               "http://example.org/a.pdf")]
    assert blocks[0].text == "First claim.[1] Second claim here."
    assert blocks[1].text == "Third claim.”[2] and more."


def test_boilerplate_removals_name_their_original_lines() -> None:
    lines = [Line(10, "Share on twitter"), Line(11, "Share on facebook"), Line(12, ""),
             Line(13, "A real sentence stays here.")]
    kept, removed = clean_lines(lines)
    assert [line.text for line in kept if line.text] == ["A real sentence stays here."]
    assert [(r.line, r.reason) for r in removed] == [(10, "share buttons")]
    assert removed[0].text == "Share on twitter\nShare on facebook"


def test_real_cyrillic_is_told_from_lookalikes() -> None:
    assert has_real_cyrillic("Москва")
    assert not has_real_cyrillic("Саrl Тhауеr аnd Мау")


def test_front_matter_shifts_removal_lines_to_the_original_file(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    path = seeds / "fm.md"
    path.write_text("---\npublication: Coast Daily\n---\nSkip to content\n\nA Headline\n\n"
                    "Some body text that is long enough to be a paragraph of the article.\n",
                    encoding="utf-8")
    article, _ = build_article(read_source(path, tmp_path))
    assert next((r.line, r.reason) for r in article.removed) == (4, "navigation")
    assert article.paragraphs[0].line == 8
    assert article.source_of("publication").source == "front_matter"
    assert article.title == "A Headline"
