"""``split:`` in events.yml: one automatic event that joins two happenings becomes two events,
each with its own sentences, date and label; bad split entries are errors naming the line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from jvreader.annotate import annotate, load_curated, parse_curated
from jvreader.check import orphan_warnings
from jvreader.config import load_project
from jvreader.errors import SourceError
from jvreader.model import Corpus, CuratedEvents, Event
from jvreader.pipeline import build
from test_annotate import article, corpus_of

GAZETTEER = """entities:
  - {id: vietnam, name: Vietnam, kind: place, aliases: [Viet Nam],
     native: {vi: Việt Nam, ja: ベトナム}}
  - {id: ruritania, name: Ruritania, kind: place, aliases: [Ruritanian],
     native: {ja: ルリタニア}}
  - {id: hoi-an, name: Hoi An, kind: place, native: {vi: Hội An, ja: ホイアン}}
  - {id: haiphong, name: Haiphong, kind: place, aliases: [Hai Phong],
     native: {vi: Hải Phòng, ja: ハイフォン}}
"""

# Two handovers of patrol vessels in 2031, one at Hoi An in spring and one at Haiphong in
# autumn; every source gives the year only, so the automatic linking cannot tell them apart.
TEXTS = {
    "a.txt": article("Spring handover", "2 April 2031",
                     "In 2031, Ruritania delivered patrol vessels to Vietnam at Hoi An."),
    "b.txt": article("Bàn giao tàu", "3 December 2031",
                     "Năm 2031, Ruritania đã bàn giao tàu tuần tra cho Việt Nam tại Hải Phòng."),
    "c.txt": ("巡視船の引き渡し\n\n2031年12月5日\n\n"
              "2031年、ルリタニアはハイフォンでベトナムに巡視船を引き渡した。\n\n"
              "天気は穏やかだった。関係者は主催者を称賛した。正午にお茶が出された。\n"),
    # says neither where nor when in the year: matches no part
    "d.txt": article("A year at sea", "10 January 2032",
                     "In 2031, Ruritania delivered patrol vessels to Vietnam."),
}

SPLIT = """events:
  - id: ruritania-handovers-2031
    date: "2031"
    match: {signals: [action:deliver, object:patrol_vessels]}
    split:
      - id: hoi-an-handover-2031
        label: Ruritania hands over patrol vessels at Hoi An
        date: "2031-03"
        match: {entities: [hoi-an]}
      - id: haiphong-handover-2031
        label: Ruritania hands over patrol vessels at Haiphong
        date: "2031-11"
        match: %s
threads:
  - {id: handovers, label: Handovers, events: [hoi-an-handover-2031, haiphong-handover-2031]}
"""
BY_ENTITY = "{entities: [haiphong]}"


def told_by(event: Event) -> list[str]:
    return sorted(m.article for m in event.mentions)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return corpus_of(tmp_path_factory.mktemp("split"), TEXTS, GAZETTEER)


def test_without_a_split_the_two_handovers_are_one_automatic_event(corpus: Corpus) -> None:
    (event,) = annotate(corpus, CuratedEvents()).events
    assert not event.curated and told_by(event) == ["a", "b", "c", "d"]
    assert {a.language for a in corpus.articles} == {"en", "vi", "ja"}


@pytest.mark.parametrize("rule", [BY_ENTITY, "{signals: [actor:haiphong]}"],
                         ids=["entities", "signals"])
def test_split_shares_the_automatic_events_sentences_among_its_parts(
        corpus: Corpus, rule: str) -> None:
    curated, warnings = parse_curated(yaml.safe_load(SPLIT % rule))
    assert warnings == ()
    annotated = annotate(corpus, curated)
    events = {e.id: e for e in annotated.events}
    assert sorted(events) == ["haiphong-handover-2031", "hoi-an-handover-2031"]
    spring, autumn = events["hoi-an-handover-2031"], events["haiphong-handover-2031"]
    assert told_by(spring) == ["a", "d"]  # d matches no part: it stays with the first
    assert told_by(autumn) == ["b", "c"]  # Vietnamese and Japanese
    assert (spring.date, autumn.date) == ("2031-03", "2031-11")  # re-resolved per part
    assert not spring.date_conflict and not autumn.date_conflict
    assert spring.label == "Ruritania hands over patrol vessels at Hoi An"
    assert autumn.label == "Ruritania hands over patrol vessels at Haiphong"
    assert spring.curated and autumn.curated
    # evidence: the mentions keep theirs and say which part took them, and why
    by_article = {m.article: m for e in (spring, autumn) for m in e.mentions}
    assert "action:deliver" in by_article["b"].evidence
    assert "split:haiphong-handover-2031" in by_article["c"].evidence
    assert "split:rest" in by_article["d"].evidence
    assert "split:rest" not in by_article["a"].evidence
    assert "entity:hoi-an" in by_article["a"].evidence
    assert spring.evidence[-2:] == ("split:ruritania-handovers-2031", "sources:2")
    assert "object:patrol_vessels" in autumn.evidence
    # the automatic join was broken, so its score vouches for neither part
    assert spring.score is None and autumn.score is None
    (thread,) = annotated.threads
    assert thread.events == ("hoi-an-handover-2031", "haiphong-handover-2031")


def test_a_part_by_date_alone_takes_the_mentions_dated_within_it(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("March", "2 April 2031",
                         "In March 2031, Ruritania delivered patrol vessels to Vietnam."),
        "b.txt": article("Review", "3 January 2032",
                         "In 2031, Ruritania delivered patrol vessels to Vietnam."),
        "c.txt": article("Tháng 11", "3 December 2031", "Tháng 11 năm 2031, Ruritania đã "
                         "bàn giao tàu tuần tra cho Việt Nam."),
    }, GAZETTEER)
    found = annotate(corpus, CuratedEvents()).events
    # the year fits March and November equally well: it stays apart, a third event
    assert sorted(e.date for e in found) == ["2031", "2031-03", "2031-11"]
    curated, _ = parse_curated(yaml.safe_load("""events:
  - id: handovers
    date: "2031"
    match: {signals: [action:deliver, object:patrol_vessels]}
    split:
      - {id: autumn, label: Autumn handover, date: "2031-11"}
      - {id: spring, label: Spring handover, date: "2031-03"}
"""))
    events = {e.id: e for e in annotate(corpus, curated).events}
    assert sorted(events) == ["autumn", "spring"]
    assert told_by(events["spring"]) == ["a"]
    # the entry takes all three; the year-only sentence lies within neither part: it goes
    # to the first one listed, whose date it does not contradict
    assert told_by(events["autumn"]) == ["b", "c"]
    assert events["autumn"].date == "2031-11" and not events["autumn"].date_conflict
    assert "within:2031-03" in events["spring"].mentions[0].evidence
    # each part holds whole the automatic events it took (no join was broken): it keeps
    # their best score
    scores = {e.date: e.score for e in found}
    assert events["spring"].score == scores["2031-03"] is not None
    assert events["autumn"].score == max(scores["2031"], scores["2031-11"])


def test_a_split_of_sentence_rules_works_without_automatic_events(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("One", "1 May 2031", "The Hoi An accord was signed in March 2031."),
        "b.txt": article("Two", "1 May 2031",
                         "The Hoi An accord on fisheries was amended in 2031."),
    }, GAZETTEER)
    curated, _ = parse_curated(yaml.safe_load("""events:
  - id: accords
    date: "2031"
    match: {phrases: [Hoi An accord]}
    split:
      - {id: signing, label: Accord signed, match: {phrases: [signed]}}
      - {id: amendment, label: Accord amended, match: {terms: [[amended, revised]]}}
"""))
    events = {e.id: e for e in annotate(corpus, curated, automatic=False).events}
    assert told_by(events["signing"]) == ["a"] and told_by(events["amendment"]) == ["b"]
    assert events["signing"].date == "2031-03" and events["amendment"].date == "2031"
    assert "term:amended" in events["amendment"].mentions[0].evidence


# --- bad entries ---------------------------------------------------------------------------

def problem(tmp_path: Path, text: str) -> SourceError:
    path = tmp_path / "events.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_curated(path)
    return caught.value


@pytest.mark.parametrize(("edit", "line", "words"), [
    (("        date: \"2031-03\"\n", "        dat: \"2031-03\"\n"), 8,
     ["events[0].split[0].dat", "unknown key 'dat'", "did you mean 'date'"]),
    (("        match: {entities: [hoi-an]}\n", "        match: {entites: [hoi-an]}\n"), 9,
     ["events[0].split[0].match.entites", "did you mean 'entities'"]),
    (("        date: \"2031-11\"\n        match: {entities: [haiphong]}\n", ""), 10,
     ["events[0].split[1]", "'haiphong-handover-2031' has no rule"]),
    (("      - id: haiphong-handover-2031\n", "      - id: hoi-an-handover-2031\n"), 10,
     ["events[0].split[1]", "'hoi-an-handover-2031' used twice", "events[0].split[0]"]),
    (("    date: \"2031\"\n", "    date: \"2031\"\n    label: Handovers\n"), 4,
     ["events[0].label", "split entry", "takes no 'label'"]),
    (("    date: \"2031\"\n", "    date: \"2031\"\n    hide: true\n"), 4,
     ["events[0].hide", "split entry"]),
    (("        match: {entities: [hoi-an]}\n", "        match: {undated: true}\n"), 9,
     ["events[0].split[0].match.undated", "unknown key"]),
])
def test_a_bad_split_entry_is_an_error_naming_the_file_entry_and_line(
        tmp_path: Path, edit: tuple[str, str], line: int, words: list[str]) -> None:
    text = SPLIT % BY_ENTITY
    assert edit[0] in text
    caught = problem(tmp_path, text.replace(edit[0], edit[1], 1))
    assert caught.path.endswith("events.yml") and caught.line == line, str(caught)
    for word in words:
        assert word in str(caught)


def test_a_split_needs_two_parts(tmp_path: Path) -> None:
    caught = problem(tmp_path, "events:\n  - id: x\n    split:\n      - {id: y, date: '2031'}\n")
    assert caught.line == 3 and "two parts or more" in str(caught)


def test_an_unknown_key_of_any_event_names_its_line(tmp_path: Path) -> None:
    caught = problem(tmp_path, "events:\n  - id: x\n    date: '2031'\n  - id: y\n"
                     "    lable: Why\n")
    assert caught.line == 5 and "events[1].lable" in str(caught) and "'label'" in str(caught)


def test_a_thread_naming_a_split_entry_is_told_to_name_its_parts(tmp_path: Path) -> None:
    text = (SPLIT % BY_ENTITY).replace("events: [hoi-an-handover-2031, haiphong-handover-2031]",
                                       "events: [ruritania-handovers-2031]")
    path = tmp_path / "events.yml"
    path.write_text(text, encoding="utf-8")
    _, warnings = load_curated(path)
    assert len(warnings) == 1 and "name its parts, hoi-an-handover-2031" in warnings[0]


def test_a_split_that_finds_nothing_or_leaves_a_part_empty_is_a_warning(corpus: Corpus) -> None:
    elsewhere, _ = parse_curated(yaml.safe_load(
        (SPLIT % BY_ENTITY).replace("object:patrol_vessels", "object:memorandum")))
    assert orphan_warnings(annotate(corpus, elsewhere), elsewhere) == (
        "events.yml: split 'ruritania-handovers-2031' identifies no automatic event and "
        "matches no sentence of any article",)
    # every sentence is at Hoi An or nowhere: the Haiphong part takes nothing
    lopsided, _ = parse_curated(yaml.safe_load(
        (SPLIT % BY_ENTITY).replace("[haiphong]", "[ruritania]").replace(
            "{entities: [hoi-an]}", "{entities: [vietnam]}")))
    assert orphan_warnings(annotate(corpus, lopsided), lopsided) == (
        "events.yml: part 'haiphong-handover-2031' of split 'ruritania-handovers-2031' "
        "takes none of the sentences the split finds",)
    fine, _ = parse_curated(yaml.safe_load(SPLIT % BY_ENTITY))
    assert orphan_warnings(annotate(corpus, fine), fine) == ()
    # a hidden entry is off the site by design, not an orphan
    hidden, _ = parse_curated({"events": [{"id": "gone", "hide": True, "date": "2031",
                                           "match": {"signals": ["action:deliver"]}}]})
    annotated = annotate(corpus, hidden)
    assert annotated.events == () and orphan_warnings(annotated, hidden) == ()


# --- the site ------------------------------------------------------------------------------

def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_to(project: Path, out: Path, use_cache: bool = True) -> dict[str, bytes]:
    build(replace(load_project(project, out), search=False), use_cache=use_cache)
    return tree(out)


def test_the_site_shows_each_part_as_an_event_and_rebuilds_as_a_cold_build(
        tmp_path: Path) -> None:
    project = tmp_path / "project"
    seeds = project / "seeds"
    seeds.mkdir(parents=True)
    for name, text in TEXTS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    (seeds / "gazetteer.yml").write_text(GAZETTEER, encoding="utf-8")
    before = build_to(project, tmp_path / "out")
    assert "events/hoi-an-handover-2031.html" not in before
    (seeds / "events.yml").write_text(SPLIT % BY_ENTITY, encoding="utf-8")
    site = build_to(project, tmp_path / "out")  # incremental: the articles come from the cache
    assert site == build_to(project, tmp_path / "cold", use_cache=False)
    for part, articles, month in (("hoi-an-handover-2031", ("a", "d"), "March 2031"),
                                  ("haiphong-handover-2031", ("b", "c"), "November 2031")):
        page = site[f"events/{part}.html"].decode("utf-8")
        assert month in page
        for a in articles:
            assert f"articles/{a}.html#" in page
        for a in {"a", "b", "c", "d"} - set(articles):
            assert f"articles/{a}.html#" not in page
    timeline = site["timeline.html"].decode("utf-8")
    assert "events/hoi-an-handover-2031.html" in timeline
    assert "events/haiphong-handover-2031.html" in timeline
    assert "Ruritania hands over patrol vessels at Haiphong" in timeline
    assert "auto-2031-deliver-patrol-vessels" not in timeline
    for a in "abcd":  # each article's margin names the event its sentence now belongs to
        part = "hoi-an-handover-2031" if a in "ad" else "haiphong-handover-2031"
        assert f"events/{part}.html" in site[f"articles/{a}.html"].decode("utf-8")
    # an edit of a part alone (its rule and label) reaches the cached build too
    edited = (SPLIT % "{signals: [actor:haiphong]}").replace("patrol vessels at Haiphong",
                                                             "patrol boats at Haiphong")
    (seeds / "events.yml").write_text(edited, encoding="utf-8")
    warm = build_to(project, tmp_path / "out")
    assert warm != site and "patrol boats at Haiphong" in warm["timeline.html"].decode("utf-8")
    assert warm == build_to(project, tmp_path / "cold", use_cache=False)
