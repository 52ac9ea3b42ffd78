"""Estimate series: the figures given for one measured thing of one story, over time.

A series is (story, measure, actor): "troops" sent by North Korea in one story, "killed" in
the dam collapse. Its points come from every stored quantity whose measure is known: those
inside a claim (the claim's speaker said it) and the article's own unattributed figures
("Two people were killed on Saturday": the publication said it).

The measure is read from the counted thing ("1,500 special forces personnel") and, for
events, from the words next to the figure in its clause ("killed at least 14", "21 people
had been confirmed dead", "the death toll rose to 41"); the nearest such word wins.
Money, percentages, durations, distances and years never measure anything here, and a
figure whose measure is unknown joins no series: "unknown" beats a guess.

The stage is incremental: a new point joins the series of its story with the same measure
(and actor, for troops), through an index on (story, measure), or starts one. The same
points in the same order give the same series, in one call or in many.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass

from claimledger.linking.terms import find_places

# -- measures ------------------------------------------------------------------------------

# Event measures: found in the counted thing or next to the figure. Order matters only for
# the counted thing ("killed or wounded troops" is casualties, not killed).
EVENT_MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE))
    for label, pattern in (
        ("casualties", r"\b(?:killed|dead) (?:or|and) (?:wounded|injured)\b|\bcasualt(?:y|ies)\b"),
        ("killed", r"\b(?:killed|kill(?:s|ing)?|dead|died|die|deaths?|fatalit(?:y|ies)|lives|"
                   r"perished|bodies|(?:death )?toll)\b"),
        ("injured", r"\b(?:injur(?:ed|ies|y)|wounded|hurt|hospitali[sz]ed)\b"),
        ("displaced", r"\b(?:displac\w*|evacu\w*|homeless|from (?:their|his|her) homes?|"
                      r"fled (?:their |his |her )?homes?)\b"),
        ("missing", r"\b(?:missing|unaccounted)\b"),
        ("arrested", r"\b(?:arrest\w*|detain\w*|detentions?|into custody)\b"),
        ("rescued", r"\brescued\b"),
    )
)
# Measures only the counted thing names ("3,000 troops"): nearby words say nothing here.
THING_MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("troops", re.compile(r"\b(?:troops?|soldiers?|servicem[ae]n|personnel|special forces|forces|"
                          r"fighters|marines|paratroopers)\b", re.IGNORECASE)),
)
# Measures whose series are kept apart by the actor ("North Korean troops", "Russian troops").
ACTOR_MEASURES = frozenset({"troops"})

_UNIT = re.compile(
    r"^(?:%|percent|per ?cent|percentage points?|points?|[$€£¥₹]|dollars?|euros?|pounds?|yen|yuan|"
    r"rupees?|crowns?|francs?|won|rubles?|roubles?|years?|months?|weeks?|days?|hours?|minutes?|"
    r"seconds?|km|kilomet\w*|miles?|met(?:er|re)s?|millimet\w*|centimet\w*|inch(?:es)?|feet|foot|"
    r"tons?|tonnes?|kg|kilograms?|acres?|hectares?|times|degrees?|marks?)(?!\w)",
    re.IGNORECASE,
)
_MONEY = re.compile(r"[$€£¥₹]|\b(?:dollars?|euros?|pounds?|crowns?|yuan|rupees?|francs?|marks?)\b", re.IGNORECASE)
_PROJECTED = re.compile(
    r"\b(?:promis\w*|pledg\w*|plan(?:s|ned|ning)?|prepar\w*|expect\w*|will|would|could|may|might|"
    r"intend\w*|threaten\w*|forecast\w*|predict\w*|to (?:send|deploy|provide|supply|add|hire))\b"
)
_CLAUSE_BREAK = re.compile(r"\b(?:and|but|while|whereas|that|as)\b|[,;:]")
# "three of them", "two children among the injured", "three more", "a nine-storey block":
# a part of another figure, an increment, or an adjective, not a count of its own.
_NOT_A_COUNT = re.compile(
    r"^(?:-|\s+(?:of\s+(?:them|whom|those|these|the|his|her|its|their|our)\b|more\b|others?\b|"
    r"(?:\w+\s+){0,2}among\b))")
# "Woodrow Benford, 58, who ...", "the woman, 44, died", "the men, 20 and 21, were", "died at
# age 74": an age, not a count
_AGE_BEFORE = re.compile(r"(?:[A-Za-z][\w'’-]*,\s*(?:\d{1,3},?\s+and\s+)?$|\b(?:age|aged)\s*$)")
_AGE_AFTER = re.compile(r"(?:,|\s+and\s+\d{1,3},)")  # used with .match(text, pos)
# "a three-story building", "a two-car crash": an adjective ("twenty-one" is a number)
_HYPHENATED = re.compile(
    r"^\S+-(?!(?:one|two|three|four|five|six|seven|eight|nine)\b)[A-Za-z]+(?:-[A-Za-z]+)*$")
# "the two teenagers who were also wounded": a group counted before, not a count of its own
_DEFINITE = re.compile(r"\b(?:the|these|those)\s+$", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:that|which|who)\s+(?:has|have|had)\s+(?:been\s+)?\w+\s*$")
LEFT_WINDOW = 80  # characters before a figure that can name its event ("the death toll rose to")
RIGHT_WINDOW = 50  # characters after it ("were killed", "from their homes")


def is_part_or_increment(right: str) -> bool:
    """Whether the words after a figure make it a part of another figure, an increment or an
    adjective ("three of them", "two children were among the injured", "three more")."""
    return bool(_NOT_A_COUNT.match(right)) or bool(re.match(r"^\s+(?:\w+\s+){0,2}among\b", right))


def not_a_count(text: str, span: tuple[int, int], qtext: str, value: float | None) -> bool:
    """Whether the figure at `span` is a part, an increment, an adjective, an age or a group
    counted before rather than a count of its own ("two of them", "three more", "a
    three-story building", "the woman, 44,", "the two teenagers")."""
    s, e = span
    if is_part_or_increment(text[e:e + 40]) or re.search(r"\bmore$|^\S+\s+of\b", qtext):
        return True
    if _HYPHENATED.match(qtext.strip()):
        return True
    if _DEFINITE.search(text, max(0, s - 8), s):
        return True
    small = value is not None and float(value).is_integer() and 0 < value <= 120
    return small and bool(_AGE_BEFORE.search(text, max(0, s - 40), s)) and (
        bool(_AGE_AFTER.match(text, e)) or "age" in text[max(0, s - 8):s])


def measure_of(thing: str | None, left: str = "", right: str = "") -> str | None:
    """The measure a figure counts, from its counted thing and the words around it.

    `left` and `right` are the text of its clause before and after the figure (already cut
    at the neighbouring figures). None when the figure is money, a share, a time or a
    distance, or when nothing names what it counts.
    """
    thing = (thing or "").strip()
    if thing and _UNIT.match(thing):
        return None
    for label, pattern in EVENT_MEASURES:
        if thing and pattern.search(thing):
            return label
    best: tuple[int, int, str] | None = None  # (distance, side: right first, label)
    for label, pattern in EVENT_MEASURES:
        for m in pattern.finditer(left):
            if _CLAUSE_BREAK.search(left, m.end()):
                continue  # "21 confirmed dead and that dozens ...": another clause's event
            cand = (len(left) - m.end(), 1, label)
            best = cand if best is None or cand < best else best
        m = pattern.search(right)
        if m:
            cand = (m.start(), 0, label)
            best = cand if best is None or cand < best else best
    for label, pattern in THING_MEASURES:
        if thing and pattern.search(thing):
            # "three soldiers were killed": the event beats the counted thing when it is close
            if best is not None and best[0] <= 12:
                return best[2]
            return label
    return best[2] if best else None


def actor_of(thing: str | None, left: str = "") -> str | None:
    """The country whose people the figure counts ("North Korean troops", "Pyongyang ... to
    send 10,000 soldiers"): the place named in the thing, else the nearest one before it."""
    for text in (thing or "", left):
        places = find_places(text)
        if places:
            return places[-1][2]
    return None


def is_projected(left: str) -> bool:
    """Whether the figure is promised, planned or feared rather than reported as a fact."""
    return bool(_PROJECTED.search(left))


def is_countable(thing: str | None, text: str, value: float | None, relation: str | None) -> bool:
    """Whether a stored quantity can be a point at all (not money, a year, a comparison)."""
    if relation:
        return False
    head = thing.strip().split()[-1] if thing and thing.strip() else ""
    if _MONEY.search(text) or (thing and (_UNIT.match(thing.strip()) or _UNIT.match(head))):
        return False
    if value is not None and 0 < value < 1:
        return False  # a share ("6 in 10"), not a count
    digits = re.sub(r"\D", "", text)
    return not (value is not None and not thing and len(digits) == 4 and 1800 <= value <= 2100)


# -- intervals and pairs -------------------------------------------------------------------

APPROX_TOLERANCE = 0.2  # "about 3,000" holds 2,400 to 3,600
ROUND_TOLERANCE = 0.05  # an "exact" round figure ("3,000") is a rounding of the true count


def interval(value: float | None, low: float | None, high: float | None, qualifier: str) -> tuple[float, float]:
    """The counts a figure allows, with its qualifier respected."""
    inf = math.inf
    if qualifier in ("range", "vague") or value is None:
        lo = low if low is not None else (value if value is not None else 0.0)
        hi = high if high is not None else (value if value is not None else inf)
        return (lo, hi)
    v = float(value)
    if qualifier == "approx":
        return (v * (1 - APPROX_TOLERANCE), v * (1 + APPROX_TOLERANCE))
    if qualifier == "over":
        return (v + (0.5 if v.is_integer() else 0.0), inf)
    if qualifier == "at_least":
        return (v, inf)
    if qualifier == "under":
        return (0.0, v - (0.5 if v.is_integer() else 0.0))
    if qualifier == "at_most":
        return (0.0, v)
    if v >= 1000 and v % 100 == 0:
        return (v * (1 - ROUND_TOLERANCE), v * (1 + ROUND_TOLERANCE))
    return (v, v)


def compatible(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two figures' counts can both hold."""
    return not (a[1] < b[0] or b[1] < a[0])


@dataclass(frozen=True)
class Figure:
    """What the pairing rules need of a point."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    day: str | None  # YYYY-MM-DD the figure was given (said on, else the article date)
    speaker_key: str  # who gave it (see `source_key`)
    origin: int  # the wire origin article
    projected: bool = False
    stance: str = "assert"

    @property
    def counts(self) -> tuple[float, float]:
        return interval(self.value, self.low, self.high, self.qualifier)


SAME_TIME_DAYS = 0  # figures given this many days apart or fewer are "at about the same time"


def pair_type(earlier: Figure, later: Figure) -> str | None:
    """`revision` (one source changed its figure), `estimate_conflict` (two sources' figures
    that cannot both hold at about the same time), or None (agreement, another time period,
    a promise or a hedge)."""
    if earlier.projected or later.projected or earlier.stance != "assert" or later.stance != "assert":
        return None
    gap = days_between(earlier.day, later.day)
    same_figure = (earlier.value, earlier.low, earlier.high, earlier.qualifier) == (
        later.value, later.low, later.high, later.qualifier)
    if same_source(earlier.speaker_key, later.speaker_key):
        return "revision" if gap is not None and gap >= 1 and not same_figure else None
    if gap is None or gap > SAME_TIME_DAYS:
        return None
    return None if compatible(earlier.counts, later.counts) else "estimate_conflict"


def source_key(entity_id: int | None, name: str | None, publisher: str | None = None,
               article_id: int | None = None) -> str:
    """Who gave a figure, for telling a revision (one source) from a conflict (two):
    "entity:<id>|<name words>" for a speaker, the publication for an article's own figures."""
    if entity_id is None and not name:
        return f"publication:{publisher}" if publisher else f"article:{article_id}"
    words = " ".join(w for w in re.findall(r"\w+", (name or "").casefold()) if w != "the")
    return f"entity:{entity_id if entity_id is not None else ''}|{words}"


def same_source(a: str, b: str) -> bool:
    """Whether two source keys name one source: one entity, the same name ("police" in two
    articles), or one name inside the other ("Civil Protection Agency" and "Karvenian Civil
    Protection Agency", at least two words)."""
    if a == b:
        return True
    if not (a.startswith("entity:") and b.startswith("entity:")):
        return False
    (ida, _, wa), (idb, _, wb) = a[7:].partition("|"), b[7:].partition("|")
    if ida and ida == idb:
        return True
    sa, sb = wa.split(), wb.split()
    if not sa or not sb:
        return False
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return short == long_ or (len(short) >= 2 and " ".join(short) in " ".join(long_))


def days_between(a: str | None, b: str | None) -> int | None:
    import datetime as dt

    try:
        da, db = dt.date.fromisoformat((a or "")[:10]), dt.date.fromisoformat((b or "")[:10])
    except ValueError:
        return None
    return abs((db - da).days)


def day_of(said_on: str | None, article_date: str | None) -> str | None:
    """The calendar day a figure was given: said on, when that is a day, else the article's."""
    if said_on and re.fullmatch(r"\d{4}-\d{2}-\d{2}", said_on):
        return said_on
    return (article_date or "")[:10] or None


# -- context of a stored quantity ------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’)]*\s)|\n")


def contexts(text: str, span: tuple[int, int], bounds: tuple[int, int]) -> tuple[str, str]:
    """The clause text before and after a figure, within `bounds` (its claim's content, the
    neighbouring figures) and its sentence, at most LEFT_WINDOW / RIGHT_WINDOW characters."""
    s, e = span
    lo = max(bounds[0], s - LEFT_WINDOW)
    hi = min(bounds[1], e + RIGHT_WINDOW)
    left = text[lo:s]
    ends = list(_SENTENCE_END.finditer(left))
    if ends:
        left = left[ends[-1].end():]
    right = text[e:hi]
    m = _SENTENCE_END.search(right)
    if m:
        right = right[: m.start()]
    return left, right


def sentence_at(text: str, span: tuple[int, int]) -> str:
    """The sentence holding `span` (the text of an article's own figure)."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, span[0])]
    start = starts[-1] if starts else 0
    m = _SENTENCE_END.search(text, span[1])
    end = m.end() if m else len(text)
    return text[start:end].strip()


# -- the stage -------------------------------------------------------------------------------


@dataclass
class Point:
    """One figure of a series, as stored in `estimate_points`."""

    article_id: int
    claim_id: int | None
    quantity_id: int
    measure: str
    actor: str | None
    thing: str | None
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    said_on: str | None
    speaker: str | None
    speaker_key: str
    speaker_entity: int | None
    via: list[str]
    projected: bool
    stance: str
    origin: int
    text: str
    background: bool = False  # in a relative clause of the claim ("a collapse that has killed 41")

    def figure(self) -> Figure:
        return Figure(self.value, self.low, self.high, self.qualifier, self.said_on,
                      self.speaker_key, self.origin, self.projected, self.stance)


def points_of_articles(db, article_ids: list[int]) -> list[Point]:  # noqa: ANN001 - LinkDB
    """The points of the given stored articles, in article and quantity order."""
    from claimledger.linking import queries

    if not article_ids:
        return []
    arts = {r[0]: r for r in db.select_in(
        "SELECT id, text, date, publisher FROM articles WHERE id {IN}", article_ids)}
    qrows = db.select_in(
        'SELECT id, article_id, start, "end", text, value, low, high, qualifier, thing, relation,'
        " claim_id FROM quantities WHERE article_id {IN} ORDER BY article_id, idx", article_ids)
    crow = {r[0]: r for r in db.select_in(
        "SELECT id, content, speaker, stance, said_on FROM claims WHERE article_id {IN}", article_ids)}
    claim_ids = sorted(crow)
    entities = queries.speaker_entities(db, claim_ids)
    origin_claim = queries.origin_claims(db, claim_ids)
    origin_of = queries.wire_origin(db, article_ids)
    via = _vias(db, claim_ids)
    # each article's quantity starts and ends, sorted: the figures nearest a figure on each
    # side bound its context (found by bisection; a scan of every figure was quadratic)
    starts_by_article: dict[int, list[int]] = {}
    ends_by_article: dict[int, list[int]] = {}
    for q in qrows:
        starts_by_article.setdefault(q[1], []).append(q[2])
        ends_by_article.setdefault(q[1], []).append(q[3])
    for bounds in (*starts_by_article.values(), *ends_by_article.values()):
        bounds.sort()
    points: list[Point] = []
    for qid, aid, s, e, qtext, value, low, high, qualifier, thing, relation, cid in qrows:
        if not is_countable(thing, qtext, value, relation):
            continue
        text, date, publisher = arts[aid][1], arts[aid][2], arts[aid][3]
        claim = crow.get(cid) if cid is not None else None
        lo_bound, hi_bound = 0, len(text)
        if claim is not None:
            for cs, ce in json.loads(claim[1]):
                if cs <= s and e <= ce:
                    lo_bound, hi_bound = cs, ce
        ends, starts = ends_by_article[aid], starts_by_article[aid]
        before = bisect.bisect_right(ends, s)  # the last figure ending at or before s
        if before:
            lo_bound = max(lo_bound, ends[before - 1])
        after = bisect.bisect_left(starts, e)  # the first figure starting at or after e
        if after < len(starts):
            hi_bound = min(hi_bound, starts[after])
        left, right = contexts(text, (s, e), (lo_bound, hi_bound))
        if not_a_count(text, (s, e), qtext, value):
            continue
        measure = measure_of(thing, left, right)
        if measure is None:
            continue
        origin = origin_of.get(aid, aid)
        if claim is not None:
            ent = entities.get(cid)
            if origin_claim.get(cid) not in (None, cid):
                continue  # a wire copy's claim: its origin carries the point
            speaker = ent.name if ent else claim[2]
            key = source_key(ent.id if ent else None, speaker)
            points.append(Point(
                aid, cid, qid, measure, actor_of(thing, left) if measure in ACTOR_MEASURES else None,
                thing, value, low, high, qualifier, day_of(claim[4], date), speaker, key,
                ent.id if ent else None, via.get(cid, []), is_projected(left), claim[3], origin,
                _claim_text(text, claim[1]), bool(_RELATIVE.search(left)),
            ))
        else:
            if origin != aid:
                continue  # a wire copy's own figure: its origin carries it
            points.append(Point(
                aid, None, qid, measure, actor_of(thing, left) if measure in ACTOR_MEASURES else None,
                thing, value, low, high, qualifier, day_of(None, date), publisher or "the publication",
                source_key(None, None, publisher, aid), None, [],
                is_projected(left), "assert", origin, sentence_at(text, (s, e)),
            ))
    return points


def claim_measures(db, article_ids: list[int]) -> dict[int, str]:  # noqa: ANN001 - LinkDB
    """claim id -> the measure of its first figure that is not background: what the claim
    is about when it gives a count ("21 people had been confirmed dead" -> killed)."""
    out: dict[int, str] = {}
    for p in points_of_articles(db, article_ids):
        if p.claim_id is not None and not p.background:
            out.setdefault(p.claim_id, p.measure)
    return out


def _claim_text(text: str, content: str) -> str:
    return " … ".join(text[s:e] for s, e in json.loads(content))


def _vias(db, claim_ids: list[int]) -> dict[int, list[str]]:  # noqa: ANN001
    out: dict[int, list[str]] = {}
    for cid, name in db.select_in(
        "SELECT v.claim_id, e.name FROM claim_via v JOIN entities e ON e.id = v.entity_id"
        " WHERE v.claim_id {IN} ORDER BY v.claim_id, v.pos", claim_ids):
        out.setdefault(cid, []).append(name)
    return out


class EstimateStage:
    """Adds the points of newly stored articles to their story's series."""

    name = "estimates"

    def link_articles(self, db, article_ids: list[int]) -> None:  # noqa: ANN001 - LinkDB
        from claimledger.linking import queries

        points = points_of_articles(db, article_ids)
        stories = queries.story_of(db, sorted({p.article_id for p in points}))
        for p in points:
            story = stories.get(p.article_id)
            series = self._series_for(db, story, p)
            db.execute(
                "INSERT INTO estimate_points (series_id, article_id, claim_id, quantity_id, value,"
                " low, high, qualifier, said_on, speaker, speaker_key, speaker_entity, via,"
                " projected, stance, origin_article, text)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (series, p.article_id, p.claim_id, p.quantity_id, p.value, p.low, p.high,
                 p.qualifier, p.said_on, p.speaker, p.speaker_key, p.speaker_entity,
                 json.dumps(p.via), int(p.projected), p.stance, p.origin, p.text),
            )

    def _series_for(self, db, story: int | None, p: Point) -> int:  # noqa: ANN001
        """The series of (story, measure, actor): an actor-less figure joins the story's only
        series of that measure; the first actor named adopts an actor-less series."""
        rows = db.execute(
            "SELECT id, actor FROM estimate_series WHERE story_id IS ? AND measure = ? ORDER BY id"
            if db.backend == "sqlite" else
            "SELECT id, actor FROM estimate_series WHERE story_id IS NOT DISTINCT FROM ? AND measure = ?"
            " ORDER BY id",
            (story, p.measure),
        )
        if p.actor is None:
            if rows:
                same = [r for r in rows if r[1] is None]
                return int((same or rows)[0][0]) if len(rows) == 1 or same else int(rows[0][0])
        else:
            for sid, actor in rows:
                if actor == p.actor:
                    return int(sid)
            if len(rows) == 1 and rows[0][1] is None:
                db.execute("UPDATE estimate_series SET actor = ? WHERE id = ?", (p.actor, rows[0][0]))
                return int(rows[0][0])
        return db.insert_id(
            "INSERT INTO estimate_series (story_id, measure, actor, thing) VALUES (?,?,?,?)",
            (story, p.measure, p.actor, p.thing),
        )

    def clear(self, db) -> None:  # noqa: ANN001
        db.execute("DELETE FROM estimate_points")
        db.execute("DELETE FROM estimate_series")


STAGE = EstimateStage()


# -- reading ---------------------------------------------------------------------------------


def measure_label(name: str) -> str:
    """The measure a user names: "troops", "soldiers" -> troops; "dead", "deaths" -> killed."""
    return measure_of(name) or measure_of(None, "", name) or name.strip().lower()


def list_points(target, measure: str | None = None, story: int | None = None) -> list[dict]:  # noqa: ANN001
    """Every point of every series (or of one measure, one story), by series then day:
    the JSONL lines of `claimledger estimates`."""
    from claimledger.linking import queries
    from claimledger.linking.db import LinkDB

    db = LinkDB.of(target)
    where, args = [], []
    if measure:
        where.append("s.measure = ?")
        args.append(measure_label(measure))
    if story is not None:
        where.append("s.story_id = ?")
        args.append(story)
    rows = db.execute(
        "SELECT s.id, s.story_id, s.measure, s.thing, p.value, p.low, p.high, p.qualifier, p.said_on,"
        " p.speaker, p.via, a.ext_id, p.claim_id, p.text, 1 FROM estimate_points p"
        " JOIN estimate_series s ON s.id = p.series_id JOIN articles a ON a.id = p.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY s.story_id, s.id, coalesce(p.said_on, ''), p.id", args)
    keys = ("series", "story", "measure", "thing", "value", "low", "high", "qualifier", "said_on",
            "speaker", "via", "article", "claim", "text", "origins")
    # who said it and how many independent origins carry it, as the ledger stands now
    claim_ids = [r[12] for r in rows if r[12] is not None]
    entities = queries.speaker_entities(db, claim_ids)
    support = queries.claim_support(db, claim_ids)
    out = []
    for r in rows:
        d = dict(zip(keys, r, strict=True))
        if d["claim"] is not None:
            if d["claim"] in entities:
                d["speaker"] = entities[d["claim"]].name
            if d["claim"] in support:
                d["origins"] = support[d["claim"]].origins
        d["via"] = json.loads(d["via"])
        for k in ("value", "low", "high"):
            if isinstance(d[k], float) and d[k].is_integer():
                d[k] = int(d[k])
        out.append(d)
    return out
