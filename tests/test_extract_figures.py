"""Figures: money, percentages, counts, distances; and what is never a figure."""

import pytest

from jvreader.extract.dates import find_dates
from jvreader.extract.figures import find_figures
from jvreader.model import Sentence


def figures(text: str, anchor: str | None = "2015-09-20"):
    sentence = Sentence("p1s1", "p1", 0, len(text), text)
    return find_figures(sentence, find_dates(text, anchor), anchor)


def summary(text: str):
    return [(f.text, f.value, f.unit, f.currency) for f in figures(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("It spent $4 million.", ("$4 million", 4e6, "USD", "USD")),
    ("Aid reached US$38.9 billion.", ("US$38.9 billion", 38.9e9, "USD", "USD")),
    ("A loan of ¥10 billion.", ("¥10 billion", 10e9, "JPY", "JPY")),
    ("A loan of 300 million yen.", ("300 million yen", 300e6, "JPY", "JPY")),
    ("It took 30% of aid.", ("30%", 30.0, "percent", None)),
    ("Growth of 6.5 percent.", ("6.5 percent", 6.5, "percent", None)),
    ("Costs are half that of China.", ("half", 50.0, "percent", None)),
    ("It built 2,661 investment projects.", ("2,661 investment projects", 2661.0, "projects",
                                              None)),
    ("It gave six second-hand maritime patrol ships.",
     ("six second-hand maritime patrol ships", 6.0, "vessels", None)),
    ("Two P-3C patrol aircraft came.", ("Two P-3C patrol aircraft", 2.0, "aircraft", None)),
    ("It lies 1,000 kilometers away.", ("1,000 kilometers", 1000.0, "km", None)),
    ("The 92 million-strong country.", ("92 million", 92e6, "people", None)),
    ("Nhật Bản viện trợ 6 tàu tuần tra loại 600 tấn.",
     ("6 tàu tuần tra", 6.0, "vessels", None)),
])
def test_figure_is_normalised(text, expected):
    assert expected in summary(text)


def test_classifier_counts_what_the_count_before_it_counted():
    assert ("2 chiếc", 2.0, "vessels", None) in summary("Giao 2 tàu tuần tra, và 2 chiếc còn lại.")


@pytest.mark.parametrize("text", [
    "In 2015 and on April 12, 2016, it met.",
    "See note [12] and No.3, p.277, pp.1-2.",
    "The second largest investor at the 12th Congress, the first time.",
    "The G7 summit, P-3C aircraft, COVID-19, World War 2 and Marine Geology 8.",
    "See http://example.org/2014/10/page-15.html now.",
    "The two countries agreed on three pillars.",
])
def test_years_dates_ordinals_names_and_references_are_not_figures(text):
    assert summary(text) == []


@pytest.mark.parametrize(("text", "figure", "measure"), [
    ("In 2014, bilateral trade volume reached $28 billion.", "$28 billion",
     "bilateral trade volume"),
    ("Japan pledged $1.7 billion of maritime security aid to Vietnam.", "$1.7 billion",
     "maritime security aid"),
    ("For Japan, 95% of its energy imports pass through it.", "95%", "energy imports"),
    ("Japan provided a cumulative official aid of US$20 billion.", "US$20 billion",
     "cumulative official aid"),
    ("It is expected to hit $30 billion.", "$30 billion", None),
])
def test_measure_is_the_phrase_beside_the_figure(text, figure, measure):
    [f] = [f for f in figures(text) if f.text == figure]
    assert f.measure == measure


def test_period_prefers_a_date_right_after_the_figure_then_the_leading_date():
    found = {f.text: f.period for f in figures(
        "In 2014, trade reached $28 billion and is expected to hit $30 billion this year.")}
    assert found == {"$28 billion": "2014", "$30 billion": "2015"}
    assert figures("From 1992 to 2011, Japan gave US$20 billion.")[0].period == "1992/2011"


def test_no_period_unless_the_text_states_one():
    # The article's date is no period: "86 companies" says nothing of when.
    assert figures("It has 86 companies.", "2021")[0].period is None
    assert figures("Trade hit 95% of capacity.", "2017")[0].period is None


def test_figure_offsets_index_the_paragraph():
    text = "Spent $4 million."
    sentence = Sentence("p2s3", "p2", 40, 40 + len(text), text)
    [f] = find_figures(sentence, (), None, first_id=7)
    assert (f.id, f.start, f.end, f.sentence) == ("f7", 46, 56, "p2s3")


@pytest.mark.parametrize(("text", "expected"), [
    ("The minister began a four-day visit to the port.", ("four-day visit", 4.0, "days")),
    ("They signed a 40-year loan for the bridge.", ("40-year loan", 40.0, "years")),
    ("A three-week naval exercise began.", ("three-week naval exercise", 3.0, "weeks")),
])
def test_durations_that_describe_a_thing_are_figures(text, expected):
    assert [(f.text, f.value, f.unit) for f in figures(text)] == [expected]


def test_durations_that_are_not_properties_are_not_figures():
    assert figures("The 10-year target was missed and the 30-year-old mayor resigned.") == ()


def test_a_running_total_takes_the_unit_of_the_noun_before_it():
    found = figures("The chain opened a new store in Hue to bring its total to nine.")
    assert [(f.text, f.value, f.unit) for f in found] == [("total to nine", 9.0, "stores")]
    assert figures("Of those, 5 firms moved out of a total of 30 that left.")[0].text == "5 firms"
    assert len(figures("Of those, 5 firms moved out of a total of 30 that left.")) == 1


def test_a_classifier_counts_things_never_a_measure_before_it():
    found = summary("Ba tàu hàng và 300 tấn gạo đã tới, 4 chiếc khác sẽ đến sau.")
    assert [(t, v, u) for t, v, u, _ in found] == [("Ba tàu", 3.0, "vessels"),
                                                  ("300 tấn", 300.0, "tons"),
                                                  ("4 chiếc", 4.0, "vessels")]


def test_converted_currency_pairs_are_two_figures():
    found = summary("The line costs 1.2 trillion dong (US$52 million).")
    assert [(t, u) for t, _, u, _ in found] == [("1.2 trillion dong", "VND"),
                                               ("US$52 million", "USD")]


def test_ordinals_names_and_dialogue_formats_are_not_figures():
    assert figures("Its 12th partner joined the two plus two talks on Metro Line 3 "
                   "after COVID-19.") == ()
