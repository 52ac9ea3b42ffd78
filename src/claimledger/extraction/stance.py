"""Stance of a claim: does the speaker assert it, deny it, or hedge it?

`deny` comes from the cue ("denied", "dismissed", "rejected") or from words in the content
that call something false ("groundless", "fake news", "no evidence"), unless a negation
scopes over them ("did not deny"). `hedge` comes from modality on the main predicate of the
content (could, may, appears, likely, reportedly, "remains to be seen") or from a condition
on it ("if ...", "should ... be true"). Everything else is `assert`. Markers deep inside a
second conjunct or a relative clause do not change the stance of the whole claim.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from claimledger.extraction.speakers import tokens_in
from claimledger.record import Span

DENY_CUES = frozenset("deny denial dismiss reject refute rebuff disavow dispute repudiate".split())
DENY_WORDS = frozenset("groundless baseless unfounded fabricated bogus".split())
# Only when said of the thing itself ("the report is false", "called it false"), not
# "a false alarm".
PREDICATIVE_DENY_WORDS = frozenset("false untrue inaccurate incorrect".split())
DENY_PHRASES = (("fake", "news"), ("no", "evidence"), ("no", "basis"), ("not", "true"))
HEDGE_MODALS = frozenset("could may might".split())
HEDGE_VERBS = frozenset("appear seem allege".split())  # "X is alleged to ..."
HEDGE_ADVERBS = frozenset(
    "likely possibly probably perhaps maybe reportedly allegedly apparently potentially "
    "presumably supposedly unlikely".split()
)
NEGATIONS = frozenset("not n't never no".split())
NEGATIVE_SUBJECTS = frozenset("nobody nothing none neither".split())  # "no one": det "no"
PERCEPTION_VERBS = frozenset("hear see watch observe spot".split())


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS and c.dep_ in ("advmod", "neg")
               for c in tok.children)


def _roots(toks: list[Token]) -> list[Token]:
    inside = {t.i for t in toks}
    return [t for t in toks if (t.head.i not in inside or t.head.i == t.i)
            and not t.is_punct and not t.is_space]


def _main_clauses(root: Token) -> list[Token]:
    """`root` and the clauses that carry its proposition: complements, not conjuncts.

    "This is an indication that he may ..." carries its claim in the noun's complement.
    A depth-first walk with its own stack: a run-on text can chain complements deeper than
    Python's recursion limit.
    """
    out: list[Token] = []
    stack = [iter((root,))]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        out.append(node)
        stack.append(_complements(node))
    return out


def _complements(root: Token) -> Iterator[Token]:
    for c in root.children:
        if c.dep_ == "ccomp":
            yield c
        elif c.dep_ in ("attr", "dobj", "acomp"):
            for g in c.children:
                if g.dep_ in ("acl", "ccomp") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in g.children
                ):
                    yield g


def _hedged(root: Token) -> bool:
    """Modality or a condition on the main predicate `root` of a content clause."""
    lemma = root.lemma_.lower()
    if lemma in HEDGE_VERBS:
        return True
    if lemma == "remain" and any(c.lemma_.lower() == "see" for c in root.subtree):
        return True  # "it remains to be seen"
    if _inverted_condition(root):
        return True
    for c in root.children:
        low, clemma = c.lower_, c.lemma_.lower()
        if c.dep_ in ("aux", "auxpass") and (clemma in HEDGE_MODALS or low in HEDGE_MODALS):
            if not _modal_of_fact(root, c):
                return True
        if c.dep_ in ("advmod", "acomp") and low in HEDGE_ADVERBS:
            return True
        if c.dep_ == "advcl" and (
            any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
            or _inverted_condition(c)
        ):
            return True
    return False


def _modal_of_fact(root: Token, modal: Token) -> bool:
    """A modal that states a fact, not the speaker's doubt: "no one could predict", "could
    not stop it" (ability denied), "could be heard shouting" (perception)."""
    if modal.lower_ == "could" and _negated(root):
        return True
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj and (subj[0].lower_ in NEGATIVE_SUBJECTS or any(
        d.lower_ == "no" for d in subj[0].children if d.dep_ == "det"
    )):
        return True
    passive = any(c.dep_ == "auxpass" for c in root.children)
    return passive and root.lemma_.lower() in PERCEPTION_VERBS


def _inverted_condition(clause: Token) -> bool:
    """A condition by inversion: "Should the report be true, ...", "Were they to ..."."""
    first = next((t for t in clause.subtree if not t.is_punct), clause)
    if first.lower_ not in ("should", "were", "had") or first.head.i != clause.i:
        return False
    subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    return bool(subj) and subj[0].i > first.i


def _governing_clause(tok: Token, inside: set[int]) -> Token:
    """The nearest verb above `tok` (or the top of the content when there is none)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i in inside and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _denied_in_content(toks: list[Token], main: set[int]) -> bool:
    """Words calling something false ("groundless", "no evidence") in a main clause."""
    inside = {t.i for t in toks}
    words = [t.lower_ for t in toks]
    for i, t in enumerate(toks):
        hit = t.lower_ in DENY_WORDS or (
            t.lower_ in PREDICATIVE_DENY_WORDS and t.dep_ in ("acomp", "oprd", "attr", "ROOT")
        ) or any(
            words[i] == a and i + 1 < len(words) and words[i + 1] == b for a, b in DENY_PHRASES
        )
        if not hit or _governing_clause(t, inside).i not in main:
            continue  # "..., and there was no evidence yet" in a second conjunct
        if not _negated(t.head if t.dep_ in ("acomp", "attr") else t):
            return True
    return False


def find_stance(doc: Doc, content: list[Span], cue: list[Span]) -> str:
    """`deny`, `hedge` or `assert` for a claim with these content and cue spans."""
    cue_toks = [t for t in tokens_in(doc, cue) if t.pos_ in ("VERB", "AUX", "NOUN")]
    for t in cue_toks:
        if t.lemma_.lower() in DENY_CUES:
            return "assert" if _negated(t) else "deny"
    # the report itself hedged: "reportedly told", "may have said"
    hedged_cue = any(
        c.lower_ in HEDGE_ADVERBS and c.dep_ == "advmod"
        or c.dep_ == "aux" and c.lower_ in HEDGE_MODALS
        for t in cue_toks if t.pos_ == "VERB" for c in t.children
    )
    toks = tokens_in(doc, content)
    if not toks:
        return "hedge" if hedged_cue else "assert"
    main = [clause for root in _roots(toks) for clause in _main_clauses(root)]
    if _denied_in_content(toks, {t.i for t in main}):
        return "deny"
    if hedged_cue or any(_hedged(clause) for clause in main):
        return "hedge"
    return "assert"
