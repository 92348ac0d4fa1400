"""The renderer on hand-made corpora: escaping, links that resolve, inline marks, overrides."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import pytest

from jvreader.model import (
    Annotated,
    Article,
    Claim,
    ComparedFigure,
    Comparison,
    Corpus,
    DateMention,
    Entity,
    Event,
    EventMention,
    Extraction,
    Figure,
    Footnote,
    Mention,
    Paragraph,
    Removal,
    Sentence,
    pack_text,
)
from jvreader.render import SiteInfo, events, make_env, plan_site, render_page, render_site, views
from jvreader.render.context import render_context
from jvreader.render.events import QUOTES_PER_PAGE
from jvreader.render.index import build_index
from jvreader.render.labels import is_iso_date
from jvreader.render.pages import planned_pages
from jvreader.render.urls import article_path, rel

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"
STATIC = REPO / "static"
VOID = {"meta", "link", "br", "img", "hr", "input", "wbr", "source", "col", "area", "base"}

BODY = (
    "In October 2011, the Japan Coast Guard lent $4 million to Vietnam "
    "<script>alert('x')</script> for patrols.[1] From 1992 to 2011 aid grew.[2]"
)
SECOND = "Tokyo & Hanoi signed it in 2014 (see Japan and Vietnam again).[1]"


def _at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _sentences(pid: str, text: str) -> tuple[Sentence, ...]:
    """Split after each footnote marker: enough sentence structure for these tests."""
    out, start = [], 0
    for i, m in enumerate(re.finditer(r"\[\d+\]", text), start=1):
        s = start + (len(text[start:]) - len(text[start:].lstrip()))
        out.append(Sentence(f"{pid}s{i}", pid, s, m.end(), text[s : m.end()]))
        start = m.end()
    return tuple(out)


def _article(article_id: str, title: str, url: str | None = None) -> Article:
    return Article(
        id=article_id, source_file=f"seeds/{article_id}.txt", title=title, dek="A <i>dek</i>",
        authors=("Ann Author", "Bo Writer"), publication="The Paper", date="2015-09-20",
        date_basis="stated", url=url, series=None, issue=None, dateline=None, language="en",
        paragraphs=(
            Paragraph("p1", "heading", "Ties <b>grow</b>", 3),
            Paragraph("p2", "body", BODY, 5),
            Paragraph("p3", "caption", "Ships at port. Photo: <img src=x onerror=alert(1)>", 7),
            Paragraph("p4", "body", SECOND, 9),
        ),
        footnotes=(
            Footnote(1, "Carl Writer, “Title,” http://example.org/a", "http://example.org/a", "p2"),
            Footnote(2, "Second note.", None, "p2"),
        ),
        removed=(Removal("Share on twitter", "boilerplate", 2),),
        provenance=(), packed_original=pack_text(""),
    )


def _extraction(article: Article) -> Extraction:
    p2, p4 = article.paragraph("p2").text, article.paragraph("p4").text
    date = DateMention("October 2011", *_at(p2, "October 2011"), "2011-10", "stated")
    interval = DateMention("From 1992 to 2011", *_at(p2, "From 1992 to 2011"), "1992/2011",
                           "stated")
    year = DateMention("2014", *_at(p4, "2014"), "2014", "stated")
    figure = Figure("f1", "p2", "p2s1", "$4 million", *_at(p2, "$4 million"), 4_000_000.0, "USD",
                    None, "loan", "2011-10")
    mentions = (
        Mention("jcg", "p2", "p2s1", "Japan Coast Guard", *_at(p2, "Japan Coast Guard")),
        Mention("vietnam", "p2", "p2s1", "Vietnam", *_at(p2, "Vietnam")),
        Mention("japan", "p4", "p4s1", "Japan", *_at(p4, "Japan")),
        Mention("vietnam", "p4", "p4s1", "Vietnam", *_at(p4, "Vietnam")),
        Mention("unknown", "p4", "p4s1", "Tokyo", *_at(p4, "Tokyo")),
    )
    claim = Claim("c1", "p2", "p2s1", p2[:10], "2011-10", "stated", (date,), ("f1",), ("jcg",))
    return Extraction(
        article=article.id,
        sentences=_sentences("p2", p2) + _sentences("p4", p4),
        dates=(date, interval, year), claims=(claim,), figures=(figure,), mentions=mentions,
    )


def _corpus() -> Corpus:
    first = _article("first", "Japan <script>alert(1)</script> & Vietnam", "javascript:alert(1)")
    second = _article("second", "Second look", "https://example.org/second?a=1&b=2")
    entities = (
        Entity("jcg", "Japan Coast Guard", "organisation", ("JCG",), (("ja", "海上保安庁"),)),
        Entity("vietnam", "Vietnam", "place", (), (("vi", "Việt Nam"),)),
        Entity("japan", "Japan", "place"),
        Entity("never", "Never Named", "person"),
    )
    return Corpus((first, second), (_extraction(first), _extraction(second)), entities)


class _Page(HTMLParser):
    """Ids, links, tags and well-formedness of one rendered page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"] or "")
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.hrefs.append(a[key] or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _html(site: dict[str, bytes]) -> dict[str, bytes]:
    return {path: content for path, content in site.items() if path.endswith(".html")}


def _is_inline_script(tag: str, attrs: dict[str, str | None]) -> bool:
    """A ``<script>`` that is code in the page: not a file, not a JSON-LD data block."""
    return tag == "script" and not attrs.get("src") and attrs.get("type") != "application/ld+json"


def _parse(content: bytes) -> _Page:
    page = _Page()
    page.feed(content.decode("utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return dict(render_site(Annotated(_corpus()), SiteInfo(), [TEMPLATES]))


def test_site_has_every_page_type_and_no_page_for_unnamed_entities(
    site: dict[str, bytes],
) -> None:
    html = {p for p in site if p.endswith(".html")}
    assert {
        "index.html", "404.html", "timeline.html", "figures.html", "sources.html",
        "events/index.html", "threads/index.html", "articles/first.html",
        "articles/first.source.html", "articles/second.html", "entities/index.html",
        "entities/jcg.html", "entities/vietnam.html", "entities/japan.html",
    } <= html
    # "never" is not mentioned and "unknown" is not in the gazetteer: no page for either
    assert not {"entities/never.html", "entities/unknown.html"} & html
    assert {"feed.xml", "robots.txt", "static/pygments.css", "data/sources.bib",
            "data/sources.json", "data/figures.csv", "data/events.csv",
            "data/timeline.json"} <= set(site)
    assert "sitemap.xml" not in site  # no base URL: a sitemap would need absolute URLs
    assert list(site) == sorted(site)


def test_article_text_and_titles_cannot_inject_markup(site: dict[str, bytes]) -> None:
    for path, content in _html(site).items():
        page = _parse(content)
        assert not any(_is_inline_script(tag, a) or tag in ("img", "b", "i")
                       for tag, a in page.tags), path
        assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs), path
        assert not any(h.startswith("javascript:") for h in page.hrefs), path
    article = site["articles/first.html"].decode()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in article
    assert "<title>Japan &lt;script&gt;alert(1)&lt;/script&gt; &amp; Vietnam" in article
    assert "Tokyo &amp; Hanoi" in article
    second = site["articles/second.html"].decode()
    assert 'href="https://example.org/second?a=1&amp;b=2"' in second


def test_pages_are_well_formed_with_unique_ids_and_no_inline_style_or_script(
    site: dict[str, bytes],
) -> None:
    for path, content in _html(site).items():
        page = _parse(content)
        assert page.errors == [] and page.stack == [], path
        assert [i for i, n in Counter(page.ids).items() if n > 1] == [], path
        assert not any("style" in attrs for _, attrs in page.tags), path
        assert not any(tag == "style" or _is_inline_script(tag, a) for tag, a in page.tags), path


def _broken_links(site: dict[str, bytes]) -> tuple[list[str], int]:
    """Relative hrefs that miss a page, static file or anchor; and how many were checked."""
    ids = {path: set(_parse(content).ids) for path, content in _html(site).items()}
    static = {f"static/{p.relative_to(STATIC).as_posix()}" for p in STATIC.rglob("*.*")}
    static |= {"data/corpus.json", "data/annotations.jsonld"}  # written by the pipeline
    broken, checked = [], 0
    for path, content in _html(site).items():
        for href in _parse(content).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            here = posixpath.dirname(path)
            target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
            target = target if parts.path else path
            checked += 1
            missing = target not in site and target not in static
            if missing or (parts.fragment and unquote(parts.fragment) not in ids.get(target, ())):
                broken.append(f"{path}: {href}")
    return broken, checked


def test_every_relative_link_resolves_to_a_page_or_static_file_and_its_anchor(
    site: dict[str, bytes],
) -> None:
    broken, checked = _broken_links(site)
    assert broken == [] and checked > 50


def test_footnote_markers_and_notes_link_both_ways(site: dict[str, bytes]) -> None:
    page = _parse(site["articles/first.html"])
    anchors = {a.get("id"): a for _, a in page.tags}
    links = [h for h in page.hrefs if h.startswith("#fn")]
    for n in (1, 2):
        assert f"fn-{n}" in anchors and f"fnref-{n}" in anchors
        assert f"#fn-{n}" in links and f"#fnref-{n}" in links
    html = site["articles/first.html"].decode()
    assert "[1]" not in html and "[2]" not in html  # the bracketed marker became a superscript
    # footnote 1 is marked twice; only the first marker carries the id the note links back to
    assert html.count('href="#fn-1"') == 2 and html.count('id="fnref-1"') == 1
    assert '<a href="http://example.org/a">http://example.org/a</a>' in html


def test_dates_and_figures_carry_machine_readable_values(site: dict[str, bytes]) -> None:
    page = _parse(site["articles/first.html"])
    times = [a["datetime"] for t, a in page.tags if t == "time"]
    assert {"2011-10", "2014", "2015-09-20"} <= set(times)
    assert all(is_iso_date(t) for t in times)  # the interval is not put in a <time datetime>
    assert [a["value"] for t, a in page.tags if t == "data"] == ["4000000"]
    html = site["articles/first.html"].decode()
    assert 'title="1992 to 2011">From 1992 to 2011</span>' in html
    assert "(date stated in the article)" in html


def test_entity_names_link_to_their_entity_pages(site: dict[str, bytes]) -> None:
    html = site["articles/first.html"].decode()
    assert '<a class="entity" href="../entities/jcg.html">Japan Coast Guard</a>' in html
    assert '<a class="entity" href="../entities/japan.html">Japan</a>' in html
    assert "Tokyo</a>" not in html and "Tokyo</span>" not in html  # not in the gazetteer
    # linked at its first mention only; later mentions are plain text (lean pages)
    assert html.count('<a class="entity" href="../entities/vietnam.html">Vietnam</a>') == 1
    assert "</a> and Vietnam again)" in html
    entity = site["entities/jcg.html"].decode()
    assert '<span lang="ja">海上保安庁</span>' in entity
    for source in ("first", "second"):
        assert f'href="../articles/{source}.html#p2"' in entity
    assert "the <mark>Japan Coast Guard</mark> lent" in entity
    assert 'href="jcg.html"' in site["entities/index.html"].decode()


def test_sentences_are_wrapped_in_anchored_spans(site: dict[str, bytes]) -> None:
    ids = set(_parse(site["articles/first.html"]).ids)
    assert {"p1", "p2", "p3", "p4", "p2s1", "p2s2", "p4s1"} <= ids


def test_overlapping_marks_keep_the_higher_priority_span_only() -> None:
    article = _article("a", "A")
    text = article.paragraph("p2").text
    extraction = _extraction(article)
    # an entity name overlapping the figure, and a date crossing the sentence boundary
    clash = Mention("jcg", "p2", "p2s1", text[text.index("lent") : text.index("million") + 7],
                    *_at(text, text[text.index("lent") : text.index("million") + 7]))
    crossing = DateMention(text[text.index("patrols") : text.index("From") + 4],
                           *_at(text, text[text.index("patrols") : text.index("From") + 4]),
                           "1992", "stated")
    extraction = Extraction(
        article.id, extraction.sentences, (*extraction.dates, crossing), extraction.claims,
        extraction.figures, (*extraction.mentions, clash),
    )
    entities = (Entity("jcg", "Japan Coast Guard", "organisation"),)
    corpus = Corpus((article,), (extraction,), entities)
    pages = dict(render_site(Annotated(corpus), SiteInfo(), [TEMPLATES]))
    html = pages["articles/a.html"].decode()
    page = _parse(pages["articles/a.html"])
    assert page.errors == [] and page.stack == []
    assert '<data class="figure" value="4000000"' in html
    assert 'href="../entities/jcg.html">lent' not in html
    assert 'datetime="1992"' not in html


def test_offsets_that_do_not_match_the_text_are_not_marked() -> None:
    article = _article("a", "A")
    text = article.paragraph("p2").text
    wrong = Figure("f9", "p2", "p2s1", "$4 million", 0, 10, 4e6, "USD", None, None, None)
    extraction = Extraction(article.id, _sentences("p2", text), (), (), (wrong,), ())
    html = dict(render_site(Annotated(Corpus((article,), (extraction,))), SiteInfo(), [TEMPLATES]))
    assert "<data" not in html["articles/a.html"].decode()


def test_project_templates_override_defaults_file_by_file(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<p id="mine">{{ articles|length }} '
        "{{ '<em>' }}</p>{% endblock %}",
        encoding="utf-8",
    )
    pages = dict(render_site(Annotated(_corpus()), SiteInfo(title="Own"), [own, TEMPLATES]))
    index = pages["index.html"].decode()
    assert '<p id="mine">2 &lt;em&gt;</p>' in index and "<title>Own</title>" in index
    assert "Notes</h2>" in pages["articles/first.html"].decode()  # article.html: the default


def test_missing_template_variable_is_an_error_naming_the_page(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("{{ no_such_thing }}", encoding="utf-8")
    env = make_env([tmp_path, TEMPLATES])
    index = next(p for p in plan_site(_corpus(), SiteInfo()) if p.path == "index.html")
    with pytest.raises(Exception, match=r"index\.html.*no_such_thing"):
        render_page(env, index)


def test_each_environment_sees_the_templates_as_they_are_when_it_is_made(
        tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    env = make_env([own, TEMPLATES])
    assert env.get_template("404.html").filename.startswith(str(TEMPLATES))

    (own / "404.html").write_text("mine", encoding="utf-8")  # hides the default one
    added = make_env([own, TEMPLATES])
    assert added.get_template("404.html").render() == "mine"

    (own / "404.html").write_text("mine, longer", encoding="utf-8")
    changed = make_env([own, TEMPLATES])
    assert changed.get_template("404.html").render() == "mine, longer"

    (own / "404.html").unlink()
    removed = make_env([own, TEMPLATES])
    assert removed.get_template("404.html").filename.startswith(str(TEMPLATES))


def test_precompiling_passes_over_files_that_are_no_templates(tmp_path: Path) -> None:
    from jvreader.render.env import precompile

    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    (tmp_path / "broken.html").write_text("{% if %}", encoding="utf-8")  # fails where used
    env = make_env([tmp_path, TEMPLATES])
    precompile(env)
    assert env.get_template("index.html") is not None
    with pytest.raises(jinja2.TemplateSyntaxError):
        env.get_template("broken.html")


def test_compiled_templates_are_kept_in_the_cache_folder_for_the_next_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jvreader.render import env as env_module

    own, cached = tmp_path / "own", tmp_path / "cache"
    own.mkdir()
    (own / "404.html").write_text("first {{ 1 + 1 }}", encoding="utf-8")
    env_module.precompile(make_env([own, TEMPLATES], cached))
    stored = sorted(cached.glob("*.cache"))
    assert len(stored) == len(env_module.make_env([own, TEMPLATES], cached).list_templates())

    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *a, **k: compiled.append(a[1]) or real(self, *a, **k))
    env = make_env([own, TEMPLATES], cached)
    assert env.get_template("404.html").render() == "first 2" and compiled == []
    (own / "404.html").write_text("second {{ 2 + 2 }}", encoding="utf-8")  # its source changed
    env = make_env([own, TEMPLATES], cached)
    assert env.get_template("404.html").render() == "second 4" and compiled == ["404.html"]

    other = cached / "0000000000000000-stale.cache"  # compiled by another version of the code
    other.write_bytes(b"old")
    make_env([own, TEMPLATES], cached)
    assert not other.exists()


def test_a_template_cache_that_cannot_be_written_only_means_compiling_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    a_file = tmp_path / "cache"
    a_file.write_text("a file where the folder would go", encoding="utf-8")
    assert make_env([TEMPLATES], a_file).get_template("404.html") is not None

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", full_disk)
    env = make_env([TEMPLATES], tmp_path / "folder")
    assert env.get_template("404.html") is not None
    assert not list((tmp_path / "folder").iterdir())


def test_rendering_twice_gives_identical_bytes() -> None:
    first = render_site(Annotated(_corpus()), SiteInfo(), [TEMPLATES])
    assert first == render_site(Annotated(_corpus()), SiteInfo(), [TEMPLATES])


def test_index_summarises_the_corpus(site: dict[str, bytes]) -> None:
    html = site["index.html"].decode()
    assert "2 articles from 1 publication, dated 2015" in html
    assert html.index('href="articles/first.html"') < html.index('href="articles/second.html"')


@pytest.mark.parametrize(
    ("from_path", "to_path", "fragment", "expected"),
    [
        ("index.html", "articles/a.html", "p3", "articles/a.html#p3"),
        ("articles/a.html", "entities/b.html", None, "../entities/b.html"),
        ("articles/a.html", "articles/a.html", "fn-1", "a.html#fn-1"),
        ("entities/index.html", "static/style.css", None, "../static/style.css"),
        ("index.html", "articles/a b#c.html", None, "articles/a%20b%23c.html"),
    ],
)
def test_rel_makes_links_relative_to_the_page(
    from_path: str, to_path: str, fragment: str | None, expected: str
) -> None:
    assert rel(from_path, to_path, fragment) == expected


@pytest.mark.parametrize("bad", ["", "..", "a/b", "a\\b"])
def test_ids_that_would_leave_their_folder_are_refused(bad: str) -> None:
    with pytest.raises(Exception, match="page name"):
        article_path(bad)


def test_seed_site_links_resolve_and_every_footnote_links_both_ways(gold: dict) -> None:
    from jvreader.extract import extract_corpus, load_gazetteer
    from jvreader.load import load_corpus

    articles, _ = load_corpus(REPO / "seeds", REPO)
    corpus = extract_corpus(articles, load_gazetteer(REPO / "seeds" / "gazetteer.yml"))
    site = dict(render_site(Annotated(corpus), SiteInfo(), [TEMPLATES]))
    assert _broken_links(site)[0] == []
    for path, content in _html(site).items():
        page = _parse(content)
        assert page.errors == [] and page.stack == [], path
        assert [i for i, n in Counter(page.ids).items() if n > 1] == [], path
    for article_id, expected in gold["articles"].items():
        ids = set(_parse(site[article_path(article_id)]).ids)
        count = expected.get("footnotes", 0)
        assert {f"fn-{n}" for n in range(1, count + 1)} <= ids
        assert {f"fnref-{n}" for n in range(1, count + 1)} <= ids
        assert {p.id for p in corpus.article(article_id).paragraphs} <= ids


def test_an_entity_is_linked_at_its_first_mention_in_reading_order() -> None:
    text = "Trong met Abe. Later, Nguyen Phu Trong left."
    article = Article(
        id="t", source_file="seeds/t.txt", title="T", dek=None, authors=(), publication=None,
        date=None, date_basis=None, url=None, series=None, issue=None, dateline=None,
        language="en", paragraphs=(Paragraph("p1", "body", text, 1),), footnotes=(),
        removed=(), provenance=(), packed_original=pack_text(""),
    )
    mentions = (
        Mention("npt", "p1", "p1s2", "Nguyen Phu Trong", *_at(text, "Nguyen Phu Trong")),
        Mention("npt", "p1", "p1s1", "Trong", 0, 5),
    )
    extraction = Extraction("t", (), (), (), (), mentions)
    corpus = Corpus((article,), (extraction,), (Entity("npt", "Nguyen Phu Trong", "person"),))
    html = dict(render_site(Annotated(corpus), SiteInfo(), [TEMPLATES]))["articles/t.html"].decode()
    assert '<a class="entity" href="../entities/npt.html">Trong</a> met' in html
    assert "Later, Nguyen Phu Trong left." in html
    assert "entities/index.html" in html and "date unknown" in html.lower()


def test_fast_escaping_and_links_equal_the_plain_ones() -> None:
    from urllib.parse import quote

    from markupsafe import Markup, escape

    from jvreader.render.markup import _escaped, escaped_value

    for text in ("", "plain", "a & b < c > d 'e' \"f\"", "&amp; already", "日本 – Việt Nam"):
        assert _escaped(text) == str(escape(text))
        assert escaped_value(text) == str(Markup("{}").format(text))
    assert _escaped(Markup("<b>kept</b>")) == "<b>kept</b>"
    for value in (4000000, 1.5, 0.25):
        assert escaped_value(value) == str(Markup("{}").format(value))
    for _ in range(2):  # the second round comes from the memo
        for here, to, fragment in (("index.html", "articles/a b.html", "p1"),
                                   ("articles/a.html", "articles/a.html", None),
                                   ("entities/x.p2.html", "articles/a.html", "p3 s1"),
                                   ("a/b/c.html", "d/e.html", None)):
            start = posixpath.dirname(here) or "."
            plain = (posixpath.basename(to) if here == to else posixpath.relpath(to, start))
            expected = quote(plain, safe="/.-_~")
            if fragment:
                expected += "#" + quote(fragment, safe="-_.~")
            assert rel(here, to, fragment) == expected


def _many_articles(count: int) -> Corpus:
    """``count`` copies of the test article (ids ``a000`` …), each naming the same entities."""
    articles = [dataclasses.replace(_article(f"a{k:03d}", f"Report {k}"),
                                    publication=f"Paper {k % 3}") for k in range(count)]
    extractions = [dataclasses.replace(_extraction(a), article=a.id) for a in articles]
    return Corpus(tuple(articles), tuple(extractions), _corpus().entities)


def test_entity_mentions_are_in_article_then_text_order() -> None:
    article = _article("x", "X")
    extraction = _extraction(article)
    # listed out of reading order, with one in a paragraph the article does not have
    shuffled = dataclasses.replace(extraction, mentions=(
        *reversed(extraction.mentions),
        Mention("japan", "p9", "p9s1", "Japan", 0, 5)))
    corpus = Corpus((article, _article("y", "Y")), (shuffled, _extraction(_article("y", "Y"))),
                    _corpus().entities)
    found = views.mentions_by_entity(corpus)
    assert sorted(found) == ["japan", "jcg", "vietnam"]  # "unknown" is not in the gazetteer
    order = {"p2": 0, "p4": 1}
    for eid, entry in found.items():
        expected = [(a, m) for a in corpus.articles for m in sorted(
            (m for m in corpus.extraction(a.id).mentions
             if m.entity == eid and m.paragraph in order),
            key=lambda m: (order[m.paragraph], m.start))]
        assert list(entry) == expected and len(entry) == len(expected)
        assert entry.article_ids == ["x", "y"]
        assert entry.publications() == ["The Paper"]


def test_an_entity_page_reads_only_the_articles_it_shows(monkeypatch) -> None:
    corpus = _many_articles(views.SOURCES_PER_PAGE + 3)
    mentions = views.mentions_by_entity(corpus)["vietnam"]
    grouped: list[int] = []
    real = views.group_by_sentence
    monkeypatch.setattr(views, "group_by_sentence",
                        lambda ms: grouped.append(len(ms)) or real(ms))
    entity = corpus.entities[1]
    view = views.entity_view(build_index(corpus), entity, mentions, "entities/vietnam.p2.html", 2)
    assert grouped == [2, 2, 2]  # the 3 articles of page 2, two mentions each
    assert [s["id"] for s in view["sources"]] == ["a050", "a051", "a052"]
    assert view["mention_count"] == 2 * (views.SOURCES_PER_PAGE + 3)
    assert view["article_count"] == views.SOURCES_PER_PAGE + 3
    assert view["source_range"] == (51, 53, 53)
    assert view["publications"] == ["Paper 0", "Paper 1", "Paper 2"]
    assert [q["paragraph_number"] for q in view["sources"][0]["quotes"]] == [2, 4]


def test_an_event_quote_page_works_on_its_own_quotes_only(monkeypatch) -> None:
    corpus = _many_articles(3 * QUOTES_PER_PAGE + 2)
    mentions = tuple(EventMention(a.id, "p2", "p2s1", "c1", "2011-10") for a in corpus.articles)
    event = Event("loan", "Coast guard loan", "2011-10", False, True, mentions,
                  dates=("2011-10",), sort_date="2011-10")
    annotated = Annotated(corpus, events=(event,))
    pages = {p.path: p for p in planned_pages(render_context(annotated, SiteInfo()))}
    pages["events/loan.html"].view()  # the event's entry and its sources: once per event
    labels: list[EventMention] = []
    names: list[Article] = []
    real_label, real_name = events.mention_date_label, events.source_name
    monkeypatch.setattr(events, "mention_date_label",
                        lambda c, m: labels.append(m) or real_label(c, m))
    monkeypatch.setattr(events, "source_name", lambda a: names.append(a) or real_name(a))
    view = pages["events/loan.p4.html"].view()["event"]
    assert len(view["quotes"]) == 2 and view["quote_range"] == (151, 152, 152)
    assert len(labels) == 2 and len(names) == 2  # the page's two quotes, nothing else
    # the search filter names the page's own sources (a150, a151), not the event's all
    assert view["source_names"] == ["Paper 0", "Paper 1"]


def test_a_source_keeps_its_own_wording_of_a_qualified_date() -> None:
    article = _article("q", "Q")
    extraction = _extraction(article)
    p2 = article.paragraph("p2").text
    early = DateMention("October 2011", *_at(p2, "October 2011"), "2011", "stated", "early")
    claims = (dataclasses.replace(extraction.claims[0], id="c0", sentence="p4s1",
                                  dates=(dataclasses.replace(early, qualifier="late"),)),
              *extraction.claims,
              dataclasses.replace(extraction.claims[0], id="c2", dates=(early,)))
    corpus = Corpus((article,), (dataclasses.replace(extraction, claims=claims),), ())
    label, corpus = events.mention_date_label, build_index(corpus)  # type: ignore[assignment]
    assert label(corpus, EventMention("q", "p2", "p2s1", "c1", "2011-01/2011-04")) == "early 2011"
    assert label(corpus, EventMention("q", "p4", "p4s1", "c0", "2011")) == "late 2011"
    assert label(corpus, EventMention("q", "p4", "p4s9", "c9", "2011-10")) == "October 2011"
    assert label(corpus, EventMention("q", "p2", "p2s1", "c1", "2012")) == "2012"
    assert label(corpus, EventMention("q", "p2", "p2s1", "c1", None)) == ""


def test_a_margin_comparison_shows_the_earliest_figures_and_their_equals() -> None:
    import random

    corpus = _many_articles(8)
    rng = random.Random(3)
    figures = [ComparedFigure(f"a{rng.randrange(8):03d}", f"f{rng.randrange(3)}", "x",
                              float(rng.randrange(2)), "USD", None) for _ in range(40)]
    comparison = Comparison("c", "loan", tuple(figures), "differ", "")
    dated = sorted(figures, key=lambda f: (corpus.article(f.article).date, f.article, f.figure))
    index = build_index(Annotated(corpus, comparisons=(comparison,)))
    for article_id in [a.id for a in corpus.articles]:
        for limit in (0, 1, 3, 50):
            mine, shown, others = index.comparison_share(comparison, article_id, limit)
            chosen = [f for f in dated if f.article != article_id][:limit]
            assert mine == [f for f in figures if f.article == article_id]
            assert shown == [f for f in figures if f in chosen]
            assert others == len(figures) - len(mine)


def test_templates_escape_output_as_markupsafe_does_without_a_markup_per_value(
        tmp_path: Path) -> None:
    from markupsafe import Markup, escape

    from jvreader.render.env import _escaped_output

    (tmp_path / "t.html").write_text(
        "{{ text }}|{{ safe }}|{{ number }}|{% set block %}<i>{{ text }}</i>{% endset %}"
        "{{ block }}|{% macro m(x) %}<b>{{ x }}</b>{% endmacro %}{{ m(text) }}|{{ text ~ safe }}",
        encoding="utf-8")
    env = make_env([tmp_path])
    template = env.get_template("t.html")
    assert template.root_render_func.__globals__["escape"] is _escaped_output  # in effect
    text, safe = "a & b < c > 'd' \"e\" 日本", Markup("<em>kept</em>")
    out = template.render(text=text, safe=safe, number=1.5)
    assert out == "|".join([str(escape(text)), str(safe), "1.5", f"<i>{escape(text)}</i>",
                            f"<b>{escape(text)}</b>", str(escape(text) + safe)])
    for value in ("", "plain", text, safe, 3, 0.25, None):
        assert _escaped_output(value) == str(escape(value))
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()
