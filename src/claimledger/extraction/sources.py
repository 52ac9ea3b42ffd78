"""Source chains: whom the speaker of a claim cites (`via`).

Looked for around the cue ("..., Lee said, citing the agency"; "told reporters after being
briefed by X"; "according to X" outside the content) and at the top of the content ("the
agency confirmed that ..."; "according to X, ..."). The cited noun phrases are returned as
head tokens; `SpeakerResolver` turns them into names like any speaker.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimledger.extraction.speakers import ORG_NOUNS, PERSON_NOUNS, tokens_in
from claimledger.record import Span

CITING_VERBS = frozenset("cite quote".split())  # "citing X", "quoting X"
BRIEFING_VERBS = frozenset("brief inform tell advise".split())  # "briefed by X"
# Reporting verbs at the top of a content clause that pass on someone else's information.
RELAYING_VERBS = frozenset(
    "say tell confirm report announce state reveal disclose claim estimate find".split()
)
# quote marks that can open a quotation (typeset text sometimes opens with ” or »; ’ is
# left out because it is also the apostrophe)
OPENING_QUOTES = frozenset("\"“”‘«»'")
# Things (not people or bodies) that can be cited as a source: "citing a report". Other
# objects of "citing" are reasons ("citing concerns about safety"), not sources.
SOURCE_NOUNS = frozenset(
    """report study survey poll data statistic figure document record filing letter memo
    statement estimate assessment analysis intelligence source official media newspaper
    account testimony transcript email cable audit investigation review""".split()
)


def cue_verb(doc: Doc, cue: list[Span]) -> Token | None:
    """The verb of a cue: its syntactic head ("has alleged" -> "alleged")."""
    toks = tokens_in(doc, cue)
    ids = {t.i for t in toks}
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX")]
    heads = [t for t in verbs if t.head.i not in ids or t.head.i == t.i]
    return (heads or verbs or [None])[0]


def _according_to(tok: Token) -> Token | None:
    """The object of "according to" when `tok` is its "according"."""
    if tok.lower_ != "according":
        return None
    for to in tok.children:
        if to.lower_ == "to":
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        return next((c for c in nxt.children if c.dep_ == "pobj"), None)
    return None


def _cited_by(tok: Token) -> list[Token]:
    """Noun phrases that `tok` introduces as a source, if it is a citing construction."""
    lemma = tok.lemma_.lower()
    if lemma in CITING_VERBS and tok.tag_ == "VBG":
        return [c for c in tok.children if c.dep_ in ("dobj", "obj") and _may_be_source(c)]
    if lemma in BRIEFING_VERBS and tok.tag_ == "VBN":
        return [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    obj = _according_to(tok)
    return [obj] if obj is not None else []


def _may_be_source(tok: Token) -> bool:
    """A person, body or document rather than a reason ("citing safety concerns")."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    lemma = tok.lemma_.lower()
    return lemma in SOURCE_NOUNS or lemma in PERSON_NOUNS or lemma in ORG_NOUNS


def find_cited(doc: Doc, content: list[Span], source: list[Span], cue: list[Span]) -> list[Token]:
    """Head tokens of the sources a claim's speaker cites, in text order."""
    content_ids = {t.i for t in tokens_in(doc, content)}
    source_ids = {t.i for t in tokens_in(doc, source)}
    cited: list[Token] = []
    verb = cue_verb(doc, cue)
    if verb is not None:
        for tok in verb.subtree:
            if tok.i in content_ids or tok.i in source_ids:
                continue
            cited.extend(c for c in _cited_by(tok) if c.i not in source_ids)
    # the top of the content: "according to X, ..." or "the agency confirmed that ..."
    first = min(content_ids, default=None)
    quoted = first is not None and (
        doc[first].text[:1] in OPENING_QUOTES or first > 0 and doc[first - 1].text in OPENING_QUOTES
    )
    for i in sorted(content_ids):
        root = doc[i]
        if root.head.i in content_ids and root.head.i != root.i:
            continue
        for child in root.children:
            obj = _according_to(child)
            if obj is not None:
                cited.append(obj)
        if quoted:
            continue  # inside a quotation "X said ..." is what the speaker tells, not a source
        if root.lemma_.lower() in RELAYING_VERBS and any(c.dep_ == "ccomp" for c in root.children):
            cited.extend(c for c in root.children if c.dep_ == "nsubj" and c.i in content_ids)
    seen: set[int] = set()
    return [t for t in cited if not (t.i in seen or seen.add(t.i))]
