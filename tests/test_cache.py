"""The cache store: entries in memory between builds of one process, and pruning of the
whole-corpus entries that every edit adds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import jvreader.load as load_stage
from jvreader import articles
from jvreader.cache import BULKY_KINDS, CACHE_DIR, SPARE_ENTRIES, Cache, Memory
from jvreader.cache import load as load_cache
from site_trees import build_to


def edit_one(project: Path, n: int) -> None:
    path = sorted((project / "seeds").glob("*.txt"))[-1]
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + f"\n\nIn March 2019, Japan opened consulate number {n} in Da Nang.\n",
                    encoding="utf-8")


def entries(project: Path, kind: str) -> list[Path]:
    return sorted((project / CACHE_DIR / kind).glob("*/*.pickle"))


def test_prune_keeps_what_this_build_used_and_the_newest_spares(tmp_path: Path) -> None:
    writer = Cache(tmp_path)
    for n in range(6):
        writer.put("corpus", f"{n:02d}" * 32, n)
        path = tmp_path / "corpus" / f"{n:02d}" / f"{f'{n:02d}' * 32}.pickle"
        os.utime(path, ns=(n * 10**9, n * 10**9))  # entry n is the n-th newest
    writer.put("load", "ab" * 32, "an article")

    reader = Cache(tmp_path)
    assert reader.get("corpus", "00" * 32) == 0  # the oldest, but used by this build
    assert reader.prune(spare=2) == 3

    left = sorted(p.stem[:2] for p in (tmp_path / "corpus").glob("*/*.pickle"))
    assert left == ["00", "04", "05"]
    assert reader.get("load", "ab" * 32) == "an article"  # other kinds are left alone


def test_the_cache_folder_does_not_grow_with_every_edit(seed_project: Path,
                                                        tmp_path: Path) -> None:
    build_to(seed_project, tmp_path / "out")
    for n in range(4):
        edit_one(seed_project, n)
        build_to(seed_project, tmp_path / "out")
    for kind in BULKY_KINDS:
        # the current state, the one the last edit started from, and the spares
        assert 1 <= len(entries(seed_project, kind)) <= 2 + SPARE_ENTRIES, kind


def test_a_build_with_memory_reuses_the_last_corpus_without_reading_it_back(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = Memory()
    build_to(seed_project, tmp_path / "out", memory=memory)
    shutil.rmtree(seed_project / CACHE_DIR)  # only the process's memory holds the corpus now
    loaded: list[str] = []
    real = load_stage.build_article
    monkeypatch.setattr(load_stage, "build_article",
                        lambda raw: loaded.append(raw.id) or real(raw))
    edit_one(seed_project, 1)
    warm = build_to(seed_project, tmp_path / "out", memory=memory)

    assert loaded == [sorted((seed_project / "seeds").glob("*.txt"))[-1].stem]
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_edits_in_one_process_start_from_the_last_corpus_in_memory_not_the_one_on_disk(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The corpus on disk is rewritten only after several edits: from the third edit in a row
    # on, it was older than the two the memory keeps, and read back from disk.
    memory = Memory()
    build_to(seed_project, tmp_path / "out", memory=memory)
    read_back: list[object] = []
    real_read = load_cache.read_corpus_entry
    monkeypatch.setattr(load_cache, "read_corpus_entry",
                        lambda fh: read_back.append(fh) or real_read(fh))
    for n in range(4):
        edit_one(seed_project, n)
        warm = build_to(seed_project, tmp_path / "out", memory=memory)

    assert read_back == []
    assert memory.newest("corpus") is not None
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_memory_keeps_only_the_latest_entries_of_the_bulky_kinds() -> None:
    memory = Memory()
    for n in range(5):
        memory.put("corpus", str(n), n)
    memory.put("load", "x", "small entries stay on disk only")
    assert [memory.get("corpus", str(n)) for n in range(5)] == [None, None, None, 3, 4]
    assert memory.newest("corpus") == 4 and memory.newest("annotate") is None
    assert memory.get("load", "x") is None


def test_an_edit_starts_from_the_stored_corpus_instead_of_storing_it_again(
        seed_project: Path, tmp_path: Path) -> None:
    build_to(seed_project, tmp_path / "out")
    stored = entries(seed_project, "corpus")
    for n in range(3):
        edit_one(seed_project, n)
        warm = build_to(seed_project, tmp_path / "out")
    assert entries(seed_project, "corpus") == stored  # one article differs: no rewrite
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def load_seeds(project: Path, store: Cache) -> load_cache.Loaded:
    seeds = project / "seeds"
    return load_cache.load_and_extract_keyed(seeds, project, seeds / "gazetteer.yml", store)


def test_the_corpus_entry_is_made_of_the_article_entries_not_pickled_again(
        seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pickled: list[object] = []
    real = load_cache.dumps
    monkeypatch.setattr(load_cache, "dumps", lambda value: pickled.append(value) or real(value))
    cold = load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
    articles = len(cold.corpus.articles)
    # each article's load and extraction entries, once each, and the corpus entry's head
    assert len(pickled) == 2 * articles + 1

    warm = load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
    assert len(pickled) == 2 * articles + 1  # read back whole: nothing made, nothing pickled
    assert warm.corpus == cold.corpus and warm.warnings == cold.warnings
    assert warm.article_keys == cold.article_keys and warm.bases == cold.bases


def test_a_truncated_corpus_entry_is_rebuilt(seed_project: Path) -> None:
    cold = load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
    [entry] = entries(seed_project, "corpus")
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    again = load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
    assert again.corpus == cold.corpus and again.bases == cold.bases


def test_an_entry_writer_leaves_nothing_when_the_block_fails(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    with pytest.raises(RuntimeError), store.writer("corpus", "ab" * 32) as out:
        out.write(b"half an entry")
        raise RuntimeError("a worker failed")
    assert list(tmp_path.rglob("*")) == [tmp_path / "corpus", tmp_path / "corpus" / "ab"]
    with Cache(None).writer("corpus", "ab" * 32) as out:
        out.write(b"dropped")  # no folder: nothing is written, nothing fails


def test_source_keys_resolve_each_folder_once_with_the_keys_of_source_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jvreader.cache import source_key, source_keys

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text("Linked\n\nText.\n", encoding="utf-8")
    seeds = tmp_path / "project" / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "a.txt").write_text("Plain\n\nText.\n", encoding="utf-8")
    (seeds / "b.txt").symlink_to(elsewhere / "b.txt")  # keyed where it really lives
    (tmp_path / "link").symlink_to(tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    for project in (tmp_path / "project", Path("project"), Path("link")):
        paths = [project / "seeds" / "a.txt", project / "seeds" / "b.txt"]
        assert source_keys(paths, project) == [source_key(p, project) for p in paths]


def test_mentions_read_back_share_their_entity_ids_and_surface_texts(
        seed_project: Path) -> None:
    # Each article is unpickled on its own: unshared, the same few names were a twentieth
    # of the corpus in memory.
    for _ in ("cold", "read back"):
        loaded = load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
        mentions = [m for x in loaded.corpus.extractions for m in x.mentions]
        by_text: dict[str, set[int]] = {}
        for m in mentions:
            by_text.setdefault(m.text, set()).add(id(m.text))
            by_text.setdefault(m.entity, set()).add(id(m.entity))
        assert len(mentions) > len(by_text)
        assert all(len(ids) == 1 for ids in by_text.values())
        # and each one is the mention that was extracted, field for field
        assert all(m.text == x_text for m, x_text in (
            (m, loaded.corpus.article(x.article).paragraph(m.paragraph).text[m.start:m.end])
            for x in loaded.corpus.extractions for m in x.mentions))


def test_ids_and_labels_read_back_are_one_string_across_articles(seed_project: Path) -> None:
    # Every article has a ``p1`` and a ``p1s1``, and its claims list figure and entity ids:
    # read back from a pickle per article, each was a copy per article (a fifth of the
    # corpus in memory).
    for _ in ("cold", "read back"):
        loaded = load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
        extractions = loaded.corpus.extractions
        strings: list[str] = [p.id for a in loaded.corpus.articles for p in a.paragraphs]
        strings += [value for x in extractions for s in x.sentences
                    for value in (s.id, s.paragraph)]
        strings += [value for x in extractions for c in x.claims
                    for value in (c.id, c.paragraph, c.sentence, *c.figures, *c.entities)]
        strings += [value for x in extractions for f in x.figures
                    for value in (f.id, f.sentence, f.unit)]
        strings += [d.value for x in extractions for d in x.dates]
        strings += [value for basis in loaded.bases.values() for v in basis.views
                    for value in (v.article, v.sentence, *v.entities)]
        by_value: dict[str, set[int]] = {}
        for value in strings:
            by_value.setdefault(value, set()).add(id(value))
        assert len(loaded.corpus.articles) > 1 and "p1" in by_value and "p1s1" in by_value
        assert len(strings) > 3 * len(by_value)
        assert all(len(ids) == 1 for ids in by_value.values())
        # and every record is still what was extracted
        fresh = load_seeds(seed_project, Cache(None))
        assert fresh.corpus == loaded.corpus
        assert fresh.bases == loaded.bases


def test_a_c_library_without_malloc_trim_builds_the_same_site(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Freed memory is given back with glibc's malloc_trim; elsewhere there is none to call.
    import ctypes

    from jvreader import malloc

    trimmed = build_to(seed_project, tmp_path / "glibc", use_cache=False)

    def no_library(*args: object, **kwargs: object) -> None:
        raise OSError("no such library")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    malloc._trim.cache_clear()
    try:
        assert malloc._trim() is None
        assert build_to(seed_project, tmp_path / "other", use_cache=False) == trimmed
    finally:
        malloc._trim.cache_clear()


def test_offsets_read_back_are_shared_by_every_record(seed_project: Path) -> None:
    # Python shares only the ints up to 256: each record read back made its own start and
    # end, 1.9 million int objects at N = 10,000.
    for _ in ("cold", "read back"):
        loaded = load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
        offsets = [value for x in loaded.corpus.extractions
                   for records in (x.sentences, x.mentions, x.dates, x.figures)
                   for r in records for value in (r.start, r.end)]
        assert max(offsets) > 256
        assert len({id(v) for v in offsets}) == len(set(offsets)) < len(offsets)
        # and every record is still what was extracted
        fresh = load_seeds(seed_project, Cache(None))
        assert fresh.corpus.extractions == loaded.corpus.extractions


def test_a_stored_corpus_with_no_article_in_common_is_not_read_past_its_keys(
        seed_project: Path, tmp_path: Path) -> None:
    # After a change of the rules every key differs: the last corpus then holds nothing this
    # build can use, and reading it held two corpora at once.
    build_to(seed_project, tmp_path / "out")
    [stored] = entries(seed_project, "corpus")
    with stored.open("rb") as fh:
        whole = load_cache.read_corpus_entry(fh)
    keys = whole.extract_keys
    assert len(keys) == len(whole.load_keys) == len(whole.results) == 5 and whole.complete
    for wanted in (frozenset({"no such key"}), frozenset()):
        with stored.open("rb") as fh, pytest.raises(ValueError, match="no article in common"):
            load_cache.read_corpus_entry(fh, wanted, frozenset({"no such load key"}))
        with stored.open("rb") as fh:
            load_cache.pickle.load(fh)  # the keys only
            after_keys = fh.tell()
        assert after_keys < stored.stat().st_size / 20  # the articles were never read
    with stored.open("rb") as fh:  # one key in common is enough
        assert load_cache.read_corpus_entry(fh, frozenset({keys[2], "other"})) == whole


def test_after_a_gazetteer_edit_the_stored_corpus_gives_its_load_results_alone(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every extraction key changes with the gazetteer, no load key does: the articles are
    # not loaded again, and the old extractions are skipped, not read.
    build_to(seed_project, tmp_path / "out")
    [stored] = entries(seed_project, "corpus")
    with stored.open("rb") as fh:
        whole = load_cache.read_corpus_entry(fh)
    gazetteer = seed_project / "seeds" / "gazetteer.yml"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    read_back: list[load_cache.StoredCorpus] = []
    real = load_cache.read_corpus_entry
    monkeypatch.setattr(load_cache, "read_corpus_entry",
                        lambda fh, **wanted: read_back.append(real(fh, **wanted)) or read_back[-1])
    loaded: list[str] = []
    real_build = load_stage.build_article
    monkeypatch.setattr(load_stage, "build_article",
                        lambda raw: loaded.append(raw.id) or real_build(raw))
    warm = build_to(seed_project, tmp_path / "out")

    [last] = read_back
    assert not last.complete and last.load_keys == whole.load_keys
    assert [r[1:] for r in last.results] == [(None, None)] * 5
    assert [r[0] for r in last.results] == [r[0] for r in whole.results]
    assert loaded == []
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_a_build_storing_the_whole_corpus_stores_no_article_on_its_own(
        seed_project: Path, tmp_path: Path) -> None:
    # The corpus entry holds every article's entries: storing them again, one file each,
    # made 40 % of the files a cold build created.
    cold = build_to(seed_project, tmp_path / "out")
    assert len(entries(seed_project, "corpus")) == 1
    assert entries(seed_project, "load") == entries(seed_project, "extract") == []
    edit_one(seed_project, 1)  # the corpus is not stored again: the edited article is
    warm = build_to(seed_project, tmp_path / "out")
    assert len(entries(seed_project, "load")) == len(entries(seed_project, "extract")) == 1
    assert warm != cold
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


@pytest.mark.parametrize("pool", [False, True], ids=["one process", "worker pool"])
def test_a_build_stopped_by_a_bad_article_stores_the_ones_made_before_it(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        pool: bool) -> None:
    from jvreader.errors import SourceError

    if pool:
        monkeypatch.setattr(articles, "POOL_THRESHOLD", 1)
    seeds = sorted((seed_project / "seeds").glob("*.txt"))
    good = seeds[-1].read_bytes()
    seeds[-1].write_bytes(b"text\x00binary")
    with pytest.raises(SourceError):
        load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
    assert entries(seed_project, "corpus") == []
    assert len(entries(seed_project, "load")) == len(entries(seed_project, "extract")) == 4

    seeds[-1].write_bytes(good)  # fixed: only that article is made again (seen here)
    monkeypatch.setattr(articles, "POOL_THRESHOLD", 10**9)
    loaded: list[str] = []
    real_build = load_stage.build_article
    monkeypatch.setattr(load_stage, "build_article",
                        lambda raw: loaded.append(raw.id) or real_build(raw))
    fixed = load_seeds(seed_project, Cache(seed_project / CACHE_DIR))
    assert loaded == [seeds[-1].stem]
    assert fixed.corpus == load_seeds(seed_project, Cache(None)).corpus
