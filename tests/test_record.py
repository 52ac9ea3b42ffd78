"""The article record: its JSON form, the published JSON Schema, and every emitted record."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from claimledger.readers import Article, read_inputs
from claimledger.record import (
    ArticleRecord,
    Claim,
    Quantity,
    TimeExpression,
    record_schema,
    validate_record,
)


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(record_schema())


def test_record_round_trips_through_json():
    rec = ArticleRecord(
        id="x", text="Officials said about 40 ships left on Monday.", date="2025-01-06",
        claims=[Claim(content=[(15, 44)], source=[(0, 9)], cue=[(10, 14)], speaker="Officials",
                      kind="indirect", stance="assert", said_on="2025-01-06", via=["port authority"])],
        quantities=[Quantity(span=(15, 29), value=40, qualifier="approx", thing="ships")],
        times=[TimeExpression(span=(35, 44), value="2025-01-06", type="DATE")],
    )
    d = json.loads(rec.to_json())
    validate_record(d)
    assert ArticleRecord.from_dict(d).to_dict() == d


BAD = [
    ("claims", lambda d: d["claims"][0].update(kind="rumour")),
    ("stance", lambda d: d["claims"][0].update(stance="maybe")),
    ("empty content", lambda d: d["claims"][0].update(content=[])),
    ("qualifier", lambda d: d["quantities"][0].update(qualifier="lots")),
    ("time type", lambda d: d["times"][0].update(type="EVENT")),
    ("date", lambda d: d.update(date="10/06/2025")),
    ("missing id", lambda d: d.pop("id")),
]


@pytest.mark.parametrize("name, breaker", BAD)
def test_schema_rejects_malformed_records(name, breaker):
    d = {"id": "x", "date": "2025-01-06", "text": "abc",
         "claims": [{"content": [[0, 3]], "source": [], "cue": [], "speaker": None, "kind": "direct",
                     "stance": "assert", "said_on": None, "via": []}],
         "quantities": [{"span": [0, 1], "value": 1, "low": None, "high": None, "qualifier": "exact",
                         "trend": None, "thing": None}],
         "times": [{"span": [0, 1], "value": "2025", "type": "DATE"}]}
    validate_record(copy.deepcopy(d))
    breaker(d)
    with pytest.raises(jsonschema.ValidationError):
        validate_record(d)


def test_spans_outside_the_text_are_invalid():
    d = ArticleRecord(id="x", text="short", claims=[Claim(content=[(0, 50)])]).to_dict()
    with pytest.raises(ValueError, match="outside text"):
        validate_record(d)


def test_every_record_emitted_for_the_samples_validates(extractor, samples_dir):
    articles = [a for a in read_inputs([str(samples_dir)]) if isinstance(a, Article)]
    assert len(articles) >= 8
    records = list(extractor.extract_many((a.id, a.text, a.date) for a in articles))
    for art, rec in zip(articles, records, strict=True):
        d = rec.to_dict()
        validate_record(d)
        assert d["text"] == art.text and d["id"] == art.id
    assert sum(len(r.claims) for r in records) > 20


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n", "“", "''", "He said.", "“Unclosed quote, said nobody", "1,000 2,000 3,000",
     "said said said that that", "— : “ ” ' ' \" \"", "x" * 3000],
)
def test_odd_texts_still_give_valid_records(extractor, text):
    validate_record(extractor.extract(text, "2025-01-01", id="odd").to_dict())
