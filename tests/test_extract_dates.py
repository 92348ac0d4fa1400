"""Date expressions: precision, intervals, qualifiers, relative dates, Vietnamese forms."""

import pytest

from jvreader.extract.dates import find_dates, speaks_of_now


def values(text: str, anchor: str | None = "2015-09-20", context: str | None = None):
    return [(d.text, d.value, d.basis, d.qualifier)
            for d in find_dates(text, anchor, context_year=context)]


@pytest.mark.parametrize(("text", "expected"), [
    ("In October 2011, they met.", ("October 2011", "2011-10", "stated", None)),
    ("They met on April 12, 2016.", ("April 12, 2016", "2016-04-12", "stated", None)),
    ("They met on 12 April 2016.", ("12 April 2016", "2016-04-12", "stated", None)),
    ("It grew in 2015.", ("2015", "2015", "stated", None)),
    ("A port call in early 2016.", ("early 2016", "2016", "stated", "early")),
    ("A seminar at the end of 2019.", ("end of 2019", "2019-12", "stated", "end")),
    ("Aid from 1992 to 2011 grew.", ("from 1992 to 2011", "1992/2011", "stated", None)),
    ("Talks between 2012 and 2015 went on.", ("between 2012 and 2015", "2012/2015", "stated",
                                               None)),
    ("Growth of 7 percent from 1991-2015.", ("from 1991-2015", "1991/2015", "stated", None)),
    ("Since 1992, aid grew.", ("Since 1992", "1992/2015-09-20", "stated", None)),
    ("A speech on 18/2/2013.", ("18/2/2013", "2013-02-18", "stated", None)),
    ("Hanoi in the 2020s.", ("2020s", "2020/2029", "stated", None)),
])
def test_stated_dates_are_normalised_at_their_precision(text, expected):
    assert values(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("He visited Japan last week.", ("last week", "2015-09", "relative", None)),
    ("It will hit $30 billion this year.", ("this year", "2015", "relative", None)),
    ("Trade fell last year.", ("last year", "2014", "relative", None)),
    ("It opened earlier this month.", ("earlier this month", "2015-09", "relative", None)),
    ("They arrived yesterday.", ("yesterday", "2015-09-19", "relative", None)),
    ("Done by the end of this year.", ("end of this year", "2015-12", "relative", "end")),
    ("As of April, Japan led.", ("April", "2015-04", "relative", None)),
])
def test_relative_expressions_resolve_against_the_article_date(text, expected):
    assert values(text) == [expected]


def test_last_week_crosses_into_the_previous_month():
    assert values("They met last week.", "2019-03-02")[0][1] == "2019-02"


def test_relative_expression_without_article_date_is_left_out():
    assert values("They met last week.", None) == []
    assert values("Since 2010, it grew.", None)[0][1] == "2010/"


def test_numbers_that_are_not_years_are_not_dates():
    text = "95% of imports, 1,000 km, 2,661 projects, 6.5 percent, COVID-19, $2015 and G7."
    assert values(text) == []


def test_a_month_word_needs_a_date_context():
    assert values("It may exert influence; June Smith spoke.") == []


def test_the_same_year_takes_the_year_stated_before():
    assert [v[1] for v in values("They met in July the same year.", "2017", "2016")] == [
        "2016-07", "2016"]


@pytest.mark.parametrize(("text", "value"), [
    ("Năm 2014, Nhật Bản đồng ý.", "2014"),
    ("Vào tháng 2.2015, tàu đến.", "2015-02"),
    ("Tàu đến ngày 5.2.2015.", "2015-02-05"),
    ("Tàu đến ngày 3.11, theo Jiji.", "2015-11-03"),
    ("Giao vào cuối năm 2015.", "2015-12"),
])
def test_vietnamese_dates_are_day_first(text, value):
    assert [v[1] for v in values(text, "2015-11")] == [value]


def test_offsets_are_shifted_into_the_paragraph():
    [d] = find_dates("In 2014, x.", None, offset=100)
    assert (d.start, d.end) == (103, 107)


@pytest.mark.parametrize(("text", "expected"), [
    # article dated Wednesday 2020-10-21
    ("The mayor arrived on Monday.", [("Monday", "2020-10-19")]),
    ("The mayor arrived on Wednesday.", [("Wednesday", "2020-10-21")]),
    ("She left last Wednesday.", [("Wednesday", "2020-10-14")]),
    ("She returns next Wednesday.", [("Wednesday", "2020-10-28")]),
    ("He landed on Monday and will meet the council on Friday.",
     [("Monday", "2020-10-19"), ("Friday", "2020-10-23")]),
])
def test_weekdays_resolve_against_an_article_dated_to_the_day(text, expected):
    assert [(d.text, d.value) for d in find_dates(text, "2020-10-21")] == expected
    assert all(d.basis == "relative" for d in find_dates(text, "2020-10-21"))


def test_weekdays_need_an_article_date_with_a_day():
    assert find_dates("The mayor arrived on Monday.", "2020-10") == ()


def test_a_month_cut_off_at_the_end_of_a_truncated_text_is_not_dated():
    assert values("The charter was signed on March 3, 2001, and the plan issued on "
                  "November", context="2001") == [("March 3, 2001", "2001-03-03", "stated",
                                                   None)]
    assert values("The plan was issued in November.", anchor=None, context="2001") == [
        ("November", "2001-11", "relative", None)]


def test_speaks_of_now_spots_expressions_tied_to_the_time_of_writing():
    assert speaks_of_now("The plant opened in May this year.")
    assert speaks_of_now("Exports fell last month.")
    assert not speaks_of_now("Exports fell that year.")
