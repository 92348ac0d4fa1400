"""Metadata read from an article's own text by scoring candidates, in English, Vietnamese and
Japanese. Every text here is written for these tests (never copied from a real page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jvreader.load.article import build_article
from jvreader.load.blocks import split_blocks
from jvreader.load.clean import Line
from jvreader.load.metadata import read_metadata
from jvreader.load.sources import read_source
from jvreader.model import Article

LEAD_EN = "The two ministers signed the port agreement on Tuesday after a year of talks.\n"
LEAD_VI = "Chiều 14/3, hai bên đã ký thỏa thuận hợp tác về cảng biển tại Hà Nội.\n"
LEAD_JA = "日本とベトナムの閣僚は27日、港湾協定に署名した。\n"


def load_text(tmp_path: Path, text: str, name: str = "sample") -> Article:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    path = seeds / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    article, _ = build_article(read_source(path, tmp_path))
    return article


def in_text(article: Article) -> tuple[str | None, tuple[str, ...], str | None, str | None]:
    """Title, authors, publication and date as far as the text states them."""
    title = article.source_of("title")
    return (article.title if title and title.source == "text" else None, article.authors,
            article.publication, article.date)


def body(article: Article) -> str:
    return "\n".join(p.text for p in article.paragraphs)


CASES_EN = {
    # a section label over the headline; two authors; a date line
    "label": ("Asia Defense\n\nPort Deal Brings Two Navies Closer\n\nBy Laura Bent and Kenji "
              f"Mori\nMarch 2, 2021\n\n{LEAD_EN}",
              ("Port Deal Brings Two Navies Closer", ("Laura Bent", "Kenji Mori"), None,
               "2021-03-02")),
    # an attribution kept after the headline
    "attribution": ("Fishermen Return To The Northern Banks ( Source- Coastal Daily / Author- "
                    f"Tran Minh Hoa)\n\n{LEAD_EN}",
                    ("Fishermen Return To The Northern Banks", ("Tran Minh Hoa",),
                     "Coastal Daily", None)),
    # a byline with its date glued on
    "name and date": (f"Port Upgrade Finished Early\n\nLaura Bent July 28, 2020\n\n{LEAD_EN}",
                      ("Port Upgrade Finished Early", ("Laura Bent",), None, "2020-07-28")),
    "name | date": (f"Rail Loan Signed\n\nAnna Weiss | 14 March 2022\n\n{LEAD_EN}",
                    ("Rail Loan Signed", ("Anna Weiss",), None, "2022-03-14")),
    "name, role": (f"Rail Loan Signed\n\nBy Anna Weiss, Senior Correspondent\n\n{LEAD_EN}",
                   ("Rail Loan Signed", ("Anna Weiss",), None, None)),
    # a closing byline's full stop is no part of the name
    "closing byline": (f"Ferry Links Restored\n\n{LEAD_EN}\nWritten by Paul Grant.\n",
                       ("Ferry Links Restored", ("Paul Grant",), None, None)),
    # a site name with a date is the outlet, not an author
    "site and date": (f"Coast Guard Ships Visit Da Nang\n\nVnExpress April 11, 2019\n\n{LEAD_EN}",
                      ("Coast Guard Ships Visit Da Nang", (), "VnExpress", "2019-04-11")),
    "by outlet": (f"Leaders Meet In Tokyo\n\nBy Kyodo News\n\n{LEAD_EN}",
                  ("Leaders Meet In Tokyo", (), "Kyodo News", None)),
    "wire credit": (f"Leaders Meet In Tokyo\n\nKYODO, Staff Report\n\n{LEAD_EN}",
                    ("Leaders Meet In Tokyo", (), "KYODO", None)),
    # the page title's site suffix
    "site suffix": (f"Ports Reopen After Storm - VnExpress International\n\n{LEAD_EN}",
                    ("Ports Reopen After Storm", (), "VnExpress International", None)),
    # published before updated, whatever the order
    "updated": (f"Rail Loan Signed\n\nUpdated: May 9, 2022\n\nPublished: May 3, 2022\n\n{LEAD_EN}",
                ("Rail Loan Signed", (), None, "2022-05-03")),
    "only updated": (f"Rail Loan Signed\n\nLast updated May 9, 2022 10:15\n\n{LEAD_EN}",
                     ("Rail Loan Signed", (), None, None)),
    # an outlet tag opening the lead, a date line after it, print-view furniture above
    "outlet tag": ("Print article\n\nHanoi And Tokyo Sign Maritime Pact\n\nVNA – The two "
                   "governments signed a maritime pact in Hanoi on Monday.\n\n"
                   "October 3, 2016 4:10 PM GMT+7\n\nThe pact covers training.\n",
                   ("Hanoi And Tokyo Sign Maritime Pact", (), "VNA", "2016-10-03")),
    "dateline": ("Leaders Meet In Tokyo\n\nHANOI, Oct. 24 (VNA) – The two leaders met on Monday "
                 "and agreed to expand trade.\n",
                 ("Leaders Meet In Tokyo", (), "VNA", None)),
    # a page's clock, without a time, above a story about older years
    "page clock": ("Monday, January 12, 2026\n\nPorts Reopen After Storm\n\nThe ports "
                   "reopened in 2015 after the storm passed, officials said.\n",
                   ("Ports Reopen After Storm", (), None, None)),
    # headlines may name outlets and institutions
    "outlet words in the headline": (f"Japan Times Reports Record Trade With Vietnam\n\n{LEAD_EN}",
                                     ("Japan Times Reports Record Trade With Vietnam", (), None,
                                      None)),
    "masthead": (f"VnExpress International\n\nPorts Reopen After Storm\n\n{LEAD_EN}",
                 ("Ports Reopen After Storm", (), "VnExpress International", None)),
    "wire dateline": ("Leaders Meet In Hanoi\n\nHANOI, Vietnam (AP) — The two leaders met on "
                      "Monday.\n", ("Leaders Meet In Hanoi", (), "AP", None)),
    "title-case dateline": ("Leaders Meet In Hanoi\n\nHanoi (VNA) – The two leaders met on "
                            "Monday.\n", ("Leaders Meet In Hanoi", (), "VNA", None)),
    # an affiliation beside the author is not the publication; a known wire is
    "affiliation": (f"Leaders Meet In Hanoi\n\n12 March 2021\nAuthor: Jane Roe, Hanoi "
                    f"University\n\n{LEAD_EN}",
                    ("Leaders Meet In Hanoi", ("Jane Roe",), None, "2021-03-12")),
    "wire beside the author": (f"Leaders Meet In Hanoi\n\nBy Jane Roe, Reuters\n\n{LEAD_EN}",
                               ("Leaders Meet In Hanoi", ("Jane Roe",), "Reuters", None)),
    "staff writer": ("Diplomacy\n\nLeaders Meet In Hanoi\n\nTalks focus on ports and rail\n\n"
                     f"Jane Roe, Nikkei staff writer\nMarch 3, 2021 12:00 JST\n\n{LEAD_EN}",
                     ("Leaders Meet In Hanoi", ("Jane Roe",), None, "2021-03-03")),
    "name over date": (f"Leaders Meet In Hanoi\n\nJane Roe\nDecember 3, 2023\n\n{LEAD_EN}",
                       ("Leaders Meet In Hanoi", ("Jane Roe",), None, "2023-12-03")),
    # a heading of a chronology after the lead is no date line
    "chronology heading": (f"Rail Loan Signed\n\n{LEAD_EN}\nApril 2009\n\nThe first talks "
                           "were held in Hanoi.\n", ("Rail Loan Signed", (), None, None)),
    # no headline: a lead, or a caption, is not a title
    "no headline": (f"{LEAD_EN}\nThe agreement runs for ten years.\n", (None, (), None, None)),
    "caption first": ("A coast guard ship at the port of Da Nang. Photo: Coast Guard\n\n"
                      f"{LEAD_EN}\nThe agreement runs for ten years.\n", (None, (), None, None)),
    # someone the story quotes, alone on the last line, is not its author
    "quoted name last": ("Ports Reopen After Storm\n\nThe ports reopened on Monday, said Tran "
                         "Van Ba, the harbour master.\n\nTran Van Ba\n",
                         ("Ports Reopen After Storm", (), None, None)),
}

CASES_VI = {
    # a page's clock above an old story, a breadcrumb, a source credit opening the lead
    "page clock": ("Thứ Sáu, 20/12/2025, 10:05 (GMT+7)\n\nThế giới - Thời sự\n\nTheo Báo Nhân "
                   "Dân - Sáng 5-3, đoàn đại biểu đã tới thăm cảng Hải Phòng, nơi hai bên ký "
                   "thỏa thuận năm 2012.\n\nĐoàn đã trao đổi về hợp tác cảng biển.\n",
                   (None, (), "Nhân Dân", None)),
    # the article's own date line above its headline; a name alone on the last line
    "dated headline": ("Tin tức - Quốc tế\n\nThứ hai, 14/3/2022, 09:30 (GMT+7)\n\nNhật Bản "
                       f"cam kết hỗ trợ Việt Nam xây dựng cảng biển\n\n{LEAD_VI}\n"
                       "Thỏa thuận có giá trị 200 triệu USD.\n\nMinh Anh\n",
                       ("Nhật Bản cam kết hỗ trợ Việt Nam xây dựng cảng biển", ("Minh Anh",),
                        None, "2022-03-14")),
    # a breadcrumb of two labels; the clock above a current story is its date
    "labels and clock": ("Thế giới  Phân tích\n\nThứ hai, 12/1/2026, 09:23 (GMT+7)\n\nNhật "
                         "Bản và Việt Nam nâng cấp quan hệ\n\nHai nước đã nâng cấp quan hệ "
                         "trong năm 2025, theo thông báo.\n\nMinh Anh\n",
                         ("Nhật Bản và Việt Nam nâng cấp quan hệ", ("Minh Anh",), None,
                          "2026-01-12")),
    # "Theo …" credits a source: a publication, never an author
    "theo at the end": ("Hai nước ký thỏa thuận cảng biển\n\nngày 24/10/2011\n\n"
                        f"{LEAD_VI}\nTheo TTXVN\n",
                        ("Hai nước ký thỏa thuận cảng biển", (), "TTXVN", "2011-10-24")),
    "name/outlet": (f"Hai nước ký thỏa thuận cảng biển\n\n{LEAD_VI}\nHải Minh/VOV-Tokyo\n",
                    ("Hai nước ký thỏa thuận cảng biển", ("Hải Minh",), "VOV", None)),
    "theo a person": ("Hai nước ký thỏa thuận cảng biển\n\nTheo ông Nguyễn Văn An - Giám đốc "
                      "cảng, dự án sẽ hoàn thành năm sau.\n",
                      ("Hai nước ký thỏa thuận cảng biển", (), None, None)),
    "dateline": ("Hai nước ký thỏa thuận cảng biển\n\nHÀ NỘI (TTXVN) - Chiều 14/3, hai bên đã "
                 "ký thỏa thuận.\n", ("Hai nước ký thỏa thuận cảng biển", (), "TTXVN", None)),
    "agency and site": ("Hai nước ký thỏa thuận cảng biển\n\nHà Nội (TTXVN/Vietnam+) - Chiều "
                        "14/3, hai bên đã ký thỏa thuận.\n",
                        ("Hai nước ký thỏa thuận cảng biển", (), "TTXVN/Vietnam+", None)),
    "two-word outlet tag": ("Hai nước ký thỏa thuận cảng biển\n\nQĐND Online - Chiều 14/3, hai "
                            "bên đã ký thỏa thuận.\n",
                            ("Hai nước ký thỏa thuận cảng biển", (), "QĐND Online", None)),
    "updated first": ("Hai nước ký thỏa thuận cảng biển\n\nCập nhật: 10:05 ngày 16/03/2022\n\n"
                      f"Ngày đăng: 14/03/2022\n\n{LEAD_VI}",
                      ("Hai nước ký thỏa thuận cảng biển", (), None, "2022-03-14")),
    # a marked byline at the top outranks a name alone at the end; "An" is a given name
    "byline": (f"Hai nước ký thỏa thuận cảng biển\n\nBài và ảnh: Nguyễn Văn An\n\n{LEAD_VI}\n"
               "NGUYỄN HƯƠNG\n", ("Hai nước ký thỏa thuận cảng biển", ("Nguyễn Văn An",), None,
                                  None)),
    "closing name in capitals": (f"Hai nước ký thỏa thuận cảng biển\n\n{LEAD_VI}\n"
                                 "NGUYỄN HƯƠNG (tổng hợp)\n",
                                 ("Hai nước ký thỏa thuận cảng biển", ("NGUYỄN HƯƠNG",), None,
                                  None)),
    "no headline": (f"{LEAD_VI}\nĐoàn đã trao đổi về hợp tác cảng biển.\n",
                    (None, (), None, None)),
}

MIXED_JA = "岸田首相、Greater Mekong Subregionで協力強化"
CASES_JA = {
    # a section label, a date line with a time, the reporter in the dateline brackets
    "label and reporter": (f"国際\n\n日越、港湾整備で協力合意\n\n2023年11月27日 18:40\n\n"
                           f"【ハノイ=田中一郎】{LEAD_JA}",
                           ("日越、港湾整備で協力合意", ("田中一郎",), None, "2023-11-27")),
    # an era date; a translation credit is not an author
    "era date": (f"日越、港湾整備で協力合意\n\n平成26年8月1日\n\n{LEAD_JA}\n(翻訳・編集/YS)\n",
                 ("日越、港湾整備で協力合意", (), None, "2014-08-01")),
    "full-width date": (f"日越首脳が会談\n\n２０２３年１１月２７日（月）\n\n{LEAD_JA}",
                        ("日越首脳が会談", (), None, "2023-11-27")),
    "published and updated": ("日越首脳が会談\n\n公開日：2023年11月27日\n"
                              f"更新日：2023年11月28日\n\n{LEAD_JA}",
                              ("日越首脳が会談", (), None, "2023-11-27")),
    "time in kanji": (f"日越首脳が会談\n2023年11月27日 18時40分\n\n{LEAD_JA}",
                      ("日越首脳が会談", (), None, "2023-11-27")),
    "date line with its section": (f"日越首脳が会談\n2023年11月27日 18時40分 国際\n\n{LEAD_JA}",
                                   ("日越首脳が会談", (), None, "2023-11-27")),
    # a name in Latin letters inside a Japanese headline: the line starts in kanji, which
    # has no letter case to judge it by
    "latin name inside": (f"{MIXED_JA}\n\n2023年11月27日\n\n{LEAD_JA}",
                          (MIXED_JA, (), None, "2023-11-27")),
    "wire": (f"日越首脳が会談\n\n【東京共同】{LEAD_JA}", ("日越首脳が会談", (), "共同通信", None)),
    "reporter": (f"日越首脳が会談\n\n山田太郎記者\n\n{LEAD_JA}",
                 ("日越首脳が会談", ("山田太郎",), None, None)),
    # a closing credit names the outlet and the date
    "closing credit": (f"{LEAD_JA}\n両国は今後も協議を続ける。\n"
                       "「港湾ニュース日本語版」2019年3月5日\n",
                       (None, (), "港湾ニュース日本語版", "2019-03-05")),
    "closing quotation": (f"日越首脳が会談\n\n{LEAD_JA}\n首相は最後にこう述べた。\n"
                          "「ありがとう」\n",
                          ("日越首脳が会談", (), None, None)),
    # a label spaced out letter by letter, a headline over two lines, the issuing body
    "notice": (f"港 湾 協 力\n2023年度港湾整備計画\n交換公文の署名\n在東京港湾協会\n{LEAD_JA}",
               ("2023年度港湾整備計画 交換公文の署名", (), "在東京港湾協会", None)),
}


@pytest.mark.parametrize(("text", "expected"), CASES_EN.values(), ids=CASES_EN.keys())
def test_english_metadata(tmp_path: Path, text: str, expected: tuple) -> None:
    assert in_text(load_text(tmp_path, text)) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_VI.values(), ids=CASES_VI.keys())
def test_vietnamese_metadata(tmp_path: Path, text: str, expected: tuple) -> None:
    assert in_text(load_text(tmp_path, text)) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_JA.values(), ids=CASES_JA.keys())
def test_japanese_metadata(tmp_path: Path, text: str, expected: tuple) -> None:
    assert in_text(load_text(tmp_path, text)) == expected


def test_page_clock_leaves_the_body_and_is_no_date(tmp_path: Path) -> None:
    article = load_text(tmp_path, CASES_VI["page clock"][0])
    assert "20/12/2025" not in body(article) and "Thời sự" not in body(article)
    reasons = {r.reason for r in article.removed}
    assert any("page date header" in r for r in reasons)


def test_related_stories_leave_the_body_and_give_no_date(tmp_path: Path) -> None:
    article = load_text(tmp_path, f"Rail Loan Signed\n\n{LEAD_EN}\nRelated news:\n"
                                  "Bridge contract awarded (3rd March 2015)\n"
                                  "New port opens (June 4, 2016)\n")
    assert article.date is None
    assert "Bridge contract" not in body(article)


def test_each_field_keeps_the_line_it_came_from(tmp_path: Path) -> None:
    article = load_text(tmp_path, CASES_EN["label"][0])
    assert [(name, article.source_of(name).source, article.source_of(name).line)
            for name in ("title", "authors", "date")] == [
        ("title", "text", 3), ("authors", "text", 5), ("date", "text", 6)]
    assert "Asia Defense" not in body(article)


def test_fields_no_candidate_fills_are_listed_as_unknown() -> None:
    lines = [Line(i, t) for i, t in enumerate(
        ["Rail Loan Signed", "", LEAD_EN.strip()], start=1)]
    meta = read_metadata(split_blocks(lines))
    assert meta.fields["title"].value == "Rail Loan Signed"
    assert meta.unknown == ("authors", "publication", "date")
    passage = read_metadata(split_blocks(lines), passage=True)
    assert "title" in passage.unknown  # a passage has no top: its short lines are no headline


def test_corpus_json_marks_a_file_name_title_as_unknown(tmp_path: Path) -> None:
    from jvreader.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "017_port-talks.txt").write_text(LEAD_EN, encoding="utf-8")
    (seeds / "018_rail.txt").write_text(CASES_EN["name and date"][0], encoding="utf-8")
    assert main(["build", str(tmp_path), "-q"]) == 0
    corpus = json.loads((tmp_path / "build" / "data" / "corpus.json").read_text("utf-8"))
    by_id = {a["id"]: a for a in corpus["articles"]}
    talks = by_id["017_port-talks"]
    assert (talks["title"], talks["display_title"]) == (None, "Port talks")
    assert talks["provenance"]["title"]["source"] == "filename"
    assert talks["unknown"] == ["title", "authors", "publication", "date"]
    rail = by_id["018_rail"]
    assert rail["title"] == rail["display_title"] == "Port Upgrade Finished Early"
    assert rail["unknown"] == ["publication"]


def test_sidecar_wins_over_every_in_text_guess(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.yaml").write_text("title: Editor Title\nauthors: [Jo Bloggs]\n"
                                  "publication: The Harbour\ndate: 2021-05-01\n", "utf-8")
    article = load_text(tmp_path, CASES_EN["label"][0], name="a")
    assert (article.title, article.authors, article.publication, article.date) == (
        "Editor Title", ("Jo Bloggs",), "The Harbour", "2021-05-01")
    assert {article.source_of(n).source for n in ("title", "authors", "publication", "date")
            } == {"sidecar"}
