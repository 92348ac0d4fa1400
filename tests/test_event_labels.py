"""Labels of automatic events, made by general rules from the label sentence: its actors
(people, organisations, countries), the action, the object the action governs, the place.

Every sentence here is written for the test, in English, Vietnamese and Japanese; labels are
English whatever the language of the sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from jvreader.annotate import annotate, article_basis
from jvreader.annotate.auto_event import _label
from jvreader.annotate.lexicon import lexicon
from jvreader.model import Corpus, CuratedEvents
from test_annotate import article
from test_annotate import corpus_of as corpus_with

GAZETTEER = """entities:
  - {id: laos, name: Laos, kind: place, native: {vi: Lào, ja: ラオス}}
  - {id: thailand, name: Thailand, kind: place, native: {vi: Thái Lan, ja: タイ}}
  - {id: vinh, name: Vinh, kind: place, native: {ja: ヴィン}}
  - {id: border-war, name: Border War, kind: event,
     native: {vi: Chiến tranh biên giới, ja: 国境戦争}}
  - {id: somchai-vong, name: Somchai Vong, kind: person, aliases: [Somchai]}
  - {id: river-office, name: Mekong River Office, kind: organisation}
"""


def corpus_of(tmp_path: Path, texts: dict[str, str]) -> Corpus:
    return corpus_with(tmp_path, texts, GAZETTEER)


def in_its_language(body: str) -> str:
    """An article around ``body``, its headline, date and other lines in its language (a
    Japanese article is read as Japanese, with Japanese dates)."""
    if any("\u3040" <= ch <= "\u30ff" for ch in body):
        return (f"ニュース\n\n2040年1月1日\n\n{body}\n\n天気は穏やかだった。"
                "関係者は主催者に感謝した。昼には茶が出された。\n")
    return article("News", "1 January 2040", body)


def labels(tmp_path: Path, body: str) -> list[str]:
    """The labels of the events one article with ``body`` tells."""
    corpus = corpus_of(tmp_path, {"a.txt": in_its_language(body)})
    return [e.label for e in annotate(corpus, CuratedEvents()).events]


# --- a place is where it happened, never an actor --------------------------------------------

@pytest.mark.parametrize("body", [
    "In March 2032, Laos and Thailand held talks at Vinh on river transport.",
    "Tháng 3/2032, Lào và Thái Lan đã hội đàm tại Vinh về giao thông đường sông.",
    "2032年3月、ラオスとタイはヴィンで会談した。",
])
def test_a_city_is_the_place_of_the_event_not_one_of_its_parties(tmp_path: Path,
                                                                 body: str) -> None:
    assert labels(tmp_path, body) == ["Laos–Thailand talks in Vinh"]


def test_a_country_written_as_a_possessive_of_a_person_is_not_a_party(tmp_path: Path) -> None:
    assert labels(tmp_path, "In June 2032, Laos's Prime Minister Somchai Vong held talks "
                            "with Thailand.") == ["Somchai Vong–Thailand talks"]


# --- the object is the one the action governs, never a context --------------------------------

@pytest.mark.parametrize("body", [
    "After the Border War, Laos resumed its aid to Thailand in 2033.",
    "Sau Chiến tranh biên giới, năm 2033 Lào nối lại viện trợ phát triển chính thức cho Thái Lan.",
    "国境戦争後、2033年にラオスはタイに対する政府開発援助を再開した。",
])
def test_a_period_before_the_action_is_not_its_object(tmp_path: Path, body: str) -> None:
    assert labels(tmp_path, body) == ["Laos resumes official development assistance"]


def test_the_object_after_a_starting_point_is_the_one_governed(tmp_path: Path) -> None:
    assert labels(tmp_path, "In 2034, Laos and Thailand upgraded their ties from a strategic "
                            "partnership to a comprehensive strategic partnership.") == [
        "Laos and Thailand upgrade relations to Comprehensive Strategic Partnership"]


def test_the_recipient_is_the_country_the_act_is_directed_to(tmp_path: Path) -> None:
    assert labels(tmp_path, "In May 2034, Laos handed over two used patrol boats to Thailand "
                            "at Vinh.") == [
        "Laos hands over 2 used patrol vessels to Thailand in Vinh"]
    assert labels(tmp_path / "ja", "2034年5月、ラオスはタイに中古の巡視船2隻を引き渡した。") == [
        "Laos hands over 2 used patrol vessels to Thailand"]


# --- an action without an object says what was done, never a dangling verb --------------------

@pytest.mark.parametrize("body", [
    "In 2035, Laos and Thailand agreed to deepen their ties.",
    "Năm 2035, Lào và Thái Lan đã nhất trí tăng cường quan hệ.",
    "2035年、ラオスとタイは関係強化で合意した。",
])
def test_an_agreement_on_nothing_named_is_an_agreement(tmp_path: Path, body: str) -> None:
    assert labels(tmp_path, body) == ["Laos–Thailand agreement"]


def test_a_directed_act_without_an_object_names_giver_and_recipient(tmp_path: Path) -> None:
    (label,) = labels(tmp_path, "In 2036, Laos provided funding to Thailand for new roads.")
    assert label == "Aid from Laos to Thailand"


def test_no_label_ends_in_a_bare_verb(tmp_path: Path) -> None:
    found = labels(tmp_path, "In 2037, Laos established a new office. In 2038, Thailand "
                             "released its plans. In 2039, Somchai visited.")
    assert found == ["Laos: cooperation launched", "Thailand: document released",
                     "Somchai Vong: visit"]
    # the phrases said instead of a verb are data, one for every action
    assert set(lexicon().action_alone) == set(lexicon().action_labels)


# --- the label sentence is the one told at the event's date ------------------------------------

def test_the_label_is_read_from_the_sentence_at_the_event_date(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Boats", "1 May 2041", "In May 2041, Laos handed over patrol boats "
                         "to Thailand."),
        "b.txt": article("Looking Back", "1 May 2042", "Thailand handed over patrol boats "
                         "to Laos in 2042."),
    })
    names = {e.id: e.name for e in corpus.entities}
    kinds = {e.id: e.kind for e in corpus.entities}
    by_article = {a.id: c for a in corpus.articles
                  for c in article_basis(a, corpus.extraction(a.id), kinds).candidates
                  if c.actions == ("deliver",)}
    members = [by_article["b"], by_article["a"]]
    assert _label(members, "2041-05", "deliver", None, names, kinds) == (
        "Laos hands over patrol vessels to Thailand")
    assert _label(members, "2042", "deliver", None, names, kinds) == (
        "Thailand hands over patrol vessels to Laos")


@pytest.mark.parametrize("body", [
    "In May 2037, the memorandum was formally signed at Vinh.",
    "Bản ghi nhớ đã được ký kết tại Vinh vào tháng 5/2037.",
])
def test_an_act_told_in_the_passive_has_its_object_as_subject(tmp_path: Path,
                                                              body: str) -> None:
    assert labels(tmp_path, body) == ["Memorandum of understanding signed in Vinh"]


def test_the_one_who_visits_is_a_person_before_the_organisation_they_represent(
        tmp_path: Path) -> None:
    assert labels(tmp_path, "In July 2038, a visit to Vinh by Somchai Vong of the Mekong "
                            "River Office took place.") == ["Somchai Vong visits Vinh"]
