"""Date and time expressions, resolved to TIMEX3 values against the article date.

Candidates come from a small grammar of regular expressions (`_RULES_SRC`), run on the
lower-cased stretches of text around trigger words, so the whole stage costs about 1% of
the spaCy parse (benchmarks/times_speed.py). The parse is only read where it decides a
value: the tense of the verb an expression hangs on tells whether "Friday" or "June" lies
before or after the article date. Overlapping candidates are ranked longest first (a
candidate that cannot be resolved gives way to the ones it overlapped); expressions are
then resolved in text order so that "a year earlier" or "the following day" can use the
last resolved date. dateparser is not used: on TimeBank every explicit date it could read
is already covered by the grammar, and its year choice ignores tense.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimledger.extraction import times_calendar as cal
from claimledger.record import TimeExpression

__all__ = ["find_times", "time_of"]

# ---------------------------------------------------------------------------------------
# Grammar pieces. Patterns match lower-cased text; handlers check the capitalisation of
# month and weekday names on the original text ("may", "march" are verbs too).

_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|"
    r"Sept|Jan|Feb|Aug|Oct|Nov|Dec)"
)
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|a hundred|one hundred|a dozen|a|an|single)"
)
_NUM = rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_NUM_WORDS}|a few|a couple of|a couple|several|some|many|few)"
_UNIT = (
    r"(?P<u>seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|quarters?|years?|"
    r"decades?|century|centuries)"
)
_APPROX = (
    r"(?:(?:about|around|roughly|approximately|nearly|almost|some|more than|less than|"
    r"fewer than|at least|at most|up to|over|under|just|only|another|barely|the better part of)"
    r"\s+)?"
)
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_RANGE_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty)"
)
# A year said in words, as in broadcast transcripts: "nineteen ninety-seven".
_YEAR_WORDS = (
    r"(?P<yw>(?:nineteen|twenty)[- ](?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_B = r"(?<![\w$£€'])(?<!\d[,.])"  # a word start that is not part of a number or a quantity
_E = r"(?![\w])"
_PART = r"(?P<part>morning|afternoon|evening|night)"


@dataclass
class _Ctx:
    """What the handlers need: the parse, the article date and the last resolved date."""

    doc: Doc
    text: str  # doc.text, built once: spaCy joins the tokens on every access
    dct: dt.date | None
    anchor: str | None = None
    anchor_end: int = -1
    quarter: str | None = None  # the last quarter named in the text
    quarter_end: int = -1
    # the last longer reporting period ("the nine months", "the first half"), as its year
    period: str | None = None
    period_end: int = -1
    quarter_said: int = -1  # where the last quarter of any kind was named ("the quarter")
    cache: dict[int, str | None] = field(default_factory=dict)

    def token_at(self, char: int) -> Token | None:
        """The token containing character offset `char`."""
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None


Result = tuple[str, str] | None  # (value, type) or None to drop the candidate
Handler = Callable[[re.Match[str], _Ctx], Result]

# ---------------------------------------------------------------------------------------
# Tense and cues: past or future for an expression.

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "going", "gon"}
_FUTURE_VERBS = {
    "plan", "expect", "schedule", "due", "set", "intend", "hope", "aim", "want", "propose",
    "prepare", "seek", "vow", "pledge", "promise", "threaten", "agree", "decide", "wish",
}
_FUTURE_CUES = {"next", "coming", "until", "till", "by", "before", "upcoming", "from"}
_PAST_CUES = {"since", "last", "ago", "earlier", "previous", "past", "after"}


def _direction(ctx: _Ctx, start: int) -> str | None:
    """'past', 'future' or None for the expression starting at `start`, from the verb it
    hangs on (tense, "will", "plans to") and the word before it ("by", "since")."""
    key = start
    if key in ctx.cache:
        return ctx.cache[key]
    result = _direction_uncached(ctx, start)
    ctx.cache[key] = result
    return result


_REPORTING = {
    "say", "tell", "report", "announce", "confirm", "add", "note", "state", "claim", "deny",
    "insist", "argue", "warn", "write", "quote", "show", "indicate", "estimate", "be", "have",
}


# Verbs whose past form equals the present: a VBP tag on them is often a mis-tagged past.
_SAME_PAST = {
    "hurt", "cut", "set", "put", "hit", "let", "cost", "quit", "spread", "shut", "bet", "cast",
    "split", "burst", "read", "beat", "bid", "broadcast", "forecast", "upset", "shed",
}


def _direction_uncached(ctx: _Ctx, start: int) -> str | None:
    tok = ctx.token_at(start)
    if tok is None:
        return None
    doc = ctx.doc
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    prev2 = doc[tok.i - 3 : tok.i].text.lower() if tok.i >= 3 else ""
    if prev in ("since", "ago", "ended") or prev2 in ("up until the", "up until"):
        return "past"
    if prev2 in ("as soon as", "as early as", "no sooner than", "as late as") or prev in (
        "effective", "starting", "beginning", "upcoming",
    ):
        return "future"
    if tok.dep_ in ("compound", "npadvmod") and tok.head.lower_ in cal.DAY_PARTS:
        tok = tok.head  # "Tuesday morning": the clause hangs on "morning"
    if tok.dep_ in ("poss", "compound", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        return None  # "Friday's vote": the noun's event, not the clause tense
    verb = tok
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    until = prev in ("until", "till", "by", "through", "thru") or prev2.endswith(("until", "till"))
    if verb.pos_ not in ("VERB", "AUX"):
        return "future" if until and prev not in ("through", "thru") else None
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_lower = {c.lower_ for c in aux}
    if aux_lower & _FUTURE_AUX:
        return "future"
    if "had" in aux_lower:
        return "past"  # "had been scheduled to expire Friday"
    if verb.lemma_ in ("schedule", "plan", "due", "slate", "postpone", "delay", "expect",
                       "reschedule", "adjourn") and not (verb.tag_ == "VBD" and tok.i < verb.i):
        return "future"  # but "On Friday, the government planned to ...": the planning
    if verb.lemma_ == "set" and any(c.lower_ == "for" for c in verb.children):
        return "future"  # "a vote was set for Dec. 30", "a summit set for Paris in May"
    if "had" in aux_lower:
        return "past"
    # "until Friday" points ahead even after a past verb ("postponed until"); "by Friday"
    # does only when the verb is not in the past ("by Sunday the remarks had spread"),
    # "through" likewise: "has extended loans through January" but "sales were flat
    # through August".
    if until and verb.lemma_ not in _REPORTING and not (
        prev in ("by", "through", "thru") and verb.tag_ == "VBD"
    ):
        return "future"
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return "past"
    if verb.tag_ == "VBN":
        if any(c.lemma_ == "have" for c in aux):
            return "past"  # "has been named"
        if verb.lemma_ in _FUTURE_VERBS and verb.lemma_ != "set":
            return "future"
        if verb.dep_ == "acl" and prev != "for":
            # a reduced relative: "the record high set on Aug. 6" (but "the meeting
            # called for Friday" lies ahead)
            return "past"
    if "to" in aux_lower or verb.tag_ == "VB":
        head = verb.head
        if head is not verb and any(c.lower_ == "had" and c.dep_ == "aux"
                                    for h in (head, head.head) for c in h.children):
            return "past"  # "the offer had been due to expire Friday"
        if head is not verb and head.tag_ == "VBD" and head.lemma_ not in _FUTURE_VERBS:
            return "past"  # "extended their offers to acquire it Friday"
        if head is not verb and (head.lemma_ in _FUTURE_VERBS or head.lower_ in _FUTURE_AUX):
            return "future"  # "plans to meet Friday"
        return "present"  # "to make the trip in November": ahead, but not far ahead
    if verb.tag_ == "VBG" and any(c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in aux):
        return "future"  # "is meeting Friday"
    if verb.lemma_ not in _REPORTING and (
        verb.tag_ == "VBZ" or (verb.tag_ == "VBP" and verb.lower_ not in _SAME_PAST)
    ):
        return "present"  # "the two leaders meet Monday": future for a weekday only
    return None


# ---------------------------------------------------------------------------------------
# Handlers.


def _cap(word: str | None) -> bool:
    return bool(word) and word[0].isupper()  # type: ignore[index]


def _month(m: re.Match[str]) -> int | None:
    word = m.group("mon")
    if not _cap(word):
        return None
    return cal.MONTHS.get(word.lower().rstrip("."))


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _year_of(gd: dict[str, str | None]) -> int | None:
    """The year a match names, in digits (group y) or in words (group yw)."""
    if gd.get("y"):
        return int(gd["y"])  # type: ignore[arg-type]
    words = (gd.get("yw") or "").lower()
    if not words:
        return None
    century, _, rest = words.replace("-", " ").partition(" ")
    tail = cal.number_value(rest)
    if tail is None:
        return None
    return (1900 if century == "nineteen" else 2000) + int(tail)


def _explicit_date(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = _month(m)
    day = int(m.group("d"))
    if mon is None or not 1 <= day <= 31:
        return None
    gd = m.groupdict()
    if gd.get("wd") and not _cap(gd["wd"]):
        return None
    year = _int(gd.get("y"))
    if year is None and gd.get("ry") and ctx.dct is not None:
        year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[gd["ry"].lower()]  # "Nov. 5 next year"
    try:
        if year is not None:
            d = dt.date(year, mon, day)
        elif ctx.dct is not None:
            nd = cal.nearest_year(ctx.dct, mon, day)
            if nd is None:
                return None
            d = nd
            # The nearest year unless the tense says otherwise and the date is far off:
            # "was last seen Nov. 3" in a May story is the previous November.
            gap = (d - ctx.dct).days
            direction = _direction(ctx, m.start())
            if direction == "present":
                # "Obama leaves office on Jan. 20": ahead when within half a year
                direction = "future" if -60 <= gap <= 183 else None
            if direction == "past" and gap > 60:
                d = d.replace(year=d.year - 1)
            elif direction == "future" and gap < -60:
                d = d.replace(year=d.year + 1)
            elif direction not in ("past", "future") and gap > 92:
                # unknown tense: news looks back, except for the next three months
                d = d.replace(year=d.year - 1)
        else:
            return f"XXXX-{mon:02d}-{day:02d}", "DATE"
    except ValueError:
        return None
    return d.isoformat(), "DATE"


def _month_name(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = _month(m)
    if mon is None:
        return None
    gd = m.groupdict()
    word = m.group("mon")
    year = _year_of(gd)
    rel = (gd.get("rel") or "").lower()
    ry = (gd.get("ry") or "").lower()
    if word.endswith(".") and year is None:
        return None  # "Jan." alone is more often an abbreviation ending a sentence
    if word.lower() in ("sept", "jan", "feb", "aug", "oct", "nov", "dec") and year is None:
        return None
    if word in ("May", "March") and year is None and not rel and not gd.get("mod"):
        # The modal verb and the verb "march": keep only after a time preposition or
        # where spaCy's entity recogniser also saw a date ("the March accession").
        tok = ctx.token_at(m.start("mon"))
        if tok is not None and tok.pos_ in ("AUX", "VERB"):
            return None
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower().split()
        if (not before or before[-1] not in (
            "in", "since", "until", "till", "by", "from", "through", "to", "of", "during",
            "before", "after", "last", "next", "this", "early", "late", "mid", "end", "and",
            "or", "between", "that", "each", "every",
        )) and (tok is None or tok.ent_type_ != "DATE"):
            return None
        if re.match(r"\s+(?:for|on|against)\s+[A-Z]", ctx.text[m.end() : m.end() + 16]):
            return None  # "the March for Life", "a march on Washington"
    lead = ctx.text[max(0, m.start() - 7) : m.start()].lower()
    if year is None and not rel and re.search(r"\b(?:each|every)\s+$", lead):
        return f"XXXX-{mon:02d}", "SET"  # "each July": every July
    if year is None and ry:
        if ctx.dct is None:
            return None
        year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[ry]
    if year is None and not rel:
        # "that April morning in 2004"; "That April" after a year the story named
        later = _MONTH_YEAR_AFTER.match(ctx.text, m.end())
        if later is not None:
            year = int(later.group("y"))
        elif re.search(r"\bthat\s+$", lead) and _near_anchor(ctx, m.start()):
            year = int(ctx.anchor[:4])  # type: ignore[index]
    if year is None:
        if ctx.dct is None:
            return f"XXXX-{mon:02d}", "DATE"
        if rel in ("last", "past", "this past"):
            direction: str | None = "last"
        elif rel in ("next", "coming", "this coming"):
            direction = "next"
        elif rel == "this":
            return f"{ctx.dct.year}-{mon:02d}", "DATE"
        else:
            direction = _direction(ctx, m.start())
            if direction == "present":
                # "the law takes effect in January": ahead when within half a year
                direction = "future" if (mon - ctx.dct.month) % 12 <= 6 else None
        year = cal.month_year(ctx.dct, mon, direction)
    return f"{year}-{mon:02d}", "DATE"


_MONTH_YEAR_AFTER = re.compile(
    rf"\s+(?:morning|afternoon|evening|night|day|weekend)\s+(?:of|in)\s+(?P<y>{_YEAR})(?![\w])"
)


def _near_anchor(ctx: _Ctx, pos: int, reach: int = 800) -> bool:
    return ctx.anchor is not None and pos - ctx.anchor_end < reach


def _in_past_quote(ctx: _Ctx, pos: int) -> bool:
    """Inside a quotation in a paragraph that named a date far from the article date: a
    message from the past ('In a letter sent in March 2019, he wrote: "... on Friday."')."""
    if ctx.dct is None or ctx.anchor is None or not re.match(r"\d{4}", ctx.anchor):
        return False
    para = ctx.text.rfind("\n", 0, pos) + 1
    if ctx.anchor_end < para:
        return False
    before = ctx.text[para:pos]
    inside = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
    if not inside:
        return False
    # a message from another year: "In a letter sent in March 2019 ..." (a month of this
    # year named in passing, "took office in March", leaves the week to the article date)
    return int(ctx.anchor[:4]) != ctx.dct.year


def _weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    wd_word = m.group("wd")
    if not _cap(wd_word):
        return None
    wd = cal.WEEKDAYS[wd_word.lower()]
    gd = m.groupdict()
    part = (gd.get("part") or "").lower()
    if gd.get("plural") or (gd.get("every") or ""):
        suffix = f"T{cal.DAY_PARTS[part]}" if part else ""
        return f"XXXX-WXX-{wd + 1}{suffix}", "SET"
    if ctx.dct is None:
        return f"XXXX-WXX-{wd + 1}", "DATE"
    rel = re.sub(r"\s+", " ", (gd.get("rel") or "").lower())
    if not rel and (re.search(r"(?i:\bthat\s+)$", ctx.text[max(0, m.start() - 6) : m.start()])
                    or _in_past_quote(ctx, m.start())):
        return f"XXXX-WXX-{wd + 1}", "DATE"  # "that Friday": the text names no week
    base = ctx.dct
    if rel in ("the previous", "the preceding", "the following"):
        # counted from the day the story is talking about, when it named one
        if (ctx.anchor and m.start() - ctx.anchor_end < 800
                and re.fullmatch(r"\d{4}-\d\d-\d\d", ctx.anchor)):
            base = dt.date.fromisoformat(ctx.anchor)
        rel = "next" if rel == "the following" else "last"
    if rel in ("last", "this past"):
        direction: str | None = "last"
    elif rel in ("next", "this coming", "coming"):
        direction = "next"
    else:
        direction = _direction(ctx, m.start())
        direction = "future" if direction in ("future", "present") else None
    d = cal.weekday_date(base, wd, direction)
    # TimeML marks an evening on a named day ("Friday evening" -> ...TEV); "Friday night"
    # and "Friday morning" are mostly annotated as the day alone (often the span is the
    # weekday only) in TimeBank.
    # No TimeBank example names an afternoon of a weekday: the TIMEX3 guidelines' value.
    if part in ("evening", "afternoon"):
        return f"{d.isoformat()}T{cal.DAY_PARTS[part]}", "TIME"
    return d.isoformat(), "DATE"


_DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _deictic(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m.group("w").lower()
    gd = m.groupdict()
    part = (gd.get("part") or "").lower()
    if ctx.dct is None:
        return None
    if gd.get("before"):
        offset = -2 if word == "yesterday" else None
    elif gd.get("after"):
        offset = 2 if word == "tomorrow" else None
    else:
        offset = _DEICTIC_DAYS[word]
    if offset is None:
        return None
    d = (ctx.dct + dt.timedelta(days=offset)).isoformat()
    if word == "tonight":
        return f"{d}TNI", "TIME"
    if part:
        return f"{d}T{cal.DAY_PARTS[part]}", "TIME"
    return d, "DATE"


def _this_part(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None
    rel = m.group("rel").lower()
    part = m.group("part").lower()
    d = ctx.dct
    if rel == "last" and part in ("night", "evening"):
        d = d - dt.timedelta(days=1) if part == "night" else d
    elif rel == "last":
        return None
    return f"{d.isoformat()}T{cal.DAY_PARTS[part]}", "TIME"


def _overnight(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None
    return f"{ctx.dct.isoformat()}TNI", "TIME"


def _clock(m: re.Match[str], ctx: _Ctx) -> Result:
    gd = m.groupdict()
    word = (gd.get("named") or "").lower()
    if word:
        hh, mm = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[word]
    elif gd.get("h24"):
        if ctx.text[max(0, m.start() - 1) : m.start()] == "(":
            return None  # "10:35 a.m. (0735 GMT)": the same time in an aside
        hh, mm = int(gd["h24"]), int(gd["mi"])  # "11:30 GMT", "2315 GMT"
    else:
        hh = int(gd["h"])
        mm = int(gd.get("mi") or 0)
        ap = (gd.get("ap") or "").lower()
        if not 1 <= hh <= 12 or mm > 59:
            return None
        if ap.startswith("p") and hh != 12:
            hh += 12
        elif ap.startswith("a") and hh == 12:
            hh = 0
    day = "XXXX-XX-XX"
    if ctx.dct is not None:
        d = ctx.dct
        wd = gd.get("wd")
        later = _PAREN_WEEKDAY.match(ctx.text, m.end())
        if not wd and later is not None:
            wd = later.group("wd")  # "at 10:35 a.m. (0735 GMT) Friday": the day after the aside
        if wd and _cap(wd):
            direction = _direction(ctx, m.start())
            direction = "future" if direction in ("future", "present") else None
            d = cal.weekday_date(ctx.dct, cal.WEEKDAYS[wd.lower()], direction)
        elif gd.get("dw"):
            d = ctx.dct + dt.timedelta(days=_DEICTIC_DAYS[gd["dw"].lower()])
        elif gd.get("mon"):
            # "5 p.m. EST Nov. 9": the time on that date
            res = _explicit_date(m, ctx)
            if res is None:
                return None
            d = dt.date.fromisoformat(res[0])
        elif _direction(ctx, m.start()) == "past":
            d = _story_day(ctx, m.start()) or d  # the day the story is about
        day = d.isoformat()
    return f"{day}T{hh:02d}:{mm:02d}", "TIME"


_PAREN_WEEKDAY = re.compile(rf"\s+\([^()\n]{{1,24}}\),?\s+(?:on\s+)?{_WD}\b")
_TITLE_NOUN_BEFORE = re.compile(
    r"(?i:\b(?:film|movie|novel|album|song|single|book|play|musical|opera|series|documentary|"
    r"show|painting|poem|game|title)\s+)$"
)


def _story_day(ctx: _Ctx, pos: int, reach: int = 300) -> dt.date | None:
    """The day the passage is about: the last full date named shortly before, else the
    article date."""
    if _near_anchor(ctx, pos, reach) and re.fullmatch(r"\d{4}-\d\d-\d\d", ctx.anchor or ""):
        return dt.date.fromisoformat(ctx.anchor)  # type: ignore[arg-type]
    return ctx.dct


def _day_part(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "in the morning", "by mid-afternoon yesterday", "4 in the morning"."""
    gd = m.groupdict()
    part = (gd.get("part") or gd["part2"]).lower()
    nxt = ctx.token_at(m.end() + 1) if ctx.text[m.end() : m.end() + 1] == " " else None
    if not gd.get("dw") and not gd.get("wd") and nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
        return None  # "the morning papers", "the evening news"
    if gd.get("dw"):
        if ctx.dct is None:
            return None
        d: dt.date | None = ctx.dct + dt.timedelta(days=_DEICTIC_DAYS[gd["dw"].lower()])
    elif gd.get("wd"):
        if ctx.dct is None or not _cap(gd["wd"]):
            return None
        d = cal.weekday_date(ctx.dct, cal.WEEKDAYS[gd["wd"].lower()], None)
    else:
        d = _story_day(ctx, m.start())
    day = d.isoformat() if d is not None else "XXXX-XX-XX"
    hour = gd.get("hh")
    if hour:
        h = int(hour) if hour.isdigit() else int(cal.number_value(hour) or 0)
        if not 1 <= h <= 12:
            return None
        if part in ("afternoon", "evening") or (part == "night" and h >= 6):
            h = h % 12 + 12
        return f"{day}T{h:02d}:00", "TIME"
    return f"{day}T{cal.DAY_PARTS[part]}", "TIME"


def _year(m: re.Match[str], ctx: _Ctx) -> Result:
    y = int(m.group("y"))
    if _TITLE_NOUN_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()):
        return None  # "the film 1917", "the novel 1984": a title
    if _STREET_AFTER.match(ctx.text, m.end()) and not re.search(
        r"(?i)\b(?:the|in|since|during|of|by|until|before|after|early|late|mid)[\s-]+$",
        ctx.text[max(0, m.start() - 8) : m.start()],
    ):
        return None  # "1600 Pennsylvania Avenue": a street number
    after = ctx.text[m.end() : m.end() + 12]
    if re.match(r"\s*(?:%|percent|per cent|points?\b|-(?!\d\d\b|\d{4}\b|-|\s))", after, re.IGNORECASE):
        return None  # "2000 points", "1998-level" stays, "1990-91" and "1984 --" are years
    # Quantities written like years: "1500 people", "2000 metres", "1999 votes" -- but
    # "the 1992 protests" is a year.
    tok = ctx.token_at(m.start("y"))
    if tok is not None and tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and tok.i > 0:
        prev = ctx.doc[tok.i - 1]
        if prev.tag_ not in ("DT", "PRP$", "POS", "IN", "JJ", "NNP"):
            return None
    return str(y), "DATE"


_STREET_AFTER = re.compile(
    r"\s+(?:(?:[NSEW]\.?|North|South|East|West)\s+)?(?:[A-Z][a-z]+\s+){0,3}(?:Avenue|Ave\.|Street|"
    r"St\.|Road|Rd\.|Boulevard|Blvd\.?|Lane|Drive|Dr\.|Place|Plaza|Highway|Hwy\.?)(?!\w)"
)


def _year_words(m: re.Match[str], ctx: _Ctx) -> Result:
    tail = cal.number_value(m.group("rest"))
    if tail is None:
        return None
    century = 19 if m.group("c").lower() == "nineteen" else 20
    return f"{century}{int(tail):02d}", "DATE"


def _half_of(m: re.Match[str], ctx: _Ctx) -> Result:
    half = 1 if m.group("lh").lower() == "first" else 2
    return f"{m.group('y')}-H{half}", "DATE"


def _decade(m: re.Match[str], ctx: _Ctx) -> Result:
    gd = m.groupdict()
    if gd.get("dec"):
        if gd["dec"].endswith("00") and not gd["dec"].startswith("20"):
            return gd["dec"][:2], "DATE"  # "the late 1800s": the century, not 1800-1809
        return gd["dec"][:3], "DATE"
    if gd.get("d2"):
        return "19" + gd["d2"][0], "DATE"
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}
    return f"19{words[gd['dw'].lower()]}", "DATE"


def _century(m: re.Match[str], ctx: _Ctx) -> Result:
    n = cal.ORDINALS.get(m.group("ord").lower())
    if n is None:
        digits = re.match(r"\d+", m.group("ord"))
        n = int(digits.group()) if digits else None
    if n is None or not 1 <= n <= 22:
        return None
    return f"{n - 1:02d}", "DATE"


def _quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    gd = m.groupdict()
    q = cal.ORDINALS.get(gd["ord"].lower())
    if q is None or q > 4:
        return None
    unit = (gd.get("qu") or "quarter").lower()
    year = _int(gd.get("y1") or gd.get("y2") or gd.get("y3") or gd.get("y4"))
    rel = (gd.get("rel") or "").lower()
    ry = (gd.get("ry") or "").lower()
    if ry and ctx.dct is not None:
        # "the first quarter of next year", "the second half of the year"
        year = ctx.dct.year + {"next": 1, "the next": 1, "the coming": 1, "last": -1}.get(ry, 0)
    if unit == "half":
        if q > 2:
            return None
        if year is None and ctx.dct is not None:
            year = ctx.dct.year
        return (f"{year}-H{q}" if year else f"XXXX-H{q}"), "DATE"
    if year is None and rel in ("last year's", "year-earlier", "year-ago") and ctx.dct:
        year = ctx.dct.year - 1
    if year is None and rel == "next year's" and ctx.dct:
        year = ctx.dct.year + 1
    if year is None and ctx.dct is not None:
        year = ctx.dct.year
        direction = _direction(ctx, m.start())
        if direction == "past" and (q - 1) * 3 + 1 > ctx.dct.month:
            year -= 1
    return (f"{year}-Q{q}" if year else f"XXXX-Q{q}"), "DATE"


def _anchor_quarter(ctx: _Ctx, pos: int, comparison: bool = True) -> str | None:
    """The last quarter named in the text when it is recent: earnings stories compare
    "the quarter" with "a year earlier", meaning the same quarter a year before. A
    comparison made after a longer period was named ("For the nine months, net rose ...
    from a year earlier") is with that period, whose value is its year."""
    quarter = ctx.quarter if ctx.quarter and pos - ctx.quarter_end < 1500 else None
    if (comparison and ctx.period and ctx.period_end > max(ctx.quarter_end, ctx.quarter_said)
            and pos - ctx.period_end < 600):
        return ctx.period
    return quarter


def _note_period(ctx: _Ctx, c: _Cand, value: str) -> None:
    """Remember "the nine months", "the first six months", "the first half" as the
    period that a following "a year earlier" compares with."""
    text = ctx.text[c.start : c.end].lower()
    if not (value in ("P6M", "P9M") and text.startswith("the")) and not re.fullmatch(
        r"\d{4}-H[12]", value
    ):
        return
    named = re.search(r"\b(?:1[6-9]|20)\d\d\b", ctx.text[c.end : c.end + 10])
    if re.fullmatch(r"\d{4}-H[12]", value):
        year = value[:4]
    elif named is not None:
        year = named.group()
    elif ctx.quarter and c.start - ctx.quarter_end < 1500:
        year = ctx.quarter[:4]
    elif ctx.dct is not None:
        year = str(ctx.dct.year)
    else:
        return
    ctx.period, ctx.period_end = year, c.end


_QUARTER_ENDED = re.compile(rf"\s+(?:that\s+)?(?:ended|ending)\s+{_MON}\s+(?P<d>\d{{1,2}})")


def _the_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    rel = (m.group("rel") or "").lower()
    if ctx.dct is None:
        return None
    last_done = cal.shift_date(ctx.dct, -1, "quarter")
    current = cal.shift_date(ctx.dct, 0, "quarter")
    # "the year-earlier period" after "the nine months" is that period a year before;
    # "the quarter" stays a quarter
    period_word = re.search(r"period\b", m.group(0), re.IGNORECASE) is not None
    anchor = _anchor_quarter(ctx, m.start(), comparison=period_word)
    # "the quarter ended Sept. 30": the calendar quarter holding the end date
    if ended := _QUARTER_ENDED.match(ctx.text, m.end()):
        mon = cal.MONTHS.get(ended.group("mon").lower().rstrip("."))
        if mon and ended.group("mon")[0].isupper():
            d = cal.nearest_year(ctx.dct, mon, min(int(ended.group("d")), 28))
            if d is not None:
                if d > ctx.dct:
                    d = d.replace(year=d.year - 1)
                anchor = f"{d.year}-Q{cal.quarter_of(d)}"
                if not rel or rel in ("latest", "recent", "most recent", "current", "this"):
                    return anchor, "DATE"
    if rel in ("current", "this"):
        return current, "DATE"
    if m.groupdict().get("ly") or m.groupdict().get("tail"):
        rel = "year-ago"
    if rel in ("year-earlier", "year-ago", "comparable", "corresponding", "year-before"):
        base = anchor or last_done
        return cal.shift_value(base, -1, "year") if base else None, "DATE"
    if rel in ("latest", "recent", "most recent", "just-ended", "past", "last", "previous"):
        return last_done, "DATE"
    if rel in ("current", "this"):
        return (anchor or current), "DATE"
    if rel in ("next", "coming"):
        return cal.shift_date(ctx.dct, 1, "quarter"), "DATE"
    if re.fullmatch(r"\d{4}", rel):
        if anchor and "-Q" not in anchor:
            return rel, "DATE"  # "the 1988 period" after "the nine months"
        q = (anchor or last_done or "-Q0")[-1]
        return f"{rel}-Q{q}", "DATE"
    if rel in ("same", "that"):
        if anchor is None and period_word and _near_anchor(ctx, m.start(), 400):
            # "Exports rose in September. Imports fell in the same period."
            anchor = ctx.anchor.split("T")[0]  # type: ignore[union-attr]
        return (anchor, "DATE") if anchor else None
    return (anchor or last_done), "DATE"


def _relative(m: re.Match[str], ctx: _Ctx) -> Result:
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    unit = m.group("u").lower()
    if ctx.dct is None:
        return None
    dct = ctx.dct
    if rel.startswith("the "):
        rel = rel[4:]
    if rel in ("past", "last") and unit in ("decade", "century") and m.group(0).lower().startswith("the past"):
        return cal.duration_value(1, unit), "DURATION"
    if rel == "past" and unit == "year":
        return str(dct.year - 1), "DATE"
    step = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "this past": -1,
            "next": 1, "coming": 1, "this coming": 1, "following": 1}.get(rel)
    if unit in cal.SEASONS:
        season = cal.SEASONS[unit]
        direction = {0: None, -1: "last", 1: "next"}.get(step if step is not None else 0)
        return f"{cal.season_year(dct, season, direction)}-{season}", "DATE"
    if step is None:
        return None
    if unit == "weekend":
        # The weekend of the ISO week; "last weekend" seen from a weekday is the one just past.
        base = dct + dt.timedelta(weeks=step)
        if step == -1 and dct.weekday() < 5:
            base = dct - dt.timedelta(days=dct.weekday() + 1)
        elif step == -1:
            base = dct - dt.timedelta(weeks=1)
        return f"{cal.iso_week(base)}-WE", "DATE"
    if unit == "week":
        if m.group(0).lower().startswith(("the past", "the last")):
            step = 0  # "over the past week": the seven days up to the article date
    value = cal.shift_date(dct, step, unit)
    return (value, "DATE") if value else None


def _the_weekend(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None
    dct = ctx.dct
    if _direction(ctx, m.start()) == "future":
        base = dct if dct.weekday() >= 5 else dct + dt.timedelta(days=5 - dct.weekday())
    else:
        base = dct if dct.weekday() >= 5 else dct - dt.timedelta(days=dct.weekday() + 1)
    return f"{cal.iso_week(base)}-WE", "DATE"


def _the_season(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m.group("s")
    tok = ctx.token_at(m.start("s"))
    if tok is not None and tok.pos_ in ("VERB", "AUX"):
        return None  # "prices will fall", "spring into action"
    if word[0].isupper() and m.start("s") == m.start() and ctx.text[m.end() : m.end() + 3] == " of":
        return None  # a title: "Spring of Life"
    season = cal.SEASONS[word.lower()]
    if m.groupdict().get("every"):
        return f"XXXX-{season}", "SET"  # "every summer"
    y = _year_of(m.groupdict())
    if y is None:
        if ctx.dct is None:
            return None
        y = cal.season_year(ctx.dct, season, _direction(ctx, m.start()))
    return f"{y}-{season}", "DATE"


def _ago(m: re.Match[str], ctx: _Ctx) -> Result:
    n = cal.number_value(m.group("n"))
    unit = cal.unit_name(m.group("u"))
    word = m.group("dir").lower()
    sign = 1 if word in ("later", "from now", "hence", "after that") else -1
    if unit == "night":
        unit = "day"
    if n is None or n != int(n):
        return ("FUTURE_REF" if sign > 0 else "PAST_REF"), "DATE"
    if ctx.dct is None:
        return None
    amount = int(n) * sign
    if word in ("earlier", "later", "before that", "after that") or (unit == "year" and word == "ago"):
        quarter = _anchor_quarter(ctx, m.start()) if unit in ("year", "quarter") else None
        anchor = ctx.anchor if ctx.anchor and m.start() - ctx.anchor_end < 600 else None
        anchor = quarter or (None if word == "ago" else anchor)
        if anchor:
            value = cal.shift_value(anchor, amount, unit)
            if value:
                return value, "DATE"
    value = cal.shift_date(ctx.dct, amount, unit)
    if value is None and unit in ("year", "decade", "century"):  # before year 1 or after 9999
        return ("FUTURE_REF" if sign > 0 else "PAST_REF"), "DATE"
    return (value, "DATE") if value else None


def _anaphoric_day(m: re.Match[str], ctx: _Ctx) -> Result:
    rel = m.group("rel").lower()
    unit = (m.groupdict().get("u") or "day").lower()
    step = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "same": 0,
            "that": 0, "before": -1, "after": 1}[rel]
    anchor = ctx.anchor
    finest = {"day": r"\d{4}-\d\d-\d\d", "week": r"\d{4}-\d\d-\d\d|\d{4}-W\d\d",
              "month": r"\d{4}-\d\d(?:-\d\d)?", "year": r"\d{4}.*"}.get(unit, r"\d{4}-\d\d-\d\d")
    if anchor is None or not re.fullmatch(finest, anchor) or m.start() - ctx.anchor_end > 800:
        if ctx.dct is None or step == 0:
            return None
        anchor = ctx.dct.isoformat()
    if unit in ("morning", "afternoon", "evening", "night"):
        value = cal.shift_value(anchor, step, "day")
        return (value, "DATE") if value else None
    value = cal.shift_value(anchor, step, unit)
    return (value, "DATE") if value else None


def _day_before_event(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "the night before the verdict": a day the text does not date, written with X."""
    event = m.group("event").lower()
    if event.rstrip("s") in cal.DURATION_UNITS or event in cal.DAY_PARTS or event in cal.WEEKDAYS or (
        event in ("weekend", "holiday")
    ):
        return None  # "the day before the weekend" is left to the other rules
    unit = m.group("u").lower()
    if (ctx.anchor and re.fullmatch(r"\d{4}-\d\d-\d\d", ctx.anchor)
            and re.fullmatch(r",\s*", ctx.text[ctx.anchor_end : m.start()])):
        # in apposition to a date: "on Oct. 12, the day before the crash"
        return (ctx.anchor, "DATE") if unit == "day" else (
            f"{ctx.anchor}T{cal.DAY_PARTS[unit]}", "TIME")
    if unit == "day":
        return "XXXX-XX-XX", "DATE"
    return f"XXXX-XX-XXT{cal.DAY_PARTS[unit]}", "TIME"


def _year_ago_adj(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None
    anchor = _anchor_quarter(ctx, m.start())
    if anchor:
        return cal.shift_value(anchor, -1, "year"), "DATE"
    return str(ctx.dct.year - 1), "DATE"


def _duration(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m.group("n").lower()
    n = cal.number_value(word)
    unit = cal.unit_name(m.group("u"))
    after = ctx.text[m.end() : m.end() + 8].lower()
    if re.match(r"[\s-]+old", after) or m.group(0).lower().endswith("-old"):
        return None  # ages are not annotated as durations
    if word in ("a", "an", "single") and unit in ("second", "quarter"):
        return None  # "a second time", "a quarter of the vote"
    if unit == "quarter" and n is not None and re.match(r"\s+of\b", after):
        return None  # "three quarters of the vote" (but "several quarters of losses")
    if word in ("a", "an") and m.group(0).lower().startswith(("a ", "an ")):
        before = ctx.text[max(0, m.start() - 16) : m.start()]
        if re.search(r"(?:\d|\b(?:times|once|twice|dollars|cents|hours|flights|people|"
                     r"miles|units|shares|barrels))\W*$", before):
            return None  # a rate: "$55 a night", "24 hours a day", "four flights a week"
    if unit == "quarter" and n is None and word not in ("several", "a few", "a couple of", "many"):
        return None  # "in some quarters": places, but "after several quarters of losses"
    if n is None and word not in cal.VAGUE_NUMBERS:
        return None
    if unit == "night":
        unit = "day"
    if unit == "weekend":
        return ("P2D", "DURATION") if n == 1 else None
    frac = m.groupdict().get("frac") or m.groupdict().get("frac2")
    if frac and n is not None:
        n += 0.5
    return cal.duration_value(n, unit), "DURATION"


def _in_the_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "earlier in the day", "later in the week": that stretch of the day the passage is
    about (the last full date named shortly before, else the article date)."""
    d = _story_day(ctx, m.start())
    if d is None:
        return None
    value = cal.shift_date(d, 0, m.group("u").lower())
    return (value, "DATE") if value else None


def _half_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "half an hour", "a half-day", "half a century": half the unit."""
    unit = cal.unit_name(m.group("u"))
    if unit in ("weekend", "quarter", "night"):
        return None
    return cal.duration_value(0.5, unit), "DURATION"


def _fortnight(m: re.Match[str], ctx: _Ctx) -> Result:
    n = cal.number_value(m.group("n"))
    return cal.duration_value(2 * n if n is not None else None, "week"), "DURATION"


def _bare_plural(m: re.Match[str], ctx: _Ctx) -> Result:
    unit = cal.unit_name(m.group("u"))
    if unit in ("day", "hour", "minute"):
        prev = ctx.text[max(0, m.start() - 12) : m.start()].split()
        if prev and (prev[-1].lower() in _NOT_VAGUE_BEFORE or prev[-1][:1].isdigit()):
            return None  # "the early hours of", "eight trading days": not a vague stretch
    return cal.duration_value(None, unit), "DURATION"


_NOT_VAGUE_BEFORE = frozenset(
    "first early last final trading business working few several many the these those".split()
)


def _compound_duration(m: re.Match[str], ctx: _Ctx) -> Result:
    # "day-long", "year-long": one unit
    unit = cal.unit_name(m.group("u"))
    return cal.duration_value(1, unit), "DURATION"


_SET_UNITS = {"daily": ("P1D", "day"), "nightly": ("P1D", "day"), "weekly": ("P1W", "week"),
              "monthly": ("P1M", "month"), "yearly": ("P1Y", "year"),
              "annually": ("P1Y", "year"), "hourly": ("PT1H", "hour"),
              "quarterly": ("P3M", "quarter"), "biweekly": ("P2W", "week")}


def _set_adverb(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m.group("w").lower()
    tok = ctx.token_at(m.start())
    # "the daily" (a newspaper), "quarterly dividend" (a modifier of money, not a time)
    if tok is not None and tok.pos_ in ("NOUN", "PROPN") and word == "daily":
        return None
    if word in ("quarterly", "monthly") and tok is not None and tok.dep_ == "amod":
        return None
    return _SET_UNITS[word][0], "SET"


def _set_part(m: re.Match[str], ctx: _Ctx) -> Result:
    return f"XXXX-XX-XXT{cal.DAY_PARTS[m.group('part').lower()]}", "SET"  # "every evening"


def _year_tail(m: re.Match[str], ctx: _Ctx) -> Result:
    """The second year of "1998-99", annotated on its own."""
    first = int(ctx.text[m.start() - 5 : m.start() - 1])
    y = first // 100 * 100 + int(m.group("yy"))
    if y <= first:
        y += 100
    return (str(y), "DATE") if y - first <= 5 else None


def _range_first(m: re.Match[str], ctx: _Ctx) -> Result:
    """The first number of "between 6 and 9 weeks", annotated on its own (P6W)."""
    n = cal.number_value(m.group("n"))
    if n is None:
        return None
    return cal.duration_value(n, cal.unit_name(m.group("u"))), "DURATION"


def _set_every(m: re.Match[str], ctx: _Ctx) -> Result:
    unit = cal.unit_name(m.group("u"))
    n = cal.number_value(m.groupdict().get("n") or "one") or 1
    if unit == "night":
        unit = "day"
    if unit == "weekend":
        return "XXXX-WXX-WE", "SET"
    return cal.duration_value(n, unit), "SET"


def _ref(m: re.Match[str], ctx: _Ctx) -> Result:
    word = re.sub(r"\s+", " ", m.group(0).lower())
    tok = ctx.token_at(m.start())
    if word in ("current", "recent"):
        if tok is None or tok.pos_ != "ADJ" or tok.dep_ != "amod":
            return None
        return ("PRESENT_REF" if word == "current" else "PAST_REF"), "DATE"
    if word == "now":
        nxt = ctx.text[m.end() : m.end() + 1]
        if nxt == "-":
            return None  # "now-defunct"
    if word == "soon":
        before = ctx.text[max(0, m.start() - 4) : m.start()].lower()
        if before.endswith("as ") or ctx.text[m.end() : m.end() + 6].lower().startswith(" after"):
            return None
    if word.endswith("the past"):
        # "the past" as a noun, not "the past two years" (handled as a duration)
        nxt = ctx.text[m.end() : m.end() + 20].lower()
        if re.match(r"\s+(?:\w+\s+)?(?:week|month|year|day|decade|century|quarter|few|several)", nxt):
            return None
    value = _REFS.get(word)
    if value is None:
        value = "PRESENT_REF" if "now" in word or "present" in word else "PAST_REF"
    return value, "DATE"


def _then(m: re.Match[str], ctx: _Ctx) -> Result:
    if not _near_anchor(ctx, m.start(), 300):
        return None
    return ctx.anchor, "DATE"  # type: ignore[return-value]


_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "presently": "PRESENT_REF", "at present": "PRESENT_REF", "these days": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "at the moment": "PRESENT_REF", "for now": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "in the past": "PAST_REF", "formerly": "PAST_REF", "the future": "FUTURE_REF",
    "in the future": "FUTURE_REF", "soon": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
    "in the near future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
    "a later date": "FUTURE_REF",
}


def _soon(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m.group(0).lower()
    if ctx.text[m.end() : m.end() + 7].lower().startswith((" after", " as", " afterward")):
        return None
    if word == "one day" and re.search(r"\bby\s+$", ctx.text[max(0, m.start() - 4) : m.start()]):
        return "P1D", "DURATION"  # "followed by one day an announcement"
    if _direction(ctx, m.start()) != "future":
        return ("P1D", "DURATION") if word == "one day" else None
    return "FUTURE_REF", "DATE"


def _the_year(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None
    after = ctx.text[m.end() : m.end() + 10].lower()
    if re.match(r"\s+(?:ended|ending|to )", after):
        return "P1Y", "DURATION"
    if re.match(r"['’]s\b|\s+(?:before|after|earlier|later|of|in|when|that|he|she|they)\b", after):
        return None
    return str(ctx.dct.year), "DATE"


def _that_year(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None or m.start() - ctx.anchor_end > 800:
        return None
    return ctx.anchor[:4], "DATE"


def _end_of(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None
    value = cal.shift_date(ctx.dct, 0, m.group("u").lower())
    return (value, "DATE") if value else None


def _year_2000(m: re.Match[str], ctx: _Ctx) -> Result:
    rest = m.group("rest")
    n = cal.number_value(rest) if rest else 0
    return (str(2000 + int(n)), "DATE") if n is not None else None


def _year_end(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None
    year = ctx.dct.year - 1 if _direction(ctx, m.start()) == "past" else ctx.dct.year
    return str(year), "DATE"


def _thanksgiving(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return None
    years = [ctx.dct.year - 1, ctx.dct.year]
    if (m.group("rel") or "").lower() != "last":
        years.append(ctx.dct.year + 1)
    best = None
    for y in years:
        nov1 = dt.date(y, 11, 1)
        d = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7 + 21)  # fourth Thursday
        if (m.group("rel") or "").lower() == "last" and d >= ctx.dct:
            continue
        if best is None or abs((d - ctx.dct).days) < abs((best - ctx.dct).days):
            best = d
    return (best.isoformat(), "DATE") if best else None


def _week_of(m: re.Match[str], ctx: _Ctx) -> Result:
    res = _explicit_date(m, ctx)
    if res is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", res[0]):
        return None
    return cal.iso_week(dt.date.fromisoformat(res[0])), "DATE"


def _recent_units(m: re.Match[str], ctx: _Ctx) -> Result:
    unit = cal.unit_name(m.group("u"))
    # "in recent days": a vague stretch up to now (PXD), like "the past few days"
    return cal.duration_value(None, unit), "DURATION"


def _holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    name = re.sub(r"\s+", " ", m.group("h").lower()).replace("’", "'")
    month, day = {
        "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
        "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
        "independence day": (7, 4), "valentine's day": (2, 14),
    }[name]
    y = _int(m.groupdict().get("y"))
    if y is None:
        if ctx.dct is None:
            return f"XXXX-{month:02d}-{day:02d}", "DATE"
        d = cal.nearest_year(ctx.dct, month, day)
        return (d.isoformat(), "DATE") if d else None
    return f"{y}-{month:02d}-{day:02d}", "DATE"


def _movable_holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    name = re.sub(r"\s+", " ", m.group("h").lower())
    if name != "election day" and not m.group("h")[0].isupper():
        return None  # "labor day" or "easter" in lower case is seldom the holiday
    rule = cal.MOVABLE_HOLIDAYS[name]
    y = _int(m.groupdict().get("y"))
    if y is not None:
        d = rule(y)
    elif ctx.dct is not None:
        dct = ctx.dct
        d = min((rule(y) for y in (dct.year - 1, dct.year, dct.year + 1)),
                key=lambda day: abs((day - dct).days))
    else:
        return None
    if m.groupdict().get("wk"):
        return cal.iso_week(d), "DATE"  # "Easter week": the week that ends on Easter Sunday
    return d.isoformat(), "DATE"


def _numeric_date(m: re.Match[str], ctx: _Ctx) -> Result:
    gd = m.groupdict()
    try:
        if gd.get("iy"):
            d = dt.date(int(gd["iy"]), int(gd["im"]), int(gd["id"]))
        else:
            y = int(gd["uy"])
            if y < 100:
                y += 2000 if y < 50 else 1900
            d = dt.date(y, int(gd["um"]), int(gd["ud"]))
    except ValueError:
        return None
    return d.isoformat(), "DATE"


# ---------------------------------------------------------------------------------------
# The grammar: (pattern, handler). Longer matches win; on equal length, earlier rules win.

_RULES_SRC: list[tuple[str, Handler]] = [
    # "soon" and "one day" are a FUTURE_REF only next to a future verb ("will soon");
    # this rule comes first so that it wins over the duration reading of "one day".
    (rf"{_B}(?:soon|one day|some day|someday){_E}", _soon),
    # explicit dates
    (rf"{_B}(?:{_WD},?\s+)?(?:the\s+)?{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_E}"
     rf"(?:,?\s+(?P<y>{_YEAR}){_E}|\s+(?P<ry>next|last|this)\s+year{_E})?", _explicit_date),
    (rf"{_B}(?:{_WD},?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}{_E}"
     rf"(?:,?\s+(?P<y>{_YEAR}){_E})?", _explicit_date),
    (rf"{_B}(?P<iy>{_YEAR})-(?P<im>\d\d)-(?P<id>\d\d){_E}", _numeric_date),
    (rf"{_B}(?P<um>\d{{1,2}})/(?P<ud>\d{{1,2}})/(?P<uy>\d\d(?:\d\d)?){_E}", _numeric_date),
    (rf"{_B}(?:(?P<mod>early|mid|late|the end of|the beginning of|the start of|the middle of|"
     rf"the first half of|the second half of|end)[\s-]+)?(?:(?P<rel>last|next|this|this past|"
     rf"this coming|coming)\s+)?{_MON}{_E}(?:(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})|\s+(?P<ry>last|this|"
     rf"next)\s+year|\s+(?:of\s+)?{_YEAR_WORDS}){_E})?", _month_name),
    (rf"{_B}(?P<h>christmas(?: day| eve)?|new year's (?:day|eve)|new year’s (?:day|eve)|"
     rf"halloween|independence day|valentine's day)(?:,?\s+(?P<y>{_YEAR}))?{_E}", _holiday),
    (rf"{_B}(?P<h>easter(?: sunday)?|good friday|election day|labor day|memorial day|"
     rf"martin luther king day)(?:,?\s+(?P<y>{_YEAR})|\s+(?P<wk>week))?{_E}", _movable_holiday),
    (rf"{_B}the\s+week\s+of\s+{_MON}\s+(?P<d>\d{{1,2}}){_E}(?:,?\s+(?P<y>{_YEAR}){_E})?", _week_of),
    (rf"{_B}(?:(?P<rel>last|this)\s+)?Thanksgiving(?:\s+Day)?{_E}", _thanksgiving),
    (rf"{_B}the\s+(?:full\s+|fiscal\s+|calendar\s+)?year{_E}(?!-|\s+(?:two|nineteen))", _the_year),
    (rf"{_B}(?:(?:later|earlier)\s+)?that\s+(?:same\s+)?year{_E}", _that_year),
    (rf"{_B}(?:(?:the\s+)?end\s+of\s+the\s+year|year-end|year\s+end|year's\s+end){_E}", _year_end),
    (rf"{_B}(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+the\s+(?P<u>week|month|quarter){_E}",
     _end_of),
    (rf"{_B}the\s+year\s+two\s+thousand(?:\s+and\s+(?P<rest>\w+(?:-\w+)?))?{_E}", _year_2000),
    # weekdays
    (rf"{_B}(?:(?P<every>every|each)\s+){_WD}(?:\s+{_PART})?{_E}", _weekday),
    (rf"{_B}{_WD}(?P<plural>s){_E}", _weekday),
    # "Tuesday nights": every Tuesday night
    (rf"{_B}{_WD}\s+(?P<part>morning|afternoon|evening|night)(?P<plural>s){_E}", _weekday),
    (rf"{_B}(?:(?P<rel>last|next|this past|this coming|coming|early|late|early on|late on|"
     rf"the previous|the preceding|the following)\s+)?"
     rf"{_WD}(?:'s|’s)?(?:\s+{_PART})?{_E}", _weekday),
    (rf"{_B}(?:(?:early|late|later|earlier)\s+)?(?P<w>today|tonight|yesterday|tomorrow)(?:'s|’s)?"
     rf"(?:\s+{_PART})?{_E}", _deictic),
    (rf"{_B}the\s+day\s+(?:(?P<before>before)|(?P<after>after))\s+(?P<w>yesterday|tomorrow){_E}",
     _deictic),
    (rf"{_B}(?:(?:early|late|later|earlier)\s+)?(?P<rel>this|last)\s+{_PART}{_E}", _this_part),
    (rf"{_B}overnight{_E}", _overnight),
    # clock times
    (rf"{_B}(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)(?![\w])"
     rf"(?:\s+(?:[ecmp][sd]t|gmt|utc|local time)(?![\w]))?(?:,?\s+(?:on\s+)?(?:{_WD}|"
     rf"(?P<dw>today|yesterday|tomorrow)|{_MON}\s+(?P<d>\d{{1,2}})(?![\w])))?",
     _clock),
    (rf"{_B}(?P<h>\d{{1,2}})\s+o'clock(?![\w])", _clock),
    # a 24-hour clock with its time zone: "at 11:30 GMT", "0735 GMT Friday"
    (rf"{_B}(?P<h24>[01]?\d|2[0-3])(?::|(?=\d\d\s))(?P<mi>[0-5]\d)\s*(?:gmt|utc|bst|cet|cest|"
     rf"[ecmp][sd]t|local time)(?![\w])(?:,?\s+(?:on\s+)?(?:{_WD}|(?P<dw>today|yesterday|tomorrow)))?",
     _clock),
    (rf"{_B}(?:(?P<hh>\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
     rf"in\s+the\s+{_PART}|(?:the|mid[\s-])\s*(?P<part2>morning|afternoon|evening)(?!\s+of{_E}))"
     rf"(?:\s+(?P<dw>yesterday|today|tomorrow)|,?\s+(?:on\s+)?{_WD})?{_E}",
     _day_part),
    (rf"{_B}(?P<named>noon|midday|midnight)(?:\s+(?:on\s+)?(?:{_WD}|(?P<dw>today|yesterday|tomorrow)))?{_E}",
     _clock),
    # years, decades, centuries
    (rf"{_B}(?:(?:fiscal|calendar|mid-|early|late)\s*)?(?P<y>{_YEAR})(?!\w|,\d|\.\d|%)", _year),
    (r"(?<=(?:1[6-9]|20)\d\d[-–/])(?P<yy>\d\d)(?![\w-])", _year_tail),
    (rf"{_B}(?P<c>nineteen|twenty)[- ](?P<rest>(?:ten|eleven|twelve|thirteen|fourteen|fifteen|"
     rf"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
     rf"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?){_E}", _year_words),
    (rf"{_B}(?:the\s+)?(?P<lh>last|first|second)\s+half\s+of\s+(?P<y>{_YEAR}){_E}", _half_of),
    (rf"{_B}(?:the\s+)?(?:(?:early|mid|late|last half of the|first half of the)[\s-]*)?(?:(?P<dec>"
     rf"1[6-9]\d0|20\d0)'?s|'(?P<d2>\d0)s|(?P<dw>twenties|thirties|forties|fifties|sixties|"
     rf"seventies|eighties|nineties)){_E}", _decade),
    (rf"{_B}(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<ord>\w+)[\s-]century{_E}", _century),
    # quarters and halves
    (rf"{_B}(?:(?:the|its|their|this year's|(?P<rel>last year's|next year's|year-earlier|year-ago)|"
     rf"(?P<y1>{_YEAR})(?:'s)?)\s+)?(?:(?:latest|fiscal|current|same)\s+)?(?:(?P<y2>{_YEAR})\s+)?"
     rf"(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?"
     rf"(?P<qu>quarter|half)(?:\s+of\s+(?:fiscal\s+)?(?P<y3>{_YEAR})|\s+(?P<y4>{_YEAR})|"
     rf"\s+of\s+(?P<ry>next|last|this|the|the current|the next|the coming)\s+(?:fiscal\s+)?year)?{_E}",
     _quarter),
    # "the year-ago quarter", "last year's period", "the corresponding period last year"
    (rf"{_B}(?:the|this|that|its|their|this year's|(?P<ly>last year's))\s+"
     rf"(?:(?:comparable|corresponding)\s+(?=year-|{_YEAR}))?(?:(?P<rel>latest|recent|most recent|"
     rf"just-ended|past|last|previous|current|next|coming|year-earlier|year-ago|comparable|"
     rf"corresponding|same|{_YEAR})\s+)?(?:fiscal\s+)?(?:quarter|period)"
     rf"(?:,?\s+(?P<tail>last year|a year (?:ago|earlier|before)|the (?:previous|prior) year))?"
     rf"{_E}(?!\s+of\b|-)", _the_quarter),
    (rf"{_B}(?P<rel>this|last|next)\s+quarter{_E}", _the_quarter),
    # this/last/next week, month, year, season ...
    (rf"{_B}(?:(?:early|late|earlier|later|the end of|the beginning of|the start of|the middle of|"
     rf"the rest of|the remainder of|the first half of|the second half of)\s+)?(?P<rel>this|last|"
     rf"next|past|coming|previous|current|the current|the past|the last|the coming|"
     rf"this past|this coming)\s+(?:fiscal\s+)?(?P<u>week|weekend|month|year|"
     rf"decade|century|spring|summer|fall|autumn|winter){_E}(?!-)", _relative),
    (rf"{_B}(?:over\s+)?the\s+weekend{_E}", _the_weekend),
    (rf"{_B}(?:(?P<every>every|each)\s+|(?:early|late|the|the early|the late)\s+)?"
     rf"(?P<s>spring|summer|fall|autumn|winter)"
     rf"(?:\s+of\s+(?:(?P<y>{_YEAR})|{_YEAR_WORDS}))?{_E}", _the_season),
    # relative to the article date or to the last date
    (rf"{_B}{_APPROX}{_NUM}\s+(?P<u>seconds?|minutes?|hours?|days?|nights?|weeks?|months?|"
     rf"quarters?|years?|decades?|centuries|century)(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|"
     rf"hence)"
     rf"{_E}(?!\s+than{_E})", _ago),
    (rf"{_B}(?:the\s+)?(?P<rel>following|next|previous|preceding|same)\s+(?P<u>day|week|month|year|"
     rf"morning|afternoon|evening|night){_E}", _anaphoric_day),
    (rf"{_B}that\s+(?P<rel>same)\s+(?P<u>day){_E}", _anaphoric_day),
    (rf"{_B}(?:on\s+)?(?P<rel>that)\s+(?P<u>day|morning|afternoon|evening|night){_E}", _anaphoric_day),
    (rf"{_B}the\s+(?P<u>day|night|morning|evening|afternoon)(?=\s+(?:before|after)\s+(?:the|his|her|its|"
     rf"their|a|an)\s+(?P<event>[a-z]+))", _day_before_event),
    (rf"{_B}(?:the\s+)?(?:year-ago|year-earlier|year-before){_E}(?!\s+(?:nine|six|first|period))",
     _year_ago_adj),
    # durations
    (rf"{_B}(?:(?:the|its|their|his|her|a|an|for)\s+)?(?:(?:past|last|next|first|coming|previous|"
     rf"final|following|initial|same|full|entire|whole|year-earlier|year-ago)\s+)?{_APPROX}{_NUM}"
     rf"(?:\s+(?P<frac>1/2|and a half))?(?:\s+(?:more|additional|straight|consecutive|full|trading|business|working)\s+|"
     rf"[\s-]+){_UNIT}{_E}(?:\s+(?P<frac2>and a half){_E})?", _duration),
    (rf"{_B}(?:earlier|later)\s+in\s+the\s+(?P<u>day|week|month|year){_E}", _in_the_unit),
    (rf"{_B}(?:an?\s+)?half[\s-]+(?:an?\s+)?{_UNIT}{_E}(?![\s-]+old)", _half_unit),
    (rf"{_B}(?P<n>{_NUM_WORDS}|\d+)\s+fortnights?{_E}", _fortnight),
    (rf"{_B}(?P<n>\d+|{_RANGE_WORDS})(?=\s*(?:to|and|or|-|–)\s*(?:\d+|{_RANGE_WORDS})[\s-]+"
     rf"(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?){_E}(?![\s-]+old))",
     _range_first),
    (rf"{_B}(?:(?:for|over)\s+)?(?:(?:many|several|the past few|the last few|the next few)\s+)?"
     rf"(?P<u>years|decades|centuries|months|weeks|days|hours|minutes){_E}(?=\s+(?:ago|of|to come|now|and|or|before|"
     rf"after|later|earlier|\.|,))", _bare_plural),
    # "for years", "within weeks", "for the first time in years"
    (rf"(?:(?<=\bfor )|(?<=\bwithin )|(?<=\bin ))(?P<u>years|decades|months|weeks|days|hours|centuries)"
     rf"{_E}(?!\s+(?:of|to|past|ago)\b)", _bare_plural),
    # "the case could take years", "repairs took months to finish"
    (rf"(?:(?<=\btake )|(?<=\btakes )|(?<=\btook )|(?<=\btaking )|(?<=\btaken ))"
     rf"(?P<u>years|decades|months|weeks|days|hours|minutes){_E}(?!\s+(?:of|ago)\b)", _bare_plural),
    # "over the years", "in the years that followed", "in the weeks ahead"
    (rf"(?:(?<=\bover )|(?<=\bin )|(?<=\bduring )|(?<=\bthroughout ))the\s+(?:early\s+|first\s+|"
     rf"following\s+|intervening\s+|ensuing\s+)?(?P<u>years|decades|months|weeks){_E}"
     rf"(?=\s+(?:that|since|ahead|to come|following)\b|\s*[.,;])", _bare_plural),
    (rf"{_B}(?P<u>day|week|month|year|hour|decade)-long{_E}", _compound_duration),
    (rf"{_B}(?P<u>days|weeks|months|years|decades)-long{_E}", _bare_plural),  # "decades-long"
    (rf"{_B}(?:in\s+)?(?:the\s+)?(?P<r>recent|coming|past few|last few|next few)\s+"
     rf"(?P<u>days|weeks|months|years|decades){_E}", _recent_units),
    # sets
    # "annually" and "quarterly" mostly qualify amounts ("rise 8% annually"), which
    # TimeBank leaves unannotated.
    (rf"{_B}(?P<w>daily|nightly|weekly|monthly|yearly|hourly|biweekly){_E}",
     _set_adverb),
    (rf"{_B}(?:every|each|per)\s+(?:(?P<n>other|two|three|four|five|six|ten|few)\s+)?{_UNIT}{_E}",
     _set_every),
    (rf"{_B}(?:every|each)\s+{_PART}{_E}", _set_part),
    (rf"{_B}(?:once|twice|three times|four times|\w+ times)\s+(?:a|an|per|each|every)\s+{_UNIT}{_E}",
     _set_every),
    # present, past and future references
    (rf"{_B}(?:right now|now|currently|presently|at present|these days|nowadays|at the moment|"
     rf"recently|lately|in the past|the past|in the near future|the near future|"
     rf"in the future|the future|as soon as possible|current|recent|the near term|the short term|"
     rf"the long term|a later date){_E}", _ref),
    # "until then": the date the story named just before
    (rf"(?:(?<=\buntil )|(?<=\bsince )|(?<=\bby )|(?<=\btill ))then{_E}", _then),
]

# Patterns run on the lower-cased text (much faster than IGNORECASE); handlers read the
# original casing through `_Shifted`. Texts whose lower-casing changes length fall back to
# the case-insensitive patterns on the original.
# Words without which a handler's patterns cannot match: such rules are skipped outright
# on texts that lack all of them (most texts lack most of them).
_NEEDS: dict[Handler, tuple[str, ...]] = {
    _holiday: ("christmas", "new year", "halloween", "independence", "valentine"),
    _movable_holiday: ("easter", "good friday", "election day", "labor day", "memorial day",
                       "king day"),
    _week_of: ("week of",),
    _thanksgiving: ("thanksgiving",),
    _year_end: ("end",),
    _end_of: ("end of", "beginning of", "start of", "middle of"),
    _year_2000: ("two thousand",),
    _overnight: ("overnight",),
    _year_words: ("nineteen", "twenty"),
    _half_of: ("half",),
    _half_unit: ("half",),
    _in_the_unit: ("in the",),
    _fortnight: ("fortnight",),
    _century: ("century",),
    _the_weekend: ("weekend",),
    _compound_duration: ("-long",),
    _soon: ("soon", "one day", "some day", "someday"),
    _year_ago_adj: ("year-",),
    _this_part: ("morning", "afternoon", "evening", "night"),
    _day_part: ("morning", "afternoon", "evening", "night"),
    _decade: ("0s", "ties"),
    _set_adverb: ("daily", "nightly", "weekly", "monthly", "yearly", "hourly"),
    _set_every: ("every", "each", "per", "once", "twice", "times"),
    _ago: ("ago", "earlier", "later", "hence"),
    _then: ("then",),
    _set_part: ("every", "each"),
    _day_before_event: ("before", "after"),
    _the_season: ("spring", "summer", "fall", "autumn", "winter"),
    _quarter: ("quarter", "half"),
    _the_quarter: ("quarter", "period"),
    _clock: ("m.", "am", "pm", "o'clock", "noon", "midnight", "midday", "gmt", "utc", "local time",
             "bst", "cet", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt"),
    _recent_units: ("recent", "coming", "few"),
    _explicit_date: ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                     "dec"),
    _month_name: ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                  "dec"),
    _weekday: ("day",),
}


def _fold(pattern: str) -> str:
    """The pattern for lower-cased text: literals lower-cased, group syntax kept."""
    return pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")


_RULES: list[tuple[re.Pattern[str], Handler]] = [(re.compile(_fold(p)), h) for p, h in _RULES_SRC]
_RULES_I: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(p, re.IGNORECASE), h) for p, h in _RULES_SRC
]

# Every rule needs one of these words, so the rules run once over the stretches of text
# around them (joined by NUL, which no pattern crosses) instead of over the whole text.
_TRIGGER_I = re.compile(
    r"\b(?:1[6-9]\d\d|20\d\d)|\d/\d|\d\s*(?:a\.?m\b|p\.?m\b|am\b|pm\b|o'clock)|'\d0s|"
    r"\d\d\s*(?:gmt|utc|bst|cet|cest|[ecmp][sd]t|local time)\b|"
    r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)(?:\.|\b)|january|february|march|"
    r"april|june|july|august|september|october|november|december|(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day|today|tonight|yesterday|tomorrow|now\b|nowadays|current|recent|past\b|"
    r"future|soon\b|fortnight|week|month|year|day|night|hour|minute|seconds?\b|quarter|decade|centur|"
    r"spring|summer|fall\b|autumn|winter|hourly|daily|nightly|ago\b|noon|midnight|midday|overnight|morning|"
    r"evening|afternoon|christmas|thanksgiving|new year|halloween|independence day|valentine|easter|"
    r"period\b|half\b|nineteen|twenty|twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties|presently|lately|these days|moment\b|once\b|twice\b|times\b|every\b|"
    r"each\b|per\b|later date|(?:near|short|long) term|(?:until|since|by|till) then\b)",
    re.IGNORECASE,
)
_TRIGGER = re.compile(_TRIGGER_I.pattern.lower())  # no groups: plain lower-casing is safe
_MARGIN = 36  # longer than any stretch of a match before or after its trigger word


def _windows(text: str, folded: bool) -> list[tuple[int, int]]:
    """Merged stretches of `text` around trigger words, cut at white space."""
    merged: list[list[int]] = []
    for m in (_TRIGGER if folded else _TRIGGER_I).finditer(text):
        s, e = m.start() - _MARGIN, m.end() + _MARGIN
        if merged and s <= merged[-1][1]:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    n = len(text)
    out: list[tuple[int, int]] = []
    for s, e in merged:
        # widen to white space so no word is cut
        # bounded searches: a text without line breaks must not be rescanned per window
        s = max(0, s)
        if s > 0:
            lo = max(0, s - 40)
            k = max(text.rfind(" ", lo, s), text.rfind("\n", lo, s))
            s = k + 1 if k >= 0 else lo
        if e < n:
            hi = min(n, e + 40)
            ends = [i for i in (text.find(" ", e, hi), text.find("\n", e, hi)) if i != -1]
            e = min(ends) if ends else hi
        else:
            e = n
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


class _Shifted:
    """A match found in the joined windows, reporting offsets into the original text."""

    __slots__ = ("_m", "_d", "_text")

    def __init__(self, m: re.Match[str], delta: int, text: str) -> None:
        self._m, self._d, self._text = m, delta, text

    def start(self, group: int | str = 0) -> int:
        return self._m.start(group) + self._d

    def end(self, group: int | str = 0) -> int:
        return self._m.end(group) + self._d

    def group(self, name: int | str = 0) -> Any:
        s = self._m.start(name)
        return None if s < 0 else self._text[s + self._d : self._m.end(name) + self._d]

    def groupdict(self) -> dict[str, str | None]:
        return {k: self.group(k) for k in self._m.re.groupindex}


@dataclass
class _Cand:
    start: int
    end: int
    rank: int
    match: re.Match[str]
    handler: Handler
    # lower-priority matches this one overlapped, tried in order when it resolves to nothing
    alts: list[_Cand] = field(default_factory=list)


def _candidates(text: str) -> list[_Cand]:
    """Non-overlapping grammar matches, longest first, in text order."""
    lower = text.lower()
    folded = len(lower) == len(text)
    source = lower if folded else text
    windows = _windows(source, folded)
    starts = [0]
    parts = []
    for ws, we in windows:
        parts.append(source[ws:we])
        starts.append(starts[-1] + we - ws + 1)
    joined = "\0".join(parts)
    found: list[_Cand] = []
    lowered = joined if folded else joined.lower()
    for rank, (rx, handler) in enumerate(_RULES if folded else _RULES_I):
        needs = _NEEDS.get(handler)
        if needs and not any(k in lowered for k in needs):
            continue
        for m in rx.finditer(joined):
            i = bisect.bisect_right(starts, m.start()) - 1
            sm = _Shifted(m, windows[i][0] - starts[i], text)
            s, e = sm.start(), sm.end()
            # trailing whitespace can sneak into optional groups; spans stay tight
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                found.append(_Cand(s, e, rank, sm, handler))  # type: ignore[arg-type]
    found.sort(key=lambda c: (-(c.end - c.start), c.rank, c.start))
    chosen: list[_Cand] = []
    owner: list[_Cand | None] = [None] * len(text)  # which chosen match holds each character
    for c in found:
        winner = next((w for w in owner[c.start : c.end] if w is not None), None)
        if winner is not None:
            winner.alts.append(c)
            continue
        owner[c.start : c.end] = [c] * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


# Handlers whose words, written in title case inside a sentence, name a show or a paper
# ("CBS This Morning", "NBC Nightly News") rather than a time.
_TITLE_SENSITIVE: set[Handler] = {
    _relative, _this_part, _set_adverb, _set_every, _ref, _the_season, _recent_units, _deictic,
}

# Expressions resolved against an earlier one do not become anchors themselves, so a
# chain of "a year earlier" keeps pointing at the date the story set; nor does
# "overnight", which is read off the article date, not the story's day.
_ANAPHORIC = {_ago, _anaphoric_day, _year_ago_adj, _the_quarter, _that_year, _overnight,
              _in_the_unit}
# words that make a quarter a comparison, not the story's own quarter
_COMPARED = re.compile(r"(?i)year-|\bago\b|earlier|before|last year|same|comparable|"
                       r"corresponding|\bthat\b|\d{4}")
_ANCHOR_RE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-Q\d|-W\d\d|-H\d)?")


def _is_title(c: _Cand, ctx: _Ctx) -> bool:
    words = ctx.text[c.start : c.end].split()
    if not all(w[:1].isupper() for w in words):
        return False
    # a quoted title: ABC's "This Week" (a quote opening a sentence writes "This week")
    if len(words) > 1 and ctx.text[max(0, c.start - 2) : c.start].endswith(('"', "“", "``")):
        return True
    # inside a run of capitalised words: "CBS This Morning", "NBC Nightly News"
    before = ctx.text[max(0, c.start - 40) : c.start].split()
    return bool(before) and before[-1][:1].isupper() and before[-1][-1:].isalnum()


def _resolve(c: _Cand, ctx: _Ctx) -> tuple[str, str] | None:
    if c.handler in _TITLE_SENSITIVE and _is_title(c, ctx):
        return None
    try:
        res = c.handler(c.match, ctx)
    except (ValueError, KeyError, OverflowError):
        return None
    if res is None or res[0] is None:
        return None
    if res[0][:1].isdigit() or res[0][:1] == "-":  # a date past year 9999 or before year 1
        return res if cal.in_calendar(res[0]) else None
    return res


def find_times(doc: Doc, article_date: dt.date | None) -> list[TimeExpression]:
    """Every date/time expression in `doc`, resolved against `article_date`."""
    text = doc.text
    ctx = _Ctx(doc=doc, text=text, dct=article_date)
    out: list[TimeExpression] = []
    chosen = _candidates(text)
    for k, first in enumerate(chosen):
        neighbours = chosen[max(0, k - 1) : k] + chosen[k + 1 : k + 2]
        res, c = None, first
        for c in [first, *first.alts]:
            if c is not first and any(c.start < n.end and n.start < c.end for n in neighbours):
                continue
            res = _resolve(c, ctx)
            if res is not None:
                break
        if res is None:
            continue
        value, typ = res
        # Spans drop a leading preposition the pattern tolerated ("for years", "over the weekend").
        s = c.start
        lead = re.match(r"(?:for|over|in|on)\s+", text[s : c.end], re.IGNORECASE)
        if lead and c.end - s - lead.end() > 0 and c.handler is not _ref:
            s += lead.end()
        out.append(TimeExpression(span=(s, c.end), value=value, type=typ))
        day = value.split("T")[0]
        _note_period(ctx, c, value)
        if "-Q" in day:
            ctx.quarter_said = c.end
            if (c.handler is _the_quarter and _anchor_quarter(ctx, c.start, False) is None
                    and not _COMPARED.search(text, c.start, c.end)):
                # "the latest quarter" where no quarter was named: the story's quarter
                ctx.quarter, ctx.quarter_end = day, c.end
        if c.handler in _ANAPHORIC or typ not in ("DATE", "TIME"):
            continue
        if "-Q" in day and c.handler is not _the_quarter:
            ctx.quarter, ctx.quarter_end = day, c.end
        if _ANCHOR_RE.fullmatch(day):
            ctx.anchor, ctx.anchor_end = day, c.end
    _second_days(out, text)
    _range_ends(out, text)
    return out


_SECOND_DAY = re.compile(
    r"\s*(?:and|or|to|through|-|–)\s*(?P<d>[12]?\d|3[01])(?:st|nd|rd|th)?(?![\w%:/-]|[.,]\d)"
)


def _second_days(out: list[TimeExpression], text: str) -> None:
    """ "April 24 and 25", "May 3-4": the second day is a date of its own."""
    extra = []
    for k, t in enumerate(out):
        if not (t.type == "DATE" and t.value and re.fullmatch(r"(?:\d{4}|XXXX)-\d\d-\d\d", t.value)):
            continue
        m = _SECOND_DAY.match(text, t.span[1])
        nxt = out[k + 1].span[0] if k + 1 < len(out) else len(text)
        if m is None or m.end() > nxt or not text[t.span[1] - 1].isdigit():
            continue
        day = int(m.group("d"))
        if day <= int(t.value[8:10]):
            continue
        extra.append(TimeExpression(span=(m.start("d"), m.end("d")), value=f"{t.value[:8]}{day:02d}",
                                    type="DATE"))
    if extra:
        out.extend(extra)
        out.sort(key=lambda t: t.span[0])


_RANGE_LINK = re.compile(r"\s*(?:to|through|until|till|and|-|–)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:\bfrom|\bbetween)\s+$", re.IGNORECASE)


def _range_ends(out: list[TimeExpression], text: str) -> None:
    """ "from March to May", "between November and February": a month named without a
    year at the end of a range is the first such month after the range's start."""
    for k in range(1, len(out)):
        first, second = out[k - 1], out[k]
        if not (first.value and second.value and re.fullmatch(r"\d{4}-\d\d", first.value)
                and re.fullmatch(r"\d{4}-\d\d", second.value)):
            continue
        between = text[first.span[1] : second.span[0]]
        before = text[max(0, first.span[0] - 9) : first.span[0]]
        if not (_RANGE_LINK.fullmatch(between) and _RANGE_OPEN.search(before)):
            continue
        if re.search(r"\d", text[second.span[0] : second.span[1]]):
            continue  # the end names its year
        y0, m0 = int(first.value[:4]), int(first.value[5:])
        m1 = int(second.value[5:])
        y1 = y0 if m1 >= m0 else y0 + 1
        out[k] = TimeExpression(span=second.span, value=f"{y1}-{m1:02d}", type=second.type)


def time_of(doc: Doc, token_or_span: Token | Span, times: list[TimeExpression]) -> TimeExpression | None:
    """The time expression syntactically attached to a verb ("said" -> "on Friday").

    A time counts as attached when its head token (directly, or through a preposition
    such as "on"/"in") has the verb as its head.
    """
    verb = token_or_span.root if isinstance(token_or_span, Span) else token_or_span
    best: TimeExpression | None = None
    for t in times:
        span = doc.char_span(t.span[0], t.span[1], alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        for _ in range(2):
            if head.head.i == verb.i and head.i != verb.i:
                if best is None or abs(head.i - verb.i) < abs(_root_i(doc, best) - verb.i):
                    best = t
                break
            if head.dep_ not in ("pobj", "npadvmod", "prep", "nmod", "compound") or head.head is head:
                break
            head = head.head
    return best


def _root_i(doc: Doc, t: TimeExpression) -> int:
    span = doc.char_span(t.span[0], t.span[1], alignment_mode="expand")
    return span.root.i if span is not None else 0
