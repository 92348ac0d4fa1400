"""Automatic events: found by general signals, named or hidden by events.yml, never typed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from jvreader.annotate import annotate, parse_curated
from jvreader.annotate.signals import event_words
from jvreader.extract import extract_corpus
from jvreader.extract.entities import load_gazetteer
from jvreader.load import load_corpus
from jvreader.model import Annotated, Corpus, CuratedEvents
from test_annotate import article
from test_annotate import corpus_of as corpus_with

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GAZETTEER = """entities:
  - {id: vietnam, name: Vietnam, kind: place, aliases: [Viet Nam], native: {vi: Việt Nam}}
  - {id: laos, name: Laos, kind: place, aliases: [Laotian], native: {ja: ラオス}}
  - {id: hoi-an, name: Hoi An, kind: place}
  - {id: rudolf, name: Rudolf Rassendyll, kind: person, aliases: [Rassendyll]}
"""


def corpus_of(tmp_path: Path, texts: dict[str, str]) -> Corpus:
    return corpus_with(tmp_path, texts, GAZETTEER)


def told_by(event) -> list[str]:
    return sorted({m.article for m in event.mentions})


def event_of(events, article_id: str, date: str | None = "any"):
    return next(e for e in events if article_id in told_by(e) and date in ("any", e.date))


# --- the seeds without events.yml -----------------------------------------------------------

@pytest.fixture(scope="module")
def found() -> Annotated:
    """The seeds annotated with no events.yml at all: every event is found."""
    articles, _ = load_corpus(SEEDS, REPO)
    corpus = extract_corpus(articles, load_gazetteer(SEEDS / "gazetteer.yml"))
    return annotate(corpus, CuratedEvents())


def prefix(value: int | str) -> str:
    return f"{value:03d}" if isinstance(value, int) else str(value)


def test_without_events_yml_the_gold_cross_article_events_are_found(found: Annotated,
                                                                      gold) -> None:
    assert not any(e.curated for e in found.events)
    hits = [g["id"] for g in gold["events"]
            if any(e.date == g["date"] and all(any(m.article.startswith(prefix(a))
                                                   for m in e.mentions) for a in g["articles"])
                   for e in found.events)]
    assert len(hits) >= 8, f"found only {hits}"


def test_without_events_yml_the_patrol_vessel_steps_are_events_in_date_order(
        found: Annotated, gold) -> None:
    (thread,) = gold["threads"]
    steps = [s for s in thread["events_in_order"] if s["date"]]
    ids = []
    for step in steps:
        event = next(e for e in found.events if e.date == step["date"] for m in e.mentions
                     if m.article.startswith(prefix(step["article"])) and step["text"] in
                     next(s.text for s in found.corpus.extraction(m.article).sentences
                          if s.id == m.sentence))
        ids.append(event.id)
    assert len(set(ids)) == len(ids)  # each step its own event
    order = [e.id for e in found.events]
    assert sorted(ids, key=order.index) == ids
    # the later newly built vessels are not the 2014 used ones
    used = next(e for e in found.events if e.id == ids[1])
    assert all(not m.article.startswith("000") for m in used.mentions)


def test_undated_statements_are_never_dated_by_their_article(found: Annotated) -> None:
    for e in found.events:
        assert e.placed_by is None
        assert (e.date is None) == (e.sort_date is None)
        # every dated event's date is one some mention gives
        assert e.date is None or e.date in {m.date for m in e.mentions}


# --- linking in English, Vietnamese and Japanese ----------------------------------------------

def test_a_vietnamese_article_links_to_the_event_an_english_one_tells(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "en.txt": article("Defence Pact", "20 October 2031", "In October 2031, Laos and "
                          "Vietnam signed a memorandum of understanding on defence cooperation."),
        "vi.txt": article("Bản ghi nhớ", "21 tháng 10 năm 2031", "Tháng 10/2031, Laos "
                          "và Việt Nam đã ký bản ghi nhớ về hợp tác quốc phòng."),
    })
    events = annotate(corpus, CuratedEvents()).events
    pact = event_of(events, "en")
    assert told_by(pact) == ["en", "vi"] and pact.date == "2031-10"
    assert pact.label == ("Laos and Vietnam sign defence cooperation memorandum of "
                          "understanding")


def test_japanese_and_vietnamese_words_are_actions_and_objects() -> None:
    def said(text: str) -> set[tuple[str, str]]:
        return {pair for _, _, pairs in event_words(text) for pair in pairs}

    assert {("action", "sign"), ("object", "memorandum")} <= said(
        "ラオスとベトナムは防衛協力に関する覚書に署名した。")
    assert {("action", "deliver"), ("object", "patrol_vessels")} <= said(
        "ラオスはベトナムに巡視船2隻を引き渡した。")
    assert {("action", "port_call")} <= said("ラオスの護衛艦がダナンに寄港した。")
    assert {("action", "deliver"), ("object", "patrol_vessels")} <= said(
        "Laos đã bàn giao 2 tàu tuần tra cho Việt Nam.")
    assert {("action", "visit")} <= said("Thủ tướng Laos sang thăm Việt Nam.")
    # "ngoại giao" (diplomacy) holds "giao" but is not a handover
    assert ("action", "deliver") not in said("Quan hệ ngoại giao giữa hai nước rất tốt.")


# --- precision before recall -----------------------------------------------------------------

def test_a_sentence_referring_back_links_to_the_earlier_event_without_merging(
        tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Defence Pact", "20 October 2031", "In October 2031, Laos and "
                         "Vietnam signed a memorandum of understanding on defence cooperation."),
        "b.txt": article("Vessels", "3 May 2032", "The handover of two patrol vessels to "
                         "Vietnam in May 2032 follows the defence cooperation memorandum that "
                         "Laos signed in 2031."),
    })
    events = annotate(corpus, CuratedEvents()).events
    pact, handover = event_of(events, "a"), event_of(events, "b", "2032-05")
    assert pact.id != handover.id
    assert told_by(pact) == ["a", "b"] and pact.date == "2031-10"
    assert told_by(handover) == ["b"] and "sources:1" in handover.evidence
    assert handover.label == "Laos hands over 2 patrol vessels to Vietnam"


def test_new_vessels_of_a_later_year_never_join_the_earlier_used_ones(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Used Boats", "9 August 2031", "In August 2031, Laos provided "
                         "six used patrol vessels to Vietnam."),
        "b.txt": article("Boats Again", "1 March 2032", "In 2031, Laos gave Vietnam six "
                         "patrol boats."),
        "c.txt": article("Loan", "1 September 2035", "In August 2035, Laos agreed to "
                         "lend Vietnam money for six new coast guard patrol vessels."),
        "d.txt": article("Plans", "1 September 2036", "Laos and Vietnam signed a deal "
                         "for six new coast guard vessels to be delivered to Vietnam."),
    })
    events = annotate(corpus, CuratedEvents()).events
    used = event_of(events, "a")
    assert told_by(used) == ["a", "b"] and used.date == "2031-08"
    assert "used" in used.label and "patrol vessels" in used.label
    loan = event_of(events, "c")
    assert used.id != loan.id and loan.date == "2035-08"
    # an undated claim joins only on strong evidence and is never given its article's date
    assert all("d" not in told_by(e) for e in (used,))
    assert all(e.date != "2036-09" and e.date != "2036" for e in events)


def test_a_bare_year_claim_that_fits_two_events_equally_joins_neither(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Visit One", "9 March 2031", "In March 2031, Rassendyll visited "
                         "Vietnam."),
        "b.txt": article("Visit Two", "9 May 2031", "In May 2031, Rassendyll visited Vietnam."),
        "c.txt": article("Review", "1 January 2032", "In 2031, Rassendyll visited Vietnam."),
    })
    events = annotate(corpus, CuratedEvents()).events
    assert sorted(told_by(e) for e in events) == [["a"], ["b"], ["c"]]


# --- events.yml edits the automatic events ----------------------------------------------------

EDITS = """
events:
  - id: rv-pact-2031
    label: Laos–Vietnam defence pact
    date: "2031-10"
    match: {signals: [object:memorandum]}
  - id: drills-2031
    label: hidden drills
    date: "2031"
    hide: true
    match: {signals: [action:exercise]}
"""


def test_events_yml_names_merges_and_hides_automatic_events(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Pact", "20 October 2031", "In October 2031, Laos and Vietnam "
                         "signed a memorandum of understanding on defence cooperation."),
        # the same event in other words, with no phrase listed for it anywhere
        "b.txt": article("Looking Back", "2 February 2033", "The defence cooperation MOU that "
                         "Laos and Vietnam signed in 2031 still guides their navies."),
        "c.txt": article("Drill", "5 June 2031", "In June 2031, the Laotian navy held a "
                         "salvage drill with Vietnam at Hoi An."),
    })
    curated, warnings = parse_curated(__import__("yaml").safe_load(EDITS))
    assert warnings == ()
    events = annotate(corpus, curated).events
    pact = next(e for e in events if e.id == "rv-pact-2031")
    assert pact.curated and pact.label == "Laos–Vietnam defence pact"
    assert told_by(pact) == ["a", "b"] and pact.date == "2031-10"
    assert not any("c" in told_by(e) for e in events)  # hidden
    assert [e.id for e in events if e.curated] == ["rv-pact-2031"]
    # without events.yml, the same two sentences are one automatic event
    plain = annotate(corpus, CuratedEvents()).events
    assert told_by(event_of(plain, "a")) == ["a", "b"]


def test_a_signal_of_no_known_kind_is_an_error_naming_the_file(tmp_path: Path) -> None:
    from jvreader.annotate import load_curated
    from jvreader.errors import SourceError

    path = tmp_path / "events.yml"
    path.write_text("events:\n  - id: pact\n    date: '2031'\n"
                    "    match: {signals: [memorandum]}\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_curated(path)
    assert "events.yml" in str(caught.value) and "'memorandum' is not a signal" in str(
        caught.value)
