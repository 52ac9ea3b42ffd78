"""The search syntax, parsed once and written out for each back end.

    harass                   words are stemmed: finds "harassment", "harassed"
    strike workers           every word must match
    "port strike"            a phrase, words in this order
    strike OR walkout        either (AND binds tighter than OR: a b OR c = (a b) OR c)
    evac*                    a prefix (at least 2 letters)

Nothing the user types reaches FTS5 or tsquery as syntax: every word and phrase is quoted
(FTS5) or passed as a parameter (PostgreSQL). A query that cannot be read raises
`SearchSyntaxError` naming the problem and the fix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from claimledger.errors import UsageError


class SearchSyntaxError(UsageError):
    """A search text that cannot be read (unclosed quote, dangling OR, nothing to search)."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    prefix: bool = False


# groups joined by OR; each group is terms that must all match
SearchQuery = tuple[tuple[Term, ...], ...]

# "e*" would read the list of every word starting with e; the index has prefixes of 2 to 6
MIN_PREFIX = 2

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


# letters NFKD does not decompose; the PostgreSQL claimledger_fold() maps them alike
_UNDECOMPOSED = str.maketrans("øđłı", "odli")


def fold(text: str) -> str:
    """Lower case without accents: 'Zelenskiy', 'ZELENSKIY' and 'Zélenskiy' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_search(text: str) -> SearchQuery:
    """The groups of terms in `text`; SearchSyntaxError when it cannot be read."""
    if text.count('"') % 2:
        raise SearchSyntaxError(
            f"search {text!r}: a quote is not closed; close the phrase with \" or remove the quote"
        )
    groups: list[list[Term]] = [[]]
    last_or = False
    for m in _TOKEN.finditer(text):
        phrase, bare = m.group(1), m.group(2)
        if bare == "OR":
            if not groups[-1] or last_or:
                raise SearchSyntaxError(
                    f"search {text!r}: OR needs a word on each side, e.g. strike OR walkout"
                )
            groups.append([])
            last_or = True
            continue
        last_or = False
        if phrase is not None:
            words = tuple(_WORD.findall(phrase))
            if words:
                groups[-1].append(Term(words))
            continue
        prefix = bare.endswith("*")
        words = tuple(_WORD.findall(bare))
        if prefix and len(words) == 1 and len(words[0]) < MIN_PREFIX:
            raise SearchSyntaxError(
                f"search {text!r}: a prefix needs at least {MIN_PREFIX} letters before *, e.g. ev*"
            )
        if prefix and len(words) == 1:
            groups[-1].append(Term(words, prefix=True))
        elif prefix and not words:
            raise SearchSyntaxError(
                f"search {text!r}: * must follow the start of a word, e.g. evac*"
            )
        else:
            # "U.S." or "state-run": the word's parts, in order, as a phrase
            if words:
                groups[-1].append(Term(words))
    if last_or:
        raise SearchSyntaxError(f"search {text!r}: OR needs a word on each side, e.g. strike OR walkout")
    out = tuple(tuple(g) for g in groups if g)
    if not out:
        raise SearchSyntaxError(f"search {text!r}: no word to search for; type at least one word")
    return out


def to_fts5(query: SearchQuery) -> str:
    """The FTS5 MATCH expression of `query` (every word quoted, so no FTS5 syntax leaks)."""

    def term(t: Term) -> str:
        quoted = '"' + " ".join(w.replace('"', "") for w in t.words) + '"'
        return quoted + ("*" if t.prefix else "")

    return " OR ".join("(" + " AND ".join(term(t) for t in g) + ")" for g in query)


def to_tsquery(query: SearchQuery, config: str = "english") -> tuple[str, list[str]]:
    """SQL for a tsquery of `query` and its arguments. Words and phrases go through
    plainto_/phraseto_tsquery (stemmed and stop words dropped, as they are indexed);
    a prefix is one quoted lexeme of \\w characters, so the user writes no tsquery syntax."""
    groups_sql: list[str] = []
    args: list[str] = []
    for g in query:
        parts = []
        for t in g:
            if t.prefix:
                parts.append(f"to_tsquery('{config}', %s)")
                args.append("'" + fold(t.words[0]) + "':*")
            elif len(t.words) == 1:
                parts.append(f"plainto_tsquery('{config}', %s)")
                args.append(fold(t.words[0]))
            else:
                parts.append(f"phraseto_tsquery('{config}', %s)")
                args.append(fold(" ".join(t.words)))
        groups_sql.append("(" + " && ".join(parts) + ")")
    return "(" + " || ".join(groups_sql) + ")", args
