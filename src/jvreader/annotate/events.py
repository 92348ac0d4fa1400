"""Curated events: sentences of different articles linked to one event the editor named.

Before: sentences "In October 2011, the two countries signed a Memorandum of Understanding on
defense cooperation" (article A) and "… implement the military cooperation outlined in the
2011 Memorandum of Understanding (MOU)" (article B), and the curated event
``defense-mou-2011`` (date ``2011-10``, phrase "Memorandum of Understanding").
After: ``Event(id="defense-mou-2011", date="2011-10", curated=True, mentions=(A …, B …))``,
each mention with the date its source gives and the evidence that linked it.

``edit_events`` applies ``events.yml`` to the automatic events (``annotate.auto``): an entry
names, merges or hides the automatic events it identifies by their signals
(``match: {signals: [object:memorandum]}``) or by the sentences its phrase rules match,
or splits them (``split:``): their sentences are shared among its parts, each sentence to
the first part whose rule it meets (``split_mentions``), the rest to the first part.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from jvreader.annotate.dates import compatible, contains, days, most_precise, sort_key, span
from jvreader.annotate.view import SentenceView, has_phrase, key_word
from jvreader.model import CuratedEvent, Event, EventMention, EventRule

# Figures match a rule's figure when equal within this relative tolerance.
_FIGURE_TOLERANCE = 1e-6

SIGNAL_KINDS = ("action", "object", "actor", "named", "mark")
"""The kinds of signal an automatic event's evidence shows (``action:sign``, …)."""


def has_rule(rule: EventRule) -> bool:
    """Whether ``rule`` tells sentences apart by what they say (``exclude`` alone does not)."""
    return bool(rule.phrases or rule.terms or rule.entities or rule.figure or rule.signals)


def rule_evidence(rule: EventRule, view: SentenceView) -> tuple[str, ...] | None:
    """Why ``view`` is a candidate for the rule's event (before dates), or ``None`` if it is not."""
    if any(has_phrase(view.text, word) for word in rule.exclude):
        return None
    phrases = [p for p in rule.phrases if has_phrase(view.text, p)]
    if phrases:
        return tuple(f"phrase:{p}" for p in phrases[:1])
    if not (rule.terms or rule.entities or rule.figure):
        return None
    evidence: list[str] = []
    for group in rule.terms:
        hit = next((t for t in group if has_phrase(view.text, t)), None)
        if hit is None:
            return None
        evidence.append(f"term:{hit}")
    for entity in rule.entities:
        if entity not in view.entities:
            return None
        evidence.append(f"entity:{entity}")
    if rule.figure is not None:
        value, unit = rule.figure
        if not any(u == unit and abs(v - value) <= abs(value) * _FIGURE_TOLERANCE
                   for v, u in view.figures):
            return None
        evidence.append(f"figure:{value:g} {unit}")
    return tuple(evidence)


def mention_date(event_date: str | None, view: SentenceView, undated_ok: bool
                 ) -> tuple[bool, str | None]:
    """Whether the sentence's dates allow linking it to an event dated ``event_date``, and the
    date this source gives (the most precise compatible one)."""
    if not view.dates:
        return undated_ok, None
    fitting = [d for d in view.dates if event_date is None or compatible(d, event_date)]
    if not fitting:
        return False, None
    return True, most_precise(fitting)


def resolve_date(editorial: str | None, given: list[str]
                 ) -> tuple[str | None, bool, tuple[str, ...]]:
    """The event's date, whether its sources conflict, and every distinct date given.

    The date is the most precise one compatible with the most others (the editor's date
    counts as one more source). Sources conflict when two of their dates cannot both hold.
    """
    values = list(dict.fromkeys(given))
    candidates = list(dict.fromkeys([*values, *([editorial] if editorial else [])]))
    if not candidates:
        return None, False, ()
    # Parsed once, as day numbers: big events give a thousand dates, and every two are
    # compared (``dates.compatible_spans``: one inside the other), a million times.
    days_of = [(s[0].toordinal(), s[1].toordinal()) if s else None
               for s in map(span, candidates)]
    agreeing = dict(zip(candidates, _nesting_counts(days_of), strict=True))
    # two dates cannot both hold when one of them is compatible with fewer than all others
    # (each date that can be read is compatible with itself)
    conflict = any(agreeing[c] - (mine is not None) < len(candidates) - 1
                   for c, mine in zip(candidates, days_of, strict=True))

    def support(value: str) -> tuple[int, int, tuple[int, str]]:
        return (-agreeing[value], days(value) or 0, sort_key(value))

    return min(candidates, key=support), conflict, tuple(values)


NESTING_BY_PAIRS = 64
"""Up to this many dates, ``_nesting_counts`` compares every two; above, it counts."""


def _nesting_counts(spans: list[tuple[int, int] | None]) -> list[int]:
    """For each span, how many of ``spans`` (itself included) lie inside it or around it
    (``compatible_spans``); 0 for an unreadable one (``None``)."""
    points = [s for s in spans if s is not None]
    if len(points) <= NESTING_BY_PAIRS:
        return [0 if mine is None else len([
            o for o in points
            if (mine[0] <= o[0] and o[1] <= mine[1]) or (o[0] <= mine[0] and mine[1] <= o[1])])
            for mine in spans]
    # Big events give a thousand dates: every two compared grew with the square of the
    # corpus. Counted instead: around it (start <= its start, end >= its end), plus inside
    # it (start >= its start, end <= its end), less the equal ones (counted twice).
    around = _around_counts(points)
    inside = _around_counts([(-a, -b) for a, b in points])  # around, mirrored
    equal = Counter(points)
    counts = {p: around[p] + inside[(-p[0], -p[1])] - n for p, n in equal.items()}
    return [0 if mine is None else counts[mine] for mine in spans]


def _around_counts(points: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """For each distinct point (x, y), how many of ``points`` have x' <= x and y' >= y: one
    sweep by x, the ys seen so far counted in a Fenwick tree."""
    ys = sorted({y for _, y in points})
    rank = {y: i + 1 for i, y in enumerate(ys)}
    tree = [0] * (len(ys) + 1)
    ordered = sorted(points)
    counts: dict[tuple[int, int], int] = {}
    seen = 0
    i = 0
    for q in sorted(set(points)):
        while i < len(ordered) and ordered[i][0] <= q[0]:
            k = rank[ordered[i][1]]
            while k <= len(ys):
                tree[k] += 1
                k += k & -k
            seen += 1
            i += 1
        below, k = 0, rank[q[1]] - 1  # seen with y' < y
        while k > 0:
            below += tree[k]
            k -= k & -k
        counts[q] = seen - below
    return counts


def _order(mentions: list[EventMention], order: dict[tuple[str, str], int]) -> tuple:
    return tuple(sorted(mentions, key=lambda m: order.get((m.article, m.sentence), 0)))


def curated_matches(views: tuple[SentenceView, ...], curated: tuple[CuratedEvent, ...]
                    ) -> tuple[tuple[int, EventMention], ...]:
    """Which of ``views`` report which curated event: ``(event's index, mention)`` in view
    order. Each view is judged on its own, so one article's matches depend on it alone."""
    found: list[tuple[int, EventMention]] = []
    prepared = [(k, spec, *_quick_test(spec.rule)) for k, spec in enumerate(curated)]
    words = sorted({w for _, _, phrase_words, term_words, _ in prepared
                    for w in phrase_words.union(*(term_words or ()))})
    # Specs that a sentence with none of ``words`` can still pass (no word is needed).
    wordless = [p for p in prepared if p[3] == ()]
    for view in views:
        # What any match needs (a phrase's longest word, or a word of every term group
        # and every entity) is tested first: most sentences fail it, and cheaply. Each
        # word is looked for once per sentence, not once per event.
        folded = view.text.casefold()
        present = {w for w in words if w in folded}
        for k, spec, phrase_words, term_words, entities in prepared if present else wordless:
            if phrase_words.isdisjoint(present) and not (
                    term_words is not None
                    and all(not group.isdisjoint(present) for group in term_words)
                    and entities.issubset(view.entities)):
                continue
            evidence = rule_evidence(spec.rule, view)
            if evidence is None:
                continue
            ok, date = mention_date(spec.date, view, spec.rule.undated)
            if not ok:
                continue
            found.append((k, EventMention(
                article=view.article, paragraph=view.paragraph, sentence=view.sentence,
                claim=view.claim, date=date,
                evidence=(*evidence, *((f"date:{date}",) if date else ("undated",))))))
    return tuple(found)


def _quick_test(rule: EventRule) -> tuple[frozenset[str], tuple[frozenset[str], ...] | None,
                                          frozenset[str]]:
    """Substrings some phrase needs; the words each term group needs (``None`` when the rule
    matches by phrase only); the entities it needs. A necessary condition of ``rule_evidence``."""
    phrases = frozenset(key_word(p) for p in rule.phrases)
    if not (rule.terms or rule.entities or rule.figure):
        return phrases, None, frozenset()
    return (phrases, tuple(frozenset(key_word(t) for t in group) for group in rule.terms),
            frozenset(rule.entities))


def link_curated(views: tuple[SentenceView, ...], curated: tuple[CuratedEvent, ...],
                 matches: tuple[tuple[int, EventMention], ...] | None = None,
                 ) -> tuple[tuple[Event, ...], frozenset[tuple[str, str]]]:
    """Curated events found in the corpus (those no sentence reports are left out), and the
    ``(article, sentence)`` pairs they cover. ``matches``: ``curated_matches(views, curated)``
    when already known (e.g. gathered article by article)."""
    if matches is None:
        matches = curated_matches(views, curated)
    order = {(v.article, v.sentence): i for i, v in enumerate(views)}
    by_event: dict[int, list[EventMention]] = {}
    for k, mention in matches:
        by_event.setdefault(k, []).append(mention)
    events: list[Event] = []
    covered = {(m.article, m.sentence) for _, m in matches}
    at = {(v.article, v.sentence): v for v in views}
    for k, spec in enumerate(curated):
        mentions = by_event.get(k)
        if not mentions:
            continue
        if spec.parts:
            events.extend(_part_events(spec, mentions, at, order, ()))
            continue
        date, conflict, dates = resolve_date(spec.date, [m.date for m in mentions if m.date])
        events.append(Event(id=spec.id, label=spec.label, date=date, date_conflict=conflict,
                            curated=True, mentions=_order(mentions, order), dates=dates,
                            sort_date=date))
    return tuple(events), frozenset(covered)


def _dates_fit(curated: str | None, found: str | None) -> bool:
    return curated is None or found is None or compatible(curated, found)


def edit_events(automatic: tuple[Event, ...], views: tuple[SentenceView, ...],
                curated: tuple[CuratedEvent, ...],
                matches: tuple[tuple[int, EventMention], ...]) -> tuple[Event, ...]:
    """The automatic events as ``events.yml`` edits them: each curated entry takes the
    automatic events it identifies (an event with every one of its ``signals`` at a
    compatible date, or one telling at a compatible date a sentence its phrase rules match),
    merges them under its id and label, hides them (``hide``) or shares their sentences
    among its parts (``split``: ``split_mentions``). The other automatic events stay as
    found; entries that identify nothing and match nothing are left out.
    ``matches``: ``curated_matches(views, curated)``."""
    order = {(v.article, v.sentence): i for i, v in enumerate(views)}
    at = {(v.article, v.sentence): v for v in views}
    by_spec: dict[int, list[EventMention]] = {}
    for k, mention in matches:
        by_spec.setdefault(k, []).append(mention)
    where: dict[tuple[str, str], list[int]] = {}  # sentence → the automatic events telling it
    wanted = {s for spec in curated for s in spec.rule.signals}
    having: dict[str, list[int]] = {}  # signal → the automatic events with it
    for i, e in enumerate(automatic):
        said: dict[str, None] = {}
        for m in e.mentions:
            where.setdefault((m.article, m.sentence), []).append(i)
            said.update((s, None) for s in m.evidence if s in wanted)
        for s in said:
            having.setdefault(s, []).append(i)
    owner: dict[int, int] = {}  # automatic event → the entry that took it (the first)
    for k, spec in enumerate(curated):
        for m in by_spec.get(k, ()):
            for i in where.get((m.article, m.sentence), ()):
                e = automatic[i]
                told = next(x for x in e.mentions
                            if (x.article, x.sentence) == (m.article, m.sentence))
                if i not in owner and _dates_fit(spec.date, e.date) and _dates_fit(
                        m.date, told.date):
                    owner[i] = k
        if spec.rule.signals:
            lists = [set(having.get(s, ())) for s in spec.rule.signals]
            for i in sorted(set.intersection(*lists)):
                e = automatic[i]
                if i not in owner and e.date is not None and _dates_fit(spec.date, e.date):
                    owner[i] = k
    taken: dict[int, list[int]] = {}
    for i, k in sorted(owner.items()):
        taken.setdefault(k, []).append(i)
    events: list[Event] = []
    for k, spec in enumerate(curated):
        if spec.hide:
            continue
        mentions: dict[tuple[str, str], EventMention] = {}
        for i in taken.get(k, ()):
            for m in automatic[i].mentions:
                mentions.setdefault((m.article, m.sentence), m)
        for m in by_spec.get(k, ()):
            mentions.setdefault((m.article, m.sentence), m)
        if not mentions:
            continue
        told = list(mentions.values())
        if spec.parts:
            events.extend(_part_events(spec, told, at, order,
                                       tuple(automatic[i] for i in taken.get(k, ()))))
            continue
        date, conflict, dates = resolve_date(spec.date, [m.date for m in told if m.date])
        scores = [s for i in taken.get(k, ()) if (s := automatic[i].score) is not None]
        evidence = tuple(dict.fromkeys(s for i in taken.get(k, ())
                                       for s in automatic[i].evidence
                                       if not s.startswith("sources:")))
        events.append(Event(id=spec.id, label=spec.label, date=date, date_conflict=conflict,
                            curated=True, mentions=_order(told, order), dates=dates,
                            sort_date=date, score=max(scores) if scores else None,
                            evidence=(*evidence, f"sources:{len({m.article for m in told})}")))
    events.extend(e for i, e in enumerate(automatic) if i not in owner)
    return tuple(events)


def split_mentions(spec: CuratedEvent, mentions: list[EventMention],
                   at: dict[tuple[str, str], SentenceView]
                   ) -> list[tuple[CuratedEvent, list[EventMention]]]:
    """Share ``mentions`` (what split entry ``spec`` identifies) among its parts: each goes
    to the first part whose rule it meets (``_part_evidence``), and one meeting none to the
    first part (``split:rest``). Each keeps its evidence, plus ``split:PART`` and why."""
    shared: list[list[EventMention]] = [[] for _ in spec.parts]
    for m in mentions:
        view = at.get((m.article, m.sentence))
        j, why = next(((j, found) for j, part in enumerate(spec.parts)
                       if (found := _part_evidence(part, m, view)) is not None),
                      (0, (f"split:{spec.parts[0].id}", "split:rest")))
        shared[j].append(replace(m, evidence=tuple(dict.fromkeys((*m.evidence, *why)))))
    return list(zip(spec.parts, shared, strict=True))


def _part_evidence(part: CuratedEvent, mention: EventMention, view: SentenceView | None
                   ) -> tuple[str, ...] | None:
    """Why ``mention`` is ``part`` of a split, or ``None``: its sentence meets the part's
    sentence rule (phrases, terms, entities, figure: as ``rule_evidence``), it shows every
    signal of the part, and its date fits the part's (compatible with it; a part with a date
    and no rule takes the mentions whose date lies within its date, "2031-03" in "2031")."""
    rule = part.rule
    evidence: list[str] = [f"split:{part.id}"]
    if view is not None and any(has_phrase(view.text, w) for w in rule.exclude):
        return None
    if rule.phrases or rule.terms or rule.entities or rule.figure:
        found = rule_evidence(rule, view) if view is not None else None
        if found is None:
            return None
        evidence.extend(found)
    if not all(s in mention.evidence for s in rule.signals):
        return None
    if has_rule(rule):
        return tuple(evidence) if _dates_fit(part.date, mention.date) else None
    inner, outer = span(mention.date), span(part.date)
    if inner is None or outer is None or not contains(outer, inner):
        return None
    return (*evidence, f"within:{part.date}")


def _part_events(spec: CuratedEvent, mentions: list[EventMention],
                 at: dict[tuple[str, str], SentenceView], order: dict[tuple[str, str], int],
                 automatic: tuple[Event, ...]) -> list[Event]:
    """The events a split makes: one per part that has mentions, dated anew from its own
    mentions and date. Its evidence is the signals its mentions share, ``split:ENTRY`` and
    ``sources:N``; its score that of the automatic events it holds whole (a join the split
    broke vouches for nothing), ``None`` when it holds none whole."""
    events: list[Event] = []
    for part, told in split_mentions(spec, mentions, at):
        if not told:
            continue
        date, conflict, dates = resolve_date(part.date, [m.date for m in told if m.date])
        keys = {(m.article, m.sentence) for m in told}
        scores = [e.score for e in automatic if e.score is not None
                  and all((m.article, m.sentence) in keys for m in e.mentions)]
        said = Counter(s for m in told for s in dict.fromkeys(m.evidence)
                       if s.partition(":")[0] in SIGNAL_KINDS)
        shared = sorted((s for s, n in said.items() if n > 1 or len(told) == 1),
                        key=lambda s: (-said[s], s))
        events.append(Event(id=part.id, label=part.label, date=date, date_conflict=conflict,
                            curated=True, mentions=_order(told, order), dates=dates,
                            sort_date=date, score=max(scores) if scores else None,
                            evidence=(*shared, f"split:{spec.id}",
                                      f"sources:{len({m.article for m in told})}")))
    return events
