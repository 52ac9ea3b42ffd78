"""Quantities with their qualifier, range, trend and counted thing.

One pass of a precompiled grammar over `doc.text` finds number expressions (digits with
separators, number words, scales such as "1.5 billion" or "$1.5bn", percentages,
fractions, vague plurals such as "thousands"). A second precompiled pattern masks what only
looks like an amount: times of day, dates, ordinals, decades, versions, phone numbers and
list markers. The rest is decided from a short window of text around each candidate (the
qualifier "about", "more than" before it; a range partner after it; a change verb such as
"rose" before it) and from a few already-parsed tokens next to it (the counted noun, the
part of speech that tells a year from a count, a proper noun that makes "Apollo 11" a
name). No extra parsing and no per-token loop over the whole document: the work is
proportional to the number of candidates.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from claimledger.extraction import quantities_lexicon as lex
from claimledger.record import Quantity

__all__ = ["find_quantities"]


def _alternation(words: tuple[str, ...] | frozenset[str] | list[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces as `\\s+`."""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)


# ---------------------------------------------------------------------------------------
# The candidate grammar.

# What a fraction word measures when a unit follows it: "a quarter-point", "half an hour",
# "half a percentage point".
_FRACTION_UNIT_GAP = (
    r"(?i:-|\s+(?:an?\s+)?)(?=(?i:(?:percentage[-\s])?points?|hours?|miles?|inch(?:es)?|"
    r"days?|years?|months?|weeks?|cups?|litres?|liters?|kilos?)\b)"
)

_WN_UNIT = "one|two|three|four|five|six|seven|eight|nine"
_WN = (
    rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:{_WN_UNIT})\b)?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
)
_SCALE = "hundred|thousand|million|billion|trillion|lakhs?|crores?"
# "US$", "US $", "HK $": a space may separate the country letters from the symbol
_CURRENCY = re.sub(r"(?<=[A-Z]{2})\\\$", r"\\s?\\$", _alternation(list(lex.CURRENCY_PREFIXES)))
_FRACTION = "|".join(sorted(lex.FRACTIONS, key=len, reverse=True))

# What every candidate starts with: a digit or sign, a currency prefix, or the first
# letters of a number word.
_FIRST = (
    r"[-−+$€£¥₹₦₩₽₺₱.\d]|[A-Z]{1,3}\s?[$\d]|[A-Z][a-zA-Z]{1,2}\.?\s?\d|(?i:(?:one|two|thr|fou|fiv|six|sev|eig|nin|"
    r"ten|ele|twe|thi|fif|fort|zer|hal|hun|doz|tho|mil|bil|tri|a\s+(?:doz|hun|tho|mil|bil|tri|"
    r"hal|thi|qua|fif|six|sev|eig|nin|ten|few)))"
)
_CANDIDATE = re.compile(
    rf"""
    (?<![\w.,$€£¥])
    (?={_FIRST})  # a cheap test of the first characters before the alternatives
    (?:
      (?P<outof>(?i:\b(?P<outn>{_WN}|\d{{1,3}})\s+(?:out\s+of|in)\s+(?:every\s+)?(?P<outd>{_WN}|\d{{1,3}}))\b(?![\d,.]))
    | (?P<numeric>
        (?P<sign>[-−+](?=[$€£¥\d.]))?
        (?P<cur>(?:{_CURRENCY})\s?|[A-Z]{{1,3}}(?=\d{{1,3}},\d{{3}}))?
        (?P<sign2>(?<=[$€£¥])[-−](?=\d))?  # "$-3.2bn"
        (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        # a mixed number: "2 1/2 years", "9½"
        (?P<mixed2>\s?[½¼¾⅓⅔⅛]|\s(?P<mn>[1-9])/(?P<md>[2-9]|1[0-6])(?![\d/]))?
        # scientific notation: "3.1e-6", "6.02×10²³", "1.6x10^-19"
        (?P<exp>[eE](?P<eexp>[-−+]?\d{{1,3}})(?![\w])
          |\s?[×xX]\s?10(?:(?P<sup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\^(?P<caret>[-−+]?\d{{1,3}})))?
        (?:(?P<slash>\s?[/⁄]\s?)(?P<den>\d+)(?![\d.,]))?
        (?:
           (?P<abbr>bn|mn|mln|bln|tn|trn|[kKmMbB])(?![A-Za-z0-9])
         | [\s-](?P<scale>(?:{_SCALE}|dozen)(?:\s(?:thousand|million|billion))?)\b
         | \s(?P<abbr2>mln|bln|bn|mn|trn|tn)\b
         | \s(?P<abbr3>[BMK])(?=\s+[a-z]+s\b)  # "7 B users"
        )?
        (?P<pct>\s?%|\s?(?i:per\s?cent|percent|pct)\b|pc\b|\s(?i:percentage\s+points?)\b)?
        (?P<suffix>sq\.?\s?(?:m|ft|km|mi|yd)\b|[A-Za-zμµ°″′²]+(?:/[A-Za-z0-9²]+)?)?
      )
    | (?P<mixed>(?i:\b(?P<whole>{_WN}|\d{{1,3}})[\s-]+and[\s-]+a[\s-]+half)\b
                (?:[\s-]+(?P<mscale>(?i:{_SCALE}))\b)?)  # "three-and-a-half thousand"
    | (?P<fold>(?i:\b(?P<foldn>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)fold)\b)
    | (?P<fewscale>(?i:\b(?:several|a\s+few)\s+(?P<fewunit>hundred|thousand|million|billion))\b)
    | (?P<halfscale>(?i:\b(?P<hsfrac>half|a\s+quarter|a\s+third|three[\s-]quarters|two[\s-]thirds)
                    (?:\s+of)?\s+an?\s+(?P<hsunit>dozen|{_SCALE}))\b)
    | (?P<vague>(?i:\b(?:(?:tens|dozens|hundreds)\s+of\s+(?:thousands|millions|billions)
                  |dozens|hundreds|thousands|millions|billions|trillions))\b)
    | (?P<frac>(?i:\b(?P<fracn>a|one|{_WN})[\s-]+(?P<fracd>{_FRACTION})\b))
    | (?P<half>(?i:\bhalf\b)(?=\s+(?:of|the|its|their|his|her|our|all)\b|{_FRACTION_UNIT_GAP}))
    | (?P<words>(?i:
          (?:\b(?:{_WN})\b|\ba(?=\s+(?:dozen|{_SCALE})\b))
          (?:(?:[\s-]+|(?<=hundred)\s+and\s+)(?:{_WN}|dozen|{_SCALE})\b)*))
    )
    """,
    re.VERBOSE,
)

# Things that only look like amounts. Candidates overlapping one of these are dropped.
_MASK = re.compile(
    rf"""
    (?=[\d'(+\#№JFMASOND])  # every alternative starts with one of these
    (?:
      \b\d{{1,2}}(?:[:.]\d{{2}})?\s?(?i:[ap]\.?m\.?)(?![a-z])         # 2 p.m., 1.56pm
    | \b\d{{1,2}}:\d{{2}}(?::\d{{2}})?\b                                 # 17:22
    | \b\d{{3,4}}\s?(?:{lex.TIME_ZONES})\b                               # 0401 GMT
    | \b\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.]+Z?)?                           # ISO dates
    | \b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b | \b\d{{4}}/\d{{1,2}}/\d{{1,2}}\b       # 10/23/2024
    | \b(?:{lex.MONTHS})\b\.?\s+(?:[12]?\d|3[01])(?:st|nd|rd|th)?\b(?:(?:\s?[-–]\s?|\s+(?:to|and|through)\s+)(?:[12]?\d|3[01])\b)?
      (?:,?\s+\d{{4}}\b)?
    | \b(?:[12]?\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{lex.MONTHS})\b\.?(?:,?\s+\d{{4}}\b)?
    | \b\d+(?:st|nd|rd|th)\b                                             # ordinals
    | \b\d{{1,2}}\s+o['’]clock\b
    | \b\d['’]\s?\d{{1,2}}\b                                              # 6'3 (height)
    | \b\d{{10,}}\b                                                       # ids, timestamps
    | \b\d{{4}}s\b | '\d0s\b | \b\d0s\b                                  # decades
    | \b(?:1[5-9]|20)\d{{2}}\s?[-–/]\s?\d{{2}}\b(?![\d,.])               # 2014-15
    | \b\d+\.\d+\.\d+(?:\.\d+)*\b                                        # versions, IPs
    | (?:\+\d{{1,3}}[\s.-]?)?(?:\(\d{{2,4}}\)\s?|\b\d{{3}}[.-])\d{{3}}[\s.-]\d{{4}}\b  # phones
    | \+\d{{1,3}}(?:[\s.-]?\(?\d{{1,4}}\)?){{2,5}}\b
    | \b0\d{{2,4}}[\s.-]\d{{3,4}}[\s.-]\d{{3,4}}\b | \b\d{{3}}\s\d{{3}}\s\d{{4}}\b
    | (?m:^)\(?\d{{1,2}}[.)](?=[ \t])                                   # list markers
    | [\#№]\s?\d+
    )
    """,
    re.VERBOSE,
)

# One pattern for all qualifiers, anchored at the number: the leftmost cue wins, so
# "no more than" (at_most) beats "more than" (over).
_QUALIFIER = re.compile(
    "(?i:(?<![\\w-])(?:"
    + "|".join(
        f"(?P<{name}>{_alternation(cues)})"
        for name, cues in (
            ("at_least", lex.AT_LEAST_CUES),
            ("at_most", lex.AT_MOST_CUES),
            ("over", lex.OVER_CUES),
            ("under", lex.UNDER_CUES),
            ("approx", lex.APPROX_CUES),
        )
    )
    + "))\\s*$"
)
_RIGHT_QUALIFIER = re.compile(
    # "18 and over", "aged 12 or younger"; not "$5bn and over 300 staff"
    r"(?:\s*(?P<atleast>\+|-plus\b|\s*plus\b(?!\s+[\w$€£])|(?:or|and)\s+(?:more|greater|above|higher|older|over)\b(?!\s+(?:an?\s)?[$€£\d]))"
    r"|\s+(?:or|and)\s+(?P<atmost>less|fewer|below|lower|younger|under)\b(?!\s+(?:an?\s)?[$€£\d])|(?P<approx>\s+or\s+so|-odd)\b)",  # "50-odd boats"
    re.I,
)
_TREND = re.compile(
    rf"(?i:(?<![\w-])(?P<up>{_alternation(lex.UP_WORDS)})|(?<![\w-])(?P<down>{_alternation(lex.DOWN_WORDS)}))"
    # "cut its workforce by 1,500", "rose by an average of 4%", "fell as much as 12%"
    r"\s+(?:\w+ly\s+)?(?:(?:(?:its|their|the|his|her|our)\s+)?(?:[\w-]+\s+){1,2}(?=by\s))?"
    r"(?P<by>by\s+|to\s+)?(?:an?\s+average\s+of\s+)?(?:as\s+(?:much|many|high|low)\s+as\s+)?$"
)
# "0.4% higher at $2,310", "ended 45 points lower": the direction written after the change
_TREND_AFTER = re.compile(
    r"\s+(?:(?P<up>higher|up)|(?P<down>lower|down))\b(?!\s+(?:than|from|to|the|and|or)\b)", re.I
)
_FROM = re.compile(r"(?i:\bfrom)\s+$")
_BETWEEN = re.compile(r"(?i:\b(?:between|ranging from|from))\s+$")
_RANGE_GAP = re.compile(
    r"^(?P<aunit>[^$€£¥]{0,24}?)\s*(?P<conn>(?i:to|and|up\s+to|through|or|from))(?:\s+|-)$"
    r"|^\s?(?P<dash>[-–—/])\s?$"
)
_IDENT_BEFORE = re.compile(
    rf"(?i:(?<![\w.])(?:{_alternation(lex.IDENTIFIER_WORDS)}))\.?\s*$"
)
_STREET_AFTER = re.compile(
    rf"\s+(?:[A-Z0-9][\w'’.-]*\s+){{0,3}}(?:{lex.STREET_SUFFIXES})\b|\s+(?:Ave|Avenue|Rue|Via|Calle)\s+[A-Z]"
)
_ONE_BEFORE = re.compile(r"(?i:\b(?:no|any|every|each|the|this|that|which|some|last|by)\s+)$")
_OCLOCK = re.compile(r"\s+o['’]clock\b", re.I)
_ONE_AFTER = re.compile(r"(?:\s+(?:another|by\s+one)\b|\s+[$€£¥]?\d|-(?:on|off|time|way|stop|size|liner)\b)", re.I)
_RELATION = re.compile(
    rf"""\s*,?\s*(?:(?:is|was|are|were|be|'s|’s|now|nearly|almost|about|roughly|more\s+than|
    at\s+least|some)\s+){{0,3}}
    (?P<factor>twice|double|triple|quadruple|half(?!\s+an?\b)|(?P<n>\d+(?:\.\d+)?|{_WN})\s+times)
    \s+(?=\w)""",
    re.I | re.VERBOSE,
)
_NAMED_NUMBER_AFTER = re.compile(rf"-(?:{_alternation([w.title() for w in lex.SMALL_NUMBERS])})\b")
_VAGUE_AFTER = re.compile(r"\s+more\b", re.I)
_METRES_CONTEXT = re.compile(
    r"\s*(?:-\s*)?(?:tall|high|long|wide|deep|away|sprint|race|hurdles|freestyle|dash|"
    r"above|below|from\s+the|of\s+water|in\s+(?:height|length|diameter)|"
    r"\(\s*\d[\d.,]*\s?(?:ft|feet|foot|in|inches|yards?|yd)\b)\b",
    re.I,
)

_YEAR_OLD = re.compile(r"-?\s?years?[-\s]old\b", re.I)
_WORD_PERCENT = re.compile(r"\s(?i:per\s?cent|percent)\b")
# "7.5 million crowns (US$1.1 million)", "lost 350 points, or 1.1%,"
_PAREN_GAP = re.compile(r"[^()\d]{0,24}\(\s*(?:or\s+)?|\s*,\s*or\s+")
_NAME_ENTITIES = frozenset(
    {"ORG", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "FAC", "PERSON", "GPE", "LOC"}
)
_BY_BEFORE = re.compile(
    r"(?i:\bby\s+(?:(?:more\s+than|about|nearly|almost|over|roughly|around|just\s+over)\s+)?)$"
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}[A-Za-z]?\.?")
_HALFSCALE_FRACTIONS = {
    "half": 0.5, "a quarter": 0.25, "a third": 1 / 3, "three quarters": 0.75, "two thirds": 2 / 3,
}
_NAMED_BEFORE = re.compile(
    r"(?i:\b(?:the|a|an|this|that)\s+(?:figure|number|total|tally|toll|count|sum|estimate)\s+of)\s+$"
)
_MINUS_BEFORE = re.compile(r"(?i:(?<!plus\sor\s)\bminus)[\s-]+$")  # "minus 20C", "minus-40"  # not "plus or minus 3 points"
_INDEX_BEFORE = re.compile(
    rf"(?i:(?<![\w&])(?:{_alternation(lex.INDEX_NAMES)}))(?:\s?-\s?|\s)$"
)
_FRACTION_UNIT_AFTER = re.compile(rf"\s+(?:{lex.FRACTION_UNITS})\b", re.I)
_RANGE_NEXT = re.compile(rf"\s*(?:-|to|or|and)\s*(?:\d|(?i:{_WN})\b)", re.I)
_TO_BEFORE = re.compile(r"(?i:\bto)\s+$")
_DOWN_FROM = re.compile(
    rf"(?i:(?<![\w-])(?:{_alternation(lex.DOWN_WORDS)}))\s+(?:\w+ly\s+)?"
    r"(?:(?:its|their|the|his|her|our)\s+)?(?:[\w-]+\s+){0,2}from\s+$"  # "slashed prices from"
)
_AGE_BOUND = re.compile(r"(?i:\b(?P<cue>over|under|above|below)\s+the\s+age\s+of)\s+$")
_AGE_OF = re.compile(r"(?i:\bage\s+of|\baged(?:\s+(?:between|from|over|under))?)\s+$")
# Words before "over"/"under" that make it a bound even before a duration ("for over a year").
_BOUND_AFTER = frozenset("for in of within than at aged after since".split())
# Verbs of lasting: "lasted over two hours" is a bound, "rose over three years" a period.
_DURATIVE_VERBS = frozenset(
    "last take wait spend serve stay remain live work survive sleep run stand sit".split()
)
_FRACTION_UNIT = re.compile(
    _FRACTION_UNIT_GAP.replace("(?=", "(?P<unit>", 1)
)
_PER_UNIT = re.compile(r"/[A-Za-zμµ][A-Za-z0-9²³]*(?![\w/])")  # the "/cm2" of "A/cm2"
_FACTOR_WORDS = {"twice": 2.0, "double": 2.0, "triple": 3.0, "quadruple": 4.0, "half": 0.5}
_NOUNISH = {"NOUN", "PROPN"}
_PCT_THING = "%"


@dataclass
class _Cand:
    """A number expression before qualifiers, ranges and the counted thing are attached."""

    start: int
    end: int
    value: float | None
    raw: float | None = None  # the number before any scale word
    mult: float = 1.0  # the scale ("billion") written with it
    low: float | None = None
    high: float | None = None
    vague: bool = False
    unit: str | None = None  # attached unit, %, or currency name
    unit_kind: str | None = None  # "pct", "cur", "suffix"
    bare: bool = False  # plain digits: no sign, unit, currency, scale or separator
    word: bool = False
    fraction: bool = False
    text: str = ""
    trend: str | None = None
    qual: tuple[str, int] | None = None  # the qualifier and where it starts, once looked up


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in `doc` (not years, dates, ordinals, phone numbers, list markers)."""
    text = doc.text
    if not text:
        return []
    masks = [(m.start(), m.end()) for m in _MASK.finditer(text)]
    mask_starts = [ms for ms, _ in masks]
    ctx = _Context(doc, text)
    cands = []
    dropped_end = -1
    for m in _CANDIDATE.finditer(text):
        if _masked(masks, mask_starts, m.start(), m.end()):
            continue
        # "ISO 3888-2", "Charlton 2-1": the second half of a pair whose first half is no amount
        if m.start() == dropped_end + 1 and text[dropped_end] in "-–":
            dropped_end = m.end()
            continue
        cand = _candidate(m, ctx)
        if cand is not None:
            cands.append(cand)
        else:
            dropped_end = m.end()
    return _assemble(cands, ctx)


def _masked(masks: list[tuple[int, int]], mask_starts: list[int], s: int, e: int) -> bool:
    """Whether [s, e) overlaps a mask. Masks come sorted and do not overlap each other."""
    i = bisect_left(mask_starts, e) - 1
    return i >= 0 and masks[i][1] > s


class _Context:
    """Token lookup by character offset, built lazily from the parsed doc."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = self.doc.to_array(IDX).tolist()
        return self._starts

    def token_at(self, char: int) -> Token | None:
        """The token covering `char` (or the last one starting before it)."""
        if not len(self.doc):
            return None
        i = bisect_right(self.starts, char) - 1
        return self.doc[max(i, 0)]

    def token_from(self, char: int) -> Token | None:
        """The first token starting at or after `char`."""
        i = bisect_left(self.starts, char)
        return self.doc[i] if i < len(self.doc) else None

    def token_before(self, char: int) -> Token | None:
        i = bisect_left(self.starts, char) - 1
        return self.doc[i] if i >= 0 else None


# ---------------------------------------------------------------------------------------
# Candidates


def _candidate(m: re.Match[str], ctx: _Context) -> _Cand | None:
    text = ctx.text
    s, e = m.start(), m.end()
    if m["numeric"]:
        return _numeric(m, ctx)
    if m["mixed"]:
        whole = _word_or_digits(m["whole"])
        if whole is None:
            return None
        mult = lex.SCALE_WORDS[m["mscale"].lower()] if m["mscale"] else 1.0
        return _Cand(s, e, _scaled(whole + 0.5, mult), raw=whole + 0.5, mult=mult, word=True, text=m[0])
    if m["fold"]:  # "grew tenfold"
        n = _word_value(m["foldn"])
        return _Cand(s, e, n, raw=n, word=True, text=m[0], unit="fold", unit_kind="suffix")
    if m["fewscale"]:
        # "several hundred", "a few thousand": vague, like "hundreds" and "thousands"
        base = lex.SCALE_WORDS[m["fewunit"].lower()]
        return _Cand(s, e, None, low=base, high=base * 10, vague=True, word=True, text=m[0])
    if m["halfscale"]:
        # "half a million", "a quarter of a million"
        scale = m["hsunit"].lower()
        mult = 12.0 if scale == "dozen" else lex.SCALE_WORDS[scale]
        frac = _HALFSCALE_FRACTIONS[re.sub(r"[\s-]+", " ", m["hsfrac"].lower())]
        return _Cand(s, e, frac * mult, raw=frac, mult=mult, word=True, text=m[0])
    if m["vague"]:
        words = m["vague"].lower().split()
        base = lex.VAGUE_PLURALS[words[0]]
        if len(words) == 3:
            base *= lex.VAGUE_PLURALS[words[2]]
        if _VAGUE_AFTER.match(text, e):
            e = _VAGUE_AFTER.match(text, e).end()  # "thousands more" is one amount
        return _Cand(s, e, None, low=base, high=base * 10, vague=True, word=True, text=m[0])
    if m["outof"]:
        n, d = _word_or_digits(m["outn"]), _word_or_digits(m["outd"])
        if not d or n is None or n >= d:
            return None
        return _Cand(s, e, n / d, raw=n / d, word=True, text=m[0])
    if m["frac"]:
        d = lex.FRACTIONS[m["fracd"].lower()]
        n = 1.0 if m["fracn"].lower() in ("a", "one") else _word_or_digits(m["fracn"])
        if n is None:
            return None
        # "a third of", "two-thirds", "by a third": a singular fraction word needs context;
        # a unit after it counts only for "quarter" ("a quarter-point"): "a third day" is an ordinal
        quarter_unit = m["fracd"].lower() == "quarter" and _FRACTION_UNIT.match(text, e)
        if (not m["fracd"].lower().endswith("s") and not re.match(r"\s+of\b", text[e : e + 5])
                and not _BY_BEFORE.search(text, max(0, s - 24), s) and not quarter_unit):
            if not m["fracd"].lower().startswith("half"):
                return None
        return _Cand(s, e, n / d, raw=n / d, word=True, fraction=True, text=m[0])
    if m["half"]:
        return _Cand(s, e, 0.5, raw=0.5, word=True, text=m[0])
    if m["words"]:
        return _words(m, ctx)
    return None


def _scaled(x: float, mult: float) -> float:
    """x * mult without binary noise: 4.1 * 1e9 is 4100000000, not 4099999999.9999995."""
    if mult == 1.0:
        return x
    exp = math.log10(mult)
    if exp.is_integer():
        return float(f"{x!r}e{int(exp)}")
    return x * mult


def _word_or_digits(w: str) -> float | None:
    w = w.strip().lower()
    if w.isdigit():
        return float(w)
    return _word_value(w)


def _word_value(phrase: str) -> float | None:
    """The value of "twenty-eight thousand six hundred", "a dozen", "4 hundred"."""
    total, current, seen = 0.0, 0.0, False
    for w in re.split(r"[\s-]+", phrase.lower()):
        if w in ("and", "a", ""):
            continue
        if w == "dozen":
            current = max(current, 1.0) * 12
        elif w in lex.SMALL_NUMBERS:
            current += lex.SMALL_NUMBERS[w]
        elif w == "hundred":
            current = max(current, 1.0) * 100
        elif w in lex.SCALE_WORDS:
            total += max(current, 1.0) * lex.SCALE_WORDS[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _words(m: re.Match[str], ctx: _Context) -> _Cand | None:
    text = ctx.text
    s, e = m.start(), m.end()
    phrase = m["words"]
    value = _word_value(phrase)
    if value is None:
        return None
    if _OCLOCK.match(text, e):
        return None  # "three o'clock" is a time of day
    if s >= 2 and text[s - 1] == "-" and (text[s - 2].isalpha() or text[s - 2].isdigit() and phrase[0].isupper()):
        return None  # "one-on-one", "Catch-twenty-two", "7-Eleven"
    if phrase.lower() == "zero" and re.match(r"-[a-z]", text[e : e + 2]):
        return None  # "zero-hours contracts", "zero-tolerance": a kind, not an amount

    if phrase.lower() == "one":
        tok = ctx.token_at(s)
        # "one" is also a pronoun ("no one", "the one who"); the tagger tells them apart
        if tok is None or tok.tag_ != "CD" and tok.pos_ != "NUM":
            return None
        if _ONE_BEFORE.search(text, max(0, s - 12), s) or _ONE_AFTER.match(text, e):
            return None
        prev = ctx.token_before(s)
        if prev is not None and prev.pos_ == "ADJ" and prev.tag_ != "CD":
            return None  # "a fortunate one", "the best one"
        nxt = ctx.token_from(e)
        if (prev is not None and prev.pos_ == "ADP"
                and prev.lower_ not in ("of", "than", "by", "to", "from")
                and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")
                     and nxt.lower_ != "of") and not _RANGE_NEXT.match(text, e)):
            return None  # "got their hands on one in the end": a pronoun
    if phrase[0].isupper() and s > 0:
        prev = ctx.token_before(s)
        # "Formula One", "Channel Four": a capitalised number word right after a name
        if prev is not None and prev.pos_ == "PROPN" and prev.idx + len(prev) == s - 1:
            return None
    words = re.split(r"[\s-]+", phrase.lower())
    mult = 1.0
    if words[-1] in lex.SCALE_WORDS and len(words) > 1:
        mult = lex.SCALE_WORDS[words[-1]]
    unit = unit_kind = None
    pct = _WORD_PERCENT.match(text, e)
    if pct is not None:
        unit, unit_kind, e = "percent", "pct", pct.end()
    return _Cand(s, e, value, raw=value / mult, mult=mult, word=True, text=phrase,
                 unit=unit, unit_kind=unit_kind)


def _numeric(m: re.Match[str], ctx: _Context) -> _Cand | None:
    text = ctx.text
    s, e = m.start(), m.end()
    num = m["num"]
    raw = float(num.replace(",", ""))
    value = raw
    unit: str | None = None
    unit_kind: str | None = None
    mult = 1.0
    cur = (m["cur"] or "").strip()
    suffix = m["suffix"]
    if m["den"] is not None:
        # "1/16 of a pint", "1⁄32": a fraction; "24/7" or "9/11" are not amounts
        if "⁄" not in m["slash"] and not _FRACTION_UNIT_AFTER.match(text, e):
            return None
        den = float(m["den"])
        if not den or "," in num:
            return None
        raw = value = raw / den
    if m["abbr"]:
        abbr = m["abbr"]
        if abbr == "m" and not cur and _METRES_CONTEXT.match(text, e):
            unit, unit_kind = "m", "suffix"  # "100m sprint", "a 2m wall"
        else:
            mult = lex.SCALE_ABBREVIATIONS[abbr]
    elif m["scale"]:
        for w in m["scale"].split():
            mult *= 12.0 if w.lower() == "dozen" else lex.SCALE_WORDS[w.lower()]
    elif m["abbr2"] or m["abbr3"]:
        mult = lex.SCALE_ABBREVIATIONS[m["abbr2"] or m["abbr3"]]
    if m["exp"]:
        raw = value = float(f"{num.replace(',', '')}e{_exponent(m)}")
    if m["mixed2"] and "." not in num:
        part = m["mixed2"].strip()
        raw = value = raw + (int(m["mn"]) / int(m["md"]) if m["mn"] else _VULGAR[part])
    value = _scaled(raw, mult)
    if cur:
        cur = re.sub(r"\s+", "", cur)
        if cur not in lex.CURRENCY_PREFIXES:
            unit, unit_kind = cur, "cur"  # an unknown prefix before a grouped number ("PS21,700")
        else:
            unit = lex.CURRENCY_PREFIXES[cur]
            unit_kind = "cur"
    if m["pct"]:
        pct = m["pct"].strip().lower()
        unit = _PCT_THING if pct == "%" else ("percentage points" if "point" in pct else "percent")
        unit_kind = "pct"
    if suffix:
        if m["pct"] or (suffix not in lex.ATTACHED_UNITS and not suffix.startswith("sq")):
            # "9AB8", "5G", "3D": a code or a name, not an amount with a unit
            return None
        if unit_kind != "cur":
            unit, unit_kind = suffix, "suffix"
    sign = m["sign"] or m["sign2"]
    minus = None if sign else _MINUS_BEFORE.search(text, max(0, s - 8), s)
    if minus is not None:
        sign, s = "-", minus.start()  # "minus 20C"
    trend = None
    if sign:
        if sign in "-−":
            value, raw = -value, -raw
            if unit_kind == "pct":
                trend = "down"
        elif unit_kind == "pct":
            trend = "up"
    bare = not (sign or cur or m["abbr"] or m["abbr2"] or m["abbr3"] or m["scale"] or m["pct"]
                or suffix or m["den"] or m["exp"] or m["mixed2"])
    cand = _Cand(s, e, value, raw=raw, mult=mult, unit=unit, unit_kind=unit_kind,
                 bare=bare, text=m[0], trend=trend)
    if not _numeric_is_amount(cand, num, m, ctx):
        return None
    return cand


_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺−", "0123456789-+-")


def _exponent(m: re.Match[str]) -> int:
    """The power of ten of "3.1e-6", "6.02×10²³" or "1.6x10^-19"."""
    written = m["eexp"] or m["sup"] or m["caret"]
    return int(written.translate(_SUPERSCRIPTS))


def _is_counted_word(tok: Token | None) -> bool:
    """True when `tok` reads as what a number counts or measures ("people", "km")."""
    if tok is None or not tok.text[:1].isalpha() and tok.text not in lex.UNIT_WORDS:
        return False
    return tok.tag_ in ("NNS", "NNPS") or tok.text in lex.UNIT_WORDS or tok.lower_ in lex.UNIT_WORDS


def _is_label(c: _Cand, ctx: _Context) -> bool:
    """A bare number that labels rather than counts: "The final stage, 3, crosses ...",
    a rating after a name ("Kerr: 7 Solid at the back")."""
    text, s, e = ctx.text, c.start, c.end
    before = text[max(0, s - 2) : s]
    if before == ", " and text[e : e + 1] == ",":
        comma = ctx.token_before(s)
        head = ctx.doc[comma.i - 1] if comma is not None and comma.i > 0 else None
        # "The final stage, 3, ..."; after a name it is an age, after "the toll" a count
        return head is not None and head.lower_ in lex.IDENTIFIER_WORDS
    if before == ": " and re.match(r" [A-Z][a-z]+ [a-z]", text[e : e + 30]):
        # a rating, not a title-case headline ("Update: 5 People Killed")
        colon = ctx.token_before(s)
        name = ctx.doc[colon.i - 1] if colon is not None and colon.i > 0 else None
        return name is not None and name.text.istitle()
    return False


def _apposed_age(c: _Cand, ctx: _Context) -> bool:
    """"Halvorsen, 66, retired": a bare number between commas after a name is an age; so is
    one between a person's name and its verb in text without commas ("Ines Varga 52 said")."""
    text, s = ctx.text, c.start
    if not (c.bare and c.value is not None and 0 < c.value < 120 and c.value == int(c.value)):
        return False
    if text[max(0, s - 2) : s] != ", " or text[c.end : c.end + 1] != ",":
        return _unpunctuated_age(c, ctx)
    comma = ctx.token_before(s)
    return comma is not None and comma.i > 0 and ctx.doc[comma.i - 1].pos_ == "PROPN"


def _unpunctuated_age(c: _Cand, ctx: _Context) -> bool:
    prev, nxt = ctx.token_before(c.start), ctx.token_from(c.end)
    num = ctx.token_at(c.start)
    if prev is None or nxt is None or num is None or prev.idx + len(prev) != c.start - 1:
        return False
    if nxt.tag_ not in ("VBD", "VBZ", "VBP", "MD") or nxt.idx != c.end + 1 or c.value < 16:
        return False
    # a first and last name ("Ines Varga 52 said"), marked as a person or left unmarked by
    # the tagger; not a product ("Pixel 8 sold") nor a longer title ("Grand Theft Auto 5 was")
    doc, i = ctx.doc, prev.i
    if i < 1 or doc[i - 1].pos_ != "PROPN" or not (prev.text.istitle() and doc[i - 1].text.istitle()):
        return False
    if prev.ent_type_ == "PERSON":
        return doc[i - 1].ent_type_ == "PERSON" and not (num.ent_type_ == "PERSON" and num.ent_iob_ == "I")
    return (not prev.ent_type_ and not doc[i - 1].ent_type_
            and (i < 2 or doc[i - 2].pos_ != "PROPN"))


def _numeric_is_amount(c: _Cand, num: str, m: re.Match[str], ctx: _Context) -> bool:
    """False for years, names with numbers ("Apollo 11"), identifiers, addresses."""
    text, s, e = ctx.text, c.start, c.end
    # "COVID-19", "TA-35", "last-32": a number glued to a word by a hyphen is part of a name
    if s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha():
        word = re.search(r"(\w+)-$", text[max(0, s - 12) : s])
        # ... unless the word is itself an amount: "£3m-£4m", "10kg-12kg" are ranges
        if word is None or (word.group(1).lower() not in ("to", "from", "up", "mid", "sub")
                            and not word.group(1)[0].isdigit()):
            return False
    if _NAMED_NUMBER_AFTER.match(text, e):
        return False  # "a 7-Eleven store": a digit and a capitalised number word make a name
    if not c.bare:
        return True
    integer = "." not in num and "," not in num
    if integer and _INDEX_BEFORE.search(text, max(0, s - 24), s):
        return False  # "FTSE 100", "the S&P 500": the number is part of an index name
    if integer and _is_label(c, ctx):
        return False
    nxt = ctx.token_from(e)
    next_is_count = _is_counted_word(nxt)
    if integer and len(num) == 4 and 1000 <= c.value < 2200:
        if not next_is_count:
            return False  # a year
        prev = ctx.token_before(s)
        if 1900 <= c.value < 2100 and prev is not None and (
            prev.pos_ == "PROPN" or prev.tag_ in ("POS", "PRP$")
        ):
            return False  # "the company's 2018 sales"
    unit_next = nxt is not None and (nxt.text in lex.UNIT_WORDS or nxt.lower_ in lex.UNIT_WORDS)
    if _IDENT_BEFORE.search(text, max(0, s - 16), s) and not (unit_next and nxt.pos_ == "NOUN"):
        return False  # "page 12", but not "ended the day 45 points lower"
    if integer and _STREET_AFTER.match(text, e):
        return False
    if integer:
        prev = ctx.token_before(s)
        if (not next_is_count and prev is not None and prev.pos_ == "PROPN" and not _apposed_age(c, ctx)
                and not prev.text.islower() and prev.idx + len(prev) in (s, s - 1)):
            return False  # "Apollo 11", "Stoxx 600", "Windows 10"
        tok = ctx.token_at(s)
        if (tok is not None and tok.ent_iob_ == "I" and tok.ent_type_ in _NAME_ENTITIES
                and not unit_next):
            return False  # "Boeing 787 fleets": the number is inside a product or org name
    return True


# ---------------------------------------------------------------------------------------
# Ranges, qualifiers, trends, things


def _assemble(cands: list[_Cand], ctx: _Context) -> list[Quantity]:
    text = ctx.text
    out: list[Quantity] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and not a.vague and not b.vague:
            kind = _range_kind(a, b, ctx)
            if kind == "score":
                i += 2
                continue
            if kind == "range":
                chain = [a, b]
                j = i + 2
                # "from $160 to $180 to $200": each step is a range of its own
                while j < len(cands) and _range_kind(chain[-1], cands[j], ctx, chained=True) == "range":
                    chain.append(cands[j])
                    j += 1
                nxt_start = cands[j].start if j < len(cands) else len(text)
                _share_scale(chain)
                steps = [_range_quantity(x, y, ctx, nxt_start) for x, y in zip(chain, chain[1:], strict=False)]
                for step in steps[:-1]:
                    step.thing = step.thing or steps[-1].thing  # "from 24.2 to 33-35 billion euros"
                out.extend(steps)
                i = j
                continue
        nxt_start = b.start if b is not None else len(text)
        out.append(_single_quantity(a, ctx, nxt_start))
        i += 1
    _share_with_conversions(out, text)
    _carry_over(out, text)
    return out


def _share_scale(chain: list[_Cand]) -> None:
    """'from 24.2 to 33-35 billion': the scale written once at the end of a chain of
    ranges covers the earlier ends too (when they are not larger than the last)."""
    last = chain[-1]
    if last.mult == 1.0 or last.raw is None or len(chain) < 3:
        return
    earlier = chain[:-1]
    if any(x.mult != 1.0 or x.raw is None or x.raw > last.raw or x.unit_kind == "pct" for x in earlier):
        return
    for x in earlier:
        assert x.raw is not None
        x.value, x.mult = _scaled(x.raw, last.mult), last.mult


# "rose 18 sen to RM23.50": the price reached after a change
_TO_GAP = re.compile(
    r"\s*,?\s+(?:(?:higher|lower|up|down)\s+)?(?:to|at|(?:closing|ending|finishing|settling)\s+at|"
    r"to\s+(?:close|end|finish|settle)\s+at)\s+",
    re.I,
)
# "Grainco rose 2.4%, Tessel by 3.1% and Harrow Foods by 1.5%": the verb is left out
_GAPPED = re.compile(
    r"\s*[,;]?\s*(?:(?:and|while|but|whereas|with)\s+)?(?:the\s+)?[A-Z][\w&.'’-]*"
    r"(?:\s+[A-Z0-9][\w&.'’-]*){0,4}\s+(?P<by>by\s+)?"
)
_PART_OF = re.compile(r"(?i:\s+of\s+(?:(?:the|its|their|his|her|our|all)\s+)?(?:[a-z-]+\s+)?)")
_SUSPENDED = re.compile(r"-\s+(?:or|and|to)\s+")  # "a 10- or 12-inch pan"
_CONTRAST = re.compile(
    r"(?i:\b(?:from|while|whereas|against|versus|vs|compared|than|and|to|but)\b)"
)
_SCALED = re.compile(
    r"(?i:\d\s?(?:bn|mn|mln|bln|tn|trn|[mbk]|million|billion|trillion|thousand|crores?|lakhs?)\b)"
)
_CURRENCY_THINGS = frozenset(v.casefold() for v in lex.CURRENCY_PREFIXES.values()) | lex.CURRENCY_WORDS


def _carry_over(qs: list[Quantity], text: str) -> None:
    """What one quantity lends the next in the same sentence: the trend of a change to the
    price it reached, the trend of a gapped clause, and a unit shared by coordination."""
    for k in range(1, len(qs)):
        q2 = qs[k]
        q1 = qs[k - 1]
        gap = text[q1.span[1] : q2.span[0]]
        if q2.trend is None and q1.trend is not None and q2.qualifier == "exact":
            if _TO_GAP.fullmatch(gap) and _is_price(q2, text):
                q2.trend = q1.trend
            elif (gapped := _GAPPED.fullmatch(gap)) and _same_kind(q1, q2) and (
                gapped["by"] or _is_percent(q1) and _is_percent(q2)
            ):
                q2.trend = q1.trend  # "Tesco rose 2.1%, Sainsbury 1.7% and Ocado 3.4%"
        if q1.thing is None and q2.thing and _SUSPENDED.fullmatch(gap):
            q1.thing = q2.thing
        if (q1.thing is None and q2.thing and q1.value is not None and 0 < q1.value < 1
                and _PART_OF.fullmatch(text, q1.span[1], q2.span[0])):
            q1.thing = q2.thing  # "one-third of the 600 seats": a part of what is counted next
        if q2.thing is None and q2.value is not None:
            for q0 in qs[max(0, k - 2) : k][::-1]:
                between = text[q0.span[1] : q2.span[0]]
                if (q0.thing and q0.thing != _PCT_THING and not _SENTENCE_END.search(between)
                        and len(between) < 60 and _CONTRAST.search(between) and _alike(q0, q2, text)):
                    q2.thing = q0.thing  # "4.1 million units, up from 3.6 million"
                    break


def _is_percent(q: Quantity) -> bool:
    return q.thing in (_PCT_THING, "percent", "percentage points")


def _is_price(q: Quantity, text: str) -> bool:
    return (bool(q.thing) and q.thing.casefold() in _CURRENCY_THINGS
            and not _SCALED.search(text, q.span[0], q.span[1]))


def _same_kind(q1: Quantity, q2: Quantity) -> bool:
    return (q1.thing or "") == (q2.thing or "") or {q1.thing, q2.thing} <= {_PCT_THING, "percent"}


_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s+[A-Z\"“]")
_DECIMALS = re.compile(r"\d\.(\d+)")


def _alike(q0: Quantity, q2: Quantity, text: str) -> bool:
    """Two amounts written alike: the same scale word, or the same decimal places."""
    a, b = text[q0.span[0] : q0.span[1]], text[q2.span[0] : q2.span[1]]
    sa, sb = _SCALED.search(a), _SCALED.search(b)
    if sa or sb:
        return bool(sa and sb) and sa.group()[-3:].lower() == sb.group()[-3:].lower()
    da, db = _DECIMALS.search(a), _DECIMALS.search(b)
    return bool(da and db) and len(da.group(1)) == len(db.group(1))


def _share_with_conversions(qs: list[Quantity], text: str) -> None:
    """'more than 7.5 million crowns (US$1.1 million)': the bracketed conversion shares
    the qualifier and the trend of the amount it converts."""
    for q1, q2 in zip(qs, qs[1:], strict=False):
        gap = _PAREN_GAP.fullmatch(text, q1.span[1], q2.span[0])
        if gap is None or q2.trend is not None:
            continue
        q2.trend = q1.trend
        if q2.qualifier == "exact" and q1.qualifier in ("approx", "over", "under", "at_least", "at_most"):
            q2.qualifier = q1.qualifier
            if q1.qualifier in ("over", "at_least"):
                q2.low = q2.value
            elif q1.qualifier in ("under", "at_most"):
                q2.high = q2.value


def _range_kind(a: _Cand, b: _Cand, ctx: _Context, chained: bool = False) -> str | None:
    """'range' when a and b are the ends of one range, 'score' for "2-1", else None."""
    text = ctx.text
    if a.value is None or b.value is None or a.fraction or b.fraction:
        return None
    gap = text[a.end : b.start]
    g = _RANGE_GAP.match(gap)
    if g is None:
        return None
    left = text[max(0, a.start - 40) : a.start]
    qual_start = _qualifier(a, ctx)[1]
    before = text[max(0, qual_start - 40) : qual_start]
    if g["dash"]:
        if g["dash"] == "/":
            return "range" if a.unit_kind == "cur" and b.unit_kind == "cur" else None
        if a.bare and b.bare and b.value <= a.value and "." not in a.text + b.text:
            return "score"  # "beat Charlton 2-1", "passed by a 220-207 vote"
        if b.value < a.value and not b.unit and b.mult == 1.0:
            return None
        return "range"
    conn = g["conn"].lower()
    aunit = g["aunit"].strip()
    if conn == "or":
        # "two or three boats", "20 or 30 minutes"; not "a 10- or 12-inch pan" (two sizes)
        if aunit or a.unit or b.value <= a.value:
            return None
        return "range" if (a.word and b.word) or (a.bare and b.bare) else None
    if conn == "from":
        # "cut its target to 1,200 from 1,450"; after a change verb ("climbed to 6.7% from
        # 6.29%") the first is the level reached and the second the level left
        if chained or not _TO_BEFORE.search(before) or _trend_match(a, ctx) is not None:
            return None
        return "range" if _same_unit(a, b, aunit, ctx) or not (a.unit or b.unit or aunit) else None
    if conn == "and":
        return "range" if _BETWEEN.search(left) and not aunit else None
    if conn.startswith("up") and not _FROM.search(before):
        return None
    if conn == "through" and not _FROM.search(before):
        return None
    if chained:
        return "range" if conn == "to" and not aunit else None
    if _FROM.search(before) or _BETWEEN.search(before):
        return "range"
    if b.value < a.value and b.mult == a.mult and not _measured_both(a, b, aunit, ctx):
        return None  # "won by 46 percent to 42 percent", "split 4 to 1": two amounts
    trend = _trend_match(a, ctx)
    compatible = _same_unit(a, b, aunit, ctx)
    if trend is not None and not trend["by"]:
        return None  # "fell 0.4% to 13,176": a change, then a level
    if a.unit_kind in ("pct", "cur", "suffix") or aunit:
        return "range" if compatible else None
    if trend is not None:
        # "dropped by 1 to 1.5 degrees" is a range; "fell 200 to 25,000" is not
        return "range" if b.unit or _is_counted_word(ctx.token_from(b.end)) else None
    return "range"


def _measured_both(a: _Cand, b: _Cand, aunit: str, ctx: _Context) -> bool:
    """'1.3 A/cm2 to 0.03 A/cm2', '12km to 8km': a unit of measure repeated on both ends
    makes a falling pair one range; votes and scores ("46 percent to 42 percent") have none."""
    unit = aunit or (a.unit if a.unit_kind == "suffix" else "")
    if not unit or unit.split("/")[0] not in lex.ATTACHED_UNITS or unit in ("%", "x", "X"):
        return False
    if aunit:
        return _same_unit(a, b, aunit, ctx)
    return b.unit == a.unit


def _same_unit(a: _Cand, b: _Cand, aunit: str, ctx: _Context) -> bool:
    if aunit:
        after_b = ctx.text[b.end : b.end + len(aunit) + 2].strip()
        return after_b.startswith(aunit) and not a.unit
    if a.unit_kind != b.unit_kind:
        return False
    if a.unit_kind == "cur" and a.unit and b.unit:
        # "US$89 to $93 billion": the bare symbol repeats the currency named first
        return a.unit.endswith(b.unit) or b.unit.endswith(a.unit)
    return a.unit == b.unit or a.unit_kind == "pct"


def _qualifier(c: _Cand, ctx: _Context) -> tuple[str, int]:
    """The qualifier written before `c`, and where it starts (cached on `c`)."""
    if c.qual is None:
        c.qual = _find_qualifier(c, ctx)
    return c.qual


def _find_qualifier(c: _Cand, ctx: _Context) -> tuple[str, int]:
    q = _QUALIFIER.search(ctx.text, max(0, c.start - 40), c.start)
    if q is None:
        if ctx.text[max(0, c.start - 4) : c.start].lower() == "sub-":
            return "under", c.start - 4  # "sub-5 nanometre chips"
        age = _AGE_BOUND.search(ctx.text, max(0, c.start - 30), c.start)
        if age is not None:  # "under the age of 2"
            return ("over" if age["cue"].lower() in ("over", "above") else "under"), age.start()
        return "exact", c.start
    name = q.lastgroup or "exact"
    if name in ("over", "under") and q.group().split()[-1].lower() in ("over", "under"):
        # "$374 billion over 10 years": a period, not a bound; but "closed for over three
        # months", "lasted over two hours" keep their bound
        nxt = ctx.token_from(c.end)
        prev = ctx.token_before(q.start())
        bound = prev is not None and (prev.lower_ in _BOUND_AFTER or prev.lemma_ in _DURATIVE_VERBS)
        if nxt is not None and nxt.lower_ in lex.DURATION_WORDS and not bound:
            return "exact", c.start
    return name, q.start()


def _right_qualifier(c: _Cand, ctx: _Context) -> tuple[str | None, int]:
    r = _RIGHT_QUALIFIER.match(ctx.text, c.end)
    if r is None:
        return None, c.end
    if r["atleast"]:
        return "at_least", r.end()
    if r["atmost"]:
        return "at_most", r.end()
    return "approx", r.end()


def _trend_match(c: _Cand, ctx: _Context) -> re.Match[str] | None:
    text = ctx.text
    _, qs = _qualifier(c, ctx)
    t = _TREND.search(text, max(0, qs - 40), qs)
    if t is None:
        return None
    word = (t["up"] or t["down"]).lower()
    if word in ("up", "down"):
        verb = ctx.token_before(t.start())
        if verb is not None and verb.pos_ == "VERB" and verb.lemma_ not in lex.UP_DOWN_VERBS:
            return None
    if word in lex.WEAK_TREND_WORDS and not (t["by"] or "").startswith("by") and c.unit_kind != "pct":
        return None
    if (t["by"] or "").startswith("to") and word in lex.WEAK_TREND_WORDS:
        return None
    return t


def _trend(c: _Cand, ctx: _Context) -> str | None:
    if c.trend:
        return c.trend
    t = _trend_match(c, ctx)
    if t is None:
        return None
    return "up" if t["up"] else "down"


def _trend_after(c: _Cand, thing: str | None, end: int, ctx: _Context) -> str | None:
    """'5% lower', '45 points higher': a measured change with its direction after it."""
    if c.bare and not thing or c.word and not thing:
        return None
    t = _TREND_AFTER.match(ctx.text, end)
    if t is None:
        return None
    return "up" if t["up"] else "down"


def _single_quantity(c: _Cand, ctx: _Context, limit: int) -> Quantity:
    qualifier, qs = _qualifier(c, ctx)
    right, re_end = _right_qualifier(c, ctx)
    if right is not None:
        qualifier = right
    thing, thing_end = _thing(c, ctx, limit, re_end if right else None)
    if thing:
        thing = _undot(thing)
    if c.vague:
        qualifier = "vague"
    low = high = None
    if c.vague:
        low, high = c.low, c.high
    elif qualifier in ("over", "at_least"):
        low = c.value
    elif qualifier in ("under", "at_most"):
        high = c.value
    end = max(c.end, thing_end, re_end if right else c.end)
    if _AGE_OF.search(ctx.text, max(0, c.start - 12), c.start) or (thing is None and _apposed_age(c, ctx)):
        thing = "age"  # "over the age of 21", "Maddon, 66, has"
    if thing is None:
        # "the figure of 3,000": with no counted noun after it, the noun before names it
        named = _NAMED_BEFORE.search(ctx.text, max(0, qs - 40), qs)
        if named is not None:
            qs = named.start()
    q = Quantity(
        span=(min(qs, c.start), end),
        value=c.value,
        low=low,
        high=high,
        qualifier=qualifier,
        trend=_trend(c, ctx) or _trend_after(c, thing, end, ctx),
        thing=thing,
    )
    q.relation = _relation(q, ctx)
    return q


def _range_quantity(a: _Cand, b: _Cand, ctx: _Context, limit: int) -> Quantity:
    lo = a.value
    assert lo is not None and b.value is not None
    # "$89 to $93 billion", "1 to 2 thousand": the scale written once covers both ends
    if a.mult == 1.0 and b.mult != 1.0 and a.raw is not None and b.raw is not None and a.raw <= b.raw:
        lo = _scaled(a.raw, b.mult)
    hi = b.value
    _, qs = _qualifier(a, ctx)
    thing, thing_end = _thing(b, ctx, limit)
    if thing is None:
        thing = a.unit or _thing(a, ctx, b.start)[0]
    if thing is None and _AGE_OF.search(ctx.text, max(0, qs - 16), qs):
        thing = "age"  # "children aged 5 to 11"
    t = _trend_match(a, ctx)
    trend = None
    if t is not None and (t["by"] or "").startswith("by"):
        trend = "up" if t["up"] else "down"
    elif lo > hi and _DOWN_FROM.search(ctx.text, max(0, qs - 40), qs):
        trend = "down"  # "slid from $410 to $395"
    qualifier, _ = _qualifier(a, ctx)
    return Quantity(
        span=(min(qs, a.start), max(b.end, thing_end)),
        value=None,
        low=min(lo, hi),
        high=max(lo, hi),
        qualifier="approx" if qualifier == "approx" else "range",  # "about 6-8 hours"
        trend=trend,
        thing=thing,
    )


def _thing(c: _Cand, ctx: _Context, limit: int, after: int | None = None) -> tuple[str | None, int]:
    """The unit or counted noun phrase of `c` and where it ends (not past `limit`).

    `after` is where the text after the number starts, past an "or more". A unit written
    apart from the number keeps its "per" part: "1.3 A/cm2", "120 km/h".
    """
    thing, end = _thing_phrase(c, ctx, limit, after)
    if thing is None:
        return None, c.end  # "one-third of the 600 seats": the span stops at the fraction
    if end > c.end:
        per = _PER_UNIT.match(ctx.text, end)
        if per is not None and per.end() <= limit and thing.split()[-1] in lex.ATTACHED_UNITS:
            return thing + per.group(), per.end()
    return thing, end


def _thing_phrase(
    c: _Cand, ctx: _Context, limit: int, after: int | None = None
) -> tuple[str | None, int]:
    if c.unit:
        return c.unit, c.end
    doc, text = ctx.doc, ctx.text
    if c.word and c.value is not None and 0 < c.value < 1:
        unit = _FRACTION_UNIT.match(text, c.end)
        if unit is not None and unit.end() <= limit:  # "a quarter-point", "half an hour"
            return unit["unit"], unit.end()
    if c.fraction and not re.match(r"\s+of\b", text[c.end : c.end + 5]):
        return None, c.end  # "cut by a third": the fraction counts nothing named after it
    last = ctx.token_at(c.end - 1)
    first = ctx.token_from(after if after is not None else c.end)
    if last is None or first is None:
        return None, c.end
    head = last.head
    head_right = head.i > last.i and head.i - last.i <= 6 and head.pos_ in _NOUNISH
    if first.idx >= limit or head_right and head.idx + len(head) > limit:
        # "eight million 250ml bottles", "a 4.3 second 40 yard dash": the next number
        # comes first; take the nouns before it, else name the head noun alone
        if first.idx < limit and first.pos_ in _NOUNISH | {"ADJ"}:
            run = _noun_run(doc, first.i, limit, skip_det=False)
            if run[0]:
                return run
        if head_right and head.i - last.i <= 4:
            return head.text, c.end
        return None, c.end
    if _YEAR_OLD.match(text, first.idx):
        # "a 15-year-old student": the number is an age
        age = _YEAR_OLD.match(text, first.idx)
        return age.group().lstrip("- "), age.end()
    if first.text in "-–" and first.i + 1 < len(doc):
        unit = doc[first.i + 1]
        if unit.text in lex.ATTACHED_UNITS or unit.text in lex.UNIT_WORDS:
            return unit.text, unit.idx + len(unit)  # "a 185-hp engine"
    if first.lower_ == "of" and first.i + 1 < len(doc):
        if first.i + 2 < len(doc) and doc[first.i + 1].lower_ in ("those", "these") and (
            doc[first.i + 2].tag_ in ("VBN", "VBD")
        ):
            people = doc[first.i + 1 : first.i + 3]  # "a third of those surveyed"
            return people.text, people.end_char
        return _noun_run(doc, first.i + 1, limit, skip_det=True)
    if (
        head_right
        and after is None
        and not any(t.is_punct and t.text not in "-/" for t in doc[first.i : head.i])
        and not any(_breaks_phrase(t, first.i, head.i) for t in doc[first.i : head.i])
    ):
        start = first.idx
        while start < len(text) and text[start] in "-–":
            start += 1
        span_text = text[start : head.idx + len(head)]
        return (span_text or None), head.idx + len(head)
    if first.lower_ == "per":  # "150.2 per dollar": a rate, not a thing named "per"
        nxt = doc[first.i + 1] if first.i + 1 < len(doc) else None
        if nxt is None or nxt.pos_ not in _NOUNISH or nxt.idx + len(nxt) > limit:
            return None, c.end
        return f"per {nxt.text}", nxt.idx + len(nxt)
    if (first.pos_ in _NOUNISH or first.text in lex.UNIT_WORDS or first.lower_ in lex.UNIT_WORDS
            or first.tag_ in ("JJ", "VBN")):
        return _noun_run(doc, first.i, limit, skip_det=False)
    if first.lower_ in lex.CURRENCY_CODES or first.text in lex.CURRENCY_CODES:
        return first.text, first.idx + len(first)
    return None, c.end


def _breaks_phrase(t: Token, start: int, end: int) -> bool:
    """Whether `t`, between a number and its head noun, shows they are not one phrase."""
    if t.pos_ == "ADV":
        return not start <= t.head.i <= end  # "five most recent polls" is one phrase
    return t.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ") and t.dep_ not in ("amod", "compound")


def _undot(unit: str) -> str:
    """'m.p.h.' -> 'mph': dotted abbreviations are compared without their dots."""
    if _DOTTED.fullmatch(unit):
        return unit.replace(".", "")
    return unit


def _noun_run(doc: Doc, i: int, limit: int, skip_det: bool) -> tuple[str | None, int]:
    """The nouns (with their modifiers) starting at token i: "Echo devices", "killed or
    wounded troops". The run ends at the first noun that heads the phrase."""
    n = len(doc)
    if skip_det:
        while i < n and doc[i].pos_ in ("DET", "PRON") and doc[i].dep_ in ("det", "poss", "predet"):
            i += 1
        # "the bank's dollar reserves": a possessor is not the thing counted
        if i + 1 < n and doc[i + 1].tag_ == "POS":
            i += 2
    j, last_noun = i, -1
    while j < n and j - i < 6 and doc[j].idx + len(doc[j]) <= limit:
        t = doc[j]
        if t.pos_ in _NOUNISH or t.text in lex.UNIT_WORDS:
            last_noun = j
            if t.dep_ not in ("compound", "amod", "nmod", "npadvmod") or t.head.i <= j:
                break
        elif t.pos_ in ("ADJ", "NUM") or t.text in ("-", "/") or t.tag_ == "VBN":
            pass
        elif (t.pos_ == "CCONJ" and j > i and j + 1 < n
              and doc[j - 1].tag_ in ("JJ", "VBN") and doc[j + 1].tag_ in ("JJ", "VBN")):
            pass  # "killed or wounded troops"
        else:
            break
        j += 1
    if last_noun < i:
        return None, doc[i - 1].idx + len(doc[i - 1]) if i > 0 else 0
    span = doc[i : last_noun + 1]
    return span.text, span.end_char


def _relation(q: Quantity, ctx: _Context) -> dict[str, object] | None:
    """'twice a previous estimate' after a quantity -> a multiple of that phrase."""
    text = ctx.text
    r = _RELATION.match(text, q.span[1], min(len(text), q.span[1] + 80))
    if r is None:
        return None
    factor_text = r["factor"].lower()
    if r["n"]:
        factor = _word_or_digits(r["n"])
        if factor is None:
            return None
    else:
        factor = _FACTOR_WORDS[factor_text]
    tok = ctx.token_from(r.end())
    if tok is None:
        return None
    doc = ctx.doc
    i, n, last = tok.i, len(doc), -1
    j = i
    while j < n and j - i < 10:
        t = doc[j]
        if t.pos_ in _NOUNISH:
            last = j
        elif t.pos_ in ("DET", "ADJ", "NUM") or t.lower_ == "of" or t.dep_ == "poss":
            pass
        else:
            break
        j += 1
    if last < i:
        return None
    return {"type": "multiple", "factor": factor, "of": [doc[i].idx, doc[last].idx + len(doc[last])]}
