"""Pages that do not grow as articles × sources: capped margins and entries, paged quotes."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from markupsafe import Markup

from jvreader.model import Annotated, Corpus, Entity, Event, EventMention, Paragraph
from jvreader.render import SiteInfo, iter_site, render_site
from jvreader.render.events import ENTRY_SOURCES, MARGIN_SOURCES, QUOTES_PER_PAGE
from jvreader.render.reuse import stable_pickle
from jvreader.write import Spooled
from test_render import TEMPLATES, _article, _extraction


def _shared_event(count: int) -> Annotated:
    """``count`` articles (dated one day apart, the newest first by id) all reporting one event."""
    articles, extractions = [], []
    for k in range(count):
        days = count - k
        article = dataclasses.replace(_article(f"a{k:03d}", f"Report {k}"),
                                      date=f"2015-{1 + days // 28:02d}-{1 + days % 28:02d}")
        articles.append(article)
        extractions.append(dataclasses.replace(_extraction(article), article=article.id))
    mentions = tuple(EventMention(a.id, "p2", "p2s1", "c1", "2011-10") for a in articles)
    event = Event("loan", "Coast guard loan", "2011-10", False, True, mentions,
                  dates=("2011-10",), sort_date="2011-10")
    corpus = Corpus(tuple(articles), tuple(extractions),
                    (Entity("vietnam", "Vietnam", "place"), Entity("jcg", "JCG", "organisation"),
                     Entity("japan", "Japan", "place")))
    return Annotated(corpus, events=(event,))


def _margin(html: str) -> str:
    return re.search(r'<aside class="side also">(.*?)</aside>', html, re.S).group(1)


def test_margin_names_a_few_earliest_sources_and_counts_the_rest() -> None:
    count = MARGIN_SOURCES + 4
    site = dict(render_site(_shared_event(count), SiteInfo(), [TEMPLATES]))
    margin = _margin(site["articles/a000.html"].decode())
    named = re.findall(r'href="(a\d+)\.html"', margin)
    # the earliest-dated others are the highest ids here (dates fall as ids rise)
    assert sorted(named) == [f"a{k:03d}" for k in range(count - MARGIN_SOURCES, count)]
    assert f"and <a href=\"../events/loan.html\">{count - 1 - MARGIN_SOURCES} more sources</a>" \
        in margin


def test_margin_lists_every_source_when_few() -> None:
    site = dict(render_site(_shared_event(MARGIN_SOURCES + 1), SiteInfo(), [TEMPLATES]))
    margin = _margin(site["articles/a001.html"].decode())
    assert len(set(re.findall(r'href="(a\d+)\.html"', margin))) == MARGIN_SOURCES
    assert "more source" not in margin


def test_timeline_entry_is_capped_with_a_link_to_all_sources() -> None:
    count = ENTRY_SOURCES + 3
    timeline = dict(render_site(_shared_event(count), SiteInfo(), [TEMPLATES]))["timeline.html"]
    html = timeline.decode()
    assert len(set(re.findall(r'href="articles/(a\d+)\.html"', html))) == ENTRY_SOURCES
    assert f"Reported by {count} sources" in html
    assert '<a href="events/loan.html">and 3 more sources</a>' in html


def test_event_quotes_are_paged_in_mention_order() -> None:
    count = QUOTES_PER_PAGE + 5
    site = dict(render_site(_shared_event(count), SiteInfo(), [TEMPLATES]))
    first, second = site["events/loan.html"].decode(), site["events/loan.p2.html"].decode()
    assert "events/loan.p3.html" not in site
    assert first.count("<blockquote") == QUOTES_PER_PAGE
    assert second.count("<blockquote") == 5
    assert f"Quotes {QUOTES_PER_PAGE + 1}–{count} of {count}." in second
    assert 'href="loan.p2.html"' in first and 'href="loan.html"' in second
    assert re.findall(r'href="\.\./articles/(a\d+)\.html#p2"', second)[0] == \
        f"a{QUOTES_PER_PAGE:03d}"


def test_pooled_rendering_gives_the_same_files() -> None:
    annotated = _shared_event(120)  # over the pool threshold in files
    one = list(iter_site(annotated, SiteInfo(), [TEMPLATES], workers=1))
    two = list(iter_site(annotated, SiteInfo(), [TEMPLATES], workers=2))
    assert len(one) > 200
    assert [p for p, _ in one] == sorted(p for p, _ in one)  # one process: in path order
    # the pool's files come as they are made (none waits in memory for a slower one)
    assert len(dict(two)) == len(two) == len(one)
    assert dict(two) == dict(one)


def test_pooled_workers_with_a_spool_folder_hand_on_files_written_there(tmp_path) -> None:
    annotated = _shared_event(120)
    one = dict(iter_site(annotated, SiteInfo(), [TEMPLATES], workers=1))
    folder = tmp_path / "spool"
    spooled = list(iter_site(annotated, SiteInfo(), [TEMPLATES], workers=2, spool_dir=folder))
    assert len(spooled) == len(one)
    for path, content in spooled:  # nothing came back through the pipes as bytes
        assert isinstance(content, Spooled), path
        assert Path(content.path).parent == folder
        assert Path(content.path).read_bytes() == one[path]
        assert content.size == len(one[path])
    assert len(list(folder.iterdir())) == len(one)
    one_process = dict(iter_site(annotated, SiteInfo(), [TEMPLATES], workers=1,
                                 spool_dir=tmp_path / "unused"))
    assert one_process == one and not (tmp_path / "unused").exists()  # bytes without a pool


def test_page_keys_depend_on_values_not_on_how_they_are_shared_in_memory() -> None:
    word = "".join(["Hanoi", " port"])
    assert stable_pickle([word, word]) == stable_pickle(["Hanoi port", "".join(["Hanoi port"])])
    used = Corpus(articles=())
    assert used.extraction("a") is None  # fills its lookup tables
    assert stable_pickle(used) == stable_pickle(Corpus(articles=()))
    assert stable_pickle(Paragraph("p1", "body", "Text.", 3)) != stable_pickle(
        Paragraph("p1", "body", "Text.", 4))
    assert stable_pickle(Markup("<b>")) != stable_pickle("<b>")  # escaped differently


def test_an_events_dates_and_entities_are_made_once_for_every_folder_showing_it(
        seeds_annotated: Annotated, monkeypatch) -> None:
    from jvreader.render import events
    from jvreader.render.index import build_index

    index = build_index(seeds_annotated)  # the memos of one build
    asked: list[str] = []
    real = events.event_entities
    monkeypatch.setattr(events, "event_entities",
                        lambda corpus, event: asked.append(event.id) or real(corpus, event))
    pages = ("timeline.html", "events/index.html", "threads/patrol-vessels.html")
    entries = {here: [events.event_entry(index, e, here) for e in seeds_annotated.events]
               for here in pages}
    assert sorted(asked) == sorted(e.id for e in seeds_annotated.events)  # once per event
    timeline, listed, thread = (entries[here] for here in pages)
    for a, b, c in zip(timeline, listed, thread, strict=True):
        assert a["dates"] == b["dates"] == c["dates"] and a["date_label"] == b["date_label"]
        assert a["href"] == f"events/{a['id']}.html" and b["href"] == f"{a['id']}.html"
        assert [x["href"] for x in a["entities"]] == [
            f"entities/{x['href'].split('/')[-1]}" for x in b["entities"]]
