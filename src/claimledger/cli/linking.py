"""`claimledger entities`, `entity`, `aliases`, `stories` and `relink`: the ledger across articles."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import click

from claimledger.cli import main
from claimledger.cli._common import _err, _fail, _open_existing, _out, db_option
from claimledger.errors import ClaimledgerError
from claimledger.output import write_rows

format_option = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]),
                             default="table", show_default=True)


def _write(rows: Iterable[dict[str, Any]], fmt: str, columns: list[str], title: str) -> int:
    """Rows as JSONL, CSV or a table (claimledger.output.write_rows); the number written."""
    return write_rows(rows, fmt, columns, out=sys.stdout, console=_out(), title=title)


@main.command()
@db_option
@click.option("--type", "etype", type=click.Choice(["PERSON", "ORG", "GPE", "NORP", "unknown"]),
              help="Only entities of this type.")
@click.option("--min-claims", type=int, default=0, show_default=True, help="Only entities with this many claims.")
@click.option("--all", "show_all", is_flag=True,
              help="Also the descriptors and bare surnames that stay within one article.")
@format_option
def entities(db: str, etype: str | None, min_claims: int, show_all: bool, fmt: str) -> None:
    """People, organisations and governments across articles, with their aliases.

    \b
    Example:
        claimledger entities --db ledger.db
        claimledger entities --type PERSON --min-claims 2 --format jsonl
    """
    from claimledger.linking.queries import list_entities

    try:
        with _open_existing(db) as ledger:
            rows = list_entities(ledger, etype, min_claims, named_only=not show_all)
            n = _write((r.to_dict() for r in rows), fmt,
                       ["entity", "name", "type", "aliases", "mentions", "claims"], "entities")
    except ClaimledgerError as exc:
        _fail(exc)
    if fmt == "table":
        _err().print(f"{n} entities")


@main.command()
@db_option
@click.argument("name")
@click.option("--limit", type=int, default=200, show_default=True)
@format_option
def entity(db: str, name: str, limit: int, fmt: str) -> None:
    """What one entity said (said), passed on (via) and what was said about it (about).

    NAME is a name, an entity id or a key from `claimledger entities`.

    \b
    Example:
        claimledger entity "North Korea" --db ledger.db
        claimledger entity 42 --format jsonl
    """
    from claimledger.linking.queries import entity_claims

    try:
        with _open_existing(db) as ledger:
            ent, rows = entity_claims(ledger, name, limit)
            n = _write((r.to_dict() for r in rows), fmt,
                       ["role", "article", "said_on", "speaker", "mention", "stance", "text"],
                       f"{ent.name} ({ent.type}, entity {ent.id})")
    except ClaimledgerError as exc:
        _fail(exc)
    if fmt == "table":
        _err().print(f"{n} claims")


@main.group()
def aliases() -> None:
    """Judgements about entities: merge, alias, keep apart, split, and undo any of them.

    Judgements are stored, never rewrites: `undo` takes one back and its claims move with
    their entity. `claimledger relink` keeps them.

    \b
    Example:
        claimledger aliases merge "Kim Jong Un" "Kim Jong-un" --db ledger.db
        claimledger aliases add "Rodrigo Chaves" "President Chaves"
        claimledger aliases split "John King" --article wire-0412 --article wire-0415
        claimledger aliases list
        claimledger aliases undo 3
        claimledger aliases load aliases.csv
    """


def _judge(db: str, kind: str, entity_ref: str, other: str | None = None,
           articles: list[str] | None = None, note: str | None = None) -> None:
    from claimledger.linking.aliases import add_judgement
    from claimledger.linking.db import LinkDB

    try:
        with _open_existing(db) as ledger:
            j = add_judgement(LinkDB(ledger), kind, entity_ref, other, articles, note)
    except ClaimledgerError as exc:
        _fail(exc)
    _err().print(f"judgement {j.id}: {j.kind} {j.a_key} {j.b_key or ''} {' '.join(j.articles)}".rstrip())


@aliases.command("list")
@db_option
@click.option("--all", "show_all", is_flag=True, help="Also the judgements that were undone.")
@format_option
def aliases_list(db: str, show_all: bool, fmt: str) -> None:
    """The judgements, oldest first.

    \b
    Example:
        claimledger aliases list --db ledger.db --format jsonl
    """
    from claimledger.linking.aliases import judgements
    from claimledger.linking.db import LinkDB

    try:
        with _open_existing(db) as ledger:
            rows = [j.to_dict() for j in judgements(LinkDB(ledger), active_only=not show_all)]
            _write(rows, fmt, ["judgement", "kind", "entity", "other", "articles", "note",
                               "created_at", "undone"], "judgements")
    except ClaimledgerError as exc:
        _fail(exc)


@aliases.command("add")
@db_option
@click.argument("entity_ref", metavar="ENTITY")
@click.argument("name")
@click.option("--note", help="Why (kept with the judgement).")
def aliases_add(db: str, entity_ref: str, name: str, note: str | None) -> None:
    """NAME is another name of ENTITY: every entity of that name joins it, now and later.

    \b
    Example:
        claimledger aliases add "North Korea" "the DPRK leadership"
    """
    _judge(db, "alias", entity_ref, name, note=note)


@aliases.command("merge")
@db_option
@click.argument("entity_ref", metavar="ENTITY")
@click.argument("other", metavar="OTHER")
@click.option("--note", help="Why (kept with the judgement).")
def aliases_merge(db: str, entity_ref: str, other: str, note: str | None) -> None:
    """ENTITY and OTHER are one (a `same` judgement).

    \b
    Example:
        claimledger aliases merge 12 57 --note "same envoy, two spellings"
    """
    _judge(db, "same", entity_ref, other, note=note)


@aliases.command("split")
@db_option
@click.argument("entity_ref", metavar="ENTITY")
@click.argument("other", metavar="[OTHER]", required=False)
@click.option("--article", "articles", multiple=True,
              help="An article id whose mentions of ENTITY are somebody else (repeatable).")
@click.option("--note", help="Why (kept with the judgement).")
def aliases_split(db: str, entity_ref: str, other: str | None, articles: tuple[str, ...],
                  note: str | None) -> None:
    """Split ENTITY: its mentions in --article ids become their own entity; or, with OTHER,
    keep ENTITY and OTHER apart (a `not_same` judgement, which beats any merge).

    \b
    Example:
        claimledger aliases split "John King" --article wire-0412
        claimledger aliases split "John King" "Mark King"
    """
    if other and articles:
        raise click.UsageError("give either OTHER or --article, not both")
    if not other and not articles:
        raise click.UsageError("give OTHER (keep two entities apart) or --article ids (split one)")
    if other:
        _judge(db, "not_same", entity_ref, other, note=note)
    else:
        _judge(db, "split", entity_ref, None, list(articles), note)


@aliases.command("undo")
@db_option
@click.argument("judgement", type=int)
def aliases_undo(db: str, judgement: int) -> None:
    """Undo one judgement (its id from `aliases list`): the merge or split is undone.

    \b
    Example:
        claimledger aliases undo 3
    """
    from claimledger.linking.aliases import undo
    from claimledger.linking.db import LinkDB

    try:
        with _open_existing(db) as ledger:
            j = undo(LinkDB(ledger), judgement)
    except ClaimledgerError as exc:
        _fail(exc)
    _err().print(f"judgement {j.id} ({j.kind}) undone")


@aliases.command("load")
@db_option
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def aliases_load(db: str, path: str) -> None:
    """Record the judgements of an alias file (CSV with a header, or YAML).

    Columns: action (merge | alias | not_same | split), entity, other, articles
    (";"-separated ids, for split), note. Rows already recorded are skipped.

    \b
    Example:
        claimledger aliases load aliases.csv --db ledger.db
    """
    from claimledger.linking.aliases import load_alias_file
    from claimledger.linking.db import LinkDB

    try:
        with _open_existing(db) as ledger:
            made = load_alias_file(LinkDB(ledger), path)
    except ClaimledgerError as exc:
        _fail(exc)
    _err().print(f"{len(made)} judgements recorded from {path}")


@main.command()
@db_option
@click.option("--min-articles", type=int, default=1, show_default=True, help="Only stories with this many articles.")
@format_option
def stories(db: str, min_articles: int, fmt: str) -> None:
    """Stories: the articles about one event or developing story, with their independent
    origins (wire copies count once).

    \b
    Example:
        claimledger stories --db ledger.db
        claimledger stories --min-articles 3 --format jsonl
    """
    from claimledger.linking.queries import list_stories

    try:
        with _open_existing(db) as ledger:
            n = _write((s.to_dict() for s in list_stories(ledger, min_articles)), fmt,
                       ["story", "title", "articles", "first_date", "last_date", "origins"], "stories")
    except ClaimledgerError as exc:
        _fail(exc)
    if fmt == "table":
        _err().print(f"{n} stories")


@main.command()
@db_option
def relink(db: str) -> None:
    """Rebuild every link (entities, wire copies, stories, ...) from the stored records, in
    ingest order. Gives what linking during ingest gave; judgements are kept.

    \b
    Example:
        claimledger relink --db ledger.db
    """
    from claimledger.linking import relink as run_relink

    try:
        with _open_existing(db) as ledger:
            report = run_relink(ledger)
    except ClaimledgerError as exc:
        _fail(exc)
    _err().print(f"{report.articles} articles relinked in {report.seconds:.1f} s")
    for problem in report.errors:  # articles that could not be linked, each named
        _err().print(f"[yellow]linking:[/] {problem}", soft_wrap=True)
