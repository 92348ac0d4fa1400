"""The Web Annotation export checked against the W3C model's must-rules and the pages it
points into: absolute IRIs once ``base_url`` is set, bodies and targets that are real pages,
HTML fragment selectors naming real anchors, and quote selectors found in the page's text
as a browser shows it (``textContent``)."""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jvreader.annotate.jsonld import HTML_FRAGMENT, NOTE_MARK, Shown, annotations_jsonld
from jvreader.config import load_project
from jvreader.model import Annotated
from jvreader.pipeline import build
from jvreader.render import render_site
from jvreader.render.site import SiteInfo
from site_under_test import annotated_seeds

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BASE = "https://example.org/reader/"
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing",
               "editing", "highlighting", "identifying", "linking", "moderating",
               "questioning", "replying", "tagging"}


class _Text(HTMLParser):
    """A page's ``document.body.textContent`` and its element ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.ids: set[str] = set()
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_body = self.in_body or tag == "body"
        self.ids.update(v for k, v in attrs if k == "id" and v)

    def handle_data(self, data: str) -> None:
        if self.in_body:
            self.parts.append(data)


@pytest.fixture(scope="module")
def seeds() -> Annotated:
    return annotated_seeds()


@pytest.fixture(scope="module")
def pages(seeds: Annotated) -> dict[str, _Text]:
    out = {}
    for path, data in render_site(seeds, SiteInfo(base_url=BASE), [TEMPLATES]):
        if path.endswith(".html"):
            parsed = _Text()
            parsed.feed(data.decode("utf-8"))
            out[path] = parsed
    return out


@pytest.fixture(scope="module")
def items(seeds: Annotated) -> list[dict]:
    collection = json.loads(annotations_jsonld(seeds, BASE))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    _absolute(collection["id"])
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and len(page["items"]) == collection["total"]
    return page["items"]


def _absolute(iri: str) -> str:
    """The site path ``iri`` names (it must be an absolute IRI under the base)."""
    parts = urlsplit(iri)
    assert parts.scheme == "https" and parts.netloc, iri
    assert iri.startswith(BASE), iri
    return parts.path[len(urlsplit(BASE).path):]


def test_every_annotation_is_absolute_and_points_at_real_pages(
        items: list[dict], pages: dict[str, _Text]) -> None:
    assert items
    for item in items:
        assert item["type"] == "Annotation" and item["motivation"] in MOTIVATIONS
        _absolute(item["id"])
        body, target = item["body"], item["target"]
        if isinstance(body, str):
            body_iri = urlsplit(body)
            assert _absolute(body) in pages, body  # the body resolves to a page of the site
            if body_iri.fragment:
                assert body_iri.fragment in pages[_absolute(body)].ids, body
        else:
            assert body["type"] == "TextualBody" and body["value"] and body["format"]
        source = _absolute(target["source"])
        assert source in pages, target["source"]
        for selector in target.get("selector", ()):
            if selector["type"] == "FragmentSelector":
                assert selector["conformsTo"] == HTML_FRAGMENT
                assert selector["value"] in pages[source].ids, (source, selector["value"])


def test_event_links_lead_to_the_event_pages(items: list[dict], seeds: Annotated) -> None:
    linking = [i for i in items if i["motivation"] == "linking"]
    assert len(linking) == sum(len(e.mentions) for e in seeds.events)
    for item in linking:
        assert _absolute(item["body"]).startswith("events/"), item["body"]


def test_every_quote_selector_matches_the_page_text(
        items: list[dict], pages: dict[str, _Text]) -> None:
    checked = 0
    for item in items:
        page = pages[_absolute(item["target"]["source"])]
        text = "".join(page.parts)
        for s in item["target"].get("selector", ()):
            if s["type"] == "TextQuoteSelector":
                quote = s.get("prefix", "") + s["exact"] + s.get("suffix", "")
                assert quote in text, (item["id"], quote)
                checked += 1
    assert checked == len(items)


@pytest.mark.parametrize(("text", "start", "end", "shown", "exact"), [
    ("The MOU was signed in 2011.[2] Later, more.", 4, 7, "2011.2 Later", "MOU"),
    ("Bản ghi nhớ ký năm 2011.[2] Sau đó.", 0, 11, "2011.2 Sau", "Bản ghi nhớ"),
    ("2011年に覚書に署名した。[3]その後。", 6, 8, "した。3その後", "覚書"),
])
def test_footnote_calls_are_quoted_as_the_page_shows_them(
        text: str, start: int, end: int, shown: str, exact: str) -> None:
    view = Shown(text, frozenset({2, 3}))
    assert shown in view.text and "[" not in view.text
    selector = view.selector(start, end, "p1")[0]
    assert selector["exact"] == exact
    assert "[" not in selector["prefix"] + selector["suffix"]


def test_a_note_marker_stays_outside_the_quote_it_follows() -> None:
    text = "Japan lent $4 million. Vietnam agreed."
    view = Shown(text, marks=(len("Japan lent $4 million"),))
    assert view.text == "Japan lent $4 million" + NOTE_MARK + ". Vietnam agreed."
    figure = view.selector(11, 21, "p1")[0]
    assert figure["exact"] == "$4 million" and figure["suffix"].startswith(NOTE_MARK)
    after = view.selector(23, 30, "p1")[0]
    assert after["exact"] == "Vietnam" and NOTE_MARK in after["prefix"]


def test_the_build_writes_absolute_annotations_when_base_url_is_set(
        seed_project: Path, tmp_path: Path) -> None:
    (seed_project / "jvreader.yml").write_text(f"base_url: {BASE}\n", encoding="utf-8")
    project = dataclasses.replace(load_project(seed_project, tmp_path / "out"), search=False)
    build(project)
    data = json.loads((tmp_path / "out" / "data" / "annotations.jsonld").read_bytes())
    first = data["first"]["items"][0]
    assert first["id"].startswith(BASE) and first["target"]["source"].startswith(BASE)
