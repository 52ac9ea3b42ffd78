"""Incremental linking against `relink`: the same rows for the same input order, whatever the
batch sizes, on both back ends, after local and Dask ingest; a linking failure is reported
and never loses stored articles."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from linkrecords import record

from claimledger.ingest import ingest
from claimledger.ledger import Ledger
from claimledger.linking import LinkDB, link_pending, pipeline, relink
from claimledger.readers import Article
from claimledger.record import ArticleRecord

# the ledger's own tables and the user's judgements: everything else is rebuilt by relink
NOT_LINKS = {"articles", "entities", "claims", "claim_via", "quantities", "times",
             "claimledger_schema", "entity_judgements"}

TOWNS = ["Harlow", "Denby", "Carrow", "Denby", "Harlow", "Wexley"]
PEOPLE = ["Amir Sadek", "Lena Voss", "Tom Reyes", "Lena Voss", "Amir Sadek", "Ida Brandt"]


def corpus() -> list[ArticleRecord]:
    """Six short reports: two towns with a follow-up each, a wire copy, an unrelated one."""
    out = []
    for i, (town, person) in enumerate(zip(TOWNS, PEOPLE, strict=True)):
        text = (f"Fire crews in {town} fought a blaze at a timber yard on day {i % 3}, "
                f"police said. \"The wind made it hard,\" said {person}, who leads the crews in "
                f"{town}. {person.split()[1]} said two workers were treated for smoke. "
                f"The yard in {town} had been inspected in the spring, the council said.")
        rec = record(f"r{i}", f"2025-06-0{1 + i}", text, [
            (person, f"said {person}", "The wind made it hard"),
            (person, person.split()[1], "two workers were treated for smoke"),
            ("the council", "the council", f"The yard in {town} had been inspected in the spring"),
        ], title=f"Timber yard fire in {town}")
        out.append(rec)
    copy = out[0].text.replace("fought a blaze", "fought a fire")
    out.append(record("r0-copy", "2025-06-01", copy, [(PEOPLE[0], f"said {PEOPLE[0]}", "The wind made it hard")]))
    return out


def tables(db: LinkDB) -> list[str]:
    if db.backend == "sqlite":
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE ?",
                          ("%fts%",))
    else:
        rows = db.execute("SELECT table_name FROM information_schema.tables"
                          " WHERE table_schema = current_schema()")
    return sorted(r[0] for r in rows if r[0] not in NOT_LINKS)


def snapshot(led: Ledger) -> dict[str, list[tuple]]:
    """Every row of every link table (ids included: relink restarts them)."""
    db = LinkDB(led)
    out = {}
    for t in tables(db):
        rows = [tuple(round(v, 9) if isinstance(v, float) else (bytes(v) if isinstance(v, memoryview) else v)
                      for v in r) for r in db.execute(f"SELECT * FROM {t}")]
        out[t] = sorted(rows, key=repr)
    return out


def test_incremental_equals_relink(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        for i, rec in enumerate(corpus()):
            led.add(rec)
            if i % 2:  # batches of two, as ingest stores them
                link_pending(led)
        link_pending(led)
        incremental = snapshot(led)
        assert incremental["stories"] and incremental["wire_copies"] and incremental["link_entities"]
        relink(led)
        assert snapshot(led) == incremental
        relink(led)
        assert snapshot(led) == incremental


def test_deterministic_across_ledgers(tmp_path) -> None:  # noqa: ANN001
    snaps = []
    for n in range(2):
        with Ledger(str(tmp_path / f"l{n}.db")) as led:
            led.add_many([(None, r) for r in corpus()])
            link_pending(led)
            snaps.append(snapshot(led))
    assert snaps[0] == snaps[1]


def test_relink_keeps_judgements(ledger: Ledger) -> None:
    from claimledger.linking.aliases import add_judgement
    from claimledger.linking.queries import list_entities

    ledger.add_many([(None, r) for r in corpus()])
    link_pending(ledger)
    add_judgement(LinkDB(ledger), "same", "Amir Sadek", "Lena Voss")
    before = [e.to_dict() for e in list_entities(ledger)]
    relink(ledger)
    assert [e.to_dict() for e in list_entities(ledger)] == before
    assert any(e["name"] == "Amir Sadek" and e["claims"] == 9 for e in before)


def test_a_linking_failure_keeps_the_stored_articles(ledger: Ledger, monkeypatch) -> None:  # noqa: ANN001
    class Broken:
        name = "broken"

        def link_articles(self, db: LinkDB, article_ids: list[int]) -> None:
            raise RuntimeError("boom")

        def clear(self, db: LinkDB) -> None:
            pass

    real = pipeline.stages()
    monkeypatch.setattr(pipeline, "stages", lambda: (*real, Broken()))
    ledger.add_many([(None, r) for r in corpus()])
    report = link_pending(ledger)
    assert report.errors and "claimledger relink" in report.errors[0] and "boom" in report.errors[0]
    assert ledger.stats()["articles"] == 7
    assert LinkDB(ledger).scalar("SELECT count(*) FROM story_articles") == 0  # rolled back whole
    monkeypatch.setattr(pipeline, "stages", lambda: real)
    assert link_pending(ledger).articles == 7


TEXTS = [
    ("Fire crews in Harlow fought a blaze at a timber yard on Monday, police said. "
     "\"The wind made it hard,\" said Amir Sadek, who leads the crews. Sadek said two workers "
     "were treated for smoke."),
    ("Fire crews in Harlow were still cooling the timber yard on Tuesday. Amir Sadek said the "
     "blaze had started in a sawmill shed, and the council said the yard would stay shut."),
    ("Lawmakers in Denby approved a new harbour budget on Tuesday, the council said. Mayor "
     "Lena Voss said the money would pay for two new cranes."),
]


def articles() -> list[Article]:
    return [Article(id=f"t{i}", text=t, date=f"2025-06-0{1 + i}", origin=f"test:{i}") for i, t in enumerate(TEXTS)]


@pytest.mark.slow
def test_ingest_links_each_stored_batch(extractor, ledger_url: str) -> None:  # noqa: ANN001
    with Ledger(ledger_url) as led:
        summary = ingest(articles(), led, extractor, batch_size=2)
        assert summary.inserted == 3 and not summary.link_errors and summary.link_seconds > 0
        after_ingest = snapshot(led)
        assert len(after_ingest["story_articles"]) == 3
        relink(led)
        assert snapshot(led) == after_ingest


@pytest.mark.slow
def test_cli_commands(extractor, tmp_path) -> None:  # noqa: ANN001
    import json

    from claimledger.cli import main

    db = str(tmp_path / "cli.db")
    with Ledger(db) as led:
        ingest(articles(), led, extractor)
    run = CliRunner().invoke
    out = run(main, ["stories", "--db", db, "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.output.splitlines()]
    assert set(lines[0]) == {"story", "title", "articles", "first_date", "last_date", "origins"}
    assert sorted(sorted(x["articles"]) for x in lines) == [["t0", "t1"], ["t2"]]
    out = run(main, ["entities", "--db", db, "--format", "jsonl"])
    ents = {x["name"]: x for x in map(json.loads, out.output.splitlines())}
    assert set(ents["Amir Sadek"]) == {"entity", "name", "type", "aliases", "mentions", "claims"}
    assert ents["Amir Sadek"]["claims"] >= 2
    assert run(main, ["aliases", "merge", "Amir Sadek", "Lena Voss", "--db", db]).exit_code == 0
    listed = run(main, ["aliases", "list", "--db", db, "--format", "jsonl"]).output
    assert json.loads(listed.splitlines()[0])["kind"] == "same"
    assert run(main, ["aliases", "undo", "1", "--db", db]).exit_code == 0
    bad = run(main, ["entity", "Nobody Atall", "--db", db])
    assert bad.exit_code == 2 and "claimledger entities" in bad.output
    assert run(main, ["entity", "Amir Sadek", "--db", db, "--format", "csv"]).exit_code == 0
    assert run(main, ["relink", "--db", db]).exit_code == 0


@pytest.mark.slow
def test_dask_ingest_is_linked(ledger_url: str) -> None:
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    from claimledger.batch import ingest_dask

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0") as cluster, Client(cluster) as client, \
            Ledger(ledger_url) as led:
        summary = ingest_dask(articles(), led, client=client, partition_size=1)
        assert summary.inserted == 3 and not summary.link_errors
        after = snapshot(led)
        assert len(after["story_articles"]) == 3
        relink(led)
        assert snapshot(led) == after


def test_one_article_that_breaks_linking_is_named_and_the_rest_linked(ledger: Ledger, monkeypatch) -> None:  # noqa: ANN001
    """A bug that one article's data sets off leaves that article unlinked and named; the
    others of its batch are linked, and the next linking (or relink) tries it again."""
    bad = {"r3"}

    class BreaksOnOne:
        name = "breaks-on-one"

        def link_articles(self, db: LinkDB, article_ids: list[int]) -> None:
            marks = {r[0] for r in db.select_in("SELECT ext_id FROM articles WHERE id {IN}", article_ids)}
            if marks & bad:
                raise ValueError("date value out of range")

        def clear(self, db: LinkDB) -> None:
            pass

    real = pipeline.stages()
    monkeypatch.setattr(pipeline, "stages", lambda: (*real, BreaksOnOne()))
    ledger.add_many([(None, r) for r in corpus()])
    report = link_pending(ledger)
    assert report.articles == 6 and len(report.errors) == 1
    assert "date value out of range" in report.errors[0] and "not linked" in report.errors[0]
    db = LinkDB(ledger)
    assert db.scalar("SELECT count(*) FROM linked_articles") == 6
    assert db.scalar("SELECT count(*) FROM story_articles") == 6
    assert relink(ledger).errors == report.errors  # relink goes on past it as well
    monkeypatch.setattr(pipeline, "stages", lambda: real)
    assert link_pending(ledger).articles == 1 and not link_pending(ledger).errors
    assert db.scalar("SELECT count(*) FROM linked_articles") == 7


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_articles_at_the_ends_of_the_calendar_are_linked(ledger: Ledger, day: str) -> None:
    """A story window reaching past year 1 or 9999 is cut at the calendar's end."""
    recs = corpus()[:2]
    for r in recs:
        r.date = day
    ledger.add_many([(None, r) for r in recs])
    report = link_pending(ledger)
    assert report.articles == 2 and not report.errors


def test_claims_past_the_cap_of_an_article_stand_alone(ledger: Ledger, monkeypatch) -> None:  # noqa: ANN001
    """An article of more claims than any report holds is grouped over its first claims only
    (each claim is weighed against the story's: all of them would cost the square)."""
    from claimledger.linking import propositions

    monkeypatch.setattr(propositions, "MAX_GROUPED_CLAIMS", 1)
    ledger.add_many([(None, r) for r in corpus()])
    link_pending(ledger)
    db = LinkDB(ledger)
    rows = db.execute("SELECT c.article_id, c.idx, pc.proposition_id FROM claims c"
                      " JOIN proposition_claims pc ON pc.claim_id = c.id ORDER BY c.article_id, c.idx")
    assert len(rows) == sum(len(r.claims) for r in corpus())
    members: dict[int, int] = {}
    for _, _, prop in rows:
        members[prop] = members.get(prop, 0) + 1
    past_cap = [prop for aid, idx, prop in rows if idx > 0]
    assert past_cap and all(members[p] == 1 for p in past_cap)  # each alone
    assert any(n > 1 for n in members.values())  # the first claims of articles still group
