"""Reporting clauses after unquoted content: "The plant will close, officials said."

The commonest wire construction puts the reporting clause last, after a comma: the
content is the clause before it, back to the start of the sentence (or to the last ";"
or ":"), the source is the subject of the reporting verb, before it ("officials said")
or after it ("said Anna Reyes, a spokeswoman"). The CRF finds most quoted forms; this
rule pass over the parse finds the unquoted ones and fixes a content the tagger cut
short. Everything works on token indices of `DocInfo` so nothing is re-parsed.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger.extraction.crf_features import QUOTE_TOKENS, DocInfo

# Verbs that report speech or writing when they close a sentence after a comma.
POSTPOSED_LEMMAS = frozenset(
    """say tell add note write explain argue insist warn claim report announce acknowledge
    concede predict estimate contend suggest agree state confirm caution recall complain
    reply respond observe stress emphasize emphasise maintain assert allege testify
    believe think""".split()
)
SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass"))
# verbs in the reporting clause that belong to the subject's description, not the clause
_DESCRIPTIVE_DEPS = frozenset(("relcl", "acl", "amod", "appos", "pcomp", "pobj"))
_CLAUSE_BREAKS = frozenset((";", ":", "--", "—", "–"))
_COMPLEMENT_DEPS = frozenset(("ccomp", "xcomp", "advcl", "csubj"))
_NOT_IN_TAIL = frozenset("that which if whether because as".split())  # ", as Kyiv alleged": an aside
MAX_TAIL = 40  # tokens in the reporting clause, apposition included
MIN_CONTENT = 4  # tokens of content
_FINITE_TAGS = frozenset("VBD VBZ VBP MD".split())
# what may follow a reporting clause in the same sentence: "..., police said, and ...",
# "..., the agency said, as rescuers ..."
_TAIL_FOLLOWERS = frozenset("and but as after though although while whereas".split())


@dataclass
class PostposedClause:
    """Token ranges [start, end) of one post-posed attribution; `rest` is the part of the
    content after an interposed reporting clause ("A, she said, B"), if any."""

    content: tuple[int, int]
    source: tuple[int, int] | None
    cue: tuple[int, int]
    rest: tuple[int, int] | None = None


def _sentences(info: DocInfo, pstart: int, pend: int) -> list[tuple[int, int]]:
    out = []
    i = pstart
    while i < pend:
        j = i + 1
        while j < pend and info.sent_start[j] == info.sent_start[i]:
            j += 1
        out.append((i, j))
        i = j
    return out


def _reporting_tail(info: DocInfo, comma: int, end: int) -> tuple[int, tuple[int, int] | None] | None:
    """(cue token, source range) when tokens (comma, end) form a reporting clause."""
    tail = range(comma + 1, end)
    if not 1 <= len(tail) <= MAX_TAIL:
        return None
    cues = [i for i in tail if info.lemma[i] in POSTPOSED_LEMMAS and info.pos[i] == "VERB"]
    if len(cues) != 1:
        return None
    v = cues[0]
    for i in tail:
        if info.orth[i] in QUOTE_TOKENS or info.lower[i] in _NOT_IN_TAIL:
            return None
        if i < v and info.orth[i] == ",":
            return None  # "..., and, she said, ..." : not a clause of its own
        if i != v and info.pos[i] == "VERB" and (i < v or info.dep[i] not in _DESCRIPTIVE_DEPS):
            return None
        if i > v and info.head[i] == v and (info.dep[i] in _COMPLEMENT_DEPS or info.pos[i] == "AUX"):
            return None  # "..., the spokesman said the report was ready": a clause of its own
    subj = [i for i in tail if info.head[i] == v and info.dep[i] in SUBJECT_DEPS]
    if not subj:
        before = range(comma + 1, v)
        if not before or any(info.pos[i] in ("VERB", "AUX", "ADP") for i in before):
            return None
        return v, (before.start, before.stop)
    s = subj[0]
    lo = s
    while lo > comma + 1 and info.head[lo - 1] != v and info.is_ancestor(s, lo - 1):
        lo -= 1
    hi = s + 1
    while hi < end and info.head[hi] != v and info.is_ancestor(s, hi):
        hi += 1
    return v, (lo, hi)


def _tail_ends(info: DocInfo, s0: int, end: int) -> list[int]:
    """Where a reporting clause may end, rightmost first: the end of the sentence, or a
    comma before more of the sentence ("..., authorities said, and meetings were ...";
    "..., the affidavit stated, listing ..."; "..., the agency said, as rescuers ...")."""
    ends = [end]
    for k in range(end - 2, s0, -1):
        if info.orth[k] == "," and (info.lower[k + 1] in _TAIL_FOLLOWERS or info.tag[k + 1] == "VBG"):
            ends.append(k)
    return ends


def _content(info: DocInfo, s0: int, comma: int, need_verb: bool = True) -> tuple[int, int] | None:
    """The content before a reporting clause at `comma`: back to the sentence start, a dash,
    a colon or a semicolon; unquoted at its start (a quotation is the tagger's job)."""
    start = s0
    for k in range(s0, comma):
        # a spaced hyphen counts as a dash ("LONDON (Reuters) - Britain will ...")
        if info.orth[k] in _CLAUSE_BREAKS or info.orth[k] == "-" and (
            k > 0 and info.idx[k] > info.ends(k - 1)
        ):
            start = k + 1
    while start < comma and info.pos[start] in ("PUNCT", "SPACE"):
        start += 1
    if comma - start < (MIN_CONTENT if need_verb else 1):
        return None
    if info.in_quote(start) or info.orth[start] in QUOTE_TOKENS:
        return None
    if need_verb and not any(info.pos[k] in ("VERB", "AUX") for k in range(start, comma)):
        return None
    quoted = sum(1 for k in range(start, comma) if info.in_quote(k))
    if 2 * quoted > comma - start:
        return None  # mostly a quotation: the tagger's job
    return start, comma


def _interposed(info: DocInfo, s0: int, end: int) -> PostposedClause | None:
    """ "<A>, <source> <reporting verb>, <B>." with A an unquoted clause opening that B
    goes on with ("The museum, the mayor said, will open in May"): the content is A and B.
    When A is a whole clause, B is the journalist's ("..., the agency said, as rescuers
    ..."), and the post-posed rule takes A alone."""
    commas = [k for k in range(s0 + 1, end - 1) if info.orth[k] == ","]
    for c1, c2 in zip(commas, commas[1:], strict=False):
        found = _reporting_tail(info, c1, c2)
        if found is None:
            continue
        v, source = found
        if info.tag[c2 + 1] == "VBG" or info.lower[c2 + 1] in ("and", "but"):
            return None  # "A, police said, citing B" / "..., and B": the post-posed case
        head = _content(info, s0, c1, need_verb=False)
        rest = (c2 + 1, end)
        if head is None or end - rest[0] < 2:
            return None
        if any(info.tag[k] in _FINITE_TAGS for k in range(*head)):
            return None  # A is a whole clause: what follows the reporting clause is an aside
        if any(info.orth[k] in QUOTE_TOKENS or info.in_quote(k) for k in range(*head)):
            return None  # B may go on into a quotation: "A, he added, are like 'bombs'"
        if not any(info.pos[k] in ("VERB", "AUX") for k in range(*rest)):
            return None  # B goes on with the clause: "..., police said, in a statement"
        return PostposedClause(head, source, (v, v + 1), rest)
    return None


def find_postposed(info: DocInfo, pstart: int, pend: int) -> list[PostposedClause]:
    """Every "<clause>, <source> <reporting verb> [adjuncts]." in paragraph [pstart, pend),
    and every "<A>, <source> <reporting verb>, <B>." (an interposed reporting clause)."""
    out = []
    for s0, s1 in _sentences(info, pstart, pend):
        end = s1
        while end > s0 and (info.pos[end - 1] in ("PUNCT", "SPACE")):
            end -= 1
        if (mid := _interposed(info, s0, end)) is not None:
            out.append(mid)
            continue
        for tail_end in _tail_ends(info, s0, end):
            # only the last comma before the clause's end can open it
            comma = next((k for k in range(tail_end - 2, s0, -1) if info.orth[k] == ","), None)
            if comma is None or (found := _reporting_tail(info, comma, tail_end)) is None:
                continue
            v, source = found
            if tail_end < end and info.tag[tail_end + 1] == "VBG" and info.head[tail_end + 1] != v:
                continue  # ", including ...", ", replacing X would ...": not the cue's own clause
            content = _content(info, s0, comma)
            if content is not None:
                out.append(PostposedClause(content, source, (v, v + 1)))
            break
    return out
