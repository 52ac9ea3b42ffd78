"""Reading the links: the functions the CLI, the HTTP API and the later stages call.

All take a `Ledger` or a `LinkDB` and internal ids; the batch forms take lists, so a caller
asks once per batch. Entities are always shown as their canonical entity (after judgements).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from claimledger.ledger import ClaimFilter, Ledger
from claimledger.linking.aliases import EntityRef, resolve_entity
from claimledger.linking.db import LinkDB

_PRONOUNS = frozenset("he she him her his they them their it its i we us our who whom which that".split())
MAX_ALIASES = 20


@dataclass
class Support:
    """How many stored articles carry a claim, and how many independent origins."""

    articles: int
    origins: int
    origin_claim_id: int


def speaker_entities(target: Ledger | LinkDB, claim_ids: list[int]) -> dict[int, EntityRef]:
    """claim id -> its speaker's canonical entity (claims without a speaker are absent)."""
    db = LinkDB.of(target)
    rows = db.select_in(
        "SELECT l.claim_id, c.id, c.key, c.name, c.type FROM claim_links l"
        " JOIN link_entities e ON e.id = l.entity_id JOIN link_entities c ON c.id = e.canonical_id"
        " WHERE l.claim_id {IN}", claim_ids)
    return {int(r[0]): EntityRef(int(r[1]), r[2], r[3], r[4]) for r in rows}


def story_of(target: Ledger | LinkDB, article_ids: list[int]) -> dict[int, int]:
    """article id -> story id."""
    db = LinkDB.of(target)
    return {int(a): int(s) for a, s in db.select_in(
        "SELECT article_id, story_id FROM story_articles WHERE article_id {IN}", article_ids)}


def wire_origin(target: Ledger | LinkDB, article_ids: list[int]) -> dict[int, int]:
    """article id -> the id of its wire-copy origin (itself for an origin)."""
    db = LinkDB.of(target)
    return {int(a): int(o) for a, o in db.select_in(
        "SELECT article_id, origin_id FROM wire_copies WHERE article_id {IN}", article_ids)}


def ext_ids(target: Ledger | LinkDB, article_ids: list[int]) -> dict[int, str]:
    db = LinkDB.of(target)
    return {int(a): e for a, e in db.select_in("SELECT id, ext_id FROM articles WHERE id {IN}", article_ids)}


def origin_claims(target: Ledger | LinkDB, claim_ids: list[int]) -> dict[int, int]:
    """claim id -> the same claim in its wire-copy origin (itself for an origin's claim): one
    indexed read per batch, where `claim_support`'s counts are not needed."""
    db = LinkDB.of(target)
    return {int(c): int(o) for c, o in db.select_in(
        "SELECT claim_id, origin_claim_id FROM claim_links WHERE claim_id {IN}", claim_ids)}


def claim_support(target: Ledger | LinkDB, claim_ids: list[int]) -> dict[int, Support]:
    """claim id -> how many articles carry it (its wire copies and the same words stored
    elsewhere) and how many independent origins those articles have (copies count once).
    One statement for the whole batch."""
    db = LinkDB.of(target)
    rows = db.select_in(
        "WITH mine AS (SELECT claim_id, origin_claim_id, text_key FROM claim_links WHERE claim_id {IN}),"
        " carriers AS (SELECT m.claim_id, x.article_id FROM mine m"
        "  JOIN claim_links x ON x.origin_claim_id = m.origin_claim_id"
        "  UNION SELECT m.claim_id, x.article_id FROM mine m JOIN claim_links x ON x.text_key = m.text_key)"
        " SELECT m.claim_id, m.origin_claim_id, count(c.article_id),"
        " count(DISTINCT coalesce(w.origin_id, c.article_id)) FROM mine m"
        " LEFT JOIN carriers c ON c.claim_id = m.claim_id LEFT JOIN wire_copies w ON w.article_id = c.article_id"
        " GROUP BY m.claim_id, m.origin_claim_id", claim_ids)
    return {int(r[0]): Support(int(r[2]), int(r[3]), int(r[1])) for r in rows}


# -- entities -----------------------------------------------------------------------------

@dataclass
class EntityRow:
    entity: int
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    claims: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "type": self.type,
                "aliases": self.aliases, "mentions": self.mentions, "claims": self.claims}


def list_entities(target: Ledger | LinkDB, type: str | None = None, min_claims: int = 0,
                  named_only: bool = False) -> list[EntityRow]:
    """Canonical entities with their aliases and counts, most claims first."""
    db = LinkDB.of(target)
    rows: dict[int, EntityRow] = {}
    for cid, name, etype, key in db.execute(
            "SELECT c.id, c.name, c.type, c.key FROM link_entities c WHERE c.id = c.canonical_id"):
        if (type and etype != type) or (named_only and str(key).startswith("local:")):
            continue
        rows[int(cid)] = EntityRow(int(cid), name, etype)
    for cid, n in db.execute(
            "SELECT e.canonical_id, count(*) FROM entity_mentions m JOIN link_entities e"
            " ON e.id = m.entity_id GROUP BY e.canonical_id"):
        if int(cid) in rows:
            rows[int(cid)].mentions = int(n)
    for cid, n in db.execute(
            "SELECT e.canonical_id, count(*) FROM claim_links l JOIN link_entities e"
            " ON e.id = l.entity_id GROUP BY e.canonical_id"):
        if int(cid) in rows:
            rows[int(cid)].claims = int(n)
    names: dict[int, set[str]] = {}
    for cid, text in db.execute(
            "SELECT DISTINCT e.canonical_id, m.text FROM entity_mentions m JOIN link_entities e"
            " ON e.id = m.entity_id UNION SELECT canonical_id, name FROM link_entities"):
        if int(cid) in rows and text and text.lower() not in _PRONOUNS:
            names.setdefault(int(cid), set()).add(" ".join(text.split()))
    out = [r for r in rows.values() if r.claims >= min_claims]
    for r in out:
        r.aliases = sorted(names.get(r.entity, set()) - {r.name}, key=lambda s: (len(s), s))[:MAX_ALIASES]
    out.sort(key=lambda r: (-r.claims, -r.mentions, r.name, r.entity))
    return out


@dataclass
class EntityClaim:
    claim: int
    article: str
    said_on: str | None
    speaker: str | None
    mention: str | None
    stance: str
    text: str
    role: str  # said | via | about

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def entity_claims(target: Ledger | LinkDB, ref: str, limit: int = 200) -> tuple[EntityRef, list[EntityClaim]]:
    """What an entity said (role said), passed on (via) and what was said about it (about)."""
    db = LinkDB.of(target)
    ent = resolve_entity(db, ref)
    members = [int(r[0]) for r in db.execute(
        "SELECT id FROM link_entities WHERE canonical_id = ?", (ent.id,))]
    cols = ("SELECT c.id, a.ext_id, coalesce(c.said_on, a.date), c.speaker, {mention}, c.stance,"
            " c.text FROM claims c JOIN articles a ON a.id = c.article_id")
    out: list[EntityClaim] = []
    seen: set[int] = set()
    for role, sql in (
        ("said", cols.format(mention="l.mention") + " JOIN claim_links l ON l.claim_id = c.id"
                 " WHERE l.entity_id {IN}"),
        ("via", cols.format(mention="m.text") + " JOIN entity_mentions m ON m.claim_id = c.id"
                " WHERE m.role = 'via' AND m.entity_id {IN}"),
    ):
        for r in db.select_in(sql + " ORDER BY coalesce(a.date, ''), c.id", members):
            if int(r[0]) not in seen:
                seen.add(int(r[0]))
                out.append(EntityClaim(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], role))
    names = {ent.name}
    if ent.type != "GPE":
        names |= {r[0] for r in db.select_in(
            "SELECT name FROM link_entities WHERE key NOT LIKE ? AND id {IN}", members, ("local:%",))}
    if db.ledger is not None:
        for name in sorted(names):
            for row in db.ledger.claims(ClaimFilter(search=f'"{name}"' if " " in name else name, limit=limit)):
                if row.id not in seen:
                    seen.add(row.id)
                    out.append(EntityClaim(row.id, row.article_id, row.said_on or row.article_date,
                                           row.speaker, None, row.stance, row.text, "about"))
    return ent, out[:limit] if limit else out


# -- stories ------------------------------------------------------------------------------

@dataclass
class StoryRow:
    story: int
    title: str | None
    articles: list[str]
    first_date: str | None
    last_date: str | None
    origins: int

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story, "title": self.title, "articles": self.articles,
                "first_date": self.first_date, "last_date": self.last_date, "origins": self.origins}


def story(target: Ledger | LinkDB, story_id: int) -> StoryRow | None:
    """One story with its articles (input ids, by date) and its independent origins; None
    when there is no such story. Reads only this story's rows."""
    db = LinkDB.of(target)
    rows = db.execute("SELECT id, title, first_date, last_date FROM stories WHERE id = ?", (story_id,))
    if not rows:
        return None
    members = db.execute(
        "SELECT a.ext_id, coalesce(w.origin_id, a.id) FROM story_articles s JOIN articles a ON a.id = s.article_id"
        " LEFT JOIN wire_copies w ON w.article_id = a.id WHERE s.story_id = ? ORDER BY coalesce(a.date, ''), a.id",
        (story_id,))
    sid, title, first, last = rows[0]
    return StoryRow(int(sid), title, [r[0] for r in members], first, last, len({int(r[1]) for r in members}))


def list_stories(target: Ledger | LinkDB, min_articles: int = 1) -> Iterator[StoryRow]:
    """Every story with its articles (input ids, by date) and its independent origins."""
    db = LinkDB.of(target)
    members: dict[int, list[tuple[str, int, str]]] = {}
    for sid, ext, _aid, date, origin in db.execute(
            "SELECT s.story_id, a.ext_id, a.id, coalesce(a.date, ''), coalesce(w.origin_id, a.id)"
            " FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN wire_copies w ON w.article_id = a.id ORDER BY s.story_id, coalesce(a.date, ''), a.id"):
        members.setdefault(int(sid), []).append((ext, int(origin), date))
    for sid, title, first, last in db.execute(
            "SELECT id, title, first_date, last_date FROM stories ORDER BY coalesce(first_date, ''), id"):
        arts = members.get(int(sid), [])
        if len(arts) >= min_articles:
            yield StoryRow(int(sid), title, [e for e, _, _ in arts], first, last,
                           len({o for _, o, _ in arts}))
