"""Claims and whole-article extraction on small articles built directly."""

from jvreader.extract import extract_article, extract_corpus
from jvreader.extract.entities import parse_gazetteer
from jvreader.model import Article, Paragraph, pack_text

GAZETTEER = parse_gazetteer("""
entities:
  - {id: abe, name: Shinzo Abe, kind: person, aliases: [Abe]}
  - {id: mou, name: Memorandum of Understanding on defense cooperation, kind: agreement}
  - {id: unused, name: Nowhere Land, kind: place}
""")


def article(*paragraphs: tuple[str, str], date: str | None = "2015-09-20") -> Article:
    return Article(
        id="a1", source_file="seeds/a1.txt", title="T", dek=None, authors=(), publication=None,
        date=date, date_basis="stated" if date else None, url=None, series=None, issue=None,
        dateline=None, language="en",
        paragraphs=tuple(Paragraph(f"p{i + 1}", kind, text, i + 1)
                         for i, (kind, text) in enumerate(paragraphs)),
        footnotes=(), removed=(), provenance=(), packed_original=pack_text(""),
    )


def test_dated_sentence_is_a_claim_with_its_main_date_first():
    ex = extract_article(article(("body", "Talks went on. In October 2011, the two countries "
                                          "signed a Memorandum of Understanding on defense "
                                          "cooperation, first drafted in 2009.[1]")), GAZETTEER)
    [claim] = ex.claims
    assert (claim.id, claim.sentence, claim.date, claim.date_basis) == ("c1", "p1s2", "2011-10",
                                                                          "stated")
    assert [d.value for d in claim.dates] == ["2011-10", "2009"]
    assert claim.entities == ("mou",)


def test_leading_date_phrase_beats_an_earlier_parenthetical_date():
    ex = extract_article(article(("body", "In fact, in May 2014, Abe delayed the boats, and it "
                                          "was not until August 2015 that one came.")), GAZETTEER)
    assert [d.value for d in ex.claims[0].dates] == ["2014-05", "2015-08"]


def test_relative_claim_carries_the_relative_basis():
    ex = extract_article(article(("body", "Abe visited Vietnam last week.")), GAZETTEER)
    assert (ex.claims[0].date, ex.claims[0].date_basis) == ("2015-09", "relative")


def test_headings_and_undated_sentences_are_not_claims():
    ex = extract_article(article(("heading", "Events of 2014"),
                                 ("body", "Relations improved. Nothing else.")), GAZETTEER)
    assert ex.claims == ()
    assert [s.id for s in ex.sentences] == ["p1s1", "p2s1", "p2s2"]


def test_figure_makes_an_undated_claim_that_lists_the_figure():
    ex = extract_article(article(("body", "Japan will deliver six new coast guard vessels.")),
                         GAZETTEER)
    [claim] = ex.claims
    assert claim.date is None
    assert claim.figures == tuple(f.id for f in ex.figures) == ("f1",)


def test_mentions_point_at_their_sentence_and_paragraph_offsets():
    text = "Hello there. Abe spoke."
    ex = extract_article(article(("body", text)), GAZETTEER)
    [m] = ex.mentions
    assert (m.entity, m.sentence, text[m.start:m.end]) == ("abe", "p1s2", "Abe")


def test_corpus_lists_mentioned_entities_and_unknown_names():
    corpus = extract_corpus((article(("body", "Abe met the Sasakawa Peace Foundation. The "
                                              "Sasakawa Peace Foundation agreed.")),), GAZETTEER)
    assert [e.id for e in corpus.entities] == ["abe"]
    assert corpus.unknown_names == (("Sasakawa Peace Foundation", 2),)
    assert corpus.extraction("a1") is corpus.extractions[0]


def test_after_this_year_a_bare_month_is_not_dated_with_an_earlier_year():
    ex = extract_article(article(
        ("body", "The partnership was upgraded in 2019."),
        ("body", "A bakery opened in May this year, and a mill opened in June. "
                 "A dairy followed in March."),
        date=None), GAZETTEER)
    dated = {c.text[:12]: ([d.value for d in c.dates], c.unresolved) for c in ex.claims}
    assert dated == {"The partners": (["2019"], ()),
                     "A bakery ope": ([], ("May this year", "June")),
                     "A dairy foll": ([], ("March",))}


def test_after_this_year_a_bare_month_takes_the_article_year():
    ex = extract_article(article(
        ("body", "The partnership was upgraded in 2019."),
        ("body", "A bakery opened in May this year, and a mill opened in June."),
        date="2024-11-20"), GAZETTEER)
    [_, claim] = ex.claims
    assert [d.value for d in claim.dates] == ["2024-05", "2024-06"]
