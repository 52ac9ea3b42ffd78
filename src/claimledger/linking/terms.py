"""Content terms of a claim: the words that say what it is about, for comparing claims.

No parsing (relink must not re-parse) and no synonym list fitted to a corpus: words are
lower-cased, reporting verbs and function words are dropped, irregular verb forms are
regularised, the rest go through the Snowball stemmer cut to a prefix, so that inflections
and derivations meet ("evacuated" / "evacuation", "complained" / "complaint"); the measure
words of `linking.estimates` give one term per measure ("dead", "died", "death toll" ->
"=killed"; "troops", "soldiers" -> "=troops"); and names of countries and their governments
("DPRK", "Pyongyang", "North Korean") become one entity term ("@KP") through the alias
table of `linking.countries`. Without the `linking` extra (snowballstemmer) a few English
suffixes are stripped instead.
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

# Words are reduced to one term by general means only: English irregular verb forms, the
# Snowball stemmer (derivations too: "evacuated", "evacuation" -> "evacu"), and the measure
# words of `linking.estimates` (one table for both stages: "killed", "dead", "died", "death
# toll" all measure "killed", so they are one term here). No synonym list fitted to a corpus.
_IRREGULAR = {
    "sent": "send", "told": "tell", "fled": "flee", "held": "hold", "led": "lead", "paid": "pay",
    "made": "make", "gave": "give", "given": "give", "taken": "take", "took": "take", "went": "go",
    "gone": "go", "began": "begin", "begun": "begin", "brought": "bring", "bought": "buy",
    "caught": "catch", "fought": "fight", "sought": "seek", "thought": "think", "found": "find",
    "left": "leave", "lost": "lose", "kept": "keep", "met": "meet", "built": "build", "spent": "spend",
    "struck": "strike", "stolen": "steal", "stole": "steal", "shot": "shoot", "hit": "hit", "knew": "know",
    "known": "know", "saw": "see", "seen": "see", "wrote": "write", "written": "write", "broke": "break",
    "broken": "break", "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "froze": "freeze",
    "frozen": "freeze", "hid": "hide", "hidden": "hide", "drove": "drive", "driven": "drive", "ran": "run",
    "came": "come", "became": "become", "won": "win", "sold": "sell", "stood": "stand", "heard": "hear",
    "meant": "mean", "sank": "sink", "sunk": "sink", "swept": "sweep", "spread": "spread",
}
PREFIX = 7  # stems are cut to this many letters: "complain" and "complaint" give one term
MEASURE_TERM = "="  # the prefix of a measure term: "dead", "died", "killed" give "=killed"


@cache
def _stemmer():  # noqa: ANN202
    try:
        import snowballstemmer
    except ImportError:  # pragma: no cover - the `linking` extra installs it
        return None
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _measure_word(word: str) -> str | None:
    """The measure a single word names in `linking.estimates` ("dead" -> "killed")."""
    from claimledger.linking.estimates import EVENT_MEASURES, THING_MEASURES

    for label, pattern in (*EVENT_MEASURES, *THING_MEASURES):
        m = pattern.search(word)
        if m and m.group(0) == word:
            return label
    return None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """One term for the forms of a word: its measure, else its stem (irregular verbs first,
    then Snowball; a final "i" of a stem goes: "injury" and "injure" give "injur")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    w = _IRREGULAR.get(w, w)
    measure = _measure_word(w)
    if measure:
        return MEASURE_TERM + measure
    st = _stemmer()
    if st is None:
        return _crude_stem(w)
    out = st.stemWord(w)
    out = out[:-1] if len(out) > 4 and out.endswith("i") else out
    return out[:PREFIX]


def _crude_stem(w: str) -> str:
    """A few English suffixes, when the Snowball stemmer is not installed."""
    for suffix, repl, min_len in (("ies", "y", 5), ("ied", "y", 5), ("sses", "ss", 5), ("ing", "", 6),
                                  ("ed", "", 5), ("es", "", 6), ("s", "", 4)):
        if len(w) >= min_len and w.endswith(suffix) and not w.endswith(("ss", "us", "is")):
            return w[: len(w) - len(suffix)] + repl
    return w


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
