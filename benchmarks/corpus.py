"""A deterministic synthetic corpus of N articles for the benchmarks, of one of two kinds.

Before: the repository's seeds folder (gazetteer, events file, and for the repeated kind the
seeds' cleaned body paragraphs).
After: ``make_corpus(folder, 1000, kind)`` writes ``folder/seeds/a00000.txt`` …
``a00999.txt`` (headline, byline, date line, body paragraphs), a sidecar for every third
article, the seeds' gazetteer and events file, and the same articles as Pelican Markdown in
``folder/pelican/content/``. The kinds:

- ``distinct`` (the headline): every sentence composed by ``distinct.py``, English,
  Vietnamese and Japanese, events told by a long tail of sources;
- ``repeated``: a dozen paragraphs recombined from the seeds plus generated sentences naming
  gazetteer entities, dates and figures, each event told by about eight articles (1,958
  distinct sentences among 43,841 at N = 1,000: extraction's memos and shared memory make it
  cheaper than real text).

The same N, kind and seed always give the same bytes, so runs are comparable.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import distinct

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
KINDS = ("distinct", "repeated")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
PUBLICATIONS = ("The Diplomat", "Asia Times", "East Asia Forum", "Nikkei Asia",
                "VnExpress International", "Stimson Center", "The Japan Times")
AUTHORS = ("Mai Anh Tran", "Kenji Watanabe", "Linh Pham", "Yuki Sato", "David Brown",
           "Hoa Nguyen", "Emma Clarke", "Takumi Mori", "Quang Le", "Sarah Kim")
ACTIONS = ("signed an agreement on {topic}", "opened talks on {topic}",
           "announced a programme for {topic}", "held a summit on {topic}",
           "launched a joint study of {topic}", "agreed a framework for {topic}")
TOPICS = ("maritime security", "port infrastructure", "rice exports", "rail links",
          "semiconductor supply", "coast guard training", "clean energy", "fisheries",
          "labour mobility", "disaster relief", "cyber defence", "digital trade",
          "vaccine production", "offshore wind", "urban metro lines", "dredging works")
UNITS = (("US$", "billion", "in development aid"), ("$", "million", "in loans"),
         ("", "vessels", "for patrol duties"), ("", "per cent", "of bilateral trade"))


def seed_paragraphs() -> list[str]:
    """The body paragraphs of the seeds, cleaned by jvreader's own loader."""
    from jvreader.load import load_corpus

    articles, _ = load_corpus(SEEDS, REPO)
    return [p.text for a in articles for p in a.paragraphs
            if p.kind == "body" and len(p.text) > 120]


def entity_names() -> list[str]:
    import yaml

    data = yaml.safe_load((SEEDS / "gazetteer.yml").read_text(encoding="utf-8"))
    return [e["name"] for e in data["entities"]]


def _event(rng: random.Random, names: list[str], k: int) -> str:
    """A sentence reporting one event; the same ``k`` always gives the same event."""
    local = random.Random(k)
    a, b = local.sample(names, 2)
    year = 1995 + local.randrange(30)
    month = MONTHS[local.randrange(12)]
    action = ACTIONS[local.randrange(len(ACTIONS))].format(topic=TOPICS[k % len(TOPICS)])
    opener = rng.choice((f"In {month} {year}, ", f"On {local.randrange(1, 28)} {month} {year}, ",
                         f"In {month} {year} "))
    return f"{opener}{a} and {b} {action} (project {k})."


def _figure(rng: random.Random, names: list[str]) -> str:
    prefix, unit, what = rng.choice(UNITS)
    value = rng.choice((1.5, 2, 3.2, 6, 12, 20, 37.7, 120))
    year = 2000 + rng.randrange(25)
    amount = f"{prefix}{value:g} {unit}" if prefix else f"{value:g} {unit}"
    return f"By {year}, {rng.choice(names)} had committed {amount} {what}."


def article_parts(k: int, paragraphs: list[str], names: list[str], shared_events: int
                  ) -> dict:
    """Title, byline, date and paragraphs of synthetic article ``k``."""
    rng = random.Random(k * 7919 + 17)
    year = 2005 + rng.randrange(20)
    month = rng.randrange(12)
    day = rng.randrange(1, 29)
    topic = rng.choice(TOPICS)
    body = rng.sample(paragraphs, min(len(paragraphs), rng.randrange(6, 12)))
    extra = [_event(rng, names, rng.randrange(shared_events)) for _ in range(rng.randrange(2, 5))]
    extra += [_figure(rng, names) for _ in range(rng.randrange(1, 3))]
    for i, sentence in enumerate(extra):
        at = rng.randrange(len(body) + 1)
        body.insert(at, sentence if i % 2 else f"{sentence} {rng.choice(paragraphs)[:200]}.")
    return {
        "title": f"{rng.choice(names)} and {topic}: report {k}",
        "author": rng.choice(AUTHORS),
        "date": f"{MONTHS[month]} {day}, {year}",
        "iso": f"{year}-{month + 1:02d}-{day:02d}",
        "publication": rng.choice(PUBLICATIONS),
        "paragraphs": body,
    }


def seed_text(parts: dict) -> str:
    byline = parts.get("byline") or f"By {parts['author']}"
    return "\n\n".join([parts["title"], byline, parts["date"], *parts["paragraphs"]]) + "\n"


def markdown_text(parts: dict) -> str:
    """The same article for Pelican: metadata header, then the paragraphs as Markdown."""
    head = (f"Title: {parts['title']}\nDate: {parts['iso']}\nAuthor: {parts['author']}\n"
            f"Category: {parts['publication']}\nSlug: {parts['slug']}\n\n")
    return head + "\n\n".join(parts["paragraphs"]) + "\n"


def repeated_articles(n: int) -> Iterator[dict]:
    paragraphs, names = seed_paragraphs(), entity_names()
    shared_events = max(3, n // 8)  # so most events are reported by several articles
    for k in range(n):
        yield article_parts(k, paragraphs, names, shared_events)


def corpus_articles(n: int, kind: str = "distinct", seed: int = 2026) -> Iterator[dict]:
    """The N articles' parts (``article_parts``'s keys) of corpus ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"unknown corpus kind {kind!r}: one of {', '.join(KINDS)}")
    return distinct.articles(n, seed) if kind == "distinct" else repeated_articles(n)


def make_corpus(folder: Path, n: int, kind: str = "distinct", seed: int = 2026) -> Path:
    """Write the N-article project into ``folder`` (created); return the project folder."""
    seeds = folder / "seeds"
    content = folder / "pelican" / "content"
    seeds.mkdir(parents=True)
    content.mkdir(parents=True)
    for extra in ("gazetteer.yml", "events.yml"):
        shutil.copyfile(SEEDS / extra, seeds / extra)
    for k, parts in enumerate(corpus_articles(n, kind, seed)):
        (seeds / f"a{k:05d}.txt").write_text(seed_text(parts), encoding="utf-8")
        if k % 3 == 0:
            (seeds / f"a{k:05d}.yaml").write_text(
                f"publication: {parts['publication']}\n", encoding="utf-8")
        parts["slug"] = f"a{k:05d}"  # titles in Japanese or Vietnamese make poor slugs
        (content / f"a{k:05d}.md").write_text(markdown_text(parts), encoding="utf-8")
    return folder


def edit_one(folder: Path, n: int) -> Path:
    """Change one sentence of the middle article (as an editor fixing a typo would)."""
    path = folder / "seeds" / f"a{n // 2:05d}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + " An editor added this sentence in 2024.\n",
                    encoding="utf-8")
    return path
