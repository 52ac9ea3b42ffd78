"""Stories: articles about one event or developing story, clustered as they arrive.

An article is a weighted bag of terms: names (runs of capitalised words), places (the
dateline and "in/near/at <Name>"), and content words, each weighted by how rare it is among
the linked articles (`term_df`). A story is the sum of its articles' vectors, of which the
strongest terms are kept in `story_terms`, the inverted index. A new article is compared
only with the stories that share one of its strongest terms and were active within
`WINDOW_DAYS` of its date (an index range on term and date), and joins the most similar
one above `JOIN_SIMILARITY`, else starts a story. Places weigh heavily: when both sides name
places and share none, the similarity is cut (two shootings in two towns on one day are two
stories). A wire copy joins its origin's story.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from claimledger.extraction.speakers import TITLES
from claimledger.linking.countries import government_of
from claimledger.linking.db import LinkDB
from claimledger.linking.entities import clear_table

WINDOW_DAYS = 21
JOIN_SIMILARITY = 0.12
PLACE_MISMATCH = 0.3  # similarity factor when both name places and share none
ARTICLE_TERMS = 40  # terms kept per article vector
STORY_TERMS = 100  # terms kept per story profile
LOOKUP_TERMS = 12  # strongest article terms used to find candidate stories
CANDIDATES = 12
LOOKUP_MAX_SHARE = 0.01  # a term in more of the linked articles than this finds no candidates
LOOKUP_MIN_DF = 50
BOOST = {"n": 1.6, "p": 2.0, "w": 1.0}

_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom why
    will with would you your said says say told tell according added adding reporters statement
    people year years week weeks day days month months time times monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december one two three four five six seven eight nine ten first second last
    new like many much well even still since around percent per cent mr mrs ms dr""".split()
)
_MONTHS_DAYS = frozenset(w.capitalize() for w in _STOP)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|[.!?;:,\"“”()]")
_PLACE_PREP = frozenset("in near at outside from".split())
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,40}?)(?:,|\s\(|\s-|\s—)")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _name_runs(tokens: list[str]) -> list[tuple[str, bool, str]]:
    """(run of capitalised words, whether it starts a sentence, the word before it)."""
    runs: list[tuple[str, bool, str]] = []
    run: list[str] = []
    start = True
    before = ""
    prev = ""
    for tok in tokens + ["."]:
        tok = tok.removesuffix("'s").removesuffix("’s")
        is_cap = tok[:1].isupper() and tok not in _MONTHS_DAYS and tok.lower() not in TITLES
        if is_cap:
            if not run:
                before, run_start = prev, start
            run.append(tok)
        else:
            if run:
                runs.append((" ".join(run), run_start, before))
                run = []
        if tok in ".!?\"“”;:(),":
            start = tok in ".!?"
        elif tok[:1].isalpha():
            start = False
        prev = tok
    return runs


@dataclass
class ArticleTerms:
    counts: Counter = field(default_factory=Counter)
    places: set[str] = field(default_factory=set)
    primary: str | None = None  # the dateline town, else the place named most

    def prominent(self, place: str) -> bool:
        """Named at least twice (a title counts three times), not only in passing."""
        return self.counts.get("n:" + place, 0) >= 2


def article_terms(title: str | None, text: str, dateline: str | None) -> ArticleTerms:
    """The terms of an article with their counts (title terms count three times)."""
    out = ArticleTerms()
    body_tokens = _TOKEN.findall(text)
    body_runs = _name_runs(body_tokens)
    mid_caps = {w for name, at_start, _ in body_runs if not at_start for w in name.split()}
    title_tokens = _TOKEN.findall(title or "")
    for source, runs, repeat in ((body_tokens, body_runs, 1), (title_tokens, _name_runs(title_tokens), 3)):
        for name, at_start, before in runs:
            words = name.split()
            if at_start and len(words) == 1 and words[0] not in mid_caps:
                low = words[0].lower()
                if low not in _STOP and len(low) > 3:
                    out.counts["w:" + _stem(low)] += repeat
                continue
            key = name.lower().replace("’", "'").removeprefix("the ")
            out.counts["n:" + key] += repeat
            if before.lower() in _PLACE_PREP:
                out.places.add(key)
        words = Counter(tok for tok in source if tok[:1].islower() and len(tok) > 3)
        for tok, n in words.items():
            if tok not in _STOP:
                out.counts["w:" + _stem(tok)] += n * repeat
    town, wider = _dateline_places(text, dateline)
    out.places.update(town)
    out.places -= set(wider)
    out.places = {p for p in out.places if government_of(p) is None}
    for place in out.places:
        out.counts["p:" + place] += 1
    if town and town[0] in out.places:
        out.primary = town[0]
        out.counts["p:" + town[0]] += 2  # the story's own place leads its profile's places
    elif out.places:
        out.primary = max(sorted(out.places), key=lambda p: out.counts.get("n:" + p, 0))
    return out


def _dateline_places(text: str, dateline: str | None) -> tuple[list[str], list[str]]:
    """(the dateline's town, the wider places after it: "BRANNOCK, Estmark" -> brannock;
    estmark). The wider places say little about which event an article reports."""
    parts = [p.strip().lower() for p in re.split(r"[,/]", dateline or "") if p.strip()]
    m = _DATELINE.match(text)
    if not parts and m and m.group(1).strip().isupper():
        parts = [m.group(1).strip().lower()]
    parts = [p for p in parts if not p[:1].isdigit()]
    return parts[:1], parts[1:]


def place_mismatch(terms: ArticleTerms, profile: dict[str, float]) -> bool:
    """The article happens somewhere the story never names, and the story's own places are
    at most named in passing in the article (a fire in Lisk "hours after" one in Brannock)."""
    places = {t[2:]: w for t, w in profile.items() if t.startswith("p:")}
    if terms.primary is None or not places or terms.primary in places:
        return False
    top = max(places.values())
    story_primary = [p for p, w in places.items() if w >= 0.5 * top]
    return not any(terms.prominent(p) for p in story_primary)


def _day(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((date or "")[:10])
    except ValueError:
        return None


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _window(day: dt.date) -> tuple[str, str]:
    """The first and last day (ISO) of the story window around `day`, inside the calendar
    (an article dated 0001-01-01 or 9999-12-31 has a window cut at the calendar's end)."""
    lo = dt.date.fromordinal(max(1, day.toordinal() - WINDOW_DAYS))
    hi = dt.date.fromordinal(min(dt.date.max.toordinal(), day.toordinal() + WINDOW_DAYS))
    return lo.isoformat(), hi.isoformat()


def _top(weights: dict[str, float], n: int) -> dict[str, float]:
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


class StoryStage:
    """Assigns each new article to a story, through the inverted index of story terms."""

    name = "stories"

    def link_articles(self, db: LinkDB, article_ids: list[int]) -> None:
        rows = db.select_in("SELECT id, date, title, dateline, text FROM articles WHERE id {IN}", article_ids)
        info = {int(r[0]): r[1:] for r in rows}
        origins = {int(r[0]): int(r[1]) for r in db.select_in(
            "SELECT article_id, origin_id FROM wire_copies WHERE article_id {IN}", article_ids)}
        # the article count and latest date, read once and written once per call
        state = {k: v for k, v in db.execute(
            "SELECT name, value FROM link_state WHERE name IN ('stories_n', 'stories_day')")}
        for aid in article_ids:  # one at a time: an article may join a story of the same batch
            date, title, dateline, text = info[aid]
            self._link_one(db, aid, date, title, dateline, text, origins.get(aid, aid), state)
        db.execute("DELETE FROM link_state WHERE name IN ('stories_n', 'stories_day')")
        db.executemany("INSERT INTO link_state (name, value) VALUES (?, ?)", sorted(state.items()))

    def _link_one(self, db: LinkDB, aid: int, date: str | None, title: str | None,
                  dateline: str | None, text: str, origin: int, state: dict[str, str]) -> None:
        terms = article_terms(title, text, dateline)
        n_docs = int(state.get("stories_n") or 0)
        day = _day(date)
        if day is None:  # undated: placed at the latest date seen, so the window still holds
            day = _day(state.get("stories_day"))
        elif (last := _day(state.get("stories_day"))) is None or day > last:
            state["stories_day"] = day.isoformat()
        df = {r[0]: int(r[1]) for r in db.select_in(
            "SELECT term, df FROM term_df WHERE term {IN}", sorted(terms.counts))}
        weights = {
            t: (1 + math.log(c)) * (math.log((n_docs + 1) / (df.get(t, 0) + 1)) + 1.0) * BOOST[t[0]]
            for t, c in terms.counts.items()
        }
        vector = _top(weights, ARTICLE_TERMS)
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vector = {t: w / norm for t, w in vector.items()}

        story = None
        if origin != aid:
            found = db.scalar("SELECT story_id FROM story_articles WHERE article_id = ?", (origin,))
            story = int(found) if found is not None else None
        if story is None:
            story = self._best_story(db, vector, terms, day, df, n_docs)
        if story is None:
            story = db.insert_id(
                "INSERT INTO stories (title, first_date, last_date, n_articles) VALUES (?,?,?,0)",
                (title or _first_words(text), date, date))
        self._add_to_story(db, story, aid, date, day, vector)
        db.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = term_df.df + 1",
            [(t,) for t in sorted(terms.counts)])
        state["stories_n"] = str(n_docs + 1)

    def _best_story(self, db: LinkDB, vector: dict[str, float], terms: ArticleTerms,
                    day: dt.date | None, df: dict[str, int], n_docs: int) -> int | None:
        # only terms that name few articles find candidates: a common word would read every
        # story of the window (its weight still counts in the similarity)
        common = max(LOOKUP_MIN_DF, LOOKUP_MAX_SHARE * n_docs)
        lookup = [t for t in _top(vector, 3 * LOOKUP_TERMS) if df.get(t, 0) <= common][:LOOKUP_TERMS]
        if not lookup:
            return None
        if day is not None:
            lo, hi = _window(day)
            hits = db.select_in(
                "SELECT story_id, weight FROM story_terms WHERE last_date >= ? AND first_date <= ?"
                " AND term {IN}", lookup, (lo, hi))
        else:
            hits = db.select_in("SELECT story_id, weight FROM story_terms WHERE term {IN}", lookup)
        overlap: dict[int, float] = {}
        for sid, w in hits:
            overlap[int(sid)] = overlap.get(int(sid), 0.0) + float(w)
        if not overlap:
            return None
        candidates = sorted(overlap, key=lambda s: (-overlap[s], s))[:CANDIDATES]
        profiles: dict[int, dict[str, float]] = {}
        for sid, term, w in db.select_in(
                "SELECT story_id, term, weight FROM story_terms WHERE story_id {IN}", candidates):
            profiles.setdefault(int(sid), {})[term] = float(w)
        spans = {int(r[0]): (_day(r[1]), _day(r[2])) for r in db.select_in(
            "SELECT id, first_date, last_date FROM stories WHERE id {IN}", candidates)}
        best, best_sim = None, JOIN_SIMILARITY
        for sid in candidates:
            profile = profiles.get(sid, {})
            sim = cosine(vector, profile)
            if place_mismatch(terms, profile):
                sim *= PLACE_MISMATCH
            first, last = spans.get(sid, (None, None))
            if day is not None and first is not None and last is not None:
                gap = max((first - day).days, (day - last).days, 0)
                sim *= 1.0 - 0.5 * min(gap, WINDOW_DAYS) / WINDOW_DAYS
            if sim > best_sim or (sim == best_sim and best is not None and sid < best):
                best, best_sim = sid, sim
        return best

    def _add_to_story(self, db: LinkDB, story: int, aid: int, date: str | None,
                      day: dt.date | None, vector: dict[str, float]) -> None:
        db.execute("INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)", (aid, story))
        first, last = db.execute("SELECT first_date, last_date FROM stories WHERE id = ?", (story,))[0]
        if date:
            first = min(first or date, date)
            last = max(last or date, date)
        db.execute("UPDATE stories SET n_articles = n_articles + 1, first_date = ?, last_date = ?"
                   " WHERE id = ?", (first, last, story))
        profile = {r[0]: float(r[1]) for r in db.execute(
            "SELECT term, weight FROM story_terms WHERE story_id = ?", (story,))}
        for t, w in vector.items():
            profile[t] = profile.get(t, 0.0) + w
        profile = _top(profile, STORY_TERMS)
        anchor = (day.isoformat() if day else None)
        first_key = first or anchor or ""
        last_key = last or anchor or ""
        db.execute("DELETE FROM story_terms WHERE story_id = ?", (story,))
        db.executemany(
            "INSERT INTO story_terms (term, story_id, weight, first_date, last_date) VALUES (?,?,?,?,?)",
            [(t, story, w, first_key, last_key) for t, w in profile.items()])

    def clear(self, db: LinkDB) -> None:
        for table in ("term_df", "story_terms", "story_articles", "stories"):
            clear_table(db, table)
        db.execute("DELETE FROM link_state WHERE name IN ('stories_n', 'stories_day')")


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


STAGE = StoryStage()
