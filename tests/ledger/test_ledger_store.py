"""The storage suite: every test runs on SQLite and on PostgreSQL (see conftest.py)."""

from __future__ import annotations

import multiprocessing as mp
import random

import pytest

from claimledger.errors import StoreError, UsageError
from claimledger.ledger import SCHEMA_VERSION, Ledger
from claimledger.record import ArticleRecord, Claim, Quantity, TimeExpression


def span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return (i, i + len(part))


def make_record(
    id: str,
    text: str,
    date: str | None,
    claims: list[dict] = (),  # type: ignore[assignment]
    quantities: list[str] = (),  # type: ignore[assignment]
    times: list[tuple[str, str]] = (),  # type: ignore[assignment]
    extractor: str = "test-1",
) -> ArticleRecord:
    """A record of `text` with claims given by their content, speaker and cue substrings."""
    return ArticleRecord(
        id=id,
        text=text,
        date=date,
        extractor=extractor,
        claims=[
            Claim(
                content=[span(text, c["content"])],
                source=[span(text, c["source"])] if c.get("source") else [],
                cue=[span(text, c["cue"])] if c.get("cue") else [],
                speaker=c.get("speaker"),
                kind=c.get("kind", "indirect"),
                stance=c.get("stance", "assert"),
                said_on=c.get("said_on"),
                via=list(c.get("via", [])),
            )
            for c in claims
        ],
        # int and float values, as the extractors give them
        quantities=[Quantity(span=span(text, q), value=int(q.split()[0]) if i % 2 else float(q.split()[0]))
                    for i, q in enumerate(quantities)],
        times=[TimeExpression(span=span(text, t), value=v) for t, v in times],
    )


HARBOUR = (
    "The harbour authority said on Monday that 12 ships were waiting outside the port, with 5 tugs. "
    "Union leader Mara Quell denied that the strike would end soon."
)
RAIN = (
    '"We expect the rain to ease by Thursday," forecaster Ilse Brandt told reporters. '
    "Officials may reopen the bridge next week, the ministry said."
)
TALKS = "Mara Quell said the talks had collapsed after 3 hours."


def corpus() -> list:
    return [
        make_record("harbour", HARBOUR, "2024-03-04", claims=[
            {"content": "12 ships were waiting outside the port", "speaker": "harbour authority",
             "source": "The harbour authority", "cue": "said", "said_on": "2024-03-04"},
            {"content": "the strike would end soon", "speaker": "Mara Quell", "source": "Mara Quell",
             "cue": "denied", "stance": "deny", "via": ["Dockers Union"]},
        ], quantities=["12 ships", "5 tugs"], times=[("Monday", "2024-03-04")]),
        make_record("rain", RAIN, "2024-05-10", claims=[
            {"content": "We expect the rain to ease by Thursday", "speaker": "Ilse Brandt",
             "source": "forecaster Ilse Brandt", "cue": "told", "kind": "direct"},
            {"content": "Officials may reopen the bridge next week", "speaker": "ministry",
             "cue": "said", "stance": "hedge", "said_on": "2024-W19"},
        ], times=[("Thursday", "2024-05-16")]),
        make_record("talks", TALKS, None, claims=[
            {"content": "the talks had collapsed after 3 hours", "speaker": "Mara Quell", "cue": "said"},
        ], quantities=["3 hours"]),
    ]


@pytest.fixture
def ledger(ledger_url: str):
    with Ledger(ledger_url) as led:
        led.add_many((None, r) for r in corpus())
        yield led


CLAIM_FILTERS = [
    # undated claims sort first, then by day (said_on when a day, else the article date)
    ({}, ["the talks had collapsed after 3 hours", "12 ships were waiting outside the port",
          "the strike would end soon", "We expect the rain to ease by Thursday",
          "Officials may reopen the bridge next week"]),
    ({"speaker": "quell"}, ["the talks had collapsed after 3 hours", "the strike would end soon"]),
    ({"speaker": "HARBOUR"}, ["12 ships were waiting outside the port"]),
    ({"stance": "deny"}, ["the strike would end soon"]),
    ({"stance": "hedge", "kind": "indirect"}, ["Officials may reopen the bridge next week"]),
    ({"kind": "direct"}, ["We expect the rain to ease by Thursday"]),
    ({"search": "strike"}, ["the strike would end soon"]),
    ({"search": "ships PORT"}, ["12 ships were waiting outside the port"]),
    ({"search": "bridge ships"}, []),
    ({"search": "rai*"}, ["We expect the rain to ease by Thursday"]),
    ({"search": "brandt"}, ["We expect the rain to ease by Thursday"]),  # speaker is searched too
    ({"search": "\"strike\" -(soon"}, ["the strike would end soon"]),  # syntax is no syntax
    ({"search": "strikes"}, ["the strike would end soon"]),  # stemmed
    ({"since": "2024-04-01"}, ["We expect the rain to ease by Thursday",
                               "Officials may reopen the bridge next week"]),
    ({"until": "2024-03-31"}, ["12 ships were waiting outside the port", "the strike would end soon"]),
    ({"since": "2024-03-04", "until": "2024-03-04"}, ["12 ships were waiting outside the port",
                                                      "the strike would end soon"]),
    ({"article": "rain", "stance": "assert"}, ["We expect the rain to ease by Thursday"]),
    ({"limit": 2, "offset": 1}, ["12 ships were waiting outside the port", "the strike would end soon"]),
]


@pytest.mark.parametrize(("filters", "expected"), CLAIM_FILTERS)
def test_claim_filters(ledger: Ledger, filters: dict, expected: list[str]) -> None:
    assert [r.text for r in ledger.claims(**filters)] == expected


def test_search_without_a_word_is_a_usage_error(ledger: Ledger) -> None:
    with pytest.raises(UsageError, match="no word to search for"):
        list(ledger.claims(search="!!"))


def test_claim_rows_keep_provenance(ledger: Ledger) -> None:
    (row,) = ledger.claims(stance="deny")
    assert (row.article_id, row.article_date, row.speaker, row.via) == (
        "harbour", "2024-03-04", "Mara Quell", ["Dockers Union"])
    assert (row.source_text, row.cue_text) == ("Mara Quell", "denied")
    s, e = row.content[0]
    assert HARBOUR[s:e] == "the strike would end soon"


def test_records_round_trip(ledger: Ledger) -> None:
    for rec in corpus():
        assert ledger.record(rec.id).to_dict() == rec.to_dict()
    assert [r.id for r in ledger.records()] == ["talks", "harbour", "rain"]
    assert [r.id for r in ledger.records(since="2024-04-01")] == ["rain"]


def test_stats(ledger: Ledger) -> None:
    assert ledger.stats() == {"articles": 3, "claims": 5, "speakers": 4, "quantities": 3,
                              "times": 2, "schema_version": SCHEMA_VERSION}


def test_same_text_is_stored_once(ledger: Ledger) -> None:
    again = make_record("harbour-copy", HARBOUR, "2024-03-05")
    assert ledger.add(again) is False
    counts = ledger.add_many([(None, again), (None, make_record("new", TALKS + " Later.", None))])
    assert (counts.inserted, counts.skipped) == (1, 1)
    assert ledger.stats()["articles"] == 4


def test_replace_swaps_claims_in_place(ledger: Ledger) -> None:
    newer = make_record("talks", TALKS, None, extractor="test-2", claims=[
        {"content": "the talks had collapsed", "speaker": "Mara Quell", "stance": "hedge"},
    ], quantities=[], times=[("3 hours", "PT3H")])
    counts = ledger.add_many([(None, newer)], replace=True)
    assert (counts.inserted, counts.replaced, counts.skipped) == (0, 1, 0)
    assert ledger.record("talks").to_dict() == newer.to_dict()
    assert ledger.stats()["articles"] == 3
    assert [r.text for r in ledger.claims(speaker="quell")] == [
        "the talks had collapsed", "the strike would end soon"]
    assert [r.text for r in ledger.claims(search="collapsed")] == ["the talks had collapsed"]


def test_versions_and_stale(ledger: Ledger) -> None:
    from claimledger.readers import content_hash

    newer = make_record("rain", RAIN, "2024-05-10", extractor="test-2")
    ledger.add_many([(None, newer)], replace=True)
    hashes = [content_hash(HARBOUR), content_hash(RAIN), content_hash("never stored")]
    assert ledger.versions(hashes) == {hashes[0]: "test-1", hashes[1]: "test-2"}
    assert ledger.contains(hashes) == set(hashes[:2])
    texts = {"harbour": HARBOUR, "talks": TALKS}
    stale = sorted((a.id, a.text == texts[a.id], v) for a, v in ledger.stale("test-2"))
    assert stale == [("harbour", True, "test-1"), ("talks", True, "test-1")]


def test_reopen_keeps_schema_and_data(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        led.add_many((None, r) for r in corpus())
    with Ledger(ledger_url) as led:
        assert led.schema_version == SCHEMA_VERSION
        assert led.stats()["articles"] == 3


def test_unknown_location_is_refused() -> None:
    with pytest.raises(StoreError, match="unknown ledger location"):
        Ledger("mysql://somewhere/db")


# -- several writers at once ----------------------------------------------------------------

SPEAKERS = ["Ana Reyes", "Bo Lindqvist", "Chen Wei", "Dara Okafor", "Emil Novak"]


def pool_record(i: int):
    who, via = SPEAKERS[i % 5], SPEAKERS[(i + 2) % 5]
    text = f"{who} said on Tuesday that {i} crates of grain had reached the depot."
    return make_record(f"pool-{i}", text, "2024-06-04", claims=[
        {"content": f"{i} crates of grain had reached the depot", "speaker": who,
         "cue": "said", "via": [via]},
    ], quantities=[f"{i} crates"])


def _writer(url: str, seed: int, out: mp.Queue) -> None:
    # overlapping halves of one pool, each writer in its own order and batch cut
    rng = random.Random(seed)
    ids = list(range(seed * 10, seed * 10 + 40))
    rng.shuffle(ids)
    inserted = 0
    with Ledger(url) as led:
        for k in range(0, len(ids), 7):
            inserted += led.add_many([(None, pool_record(i)) for i in ids[k : k + 7]]).inserted
    out.put(inserted)


def test_concurrent_writers_store_each_text_once(ledger_url: str) -> None:
    Ledger(ledger_url).close()  # migrate first, as a real deployment does
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(ledger_url, seed, out)) for seed in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    inserted = sum(out.get(timeout=5) for _ in procs)
    with Ledger(ledger_url) as led:
        stats = led.stats()
        assert inserted == stats["articles"] == 60  # ids 0..59, overlaps stored once
        assert stats["claims"] == stats["quantities"] == 60
        assert stats["speakers"] == 5
        rows = list(led.claims(speaker="chen wei"))
        assert len(rows) == 12 and all(r.via == ["Emil Novak"] for r in rows)
