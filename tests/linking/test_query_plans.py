"""Linking's per-article cost must not grow with the ledger: every statement the stages run
for a new article reads through an index, never a whole table (SQLite's EXPLAIN QUERY PLAN).
The speed itself is measured in benchmarks/linking_scale.py, never in a test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from linkrecords import span

from claimledger.ledger import Ledger
from claimledger.linking import LinkDB, link_pending
from claimledger.record import ArticleRecord, Claim, Quantity

# Tables a statement may read whole: the user's judgements (as many as the user wrote).
SMALL_TABLES = {"entity_judgements"}

# (a statement's start, the index it must use): the statements that once read rows in
# proportion to the ledger (thousands of article-local "investigators"; every denial pair).
REQUIRED_INDEX = [
    ("SELECT id, key FROM link_entities WHERE norm = ?", "link_entities_named"),
    ("SELECT count(*) FROM contradictions WHERE type = 'denial' AND b_claim = ?", "contradictions_b_claim"),
]

TOWNS = ["Harlow", "Denby", "Carrow", "Wexley", "Brannock", "Lisk"]


def report(i: int, town: str) -> ArticleRecord:
    """A blast in `town`: a count of the dead, investigators naming a cause, the company
    denying it, and a council figure; the same company in every town."""
    dead = 3 + i
    text = (f"An explosion at a depot in {town} killed {dead} people on Monday, police said. "
            f"Investigators said a gas leak at a site run by Orvane Fuels caused the blast. "
            f"Orvane Fuels denied that a gas leak at its site had caused the blast. "
            f"The council said {20 + i} families had been moved out of {town}.")
    denial = text.index("Orvane Fuels denied")
    claims = [
        Claim(content=[span(text, "a gas leak at a site run by Orvane Fuels caused the blast")],
              source=[span(text, "Investigators")], speaker="Investigators"),
        Claim(content=[span(text, "a gas leak at its site had caused the blast")],
              source=[span(text, "Orvane Fuels", denial)], speaker="Orvane Fuels", stance="deny"),
        Claim(content=[span(text, f"{20 + i} families had been moved out of {town}")],
              source=[span(text, "The council")], speaker="the council"),
    ]
    quantities = [Quantity(span(text, str(dead), text.index("killed")), float(dead), thing="people")]
    return ArticleRecord(id=f"blast-{i}", text=text, date=f"2025-03-{10 + i:02d}", claims=claims,
                         quantities=quantities, title=f"Depot blast in {town}", extractor="test")


def recorded_statements(led: Ledger) -> Iterator[tuple[str, tuple]]:
    """Link the reports one call each, recording every statement (and its first arguments)."""
    seen: dict[str, tuple] = {}
    execute, executemany = LinkDB.execute, LinkDB.executemany

    def rec_execute(self: LinkDB, sql: str, args=()) -> list[tuple]:  # noqa: ANN001
        seen.setdefault(sql, tuple(args))
        return execute(self, sql, args)

    def rec_many(self: LinkDB, sql: str, rows) -> None:  # noqa: ANN001
        if rows:
            seen.setdefault(sql, tuple(rows[0]))
        return executemany(self, sql, rows)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(LinkDB, "execute", rec_execute)
        mp.setattr(LinkDB, "executemany", rec_many)
        for i, town in enumerate(TOWNS):
            led.add(report(i, town))
            assert not link_pending(led).errors
    return iter(seen.items())


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, list[str]]:  # noqa: ANN001
    """statement -> its query plan lines, for every statement linking ran."""
    with Ledger(str(tmp_path_factory.mktemp("plans") / "ledger.db")) as led:
        statements = list(recorded_statements(led))
        assert led.store.conn.execute("SELECT count(*) FROM contradictions").fetchone()[0] > 0
        conn = led.store.conn
        return {sql: [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()]
                for sql, args in statements}


def scanned_tables(plan: list[str]) -> set[str]:
    """Tables read whole ("SCAN t", not a covering-index or subquery scan)."""
    out = set()
    for line in plan:
        words = line.split()
        if words[:1] == ["SCAN"] and "USING" not in words and not words[1].startswith(("x", "(")):
            out.add(words[1])
    return out


def test_no_statement_reads_a_whole_table(plans: dict[str, list[str]]) -> None:
    whole = {sql: scanned_tables(plan) - SMALL_TABLES for sql, plan in plans.items()}
    assert {sql: t for sql, t in whole.items() if t} == {}


@pytest.mark.parametrize(("start", "index"), REQUIRED_INDEX)
def test_statements_that_grew_with_the_ledger_use_their_index(plans: dict[str, list[str]], start: str,
                                                              index: str) -> None:
    matching = {sql: plan for sql, plan in plans.items() if sql.startswith(start)}
    assert matching, f"linking no longer runs {start!r}: update REQUIRED_INDEX"
    for sql, plan in matching.items():
        assert any(f"USING INDEX {index} " in line or line.endswith(f"USING INDEX {index}") for line in plan), (sql, plan)


@pytest.mark.parametrize(("sql", "rows"), [
    ("SELECT 1", True),
    ("  with mine AS (SELECT 1) SELECT * FROM mine", True),
    ("WITH\nx AS (SELECT 1) SELECT 1", True),
    ("VALUES (1)", True),
    ("INSERT INTO t VALUES (1) RETURNING id", True),
    ("INSERT INTO t VALUES (1)", False),
    ("UPDATE t SET a = 1", False),
    ("DELETE FROM t", False),
])
def test_statements_that_give_rows_are_waited_for(sql: str, rows: bool) -> None:
    """On PostgreSQL, writes go unwaited in a pipeline; a statement that gives rows must be
    read (a CTE once was not, and every support count on PostgreSQL came back empty)."""
    from claimledger.linking.db import _returns_rows

    assert _returns_rows(sql) is rows
