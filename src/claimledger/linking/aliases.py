"""User judgements about entities, in the spirit of nomenklatura's resolver.

A judgement is a row, never a rewrite: `same` (two entities are one), `not_same` (keep them
apart, even against a `same`), `alias` (a name is another name of an entity: every entity of
that name joins it, now and later) and `split` (the mentions of an entity in some articles
are somebody else). Each entity's `canonical_id` is recomputed from the active judgements,
in the order they were made; claims point at base entities, so undoing a judgement moves
them back with their entity. `claimledger relink` keeps every judgement.

The alias file (CSV with a header, or YAML: a list of mappings) has the columns
`action` (merge | alias | not_same | split), `entity`, `other`, `articles` (";"-separated
article ids, for split) and `note`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.ledger.base import norm_name
from claimledger.linking.db import LinkDB

KINDS = ("same", "not_same", "alias", "split")
FILE_ACTIONS = {"merge": "same", "same": "same", "alias": "alias", "add": "alias",
                "not_same": "not_same", "split": "split"}


class AliasError(ClaimledgerError):
    """A judgement names no entity, or names several; or the alias file is malformed."""


@dataclass
class Judgement:
    id: int
    kind: str
    a_key: str
    b_key: str | None
    articles: list[str]
    note: str | None
    created_at: str
    undone: bool

    def to_dict(self) -> dict[str, Any]:
        return {"judgement": self.id, "kind": self.kind, "entity": self.a_key, "other": self.b_key,
                "articles": self.articles, "note": self.note, "created_at": self.created_at,
                "undone": self.undone}


def judgements(db: LinkDB, active_only: bool = False) -> list[Judgement]:
    sql = "SELECT id, kind, a_key, b_key, articles, note, created_at, undone FROM entity_judgements"
    if active_only:
        sql += " WHERE undone = 0"
    return [
        Judgement(int(r[0]), r[1], r[2], r[3], json.loads(r[4]) if r[4] else [], r[5], r[6], bool(r[7]))
        for r in db.execute(sql + " ORDER BY id")
    ]


@dataclass
class LinkRules:
    """What the active judgements change while linking: split keys, and the keys and names
    whose new entities need their canonical id recomputed."""

    splits: dict[str, list[tuple[int, set[str]]]] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    norms: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, db: LinkDB) -> LinkRules:
        rules = cls()
        for j in judgements(db, active_only=True):
            if j.kind == "split":
                rules.splits.setdefault(j.a_key, []).append((j.id, set(j.articles)))
            elif j.kind == "alias":
                rules.keys.add(j.a_key)
                rules.norms.add(j.b_key or "")
            else:
                rules.keys.update((j.a_key, j.b_key or ""))
        return rules

    def key_for(self, key: str, ext_id: str) -> str:
        """`key`, or the split entity's key when a split judgement covers this article."""
        for jid, articles in self.splits.get(key, []):
            if ext_id in articles:
                return f"{key}#split{jid}"
        return key

    def touches(self, key: str, norm: str) -> bool:
        return key in self.keys or norm in self.norms


def recompute_canonical(db: LinkDB) -> None:
    """Set `canonical_id` of every entity a judgement names (active or undone) from the
    active `same`, `alias` and `not_same` judgements, in the order they were made. The
    canonical entity of a group is its oldest (lowest id)."""
    all_j = judgements(db)
    keys = {k for j in all_j if j.kind != "split" for k in (j.a_key, j.b_key) if k}
    norms = {j.b_key for j in all_j if j.kind == "alias" and j.b_key}
    ids: dict[str, list[int]] = {}
    for eid, key in db.select_in("SELECT id, key FROM link_entities WHERE key {IN}", sorted(keys)):
        ids.setdefault(key, []).append(int(eid))
    for eid, norm in db.select_in("SELECT id, norm FROM link_entities WHERE norm {IN}", sorted(norms)):
        ids.setdefault("norm:" + norm, []).append(int(eid))
    nodes = sorted({i for v in ids.values() for i in v})
    parent = {i: i for i in nodes}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members: dict[int, set[int]] = {i: {i} for i in nodes}
    apart: list[tuple[int, int]] = []
    active = [j for j in all_j if not j.undone]
    for j in active:
        if j.kind == "not_same":
            apart += [(a, b) for a in ids.get(j.a_key, []) for b in ids.get(j.b_key or "", [])]

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        joined = members[ra] | members[rb]
        if any(x in joined and y in joined for x, y in apart):
            return  # a not_same judgement beats any merge
        root, other = min(ra, rb), max(ra, rb)
        parent[other] = root
        members[root] = joined

    for j in active:
        if j.kind == "same":
            targets = ids.get(j.b_key or "", [])
        elif j.kind == "alias":
            targets = ids.get("norm:" + (j.b_key or ""), [])
        else:
            continue
        for a in ids.get(j.a_key, []):
            for b in targets:
                union(a, b)
    db.executemany("UPDATE link_entities SET canonical_id = ? WHERE id = ?",
                   [(find(i), i) for i in nodes])


@dataclass
class EntityRef:
    """An entity as the user sees it: its canonical id, name and type."""

    id: int
    key: str
    name: str
    type: str


def resolve_entity(db: LinkDB, ref: str) -> EntityRef:
    """The entity a user means: an id, a key, or a name (exact, case-insensitive)."""
    ref = ref.strip()
    cols = "SELECT c.id, c.key, c.name, c.type FROM link_entities e JOIN link_entities c ON c.id = e.canonical_id"
    if ref.isdigit():
        rows = db.execute(cols + " WHERE e.id = ?", (int(ref),))
    else:
        rows = db.execute(cols + " WHERE e.key = ?", (ref,))
        if not rows:
            rows = db.execute(cols + " WHERE e.norm = ? AND e.key NOT LIKE ? ORDER BY c.id", (norm_name(ref), "local:%"))
        if not rows:
            rows = db.execute(cols + " WHERE e.norm = ? ORDER BY c.id", (norm_name(ref),))
        if not rows and " " not in norm_name(ref):  # a surname: the named entities that end in it
            rows = db.execute(cols + " WHERE e.norm LIKE ? AND e.key NOT LIKE ? ORDER BY c.id",
                              ("% " + norm_name(ref), "local:%"))
    found = {int(r[0]): EntityRef(int(r[0]), r[1], r[2], r[3]) for r in rows}
    bases = {k: e for k, e in found.items() if "#split" not in e.key}
    if len(bases) == 1 and all(e.key.split("#split")[0] == next(iter(bases.values())).key
                               for e in found.values()):
        found = bases  # the name means the entity, not the parts split off it (use their ids)
    if not found:
        raise AliasError(f"{ref}: no entity of that name or id; list them with `claimledger entities`")
    if len(found) > 1:
        listed = ", ".join(f"{e.id} ({e.name}, {e.type})" for e in found.values())
        raise AliasError(f"{ref}: several entities have this name: {listed}; give the id instead")
    return next(iter(found.values()))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def add_judgement(db: LinkDB, kind: str, entity: str, other: str | None = None,
                  articles: list[str] | None = None, note: str | None = None) -> Judgement:
    """Record a judgement and apply it. `entity` and `other` are ids, keys or names. For
    `alias`, `other` is a name (it need not be stored yet: later articles join too)."""
    if kind not in KINDS:
        raise AliasError(f"{kind}: unknown judgement; use one of {', '.join(KINDS)}")
    with db.transaction():
        a = resolve_entity(db, entity)
        if kind == "alias":
            b_key: str | None = norm_name(other or "")
            if not b_key:
                raise AliasError("alias needs the other name: `aliases add ENTITY NAME`")
        elif kind == "split":
            if not articles:
                raise AliasError("split needs the article ids whose mentions are somebody else")
            b_key = None
        else:
            if not other:
                raise AliasError(f"{kind} needs two entities")
            b_key = resolve_entity(db, other).key
        jid = db.insert_id(
            "INSERT INTO entity_judgements (kind, a_key, b_key, articles, note, created_at, undone)"
            " VALUES (?,?,?,?,?,?,0)",
            (kind, a.key, b_key, json.dumps(articles) if articles else None, note, _now()))
        if kind == "split":
            _move_split(db, a.key, f"{a.key}#split{jid}", articles or [])
        recompute_canonical(db)
    return next(j for j in judgements(db) if j.id == jid)


def undo(db: LinkDB, judgement_id: int) -> Judgement:
    """Undo one judgement: its merge or split is undone, the claims move back."""
    with db.transaction():
        found = [j for j in judgements(db) if j.id == judgement_id]
        if not found:
            raise AliasError(f"{judgement_id}: no such judgement; list them with `claimledger aliases list`")
        j = found[0]
        db.execute("UPDATE entity_judgements SET undone = 1 WHERE id = ?", (judgement_id,))
        if j.kind == "split" and not j.undone:
            _move_split(db, f"{j.a_key}#split{j.id}", j.a_key, j.articles)
        recompute_canonical(db)
    j.undone = True
    return j


def _move_split(db: LinkDB, from_key: str, to_key: str, articles: list[str]) -> None:
    """Move the mentions (and claims) of entity `from_key` in `articles` to `to_key`."""
    src = db.execute("SELECT id, name, norm, type FROM link_entities WHERE key = ?", (from_key,))
    if not src:
        return
    src_id, name, norm, etype = src[0]
    dst = db.execute("SELECT id FROM link_entities WHERE key = ?", (to_key,))
    if dst:
        dst_id = int(dst[0][0])
    else:
        dst_id = db.insert_id(
            "INSERT INTO link_entities (key, name, norm, type, canonical_id) VALUES (?,?,?,?,0)",
            (to_key, name, norm, etype))
        db.execute("UPDATE link_entities SET canonical_id = id WHERE id = ?", (dst_id,))
    aids = [int(r[0]) for r in db.select_in("SELECT id FROM articles WHERE ext_id {IN}", articles)]
    for table in ("entity_mentions", "claim_links"):
        db.select_in(f"UPDATE {table} SET entity_id = ? WHERE entity_id = ? AND article_id {{IN}}",
                     aids, (dst_id, int(src_id)))
    left = db.scalar("SELECT count(*) FROM entity_mentions WHERE entity_id = ?", (int(src_id),))
    if not left and from_key.count("#split"):
        db.execute("DELETE FROM link_entities WHERE id = ?", (int(src_id),))


def read_alias_file(path: str | Path) -> list[dict[str, str]]:
    """The rows of a CSV or YAML alias file (see the module docstring)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise AliasError(f"{p}: cannot read the alias file ({exc})") from exc
    if p.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError as exc:
            raise AliasError(f"{p}: YAML needs PyYAML (`pip install pyyaml`), or give a CSV file") from exc
        rows = yaml.safe_load(text) or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise AliasError(f"{p}: expected a list of mappings with action, entity, other")
        return [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows]
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "action" not in reader.fieldnames or "entity" not in reader.fieldnames:
        raise AliasError(f"{p}: expected a CSV header with action,entity,other,articles,note")
    return [dict(r) for r in reader]


def load_alias_file(db: LinkDB, path: str | Path) -> list[Judgement]:
    """Record the judgements of an alias file; rows already recorded (active) are skipped."""
    made = []
    existing = {(j.kind, j.a_key, j.b_key, tuple(j.articles)) for j in judgements(db, active_only=True)}
    for n, row in enumerate(read_alias_file(path), start=2):
        action = (row.get("action") or "").strip().lower()
        kind = FILE_ACTIONS.get(action)
        if kind is None:
            raise AliasError(f"{path}: row {n}: unknown action {action!r}; use merge, alias, not_same or split")
        articles = [a.strip() for a in (row.get("articles") or "").split(";") if a.strip()]
        other = (row.get("other") or "").strip() or None
        a = resolve_entity(db, row.get("entity") or "")
        b = resolve_entity(db, other) if other and kind in ("same", "not_same") else None
        b_key = norm_name(other) if kind == "alias" and other else (b.key if b else None)
        if (kind, a.key, b_key, tuple(articles)) in existing or (kind == "same" and b and b.id == a.id):
            continue  # recorded already, or already one entity
        made.append(add_judgement(db, kind, a.key, other if kind == "alias" else b_key,
                                  articles or None, (row.get("note") or "").strip() or None))
    return made
