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
import warnings
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc

from claimledger.extraction.crf_features import doc_features, inside_quote, paragraphs, quote_states
from claimledger.record import Span

REPORTING_LEMMAS = frozenset(
    "say tell add state claim announce report deny confirm warn insist argue write".split()
)
MODEL_FILE = "attribution.crfsuite"
LEXICON_FILE = "attribution_lexicon.json"


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
def _load_crf() -> tuple[Any, dict[str, float]] | None:
    """The CRF tagger and cue lexicon shipped in data/, or None when missing."""
    data = resources.files("claimledger.extraction") / "data"
    model, lexicon = data / MODEL_FILE, data / LEXICON_FILE
    if not (model.is_file() and lexicon.is_file()):
        warnings.warn(
            f"attribution model {MODEL_FILE} not found in {data}; using reporting-verb rules. "
            "Build it with `python scripts/train_attribution.py`.",
            stacklevel=3,
        )
        return None
    import pycrfsuite  # only needed with the model

    tagger = pycrfsuite.Tagger()
    with resources.as_file(model) as path:
        tagger.open(str(path))
    return tagger, json.loads(lexicon.read_text(encoding="utf-8"))


def find_statements(doc: Doc) -> list[Statement]:
    """Every attributed statement in `doc`, as character spans."""
    crf = _load_crf()
    if crf is None:
        return _rule_statements(doc)
    return group_statements(doc, tag_tokens(doc, *crf))


def tag_tokens(doc: Doc, tagger: Any, lexicon: dict[str, float]) -> list[str]:
    """One BIO label per token (O for the newline tokens between paragraphs)."""
    labels = ["O"] * len(doc)
    for start, end, feats in doc_features(doc, lexicon):
        labels[start:end] = tagger.tag(feats)
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


def _is_ancestor(doc: Doc, anc: int, start: int, end: int) -> bool:
    """True when token `anc` governs the root of some token run of [start, end)."""
    a = doc[anc]
    for i in range(start, end):
        head = doc[i].head.i
        if (head < start or head >= end or head == i) and a.is_ancestor(doc[i]):
            return True
    return False


def group_statements(doc: Doc, labels: list[str]) -> list[Statement]:
    """Statements from per-token BIO labels: content and source spans joined to cues."""
    sent_of = [0] * len(doc)
    for k, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            sent_of[i] = k
    qpos, qstate = quote_states(doc.text)
    spans = _spans(labels)
    out: list[Statement] = []
    last: tuple[list[Span], list[Span]] | None = None  # (source, cue) of the latest statement
    for pstart, pend in paragraphs(doc):
        para = [s for s in spans if pstart <= s.start < pend]
        cues = [s for s in para if s.role == "C"]
        contents: dict[int, list[_TSpan]] = {k: [] for k in range(len(cues))}
        floating: list[_TSpan] = []
        for t in (s for s in para if s.role == "T"):
            if not cues:
                floating.append(t)
                continue
            contents[min(range(len(cues)), key=lambda k: _content_cost(doc, sent_of, cues[k], t))].append(t)
        # a cue whose complement holds a nested attribution ("X said Y thinks Z") takes the
        # nested source, cue and content as its own content
        for k, c in enumerate(cues):
            if contents[k]:
                continue
            for k2 in range(k + 1, len(cues)):
                c2 = cues[k2]
                if sent_of[c2.start] != sent_of[c.start] or not contents[k2]:
                    continue
                if _is_ancestor(doc, c.start, c2.start, c2.end):
                    lo = c.end
                    while lo < c2.start and (doc[lo].is_punct or doc[lo].lower_ == "that"):
                        lo += 1
                    hi = max(t.end for t in contents[k2])
                    contents[k] = [_TSpan("T", lo, hi)]
                break
        sources = [s for s in para if s.role == "S"]
        for k, c in enumerate(cues):
            if not contents[k]:
                continue
            src = _pick_source(doc, sent_of, c, sources)
            st = _statement(doc, qpos, qstate, contents[k], [src] if src else [], [c])
            out.append(st)
            last = (st.source, st.cue)
        for t in floating:
            if last is None or not inside_quote(qpos, qstate, doc[t.start].idx + 1):
                continue
            st = _statement(doc, qpos, qstate, [t], [], [])
            st.source, st.cue = list(last[0]), list(last[1])
            st.kind = _kind(doc, qpos, qstate, [t], "")
            out.append(st)
    return out


def _content_cost(doc: Doc, sent_of: list[int], cue: _TSpan, t: _TSpan) -> float:
    """How unlikely content `t` belongs to `cue`: linear gap, sentence gap, syntax."""
    gap = t.start - cue.end if t.start >= cue.end else cue.start - t.end
    cost = max(gap, 0) + 40 * abs(sent_of[t.start] - sent_of[cue.start])
    if _is_ancestor(doc, cue.start, t.start, t.end):
        cost -= 30
    return cost


def _pick_source(doc: Doc, sent_of: list[int], cue: _TSpan, sources: list[_TSpan]) -> _TSpan | None:
    """The source span of `cue`: its subject if tagged, else the nearest in the sentence."""
    same = [s for s in sources if sent_of[s.start] == sent_of[cue.start]]
    if not same:
        return None

    def cost(s: _TSpan) -> float:
        gap = s.start - cue.end if s.start >= cue.end else cue.start - s.end
        governed = any(doc[i].head.i in range(cue.start, cue.end) for i in range(s.start, s.end))
        return max(gap, 0) - (30 if governed else 0)

    return min(same, key=cost)


def _char_span(doc: Doc, start: int, end: int) -> Span:
    return (doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))


def _kind(doc: Doc, qpos: list[int], qstate: list[int], contents: list[_TSpan], cue_text: str) -> str:
    """direct / mixed by how much of the content lies inside quote marks; according_to."""
    if cue_text.lower().startswith("according"):
        return "according_to"
    inside = outside = 0
    for t in contents:
        for i in range(t.start, t.end):
            tok = doc[i]
            if tok.is_punct or tok.is_space:
                continue
            if inside_quote(qpos, qstate, tok.idx):
                inside += 1
            else:
                outside += 1
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


def _statement(
    doc: Doc, qpos: list[int], qstate: list[int], contents: list[_TSpan], sources: list[_TSpan], cues: list[_TSpan]
) -> Statement:
    contents = sorted(contents, key=lambda t: t.start)
    cue_text = " ".join(doc[c.start : c.end].text for c in cues)
    return Statement(
        content=[_char_span(doc, t.start, t.end) for t in contents],
        source=[_char_span(doc, s.start, s.end) for s in sources],
        cue=[_char_span(doc, c.start, c.end) for c in cues],
        kind=_kind(doc, qpos, qstate, contents, cue_text),
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
                    out.append(Statement(
                        content=[(rest[0].idx, rest[-1].idx + len(rest[-1]))],
                        source=[(src[0].idx, src[-1].idx + len(src[-1]))],
                        cue=[(tok.idx, doc[tok.i + 1].idx + len(doc[tok.i + 1]))],
                        kind="according_to",
                    ))
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
    qpos, qstate = quote_states(doc.text)
    for st in out:
        if st.kind != "according_to":
            a, b = st.content[0]
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                st.kind = _kind(doc, qpos, qstate, [_TSpan("T", span.start, span.end)], "")
    return out
