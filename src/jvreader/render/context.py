"""What one build's views read besides their page: made once per build, passed explicitly.

    ctx = render_context(annotated, SiteInfo())
    ctx.index.events_of["002_8f09"]   -> [(Event("defense-mou-2011", …), [EventMention …]), …]
    ctx.entity_pages                  -> {"japan": "entities/japan.html", …}
    ctx.entities_by_name              -> (Entity("asean", "ASEAN", …), …)

Every view function takes the context instead of looking tables up in module globals by the
identity of the corpus: a new build makes a new context, and nothing outlives it. Its memos
(``index.memo``) hold parts several pages share (an event's entry for a folder, a
disagreement's sides), filled as pages ask for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from jvreader.cache import collector_paused
from jvreader.model import Annotated, Comparison, Corpus, Entity, Event, Note, Thread
from jvreader.render import urls
from jvreader.render.cite import citation_keys
from jvreader.render.index import SiteIndex, build_index
from jvreader.render.site import SiteInfo
from jvreader.render.views import EntityMentions, mentions_by_entity


@dataclass(frozen=True, slots=True, eq=False)
class RenderContext:
    """The annotated corpus and the lookup tables built from it for one build."""

    annotated: Annotated
    site: SiteInfo
    index: SiteIndex
    mentions: dict[str, EntityMentions]
    """Entity id → where it is named (``views.mentions_by_entity``)."""
    entity_pages: dict[str, str]
    """Entity id → its page, for the entities named somewhere (sorted by id)."""
    entities: dict[str, Entity]
    """Entity id → the gazetteer's entity (the first definition of an id wins)."""
    entities_by_name: tuple[Entity, ...]
    """The gazetteer's entities by name, then id."""
    citation_keys: dict[str, str]
    """Article id → its citation key (``cite.citation_keys``)."""

    @property
    def corpus(self) -> Corpus:
        return self.annotated.corpus

    @property
    def events(self) -> tuple[Event, ...]:
        return self.annotated.events

    @property
    def threads(self) -> tuple[Thread, ...]:
        return self.annotated.threads

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        return self.annotated.comparisons

    @property
    def notes(self) -> tuple[Note, ...]:
        return self.annotated.notes


def render_context(annotated: Annotated | Corpus, site: SiteInfo) -> RenderContext:
    """The context of one build of ``annotated`` (a bare ``Corpus`` is taken as unannotated).
    Its tables are hundreds of thousands of objects, none in a cycle, that live as long as
    the render: made with the collector paused and frozen (``collector_paused``)."""
    if isinstance(annotated, Corpus):
        annotated = Annotated(annotated)
    with collector_paused(keep=True):
        corpus = annotated.corpus
        mentions = mentions_by_entity(corpus)
        return RenderContext(
            annotated=annotated, site=site, index=build_index(annotated), mentions=mentions,
            entity_pages={eid: urls.entity_path(eid) for eid in sorted(mentions)},
            entities={e.id: e for e in reversed(corpus.entities)},
            entities_by_name=tuple(sorted(corpus.entities,
                                          key=lambda e: (e.name.casefold(), e.id))),
            citation_keys=citation_keys(corpus.articles))
