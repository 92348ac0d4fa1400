"""Where one source disagrees with itself: the same named plan or programme given with two
different periods in one article (a paragraph saying "the Strategy for the Period of
2001-2010" where the article's own footnote cites the same Strategy "for the Period of
2011-2020").

    inner_conflicts(article)
    -> [InnerConflict(article="001_…", name="Socio-economic Development Strategy",
                      sides=(Statement("p25", "2001-2010", "2001/2010"),
                             Statement("fn-22", "2011-2020", "2011/2020")))]
    inner_figure_conflicts(corpus)
    -> [InnerConflict(article="x", name="Japan's official development assistance to Vietnam
                      (2016)", sides=(Statement("p1", "$1.6 billion", "1600000000 USD"),
                                      Statement("p2", "$2.1 billion", "2100000000 USD")))]

The name is what is written just before each range: its last capitalised words in Latin
script (``min_name_words`` to ``max_name_words``, period words left out), or the run of
Han/kana characters before it. Two ranges with the same name and different years disagree.
The rules are data (``data/disagreements.yml``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jvreader.annotate.compare import placed_figures
from jvreader.model import Article, Corpus
from jvreader.yaml_safe import package_data

_CLAUSE_END = re.compile(r"[.;:!?。；：！？\[\]]|\n")
_CAPITALISED = re.compile(r"[^\W\d_][\w’'\-]*")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+$")


@dataclass(frozen=True, slots=True)
class Statement:
    """A period or figure as written, and where: a paragraph id, or ``fn-N`` for footnote N."""

    where: str
    text: str
    value: str
    """``START/END`` years of a period; a figure's value and unit."""


@dataclass(frozen=True, slots=True)
class InnerConflict:
    """One named thing given different periods in one article."""

    article: str
    name: str
    sides: tuple[Statement, ...]


def disagreement_rules() -> dict:  # read once per process by ``package_data``
    return package_data("disagreements.yml")


def inner_conflicts(article: Article) -> list[InnerConflict]:
    """The named periods ``article`` (its paragraphs and footnotes) gives in disagreement,
    in order of first mention."""
    rules = disagreement_rules()
    pattern = re.compile(rules["range_pattern"])
    places = [(p.id, p.text) for p in article.paragraphs]
    places += [(f"fn-{f.n}", f.text) for f in sorted(article.footnotes, key=lambda f: f.n)]
    by_name: dict[tuple[str, ...], tuple[str, list[Statement]]] = {}
    for where, text in places:
        for m in pattern.finditer(text):
            start, end = int(m.group(1)), int(m.group(2))
            if end <= start:  # "1990-1985" or a phone number, not a period
                continue
            found = _name_before(text[: m.start()], rules)
            if found is None:
                continue
            key, name = found
            entry = by_name.setdefault(key, (name, []))
            entry[1].append(Statement(where, m.group(0), f"{start}/{end}"))
    out = []
    for name, mentions in by_name.values():
        values = dict.fromkeys(r.value for r in mentions)
        if len(values) < 2:
            continue
        # one side per distinct period, each where it is first given
        sides = tuple(next(r for r in mentions if r.value == v) for v in values)
        out.append(InnerConflict(article.id, name, sides))
    return out


def _name_before(before: str, rules: dict) -> tuple[tuple[str, ...], str] | None:
    """The name written before a range (within its clause): its key and its text, if any."""
    window = before[-int(rules["name_window"]):]
    clause = _CLAUSE_END.split(window)[-1]
    cjk = _CJK_RUN.search(clause.rstrip(" 　（(「『“\"'"))
    # a run ending in kana of a particle ("日本は") is a clause, not a name
    if (cjk and len(cjk.group(0)) >= int(rules["min_cjk_name"])
            and not "\u3040" <= cjk.group(0)[-1] <= "\u309f"):
        return (cjk.group(0),), cjk.group(0)
    period = {w.casefold() for w in rules["period_words"]}
    found = [m for m in _CAPITALISED.finditer(clause)
             if m.group(0)[0].isupper() and m.group(0).casefold() not in period]
    # only "for the period of" may stand between the name and its range: "Shinzo Abe
    # served 2006-2007" gives Abe's term, not the period of something named "Shinzo Abe"
    between = clause[found[-1].end():].casefold() if found else ""
    for word in sorted([*period, *(w.casefold() for w in rules["joining_words"])],
                       key=len, reverse=True):
        between = between.replace(word, "")
    if any(ch.isalnum() for ch in between):
        return None
    words = [m.group(0) for m in found][-int(rules["max_name_words"]):]
    if len(words) < int(rules["min_name_words"]):
        return None
    key = tuple(unicodedata.normalize("NFC", w).casefold().rstrip("’'s") for w in words)
    return key, " ".join(words)


def inner_figure_conflicts(corpus: Corpus) -> list[InnerConflict]:
    """Figures one article gives for the same measure, period and unit with values further
    apart than rounding (``figure_tolerance``), by article then measure. Only figures whose
    sentence states its date, and no projections ("expected to reach"): a figure dated by
    the article alone, or a target, may rightly differ from the one reported."""
    tolerance = float(disagreement_rules()["figure_tolerance"])
    groups: dict[str, dict[tuple[str, str, str], list]] = {}
    for placed in placed_figures(corpus):
        f = placed.figure
        if (placed.projection or not placed.dated or not f.measure or not f.period
                or f.value_min is not None or f.value_max is not None):
            continue
        key = (f.measure.casefold(), f.period, f.unit)
        groups.setdefault(placed.article, {}).setdefault(key, []).append(f)
    out = []
    for article_id in sorted(groups):
        for (_, period, unit), figures in groups[article_id].items():
            kept: list = []
            for f in figures:  # one side per value, rounding aside
                if all(abs(f.value - k.value) > tolerance * max(abs(f.value), abs(k.value))
                       for k in kept):
                    kept.append(f)
            if len(kept) > 1:
                out.append(InnerConflict(article_id, f"{kept[0].measure} ({period})", tuple(
                    Statement(f.paragraph, f.text, f"{f.value:g} {unit}") for f in kept)))
    return out
