"""Attributed statements as spans: content, source and cue, and the kind of quote.

A linear-chain CRF (weights in data/, built by scripts/train_attribution.py from PolNeAR
train) tags each token as part of a source, a cue or a content span (BIO tags, one
sequence per paragraph). A grouping step then turns the tagged spans into statements:
each cue takes the content spans and the source next to it, a quote split around its cue
("A," she said. "B.") becomes one statement with several content spans, and a quoted
paragraph without a cue continues the previous paragraph's speaker. Without the weights
file, reporting-verb rules take over (with a warning).
"""

from __future__ import annotations

import json
import os
import warnings
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc

from claimledger.extraction import contextual
from claimledger.extraction import statement_checks as checks
from claimledger.extraction.boilerplate import boilerplate_spans
from claimledger.extraction.crf_features import (
    QUOTE_TOKENS,
    DocInfo,
    doc_features,
    doc_info,
    stack_features,
)
from claimledger.extraction.postposed import find_postposed
from claimledger.record import Span

REPORTING_LEMMAS = frozenset(
    "say tell add state claim announce report deny confirm warn insist argue write".split()
)
MODEL_FILES = ("attribution.crfsuite", "attribution_stack.crfsuite")
LEXICON_FILE = "attribution_lexicon.json"

# Grouping steps beyond "each cue takes its nearest content and source", switchable for
# ablations. PolNeAR dev e2e F1 with the step off, all others on (0.657 with all on):
# SNAP 0.656, SOURCE_FALLBACK 0.650, ACCORDING_TO 0.653, FLOATING 0.657. FLOATING is kept
# because quotes continued over paragraphs are common outside PolNeAR.
SNAP = "extend"  # extend unquoted content to the end of the cue's complement subtree
SOURCE_FALLBACK = True  # no tagged source: take the cue verb's grammatical subject
ACCORDING_TO = True  # "according to X" the tagger missed
FLOATING = True  # an untagged quoted paragraph after a statement continues it
POSTPOSED = True  # "..., officials said.": rule pass over the parse (postposed.py)
CHECKS = True  # statement_checks.py: acts, coordinated cues, asides, impossible sources
LEAD_CUT = True  # "said on Friday that ...": the content starts at the complement
SENTENCE_CUT = True  # unquoted content stops at the end of its cue's sentence
POSTPOSED_OVERLAP = 0.5  # share of a post-posed content another cue's content may hold


# The stacked second CRF pass (first-pass labels as extra features) is opt-in: PolNeAR dev
# e2e F1 0.657 with it, 0.651 without; it costs about 5% more of the parse time, which takes
# extraction past its 15% budget (18.6% against 13.4%). `--accurate` on the CLI sets it.
STACKED_ENV = "CLAIMLEDGER_STACKED"


def stacked() -> bool:
    """Whether the stacked second pass runs (env CLAIMLEDGER_STACKED=1, e.g. via --accurate)."""
    return os.environ.get(STACKED_ENV, "") not in ("", "0", "false", "no")


@dataclass
class Statement:
    """The spans of one attribution, before its speaker and stance are resolved."""

    content: list[Span]
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    kind: str = "indirect"  # direct | indirect | mixed | according_to


@dataclass
class _TSpan:
    """A run of tokens [start, end) tagged with one role: S(ource), C(ue) or T (content)."""

    role: str
    start: int
    end: int


@cache
def _load_crf() -> tuple[list[Any], dict[str, float]] | None:
    """The CRF taggers (first pass, and the stacked second pass if shipped) and the cue
    lexicon from data/, or None when the weights are missing."""
    data = resources.files("claimledger.extraction") / "data"
    lexicon = data / LEXICON_FILE
    if not ((data / MODEL_FILES[0]).is_file() and lexicon.is_file()):
        warnings.warn(
            f"attribution model {MODEL_FILES[0]} not found in {data}; using reporting-verb "
            "rules. Build it with `python scripts/train_attribution.py`.",
            stacklevel=3,
        )
        return None
    import pycrfsuite  # only needed with the model

    taggers = []
    for name in MODEL_FILES:
        if not (data / name).is_file():
            break
        tagger = pycrfsuite.Tagger()
        with resources.as_file(data / name) as path:
            tagger.open(str(path))
        taggers.append(tagger)
    return taggers, json.loads(lexicon.read_text(encoding="utf-8"))


def find_statements(doc: Doc) -> list[Statement]:
    """Every attributed statement in `doc`, as character spans."""
    crf = _load_crf()
    if crf is None:
        return _outside_boilerplate(doc.text, _rule_statements(doc))
    info = doc_info(doc)
    labels = tag_tokens(info, *crf)
    if contextual.enabled():  # the optional MiniLM tagger (extraction/contextual/)
        labels = contextual.relabel(doc, info, *crf, labels)
    return _outside_boilerplate(doc.text, group_statements(doc, info, labels))


def _outside_boilerplate(text: str, statements: list[Statement]) -> list[Statement]:
    """`statements` without those whose content starts in page boilerplate (boilerplate.py)."""
    spans = boilerplate_spans(text)
    if not spans:
        return statements
    return [
        st for st in statements
        if not (st.content and any(a <= st.content[0][0] < b for a, b in spans))
    ]


def tag_tokens(info: DocInfo, taggers: list[Any], lexicon: dict[str, float]) -> list[str]:
    """One BIO label per token (O for the newline tokens between paragraphs)."""
    feats = doc_features(info, lexicon)
    labels = ["O"] * info.n
    for (start, end), f in zip(info.paragraphs, feats, strict=True):
        labels[start:end] = taggers[0].tag(f)
    if len(taggers) > 1 and stacked():
        stack_features(info, feats, labels)
        for (start, end), f in zip(info.paragraphs, feats, strict=True):
            labels[start:end] = taggers[1].tag(f)
    return labels


def _spans(labels: list[str]) -> list[_TSpan]:
    out: list[_TSpan] = []
    prev = "O"
    for i, lab in enumerate(labels):
        if lab == "O":
            prev = lab
            continue
        role = lab[2:]
        if lab[0] == "B" or prev == "O" or prev[2:] != role:
            out.append(_TSpan(role, i, i + 1))
        else:
            out[-1].end = i + 1
        prev = lab
    return out


def _is_ancestor(info: DocInfo, anc: int, start: int, end: int) -> bool:
    """True when token `anc` governs the root of some token run of [start, end)."""
    for i in range(start, end):
        head = info.head[i]
        if (head < start or head >= end or head == i) and info.is_ancestor(anc, i):
            return True
    return False


def group_statements(doc: Doc, info: DocInfo, labels: list[str]) -> list[Statement]:
    """Statements from per-token BIO labels: content and source spans joined to cues."""
    sent_of = info.sent_id
    spans = _spans(labels)
    out: list[Statement] = []
    # (source, cue) a quoted paragraph without a cue continues: the last statement of the
    # previous paragraph, or a cue there that introduced a quote it did not hold ("X said:")
    last: tuple[list[Span], list[Span]] | None = None
    pending: tuple[list[Span], list[Span]] | None = None
    open_quote = False  # the previous paragraph left a quote open: the next one continues it
    starts = [s.start for s in spans]  # spans are in text order
    for pstart, pend in info.paragraphs:
        para = spans[bisect_left(starts, pstart):bisect_left(starts, pend)]
        cues = [s for s in para if s.role == "C"]
        was_open = open_quote
        open_quote = info.in_quote(pend - 1) == 1 and info.orth[pend - 1] not in QUOTE_TOKENS
        label = _transcript_label(info, pstart, pend)
        if label is not None:
            out.append(label)
            last = pending = None
            continue
        if not cues:
            floating = [s for s in para if s.role == "T"]
            if not floating and info.orth[pstart] in QUOTE_TOKENS and FLOATING:
                floating = [_TSpan("T", pstart, pend)]
            head = pending or last
            last = pending = None
            if floating and head:
                st = _statement(info, floating, [], [])
                st.source, st.cue = list(head[0]), list(head[1])
                out.append(st)
                if was_open:  # a quote running over several paragraphs keeps its speaker
                    last = head
            continue
        contents: dict[int, list[_TSpan]] = {k: [] for k in range(len(cues))}
        cue_starts = [c.start for c in cues]
        for t in (s for s in para if s.role == "T"):
            contents[_best_cue(info, cues, cue_starts, t)].append(t)
        # a cue whose complement holds a nested attribution ("X said Y thinks Z") takes the
        # nested source, cue and content as its own content
        for k, c in enumerate(cues):
            if contents[k]:
                continue
            for k2 in range(k + 1, len(cues)):
                c2 = cues[k2]
                if sent_of[c2.start] != sent_of[c.start]:
                    break  # cues are in text order: the later ones are in later sentences
                if not contents[k2]:
                    continue
                if _is_ancestor(info, c.start, c2.start, c2.end):
                    lo = c.end
                    while lo < c2.start and (info.pos[lo] == "PUNCT" or info.lower[lo] == "that"):
                        lo += 1
                    hi = max(t.end for t in contents[k2])
                    contents[k] = [_TSpan("T", lo, hi)]
                break
        sources: dict[int, list[_TSpan]] = {}  # by sentence
        for src_span in (s for s in para if s.role == "S"):
            sources.setdefault(sent_of[src_span.start], []).append(src_span)
        last = pending = None
        used: list[_TSpan] = []
        for k, c in enumerate(cues):
            contents[k] = [t for t in contents[k] if _has_word(info, t)]
            src = _pick_source(info, c, sources.get(sent_of[c.start], []))
            if src is None and SOURCE_FALLBACK:
                src = _subject(doc, info, c)
            if not contents[k]:
                if k == len(cues) - 1:
                    pending = (
                        [_char_span(info, src.start, src.end)] if src else [],
                        [_char_span(info, c.start, c.end)],
                    )
                continue
            if SNAP and len(contents[k]) == 1:
                contents[k] = [_snap(doc, info, c, contents[k][0])]
            st = _statement(info, contents[k], [src] if src else [], [c])
            out.append(st)
            used.append(c)
            last = (st.source, st.cue)
        if ACCORDING_TO:
            out.extend(_according_to(doc, info, pstart, pend, used))
    if POSTPOSED:
        _add_postposed(doc.text, info, out)
    if CHECKS:
        out = _checked(doc, out)
    return out


def _checked(doc: Doc, statements: list[Statement]) -> list[Statement]:
    """`statements` without acts taken for speech, with coordinated cues split, trailing
    asides cut and sources that cannot be sources removed (statement_checks.py)."""
    text = doc.text
    out: list[Statement] = []
    cue_starts = {c[0] for st in statements for c in st.cue}
    for st in statements:
        if checks.is_action(doc, st.content, st.cue, st.kind):
            continue
        if st.kind == "mixed" and (own := checks.own_reporting_verb(doc, st.content)) is not None:
            # the quotation is that clause's, not the cue's: '..., "A," said one person'
            start = st.content[0][0]
            quote_end = doc[own.i - 1].idx + len(doc[own.i - 1])
            st = Statement(content=[checks.trim((start, quote_end), quote_end, text)],
                           source=checks.subject_span(doc, [(own.idx, own.idx + len(own))]),
                           cue=[(own.idx, own.idx + len(own))], kind="direct")
        if (other := checks.other_sentence_attribution(doc, st.content, st.cue)) is not None:
            # that part is another sentence's own attribution: it becomes that claim
            k, verb = other
            ccomp = next(c for c in verb.children if c.dep_ == "ccomp")
            start, end = ccomp.left_edge.idx, ccomp.right_edge.idx + len(ccomp.right_edge)
            out.append(Statement(content=[checks.trim((start, end), end, text)],
                                 source=checks.subject_span(doc, [(verb.idx, verb.idx + len(verb))]),
                                 cue=[(verb.idx, verb.idx + len(verb))], kind="indirect"))
            st.content = [p for i, p in enumerate(st.content) if i != k]
            if st.kind == "mixed" and all(text[a:b].lstrip()[:1] in '"“' for a, b in st.content):
                st.kind = "direct"  # the part taken away was its only unquoted one
        if st.source and checks.is_dateline(doc, st.source):
            st.source = checks.subject_span(doc, st.cue)
        if checks.is_question_put(doc, st.cue):
            continue  # "Asked whether ...": the question put to the speaker is no claim
        if st.kind == "indirect" and len(st.content) == 1 and LEAD_CUT:
            if (start := checks.complement_start(doc, st.content[0], st.cue)) is not None:
                st.content = [(start, st.content[0][1])]
        if st.kind == "indirect" and len(st.content) == 1 and SENTENCE_CUT:
            cut = checks.sentence_end(doc, st.content[0], st.cue)
            if cut is not None and any(
                o is not st and _overlap(o.cue + o.source, [(cut, st.content[0][1])]) for o in statements
            ):
                # it ran into a sentence that holds another attribution's cue or source
                st.content = [checks.trim(st.content[0], cut, text)]
        if st.kind == "indirect" and len(st.content) == 1:
            if (cut := checks.aside_start(doc, st.content[0])) is not None:
                st.content = [checks.trim(st.content[0], cut, text)]
            if (co := checks.coordinated_cue(doc, st.content[0], st.cue)) is not None:
                verb = co.verb
                st.content = [checks.trim(st.content[0], co.cut, text)]
                if co.speech and verb.idx not in cue_starts and verb.right_edge.i > verb.i:
                    start, end = doc[verb.i + 1].idx, verb.right_edge.idx + len(verb.right_edge)
                    second = Statement(content=[checks.trim((start, end), end, text)],
                                       source=co.subject or list(st.source),
                                       cue=[(verb.idx, verb.idx + len(verb))])
                    out.append(second)
        out.append(st)
    out.sort(key=lambda s: s.content[0][0] if s.content else 0)
    return out


def _overlap(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _trim_end(text: str, span: Span) -> Span:
    """`span` without trailing spaces and punctuation."""
    a, b = span
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:.-—–"):
        b -= 1
    return (a, b)


def _add_postposed(text: str, info: DocInfo, out: list[Statement]) -> None:
    """Post-posed reporting clauses ("..., officials said."): a tagged statement with the
    same cue takes the whole preceding clause as content; an untagged one is added."""
    for pstart, pend in info.paragraphs:
        for pc in find_postposed(info, pstart, pend):
            parts = [pc.content] if pc.rest is None else [pc.content, pc.rest]
            content = [_char_span(info, *p) for p in parts]
            kind = _kind(info, [_TSpan("T", *p) for p in parts], "")
            cue = [_char_span(info, *pc.cue)]
            source = [_char_span(info, *pc.source)] if pc.source else []
            same_cue = next((st for st in out if _overlap(st.cue, cue)), None)
            if same_cue is not None:
                if same_cue.kind != "direct":
                    same_cue.content, same_cue.kind = content, kind
                    if source and (not same_cue.source or _overlap(same_cue.source, source)):
                        same_cue.source = source  # the whole subject of the reporting verb
                continue
            c0, size = content[0][0], sum(b - a for a, b in content)
            rivals = [st for st in out if _overlap(st.content, content) and not _overlap(st.cue, content)]
            for st in rivals:
                # another cue's content ran on into this sentence: it ends where this begins
                if st.kind == "indirect" and st.content[0][0] < c0 and st.cue[0][1] <= c0:
                    st.content = [(a, min(b, c0)) for a, b in st.content if a < c0]
                    st.content[-1] = _trim_end(text, st.content[-1])
            if any(_overlap(st.content, content) > POSTPOSED_OVERLAP * size for st in rivals):
                continue
            out.append(Statement(content=content, source=source, cue=cue, kind=kind))


def _transcript_label(info: DocInfo, pstart: int, pend: int) -> Statement | None:
    """A transcript paragraph, "SPEAKER: words", with the upper-case label as source."""
    i = pstart + (1 if info.orth[pstart] in QUOTE_TOKENS else 0)
    j = i
    while j < min(pend, i + 4) and info.orth[j].isupper() and info.orth[j][:1].isalpha():
        j += 1
    if j == i or j >= pend - 1 or info.orth[j] != ":" or len("".join(info.orth[i:j])) < 3:
        return None
    content = _TSpan("T", j + 1, pend)
    if not _has_word(info, content):
        return None
    return _statement(info, [content], [_TSpan("S", i, j)], [_TSpan("C", j, j + 1)])


def _has_word(info: DocInfo, t: _TSpan) -> bool:
    return any(info.orth[i][:1].isalnum() for i in range(t.start, t.end))


def _according_to(
    doc: Doc, info: DocInfo, pstart: int, pend: int, cues: list[_TSpan]
) -> list[Statement]:
    """Statements for "according to X" phrases the tagger missed: X is the source and the
    rest of the clause the content."""
    out = []
    for i in range(pstart, pend - 1):
        if info.lower[i] != "according" or info.lower[i + 1] != "to":
            continue
        if any(c.start <= i < c.end for c in cues):
            continue
        pobj = [c for c in doc[i + 1].children if c.dep_ == "pobj"]
        if not pobj:
            continue
        src = _TSpan("S", pobj[0].left_edge.i, pobj[0].right_edge.i + 1)
        # the clause the phrase modifies: its sentence, without the phrase itself
        s0 = max(info.sent_start[i], pstart)  # a sentence the parser ran over a paragraph break
        s1 = s0
        while s1 < pend and info.sent_start[s1] == s0:
            s1 += 1
        if i > s0 and src.end < s1 - 1 and info.orth[i - 1] != ",":
            continue  # mid-clause use ("rules according to which ..."): leave it to the tagger
        lo, hi = (src.end, s1) if i == s0 else (s0, i)
        while lo < hi and info.pos[lo] == "PUNCT":
            lo += 1
        while hi > lo and info.pos[hi - 1] == "PUNCT":
            hi -= 1
        content = _TSpan("T", lo, hi)
        if hi - lo < 3 or not _has_word(info, content):
            continue
        out.append(_statement(info, [content], [src], [_TSpan("C", i, i + 2)]))
    return out


SNAP_DEPS = ("ccomp", "xcomp", "dobj", "advcl", "prep", "pobj", "attr", "oprd")


def _snap(doc: Doc, info: DocInfo, cue: _TSpan, t: _TSpan) -> _TSpan:
    """Move the end of unquoted content `t` to the end of the cue's complement it starts in."""
    if info.in_quote(t.start) or t.start < cue.end:
        return t
    root = next(
        (
            i
            for i in range(cue.start, cue.end)
            if not cue.start <= info.head[i] < cue.end or info.head[i] == i
        ),
        cue.start,
    )
    node, hops = t.start, 0
    while info.head[node] != root and info.head[node] != node and hops < 30:
        node, hops = info.head[node], hops + 1
    if info.head[node] != root or info.dep[node] not in SNAP_DEPS:
        return t
    end = doc[node].right_edge.i + 1
    while end > t.start + 1 and info.pos[end - 1] == "PUNCT":
        end -= 1
    start = t.start
    if "start" in SNAP:
        left = doc[node].left_edge.i
        while left < t.start and (info.pos[left] == "PUNCT" or left < cue.end):
            left += 1
        start = min(start, left)
    if "extend" in SNAP and end > t.end or "cut" in SNAP and end < t.end:
        return _TSpan("T", start, end)
    return _TSpan("T", start, t.end)


def _cue_root(info: DocInfo, cue: _TSpan) -> int:
    for i in range(cue.start, cue.end):
        if not cue.start <= info.head[i] < cue.end or info.head[i] == i:
            return i
    return cue.start


def _subject(doc: Doc, info: DocInfo, cue: _TSpan) -> _TSpan | None:
    """The grammatical subject of a cue the tagger gave no source, if it has one.

    Participles and infinitives ("..., calling for", "wants to ban") take the subject of
    the verb they hang from.
    """
    tok = doc[_cue_root(info, cue)]
    if tok.i > 0 and info.orth[tok.i - 1] in QUOTE_TOKENS and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in tok.children
    ):
        # '"Why now?" asked one woman': after a quotation the inverted subject is the
        # speaker, even where the parser reads it as the object
        obj = [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i]
        if obj:
            return _TSpan("S", obj[0].left_edge.i, obj[0].right_edge.i + 1)
    for _ in range(3):
        # not nsubjpass: in "X was told" the subject is the hearer
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if subj:
            return _TSpan("S", subj[0].left_edge.i, subj[0].right_edge.i + 1)
        if tok.dep_ in ("xcomp", "advcl", "conj", "acl") and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    return None


SENT_COST = 40
SYNTAX_BONUS = 30


def _content_cost(info: DocInfo, cue: _TSpan, t: _TSpan) -> float:
    """How unlikely content `t` belongs to `cue`: linear gap, sentence gap, syntax."""
    gap = t.start - cue.end if t.start >= cue.end else cue.start - t.end
    cost = max(gap, 0) + SENT_COST * abs(info.sent_id[t.start] - info.sent_id[cue.start])
    if _is_ancestor(info, cue.start, t.start, t.end):
        cost -= SYNTAX_BONUS
    return cost


def _best_cue(info: DocInfo, cues: list[_TSpan], cue_starts: list[int], t: _TSpan) -> int:
    """The index of the cue of least `_content_cost` for content `t` (the first on a tie).

    Costs are at least the linear gap less SYNTAX_BONUS, and gaps grow from `t` outwards, so
    the search stops in each direction once that bound passes the best cost found: linear in
    a paragraph of many cues, where trying every cue was quadratic."""
    best = (float("inf"), -1)  # (cost, index): the least cost, the first index on a tie
    at = bisect_left(cue_starts, t.start)
    for ks in (range(at - 1, -1, -1), range(at, len(cues))):
        for k in ks:
            cue = cues[k]
            gap = t.start - cue.end if t.start >= cue.end else cue.start - t.end
            if max(gap, 0) - SYNTAX_BONUS > best[0]:
                break
            best = min(best, (_content_cost(info, cue, t), k))
    return best[1]


def _pick_source(info: DocInfo, cue: _TSpan, sources: list[_TSpan]) -> _TSpan | None:
    """The source span of `cue` among `sources`, those of its sentence: its subject if tagged,
    else the nearest."""
    if not sources:
        return None

    def cost(s: _TSpan) -> float:
        gap = s.start - cue.end if s.start >= cue.end else cue.start - s.end
        governed = any(cue.start <= info.head[i] < cue.end for i in range(s.start, s.end))
        return max(gap, 0) - (30 if governed else 0)

    return min(sources, key=cost)


def _char_span(info: DocInfo, start: int, end: int) -> Span:
    return (info.idx[start], info.ends(end - 1))


def _kind(info: DocInfo, contents: list[_TSpan], cue_text: str) -> str:
    """direct / mixed by how much of the content lies inside quote marks; according_to."""
    if cue_text.lower().startswith("according"):
        return "according_to"
    inside = outside = 0
    for t in contents:
        for i in range(t.start, t.end):
            if info.pos[i] in ("PUNCT", "SPACE"):
                continue
            if info.in_quote(i):
                inside += 1
            else:
                outside += 1
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


def _statement(
    info: DocInfo, contents: list[_TSpan], sources: list[_TSpan], cues: list[_TSpan]
) -> Statement:
    contents = sorted(contents, key=lambda t: t.start)
    cue_text = " ".join(info.lower[c.start] for c in cues)
    return Statement(
        content=[_char_span(info, t.start, t.end) for t in contents],
        source=[_char_span(info, s.start, s.end) for s in sources],
        cue=[_char_span(info, c.start, c.end) for c in cues],
        kind=_kind(info, contents, cue_text),
    )


def _rule_statements(doc: Doc) -> list[Statement]:
    """Fallback without the CRF: reporting verbs with a clausal complement, "according to"."""
    out = []
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            pobj = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            sent = tok.sent
            if pobj:
                src = list(pobj[0].subtree)
                rest = [t for t in sent if not (tok.i <= t.i <= src[-1].i) and not t.is_punct]
                if rest:
                    out.append(
                        Statement(
                            content=[(rest[0].idx, rest[-1].idx + len(rest[-1]))],
                            source=[(src[0].idx, src[-1].idx + len(src[-1]))],
                            cue=[(tok.idx, doc[tok.i + 1].idx + len(doc[tok.i + 1]))],
                            kind="according_to",
                        )
                    )
            continue
        if tok.lemma_ not in REPORTING_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not comps:
            continue
        sub = list(comps[0].subtree)
        source = []
        if subj:
            src = list(subj[0].subtree)
            source = [(src[0].idx, src[-1].idx + len(src[-1]))]
        out.append(
            Statement(
                content=[(sub[0].idx, sub[-1].idx + len(sub[-1]))],
                source=source,
                cue=[(tok.idx, tok.idx + len(tok))],
            )
        )
    info = doc_info(doc)
    for st in out:
        if st.kind != "according_to":
            a, b = st.content[0]
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                st.kind = _kind(info, [_TSpan("T", span.start, span.end)], "")
    return out
