"""Cross-article annotation: events, threads, comparisons, notes and their exports."""

from __future__ import annotations

import calendar
import json
from pathlib import Path

import pytest

from jvreader.annotate import annotate, load_curated, load_editorial, parse_curated
from jvreader.annotate.dates import compatible, qualified
from jvreader.annotate.export import annotations_dict
from jvreader.annotate.jsonld import annotations_jsonld
from jvreader.annotate.notes import anchor_notes, parse_note, render_markdown
from jvreader.config import load_project
from jvreader.errors import SourceError
from jvreader.extract import extract_corpus
from jvreader.extract.entities import parse_gazetteer
from jvreader.load import load_corpus
from jvreader.model import Annotated, Corpus, CuratedEvents
from jvreader.pipeline import annotated_project

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SMALL_GAZETTEER = """entities:
  - {id: vietnam, name: Vietnam, kind: place}
  - {id: ruritania, name: Ruritania, kind: place, aliases: [Ruritanian]}
  - {id: hoi-an, name: Hoi An, kind: place}
"""
FILLER = ("The weather was mild. Officials praised the organisers. Tea was served at noon. "
          "Reporters asked about budgets.")


def corpus_of(tmp_path: Path, texts: dict[str, str], gazetteer: str = SMALL_GAZETTEER
              ) -> Corpus:
    seeds = tmp_path / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (seeds / name).write_text(text, encoding="utf-8")
    articles, _ = load_corpus(seeds, tmp_path)
    return extract_corpus(articles, parse_gazetteer(gazetteer))


def article(title: str, date: str, body: str) -> str:
    return f"{title}\n\n{date}\n\n{body}\n\n{FILLER}\n"


@pytest.fixture(scope="module")
def seeds() -> Annotated:
    _, _, warnings = load_editorial(SEEDS, REPO)
    assert warnings == ()
    return annotated_project(load_project(REPO))  # as a build annotates them


def sentence_text(corpus: Corpus, article_id: str, sentence_id: str) -> str:
    x = corpus.extraction(article_id)
    return next(s.text for s in x.sentences if s.id == sentence_id)


def event_with(annotated: Annotated, prefix: str, words: str, date: str | None = "any"):
    """The event reporting ``words`` in article ``prefix…`` (dated ``date`` when given)."""
    return next(e for e in annotated.events for m in e.mentions
                if m.article.startswith(prefix) and date in ("any", e.date)
                and words in sentence_text(annotated.corpus, m.article, m.sentence))


def article_prefix(value: int | str) -> str:
    """Gold names articles by number; YAML reads an unquoted ``001`` as the integer 1."""
    return f"{value:03d}" if isinstance(value, int) else str(value)


# --- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    ("2014-03", "2014", True),
    ("2014-03", "2014-08", False),
    (qualified("2016", "early"), "2016-04-12", True),
    (qualified("2016", "early"), "2016-06", False),
    (qualified("2015", "end"), "2015-12", True),
    ("2015-09-20", "2015-09", True),
    ("1992/2011", "2014", False),
])
def test_date_compatibility(a: str, b: str, expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


# --- the seeds against the gold ------------------------------------------------------------

def test_every_gold_event_is_found_with_its_articles_and_date(seeds: Annotated, gold) -> None:
    for expected in gold["events"]:
        found = [e for e in seeds.events
                 if e.date == expected["date"]
                 and all(any(m.article.startswith(article_prefix(a)) for m in e.mentions)
                         for a in expected["articles"])]
        assert found, f"{expected['id']}: no event dated {expected['date']}"


def test_partnership_upgrade_and_patrol_vessels_stay_apart(seeds: Annotated) -> None:
    upgrade = event_with(seeds, "001", "Extensive Strategic Partnership for Peace")
    vessels = event_with(seeds, "001", "six second-hand maritime patrol ships")
    assert upgrade.id != vessels.id
    assert upgrade.date == "2014-03" and vessels.date == "2014-08"
    assert not any("patrol" in sentence_text(seeds.corpus, m.article, m.sentence)
                   for m in upgrade.mentions)


def test_second_hand_vessels_are_not_the_later_new_vessels(seeds: Annotated) -> None:
    used = event_with(seeds, "001", "six second-hand maritime patrol ships")
    new = event_with(seeds, "000", "six new coast guard vessels")
    assert used.id != new.id
    assert {m.article[:3] for m in used.mentions} == {"001", "002", "003"}
    assert {m.article[:3] for m in new.mentions} == {"000"}


def test_relative_date_links_the_trong_visit(seeds: Annotated) -> None:
    visit = event_with(seeds, "002", "Nguyen Phu Trong visited Japan last week")
    assert visit.date == "2015-09" and not visit.date_conflict
    assert {m.article[:3] for m in visit.mentions} == {"001", "002"}


def test_gold_thread_in_date_order_with_undated_event_left_undated(seeds, gold) -> None:
    for expected in gold["threads"]:
        # One sentence can report two steps (a delay, then a delivery): the date tells them apart.
        ids = [event_with(seeds, article_prefix(step["article"]), step["text"], step["date"]).id
               for step in expected["events_in_order"]]
        thread = next(t for t in seeds.threads if set(ids) <= set(t.events))
        assert [i for i in thread.events if i in ids] == ids
        # An undated event is never given its article's date (it was "placed" at 2021).
        undated = [e for e in seeds.events if e.id in ids and e.date is None]
        assert undated and all(e.placed_by is None and e.sort_date is None for e in undated)


def test_gold_comparisons_with_their_verdicts(seeds: Annotated, gold) -> None:
    for expected in gold["comparisons"]:
        wanted = {(f["article"], f["text"]) for f in expected["figures"]}
        match = [c for c in seeds.comparisons
                 if wanted <= {(f.article[:3], f.text) for f in c.figures}]
        assert match, f"no comparison holds {sorted(wanted)}"
        assert match[0].verdict == expected["verdict"], match[0].note


def test_differing_figures_say_by_how_much_and_why(seeds: Annotated) -> None:
    differ = next(c for c in seeds.comparisons if c.verdict == "differ")
    assert "1.2 billion" in differ.note and "periods differ" in differ.note


# --- automatic linking on small texts of our own --------------------------------------------

def told_by_several(events) -> list:
    return [e for e in events if len({m.article for m in e.mentions}) > 1]


def test_automatic_linking_joins_one_event_told_by_two_articles(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Mines Cleared", "12 March 2031", "In March 2031, the Ruritanian "
                         "navy sent two minesweepers to Hoi An for a salvage drill with Vietnam."),
        "b.txt": article("Navy Notes", "30 March 2031", "Ruritanian minesweepers joined a "
                         "salvage drill off Hoi An in March 2031, the ministry said."),
        "c.txt": article("Bank News", "15 March 2031", "In March 2031, Vietnam's central "
                         "bank cut interest rates for small lenders."),
    })
    # c tells no action or object of data/events.yml: no event
    (event,) = annotate(corpus, CuratedEvents()).events
    assert not event.curated and event.date == "2031-03"
    assert {m.article for m in event.mentions} == {"a", "b"}
    assert "action:exercise" in event.mentions[0].evidence
    assert {"action:exercise", "actor:ruritania", "sources:2"} <= set(event.evidence)


def test_automatic_linking_joins_every_article_that_repeats_a_sentence_verbatim(
        tmp_path: Path) -> None:
    told = ("In March 2031, the Ruritanian navy sent two minesweepers to Hoi An for a "
            "salvage drill with Vietnam.")
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Mines Cleared", "12 March 2031", told),
        "b.txt": article("Navy Notes", "30 March 2031", told),
        "c.txt": article("Wire Copy", "31 March 2031", f"Officials spoke. {told}"),
        "d.txt": article("Drill Report", "31 March 2031", "Ruritanian minesweepers joined "
                         "a salvage drill off Hoi An in March 2031, the ministry said."),
        "e.txt": article("Drill Two", "30 August 2031", "In August 2031, the Ruritanian navy "
                         "sent two minesweepers to Hoi An for a salvage drill with Vietnam."),
    })
    events = annotate(corpus, CuratedEvents()).events
    (event,) = told_by_several(events)
    assert [m.article for m in event.mentions] == ["a", "b", "c", "d"]
    assert event.date == "2031-03"
    # August is another drill: an event of its own, told by one source
    (august,) = [e for e in events if e.date == "2031-08"]
    assert [m.article for m in august.mentions] == ["e"] and "sources:1" in august.evidence


def test_linking_looks_up_only_events_of_the_same_month_word_and_actor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two dozen drills of two dozen months: none is compared with another (the index holds
    # them by year, month, word and actor), so linking does not grow with the square.
    from jvreader.annotate import auto

    months = [(year, month) for year in (2031, 2032) for month in range(1, 13)]
    corpus = corpus_of(tmp_path, {
        f"m{n:02d}.txt": article(f"Drill {n}", f"3 {calendar.month_name[month]} {year}",
                                 f"In {calendar.month_name[month]} {year}, the Ruritanian "
                                 "navy held a salvage drill with Vietnam at Hoi An.")
        for n, (year, month) in enumerate(months)})
    asked: list[int] = []
    real = auto._Events.fit
    monkeypatch.setattr(auto._Events, "fit", lambda self, c, k: asked.append(k) or real(
        self, c, k))
    events = annotate(corpus, CuratedEvents()).events
    assert len(events) == len(months) and not told_by_several(events)
    assert asked == []


def test_automatic_linking_keeps_incompatible_dates_apart(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Drill One", "12 March 2031", "In March 2031, the Ruritanian navy "
                         "sent two minesweepers to Hoi An for a salvage drill."),
        "b.txt": article("Drill Two", "30 August 2031", "In August 2031, the Ruritanian navy "
                         "sent two minesweepers to Hoi An for a salvage drill."),
    })
    events = annotate(corpus, CuratedEvents()).events
    assert sorted(e.date for e in events) == ["2031-03", "2031-08"]
    assert not told_by_several(events)


def test_curated_event_keeps_conflicting_dates_and_flags_them(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("One", "1 May 2031", "The Hoi An accord was signed in March 2031."),
        "b.txt": article("Two", "1 May 2031", "The Hoi An accord was signed in August 2031."),
    })
    curated, _ = parse_curated({"events": [{"id": "accord", "label": "Hoi An accord",
                                            "date": "2031",
                                            "match": {"phrases": ["Hoi An accord"]}}]})
    (event,) = annotate(corpus, curated, automatic=False).events
    assert event.date_conflict and set(event.dates) == {"2031-03", "2031-08"}


def test_projection_is_not_compared_with_reported_figure(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Trade A", "1 May 2031", "In 2030, bilateral trade reached $28 "
                         "billion and is expected to hit $30 billion this year."),
        "b.txt": article("Trade B", "2 May 2031", "Bilateral trade reached $28.0 billion "
                         "in 2030."),
    })
    curated, _ = parse_curated({"comparisons": [{"id": "trade", "measure": "Trade",
                                                 "unit": "USD", "terms": [["trade"]]}]})
    (comparison,) = annotate(corpus, curated).comparisons
    assert {f.text for f in comparison.figures} == {"$28 billion", "$28.0 billion"}
    assert comparison.verdict == "agree"


# --- the editorial files ---------------------------------------------------------------------

def test_thread_naming_unknown_event_is_a_warning_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "events.yml"
    path.write_text("events: []\nthreads:\n  - {id: t, label: T, events: [nowhere]}\n",
                    encoding="utf-8")
    curated, warnings = load_curated(path)
    assert curated.threads[0].events == ()
    assert warnings and "events.yml" in warnings[0] and "nowhere" in warnings[0]


def test_malformed_event_gazetteer_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "events.yml"
    path.write_text("events: [{id: x, date: soon}]\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"events\.yml"):
        load_curated(path)


def test_note_markdown_cannot_inject_html() -> None:
    html = render_markdown("Hello <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


NOTE = "---\narticle: a\nexact: {exact}\n{extra}---\nA *note*.\n"


@pytest.mark.parametrize(("exact", "extra", "anchored", "problem"), [
    ("salvage drill", "", True, None),
    ("drill", "", False, "matches 2 times"),
    ("drill", "prefix: 'The '\n", True, None),
    ("submarine", "", False, "matches nothing"),
])
def test_note_selector_anchors_or_warns_naming_its_file(tmp_path: Path, exact: str, extra: str,
                                                        anchored: bool, problem: str | None
                                                        ) -> None:
    corpus = corpus_of(tmp_path, {"a.txt": article(
        "Drill", "1 May 2031", "Ships joined a salvage drill.\n\nThe drill lasted a day.")})
    note = parse_note(NOTE.format(exact=exact, extra=extra), "n1", "seeds/notes/n1.md")
    assert note.html == "<p>A <em>note</em>.</p>\n"
    (result,), warnings = anchor_notes((note,), corpus)
    assert (result.paragraph is not None) is anchored
    if anchored:
        text = result and corpus.article("a").paragraph(result.paragraph).text
        assert text[result.start:result.end] == exact and warnings == ()
    else:
        assert len(warnings) == 1 and "seeds/notes/n1.md" in warnings[0] and problem in warnings[0]


def test_seed_notes_all_anchor(seeds: Annotated) -> None:
    assert seeds.notes and all(n.paragraph is not None for n in seeds.notes)
    assert seeds.warnings == ()


# --- exports ---------------------------------------------------------------------------------

def test_annotations_dict_has_the_issue_fields_and_is_json(seeds: Annotated) -> None:
    data = annotations_dict(seeds)
    assert json.loads(json.dumps(data)) == data
    event = data["events"][0]
    assert {"id", "label", "date", "date_conflict", "curated", "mentions", "threads"} <= set(event)
    assert set(event["mentions"][0]) >= {"article", "paragraph", "sentence", "claim"}
    assert set(data["threads"][0]) >= {"id", "label", "events"}
    assert set(data["comparisons"][0]) >= {"id", "measure", "figures", "verdict", "note"}
    dates = [e["sort_date"] for e in data["events"] if e["sort_date"]]
    assert dates == sorted(dates)


def test_jsonld_is_deterministic_web_annotation_with_quote_selectors(seeds: Annotated) -> None:
    raw = annotations_jsonld(seeds, "https://example.org/reader/")
    assert raw == annotations_jsonld(seeds, "https://example.org/reader/")
    doc = json.loads(raw)
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = doc["first"]["items"]
    assert doc["total"] == len(items)
    assert {i["motivation"] for i in items} == {"identifying", "linking", "commenting"}
    for item in items[:50] + [i for i in items if i["motivation"] == "commenting"]:
        quote = item["target"]["selector"][0]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"]
        assert item["target"]["source"].startswith("https://example.org/reader/articles/")


def test_annotation_from_the_per_article_results_equals_annotation_from_the_corpus_alone(
        seeds: Annotated) -> None:
    # ``seeds`` was annotated as a build does, with each article's basis made by the worker
    # that read it (``articles.article_result``); here annotation makes them itself.
    curated, notes, _ = load_editorial(SEEDS, REPO)
    alone = annotate(seeds.corpus, curated, notes)
    assert alone == seeds
    assert any(e.curated for e in alone.events)


def test_automatic_linking_joins_a_year_to_a_month_within_it(tmp_path: Path) -> None:
    told = ("the Ruritanian navy sent two minesweepers to Hoi An for a salvage drill with "
            "Vietnam.")
    corpus = corpus_of(tmp_path, {
        "a.txt": article("Drill", "12 May 2031", f"In 2031, {told}"),
        "b.txt": article("Drill Notes", "30 May 2031", f"In March 2031, {told}"),
        "c.txt": article("Other Drill", "30 May 2032", f"In March 2032, {told}"),
    })
    (event,) = told_by_several(annotate(corpus, CuratedEvents()).events)
    assert [m.article for m in event.mentions] == ["a", "b"]
    assert event.date == "2031-03"


def test_figures_agree_when_every_two_are_equal_within_the_coarser_rounding() -> None:
    import random

    from jvreader.annotate.compare import _all_agree, rounding_step
    from jvreader.model import ComparedFigure

    def pairwise(figures: list[ComparedFigure]) -> bool:
        return all(abs(a.value - b.value) <= max(rounding_step(a), rounding_step(b)) / 2 + 1e-9
                   for i, a in enumerate(figures) for b in figures[i + 1:])

    rng = random.Random(7)
    outcomes = set()
    for _ in range(3000):
        figures = []
        for k in range(rng.randint(1, 6)):
            places = rng.choice([0, 1, 2])
            value = round(rng.choice([37.7, 38, 37.65, 37, 40]) + rng.choice([0, 0.05, 0.5]),
                          places)
            figures.append(ComparedFigure(article="a", figure=f"f{k}",
                                          text=f"${value:.{places}f} billion",
                                          value=value * 1e9, unit="USD", period=None,
                                          definition=None))
        expected = pairwise(figures)
        assert _all_agree(tuple(figures)) == expected, figures
        outcomes.add(expected)
    assert outcomes == {True, False}


def test_any_phrase_pattern_finds_what_one_phrase_at_a_time_finds(seeds: Annotated) -> None:
    from jvreader.annotate.compare import annotate_rules
    from jvreader.annotate.view import any_phrase_pattern, has_phrase

    phrases = (*annotate_rules()["projection_words"], "newly built", "Japan")
    texts = [s.text for x in seeds.corpus.extractions for s in x.sentences]
    texts += ["Trade is expected-to grow", "It IS SET TO rise", "unexpected growth",
              "newly-built ships", "newly – built", "Japanese", "projected.", ""]
    windows = [t[i:i + 40] for t in texts for i in range(0, max(1, len(t)), 17)]
    found = 0
    for text in texts + windows:
        one_by_one = any(has_phrase(text, p) for p in phrases)
        assert (any_phrase_pattern(phrases).search(text) is not None) == one_by_one, text
        found += one_by_one
    assert found > 10  # the check saw texts of both kinds
    assert any_phrase_pattern(()).search("anything") is None


def _resolved_by_definition(editorial, given):
    """``events.resolve_date`` as its docstring defines it, every two dates compared."""
    import itertools

    from jvreader.annotate.dates import compatible, days, sort_key

    values = list(dict.fromkeys(given))
    candidates = list(dict.fromkeys([*values, *([editorial] if editorial else [])]))
    if not candidates:
        return None, False, ()
    conflict = any(not compatible(a, b) for a, b in itertools.combinations(candidates, 2))
    agreeing = {c: sum(compatible(c, o) for o in candidates) for c in candidates}
    date = min(candidates, key=lambda c: (-agreeing[c], days(c) or 0, sort_key(c)))
    return date, conflict, tuple(values)


def test_an_events_date_and_conflict_follow_their_pairwise_definition() -> None:
    import random

    from jvreader.annotate.events import resolve_date

    by_definition = _resolved_by_definition

    rnd = random.Random(7)
    pool = ["2014", "2014-03", "2014-03-05", "2010/2014", "2014/2010-08-20", "2015",
            "2006/2024-07-19", "2015-12", "not a date", "2014-03/2014-05", "2011-10",
            "2016-01/2016-04", "1992/2015-10-01"]
    for _ in range(3000):
        given = [rnd.choice(pool) for _ in range(rnd.randint(0, 6))]
        editorial = rnd.choice([None, None, "2014", "2010/2015", "not a date"])
        assert resolve_date(editorial, given) == by_definition(editorial, given), given


def test_the_dates_of_a_big_event_are_counted_as_every_two_would_be_compared() -> None:
    # Above ``NESTING_BY_PAIRS`` distinct dates, how many dates each one nests with is
    # counted by a sweep (a thousand dates were a million comparisons).
    import random

    from jvreader.annotate import events
    from jvreader.annotate.events import resolve_date

    rnd = random.Random(11)

    def a_date() -> str:
        year = rnd.randint(1990, 2020)
        shape = rnd.randrange(6)
        if shape == 0:
            return str(year)
        if shape == 1:
            return f"{year}-{rnd.randint(1, 12):02d}"
        if shape == 2:
            return f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        if shape == 3:
            return f"{rnd.randint(1980, year)}/{year}-{rnd.randint(1, 12):02d}-01"
        if shape == 4:
            return f"{year}/{rnd.randint(1980, year)}"  # written backwards
        return rnd.choice(["not a date", "2014", "2010/2015"])

    for size in (120, 250, 500):
        given = [a_date() for _ in range(size)]
        assert len(set(given)) > events.NESTING_BY_PAIRS
        editorial = rnd.choice([None, "2014", "2010/2015", "not a date"])
        assert resolve_date(editorial, given) == _resolved_by_definition(editorial, given)
        spans = [(rnd.randint(0, 40), rnd.randint(0, 40)) if rnd.random() > 0.1 else None
                 for _ in range(300)]
        pairs = [0 if m is None else sum(
            1 for o in spans if o is not None
            and ((m[0] <= o[0] and o[1] <= m[1]) or (o[0] <= m[0] and m[1] <= o[1])))
            for m in spans]
        assert events._nesting_counts(spans) == pairs


def test_a_phrase_in_japanese_script_is_found_inside_running_text() -> None:
    """Japanese writes no space between words: a phrase in kanji or kana has no word
    boundary to find, while a Latin phrase keeps its boundaries."""
    from jvreader.annotate.view import any_phrase_pattern, has_phrase

    sentence = "日本とベトナムは2011年10月に防衛協力覚書に署名した。"
    assert has_phrase(sentence, "防衛協力覚書")
    assert has_phrase(sentence, "署名")
    assert not has_phrase(sentence, "覚書を交換")
    assert has_phrase("The MOU was signed in 2011.", "MOU")
    assert not has_phrase("Two MOUs were signed.", "MOU")
    assert not has_phrase("Nhật Bản ký bản ghi nhớt", "ghi nhớ")
    assert any_phrase_pattern(("覚書", "memorandum")).search(sentence) is not None


def test_a_comparison_note_names_a_few_figures_and_counts_the_rest() -> None:
    """A measure many sources give is listed whole on its own page; its note (shown on the
    figures pages and in the data) stays the same size however many there are."""
    from jvreader.annotate.compare import NOTE_FIGURES, verdict
    from jvreader.model import ComparedFigure

    def figures(count: int) -> tuple[ComparedFigure, ...]:
        return tuple(ComparedFigure(article=f"a{k}", figure="f1", text=f"${k + 1} billion",
                                    value=(k + 1) * 1e9, unit="USD", period=str(1990 + k),
                                    definition=None) for k in range(count))

    kind, few = verdict(figures(3))
    assert kind == "related" and all(f"${k} billion ({1989 + k})" in few for k in (1, 2, 3))
    assert "more" not in few
    kind, many = verdict(figures(NOTE_FIGURES + 14))
    assert kind == "related" and many.endswith(", and 14 more.")
    assert f"({1990 + NOTE_FIGURES - 1})" in many and f"({1990 + NOTE_FIGURES})" not in many
