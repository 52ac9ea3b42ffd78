"""Propositions: claims from different articles and speakers that say the same thing.

"There is evidence that there are DPRK troops in Russia" (Austin) and "North Korea has
sent 3,000 troops to Russia" (lawmakers) are one proposition; a denial of it ("any troops
had been sent") belongs to it too, with its own stance.

Claims are compared through their content terms (`linking.terms`: stems, synonyms such as
troops/soldiers/personnel and sent/deployed, and countries with their governments as one
term): a weighted Jaccard similarity, where places and the words of a measured thing weigh
more. A new claim is compared only with the claims of its own story (an index on the
story), joins the proposition of its most similar claim when that is close enough, else
starts one. A wire copy's claim joins its origin claim's proposition. A denial that points
back ("rejected her claim as speculation") joins the proposition of the claim it points to
(see `linking.denials`). Claims are taken in ingest order, so one call or many give the same
propositions.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from claimledger.linking.denials import NEGATED, Candidate, parse_pointer, resolve_targets
from claimledger.linking.terms import NEGATED as NEGATED_TERM
from claimledger.linking.terms import content_terms

SIMILARITY = 0.4  # weighted cosine at or above which two claims state one proposition
GOING_ON = 0.3  # weighted cosine at or above which a speaker's next claim goes on about the last one
PLACE_WEIGHT = 1.5
NEGATED_WEIGHT = 2.0  # a negated word ("no:warn"): two claims that both say "no X" agree on more than X
MIN_SHARED = 2  # terms two claims must share (one word at least, not only places)
SHARED_WORDS = 4  # claims sharing this many words (not places) state one proposition, however long
# a pronoun that points back to what was said before ("knew about them", "ignored it")
_ANAPHORA = re.compile(r"\babout\s+(?:them|it|this|that)\b|\b(?:knew|know|saw|seen|ignored|reported|hid|hidden)\s+(?:them|it)\b")
_REFUSAL = re.compile(r"(?:declin|refus)\w*\b", re.IGNORECASE)
MAX_GROUPED_CLAIMS = 1000  # an article's claims past this many each stand alone (see link_articles)
DENIAL_SIMILARITY = 0.15  # a denial close to no proposition joins that of an assertion this close


def similarity(a: Iterable[str], b: Iterable[str], df: dict[str, int] | None = None, n: int = 1) -> float:
    """Weighted Jaccard of two claims' content terms. A term weighs more when few claims of
    the story use it (log(1 + n / df): "reservoir" says more than "dam" in a dam story), and
    places weigh more. 0 unless they share two terms, one a word that is not a place (two
    claims about Russia, or two that only name Trump, are not one proposition for that)."""
    shared = _shared(a, b)
    if shared is None:
        return 0.0
    weight = _weights(df, n)
    return sum(map(weight, shared)) / sum(map(weight, set(a) | set(b)))


def cosine(a: Iterable[str], b: Iterable[str], df: dict[str, int] | None = None, n: int = 1) -> float:
    """The shared terms' weight over the geometric mean of the two claims' weights (the
    cosine of their weighted term sets), with `similarity`'s weights and its two-term floor.
    Unlike Jaccard it does not punish a long claim for the words it adds around a short
    one it restates ("the alarm had sounded late" / "by the time the alarm went off, the
    smoke was already in the corridor")."""
    shared = _shared(a, b)
    if shared is None:
        return 0.0
    weight = _weights(df, n)
    return sum(map(weight, shared)) / math.sqrt(sum(map(weight, set(a))) * sum(map(weight, set(b))))


def _shared(a: Iterable[str], b: Iterable[str]) -> set[str] | None:
    inter = set(a) & set(b)
    if len(inter) < MIN_SHARED or all(t.startswith(("@", NEGATED_TERM)) for t in inter):
        return None
    return inter


def _weights(df: dict[str, int] | None, n: int):  # noqa: ANN202
    def weight(t: str) -> float:
        base = PLACE_WEIGHT if t.startswith("@") else NEGATED_WEIGHT if t.startswith(NEGATED_TERM) else 1.0
        return base * math.log(1 + n / df.get(t, 1)) if df else base

    return weight


@dataclass
class ClaimInfo:
    """A stored claim with what linking knows of it."""

    id: int
    article_id: int
    idx: int
    text: str
    start: int
    end: int
    stance: str
    speaker: str | None  # the canonical entity's name, else the extracted speaker
    speaker_key: str | None
    speaker_type: str | None
    said_on: str | None
    cue: str
    origin_claim_id: int | None
    article_date: str | None
    figures: frozenset[tuple[float, str]] = frozenset()  # (value, qualifier) of its counts

    @property
    def refusal(self) -> bool:
        """Whether the claim is a refusal to say ("declined to say when the dam was last
        inspected"): it states no proposition, so it joins none and none joins it."""
        return bool(_REFUSAL.match(self.cue))

    def candidate(self, terms: Iterable[str], before: bool = True) -> Candidate:
        return Candidate(self.id, self.article_id, self.speaker, self.speaker_key, self.speaker_type,
                         self.stance, self.text, frozenset(terms), self.cue, before)


def claim_infos(db, article_ids: list[int] | None = None, claim_ids: list[int] | None = None) -> list[ClaimInfo]:  # noqa: ANN001
    """The claims of `article_ids` (or the claims `claim_ids`), in ingest order."""
    from claimledger.linking import queries

    # (the article text is read once per article, not once per claim: an article of thousands
    # of claims would otherwise hold thousands of copies of its text)
    sql = ('SELECT c.id, c.article_id, c.idx, c.text, c.start, c."end", c.stance, c.speaker, c.said_on,'
           " c.cue, a.date FROM claims c JOIN articles a ON a.id = c.article_id")
    if claim_ids is not None:
        rows = db.select_in(sql + " WHERE c.id {IN}", claim_ids)
    else:
        rows = db.select_in(sql + " WHERE c.article_id {IN}", article_ids or [])
    rows.sort(key=lambda r: (r[1], r[2]))
    ids = [r[0] for r in rows]
    entities = queries.speaker_entities(db, ids)
    origins = queries.origin_claims(db, ids)  # not claim_support: its counts are not needed here
    figures = claim_figures(db, ids)
    texts = dict(db.select_in("SELECT id, text FROM articles WHERE id {IN}", sorted({r[1] for r in rows})))
    out = []
    for cid, aid, idx, text, s, e, stance, speaker, said_on, cue, adate in rows:
        ent = entities.get(cid)
        atext = texts[aid]
        cue_text = " ".join(atext[a:b] for a, b in json.loads(cue))
        out.append(ClaimInfo(
            cid, aid, idx, text, s, e, stance, ent.name if ent else speaker,
            f"entity:{ent.id}" if ent else (f"name:{speaker.casefold()}" if speaker else None),
            ent.type if ent else None, said_on, cue_text,
            origins.get(cid), adate,
            frozenset(figures.get(cid, ())),
        ))
    return out


MIN_FIGURE = 2  # smaller counts ("one of them") are too common to say two claims restate each other


def claim_figures(db, claim_ids: list[int]) -> dict[int, set[tuple[float, str]]]:  # noqa: ANN001
    """claim id -> the counts it gives, as (value, qualifier): "at least 10 people" and "at
    least 10 of our neighbours" both give (10.0, "at_least")."""
    from claimledger.linking.estimates import is_countable

    out: dict[int, set[tuple[float, str]]] = {}
    for cid, value, qualifier, thing, text, relation in db.select_in(
            "SELECT claim_id, value, qualifier, thing, text, relation FROM quantities WHERE claim_id {IN}", claim_ids):
        if (value is not None and value >= MIN_FIGURE and float(value).is_integer() and thing
                and is_countable(thing, text, value, relation)):
            out.setdefault(cid, set()).add((float(value), qualifier))
    return out


def article_texts(db, article_ids: Iterable[int]) -> dict[int, str]:  # noqa: ANN001
    return {r[0]: r[1] for r in db.select_in("SELECT id, text FROM articles WHERE id {IN}", sorted(set(article_ids)))}


@dataclass
class Member:
    """A claim already in a proposition of the story."""

    info: ClaimInfo
    proposition: int
    terms: tuple[str, ...]
    points_back: int = 0


class StoryMembers:
    """The claims of one story already grouped, loaded once per call and kept up to date."""

    def __init__(self, db, story: int) -> None:  # noqa: ANN001
        rows = db.execute(
            "SELECT pc.claim_id, pc.proposition_id, pc.terms, pc.points_back FROM proposition_claims pc"
            " JOIN propositions p ON p.id = pc.proposition_id WHERE p.story_id = ? ORDER BY pc.claim_id",
            (story,))
        infos = {i.id: i for i in claim_infos(db, claim_ids=[r[0] for r in rows])} if rows else {}
        self.members = [Member(infos[r[0]], int(r[1]), tuple(json.loads(r[2])), int(r[3]))
                        for r in rows if r[0] in infos]
        self.members.sort(key=lambda m: (m.info.article_id, m.info.idx))
        self.by_claim = {m.info.id: m for m in self.members}
        self.df: dict[str, int] = {}  # story document frequency of each term, over its claims
        self.by_term: dict[str, list[Member]] = {}  # the inverted index: term -> its claims
        for m in self.members:
            self._count(m)
        by_measure = db.execute("SELECT measure, min(id) FROM propositions WHERE story_id = ?"
                                " AND measure IS NOT NULL GROUP BY measure", (story,))
        self.measures: dict[str, int] = {r[0]: int(r[1]) for r in by_measure}

    def _count(self, m: Member) -> None:
        for t in set(m.terms):
            self.df[t] = self.df.get(t, 0) + 1
            if not t.startswith("@") and not m.info.refusal:
                self.by_term.setdefault(t, []).append(m)

    def add(self, m: Member) -> None:
        """Add a placed claim, keeping the members in ingest order (article, position) so
        that ties break the same way in one call or in many."""
        bisect.insort(self.members, m, key=lambda x: (x.info.article_id, x.info.idx))
        self.by_claim[m.info.id] = m
        self._count(m)

    def story_df(self, terms: tuple[str, ...]) -> tuple[dict[str, int], int]:
        """Each term's document frequency over the story's claims so far and this one, and
        their number."""
        df = dict(self.df)
        for t in set(terms):
            df[t] = df.get(t, 0) + 1
        return df, len(self.members) + 1

    def best(self, terms: tuple[str, ...]) -> tuple[float, int | None]:
        """The proposition of the most similar claim of the story, and that similarity (term
        weights from the story's claims so far and this one)."""
        df, n = self.story_df(terms)
        best, prop = 0.0, None
        # only claims that share a word (not a place) can be similar: found through the index
        sharing = {m.info.id: m for t in set(terms) if not t.startswith("@") for m in self.by_term.get(t, ())}
        for m in sorted(sharing.values(), key=lambda x: (x.info.article_id, x.info.idx)):
            if m.info.origin_claim_id not in (None, m.info.id):
                continue  # compare with the origin only
            sim = cosine(terms, m.terms, df, n)
            if sim < SIMILARITY and len({t for t in set(terms) & set(m.terms) if not t.startswith("@")}) >= SHARED_WORDS:
                sim = SIMILARITY  # long claims that share many words: one proposition
            if sim > best:
                best, prop = sim, m.proposition
        return best, prop

    def denied(self, info: ClaimInfo, terms: tuple[str, ...]) -> int | None:
        """The proposition of the assertion a denial is most like (another speaker's, earlier
        or in its article, not itself negative), when it is close enough and shares two words
        that are not places."""
        best, prop = DENIAL_SIMILARITY, None
        for m in self.members:
            c = m.info
            if c.stance != "assert" or NEGATED.search(c.text) or m.points_back or c.refusal:
                continue
            if c.speaker_key is not None and c.speaker_key == info.speaker_key:
                continue
            shared = {t for t in set(terms) & set(m.terms) if not t.startswith("@")}
            sim = similarity(terms, m.terms) if len(shared) >= 2 else 0.0
            if sim >= best and (prop is None or sim > best):
                best, prop = sim, m.proposition
        return prop

    def merge(self, db, props: list[int]) -> int:  # noqa: ANN001
        """One proposition of several: a denial of "Dresk's accusation that water from the
        reservoir caused the disaster" says its targets state one proposition. The oldest
        keeps its id; the others' claims move to it (the same in one call or many)."""
        keep, rest = props[0], props[1:]
        if not rest:
            return keep
        for old in rest:
            db.execute("UPDATE proposition_claims SET proposition_id = ? WHERE proposition_id = ?", (keep, old))
            db.execute("DELETE FROM propositions WHERE id = ?", (old,))
        for m in self.members:
            if m.proposition in rest:
                m.proposition = keep
        for measure, pid in list(self.measures.items()):
            if pid in rest:
                self.measures[measure] = keep
        return keep

    def going_on(self, info: ClaimInfo, terms: tuple[str, ...]) -> int | None:
        """The proposition of the claim just before this one in its article, when this one
        goes on about it: it gives the same count ("at least 10 people had been killed" /
        "We have lost at least 10 of our neighbours"); or, said by the same speaker, it points
        back ("Everyone knew about them") or shares two words with it."""
        before = [m for m in self.members if m.info.article_id == info.article_id and m.info.idx < info.idx]
        if not before:
            return None
        prev = before[-1]
        if prev.info.refusal:
            return None
        if info.figures & prev.info.figures:
            return prev.proposition
        if info.speaker_key is None or prev.info.speaker_key != info.speaker_key:
            return None
        shared = {t for t in set(terms) & set(prev.terms) if not t.startswith("@")}
        df, n = self.story_df(terms)
        if _ANAPHORA.search(info.text) or (len(shared) >= 2 and cosine(terms, prev.terms, df, n) >= GOING_ON):
            return prev.proposition
        return None

    def candidates(self, info: ClaimInfo, same_article: list[tuple[ClaimInfo, tuple[str, ...]]]) -> list[Candidate]:
        out = [m.info.candidate(m.terms) for m in self.members
               if m.info.article_id < info.article_id and m.info.origin_claim_id in (None, m.info.id)]
        out += [c.candidate(t, before=c.idx < info.idx) for c, t in same_article if c.id != info.id]
        return out


def pointer_targets(info: ClaimInfo, members: StoryMembers,
                    same_article: list[tuple[ClaimInfo, tuple[str, ...]]], hint: str) -> list[Candidate] | None:
    """The claims a pointing-back denial points to; None when `info` is not one."""
    if info.stance != "deny":
        return None
    pointer = parse_pointer(info.text)
    if pointer is None:
        return None
    return resolve_targets(pointer, info.speaker_key, info.article_id,
                           members.candidates(info, same_article), hint)


class PropositionStage:
    """Groups the claims of newly stored articles into their story's propositions."""

    name = "propositions"

    def link_articles(self, db, article_ids: list[int]) -> None:  # noqa: ANN001 - LinkDB
        from claimledger.linking import queries
        from claimledger.linking.estimates import claim_measures

        infos = claim_infos(db, article_ids)
        stories = queries.story_of(db, article_ids)
        measures = claim_measures(db, article_ids)
        texts = article_texts(db, article_ids)
        cache: dict[int, StoryMembers] = {}
        by_article: dict[int, list[ClaimInfo]] = {}
        for info in infos:
            by_article.setdefault(info.article_id, []).append(info)
        for aid in sorted(by_article):
            story = stories.get(aid) or 0
            members = cache.get(story) or cache.setdefault(story, StoryMembers(db, story))
            claims = [(c, tuple(content_terms(c.text, texts[aid]))) for c in by_article[aid]]
            # pointing-back denials last: what they point to may come later in the article
            # denials after the article's other claims ("X denied it" often comes before what X
            # denies), and the denials that point back last of all
            ordered = sorted(claims, key=lambda ct: (ct[0].stance == "deny",
                                                     ct[0].stance == "deny" and parse_pointer(ct[0].text) is not None))
            # an article of more claims than any report holds (a wall of "X said Y" lines, a
            # transcript of thousands) is grouped over its first MAX_GROUPED_CLAIMS only: each
            # claim is weighed against the story's claims, so all of them would cost the square
            grouped = {c.id for c, _ in claims[:MAX_GROUPED_CLAIMS]}
            for info, terms in ordered:
                if info.id in grouped:
                    self._place(db, members, story, info, terms, claims, texts[aid], measures.get(info.id))
                else:
                    self._alone(db, story, info, terms)

    def _alone(self, db, story: int, info: ClaimInfo, terms: tuple[str, ...]) -> None:  # noqa: ANN001
        """A proposition of the claim's own, not weighed against others (nor they against it)."""
        _join(db, _new_proposition(db, story, info), info, terms, 0)

    def _place(self, db, members: StoryMembers, story: int, info: ClaimInfo,  # noqa: ANN001
               terms: tuple[str, ...], same_article: list, hint: str, measure: str | None) -> None:
        prop: int | None = None
        points_back = 0
        origin = members.by_claim.get(info.origin_claim_id) if info.origin_claim_id not in (None, info.id) else None
        if origin is not None:
            prop = origin.proposition
        elif info.refusal:
            pass  # a proposition of its own
        elif measure is not None:
            # a figure of a measured thing: the story's proposition about that thing, or the
            # proposition it states in words ("troops are in Russia") when that has no figure yet
            prop = members.measures.get(measure)
            if prop is None:
                sim, best = members.best(terms)
                if best is not None and sim >= SIMILARITY and best not in members.measures.values():
                    db.execute("UPDATE propositions SET measure = ? WHERE id = ?", (measure, best))
                    prop = members.measures[measure] = best
                else:
                    prop = members.measures[measure] = db.insert_id(
                        "INSERT INTO propositions (story_id, label, measure) VALUES (?, ?, ?)",
                        (story, info.text[:200], measure))

        else:
            targets = pointer_targets(info, members, same_article, hint)
            if targets is not None:
                points_back = 1
                placed = sorted({members.by_claim[t.claim_id].proposition for t in targets
                                 if t.claim_id in members.by_claim})
                prop = members.merge(db, placed) if placed else None
            else:
                sim, best = members.best(terms)
                prop = best if sim >= SIMILARITY else None
                if prop is None and info.stance == "deny":
                    prop = members.denied(info, terms)
                if prop is None:
                    prop = members.going_on(info, terms)
        if prop is None:
            prop = _new_proposition(db, story, info)
        _join(db, prop, info, terms, points_back)
        members.add(Member(info, prop, terms, points_back))

    def clear(self, db) -> None:  # noqa: ANN001
        db.execute("DELETE FROM proposition_claims")
        db.execute("DELETE FROM propositions")


def _new_proposition(db, story: int, info: ClaimInfo) -> int:  # noqa: ANN001
    """A new proposition of `story`, labelled with the claim that states it first."""
    return db.insert_id("INSERT INTO propositions (story_id, label) VALUES (?, ?)", (story, info.text[:200]))


def _join(db, prop: int, info: ClaimInfo, terms: tuple[str, ...], points_back: int) -> None:  # noqa: ANN001
    db.execute(
        "INSERT INTO proposition_claims (claim_id, proposition_id, article_id, terms, points_back)"
        " VALUES (?,?,?,?,?)", (info.id, prop, info.article_id, json.dumps(list(terms)), points_back))


STAGE = PropositionStage()


def list_propositions(target, min_speakers: int = 1) -> list[dict]:  # noqa: ANN001
    """Propositions with their claims, the number of distinct speakers and of independent
    origins: the JSONL lines of `claimledger propositions`."""
    from claimledger.linking import queries
    from claimledger.linking.db import LinkDB

    db = LinkDB.of(target)
    rows = db.execute(
        "SELECT p.id, p.label, a.ext_id, c.id, c.speaker, c.text, c.stance, c.article_id"
        " FROM propositions p JOIN proposition_claims pc ON pc.proposition_id = p.id"
        " JOIN claims c ON c.id = pc.claim_id JOIN articles a ON a.id = c.article_id"
        " ORDER BY p.id, c.article_id, c.idx")
    entities = queries.speaker_entities(db, [r[3] for r in rows])
    origins = queries.wire_origin(db, sorted({r[7] for r in rows}))
    groups: dict[int, dict] = {}
    for pid, label, ext, cid, speaker, text, stance, aid in rows:
        g = groups.setdefault(pid, {"proposition": pid, "label": label, "claims": [], "_speakers": set(),
                                    "_origins": set()})
        ent = entities.get(cid)
        name = ent.name if ent else speaker
        g["claims"].append({"article": ext, "claim": cid, "speaker": name, "text": text, "stance": stance})
        g["_speakers"].add(f"entity:{ent.id}" if ent else (speaker or "").casefold())
        g["_origins"].add(origins.get(aid, aid))
    out = []
    for g in groups.values():
        g["speakers"] = len(g.pop("_speakers"))
        g["origins"] = len(g.pop("_origins"))
        if g["speakers"] >= min_speakers:
            out.append(g)
    return out
