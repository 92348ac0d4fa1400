"""Extraction on the five seeds, loaded by the real loader, checked against the gold.

Event dates: a gold event counts as found in an article when some claim there carries a
date *compatible* with the gold date (one is a prefix of the other once intervals are cut
to their start: "2014" is compatible with the gold "2014-03", "2016" from "early 2016" with
"2016-04-12") and the claim's sentence shares a word with the event's label. Any date of the
claim counts, not only the main one: a sentence may list several dated events.
"""

import re
from pathlib import Path

import pytest
import yaml

from jvreader.extract import extract_corpus, load_gazetteer
from jvreader.load.article import build_article
from jvreader.load.sources import read_source

PROJECT = Path(__file__).parent.parent
GOLD = yaml.safe_load((PROJECT.parent / "shared" / "gold" / "seeds.yaml").read_text("utf-8")) \
    if (PROJECT.parent / "shared" / "gold" / "seeds.yaml").exists() else None
pytestmark = pytest.mark.skipif(GOLD is None, reason="gold file not available")

# The gold says 003 mentions the six vessels without any date ("003: undated").
UNDATED = {("six-patrol-vessels-2014", "003"): "six sea patrol boats"}
_STOP = {"and", "the", "with", "of", "at", "to", "in", "on", "make", "first", "japan",
         "vietnam", "two"}


@pytest.fixture(scope="module")
def corpus():
    articles = tuple(build_article(read_source(p, PROJECT))[0]
                     for p in sorted((PROJECT / "seeds").glob("*.txt")))
    return extract_corpus(articles, load_gazetteer(PROJECT / "seeds" / "gazetteer.yml"))


def extraction(corpus, prefix: str):
    [ex] = [e for e in corpus.extractions if e.article.startswith(prefix)]
    return ex


def compatible(gold: str, value: str) -> bool:
    start = value.split("/")[0]
    return start.startswith(gold) or gold.startswith(start)


def test_every_gold_figure_is_found_with_its_value_and_unit(corpus):
    for prefix, figures in GOLD["figures"].items():
        found = {f.text: f for f in extraction(corpus, prefix).figures}
        for gold in figures:
            assert gold["text"] in found, (prefix, gold["text"])
            f = found[gold["text"]]
            assert (f.value, f.unit) == (gold["value"], gold["unit"]), (prefix, gold)


def test_no_year_date_footnote_or_ordinal_is_a_figure(corpus):
    for ex in corpus.extractions:
        for f in ex.figures:
            assert not re.fullmatch(r"(1[89]|20)\d\d", f.text), f
            assert not re.search(r"\[\d+\]|\b\d+(st|nd|rd|th)\b", f.text), f
            dates = [d for c in ex.claims if c.paragraph == f.paragraph for d in c.dates]
            assert not any(d.start < f.end and f.start < d.end for d in dates), f


def test_figures_beyond_the_gold_are_few(corpus):
    gold_texts = {t["text"] for figs in GOLD["figures"].values() for t in figs}
    extra = [f.text for ex in corpus.extractions for f in ex.figures if f.text not in gold_texts]
    assert extra == ["half"]  # "its labor cost is half that of China": a ratio, as the issue asks


def _label_words(label: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9-]+", label.lower()) if w not in _STOP}


def test_every_gold_event_is_a_claim_with_a_compatible_date(corpus):
    for event in GOLD["events"]:
        words = _label_words(event["label"])
        for art in event["articles"]:
            prefix = f"{art:03d}" if isinstance(art, int) else str(art)
            claims = extraction(corpus, prefix).claims
            if (event["id"], prefix) in UNDATED:
                figure = UNDATED[(event["id"], prefix)]
                assert any(figure in c.text and c.figures for c in claims)
                continue
            assert any(
                any(compatible(event["date"], d.value) for d in c.dates)
                and words & set(re.findall(r"[a-z0-9-]+", c.text.lower()))
                for c in claims
            ), (event["id"], prefix)


def test_patrol_vessel_thread_events_carry_their_dates(corpus):
    for step in GOLD["threads"][0]["events_in_order"]:
        claims = [c for c in extraction(corpus, step["article"]).claims if step["text"] in c.text]
        assert claims, step
        if step["date"] is None:
            assert all(c.date is None for c in claims)
        else:
            assert any(step["date"] in [d.value for d in c.dates] for c in claims), step


def test_relative_and_qualified_event_dates(corpus):
    by_text = {c.text[:40]: c for ex in corpus.extractions for c in ex.claims}
    visit = next(c for t, c in by_text.items() if "visited Japan last week" in c.text)
    assert (visit.date, visit.date_basis) == ("2015-09", "relative")
    port = next(c for c in by_text.values() if "Cam Ranh Bay in early 2016" in c.text)
    assert (port.dates[0].value, port.dates[0].qualifier) == ("2016", "early")
    asean = next(c for c in by_text.values() if "by the end of this year" in c.text)
    assert (asean.date, asean.date_basis) == ("2015-12", "relative")


def test_comparison_periods_come_from_the_sentence(corpus):
    for comparison in GOLD["comparisons"]:
        for fig in comparison["figures"]:
            if "period" not in fig:
                continue
            [f] = [f for f in extraction(corpus, fig["article"]).figures
                   if f.text == fig["text"]]
            assert f.period and compatible(fig["period"], f.period), (fig, f.period)


def test_unknown_names_report_what_the_gazetteer_lacks(corpus):
    names = dict(corpus.unknown_names)
    assert names.get("Sasakawa Peace Foundation") == 1
    assert "Shinzo Abe" not in names
