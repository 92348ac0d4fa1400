"""Faster forms of annotation's searches give exactly what the plain forms give."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

import jvreader.annotate as annotate_module
from jvreader.annotate import annotate, load_editorial
from jvreader.annotate.compare_auto import measure_rules
from jvreader.annotate.threads import WordFinder, storyline_rules
from jvreader.annotate.view import alternatives_regex, bounded_phrase_regex
from jvreader.model import Annotated

REPO = Path(__file__).resolve().parents[1]

# Texts of my own, in the corpus's languages, with words of several groups side by side,
# joined by hyphens, inside longer words and at the edges of the text.
OWN_TEXTS = (
    "Two-way trade and trade turnover rose; exports of crude oil fell, oil-rich ODA grew.",
    "Japan's official development assistance (ODA) and yen loans funded patrol vessels.",
    "Kim ngạch thương mại hai chiều và vốn đầu tư trực tiếp nước ngoài đều tăng.",
    "Nhật Bản bàn giao tàu tuần tra; hỗ trợ phát triển chính thức tiếp tục.",
    "日本の政府開発援助と円借款、巡視船の供与、原油の輸入が増えた。",
    "tradeturnover oilfield patrolvessels unofficial developmental assistances",
    "trade", "ODA", "", "原油",
)


@pytest.fixture(scope="module")
def seed_texts(seeds_annotated: Annotated) -> list[str]:
    return [s.text for x in seeds_annotated.corpus.extractions for s in x.sentences]


def _groups() -> list[list[str]]:
    measures = measure_rules()
    groups = [list(words) for _, words in measures.definitions]
    groups += [list(o.words) for o in storyline_rules().objects]
    groups.append([w for _, words in measures.definitions for w in words]
                  + [w for o in storyline_rules().objects for w in o.words])
    return groups


def test_alternatives_regex_matches_as_the_plain_alternation(seed_texts: list[str]) -> None:
    texts = [*seed_texts, *OWN_TEXTS]
    windows = [t[i:i + 30] for t in texts for i in range(0, max(1, len(t)), 11)]
    found = 0
    for words in _groups():
        regexes = [bounded_phrase_regex(w) for w in sorted(words, key=len, reverse=True)]
        plain = re.compile("|".join(regexes), re.IGNORECASE)
        factored = re.compile(alternatives_regex(regexes), re.IGNORECASE)
        assert factored.pattern != plain.pattern  # the runs were factored
        for text in texts + windows:
            spans = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in factored.finditer(text)] == spans, (words, text)
            found += len(spans)
    assert found > 100  # texts with words and without


def test_alternatives_regex_keeps_the_order_of_unbounded_alternatives() -> None:
    # A run of bounded alternatives, an unbounded one, then bounded ones again: the order
    # of trying is kept, so the first alternative matching at a place wins as before.
    regexes = [r"(?<!\w)ab", "a", r"(?<!\w)abc", r"(?<!\w)x"]
    assert alternatives_regex(regexes) == r"(?<!\w)(?:ab)|a|(?<!\w)(?:abc|x)"
    assert alternatives_regex([]) == ""
    assert re.findall(alternatives_regex(regexes), "abc xab") == ["ab", "x", "a"]


def _hits_group_by_group(finder: WordFinder, text: str) -> list[tuple[int, int, int]]:
    """What ``WordFinder.hits`` means: each group whose key word is among the text's words
    (or whose unspaced word is in it) searched in turn."""
    words = set(re.findall(r"\w+", text.casefold()))
    found = []
    for i, group in enumerate(finder.groups):
        if group.keys & words or (group.unspaced and group.unspaced.search(text)):
            found += [(m.start(), m.end(), i) for m in group.pattern.finditer(text)]
    return sorted(found)


def test_word_finder_hits_are_each_group_searched_in_turn(seed_texts: list[str]) -> None:
    measures = measure_rules()
    finders = [measures.measure_words, measures.definition_words, storyline_rules().finder]
    found = 0
    for finder in finders:
        for text in [*seed_texts, *OWN_TEXTS]:
            hits = _hits_group_by_group(finder, text)
            assert list(finder.hits(text)) == hits, text
            found += len(hits)
    assert found > 50
    assert {g for f in finders for t in OWN_TEXTS for _, _, g in f.hits(t)} != set()


def test_annotate_pauses_the_collector_and_leaves_it_as_it_was(
        seeds_annotated: Annotated) -> None:
    curated, notes, _ = load_editorial(REPO / "seeds", REPO)
    seen: list[bool] = []
    real = annotate_module.link_automatic

    def spy(*args: object) -> object:
        seen.append(gc.isenabled())
        return real(*args)

    was = gc.isenabled()
    try:
        annotate_module.link_automatic = spy
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            again = annotate(seeds_annotated.corpus, curated, notes)
            assert gc.isenabled() == enabled
            assert again.events == seeds_annotated.events
    finally:
        annotate_module.link_automatic = real
        gc.enable() if was else gc.disable()
    assert seen == [False, False]
