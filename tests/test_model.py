"""The records: frozen, slotted dataclasses with the constructors ``dataclasses`` writes."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from jvreader import model
from jvreader.annotate.view import SentenceView
from jvreader.cache import dumps
from site_under_test import annotated_seeds

RECORDS = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]


def test_every_record_is_frozen_and_slotted():
    assert len(RECORDS) > 20
    for cls in RECORDS:
        assert cls.__dataclass_params__.frozen, cls  # type: ignore[attr-defined]
        assert "__slots__" in vars(cls), cls


def test_record_constructors_keep_the_fields_as_parameters_with_their_defaults():
    for cls in [*RECORDS, SentenceView]:
        init_fields = [f for f in dataclasses.fields(cls) if f.init]
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
        assert [p.name for p in params] == [f.name for f in init_fields], cls
        for param, f in zip(params, init_fields, strict=True):
            if f.default is not dataclasses.MISSING:
                assert param.default == f.default, (cls, f.name)
            elif f.default_factory is dataclasses.MISSING:
                assert param.default is inspect.Parameter.empty, (cls, f.name)


def test_a_record_made_by_position_keyword_or_default_is_the_same_and_stays_frozen():
    by_position = model.Provenance("date", "text", None)
    by_keyword = model.Provenance(field="date", source="text")
    assert by_position == by_keyword and hash(by_position) == hash(by_keyword)
    assert by_keyword.line is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        by_keyword.line = 3  # type: ignore[misc]
    assert dataclasses.replace(by_keyword, line=3) == model.Provenance("date", "text", 3)
    with pytest.raises(TypeError):
        model.Provenance("date")  # type: ignore[call-arg]


def test_a_corpus_finds_its_articles_by_id():
    corpus = annotated_seeds().corpus
    assert corpus.article(corpus.articles[0].id) is corpus.articles[0]


def test_the_seed_corpus_reads_back_from_the_cache_equal():
    annotated = annotated_seeds()
    again = pickle.loads(dumps(annotated))
    assert again == annotated
    assert again.corpus.articles[0].original == annotated.corpus.articles[0].original
