"""The query layer (claimledger.query) on both back ends: filters, search, sort, cursors."""

from __future__ import annotations

import pytest
from test_ledger_store import make_record

from claimledger.errors import UsageError
from claimledger.ledger import Ledger
from claimledger.query import (
    check_day,
    claim_query,
    count_claims,
    facets,
    item_query,
    iter_claims,
    list_items,
    readable_when,
    search_claims,
)
from claimledger.readers.base import Article

STRIKE = (
    "The port authority said on Monday that 40 ships were waiting. Union leader Ana Ruiz denied "
    "that the strike would end soon. Workers complained of harassment by managers, the union said."
)
FLOODS = (
    '"The river has crested," said Jonas Ebbe, the mayor. The ministry said 300 homes were '
    "flooded, according to the Red Cross. Residents said they were harassed by looters."
)
CRAWLED = "Police said a walkout at the Zélinski plant had ended, a spokesman for the Red Cross said."
UNDATED = "Ana Ruiz said the talks would resume."


def corpus() -> list[tuple[Article, object]]:
    recs = [
        (make_record("strike", STRIKE, "2025-03-03", claims=[
            {"content": "40 ships were waiting", "speaker": "port authority", "source": "The port authority",
             "cue": "said", "said_on": "2025-03-03"},
            {"content": "the strike would end soon", "speaker": "Ana Ruiz", "source": "Union leader Ana Ruiz",
             "cue": "denied", "stance": "deny"},
            {"content": "Workers complained of harassment by managers", "speaker": "union", "cue": "said",
             "said_on": "XXXX-WXX-4"},
        ], quantities=["40 ships"]), "Harbour Wire", "header"),
        (make_record("floods", FLOODS, "2025-04-10", claims=[
            {"content": "The river has crested", "speaker": "Jonas Ebbe", "source": "Jonas Ebbe",
             "cue": "said", "kind": "direct"},
            {"content": "300 homes were flooded", "speaker": "ministry", "cue": "said", "via": ["Red Cross"]},
            {"content": "they were harassed by looters", "speaker": "Residents", "cue": "said", "stance": "hedge"},
        ], quantities=["300 homes"]), "River Post", "metadata"),
        (make_record("crawled", CRAWLED, "2025-05-01", claims=[
            {"content": "a walkout at the Zélinski plant had ended", "speaker": "Police", "cue": "said",
             "via": ["Red Cross"]},
        ]), "River Post", "warc"),
        (make_record("undated", UNDATED, None, claims=[
            {"content": "the talks would resume", "speaker": "Ana Ruiz", "cue": "said"},
        ]), None, None),
    ]
    out = []
    for rec, publisher, source in recs:
        art = Article(id=rec.id, text=rec.text, date=rec.date, title=f"{rec.id.title()} <b>news</b>",
                      url=f"https://example.test/{rec.id}", publisher=publisher, date_source=source)
        out.append((art, rec))
    return out


@pytest.fixture
def ledger(ledger_url: str):
    with Ledger(ledger_url) as led:
        led.add_many(corpus())
        yield led


def texts(ledger: Ledger, **filters) -> list[str]:
    return [h.text for h in search_claims(ledger, claim_query(**filters)).items]


ALL_BY_DATE = ["40 ships were waiting", "the strike would end soon",
               "Workers complained of harassment by managers", "The river has crested",
               "300 homes were flooded", "they were harassed by looters",
               "a walkout at the Zélinski plant had ended", "the talks would resume"]

FILTERS = [
    ({}, ALL_BY_DATE),  # undated last
    ({"sort": "-date"}, ["a walkout at the Zélinski plant had ended", "they were harassed by looters",
                         "300 homes were flooded", "The river has crested",
                         "Workers complained of harassment by managers", "the strike would end soon",
                         "40 ships were waiting", "the talks would resume"]),
    ({"q": "harass", "sort": "date"}, ["Workers complained of harassment by managers",
                                       "they were harassed by looters"]),
    ({"q": '"strike would end"'}, ["the strike would end soon"]),
    ({"q": '"end would strike"'}, []),
    ({"q": "crested OR looters", "sort": "date"}, ["The river has crested", "they were harassed by looters"]),
    ({"q": "ship*"}, ["40 ships were waiting"]),
    ({"q": "zelinski"}, ["a walkout at the Zélinski plant had ended"]),  # accents folded
    ({"q": "ruiz", "sort": "date"}, ["the strike would end soon", "the talks would resume"]),  # speaker
    ({"speaker": "RUIZ"}, ["the strike would end soon", "the talks would resume"]),
    ({"entity": "Red Cross"}, ["300 homes were flooded", "a walkout at the Zélinski plant had ended"]),
    ({"entity": "the Ana Ruiz"}, ["the strike would end soon", "the talks would resume"]),
    ({"stance": "deny"}, ["the strike would end soon"]),
    ({"kind": "direct"}, ["The river has crested"]),
    ({"said_since": "2025-04-01"}, ["The river has crested", "300 homes were flooded",
                                    "they were harassed by looters", "a walkout at the Zélinski plant had ended"]),
    ({"said_until": "2025-03-03"}, ALL_BY_DATE[:3]),
    ({"date_since": "2025-04-10", "date_until": "2025-04-10"}, ALL_BY_DATE[3:6]),
    ({"date_source": "warc"}, ["a walkout at the Zélinski plant had ended"]),
    ({"date_source": "published", "date_since": "2025-04-01"}, ALL_BY_DATE[3:6]),
    ({"date_source": "unknown"}, ["the talks would resume"]),
    ({"publisher": "River Post"}, ALL_BY_DATE[3:7]),
    ({"has_number": "true"}, ["40 ships were waiting", "300 homes were flooded"]),
    ({"has_number": "false", "stance": "assert", "said_until": "2025-03-31"},
     ["Workers complained of harassment by managers"]),
    ({"article": "undated"}, ["the talks would resume"]),
]


@pytest.mark.parametrize(("filters", "expected"), FILTERS)
def test_filters(ledger: Ledger, filters: dict, expected: list[str]) -> None:
    assert texts(ledger, **filters) == expected


BAD = [
    ({"said_since": "2025-3-1"}, "expected a date as YYYY-MM-DD"),
    ({"date_until": "yesterday"}, "expected a date as YYYY-MM-DD"),
    ({"said_until": "2025-02-30"}, "expected a date as YYYY-MM-DD"),
    ({"stance": "maybe"}, "expected one of assert, deny, hedge"),
    ({"kind": "x"}, "expected one of direct"),
    ({"date_source": "rumour"}, "expected one of header"),
    ({"has_number": "perhaps"}, "expected true or false"),
    ({"limit": "0"}, "from 1 to 1000"),
    ({"limit": "ten"}, "from 1 to 1000"),
    ({"sort": "relevance"}, "needs a search text"),
    ({"sort": "size"}, "expected one of date, -date, relevance"),
    ({"q": '"unclosed'}, "quote is not closed"),
    ({"q": "OR strike"}, "OR needs a word on each side"),
    ({"q": "strike OR"}, "OR needs a word on each side"),
    ({"q": "*"}, "must follow the start of a word"),
    ({"q": "e*"}, "at least 2 letters before"),
    ({"q": "!!"}, "no word to search for"),
    ({"cursor": "garbage!"}, "not a cursor of this query"),
    ({"colour": "red"}, "unknown filter 'colour'"),
]


@pytest.mark.parametrize(("filters", "message"), BAD)
def test_bad_values_are_usage_errors_with_the_fix(filters: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        claim_query(**filters)


@pytest.mark.parametrize("q", ['NEAR(a b)', 'a AND', '"', "title:x", "a)(", "'; DROP TABLE claims; --", "^x", "-x"])
def test_search_syntax_never_crashes(ledger: Ledger, q: str) -> None:
    try:
        query = claim_query(q=q)
    except UsageError:
        return
    search_claims(ledger, query)  # no StoreError, no crash


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_cursor_pages_cover_everything_once(ledger: Ledger, sort: str) -> None:
    whole = [h.id for h in search_claims(ledger, claim_query(sort=sort, limit=100)).items]
    seen, cursor = [], None
    while True:
        page = search_claims(ledger, claim_query(sort=sort, limit=3, cursor=cursor))
        seen += [h.id for h in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == whole and len(whole) == 8


def test_relevance_pages_and_snippets(ledger: Ledger) -> None:
    first = search_claims(ledger, claim_query(q="harass OR ships", limit=2))
    assert len(first.items) == 2 and first.next_cursor
    rest = search_claims(ledger, claim_query(q="harass OR ships", limit=2, cursor=first.next_cursor))
    assert {h.text for h in first.items + rest.items} == {
        "40 ships were waiting", "Workers complained of harassment by managers", "they were harassed by looters"}
    assert rest.next_cursor is None
    for h in first.items + rest.items:
        marked = [h.snippet.text[s:e].lower() for s, e in h.snippet.marks]
        assert marked and all(m.startswith(("harass", "ship")) for m in marked)


def test_cursor_of_another_sort_is_refused(ledger: Ledger) -> None:
    page = search_claims(ledger, claim_query(limit=2))
    with pytest.raises(UsageError, match="not a cursor"):
        claim_query(sort="-date", cursor=page.next_cursor)


def test_iter_claims_walks_every_page(ledger: Ledger) -> None:
    assert [h.text for h in iter_claims(ledger, claim_query(), page_size=2)] == ALL_BY_DATE


def test_rows_carry_article_provenance(ledger: Ledger) -> None:
    (hit,) = search_claims(ledger, claim_query(date_source="warc")).items
    d = hit.to_dict()
    assert (d["title"], d["url"], d["publisher"], d["article_date"], d["date_source"]) == (
        "Crawled <b>news</b>", "https://example.test/crawled", "River Post", "2025-05-01", "warc")
    assert d["via"] == ["Red Cross"] and d["cue_text"] == "said"


def test_counts_and_facets(ledger: Ledger) -> None:
    query = claim_query(publisher="River Post")
    assert count_claims(ledger, query) == 4
    f = facets(ledger, query)
    assert dict(f["stance"]) == {"assert": 3, "hedge": 1}
    assert dict(f["date_source"]) == {"metadata": 3, "warc": 1}
    # a facet ignores its own filter, so the other values stay visible
    assert dict(f["publisher"]) == {"River Post": 4, "Harbour Wire": 3}


def test_quantities_and_times_lists(ledger: Ledger) -> None:
    items, cursor = list_items(ledger, "quantities", item_query(limit=1))
    assert [i["text"] for i in items] == ["40 ships"] and cursor
    items, cursor = list_items(ledger, "quantities", item_query(limit=1, cursor=cursor))
    assert [(i["text"], i["article_id"]) for i in items] == [("300 homes", "floods")] and cursor is None
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        item_query(date_since="banana")


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-01", "2025-03-01"),
    ("XXXX-WXX-4", "a Thursday (day unknown)"),
    ("2024-10", "October 2024"),
    ("2024-W42", "week 42 of 2024"),
    ("XXXX-10-23", "23 October (year unknown)"),
    ("2024-10-23TEV", "2024-10-23 evening"),
    ("PRESENT_REF", "now (day unknown)"),
    ("XXXX-XX-XX", "day unknown"),
    (None, "unknown"),
])
def test_readable_when(value: str | None, expected: str) -> None:
    assert readable_when(value) == expected


@pytest.mark.parametrize("value", ["2025-3-1", "yesterday", "banana", "2025-13-01", "20250301"])
def test_check_day_refuses(value: str) -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD, e.g. 2025-03-01"):
        check_day(value, "--since")


def test_too_many_matches_to_rank_ranks_the_newest_and_says_so(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.query as ql

    q = "harass OR ships OR crested OR walkout OR talks OR flooded"  # no stop words (PostgreSQL drops them)
    whole = {h.id for h in iter_claims(ledger, claim_query(q=q, sort="-date"))}
    assert len(whole) == 7
    assert search_claims(ledger, claim_query(q=q)).ranked
    monkeypatch.setattr(ql, "RANK_CANDIDATES", 2)
    seen, cursor, pages = [], None, []
    while True:
        page = search_claims(ledger, claim_query(q=q, limit=1, cursor=cursor))
        pages.append(page)
        assert not page.ranked and page.to_dict()["ranked"] is False and page.to_dict()["ranked_among"] == 2
        assert "newest first" in page.order_note and "2 most recently added" in page.order_note
        seen += [h.id for h in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    # every match once: the two most recently added ranked, then the others newest first
    assert set(seen) == whole and len(seen) == len(whole)
    newest = sorted(whole, reverse=True)
    assert set(seen[:2]) == set(newest[:2]) and seen[2:] == newest[2:]
    notes: list[str] = []
    assert [h.id for h in iter_claims(ledger, claim_query(q=q), page_size=3, on_unranked=notes.append)] == seen
    assert len(notes) == 1 and "newest first" in notes[0]


def test_ranked_among_candidates_keeps_filters(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a filter, the candidates are the newest matches that pass it, not the newest matches."""
    import claimledger.query as ql

    q = "harass OR ships OR crested OR walkout OR talks OR flooded"  # no stop words (PostgreSQL drops them)
    filters = {"publisher": "River Post", "has_number": "false"}  # a filter on the article, one on the claim
    wanted = {h.id for h in iter_claims(ledger, claim_query(q=q, sort="-date", **filters))}
    assert len(wanted) == 3
    monkeypatch.setattr(ql, "RANK_CANDIDATES", 1)
    page = search_claims(ledger, claim_query(q=q, limit=1, **filters))
    assert page.ranked_among == 1 and page.items[0].id == max(wanted)
    got = [h.id for h in iter_claims(ledger, claim_query(q=q, **filters), page_size=1)]
    assert got == sorted(wanted, reverse=True)


@pytest.mark.parametrize("prefix", ["co*", "com*", "comp*", "compl*", "compla*", "complai*", "complain*"])
def test_prefixes_of_every_length_match(ledger: Ledger, prefix: str) -> None:
    """Prefixes of 2 to 6 letters have their own index (SQLite); longer ones are read from the
    words. "complained" is indexed as its stem "complain"."""
    assert texts(ledger, q=prefix) == ["Workers complained of harassment by managers"]
    if ledger.location.endswith(".db"):
        (sql,) = ledger.store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'claims_search'").fetchone()
        assert 'prefix="2 3 4 5 6"' in sql


def test_common_terms_are_ranked_by_the_estimate(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite: a search with a term in most claims is scored by _estimated_scores (bm25()
    would count the term over the whole table); every match is still there, best first."""
    import claimledger.query as ql

    if not ledger.location.endswith(".db"):
        pytest.skip("PostgreSQL's ts_rank_cd reads only the rows it ranks")
    exact = [h.id for h in iter_claims(ledger, claim_query(q="harass OR crested"))]
    monkeypatch.setattr(ql, "COMMON_TERM", 0)
    page = search_claims(ledger, claim_query(q="harass OR crested"))
    assert page.ranked and sorted(h.id for h in page.items) == sorted(exact) and len(exact) == 3
    # the shortest claim holding a term once comes first, as with bm25()
    assert page.items[0].text == "The river has crested"


def test_counts_stop_at_the_cap(ledger: Ledger) -> None:
    query = claim_query(publisher="River Post")
    assert count_claims(ledger, query) == 4
    assert count_claims(ledger, query, cap=4) == 4
    assert count_claims(ledger, query, cap=2) == 3  # cap + 1: more than 2
