"""Sentence splitting: abbreviations, initials, decimals, quotes and footnote markers."""

from jvreader.extract.sentences import split_sentences
from jvreader.model import Paragraph


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(Paragraph("p3", "body", text, 1))]


def test_titles_and_abbreviations_do_not_end_sentences():
    assert texts("Lt. Gen. Wei met Dr. Ito in the U.S. Congress. They talked.") == [
        "Lt. Gen. Wei met Dr. Ito in the U.S. Congress.", "They talked."]


def test_references_numbers_and_initials_stay_inside_the_sentence():
    assert texts("See No.3, pp.1-2 and p. 277 by Alexander L. Vuving. It cost $37.7 billion.") == [
        "See No.3, pp.1-2 and p. 277 by Alexander L. Vuving.", "It cost $37.7 billion."]


def test_abbreviation_can_end_a_sentence_before_a_usual_opener():
    assert texts("He left the U.S. The next day he flew home.") == [
        "He left the U.S.", "The next day he flew home."]


def test_closing_quote_ends_the_sentence_it_closes():
    assert texts("He said “It is over.” Then he left!") == ["He said “It is over.”",
                                                         "Then he left!"]


def test_footnote_marker_belongs_to_the_sentence_before_even_when_glued():
    assert texts("They met.[1] In 2014, they signed.[2]Then they left.") == [
        "They met.[1]", "In 2014, they signed.[2]", "Then they left."]


def test_sentence_ids_and_offsets_point_into_the_paragraph():
    text = "First one.  Second one? Third."
    sentences = split_sentences(Paragraph("p7", "body", text, 1))
    assert [s.id for s in sentences] == ["p7s1", "p7s2", "p7s3"]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_vietnamese_day_month_dots_do_not_split():
    assert texts("Tàu đến ngày 3.11, theo Jiji. Năm 2014, Nhật Bản đồng ý.") == [
        "Tàu đến ngày 3.11, theo Jiji.", "Năm 2014, Nhật Bản đồng ý."]
