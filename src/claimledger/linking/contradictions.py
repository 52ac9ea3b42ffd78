"""Contradictions, typed, each side with its provenance.

- `denial`: an assertion against a denial of the same proposition by another speaker. A
  denial that points back ("rejected her claim as speculation") is paired with the claims it
  points to (`linking.denials`), and so is a second denier in its sentence ("... and a North
  Korean envoy called it groundless rumours").
- `estimate_conflict`: two sources' figures in one series that cannot both hold at about the
  same time (`estimates.pair_type`: qualifiers respected, promises and hedges left out).
- `revision`: one source changing its own figure over time; shown, not a contradiction.

Incremental: a new claim is paired with the claims of its proposition (and a pointing-back
denial with its targets); a new point with the earlier points of its series. Side `a` is
the assertion (or the earlier figure), side `b` the denial (or the later figure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.linking.denials import NEGATED, coordinated_denials
from claimledger.linking.estimates import Figure, pair_type, same_source
from claimledger.linking.propositions import (
    ClaimInfo,
    StoryMembers,
    article_texts,
    claim_infos,
    pointer_targets,
    similarity,
)

TYPES = ("denial", "estimate_conflict", "revision")


def _pairable(c: ClaimInfo) -> bool:
    """Denials, and assertions that are not themselves negative ("records showed no sudden
    release" agrees with a denial rather than contradicting it)."""
    return c.stance == "deny" or (c.stance == "assert" and not NEGATED.search(c.text))


@dataclass(frozen=True)
class Side:
    """One side of a pair: who said what, when, where."""

    article_id: int
    claim_id: int | None
    speaker: str | None
    text: str
    stance: str
    said_on: str | None
    start: int | None
    end: int | None

    @classmethod
    def of_claim(cls, c: ClaimInfo) -> Side:
        return cls(c.article_id, c.id, c.speaker, c.text, c.stance, c.said_on or c.article_date,
                   c.start, c.end)

    def values(self) -> tuple:
        return (self.article_id, self.claim_id, self.speaker, self.text, self.stance, self.said_on,
                self.start, self.end)


def insert_pair(db, type_: str, a: Side, b: Side, proposition: int | None = None,  # noqa: ANN001
                series: int | None = None) -> None:
    db.execute(
        "INSERT INTO contradictions (type, proposition_id, series_id, a_article, a_claim, a_speaker,"
        " a_text, a_stance, a_said_on, a_start, a_end, b_article, b_claim, b_speaker, b_text, b_stance,"
        " b_said_on, b_start, b_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (type_, proposition, series, *a.values(), *b.values()),
    )


_TIME_AFTER = re.compile(r"\d{4}-\d{2}-\d{2}$")


def _said_on_near(db, article_id: int, start: int, end: int, fallback: str | None) -> str | None:  # noqa: ANN001
    """The day of a time expression right after a found denial ("... at a meeting on Monday")."""
    rows = db.execute(
        'SELECT value FROM times WHERE article_id = ? AND start >= ? AND start <= ? ORDER BY start',
        (article_id, start, end + 60))
    for (value,) in rows:
        if value and _TIME_AFTER.match(value):
            return value
    return fallback


DENIALS_PER_CLAIM = 3  # a denial is paired with the (at most) three assertions most like it


def _pairs_of(db, denial_claim: int) -> int:  # noqa: ANN001
    return int(db.scalar("SELECT count(*) FROM contradictions WHERE type = 'denial' AND b_claim = ?",
                         (denial_claim,)) or 0)


def _disputed(db, props: list[int]) -> bool:  # noqa: ANN001
    """Whether any of these propositions holds both an assertion and a denial."""
    rows = db.select_in(
        "SELECT pc.proposition_id, c.stance FROM proposition_claims pc JOIN claims c ON c.id = pc.claim_id"
        " WHERE pc.proposition_id {IN}", props)
    stances: dict[int, set[str]] = {}
    for prop, stance in rows:
        stances.setdefault(prop, set()).add(stance)
    return any({"assert", "deny"} <= s for s in stances.values())


class ContradictionStage:
    """Pairs the claims and figures of newly stored articles with what they contradict."""

    name = "contradictions"

    def link_articles(self, db, article_ids: list[int]) -> None:  # noqa: ANN001 - LinkDB
        for aid in sorted(article_ids):  # one article at a time: the same rows in one call or many
            self._denials(db, [aid])
            self._figures(db, [aid])

    # -- denials --------------------------------------------------------------------------
    def _denials(self, db, article_ids: list[int]) -> None:  # noqa: ANN001
        from claimledger.linking import queries

        infos = [c for c in claim_infos(db, article_ids) if c.origin_claim_id in (None, c.id)]
        if not infos:
            return
        member_rows = db.select_in(
            "SELECT pc.claim_id, pc.proposition_id, pc.points_back, p.story_id FROM proposition_claims pc"
            " JOIN propositions p ON p.id = pc.proposition_id WHERE pc.claim_id {IN}", [c.id for c in infos])
        place = {r[0]: (int(r[1]), int(r[2]), r[3]) for r in member_rows}
        if not any(points_back for _, points_back, _ in place.values()) and not _disputed(
                db, sorted({prop for prop, _, _ in place.values()})):
            return  # no proposition of these claims holds both an assertion and a denial
        texts = article_texts(db, article_ids)
        stories = queries.story_of(db, article_ids)
        cache: dict[int, StoryMembers] = {}
        for info in infos:
            if info.id not in place:
                continue
            prop, points_back, story = place[info.id]
            members = cache.get(story) or cache.setdefault(story, StoryMembers(db, story))
            if points_back:
                self._pointing_back(db, info, prop, members, texts[info.article_id],
                                    stories.get(info.article_id) or 0)
            elif info.stance in ("deny", "assert"):
                self._within(db, info, prop, members)

    def _within(self, db, info: ClaimInfo, prop: int, members: StoryMembers) -> None:  # noqa: ANN001
        """Pair a claim with the earlier claims of the opposite stance in its proposition that
        say the most like it (two shared terms at least), one per other speaker, at most
        DENIALS_PER_CLAIM pairs for a denial (a denial joins the proposition of the
        assertion it is most like, see `PropositionStage`)."""
        want = "assert" if info.stance == "deny" else "deny"
        if not _pairable(info) or info.id not in members.by_claim:
            return
        terms = members.by_claim[info.id].terms
        scored = []
        for m in members.members:
            c = m.info
            if (m.proposition != prop or c.stance != want or m.points_back or not _pairable(c)
                    or (c.article_id, c.idx) >= (info.article_id, info.idx)
                    or (c.speaker_key is not None and c.speaker_key == info.speaker_key)):
                continue
            sim = similarity(terms, m.terms)
            if sim > 0:
                scored.append((-sim, c.article_id, c.idx, c))
        seen: set[str | None] = set()
        for _, _, _, c in sorted(scored, key=lambda x: x[:3]):
            denial = info if want == "assert" else c
            if c.speaker_key in seen or _pairs_of(db, denial.id) >= DENIALS_PER_CLAIM:
                continue
            seen.add(c.speaker_key)
            a, b = (c, info) if want == "assert" else (info, c)
            insert_pair(db, "denial", Side.of_claim(a), Side.of_claim(b), proposition=prop)

    def _pointing_back(self, db, info: ClaimInfo, prop: int, members: StoryMembers,  # noqa: ANN001
                       text: str, story: int) -> None:
        same_article = [(m.info, m.terms) for m in members.members if m.info.article_id == info.article_id]
        targets = pointer_targets(info, members, same_article, text) or []
        target_infos = {c.id: c for c in claim_infos(db, claim_ids=[t.claim_id for t in targets])} if targets else {}
        denial = Side.of_claim(info)
        seconds = coordinated_denials(text, info.start, info.end)
        for t in targets:
            target = target_infos.get(t.claim_id)
            if target is None:
                continue
            insert_pair(db, "denial", Side.of_claim(target), denial, proposition=prop)
            for d in seconds:
                said = _said_on_near(db, info.article_id, d.end, d.end, info.said_on or info.article_date)
                second = Side(info.article_id, None, d.speaker, d.text, "deny", said, d.start, d.end)
                insert_pair(db, "denial", Side.of_claim(target), second, proposition=prop)

    # -- figures --------------------------------------------------------------------------
    def _figures(self, db, article_ids: list[int]) -> None:  # noqa: ANN001
        new = db.select_in(
            f"SELECT {_POINT_COLUMNS} FROM estimate_points p JOIN articles a ON a.id = p.article_id"
            " WHERE p.article_id {IN} ORDER BY p.id", article_ids)
        for row in new:
            point = _PointRow(*row)
            earlier = [_PointRow(*r) for r in db.execute(
                f"SELECT {_POINT_COLUMNS} FROM estimate_points p JOIN articles a ON a.id = p.article_id"
                " WHERE p.series_id = ? AND p.id < ? ORDER BY p.id", (point.series_id, point.id))]
            self._pair_figure(db, point, earlier)

    def _pair_figure(self, db, point: _PointRow, earlier: list[_PointRow]) -> None:  # noqa: ANN001
        """Pair a new figure with the latest earlier figure of each source in its series."""
        latest: dict[str, _PointRow] = {}
        for q in earlier:
            key = point.speaker_key if same_source(q.speaker_key, point.speaker_key) else q.speaker_key
            if key not in latest or q.said_on_key() >= latest[key].said_on_key():
                latest[key] = q
        for key in sorted(latest):
            q = latest[key]
            a, b = (q, point) if q.said_on_key() <= point.said_on_key() else (point, q)
            kind = pair_type(a.figure(), b.figure())
            if kind is not None:
                insert_pair(db, kind, a.side(), b.side(), series=point.series_id)

    def clear(self, db) -> None:  # noqa: ANN001
        db.execute("DELETE FROM contradictions")


_POINT_COLUMNS = ("p.id, p.series_id, p.article_id, p.claim_id, p.value, p.low, p.high, p.qualifier,"
                  " p.said_on, p.speaker, p.speaker_key, p.projected, p.stance, p.origin_article, p.text,"
                  " a.date")


@dataclass
class _PointRow:
    id: int
    series_id: int
    article_id: int
    claim_id: int | None
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    said_on: str | None
    speaker: str | None
    speaker_key: str
    projected: int
    stance: str
    origin_article: int
    text: str
    article_date: str | None

    def said_on_key(self) -> tuple[str, int]:
        return (self.said_on or "", self.id)

    def figure(self) -> Figure:
        return Figure(self.value, self.low, self.high, self.qualifier, self.said_on, self.speaker_key,
                      self.origin_article, bool(self.projected), self.stance)

    def side(self) -> Side:
        return Side(self.article_id, self.claim_id, self.speaker, self.text, self.stance, self.said_on,
                    None, None)


STAGE = ContradictionStage()

__all__ = ["STAGE", "TYPES", "ContradictionStage", "Side"]


def list_contradictions(target, type: str | None = None, story: int | None = None) -> list[dict]:  # noqa: ANN001, A002
    """Every typed pair with both sides' provenance (of one story: either side in one of its
    articles): the JSONL lines of `claimledger contradictions`."""
    from claimledger.linking import queries
    from claimledger.linking.db import LinkDB

    db = LinkDB.of(target)
    side = "{0}.ext_id, c.{1}_claim, c.{1}_speaker, c.{1}_text, c.{1}_stance, c.{1}_said_on"
    where, args = [], []
    if type:
        where.append("c.type = ?")
        args.append(type)
    if story is not None:
        members = "(SELECT article_id FROM story_articles WHERE story_id = ?)"
        where.append(f"(c.a_article IN {members} OR c.b_article IN {members})")
        args += [story, story]
    rows = db.execute(
        f"SELECT c.type, {side.format('aa', 'a')}, {side.format('ab', 'b')} FROM contradictions c"
        " JOIN articles aa ON aa.id = c.a_article JOIN articles ab ON ab.id = c.b_article"
        + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY c.id", tuple(args))
    keys = ("article", "claim", "speaker", "text", "stance", "said_on")
    out = [{"type": r[0], "a": dict(zip(keys, r[1:7], strict=True)), "b": dict(zip(keys, r[7:13], strict=True))}
           for r in rows]
    # a claim's speaker as the ledger stands now (after merges and splits of entities)
    entities = queries.speaker_entities(db, sorted({s["claim"] for p in out for s in (p["a"], p["b"])
                                                    if s["claim"] is not None}))
    for p in out:
        for side in (p["a"], p["b"]):
            if side["claim"] in entities:
                side["speaker"] = entities[side["claim"]].name
    return out
