"""Storylines and figure comparisons found without the editor: by an object events share,
and by the measure, unit and time of figures (``data/storylines.yml``, ``data/measures.yml``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jvreader.annotate import annotate
from jvreader.annotate.compare import _Placed
from jvreader.annotate.compare_auto import figure_measure, measure_rules
from jvreader.annotate.threads import build_threads, event_objects, objects_named
from jvreader.extract import extract_corpus
from jvreader.extract.entities import load_gazetteer
from jvreader.load import load_corpus
from jvreader.model import (
    Annotated,
    Article,
    Corpus,
    CuratedEvents,
    CuratedThread,
    Event,
    EventMention,
    Extraction,
    Figure,
    Paragraph,
    Sentence,
    pack_text,
)
from test_annotate import article, corpus_of

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def seeds_uncurated() -> Annotated:
    """The seeds annotated as if ``seeds/events.yml`` were removed."""
    articles, _ = load_corpus(SEEDS, REPO)
    corpus = extract_corpus(articles, load_gazetteer(SEEDS / "gazetteer.yml"))
    return annotate(corpus, CuratedEvents())


def _holding(annotated: Annotated, expected: dict):
    wanted = {(str(f["article"]).zfill(3), f["text"]) for f in expected["figures"]}
    return [c for c in annotated.comparisons
            if wanted <= {(f.article[:3], f.text) for f in c.figures}]


def test_without_events_yml_the_seeds_give_most_gold_comparisons(seeds_uncurated, gold) -> None:
    right = []
    for expected in gold["comparisons"]:
        found = _holding(seeds_uncurated, expected)
        if found and found[0].verdict == expected["verdict"]:
            right.append(expected["measure"])
    assert len(right) >= 4, right
    assert all(not c.curated for c in seeds_uncurated.comparisons)


def test_found_comparisons_keep_different_deliveries_apart(seeds_uncurated) -> None:
    # six second-hand vessels (2014) and two more (2015) are two deliveries, not a dispute
    for c in seeds_uncurated.comparisons:
        if any(f.unit == "vessels" for f in c.figures):
            assert {f.value for f in c.figures} == {6.0}, c
            assert all(f.period is None or f.period.startswith("2014") for f in c.figures), c


def test_curated_comparisons_still_win(gold, seeds_annotated: Annotated) -> None:
    annotated = seeds_annotated
    for expected in gold["comparisons"]:
        found = _holding(annotated, expected)
        assert found and found[0].curated, expected["measure"]
    taken = [(f.article, f.figure) for c in annotated.comparisons for f in c.figures]
    assert len(taken) == len(set(taken))  # a figure is in one comparison only


def test_amounts_compare_within_a_year_and_counts_within_a_delivery(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Trade Up", "12 March 2032", "In 2031, Ruritania's exports to Vietnam "
                         "reached $4.2 billion. In 2030, Ruritania gave Vietnam four patrol "
                         "boats."),
        "b.txt": article("Trade Notes", "30 March 2032", "Ruritanian exports to Vietnam were "
                         "$4.5 billion in 2031. Ruritania handed four patrol ships to Vietnam "
                         "in 2030."),
        "c.txt": article("Old Trade", "15 March 2030", "In 2029, Ruritania's exports to Vietnam "
                         "reached $3 billion. In 2029, Ruritania gave Vietnam two patrol boats."),
    })
    comparisons = annotate(corpus, CuratedEvents()).comparisons
    by_unit = {c.figures[0].unit: c for c in comparisons}
    assert set(by_unit) == {"USD", "vessels"} and len(comparisons) == 2
    trade, vessels = by_unit["USD"], by_unit["vessels"]
    assert {(f.article, f.text) for f in trade.figures} == {("a", "$4.2 billion"),
                                                            ("b", "$4.5 billion")}
    assert trade.verdict == "differ" and not trade.curated and "Trade" in trade.measure
    assert {f.article for f in vessels.figures} == {"a", "b"} and vessels.verdict == "agree"


def _placed(measure: str | None, sentence: str, text: str, unit: str = "USD") -> _Placed:
    figure = Figure("f1", "p1", "p1s1", text, sentence.index(text), sentence.index(text)
                    + len(text), 1.0, unit, None, measure, None)
    return _Placed("a", figure, sentence, sentence.index(text), False)


@pytest.mark.parametrize(("measure", "sentence", "text", "expected"), [
    ("cumulative official aid", "Japan provided a cumulative official aid of $2 billion.",
     "$2 billion", "aid"),
    (None, "Kim ngạch xuất khẩu sang Nhật Bản đạt 4 tỷ USD.", "4 tỷ USD", "trade"),
    (None, "日本の対ベトナム直接投資は40億ドルに達した。", "40億ドル", "investment"),
    (None, "Vốn vay ODA của Nhật Bản đạt 2 tỷ USD.", "2 tỷ USD", "aid"),
    (None, "The minister said the talks were friendly and cost $2 million.", "$2 million", None),
])
def test_a_figures_measure_is_found_in_any_language(measure, sentence, text, expected) -> None:
    assert figure_measure(_placed(measure, sentence, text), measure_rules()) == expected


def test_a_count_takes_a_measure_only_from_its_own_noun_phrase() -> None:
    # "exports" is near, but four patrol boats are not a trade figure
    placed = _placed("patrol boats", "Exports grew as Ruritania gave four patrol boats.",
                     "four patrol boats", unit="vessels")
    assert figure_measure(placed, measure_rules()) is None


# --- storylines ------------------------------------------------------------------------------

def _corpus(sentences: dict[str, str]) -> Corpus:
    articles, extractions = [], []
    for aid, text in sentences.items():
        articles.append(Article(
            id=aid, source_file=f"seeds/{aid}.txt", title=aid, dek=None, authors=(),
            publication=None, date="2030", date_basis="stated", url=None, series=None,
            issue=None, dateline=None, language="en",
            paragraphs=(Paragraph("p1", "body", text, 1),), footnotes=(), removed=(),
            provenance=(), packed_original=pack_text(text)))
        extractions.append(Extraction(aid, (Sentence("p1s1", "p1", 0, len(text), text),),
                                      (), (), (), ()))
    return Corpus(tuple(articles), tuple(extractions), ())


def _event(eid: str, date: str | None, *articles: str, label: str = "Something happened"
           ) -> Event:
    return Event(eid, label, date, False, False,
                 tuple(EventMention(a, "p1", "p1s1", None, date) for a in articles))


STORY = {
    "en": "In 2024 Ruritania handed two patrol boats to Vietnam.",
    "vi": "Tháng 5 năm 2026, Ruritania bàn giao hai tàu tuần tra cho Việt Nam.",
    "ja": "2028年、ルリタニアはベトナムに巡視船2隻を供与した。",
    "undated": "Ruritania will also build new coast guard vessels for Vietnam.",
    "trade": "In 2025 Ruritania opened a trade fair in Hanoi.",
    "passing": "In 2027 the ministers met in Hue, one day after patrol boats left port.",
    "meeting": "In 2027 the ministers met in Hue and talked about schools.",
}


def test_events_sharing_an_object_form_a_storyline_in_any_language() -> None:
    corpus = _corpus(STORY)
    events = (_event("e-ja", "2028", "ja"), _event("e-en", "2024", "en"),
              _event("e-vi", "2026-05", "vi"), _event("e-later", None, "undated"),
              _event("e-trade", "2025", "trade"),
              # told by two sentences, only one of which names the vessels: in passing
              _event("e-meet", "2027", "passing", "meeting"))
    threads, updated = build_threads(events, (), corpus)
    (thread,) = [t for t in threads if t.id == "auto-patrol-vessels"]
    assert not thread.curated and thread.label
    # date order, the undated event last
    assert thread.events == ("e-en", "e-vi", "e-ja", "e-later")
    assert {e.id for e in updated if "auto-patrol-vessels" in e.threads} == set(thread.events)


def test_a_storyline_needs_events_of_two_dates() -> None:
    corpus = _corpus(STORY)
    threads, _ = build_threads((_event("e-en", "2024", "en"), _event("e-later", None,
                                                                      "undated")), (), corpus)
    assert threads == ()


def test_curated_storylines_win_over_found_ones() -> None:
    corpus = _corpus(STORY)
    events = (_event("e-en", "2024", "en"), _event("e-vi", "2026-05", "vi"),
              _event("e-ja", "2028", "ja"))
    curated = (CuratedThread("ships", "Ships for the coast guard", ("e-ja", "e-en", "e-vi")),)
    threads, updated = build_threads(events, curated, corpus)
    assert [(t.id, t.curated) for t in threads] == [("ships", True)]
    assert threads[0].events == ("e-en", "e-vi", "e-ja")
    assert all(e.threads == ("ships",) for e in updated)


def test_an_event_label_alone_can_name_the_object() -> None:
    event = _event("x", "2030", "trade", label="Ruritania agrees a yen loan for a railway")
    assert event_objects(event, ["In 2030 a railway deal was signed."]) == {"oda-loans"}
    assert objects_named("Hai nước nâng cấp quan hệ lên Đối tác chiến lược toàn diện.") == {
        "partnership-upgrades"}
    assert objects_named("The ship docked at Cam Ranh for a port call.") == {"port-calls"}
    assert objects_named("The patrolling officers were praised.") == frozenset()
