"""Fuzzing the loader: random bytes, cut UTF-8, random YAML in front matter and sidecars.

Whatever the files hold, loading either gives articles and warnings or raises the project's
own ``JvreaderError`` (printed as ``file:line: message``): never another exception, which
the command line would show as a traceback. Bounded: a few hundred examples per test, the
same ones on every run (``derandomize``), nothing stored between runs.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jvreader.errors import JvreaderError
from jvreader.extract import extract_corpus
from jvreader.extract.entities import Gazetteer
from jvreader.load import load_corpus

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

TEXT = ("Japan and Vietnam Sign an Accord\n\nBy Mai Anh Tran\n\nFebruary 26, 2019\n\n"
        "Nhật Bản và Việt Nam đã ký kết hiệp định vào ngày 20 tháng 9 năm 2015.\n\n"
        "日本とベトナムは2015年9月20日に協定を結んだ。\n\n"
        "The two countries signed a memorandum worth US$1.5 billion in Hanoi.\n")

YAML_ALPHABET = st.sampled_from([*"-:[]{},&*!|>'\"#%@`? \n\t\\",
    "title", "date", "authors", "dek", "publication", "2015-13-45", "2019-02-26", "&a", "*a",
    "!!binary", "!!python/object:os.system", "!!timestamp", "<<", "~", "null", "1e9999", "é",
    "\u202e", "\ufeff", "\x00", "\r", "---", "..."])
yaml_texts = st.lists(YAML_ALPHABET, max_size=60).map("".join)

KEYS = st.sampled_from(["title", "dek", "authors", "publication", "date", "url", "series",
                        "issue", "dateline", "language", "encoding", "notes", "titel",
                        "author", "Date", "x"])
SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats()
           | st.text(max_size=30) | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
# Well-formed YAML whose values may have any type: exercises the field checks.
mapping_yaml = st.dictionaries(KEYS, VALUES, max_size=6).map(
    lambda d: yaml.safe_dump(d, allow_unicode=True))


def load(files: dict[str, str | bytes]) -> None:
    """Write ``files`` into a fresh project's ``seeds/`` and load it: only ``JvreaderError``
    may escape."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        seeds = project / "seeds"
        seeds.mkdir()
        for name, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (seeds / name).write_bytes(data)
        try:
            articles, warnings = load_corpus(seeds, project)
        except JvreaderError as exc:
            assert str(exc)  # a message to print, naming the file
            return
        assert all(isinstance(w, str) for w in warnings)
        assert len(articles) == sum(name.endswith((".txt", ".md")) for name in files)
        extract_corpus(articles, Gazetteer())  # what was loaded can be read on


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    load({"a.txt": data})


@FUZZ
@given(st.integers(0, len(TEXT.encode("utf-8"))), st.binary(max_size=4))
def test_truncated_utf8(cut: int, tail: bytes) -> None:
    load({"a.txt": TEXT.encode("utf-8")[:cut] + tail})


@FUZZ
@given(yaml_texts | mapping_yaml)
def test_random_front_matter(front: str) -> None:
    load({"a.md": f"---\n{front}\n---\n{TEXT}"})


@FUZZ
@given(yaml_texts | mapping_yaml, st.booleans())
def test_random_sidecar(sidecar: str, as_bytes: bool) -> None:
    load({"a.txt": TEXT, "a.yaml": sidecar.encode("utf-8", "surrogatepass") if as_bytes
          else sidecar})


GAZETTEER_KEYS = st.sampled_from(["entities", "id", "name", "kind", "aliases", "events",
                                  "threads", "comparisons", "date", "match", "phrases"])
editorial_yaml = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(GAZETTEER_KEYS, inner, max_size=4), max_leaves=16).map(
    lambda d: yaml.safe_dump(d, allow_unicode=True))


@FUZZ
@given(yaml_texts | editorial_yaml)
def test_random_gazetteer_and_events(text: str) -> None:
    from jvreader.annotate.curated import load_curated
    from jvreader.extract.entities import load_gazetteer

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yml"
        path.write_text(text, encoding="utf-8")
        for read in (load_gazetteer, load_curated):
            try:
                read(path)
            except JvreaderError as exc:
                assert str(exc).startswith(str(path))


TOKENS = st.sampled_from([
    "In", "on", "since", "from", "to", "between", "and", "until", "last", "next", "year", "week",
    "ago", "later", "the", "same", "early", "late", "mid-", "February", "Feb.", "30", "31", "13",
    "0", "0000", "9999", "2015", "1973", "2015-13-45", "29/02/2019", "US$", "1.5", "billion",
    "per", "cent", "%", "ngày", "tháng", "năm", "年", "月", "日", "。", ".", ",", ";", "(", ")",
    "[1]", "“", "”", "-", "–", " ", " ", " ", "\n", "\n\n", "By", "Mai", "Anh", "Tran", "#",
    "---", "\u202e", "\u200b", "\u200d", "\t"])
article_texts = st.lists(TOKENS, min_size=1, max_size=80).map("".join)


@FUZZ
@given(article_texts, st.sampled_from(["", "date: 2019-02-26\n", "date: 1000\n",
                                       "date: 2999-12-31\n"]))
def test_random_article_text_with_dates(text: str, sidecar: str) -> None:
    files: dict[str, str | bytes] = {"a.txt": text}
    if sidecar:
        files["a.yaml"] = sidecar
    load(files)
