"""Articles lead into the network: every event a paragraph reports is named in its margin
(date, label → event page, storylines, other sources), an "In this article" panel, and
disagreements (dates, figures, a source against itself) gathered on their own page and
flagged where each side is said."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from jvreader.annotate.disagreements import inner_conflicts, inner_figure_conflicts
from jvreader.config import load_project
from jvreader.extract import extract_corpus
from jvreader.extract.entities import load_gazetteer
from jvreader.load import load_corpus
from jvreader.model import Annotated, Footnote, Paragraph
from jvreader.pipeline import build
from jvreader.render import urls
from test_render_records import _article, annotated, site  # noqa: F401

REPO = Path(__file__).resolve().parents[1]


def _block(html: str, pid: str) -> str:
    """A paragraph's block (margin and text) on an article page."""
    return re.search(rf'<div class="para" id="{pid}">.*?\n</div>\n</div>', html, re.S).group(0)


def test_a_single_source_event_gets_a_margin_note_leading_with_the_event(
    site: dict[str, str],  # noqa: F811
) -> None:
    block = _block(site["articles/b.html"], "p1")
    # "Only one says so" is reported by b alone: named all the same, with its date
    lonely = re.search(r'<aside class="side ev">.*?</aside>', block, re.S).group(0)
    assert 'href="../events/lonely.html">Only one says so</a>' in lonely
    assert "Event · 2016" in lonely and "Also reported by" not in lonely
    # an event of several sources: its label (→ its page) comes before the other sources
    shared = re.search(r'<aside class="side also">.*?</aside>', block, re.S).group(0)
    assert shared.index('href="../events/port-call.html"') < shared.index("Also reported by")
    assert 'href="a.html#p1"' in shared


def test_every_article_page_has_an_in_this_article_panel(
    site: dict[str, str],  # noqa: F811
) -> None:
    for path in ("articles/a.html", "articles/b.html"):
        html = site[path]
        panel = re.search(r'<nav class="in-article".*?</nav>', html, re.S).group(0)
        assert html.index(panel) < html.index('<div class="article-body"')
        assert 'href="../events/port-call.html"' in panel
        assert 'href="../entities/navy.html"' in panel and "Named in this article" in panel
    assert 'href="../events/lonely.html"' in site["articles/b.html"].split("</nav>")[1]


def test_a_date_conflict_is_gathered_and_flagged_in_both_articles(
    site: dict[str, str],  # noqa: F811
) -> None:
    page = site["disagreements.html"]
    item = re.search(r'<section class="dis-item" id="d-date-port-call".*?</section>',
                     page, re.S).group(0)
    assert 'href="events/port-call.html"' in item
    assert 'href="articles/a.html#p1"' in item and 'href="articles/b.html#p1"' in item
    assert "12 April 2016" in item and "early 2016" in item
    for path in ("articles/a.html", "articles/b.html"):
        block = _block(site[path], "p1")
        note = re.search(r'<aside class="side dis-note">.*?</aside>', block, re.S).group(0)
        assert 'href="../disagreements.html#d-date-port-call"' in note
        panel = re.search(r'<nav class="in-article".*?</nav>', site[path], re.S).group(0)
        assert "Disagreements" in panel and "#d-date-port-call" in panel
    # an agreeing comparison is no disagreement
    assert "d-figure-aid" not in page


def test_the_navigation_leads_to_the_disagreements_page(
    site: dict[str, str],  # noqa: F811
) -> None:
    for path, html in site.items():
        if path.endswith(".html") and path != "404.html":
            nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
            assert f'href="{urls.rel(path, "disagreements.html")}"' in nav, path


def test_a_named_period_given_two_ways_in_one_source_is_found() -> None:
    article = _article("x", "", paragraphs=(
        Paragraph("p1", "body", "The government adopted the National Transport Plan for "
                  "the period 2011–2015 and later the Green Growth Strategy 2016-2020.", 3),
        Paragraph("p2", "body", "Shinzo Abe served 2006-2007. Shinzo Abe served 2012-2020.", 5),
        Paragraph("p3", "body", "その後、第五次国家交通計画（2016～2020年）が始まった。", 7),
        Paragraph("p4", "body", "日本は2001～2005年に援助し、日本は2006～2010年にも援助した。", 9),
    ), footnotes=(
        Footnote(1, "“National Transport Plan for thePeriodof 2016-2020,” Hanoi.", None, "p1"),
        Footnote(2, "第五次国家交通計画（2011～2015年）の概要", None, "p3"),
        Footnote(3, "Green Growth Strategy, 2016–2020 (the same period: no conflict)", None, "p1"),
    ))
    found = {c.name: [(s.where, s.value) for s in c.sides] for c in inner_conflicts(article)}
    assert found == {
        "National Transport Plan": [("p1", "2011/2015"), ("fn-1", "2016/2020")],
        "第五次国家交通計画": [("p3", "2016/2020"), ("fn-2", "2011/2015")],
    }  # a person's two terms, or a clause ("日本は…"), name no period


def test_one_measure_given_two_values_in_one_source_is_found(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(REPO / "seeds" / "gazetteer.yml", seeds)
    (seeds / "x.md").write_text(
        "---\ntitle: Aid in numbers\npublication: Test Daily\ndate: 2017-03-01\n---\n"
        "Japan's official development assistance to Vietnam reached $1.6 billion in 2016, "
        "making Japan the largest donor that year.\n\n"
        "Speaking in Hanoi last week, the minister recalled that Japan's official development "
        "assistance to Vietnam reached $2.1 billion in 2016 and praised new rail projects.\n\n"
        "Critics note Japan's official development assistance to Vietnam reached $1.62 billion "
        "in 2016, though much of it was loans.\n\n"
        "Officials say Japan's official development assistance to Vietnam is expected to reach "
        "$3 billion in 2016 under the new framework.\n", encoding="utf-8")
    articles, _ = load_corpus(seeds, tmp_path)
    corpus = extract_corpus(articles, load_gazetteer(seeds / "gazetteer.yml"))
    found = [[(s.where, s.text) for s in c.sides] for c in inner_figure_conflicts(corpus)]
    assert found == [[("p1", "$1.6 billion"), ("p2", "$2.1 billion")]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project_dir = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "seeds", project_dir / "seeds")
    project = dataclasses.replace(load_project(project_dir, project_dir / "site"), search=False)
    build(project)
    return project.out_dir


def test_seed_articles_name_every_event_they_report_with_its_storylines(
    seeds_annotated: Annotated, built: Path,
) -> None:
    threads = {t.id for t in seeds_annotated.threads}
    pages = {a.id: (built / urls.article_path(a.id)).read_text(encoding="utf-8")
             for a in seeds_annotated.corpus.articles}
    single = 0
    for event in seeds_annotated.events:
        sources = {m.article for m in event.mentions}
        single += len(sources) == 1
        for m in event.mentions:
            html = pages[m.article]
            assert f'href="../events/{event.id}.html"' in _block(html, m.paragraph), event.id
            panel = re.search(r'<nav class="in-article".*?</nav>', html, re.S).group(0)
            assert f'href="../events/{event.id}.html"' in panel
            for t in event.threads:
                if t in threads:
                    assert f'href="../threads/{t}.html"' in _block(html, m.paragraph)
                    assert f'href="../threads/{t}.html"' in panel
    assert single  # the seeds have single-source events: each is in its article's margin


def test_seed_disagreements_link_each_side_to_its_paragraph(
    seeds_annotated: Annotated, built: Path,
) -> None:
    page = (built / "disagreements.html").read_text(encoding="utf-8")
    differing = [c for c in seeds_annotated.comparisons if c.verdict == "differ"]
    assert differing
    for c in differing:
        item = re.search(rf'id="d-figure-{c.id}".*?</section>', page, re.S).group(0)
        for f in c.figures:
            assert f'href="{urls.article_path(f.article)}#p' in item
    for e in seeds_annotated.events:
        assert (f'id="d-date-{e.id}"' in page) == (e.date_conflict and len(set(e.dates)) > 1)
    # seed 001 dates its Socio-economic Development Strategy 2001-2010 in ¶25, while its own
    # note 22 cites the Strategy for 2011-2020
    article = next(a for a in seeds_annotated.corpus.articles if a.id.startswith("001"))
    path = urls.article_path(article.id)
    item = re.search(r'<section class="dis-item" id="d-self-001[^"]*".*?</section>',
                     page, re.S).group(0)
    assert f'href="{path}#p25"' in item and f'href="{path}#fn-22"' in item
    html = (built / path).read_text(encoding="utf-8")
    note = re.search(r'<aside class="side dis-note">.*?</aside>', _block(html, "p25"),
                     re.S).group(0)
    assert 'href="#fn-22"' in note and "2001-2010" in note and "2011-2020" in note
    footnote = re.search(r'<li id="fn-22".*?</li>', html, re.S).group(0)
    assert 'href="../disagreements.html#d-self-001' in footnote


def test_a_paragraph_of_many_events_notes_the_first_and_counts_the_rest(
    annotated: Annotated,  # noqa: F811
) -> None:
    from jvreader.render import SiteInfo, render_site
    from jvreader.render.sidenotes import MARGIN_EVENTS
    lonely = next(e for e in annotated.events if e.id == "lonely")
    many = tuple(dataclasses.replace(lonely, id=f"lonely-{k:02d}", label=f"Event {k}")
                 for k in range(MARGIN_EVENTS + 3))
    files = dict(render_site(dataclasses.replace(annotated, events=many), SiteInfo(),
                             [REPO / "templates"]))
    block = _block(files["articles/b.html"].decode("utf-8"), "p1")
    assert block.count('<aside class="side ev">') == MARGIN_EVENTS
    assert "and 3 more events" in block
    assert f"Events ({MARGIN_EVENTS + 3})" in files["articles/b.html"].decode("utf-8")


def test_a_measure_many_sources_disagree_on_names_a_few_in_the_margin_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    """One margin note per side, naming ``MARGIN_SOURCES`` other sides: listing every side
    on every article made each page grow with the number of sources (quadratic output)."""
    from jvreader.render.events import MARGIN_SOURCES
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(REPO / "seeds" / "gazetteer.yml", seeds)
    sources = MARGIN_SOURCES + 4
    for k in range(sources):
        (seeds / f"m{k}.md").write_text(
            f"---\ntitle: Trade report {k}\npublication: Paper {k}\ndate: 2016-0{k % 9 + 1}-02\n"
            f"---\n\nTwo-way trade between Japan and Vietnam reached {20 + 3 * k} billion "
            "dollars in 2015, officials said.\n", encoding="utf-8")
    build(load_project(tmp_path))
    out = tmp_path / "build"
    page = (out / "disagreements.html").read_text(encoding="utf-8")
    item = re.search(r'<section class="dis-item" id="d-figure-[^"]*".*?</section>', page,
                     re.S).group(0)
    assert all(f'href="articles/m{k}.html#p1"' in item for k in range(sources))
    for k in range(sources):
        html = (out / "articles" / f"m{k}.html").read_text(encoding="utf-8")
        note = re.search(r'<aside class="side dis-note">.*?</aside>', html, re.S).group(0)
        named = set(re.findall(r'href="(m\d)\.html#p1"', note))
        assert len(named) == MARGIN_SOURCES and f"m{k}" not in named
        assert 'and <a href="../disagreements.html#d-figure-' in note
        assert f">{sources - 1 - MARGIN_SOURCES} more</a>" in note
