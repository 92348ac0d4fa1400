"""The loader turns the real seeds into the records the gold file describes, and its rules
work on small messy articles written here (never on text copied from the seeds)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jvreader.load.article import build_article, title_from_filename
from jvreader.load.sources import read_source
from jvreader.model import Article

REPO = Path(__file__).parents[1]
GOLD_FILE = Path(__file__).parents[2] / "shared" / "gold" / "seeds.yaml"


def _gold_articles() -> dict:
    if not GOLD_FILE.is_file():
        return {}
    return yaml.safe_load(GOLD_FILE.read_text(encoding="utf-8"))["articles"]


GOLD = _gold_articles()
needs_gold = pytest.mark.skipif(not GOLD, reason=f"gold file {GOLD_FILE} not found")


def load_seed(article_id: str) -> Article:
    article, _ = build_article(read_source(REPO / "seeds" / f"{article_id}.txt", REPO))
    return article


def load_text(tmp_path: Path, text: str, name: str = "sample", sidecar: str | None = None
              ) -> tuple[Article, tuple[str, ...]]:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    path = seeds / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".yaml").write_text(sidecar, encoding="utf-8")
    return build_article(read_source(path, tmp_path))


def body(article: Article) -> str:
    return "\n".join(p.text for p in article.paragraphs)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- the seeds against the gold file --------------------------------------------------------

@needs_gold
@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_seed_metadata_matches_gold(article_id: str) -> None:
    gold = GOLD[article_id]
    article = load_seed(article_id)
    assert article.title == gold["title"]
    assert list(article.authors) == gold["authors"]
    assert article.publication == gold["publication"]
    assert article.date == gold["date"]["value"]
    assert article.date_basis == gold["date"]["basis"]
    for name in ("dek", "series", "issue", "dateline"):
        if name in gold:
            assert getattr(article, name) == gold[name], name


@needs_gold
@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_seed_body_keeps_and_drops_the_gold_phrases(article_id: str) -> None:
    gold = GOLD[article_id]
    text = norm(body(load_seed(article_id)))
    for phrase in gold.get("body_must_contain", []):
        assert phrase in text, phrase
    for phrase in gold.get("body_must_not_contain", []):
        assert phrase not in text, phrase


@needs_gold
@pytest.mark.parametrize("article_id", sorted(a for a in GOLD if "headings" in GOLD[a]))
def test_seed_headings_match_gold(article_id: str) -> None:
    article = load_seed(article_id)
    assert [p.text for p in article.paragraphs if p.kind == "heading"] == GOLD[article_id][
        "headings"]


@needs_gold
@pytest.mark.parametrize("article_id", sorted(a for a in GOLD if "footnotes" in GOLD[a]))
def test_seed_footnotes_are_cut_out_in_sequence(article_id: str) -> None:
    gold = GOLD[article_id]
    article = load_seed(article_id)
    assert [f.n for f in article.footnotes] == list(range(1, gold["footnotes"] + 1))
    first = article.footnotes[0]
    assert gold["footnote_1_contains"] in first.text
    assert first.url == gold["footnote_1_url"]
    for note in article.footnotes:
        assert f"[{note.n}]" in article.paragraph(note.paragraph).text
        assert note.url is None or " " not in note.url
    everything = body(article) + " ".join(f.text + (f.url or "") for f in article.footnotes)
    assert not re.search("[\u0400-\u04ff]", everything), "Cyrillic letters remain"


@needs_gold
@pytest.mark.parametrize("article_id", sorted(a for a in GOLD if "pull_quotes" in GOLD[a]))
def test_seed_pull_quotes_dropped_and_their_sentence_kept_once(article_id: str) -> None:
    article = load_seed(article_id)
    text = norm(body(article))
    for item in GOLD[article_id]["pull_quotes"]:
        assert text.count(item["kept"]) == 1, item["kept"]
        if item["quote"] != item["kept"]:
            assert item["quote"] not in text, item["quote"]
    reasons = [r.reason for r in article.removed if r.reason.startswith("pull quote")]
    assert len(reasons) == len(GOLD[article_id]["pull_quotes"])


@needs_gold
@pytest.mark.parametrize("article_id", sorted(a for a in GOLD if "caption_contains" in GOLD[a]))
def test_seed_caption_is_a_caption_paragraph(article_id: str) -> None:
    article = load_seed(article_id)
    phrase = GOLD[article_id]["caption_contains"]
    kinds = {p.kind for p in article.paragraphs if phrase in p.text}
    assert kinds == {"caption"}


def test_every_seed_paragraph_has_a_stable_id_and_clean_spaces() -> None:
    for path in sorted((REPO / "seeds").glob("*.txt")):
        article, _ = build_article(read_source(path, REPO))
        assert [p.id for p in article.paragraphs] == [
            f"p{i}" for i in range(1, len(article.paragraphs) + 1)]
        for p in article.paragraphs:
            assert p.text == p.text.strip() and "\u00a0" not in p.text and "  " not in p.text
        assert all(r.line >= 1 for r in article.removed)


def test_sidecar_wins_and_every_field_says_where_it_came_from(tmp_path: Path) -> None:
    article, _ = load_text(
        tmp_path, "A Headline About Ports\n\nBy Jane Roe\n\nMarch 3, 2020\n\n"
        "The port opened last year after a long delay, officials said on Monday.\n",
        sidecar="publication: Harbour Weekly\ndate: 2020-03-04\n")
    assert article.publication == "Harbour Weekly"
    assert (article.date, article.date_basis) == ("2020-03-04", "sidecar")
    assert article.source_of("publication").source == "sidecar"
    assert article.source_of("title").source == "text"
    assert article.source_of("title").line == 1
    assert article.source_of("authors").line == 3


# -- small messy articles: each rule is general ---------------------------------------------

NEWSLETTER = """Skip to content

Harbours Of The South

A look at how small ports compete for the new container trade across the region
By Ana Lima and Bo Chen

The new terminal opened in May after two years of work; it handles more ships than planned.

Share on twitter
Share on facebook
Share via email
Part of the Coastal Economies Project
Sign up for our newsletter
* indicates required
I'm interested in...
Ports Weekly
Shipping Notes

Comments are closed.
"""


def test_newsletter_furniture_is_removed_and_metadata_read(tmp_path: Path) -> None:
    article, _ = load_text(tmp_path, NEWSLETTER)
    text = body(article)
    for phrase in ("Skip to content", "Share", "newsletter", "indicates required",
                   "Ports Weekly", "Shipping Notes", "Comments are closed"):
        assert phrase not in text
    assert article.title == "Harbours Of The South"
    assert article.dek.startswith("A look at how small ports")
    assert article.authors == ("Ana Lima", "Bo Chen")
    assert article.series == "Coastal Economies Project"
    reasons = {r.reason for r in article.removed}
    assert {"share buttons", "subscription form", "navigation", "comments closed"} <= reasons


def test_lookalike_letters_become_latin_but_russian_stays(tmp_path: Path) -> None:
    text = ("Notes On A Visit\n\nThe delegation met Саrl Тhауеr, whose report is at "
            "httр://example.org/rероrt, and thanked the hosts.\n\n"
            "The banner read «Москва приветствует гостей», and a guide translated it.\n")
    article, _ = load_text(tmp_path, text)
    joined = body(article)
    assert "Carl Thayer" in joined and "http://example.org/report" in joined
    assert "Москва приветствует гостей" in joined
    assert any("look-alike" in r.reason for r in article.removed)


def test_whole_lookalike_words_follow_their_neighbours() -> None:
    from jvreader.load.clean import fix_lookalikes

    assert fix_lookalikes("Тhе report аnd Мау data", cyrillic_text=False) == (
        "The report and May data")
    assert fix_lookalikes("он сказал а потом", cyrillic_text=True) == "он сказал а потом"


def test_pinyin_glosses_inside_words_are_removed(tmp_path: Path) -> None:
    article, _ = load_text(tmp_path, "Title Here\n\nThe Sсhооl(xiāng) of Pol(xiāng)itics said "
                                     "that l(fā)acking funds, it would close early next year.\n")
    assert "School of Politics" in body(article) and "lacking funds" in body(article)
    assert any(r.reason.startswith("pinyin") for r in article.removed)


def test_glued_footnotes_become_notes_with_markers(tmp_path: Path) -> None:
    text = ("Trade Talks Resume\n\nThe ministers met twice in 2014 and agreed on a plan for "
            "ports, roads and the 11th round of talks worth US$14.1 billion.1Ann Smith, “Ports "
            "Plan,” The Daily, May 2, 2014, http://www. example.com/ports-plan.html.In 2015, "
            "the plan was signed, pp.1-2 of it at least.2Ibid.Later it stalled.\n")
    article, _ = load_text(tmp_path, text)
    assert [(f.n, f.url) for f in article.footnotes] == [
        (1, "http://www.example.com/ports-plan.html"), (2, None)]
    assert article.footnotes[0].text == "Ann Smith, “Ports Plan,” The Daily, May 2, 2014"
    assert article.footnotes[1].text == "Ibid."
    paragraph = article.paragraphs[0].text
    assert "billion.[1] In 2015, the plan was signed" in paragraph
    assert "at least.[2] Later it stalled." in paragraph
    assert "the 11th round" in paragraph and "US$14.1 billion" in paragraph


def test_pull_quote_is_dropped_and_interrupted_sentence_rejoined(tmp_path: Path) -> None:
    text = (
        "Ports And Power\n\n"
        "The ministry says the new harbour will double the capacity of the northern coast "
        "within five years. Officials also expect the harbour to attract shipping lines from "
        "across the region by offering lower fees and faster customs\n"
        "The new harbour will double the capacity of the northern coast within five years."
        "clearance than any neighbouring port.\n\n"
        "Critics doubt the forecasts and point to empty terminals elsewhere on the coast.\n")
    article, _ = load_text(tmp_path, text)
    joined = norm(body(article))
    assert joined.count("double the capacity of the northern coast") == 1
    assert "faster customs clearance than any neighbouring port." in joined
    assert any(r.reason.startswith("pull quote repeating p1") for r in article.removed)


def test_page_break_inside_a_sentence_is_rejoined(tmp_path: Path) -> None:
    text = ("Rivers\n\nThe river authority said that the new dams upstream have changed the "
            "flow which is\n\nnow lower in the dry season than at any time on record, and "
            "farmers worry about\n\nSalt water reaching the fields.\n\nA Short Heading\n\n"
            "Another paragraph follows here and it is long enough to read as body text.\n")
    article, _ = load_text(tmp_path, text)
    assert "the flow which is now lower in the dry season" in body(article)
    assert "farmers worry about Salt water reaching" in body(article)
    assert [p.text for p in article.paragraphs if p.kind == "heading"] == ["A Short Heading"]


def test_links_without_target_keep_their_text(tmp_path: Path) -> None:
    article, _ = load_text(tmp_path, "Links\n\nAbout [60%](#) of trade goes by [sea](#) now, "
                                     "a [report](https://example.org) says.\n")
    assert article.paragraphs[0].text.startswith("About 60% of trade goes by sea now")
    assert "[report](https://example.org)" in article.paragraphs[0].text


def test_dateline_gives_publication_and_place(tmp_path: Path) -> None:
    article, _ = load_text(tmp_path, "Dams Draw Protest\n\nHANOI (River Post) – Hundreds "
                                     "gathered on Sunday to protest against the dams.\n")
    assert article.publication == "River Post"
    assert article.dateline == "Hanoi"
    assert article.source_of("publication").source == "text"


@pytest.mark.parametrize(("written", "iso"), [
    ("March 4, 2018", "2018-03-04"), ("4/3/2018", "2018-03-04"), ("4 March 2018", "2018-03-04"),
])
def test_date_line_under_the_title_is_the_stated_date(tmp_path: Path, written: str,
                                                      iso: str) -> None:
    article, _ = load_text(tmp_path, f"A Headline\n\n{written}\n\nThe body of the article "
                                     "says what happened on 1/2/2011 and later.\n")
    assert (article.date, article.date_basis) == (iso, "stated")


def test_date_in_the_body_is_not_the_article_date(tmp_path: Path) -> None:
    article, _ = load_text(tmp_path, "A Headline\n\nThe treaty of 18/2/2013 was signed in "
                                     "the capital after long talks between the two sides.\n")
    assert article.date is None and article.date_basis is None


def test_closing_author_note_names_the_authors(tmp_path: Path) -> None:
    article, _ = load_text(tmp_path, "A Headline\n\nThe body says something about ports and "
                                     "trade across the sea.\n\nMai Tran is a research fellow "
                                     "at the Harbour Institute; Ken Ito is Professor at the "
                                     "same institute.\n")
    assert article.authors == ("Mai Tran", "Ken Ito")


def test_vietnamese_text_is_detected(tmp_path: Path) -> None:
    article, _ = load_text(tmp_path, "Tàu tuần tra mới\n\nHai tàu tuần tra đã được bàn giao "
                                     "cho lực lượng cảnh sát biển tại thành phố Đà Nẵng.\n")
    assert article.language == "vi"


def test_no_headline_falls_back_to_the_file_name(tmp_path: Path) -> None:
    article, warnings = load_text(tmp_path, "The minister said on Monday that the talks went "
                                            "well and will continue next month in the capital.\n",
                                  name="017_port-talks")
    assert article.title == "Port talks"
    assert article.source_of("title").source == "filename"
    assert warnings and "file name" in warnings[0]


def test_title_from_filename_drops_prefix_and_hashes() -> None:
    assert title_from_filename("105_ap-2020-suga-hanoi") == "Ap 2020 suga hanoi"
    assert title_from_filename("003_60a857f18c4d8ba1") == "003_60a857f18c4d8ba1"


@pytest.mark.parametrize(("yaml_date", "expected"), [
    ("2009-04", "2009-04"), ("2015-09-20", "2015-09-20"), ("2021", "2021"),
    ("'April 2009'", "2009-04")])
def test_sidecar_dates_keep_their_precision(tmp_path: Path, yaml_date: str, expected: str) -> None:
    article, _ = load_text(tmp_path, "Ports Reopen\n\nThe port reopened after repairs.\n",
                           sidecar=f"date: {yaml_date}\n")
    assert (article.date, article.date_basis) == (expected, "sidecar")


def test_passage_record_date_prefix_is_the_stated_date_and_leaves_the_body(tmp_path):
    text = (" date 2021-06-04 The ferry company said its crews had been cut again, and the "
            "harbour office agreed to review the winter timetable next month.\n\n"
            "Short line here\n\nAnother paragraph follows with more words about the ferries.")
    article, _ = load_text(tmp_path, text, name="204_ferry-passage")
    assert (article.date, article.date_basis) == ("2021-06-04", "stated")
    assert article.source_of("date").line == 1
    assert article.paragraphs[0].text.startswith("The ferry company said")
    assert "date 2021-06-04" not in " ".join(p.text for p in article.paragraphs)
    assert any(r.text == "date 2021-06-04" for r in article.removed)
    # a passage starts mid-article: its short lines are never taken as the headline
    assert article.source_of("title").source == "filename"


def test_the_word_date_inside_a_text_is_not_a_record_prefix(tmp_path):
    article, _ = load_text(tmp_path, "A Headline About Dates\n\nThe date 2021-06-04 was set "
                                     "for the vote, officials said on the island.")
    assert article.title == "A Headline About Dates"
    assert article.date_basis != "stated" or article.date != "2021-06-04"


def test_short_phrase_alone_between_paragraphs_is_an_orphaned_caption(tmp_path):
    long = ("The harbour board met for the third time this spring and agreed that the old "
            "pier needs new piles before the autumn storms arrive in force.")
    other = ("Repairs will be paid from the port fund, which the council topped up last "
             "year after two wet summers kept the ferries at their moorings for weeks.")
    last = "Members will vote on the plan at their next meeting, the chair said on Friday."
    text = (f"Harbour Board Meets\n\n{long}\n\nFishing boats at dawn.\n\n{other}\n\n"
            f"That was all.\n\n{last}")
    article, _ = load_text(tmp_path, text)
    kinds = {p.text: p.kind for p in article.paragraphs}
    assert kinds["Fishing boats at dawn."] == "caption"
    assert kinds["That was all."] == "body"


def _language_by_letters(text: str) -> str:
    """``detect_language`` as it reads, one letter at a time: the reference it must equal."""
    letters = [c for c in text.lower() if c.isalpha()]
    if not letters:
        return "en"
    share = lambda test: sum(map(test, letters)) / len(letters)  # noqa: E731
    if share(lambda c: c in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") > 0.03:
        return "vi"
    if share(lambda c: "\u0400" <= c <= "\u04ff") > 0.3:
        return "ru"
    if share(lambda c: "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff") > 0.3:
        return "ja" if any("\u3040" <= c <= "\u30ff" for c in letters) else "zh"
    return "en"


@pytest.mark.parametrize("text, language", [
    ("Hai tàu tuần tra đã được bàn giao cho lực lượng cảnh sát biển.", "vi"),
    ("Япония передала Вьетнаму патрульные суда.", "ru"),
    ("日本はベトナムに巡視船を引き渡した。", "ja"),
    ("日本向越南移交了巡逻船。", "zh"),
    ("Japan handed over “patrol vessels” — six of them.", "en"),
    ("", "en"),
    ("1 2 3 … ・・・ ҂҂҂ ゛゜", "en"),  # marks and signs in those blocks are no letters
    ("İstanbul ² ½ Ⅻ ① K", "en"),
])
def test_language_is_told_by_the_share_of_letters(text: str, language: str) -> None:
    from jvreader.load.metadata import detect_language

    assert detect_language(text) == language == _language_by_letters(text)
    assert detect_language(text * 3 + "ab ・҂") == _language_by_letters(text * 3 + "ab ・҂")


def test_language_of_each_seed_equals_the_letter_by_letter_reference() -> None:
    from jvreader.load.metadata import detect_language

    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    assert seeds
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        assert detect_language(text) == _language_by_letters(text), path.name
