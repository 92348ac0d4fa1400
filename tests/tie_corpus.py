"""A generated project full of ties, for the reproducibility and lock tests.

Before: ``make_tie_corpus(folder, articles=24)``.
After: ``folder/seeds/t000.txt`` … (headline, byline, date, paragraphs), a sidecar naming the
publication of every other article, the seeds' gazetteer, a small ``events.yml`` and a note.

Every sentence is distinct (its own made-up words), but what decides an order is often
equal: several articles tell the same event in the same distinctive words, so every pair of
them scores the same; "bridge" sentences share as many words with two events of one month;
articles share dates and publications; figures share values and measures. Any order left
to hash order or to the order ties happen to be met in shows up as a different site.
The same arguments always give the same bytes.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
PUBLICATIONS = ("Harbour Gazette", "Delta Courier", "Pacific Ledger")
AUTHORS = ("Mai Anh Tran", "Kenji Watanabe", "Linh Pham", "Yuki Sato")
# entity names the seeds' gazetteer knows (entities weigh more than words when linking)
NAMES = ("Japan", "Vietnam", "ASEAN", "World Bank", "Japan Coast Guard",
         "Vietnam Coast Guard", "Shinzo Abe", "Nguyen Xuan Phuc")
SYLLABLES = ("ka", "lo", "mir", "ven", "tu", "sa", "dre", "pol", "qui", "ne", "bor", "zha",
             "fen", "gul", "ri", "tam", "wex", "yo", "cas", "dun")
# Curated: two events of one date in one storyline, compared figures; a note on an article.
EVENTS = """\
events:
  - {id: rail-aid-2011, label: Rail aid pledged, date: "2011",
     match: {phrases: [rail aid]}}
  - {id: harbour-aid-2011, label: Harbour aid pledged, date: "2011",
     match: {phrases: [harbour aid]}}
threads:
  - {id: aid, label: Aid pledges, events: [rail-aid-2011, harbour-aid-2011]}
comparisons:
  - {id: harbour-aid, measure: Harbour aid pledged, unit: USD, terms: [[harbour aid]]}
"""
NOTE = """\
---
article: t001
exact: rail aid
---
Rail aid is counted apart from harbour aid.
"""
VERBS = ("agreed on", "announced", "opened talks on", "signed", "launched")


def _word_maker(rng: random.Random):
    """Made-up words of three or four syllables, never the same twice."""
    seen: set[str] = set()

    def word() -> str:
        while True:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((3, 4))))
            if w not in seen:
                seen.add(w)
                return w

    return word


def make_tie_corpus(folder: Path, articles: int = 24) -> Path:
    """Write the project into ``folder`` (created); return it."""
    rng = random.Random(articles)
    word = _word_maker(rng)
    # Events come in mirror pairs: one month, the same two names, the same verb, three
    # distinctive words each, told by three articles each (article a tells events a, a - 1
    # and a - 2), the words' other uses alike (so each word weighs as its mirror). A
    # "bridge" sentence names both events' words: it matches each event exactly as well.
    events = articles - articles % 2
    told = []
    for k in range(events):
        pair = k // 2
        told.append({"words": [word() for _ in range(5)], "day": 1 + k % 28,
                     "names": (NAMES[pair % len(NAMES)], NAMES[(pair + 3) % len(NAMES)]),
                     "verb": VERBS[pair % len(VERBS)],
                     "month": MONTHS[pair % 12], "year": 2001 + pair % 20})
    # a word's other uses: the n-th word n times more (words of many weights: their sums
    # round differently in different orders)
    echoes = [w for e in told for n, w in enumerate(e["words"]) for _ in range(n)]
    rng.shuffle(echoes)
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    shutil.copyfile(REPO / "seeds" / "gazetteer.yml", seeds / "gazetteer.yml")
    (seeds / "events.yml").write_text(EVENTS, encoding="utf-8")
    (seeds / "notes").mkdir()
    (seeds / "notes" / "rail.md").write_text(NOTE, encoding="utf-8")
    for a in range(articles):
        paragraphs = []
        for k in sorted({(a - j) % events for j in range(3)}):
            e = told[k]
            when = f"In {e['month']} {e['year']}" if a % 2 else (
                f"On {e['day']} {e['month']} {e['year']}")
            paragraphs.append(
                f"{when}, {e['names'][0]} and {e['names'][1]} {e['verb']} the "
                f"{' '.join(e['words'])} {word()} {word()}. The {word()} {word()} followed.")
        if a % 2 == 0 and a + 1 < events:  # the bridge of pair a // 2, in another article
            e, f = told[(a + 4) % events - (a + 4) % events % 2], None
            f = told[told.index(e) + 1]
            paragraphs.append(f"In {e['month']} {e['year']}, the {' '.join(e['words'])} met "
                              f"the {' '.join(f['words'])} {word()}.")
        # figures: the same measures and values in several articles (compared, in ties)
        # (rail aid also in yen: one measure in two units, two comparisons to tell apart)
        amount = ("300 million yen" if a % 10 == 9 else f"US${(2, 3.5, 2)[a % 3]:g} billion")
        paragraphs.append(f"In {2010 + a % 3}, {NAMES[a % 3]} pledged {amount} of "
                          f"{('harbour', 'rail')[a % 2]} aid to the {word()} {word()}.")
        # plain text, no dates: sentences nothing links, carrying the echoes
        mine = echoes[a::articles]
        paragraphs.append(" ".join(f"The {echo} {word()} {word()}." for echo in mine)
                          or f"The {word()} {word()}.")
        rng.shuffle(paragraphs)
        date = f"{MONTHS[a % 4]} {1 + a % 2}, 2022"  # many articles share a date
        title = f"{word().capitalize()} {word()}: report {a}"
        text = "\n\n".join([title, f"By {AUTHORS[a % len(AUTHORS)]}", date, *paragraphs])
        (seeds / f"t{a:03d}.txt").write_text(text + "\n", encoding="utf-8")
        if a % 2 == 0:
            (seeds / f"t{a:03d}.yaml").write_text(
                f"publication: {PUBLICATIONS[a % len(PUBLICATIONS)]}\n", encoding="utf-8")
    return folder


def edit_article(folder: Path, article: int, source: int) -> Path:
    """Give article ``article`` one more sentence: the first event that article ``source``
    tells, in its words (as an editor adding a paragraph would). It changes which sentences
    the event links, and every word's weight."""
    seeds = folder / "seeds"
    told = next(p for p in (seeds / f"t{source:03d}.txt").read_text(encoding="utf-8").split("\n\n")
                if p.startswith(("On ", "In ")) and " met the " not in p)
    path = seeds / f"t{article:03d}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text.rstrip()}\n\nAn editor adds: {told.split('.')[0]} again.\n",
                    encoding="utf-8")
    return path
