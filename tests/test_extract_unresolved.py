"""Sentences whose only date nothing resolves (no year, no article date) are still claims."""

import json

import pytest

from jvreader.export import corpus_json, schema_json
from jvreader.extract import extract_article, extract_corpus
from jvreader.extract.dates import find_date_expressions
from jvreader.extract.entities import parse_gazetteer
from jvreader.model import Annotated, Article, Paragraph, pack_text

GAZETTEER = parse_gazetteer("""
entities:
  - {id: abe, name: Shinzo Abe, kind: person, aliases: [Abe]}
""")


def article(*texts: str, date: str | None = None) -> Article:
    return Article(
        id="a1", source_file="seeds/a1.txt", title="T", dek=None, authors=(), publication=None,
        date=date, date_basis="stated" if date else None, url=None, series=None, issue=None,
        dateline=None, language="en",
        paragraphs=tuple(Paragraph(f"p{i + 1}", "body", text, i + 1)
                         for i, text in enumerate(texts)),
        footnotes=(), removed=(), provenance=(), packed_original=pack_text(""),
    )


def test_undated_article_keeps_a_yearless_date_as_unresolved_claim():
    ex = extract_article(article("Abe held talks with the visitors in Tokyo on September 15."),
                         GAZETTEER)
    [claim] = ex.claims
    assert (claim.date, claim.date_basis, claim.dates) == (None, None, ())
    assert claim.unresolved == ("September 15",)
    assert claim.entities == ("abe",)
    assert ex.dates == ()  # only resolved values go where <time datetime> reads them


def test_dated_article_resolves_the_same_sentence_as_before():
    ex = extract_article(article("Abe held talks with the visitors in Tokyo on September 15.",
                                 date="2015-09-20"), GAZETTEER)
    [claim] = ex.claims
    assert (claim.date, claim.date_basis, claim.unresolved) == ("2015-09-15", "relative", ())


def test_sentence_without_date_or_figure_is_still_not_a_claim():
    ex = extract_article(article("Relations have recently improved. At present the talks go on."),
                         GAZETTEER)
    assert ex.claims == ()


def test_resolved_and_unresolved_dates_share_one_claim():
    ex = extract_article(article("In 2014, Abe promised help, and he repeated it yesterday."),
                         GAZETTEER)
    [claim] = ex.claims
    assert (claim.date, [d.text for d in claim.dates]) == ("2014", ["2014"])
    assert claim.unresolved == ("yesterday",)


def test_claim_ids_follow_sentence_order_whatever_the_dates():
    ex = extract_article(article("The envoy arrived on Monday. Nothing happened.",
                                 "Talks ended in mid-April. Trade grew in 2012."), GAZETTEER)
    assert [(c.id, c.sentence, c.date, c.unresolved) for c in ex.claims] == [
        ("c1", "p1s1", None, ("Monday",)),
        ("c2", "p2s1", None, ("mid-April",)),
        ("c3", "p2s2", "2012", ()),
    ]


@pytest.mark.parametrize(("text", "unresolved"), [
    ("The visit took place from September 15 to 18.", ["September 15 to 18"]),
    ("The visit ran from September 28 to October 2.", ["from September 28 to October 2"]),
    ("Exports rose earlier this month.", ["earlier this month"]),
    ("The plant opened in October.", ["October"]),
    ("A subsidiary opened in August this year.", ["August this year"]),
    ("Talks have continued since October.", ["since October"]),
    ("May exert pressure, said June Smith.", []),
])
def test_unresolved_expressions_are_kept_as_written(text, unresolved):
    resolved, found = find_date_expressions(text, None)
    assert resolved == ()
    assert [u.text for u in found] == unresolved
    assert all(text[u.start:u.end] == u.text for u in found)


def test_an_article_dated_only_to_the_year_cannot_resolve_yesterday():
    resolved, found = find_date_expressions("He left yesterday but returns this year.", "2015")
    assert [(d.text, d.value) for d in resolved] == [("this year", "2015")]
    assert [u.text for u in found] == ["yesterday"]


def test_export_lists_unresolved_dates_and_the_schema_describes_them():
    corpus = extract_corpus((article("Abe arrived in Hanoi on September 15."),), GAZETTEER)
    [claim] = json.loads(corpus_json(Annotated(corpus)))["articles"][0]["claims"]
    assert (claim["date"], claim["unresolved_dates"]) == (None, ["September 15"])
    claim_schema = (json.loads(schema_json())["$defs"]["article"]
                    ["properties"]["claims"]["items"]["properties"])
    assert claim_schema["unresolved_dates"]["items"] == {"type": "string"}
