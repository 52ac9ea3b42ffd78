"""Token features for the attribution CRF (source / cue / content BIO tags).

One sequence per paragraph, so that quotes split over sentences ("A," she said. "B.")
stay in one sequence. Features are plain strings ("name=value"), the fastest input for
python-crfsuite. The same code serves training (scripts/train_attribution.py) and
tagging (statements.py), so the two cannot drift apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_SPACE,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SHAPE,
    TAG,
)
from spacy.tokens import Doc

# Quote marks that open/close a quotation. '' and `` are the NYT's ASCII forms.
QUOTE_RE = re.compile(r"''|``|[\"“”„‟«»]|\n")
OPENERS = frozenset("“„‟«`")
CLOSERS = frozenset("”»")

# Cue-lexicon score buckets: share of a lemma's train occurrences inside a gold cue.
CUE_BUCKETS = ((0.5, "hi"), (0.2, "mid"), (0.05, "lo"))
CUE_MIN = 0.05


def quote_states(text: str) -> tuple[list[int], list[int]]:
    """Positions of quote marks/newlines and the inside-quote state right after each.

    Straight quotes (and '') toggle; curly ones open or close; a newline closes any
    quote left open, because a paragraph that continues a quote re-opens it.
    """
    pos, state, inside = [], [], 0
    for m in QUOTE_RE.finditer(text):
        ch = m.group()
        if ch == "\n":
            inside = 0
        elif ch[0] in OPENERS:
            inside = 1
        elif ch[0] in CLOSERS:
            inside = 0
        else:
            inside = 1 - inside
        pos.append(m.start())
        state.append(inside)
    return pos, state


def inside_quote(pos: list[int], state: list[int], idx: int) -> int:
    """1 when character `idx` lies inside a quotation."""
    k = bisect_left(pos, idx)
    return state[k - 1] if k else 0


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    return "4-6" if n <= 6 else ("7-12" if n <= 12 else "13+")


_STR: dict[int, str] = {}  # hash -> string, shared across docs (the StringStore is stable)
ATTRS = [
    LOWER,
    LEMMA,
    POS,
    TAG,
    DEP,
    HEAD,
    ENT_IOB,
    ENT_TYPE,
    SHAPE,
    SENT_START,
    ORTH,
    IDX,
    IS_SPACE,
]
QUOTE_TOKENS = frozenset(('"', "“", "”", "''", "``", "«", "»"))
CUE_POS = frozenset(("VERB", "NOUN", "AUX", "ADP", "ADJ"))
IOB = ("", "I", "O", "B")


def _strings(doc: Doc, column: Any) -> list[str]:
    store = doc.vocab.strings
    out = []
    for h in column.tolist():
        s = _STR.get(h)
        if s is None:
            s = _STR[h] = store[h] if h else ""
        out.append(s)
    return out


def _cue_class(score: float) -> str:
    for cut, name in CUE_BUCKETS:
        if score >= cut:
            return name
    return ""


@dataclass
class DocInfo:
    """Per-token columns of a parsed doc, read once (Token objects are slow to create)."""

    n: int
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    iob: list[int]
    ent_type: list[str]
    shape: list[str]
    orth: list[str]
    idx: list[int]
    sent_start: list[int]
    sent_id: list[int]
    paragraphs: list[tuple[int, int]]
    qpos: list[int]
    qstate: list[int]

    def ends(self, i: int) -> int:
        return self.idx[i] + len(self.orth[i])

    def in_quote(self, i: int) -> int:
        return inside_quote(self.qpos, self.qstate, self.idx[i])

    def is_ancestor(self, anc: int, i: int) -> bool:
        """True when token `anc` governs token `i` (not counting i itself)."""
        node, hops = i, 0
        while self.head[node] != node and hops < 40:
            node, hops = self.head[node], hops + 1
            if node == anc:
                return True
        return False


def doc_info(doc: Doc) -> DocInfo:
    """Read the columns of `doc` needed by the features and the grouping."""
    n = len(doc)
    arr = doc.to_array(ATTRS)
    lower, lemma, pos, tag, dep = (_strings(doc, arr[:, k]) for k in range(5))
    ent_type, shape, orth = (
        _strings(doc, arr[:, 7]),
        _strings(doc, arr[:, 8]),
        _strings(doc, arr[:, 10]),
    )
    sstart = arr[:, 9].tolist()
    sent_start, sent_id = [0] * n, [0] * n
    cur, k = 0, -1
    for i in range(n):
        if sstart[i] == 1 or i == 0:
            cur, k = i, k + 1
        sent_start[i], sent_id[i] = cur, k
    paras, start = [], 0
    for i, (o, sp) in enumerate(zip(orth, arr[:, 12].tolist(), strict=True)):
        if sp and "\n" in o:
            if i > start:
                paras.append((start, i))
            start = i + 1
    if start < n:
        paras.append((start, n))
    qpos, qstate = quote_states(doc.text)
    return DocInfo(
        n=n,
        lower=lower,
        lemma=[x.lower() for x in lemma],
        pos=pos,
        tag=tag,
        dep=dep,
        head=[i + h for i, h in enumerate(arr[:, 5].astype("int64").tolist())],
        iob=arr[:, 6].tolist(),
        ent_type=ent_type,
        shape=shape,
        orth=orth,
        idx=arr[:, 11].tolist(),
        sent_start=sent_start,
        sent_id=sent_id,
        paragraphs=paras,
        qpos=qpos,
        qstate=qstate,
    )


def doc_features(info: DocInfo, lexicon: Mapping[str, float]) -> list[list[list[str]]]:
    """Per-token features for each paragraph of the doc (see info.paragraphs)."""
    n = info.n
    if not n:
        return []
    lower, lemma, pos, tag, dep, head = (
        info.lower,
        info.lemma,
        info.pos,
        info.tag,
        info.dep,
        info.head,
    )
    iob, ent_type, shape, orth, idx = info.iob, info.ent_type, info.shape, info.orth, info.idx
    sent_start, sent_id = info.sent_start, info.sent_id
    qpos, qstate = info.qpos, info.qstate
    cue_cls = [_cue_class(lexicon.get(lm, 0.0)) for lm in lemma]
    is_cue = [bool(c) and p in CUE_POS for c, p in zip(cue_cls, pos, strict=True)]
    for i in range(n - 1):  # "according to" is a cue of its own
        if lower[i] == "according" and lower[i + 1] == "to":
            is_cue[i] = True
            cue_cls[i] = "acc"
    qf = [
        "q" if orth[i] in QUOTE_TOKENS else str(inside_quote(qpos, qstate, idx[i]))
        for i in range(n)
    ]
    pd = [p + "|" + d for p, d in zip(pos, dep, strict=True)]
    gdep, ghops = _governing(head, dep, is_cue)
    out = []
    for pstart, pend in info.paragraphs:
        para_cues = [i for i in range(pstart, pend) if is_cue[i]]
        cues_by_sent = _by_sentence(para_cues, sent_start)
        para_has_cue = "pc=1" if para_cues else "pc=0"
        first_sent = sent_id[pstart]
        fq = "fq=1" if qf[pstart] == "q" and not para_cues else "fq=0"
        feats = []
        for i in range(pstart, pend):
            h = head[i]
            lw, d, q = lower[i], dep[i], qf[i]
            nd = _nearest_cue(cues_by_sent.get(sent_start[i], ()), i)
            near = cue_cls[i + nd] if nd != NO_CUE else ""
            g = gdep[i]
            f = [
                "b",
                "w=" + lw,
                "l=" + lemma[i],
                "p=" + pos[i],
                "t=" + tag[i],
                "d=" + d,
                "pd=" + pd[i],
                "sh=" + shape[i][:4],
                "q=" + q,
                "e=" + (IOB[iob[i]] + ent_type[i] if ent_type[i] else "O"),
                "hl=" + lemma[h],
                "hp=" + pos[h],
                "hd=" + dep[h],
                "dhl=" + d + "|" + lemma[h],
                "cue=" + cue_cls[i],
                "hcue=" + cue_cls[h],
                "g=" + g,
                "gh=" + _bucket(ghops[i]),
                "gq=" + g + "|" + q,
                "nd=" + (("L" if nd < 0 else "R") + _bucket(abs(nd)) if nd != NO_CUE else "none"),
                "nc=" + near,
                "ss=1" if i == sent_start[i] else "ss=0",
                "si=" + _bucket(sent_id[i] - first_sent),
                para_has_cue,
                fq,
                "w-1w=" + (lower[i - 1] if i > pstart else "<s>") + "|" + lw,
                "w+1w=" + lw + "|" + (lower[i + 1] if i + 1 < pend else "</s>"),
            ]
            for off in (-2, -1, 1, 2):
                j = i + off
                if pstart <= j < pend:
                    f.append(f"{off}w={lower[j]}")
                    f.append(f"{off}pd={pd[j]}")
                    f.append(f"{off}q={qf[j]}")
                else:
                    f.append(f"{off}w=<pad>")
            feats.append(f)
        out.append(feats)
    return out


NO_CUE = 99  # also the distance from which a cue no longer counts as near


def _by_sentence(cues: list[int], sent_start: list[int]) -> dict[int, list[int]]:
    """The cue positions of each sentence (keyed by its first token), ascending."""
    out: dict[int, list[int]] = {}
    for c in cues:
        out.setdefault(sent_start[c], []).append(c)
    return out


def _nearest_cue(cues: list[int] | tuple[()], i: int) -> int:
    """Offset from token `i` to the nearest of `cues` (ascending), the left one on a tie;
    NO_CUE when none is closer than NO_CUE tokens. A bisection, so that features stay
    linear in the paragraph however many cues it holds."""
    k = bisect_left(cues, i)
    best = NO_CUE
    if k:
        best = cues[k - 1] - i
    if k < len(cues) and cues[k] - i < abs(best):
        best = cues[k] - i
    return best if abs(best) < NO_CUE else NO_CUE


def _governing(head: list[int], dep: list[str], is_cue: list[bool]) -> tuple[list[str], list[int]]:
    """For each token, the dependency label just below its nearest cue ancestor, and the hops."""
    n = len(head)
    gdep, ghops = [""] * n, [0] * n
    for i in range(n):
        child, node, hops = i, head[i], 1
        while node != child and hops < 8:
            if is_cue[node]:
                gdep[i], ghops[i] = dep[child], hops
                break
            child, node, hops = node, head[node], hops + 1
    return gdep, ghops


def stack_features(info: DocInfo, feats: list[list[list[str]]], labels: list[str]) -> None:
    """Add second-pass features from first-pass labels (one per token) to `feats`, in place.

    They let the second tagger see the whole predicted attribution: where the predicted
    cue is, how the token hangs from it, and what the neighbours were tagged.
    """
    roles = [lab[2:] if lab != "O" else "O" for lab in labels]
    is_cue = [r == "C" for r in roles]
    gdep, ghops = _governing(info.head, info.dep, is_cue)
    for (pstart, pend), pfeats in zip(info.paragraphs, feats, strict=True):
        sent_roles: dict[int, set[str]] = {}
        cues = [i for i in range(pstart, pend) if is_cue[i]]
        cues_by_sent = _by_sentence(cues, info.sent_start)
        for i in range(pstart, pend):
            sent_roles.setdefault(info.sent_start[i], set()).add(roles[i])
        for i in range(pstart, pend):
            f = pfeats[i - pstart]
            ss = info.sent_start[i]
            nd = _nearest_cue(cues_by_sent.get(ss, ()), i)
            g = gdep[i]
            f.extend(
                (
                    "p1=" + labels[i],
                    "p1h=" + roles[info.head[i]],
                    "p1g=" + g,
                    "p1gh=" + _bucket(ghops[i]),
                    "p1gr=" + g + "|" + roles[i],
                    "p1nd=" + (("L" if nd < 0 else "R") + _bucket(abs(nd)) if nd != NO_CUE else "none"),
                    "p1s=" + "".join(sorted(sent_roles[ss])),
                    "p1pc=" + ("1" if cues else "0"),
                )
            )
            for off in (-2, -1, 1, 2):
                j = i + off
                f.append(f"p1{off}=" + (labels[j] if pstart <= j < pend else "<pad>"))
