"""Content terms of a claim: the words that say what it is about, for comparing claims.

No parsing (relink must not re-parse): words are lower-cased, stripped of a few common
suffixes, reporting verbs and function words are dropped, synonyms that news reports use
for one thing ("troops", "soldiers", "personnel"; "sent", "deployed") share one term, and
names of countries and their governments ("DPRK", "Pyongyang", "North Korean") become one
entity term ("@KP") through the alias table of `linking.countries`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# Function words, reporting and modal verbs, vague nouns: none of them says what a claim is about.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are around as at be been before
    being below between both but by can could did do does doing down during each either even
    ever every few for from further had has have having he her here hers herself him himself his
    how however i if in into is it its itself just least less many may me might more most much
    must my myself neither no nor not now of off on once only or other others our ours out over
    own per same several she should since so some such than that the their theirs them themselves
    then there these they this those through thus to too under until up upon us very via was we
    were what when where whether which while who whom whose why will with within without would
    yet you your
    said says say saying told tell tells telling added adding according stated statement
    announced claimed claims claim reported reports report reportedly described describing
    noted insisted believed believe thought think
    call calls called calling comment comments commented commenting
    come comes came coming
    across along among amid beside behind beyond near toward towards
    also already still yet just again later earlier first last next new
    one two three four five six seven eight nine ten hundred hundreds thousand thousands million
    millions billion dozen dozens number numbers figure figures total some
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    week weeks month months year years day days time times
    january february march april june july august september october november december
    mr mrs ms dr
    nobody nothing none anything everything everyone everybody someone somebody anyone anybody
    something""".split()
)

# Words that news reports use for one thing or one act: each maps to one term.
SYNONYMS: dict[str, str] = {}
for _term, _words in {
    "troop": "troop troops soldier soldiers personnel servicemen serviceman fighters forces force "
    "marines paratroopers",
    "send": "send sends sent sending deploy deploys deployed deploying deployment dispatch "
    "dispatched dispatching",
    "kill": "kill kills killed killing dead death deaths died die dies dying fatalities fatality toll",
    "injure": "injure injured injuries injury wounded wound wounds hurt",
    "displace": "displace displaced displacement evacuate evacuated evacuation evacuations evacuees "
    "homeless",
    "arrest": "arrest arrests arrested arresting detain detained detention detentions custody",
    "missing": "missing unaccounted",
    "deny": "deny denies denied denial",
    "ignore": "ignore ignored ignoring disregard disregarded",
    "warning": "warning warnings warn warned warns alert alerts alerted alarm alarms siren sirens",
    "disable": "disable disabled disconnect disconnected disconnecting deactivate deactivated",
    "complain": "complain complains complained complaint complaints",
    "sound": "sound sounds sounded sounding rang",
    "crack": "crack cracks cracked cracking",
    "release": "release releases released releasing discharge discharged discharging floodgate "
    "floodgates gate gates sluice sluices",
    "evidence": "evidence proof",
}.items():
    for _w in _words.split():
        SYNONYMS[_w] = _term

_IRREGULAR = {"sent": "send", "told": "tell", "fled": "flee", "held": "hold", "led": "lead",
              "paid": "pay", "made": "make", "gave": "give", "given": "give", "taken": "take",
              "took": "take", "went": "go", "gone": "go", "began": "begin", "begun": "begin"}


def stem(word: str) -> str:
    """A crude, stable stem: synonyms first, then a few English suffixes."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if w in SYNONYMS:
        return SYNONYMS[w]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl, min_len in (("ies", "y", 5), ("ied", "y", 5), ("sses", "ss", 5), ("ing", "", 6),
                                  ("ed", "", 5), ("es", "", 6), ("s", "", 4)):
        if len(w) >= min_len and w.endswith(suffix) and not w.endswith(("ss", "us", "is")):
            w = w[: len(w) - len(suffix)] + repl
            break
    if w in SYNONYMS:
        return SYNONYMS[w]
    # a final silent e goes, so that "cause", "causes" and "caused" give one stem
    return w[:-1] if len(w) >= 4 and w.endswith("e") and not w.endswith("ee") else w


# Nationality adjectives name the country's people or government ("North Korean troops").
DEMONYMS = {
    "North Korean": "KP", "North Koreans": "KP", "South Korean": "KR", "South Koreans": "KR",
    "Russian": "RU", "Russians": "RU", "Ukrainian": "UA", "Ukrainians": "UA",
    "American": "US", "Americans": "US", "Chinese": "CN", "British": "GB", "French": "FR",
    "German": "DE", "Germans": "DE", "Japanese": "JP", "Iranian": "IR", "Iranians": "IR",
    "Israeli": "IL", "Israelis": "IL", "Palestinian": "PS", "Palestinians": "PS",
    "Syrian": "SY", "Turkish": "TR", "Indian": "IN", "Pakistani": "PK", "Afghan": "AF",
    "Iraqi": "IQ", "Belarusian": "BY", "Polish": "PL", "Italian": "IT", "Spanish": "ES",
    "Canadian": "CA", "Mexican": "MX", "Brazilian": "BR", "Australian": "AU", "Egyptian": "EG",
    "Saudi": "SA", "Lebanese": "LB", "Yemeni": "YE", "Sudanese": "SD", "Nigerian": "NG",
    "Kenyan": "KE", "Ethiopian": "ET", "Venezuelan": "VE", "Cuban": "CU", "Georgian": "GE",
}
_TOKEN = re.compile(r"[A-Za-z][\w.'’-]*[\w]|[A-Za-z]")
MAX_PLACE_WORDS = 5


@cache
def _place_table() -> dict[str, str]:
    """norm(name) -> country code, from `linking.countries` and the demonyms above."""
    from claimledger.ledger.base import norm_name

    table = {norm_name(k): v for k, v in DEMONYMS.items()}
    try:
        from claimledger.linking.countries import alias_table
    except ImportError:  # pragma: no cover - the core linking modules ship together
        return table
    for name, (code, _display) in alias_table().items():
        table.setdefault(name, code)
    return table


_POSSESSIVE = re.compile(r"['’]s?$")
_THE_COMPASS = re.compile(r"\bthe (North|South)\b(?!\s+[A-Z])")


def find_places(text: str, hint: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, code) of each country or government name in `text`, longest first:
    "DPRK", "Pyongyang", "North Korea" and "North Korean" all give "KP". Names must be
    capitalised, so "us" and "may" are words, not places. "the North" is the "North ..."
    country that `hint` (the article text) names, when it names one."""
    table = _place_table()
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        found = None
        if text[toks[i][0]].isupper():
            for n in range(min(MAX_PLACE_WORDS, len(toks) - i), 0, -1):
                s, e = toks[i][0], toks[i + n - 1][1]
                key = _norm(_POSSESSIVE.sub("", text[s:e]))
                if key in table and text[toks[i + n - 1][0]].isupper():
                    found = (s, e, table[key], n)
                    break
        if found:
            out.append(found[:3])
            i += found[3]
        else:
            i += 1
    if hint:
        for m in _THE_COMPASS.finditer(text):
            code = _compass_country(m.group(1), hint)
            if code and not any(s <= m.start(1) < e for s, e, _ in out):
                out.append((m.start(), m.end(), code))
        out.sort()
    return out


@lru_cache(maxsize=65536)
def _norm(name: str) -> str:
    from claimledger.ledger.base import norm_name

    return norm_name(name)


@lru_cache(maxsize=256)
def _compass_country(word: str, hint: str) -> str | None:
    """The code of the first "North ..." (or "South ...") country named in `hint`."""
    for s, _e, code in find_places(hint):
        if hint.startswith(word + " ", s):
            return code
    return None


# Phrasal verbs with one meaning: "switched off", "turned off", "shut off" -> disabled.
_PHRASAL = {
    "disabled": re.compile(r"\b(?:switch|turn|shut)(?:ed|es|s|ing)?\s+off\b", re.IGNORECASE),
    "sounded": re.compile(r"\b(?:go|goes|going|gone|went)\s+off\b", re.IGNORECASE),
    "collapsed": re.compile(r"\b(?:bring|brings|bringing|brought)\s+down\b", re.IGNORECASE),
    "alone": re.compile(r"\bon\s+(?:its|their|his|her|our|my|your)\s+own\b", re.IGNORECASE),
}
# Words that negate what follows: "no siren", "nobody warned", "not a call", "never inspected".
_NEGATORS = frozenset({"no", "nobody", "never", "none", "neither", "nor"})
_NOT_DETERMINERS = frozenset({"a", "an", "any", "one", "single"})
NEGATED_SPAN = 2  # content words after a negator that it negates
NEGATED = "no:"  # the prefix of a negated term: "no siren" gives "warning" and "no:warning"
_CLAUSE_BREAK = re.compile(r"[,.;:!?“”\"()]")


def content_terms(text: str, hint: str | None = None, extra_stop: Iterable[str] = ()) -> list[str]:
    """The claim's content terms in order: places as "@code", other words stemmed. `hint`
    is the article text, for "the North" (see `find_places`). A word that a negator governs
    ("no siren", "nobody warned", "not a message") also gives a negated term ("no:warning"):
    two claims that both say there was no warning share more than the word."""
    stop = STOPWORDS | frozenset(extra_stop)
    for word, phrase in _PHRASAL.items():
        text = phrase.sub(lambda m, w=word: w.ljust(len(m.group(0))), text)
    out: list[str] = []
    pos = 0
    for s, e, key in find_places(text, hint):
        out += _words(text[pos:s], stop)
        out.append("@" + key)
        pos = e
    out += _words(text[pos:], stop)
    return out


def _words(text: str, stop: frozenset[str]) -> list[str]:
    out = []
    negated = 0  # content words still governed by the last negator
    seen_negated = False  # a function word after a negated word ends the negation ("no warning from")
    last_end = 0
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words):
        if negated and _CLAUSE_BREAK.search(text, last_end, m.start()):
            negated = 0
        last_end = m.end()
        w = m.group(0).lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        w = w.strip("'-")
        nxt = words[i + 1].group(0).lower() if i + 1 < len(words) else ""
        if w in _NEGATORS or (w == "not" and nxt in _NOT_DETERMINERS) or (w == "no" and nxt == "one"):
            negated, seen_negated = NEGATED_SPAN, False
            continue
        if len(w) < 2 or w in stop:
            if seen_negated:
                negated = 0
            continue
        term = stem(w)
        out.append(term)
        if negated:
            out.append(NEGATED + term)
            negated -= 1
            seen_negated = True
    return out
