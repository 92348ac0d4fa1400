"""Incremental builds: the cache redoes only what changed, and the site is byte-identical
to a cold build whatever state the cache is in."""

from __future__ import annotations

import multiprocessing
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import jvreader.load as load_stage
from jvreader import articles
from jvreader.cache import CACHE_DIR, Cache
from jvreader.cache.load import load_and_extract
from jvreader.config import load_project
from jvreader.extract import extract_corpus, load_gazetteer
from jvreader.load import load_corpus
from jvreader.pipeline import build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_to(project: Path, out: Path, use_cache: bool = True) -> dict[str, bytes]:
    settings = replace(load_project(project, out), search=False)
    build(settings, use_cache=use_cache)
    return tree(out)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The articles whose load and extraction actually run (not served from the cache)."""
    calls: dict[str, list[str]] = {"load": [], "extract": []}
    real_build, real_extract = load_stage.build_article, articles.extract_with_names

    def spy_build(raw):
        calls["load"].append(raw.id)
        return real_build(raw)

    def spy_extract(article, gazetteer):
        calls["extract"].append(article.id)
        return real_extract(article, gazetteer)

    monkeypatch.setattr(load_stage, "build_article", spy_build)
    monkeypatch.setattr(articles, "extract_with_names", spy_extract)
    return calls


def add_opening_paragraph(project: Path, article: str) -> None:
    """An edit that shifts every paragraph number of ``article`` (so every ¶ link to it)."""
    path = project / "seeds" / f"{article}.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "An editor added this opening paragraph to the article.")
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_one(project: Path) -> str:
    path = sorted((project / "seeds").glob("*.txt"))[-1]
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + "\n\nIn March 2019, Japan opened a new consulate in Da Nang.\n",
                    encoding="utf-8")
    return path.stem


def test_rebuild_after_editing_one_article_redoes_only_it_and_matches_a_cold_build(
        seed_project: Path, tmp_path: Path, counted: dict[str, list[str]]) -> None:
    first = build_to(seed_project, tmp_path / "out")
    assert len(counted["load"]) == 5
    counted["load"].clear()
    counted["extract"].clear()

    edited = edit_one(seed_project)
    warm = build_to(seed_project, tmp_path / "out")
    assert counted == {"load": [edited], "extract": [edited]}
    assert warm != first  # the edit shows

    cold = build_to(seed_project, tmp_path / "cold", use_cache=False)
    assert warm == cold
    shutil.rmtree(seed_project / CACHE_DIR)
    assert build_to(seed_project, tmp_path / "again") == cold


def test_an_unchanged_rebuild_runs_no_article_work_and_writes_the_same_site(
        seed_project: Path, tmp_path: Path, counted: dict[str, list[str]]) -> None:
    first = build_to(seed_project, tmp_path / "out")
    counted["load"].clear()
    counted["extract"].clear()
    assert build_to(seed_project, tmp_path / "out") == first
    assert counted == {"load": [], "extract": []}


class StageLog:
    """A reporter that keeps what each stage said."""

    def __init__(self) -> None:
        self.said: dict[str, str] = {}

    def stage(self, name: str, detail: str) -> None:
        self.said[name] = detail

    def advance(self, done: int, total: int) -> None:
        pass


def test_the_extract_stage_counts_the_articles_taken_from_the_cache(
        seed_project: Path, tmp_path: Path) -> None:
    settings = replace(load_project(seed_project, tmp_path / "out"), search=False)
    log = StageLog()
    build(settings, reporter=log)
    assert log.said["extract"].startswith("5 articles, 0 from the cache")
    edit_one(seed_project)
    build(settings, reporter=log)
    assert log.said["extract"].startswith("5 articles, 4 from the cache")
    build(settings, reporter=log)
    assert log.said["extract"] == "5 articles, all as last time"


def test_a_gazetteer_edit_redoes_extraction_but_not_loading(
        seed_project: Path, tmp_path: Path, counted: dict[str, list[str]]) -> None:
    build_to(seed_project, tmp_path / "out")
    counted["load"].clear()
    counted["extract"].clear()
    gazetteer = seed_project / "seeds" / "gazetteer.yml"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8")
                         + "  - {id: da-nang-consulate, name: Da Nang consulate, kind: other}\n",
                         encoding="utf-8")
    warm = build_to(seed_project, tmp_path / "out")
    assert counted["load"] == []
    assert len(counted["extract"]) == 5
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_corrupt_or_truncated_cache_entries_are_rebuilt_not_fatal(
        seed_project: Path, tmp_path: Path, counted: dict[str, list[str]]) -> None:
    first = build_to(seed_project, tmp_path / "out")
    entries = sorted((seed_project / CACHE_DIR).rglob("*.pickle"))
    assert entries
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(b"not a pickle" if i % 2 else data[: len(data) // 2])
    counted["load"].clear()
    assert build_to(seed_project, tmp_path / "out") == first
    assert len(counted["load"]) == 5
    assert build_to(seed_project, tmp_path / "out") == first  # and the cache is whole again


def test_an_unwritable_cache_folder_only_makes_the_build_uncached(
        seed_project: Path, tmp_path: Path) -> None:
    (seed_project / CACHE_DIR).write_text("a file where the cache folder would go")
    assert build_to(seed_project, tmp_path / "out") == build_to(
        seed_project, tmp_path / "cold", use_cache=False)


def test_the_process_pool_gives_the_corpus_of_the_plain_stages(
        seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = seed_project / "seeds"
    gazetteer = load_gazetteer(seeds / "gazetteer.yml")
    results, found_warnings = articles.read_articles(seeds, seed_project, gazetteer)
    plain = articles.corpus_of(results, gazetteer)
    warnings = (*found_warnings, *articles.warnings_of(results))
    assert plain == extract_corpus(*load_corpus(seeds, seed_project)[:1], gazetteer)
    monkeypatch.setattr(articles, "POOL_THRESHOLD", 1)
    pooled, pooled_warnings = load_and_extract(seeds, seed_project, seeds / "gazetteer.yml",
                                               Cache(None), workers=2)
    assert pooled == plain
    assert pooled_warnings == warnings


def test_a_bad_file_read_in_a_worker_is_reported_like_a_serial_one(
        make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    from jvreader.errors import SourceError

    project = make_project({"a.txt": "Title\n\nSome text here.\n", "b.txt": b"text\x00binary"})
    monkeypatch.setattr(articles, "POOL_THRESHOLD", 1)
    with pytest.raises(SourceError) as pooled:
        load_and_extract(project / "seeds", project, project / "seeds" / "gazetteer.yml",
                         Cache(None), workers=2)
    assert not multiprocessing.active_children()  # the pool stopped with the error
    with pytest.raises(SourceError) as serial:
        load_corpus(project / "seeds", project)
    assert str(pooled.value) == str(serial.value)


# --- Past extraction: annotation and pages are reused only when their inputs are unchanged ---


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """The annotations computed and the pages actually rendered (not kept from last build)."""
    import jvreader.cache.incremental as pipeline_module
    import jvreader.render as render_module

    calls: dict[str, list] = {"annotate": [], "pages": []}
    real_annotate, real_render = pipeline_module.annotate, render_module.render_page

    def spy_annotate(corpus, curated, notes, **reuse):
        calls["annotate"].append(len(corpus.articles))
        return real_annotate(corpus, curated, notes, **reuse)

    def spy_render(env, page):
        calls["pages"].append(page.path)
        return real_render(env, page)

    monkeypatch.setattr(pipeline_module, "annotate", spy_annotate)
    monkeypatch.setattr(render_module, "render_page", spy_render)
    return calls


def test_an_unchanged_rebuild_neither_annotates_nor_renders_and_keeps_every_file(
        seed_project: Path, tmp_path: Path, rendered: dict[str, list]) -> None:
    first = build_to(seed_project, tmp_path / "out")
    assert rendered["annotate"] and len(rendered["pages"]) > 10
    inode = (tmp_path / "out" / "index.html").stat().st_ino
    rendered["annotate"].clear()
    rendered["pages"].clear()
    assert build_to(seed_project, tmp_path / "out") == first
    assert rendered == {"annotate": [], "pages": []}
    assert (tmp_path / "out" / "index.html").stat().st_ino == inode  # the same file, linked


def test_an_unchanged_rebuild_does_not_even_plan_the_site(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jvreader.render as render_module

    first = build_to(seed_project, tmp_path / "out")
    build_to(seed_project, tmp_path / "out")  # the manifest now lists the site's files

    def no_plan(*args, **kwargs):
        raise AssertionError("the site was planned")

    monkeypatch.setattr(render_module, "planned_pages", no_plan)
    monkeypatch.setattr(render_module, "render_context", no_plan)
    assert build_to(seed_project, tmp_path / "out") == first
    page = tmp_path / "out" / "index.html"  # a file changed by hand needs the plan again
    page.write_bytes(page.read_bytes().replace(b"<", b">", 1))
    monkeypatch.undo()
    assert build_to(seed_project, tmp_path / "out") == first


def test_an_unchanged_rebuild_reports_as_the_last_without_loading_the_corpus(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jvreader.cache import stages

    notes = seed_project / "seeds" / "notes"
    (notes / "stale.md").write_text("---\narticle: 000_71d515776e3e71d7\nexact: no such text\n"
                                    "---\nA note whose anchor is gone.\n", encoding="utf-8")
    settings = replace(load_project(seed_project, tmp_path / "out"), search=False)
    first = build(settings)
    site = tree(tmp_path / "out")
    assert any("stale.md" in w for w in first.warnings)

    def no_load(*args, **kwargs):
        raise AssertionError("the corpus was loaded")

    monkeypatch.setattr(stages, "load_and_extract_keyed", no_load)
    again = build(settings)
    assert (again.articles, again.pages, again.warnings) == (
        first.articles, first.pages, first.warnings)
    assert tree(tmp_path / "out") == site
    # An editorial change is a change of the input: it is loaded and built again.
    (notes / "stale.md").write_text("---\narticle: 000_71d515776e3e71d7\nexact: Japan\n---\n"
                                    "Now anchored.\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="the corpus was loaded"):
        build(settings)


def test_an_unchanged_rebuild_in_strict_mode_or_in_serve_still_loads_the_corpus(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jvreader.cache import Memory, stages

    settings = replace(load_project(seed_project, tmp_path / "out"), search=False)
    build(settings)
    build(settings)
    loads = []
    real = stages.load_and_extract_keyed

    def spy(*args, **kwargs):
        loads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(stages, "load_and_extract_keyed", spy)
    build(replace(settings, strict=True))  # strict checks read the corpus
    memory = Memory()
    build(settings, memory=memory)  # serve keeps the corpus for its next save
    assert len(loads) == 2
    assert memory.newest("corpus") is not None


def test_a_file_changed_while_an_unchanged_site_is_linked_makes_the_build_load_after_all(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jvreader import write

    first = build_to(seed_project, tmp_path / "out")
    build_to(seed_project, tmp_path / "out")
    real, changed = write._still_kept, []

    def changed_once(dest, old, kept):
        if not changed:  # as if an editor saved over the first file between match and link
            changed.append(dest)
            return False
        return real(dest, old, kept)

    monkeypatch.setattr(write, "_still_kept", changed_once)
    assert build_to(seed_project, tmp_path / "out") == first
    assert changed


def test_after_one_edit_only_pages_whose_view_changed_are_rendered(
        seed_project: Path, tmp_path: Path, rendered: dict[str, list]) -> None:
    build_to(seed_project, tmp_path / "out")
    total = len(rendered["pages"])
    rendered["pages"].clear()
    edited = edit_one(seed_project)
    warm = build_to(seed_project, tmp_path / "out")
    assert f"articles/{edited}.html" in rendered["pages"]
    assert len(rendered["pages"]) < total
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_the_worker_pool_reuses_pages_like_one_process(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jvreader.render as render_module

    monkeypatch.setattr(render_module, "POOL_THRESHOLD", 1)
    build_to(seed_project, tmp_path / "out")
    edit_one(seed_project)
    warm = build_to(seed_project, tmp_path / "out")
    monkeypatch.setattr(render_module, "POOL_THRESHOLD", 10**9)
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def _edit_template(project: Path) -> None:
    from jvreader.config import packaged_dir

    own = project / "templates"
    own.mkdir(exist_ok=True)
    base = (packaged_dir("templates") / "base.html").read_text(encoding="utf-8")
    assert "</body>" in base
    (own / "base.html").write_text(base.replace("</body>", "<p>Edited footer</p></body>"),
                                   encoding="utf-8")


def _edit_static(project: Path) -> None:
    (project / "static").mkdir(exist_ok=True)
    (project / "static" / "style.css").write_text("body { color: red; }\n", encoding="utf-8")


def _edit_events(project: Path) -> None:
    path = project / "seeds" / "events.yml"
    text = path.read_text(encoding="utf-8")
    label = "label: Japan and Vietnam establish diplomatic relations"
    assert label in text
    path.write_text(text.replace(label, label + " (edited)"), encoding="utf-8")


def _edit_note(project: Path) -> None:
    note = sorted((project / "seeds" / "notes").glob("*.md"))[0]
    note.write_text(note.read_text(encoding="utf-8") + "\nAn added editorial sentence.\n",
                    encoding="utf-8")


def _edit_config(project: Path) -> None:
    (project / "jvreader.yml").write_text("title: An edited title\n", encoding="utf-8")


@pytest.mark.parametrize("edit", [_edit_template, _edit_static, _edit_events, _edit_note,
                                  _edit_config],
                         ids=["template", "static", "events", "note", "config"])
def test_edits_besides_articles_reach_the_cached_build(
        seed_project: Path, tmp_path: Path, edit) -> None:
    first = build_to(seed_project, tmp_path / "out")
    edit(seed_project)
    warm = build_to(seed_project, tmp_path / "out")
    assert warm != first  # the edit shows
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_an_output_file_changed_by_hand_is_made_again(
        seed_project: Path, tmp_path: Path) -> None:
    first = build_to(seed_project, tmp_path / "out")
    page = tmp_path / "out" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"<", b">", 1))  # same size, other bytes
    assert build_to(seed_project, tmp_path / "out") == first


def test_after_one_edit_annotation_reworks_only_that_article_and_gives_the_same_events(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jvreader.annotate as annotate_module

    worked: list[str] = []
    real_views = annotate_module.article_views

    def spy_views(article, extraction):
        worked.append(article.id)
        return real_views(article, extraction)

    monkeypatch.setattr(annotate_module, "article_views", spy_views)
    build_to(seed_project, tmp_path / "out")
    assert len(worked) == 5
    worked.clear()
    edited = edit_one(seed_project)
    warm = build_to(seed_project, tmp_path / "out")
    assert worked == [edited]
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_an_edit_shown_in_another_articles_margin_renders_that_page_again(
        seed_project: Path, tmp_path: Path, rendered: dict[str, list]) -> None:
    """Article pages are keyed by their views, margins included: an edit to a source named
    in another article's margin reaches that page."""
    first = build_to(seed_project, tmp_path / "out")
    ids = [p.stem for p in sorted((seed_project / "seeds").glob("*.txt"))]
    pairs = [(a, b) for a in ids for b in ids
             if a != b and f'href="{a}.html#p'.encode() in first[f"articles/{b}.html"]]
    assert pairs, "no article's margin links to another article"
    source, page = pairs[0]
    add_opening_paragraph(seed_project, source)
    rendered["pages"].clear()
    warm = build_to(seed_project, tmp_path / "out")
    assert f"articles/{page}.html" in rendered["pages"]
    assert warm[f"articles/{page}.html"] != first[f"articles/{page}.html"]
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def spy_on_shares(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """The ids of the articles whose export share the pipeline's ``name`` makes, in order."""
    import jvreader.cache.incremental as pipeline_module

    made: list[str] = []
    real = getattr(pipeline_module, name)

    def spy(article, extraction, *settings):
        made.append(article.id)
        return real(article, extraction, *settings)

    monkeypatch.setattr(pipeline_module, name, spy)
    return made


def test_after_one_edit_the_data_exports_serialise_only_that_article_again(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = {"corpus": spy_on_shares(monkeypatch, "article_part"),
            "jsonld": spy_on_shares(monkeypatch, "entity_annotations")}
    build_to(seed_project, tmp_path / "out")
    assert len(made["corpus"]) == len(made["jsonld"]) == 5
    made["corpus"].clear()
    made["jsonld"].clear()
    edited = edit_one(seed_project)
    warm = build_to(seed_project, tmp_path / "out")
    assert made == {"corpus": [edited], "jsonld": [edited]}
    cold = build_to(seed_project, tmp_path / "cold", use_cache=False)
    assert warm["data/corpus.json"] == cold["data/corpus.json"]
    assert warm["data/annotations.jsonld"] == cold["data/annotations.jsonld"]
    assert warm == cold


def test_a_few_edits_make_their_export_shares_again_instead_of_storing_them_all(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = spy_on_shares(monkeypatch, "article_part")
    build_to(seed_project, tmp_path / "out")
    entries = sorted((seed_project / CACHE_DIR / "export-corpus").glob("*/*.pickle"))
    assert len(entries) == 1  # the shares of every article, stored by the cold build
    stored = entries[0].read_bytes()
    sources = sorted((seed_project / "seeds").glob("*.txt"))
    for n, path in enumerate(sources[:2], 1):  # two edits, one build after each
        path.write_text(path.read_text(encoding="utf-8") + f"\nEdit {n}.\n", encoding="utf-8")
        made.clear()
        warm = build_to(seed_project, tmp_path / "out")
        # the shares stored by the cold build serve the unchanged articles; each edited
        # article's share is made again, the file of stored shares is left as it was
        assert made == [p.stem for p in sources[:n]]
        assert entries[0].read_bytes() == stored
        cold = build_to(seed_project, tmp_path / f"cold{n}", use_cache=False)
        assert warm["data/corpus.json"] == cold["data/corpus.json"]


def test_after_a_template_edit_the_site_matches_a_cold_build(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key holds the templates' digest: when they change, no page of the last build
    can be reused, and the rebuild goes straight to rendering."""
    import jvreader.render as render_module

    monkeypatch.setattr(render_module, "POOL_THRESHOLD", 40)
    build_to(seed_project, tmp_path / "out")
    own = seed_project / "templates"
    own.mkdir()
    default_404 = (Path(__file__).resolve().parents[1] / "templates" / "404.html").read_text(
        encoding="utf-8")
    head, _, tail = default_404.rpartition("{% endblock %}")  # the end of the main block
    (own / "404.html").write_text(f"{head}<p>Edited.</p>{{% endblock %}}{tail}",
                                  encoding="utf-8")
    warm = build_to(seed_project, tmp_path / "out")
    assert b"<p>Edited.</p>" in warm["404.html"]
    monkeypatch.setattr(render_module, "POOL_THRESHOLD", 10**9)
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


@pytest.mark.parametrize("kind", ["entities/", "events/", "timeline.html", "figures.html"])
def test_an_edit_to_an_article_a_page_quotes_renders_that_page_again(
        seed_project: Path, tmp_path: Path, rendered: dict[str, list], kind: str) -> None:
    """Entity and event pages, the timeline and figures.html link to the article's
    paragraphs by number: an opening paragraph added to it must reach each page's view."""
    first = build_to(seed_project, tmp_path / "out")
    ids = [p.stem for p in sorted((seed_project / "seeds").glob("*.txt"))]
    pages = [(a, path) for a in ids for path in sorted(first)
             if (path.startswith(kind) if kind.endswith("/") else path == kind)
             and f"{a}.html#p".encode() in first[path]]
    assert pages, f"no {kind} page quotes an article"
    source, page = pages[0]
    add_opening_paragraph(seed_project, source)
    rendered["pages"].clear()
    warm = build_to(seed_project, tmp_path / "out")
    assert page in rendered["pages"]
    assert warm[page] != first[page]
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


@pytest.mark.parametrize("pool", [False, True], ids=["one process", "worker pool"])
def test_after_one_edit_pages_whose_views_are_unchanged_are_kept(
        seed_project: Path, tmp_path: Path, rendered: dict[str, list],
        monkeypatch: pytest.MonkeyPatch, pool: bool) -> None:
    # Every view is built again and hashed (in a pool, by the workers): an edit that changes
    # no event's entry leaves the events list and the timeline as they were.
    import jvreader.render as render_module

    monkeypatch.setattr(render_module, "POOL_THRESHOLD", 1 if pool else 10**9)
    build_to(seed_project, tmp_path / "out")
    reporting: dict[str, set[str]] = {}
    for event in load_seeds_annotated(seed_project).events:
        for m in event.mentions:
            reporting.setdefault(m.article, set()).add(event.id)
    edited = max(reporting, key=lambda a: (len(reporting[a]) < len(reporting), a))
    path = seed_project / "seeds" / f"{edited}.txt"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + "\n\nAn editor added this plain sentence.\n", encoding="utf-8")
    rendered["pages"].clear()
    warm = build_to(seed_project, tmp_path / "out")
    if not pool:  # the workers' renders are not seen here
        assert f"articles/{edited}.html" in rendered["pages"]
        assert not {"events/index.html", "timeline.html"} & set(rendered["pages"])
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def load_seeds_annotated(project: Path):
    from jvreader.annotate import annotate, load_editorial

    seeds = project / "seeds"
    corpus, _ = load_and_extract(seeds, project, seeds / "gazetteer.yml", Cache(None))
    curated, notes, _ = load_editorial(seeds, project)
    return annotate(corpus, curated, notes)


def test_a_view_that_cannot_be_hashed_leaves_its_page_uncached_not_the_build_failed(
        seed_project: Path, tmp_path: Path, rendered: dict[str, list],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from jvreader.render import reuse

    def unhashable(value):
        raise TypeError("cannot pickle this view")

    monkeypatch.setattr(reuse, "stable_pickle", unhashable)
    build_to(seed_project, tmp_path / "out")
    edit_one(seed_project)
    rendered["pages"].clear()
    warm = build_to(seed_project, tmp_path / "out")
    assert {"timeline.html", "events/index.html", "figures.html"} <= set(rendered["pages"])
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_an_edit_renders_only_the_quote_pages_of_an_event_that_quote_the_article(
        seed_project: Path, tmp_path: Path, rendered: dict[str, list],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # An event told by a thousand articles has twenty pages of quotes: each page is keyed by
    # its view (its quotes and the event's entry), not by every reporting article.
    from jvreader.render import events, site_views

    for module in (events, site_views):  # a page of quotes per mention here
        monkeypatch.setattr(module, "QUOTES_PER_PAGE", 1)
    monkeypatch.setattr(events, "ENTRY_SOURCES", 1)  # an entry names the first source only
    first = build_to(seed_project, tmp_path / "out")
    told = [(e, [m.article for m in e.mentions]) for e in load_seeds_annotated(
        seed_project).events]
    # an event whose first source is not the one quoted on its second page
    event, articles = next((e, a) for e, a in told if len(a) >= 2 and a[1] != a[0])
    quoting = {f"events/{event.id}.html" if n == 1 else f"events/{event.id}.p{n}.html"
               for n, a in enumerate(articles, start=1) if a == articles[1]}
    assert quoting <= set(first) and f"events/{event.id}.html" not in quoting
    path = seed_project / "seeds" / f"{articles[1]}.txt"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + "\n\nAn editor added this plain sentence.\n", encoding="utf-8")
    rendered["pages"].clear()
    warm = build_to(seed_project, tmp_path / "out")
    mine = {p for p in rendered["pages"] if p.startswith(f"events/{event.id}.")}
    assert mine <= quoting  # its other pages are kept (and these, when their view is as it was)
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)
