"""Dates in Vietnamese and Japanese, weekdays in the three languages, "N years ago", and
whole articles read with the rules of their language. Every text here is written for the
test."""

import pytest

from jvreader.extract import extract_article
from jvreader.extract.dates import find_date_expressions, find_dates, speaks_of_now
from jvreader.extract.entities import parse_gazetteer
from jvreader.extract.sentences import split_sentences
from jvreader.model import Article, Paragraph, pack_text

NO_ENTITIES = parse_gazetteer("entities: []\n")


def values(text: str, anchor: str | None, language: str) -> list[tuple[str, str]]:
    return [(d.text, d.value) for d in find_dates(text, anchor, language=language)]


def article(language: str, *paragraphs: str, date: str | None = None) -> Article:
    return Article(
        id="a1", source_file="seeds/a1.txt", title="T", dek=None, authors=(), publication=None,
        date=date, date_basis="stated" if date else None, url=None, series=None, issue=None,
        dateline=None, language=language,
        paragraphs=tuple(Paragraph(f"p{i + 1}", "body", text, i + 1)
                         for i, text in enumerate(paragraphs)),
        footnotes=(), removed=(), provenance=(), packed_original=pack_text(""),
    )


# ------------------------------------------------------------------ Vietnamese

@pytest.mark.parametrize(("text", "expected"), [
    ("Hiệp định được ký ngày 7 tháng 3 năm 2019 tại Huế.",
     [("ngày 7 tháng 3 năm 2019", "2019-03-07")]),
    ("Đoàn đến Huế ngày 7 tháng 3.", [("ngày 7 tháng 3", "2022-03-07")]),
    ("Sáng 9-4, hai bên hội đàm.", [("9-4", "2022-04-09")]),
    ("Lễ ký diễn ra tối 21/6 tại Hà Nội.", [("21/6", "2022-06-21")]),
    ("Văn bản ký hôm 30-12-2018.", [("30-12-2018", "2018-12-30")]),
    ("Nhà máy khởi công tháng 8/2017.", [("tháng 8/2017", "2017-08")]),
    ("Tàu ở lại cảng từ ngày 4 - 9/5/2021.",
     [("từ ngày 4 - 9/5/2021", "2021-05-04/2021-05-09")]),
    ("Từ năm 2016 đến năm 2018, hai nước trao đổi đoàn.",
     [("Từ năm 2016 đến năm 2018", "2016/2018")]),
    ("Dự án bắt đầu cách đây 3 năm.", [("cách đây 3 năm", "2019")]),
    ("Sáng nay (5/10), hai bên hội đàm.", [("5/10", "2022-10-05")]),
])
def test_vietnamese_dates_read_day_first_and_take_the_article_year(text, expected):
    assert values(text, "2022-10-05", "vi") == expected


def test_vietnamese_scores_and_ordinals_are_not_dates():
    assert values("Đội nhà thắng 3-1, lần thứ hai trong mùa, tỷ lệ 1/4 (1/4 số trận).",
                  "2022-10-05", "vi") == []


@pytest.mark.parametrize(("text", "expected"), [
    # article dated Wednesday 2020-10-21
    ("Hôm thứ Hai, bộ trưởng đến Tokyo.", [("thứ Hai", "2020-10-19")]),
    ("Bộ trưởng sẽ trở về vào thứ Sáu.", [("thứ Sáu", "2020-10-23")]),
    ("Cuộc họp diễn ra vào Chủ nhật.", [("Chủ nhật", "2020-10-18")]),
    ("Chiều thứ 3, đoàn rời Hà Nội.", [("thứ 3", "2020-10-20")]),
])
def test_vietnamese_weekdays_resolve_in_the_sense_of_the_tense(text, expected):
    assert values(text, "2020-10-21", "vi") == expected


def test_a_vietnamese_weekday_beside_a_day_and_month_picks_the_year():
    # 2021-01-15 was a Friday (thứ Sáu), 2022-01-15 a Saturday (thứ Bảy)
    assert values("Vào thứ Sáu (15/1), hai bên ký kết.", "2022", "vi") == [
        ("thứ Sáu (15/1)", "2021-01-15")]
    assert values("Vào thứ Bảy (15/1), hai bên ký kết.", "2022", "vi") == [
        ("thứ Bảy (15/1)", "2022-01-15")]


def test_a_weekday_heading_a_date_is_not_resolved_on_its_own():
    assert values("Thứ Ba, 20/10/2020, 08:15", "2020-10-21", "vi") == [
        ("20/10/2020", "2020-10-20")]


# ------------------------------------------------------------------ Japanese

@pytest.mark.parametrize(("text", "expected"), [
    ("両国は2018年3月9日に協定を結んだ。", [("2018年3月9日", "2018-03-09")]),
    ("２０１８年１１月に会談した。", [("２０１８年１１月", "2018-11")]),
    ("同社は2013年に設立された。", [("2013年", "2013")]),
    ("平成30年4月1日に施行された。", [("平成30年4月1日", "2018-04-01")]),
    ("令和元年に始まった。", [("令和元年", "2019")]),
    ("昭和48年に国交を結んだ。", [("昭和48年", "1973")]),
    ("大臣は5月12日に来日した。", [("5月12日", "2022-05-12")]),
    ("首相は3日、声明を出した。", [("3日", "2022-10-03")]),
    ("首相は28日、声明を出した。", [("28日", "2022-09-28")]),
    ("会議は9月27日から29日まで開かれた。", [("9月27日から29日", "2022-09-27/2022-09-29")]),
    ("両国は2019年から2021年にかけて協議した。", [("2019年から2021年", "2019/2021")]),
    ("先月、貿易額が増えた。", [("先月", "2022-09")]),
    ("昨年、工場が完成した。", [("昨年", "2021")]),
    ("橋は5年前に完成した。", [("5年前", "2017")]),
])
def test_japanese_dates_with_era_years_and_full_width_digits(text, expected):
    assert values(text, "2022-10-05", "ja") == expected


def test_a_japanese_weekday_beside_a_date_picks_its_year():
    # 2021-01-15 was a Friday, 2022-01-15 a Saturday: "(金)" says which one is meant.
    assert values("式典は1月15日(金)に行われた。", "2022", "ja") == [
        ("1月15日(金)", "2021-01-15")]
    assert values("式典は1月15日(土)に行われた。", "2022", "ja") == [
        ("1月15日(土)", "2022-01-15")]


def test_durations_and_fiscal_years_are_not_points_in_time():
    assert values("30日間の訓練と2019年度予算、平成31年度計画、1日当たり3便。", "2022-10-05",
                  "ja") == []
    # a fiscal year starts in April: in January 2022 "今年度" is the fiscal year 2021
    assert values("今年度の予算が増えた。", "2022-01-20", "ja") == [("今年度", "2021")]


@pytest.mark.parametrize(("text", "expected"), [
    # article dated Wednesday 2020-10-21
    ("月曜日に首脳が会談した。", [("月曜日", "2020-10-19")]),
    ("金曜日に署名する予定だ。", [("金曜日", "2020-10-23")]),
    ("先週金曜日に発表した。", [("先週金曜日", "2020-10-16")]),
])
def test_japanese_weekdays_read_the_tense_from_the_end_of_the_sentence(text, expected):
    assert values(text, "2020-10-21", "ja") == expected


def test_after_this_year_a_japanese_bare_month_is_not_dated_with_an_earlier_year():
    ex = extract_article(article("ja", "両国は2014年に合意した。工場は今年完成し、5月に稼働した。"),
                         NO_ENTITIES)
    assert [(c.dates, c.unresolved) for c in ex.claims[1:]] == [((), ("今年", "5月"))]
    assert speaks_of_now("今年3月に完成した。") and not speaks_of_now("2014年に完成した。")


def test_japanese_rules_do_not_apply_to_other_languages():
    assert values("Code 5月12日 on a label.", "2022-10-05", "en") == []


def test_japanese_full_stops_end_sentences_without_spaces():
    text = "両国は合意した。首相は「本当か？」と尋ねた！次の会合は来年だ。"
    assert [s.text for s in split_sentences(Paragraph("p1", "body", text, 1))] == [
        "両国は合意した。", "首相は「本当か？」と尋ねた！", "次の会合は来年だ。"]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("The deal was signed in December last year.", "en", [("December last year", "2021-12")]),
    ("It takes effect in March next year.", "en", [("March next year", "2023-03")]),
    ("Hiệp định ký tháng 12 năm ngoái.", "vi", [("tháng 12 năm ngoái", "2021-12")]),
    ("Luật có hiệu lực ngày 5 tháng 3 năm nay.", "vi",
     [("ngày 5 tháng 3 năm nay", "2022-03-05")]),
    ("昨年12月に署名した。", "ja", [("昨年12月", "2021-12")]),
    ("来年1月20日に発効する。", "ja", [("来年1月20日", "2023-01-20")]),
    ("先月28日に署名した。", "ja", [("先月28日", "2022-09-28")]),
])
def test_a_month_of_a_year_told_relative_to_the_article(text, language, expected):
    assert values(text, "2022-10-05", language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("同年8月に署名した。", "ja", [("同年", "2014"), ("8月", "2014-08")]),
    ("Tháng 8 cùng năm, hai bên ký.", "vi", [("Tháng 8", "2014-08"), ("cùng năm", "2014")]),
])
def test_the_same_year_takes_the_year_stated_before_in_every_language(text, language,
                                                                      expected):
    got = [(d.text, d.value) for d in find_dates(text, "2016-06-04", context_year="2014",
                                                   language=language)]
    assert got == expected


# ------------------------------------------------------------------ English

@pytest.mark.parametrize(("text", "expected"), [
    # article dated Wednesday 2020-10-21
    ("The minister arrived in Osaka Monday for talks.", [("Monday", "2020-10-19")]),
    ("The envoy will return to Hanoi Friday.", [("Friday", "2020-10-23")]),
    ("Markets closed early on Good Friday.", []),
    ("He writes for the Sunday Times.", []),
    ("Talks were held Monday, October 19, 2020.", [("October 19, 2020", "2020-10-19")]),
    ("The ship first called there two years ago.", [("two years ago", "2018")]),
    ("Exports rose 6 months ago.", [("6 months ago", "2020-04")]),
    ("Drills with Australia took place earlier in the week.",
     [("earlier in the week", "2020-10")]),
    ("The summit is set for November 6-7, 2021.",
     [("November 6-7, 2021", "2021-11-06/2021-11-07")]),
])
def test_english_weekdays_and_counted_spans_back(text, expected):
    assert values(text, "2020-10-21", "en") == expected


def test_several_years_ago_is_left_undated():
    assert values("The plant opened several years ago.", "2020-10-21", "en") == []


def test_days_ago_needs_an_article_dated_to_the_day():
    resolved, unresolved = find_date_expressions("They met three days ago.", "2020-10",
                                                 language="en")
    assert resolved == () and [u.text for u in unresolved] == ["three days ago"]


@pytest.mark.parametrize(("text", "language", "expected"), [
    # article dated 10 January 2016: a past late-December day is the December before
    ("On December 28, the two sides signed the deal.", "en", "2015-12-28"),
    ("大臣は12月28日に来日した。", "ja", "2015-12-28"),
    ("Sáng 28/12, hai bên ký thỏa thuận.", "vi", "2015-12-28"),
    ("The new line opened in March.", "en", "2016-03"),  # under half a year on: as written
])
def test_a_year_less_date_is_put_in_the_year_nearest_the_article(text, language, expected):
    assert [v for _, v in values(text, "2016-01-10", language)] == [expected]


def test_a_year_less_date_told_in_the_future_is_put_after_the_article():
    # article dated 10 November 2016
    assert values("The envoy will visit in February.", "2016-11-10", "en") == [
        ("February", "2017-02")]
    assert values("Ông sẽ sang thăm vào tháng 2.", "2016-11-10", "vi") == [
        ("tháng 2", "2017-02")]
    assert values("The talks in February went well.", "2016-11-10", "en") == [
        ("February", "2016-02")]


# ------------------------------------------------------------------ whole articles

def test_an_article_is_read_with_the_rules_of_its_language():
    ex = extract_article(article(
        "ja", "両国は2014年8月に覚書に署名した。外務省は28日、合意を発表した。",
        date="2016-06-04"), NO_ENTITIES)
    assert [(c.text, c.date) for c in ex.claims] == [
        ("両国は2014年8月に覚書に署名した。", "2014-08"),
        ("外務省は28日、合意を発表した。", "2016-05-28")]
    english = extract_article(article("en", "Code 2014年8月 on a crate."), NO_ENTITIES)
    assert english.claims == ()  # the Japanese forms are read in Japanese articles only


def test_a_language_tag_with_a_region_reads_as_its_language():
    ex = extract_article(article("vi-VN", "Chiều 9-4, hai bên hội đàm.", date="2022-10-05"),
                         NO_ENTITIES)
    assert [c.date for c in ex.claims] == ["2022-04-09"]


def test_an_undated_sentence_takes_the_one_year_it_states():
    ex = extract_article(article(
        "en", "Aid doubled between 2010 and 2012.",
        "The 2024 defense report, released on July 12, names Vietnam."), NO_ENTITIES)
    assert sorted(d.value for d in ex.claims[1].dates) == ["2024", "2024-07-12"]


def test_a_year_stated_two_paragraphs_back_does_not_date_a_bare_month():
    ex = extract_article(article(
        "en", "Trade grew in 2010.", "Experts expect more.", "A loan was signed in late May.",
        "Officials met in 2012.", "A second loan followed in June."), NO_ENTITIES)
    dated = {c.text[:14]: ([d.value for d in c.dates], c.unresolved) for c in ex.claims}
    assert dated == {"Trade grew in ": (["2010"], ()),
                     "A loan was sig": ([], ("late May",)),
                     "Officials met ": (["2012"], ()),
                     "A second loan ": (["2012-06"], ())}


def test_a_page_time_stamp_does_not_date_the_article_s_year_less_dates():
    ex = extract_article(article(
        "vi", "Thứ Ba, 20/10/2030, 08:15 (GMT+7)", "Chiều 9-4, hai bên hội đàm."),
        NO_ENTITIES)
    assert [(c.date, c.unresolved) for c in ex.claims] == [("2030-10-20", ()),
                                                          (None, ("9-4",))]


def test_the_sidecar_s_language_wins_over_the_letters_and_chooses_the_rules(tmp_path):
    from jvreader.load.article import build_article
    from jvreader.load.sources import read_source

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = "Harbour notes\n\nThe survey ships reached the northern port 2014年8月 after repairs.\n"
    (seeds / "a.txt").write_text(body, encoding="utf-8")
    detected = build_article(read_source(seeds / "a.txt", tmp_path))[0]
    (seeds / "a.yaml").write_text("title: Harbour notes\nlanguage: ja\n", encoding="utf-8")
    told = build_article(read_source(seeds / "a.txt", tmp_path))[0]
    assert (detected.language, told.language) == ("en", "ja")
    assert [c.date for c in extract_article(detected, NO_ENTITIES).claims] == []
    assert [c.date for c in extract_article(told, NO_ENTITIES).claims] == ["2014-08"]


def test_a_date_closing_a_listing_line_dates_no_claim():
    ex = extract_article(article(
        "en", "Port upgrade plan unveiled (3rd May 2011)",
        "Harbour officials in Da Nang, June 4, 2012",
        "Ferry link opened (the route was approved in 2010) to islanders' relief."),
        NO_ENTITIES)
    # a related-story link goes; a caption's date and a date inside a sentence stay
    assert [(c.paragraph, c.date) for c in ex.claims] == [("p2", "2012-06-04"),
                                                          ("p3", "2010")]
    credit = extract_article(article("ja", "両国は2014年8月に署名した。",
                                     "「週刊港湾ニュース」2016年6月4日"), NO_ENTITIES)
    assert [(c.paragraph, c.date) for c in credit.claims] == [("p1", "2014-08")]
