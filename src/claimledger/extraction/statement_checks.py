"""Checks on grouped statements that the tagger gets wrong in news text.

    actions      a cue that names an act, not an utterance ("did not return calls", "wore a
                 jersey", "called the police", "ordered the evacuation", "referring to the
                 actor", "Those left out include"): the statement is dropped. Acts that
                 annotators do count as attributions (endorsing, releasing a report, a poll
                 showing) are not in the list.
    coordination "said A and accused B of C": the second verb is a claim of its own, so the
                 content stops before "and" and the second cue gets a statement.
    aside        a trailing ", which surprised donors" is the journalist's comment on the
                 content, not part of it.
    sources      "Asked whether ..." is a question put to the speaker: no claim, and no
                 source of its own; a dateline ("WASHINGTON (AFP) -") is never a source.
All of it reads the one parse; statements are changed in place or dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimledger.extraction.speakers import SETTING_PREPS, tokens_in
from claimledger.record import Span

# Verbs that name an act whatever their object ("wore", "picked up", "include").
ACTION_LEMMAS = frozenset("wear pick include arrest charge sentence jail".split())
# Verbs that name an act when their object is a plain noun phrase, not a clause or a quote.
# ("adds urgency", "requires cooperation", "advertised models", "spreading messages")
ACT_ON_OBJECT_LEMMAS = frozenset("order refer return add require advertise spread".split())
# "a forum called X", "malware dubbed Y": a reduced relative that names something
NAMING_LEMMAS = frozenset("call dub name nickname".split())  # not "titled", "labeled": a work's words
# "called the police": calling a service is an act; "called it a disgrace" is speech.
SERVICE_NOUNS = frozenset(
    "police 911 ambulance paramedic firefighter fire authorities officer cop emergency".split()
)
# "did not return calls": a reply that did not come
REPLY_NOUNS = frozenset("call message email request inquiry comment phone".split())
# Second verbs in "X said A and accused B": they report speech of their own.
SPEECH_ACT_LEMMAS = frozenset(
    """say add accuse urge warn criticize criticise blame deny praise insist argue vow
    promise claim demand dismiss reject note call question suggest predict""".split()
)
CLAUSE_DEPS = frozenset("ccomp xcomp csubj advcl".split())
REPORT_AFTER_QUOTE = frozenset("say add tell write ask reply".split())
# ", citing ...", ", adding that ...": what the speaker did next, not part of the content
SPEAKER_PARTICIPLES = SPEECH_ACT_LEMMAS | frozenset("cite explain point".split())
SIBLING_DEPS = frozenset(("conj",))  # a second clause of the cue's subject
ASIDE_DEPS = frozenset("relcl advcl ccomp conj".split())  # how parsers hang ", which ..."


def _root(toks: list[Token]) -> Token | None:
    inside = {t.i for t in toks}
    heads = [t for t in toks if (t.head.i not in inside or t.head.i == t.i) and not t.is_punct]
    return heads[0] if heads else None


def _cue_verb(doc: Doc, cue: list[Span]) -> Token | None:
    toks = [t for t in tokens_in(doc, cue) if t.pos_ in ("VERB", "AUX")]
    return _root(toks) if toks else None


def is_action(doc: Doc, content: list[Span], cue: list[Span], kind: str) -> bool:
    """True when the cue names an act rather than something said, written or shown."""
    if kind not in ("indirect", "mixed"):
        return False  # a quotation is speech whatever the verb
    verb = _cue_verb(doc, cue)
    if verb is None:
        return False
    lemma = verb.lemma_.lower()
    if lemma in ACTION_LEMMAS:
        return True
    if lemma in NAMING_LEMMAS and verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "advcl"):
        return True  # "a forum called X", "malware dubbed Y": a name, not what anyone said
    if kind != "indirect":
        return False
    toks = tokens_in(doc, content)
    top = _root(toks)
    nominal = top is not None and top.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and not any(
        t.dep_ in CLAUSE_DEPS or t.dep_ == "mark" for t in toks
    )
    cue_words = {t.lemma_.lower() for t in tokens_in(doc, cue)}
    if lemma == "return":
        return bool((cue_words | {t.lemma_.lower() for t in toks}) & REPLY_NOUNS)
    if lemma == "call":
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        heads = [top] if top is not None else []
        return any(o.lemma_.lower() in SERVICE_NOUNS for o in objs + heads) and not any(
            c.dep_ in ("oprd", "xcomp", "ccomp") for c in verb.children
        )
    if lemma == "refer":  # "referring to the actor"; "the rate refers to" defines a term
        return verb.tag_ == "VBG" and nominal
    return lemma in ACT_ON_OBJECT_LEMMAS and nominal


def is_question_put(doc: Doc, cue: list[Span]) -> bool:
    """ "Asked whether ...", "Pressed on ...": the question was put to the speaker; it has
    no source of its own and is no claim of the speaker's."""
    verb = _cue_verb(doc, cue)
    return verb is not None and verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children
    )


def is_dateline(doc: Doc, source: list[Span]) -> bool:
    """A source that is the dateline at the top of a paragraph ("WASHINGTON (AFP) -")."""
    toks = [t for t in tokens_in(doc, source) if not t.is_punct and not t.is_space]
    if not toks or not all(t.is_upper and t.is_alpha for t in toks):
        return False
    first = toks[0]
    at_start = first.i == 0 or "\n" in doc[first.i - 1].text or doc[first.i - 1].is_space
    after = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
    # ("HOST:" at the top of a paragraph is a transcript label, a source)
    return at_start and after is not None and after.text in ("(", "-", "—", "–", ",")


def aside_start(doc: Doc, content: Span) -> int | None:
    """Where a trailing ", which ..." comment on the whole clause begins, if there is one."""
    toks = tokens_in(doc, [content])
    for k in range(1, len(toks) - 2):
        t = toks[k]
        if t.lower_ == "which" and toks[k - 1].text == "," and t.dep_ == "nsubj" and t.head.dep_ in ASIDE_DEPS:
            if t.head.right_edge.i >= toks[-1].i - 1 and any(
                x.pos_ in ("VERB", "AUX") for x in toks[: k - 1]
            ):
                return toks[k - 1].idx
    return None


@dataclass
class Coordinated:
    """Where content runs into a second clause: cut at `cut` (a character offset); when the
    second verb reports speech it is a claim of its own (`verb`, with `subject` if it has one)."""

    cut: int
    verb: Token
    subject: list[Span]
    speech: bool


def coordinated_cue(doc: Doc, content: Span, cue: list[Span]) -> Coordinated | None:
    """A second clause inside unquoted content: "said the port would reopen and accused the
    union of ...", "pledged to boost trade and signed a pact", "dismissed it as 'fake news'
    and an envoy called it 'lies'"."""
    toks = tokens_in(doc, [content])
    if len(toks) < 4:
        return None
    cue_verb = _cue_verb(doc, cue)
    first = toks[0].i
    root = _root(toks)
    top = root.i if root is not None else -1
    for t in toks[2:]:
        if t.pos_ != "VERB":
            continue
        sibling = cue_verb is not None and t.head.i == cue_verb.i and t.dep_ in SIBLING_DEPS
        # "pledged to boost ties and signed a treaty": a past tense cannot be coordinated
        # with the infinitive; the parser hung it there, but it is the cue's second verb
        sibling = sibling or (t.dep_ == "conj" and t.tag_ == "VBD" and t.head.tag_ == "VB"
                              and any(c.lower_ == "to" for c in t.head.children if c.dep_ == "aux"))
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        # "said A, arguing that B": a participle of speech is the speaker's next act, whether
        # the parser hangs it on the cue verb or on the content's verb
        lemma = t.lemma_.lower()
        if (cue_verb is not None and t.tag_ == "VBG" and doc[t.i - 1].text == ","
                and not own_subject and t.i - 1 > first + 1
                and (t.head.i == cue_verb.i or lemma in SPEAKER_PARTICIPLES and t.head.i == top)):
            return Coordinated(doc[t.i - 1].idx, t, [], lemma in SPEECH_ACT_LEMMAS)
        second_cue = (
            t.lemma_.lower() in SPEECH_ACT_LEMMAS and t.dep_ == "conj" and t.tag_ == "VBD"
            and not own_subject and doc[t.i - 1].lower_ == "and" and t.head.tag_ != "VBD"
        )
        if not (sibling or second_cue):
            continue
        # cut at the last "and" before the verb when only its subject lies between
        conj = next((k for k in range(t.i - 1, first, -1) if doc[k].lower_ in ("and", "but")), None)
        if conj is None or any(doc[k].pos_ in ("VERB", "AUX") for k in range(conj + 1, t.i)):
            conj = t.i
        subject = [(doc[conj + 1].idx, doc[t.i - 1].idx + len(doc[t.i - 1]))] if conj + 1 < t.i else []
        if conj <= first + 1:
            return None
        return Coordinated(doc[conj].idx, t, subject, t.lemma_.lower() in SPEECH_ACT_LEMMAS)
    return None


def sentence_end(doc: Doc, content: Span, cue: list[Span]) -> int | None:
    """Where unquoted content that runs on past the end of its cue's sentence should stop:
    the end of that sentence (the next sentence is the journalist's, or another claim's).
    None when the content stays in one sentence or goes on inside a quotation."""
    toks = tokens_in(doc, [content])
    if not toks or not cue or cue[0][0] > content[0]:
        return None
    sent = toks[0].sent
    if toks[-1].i < sent.end or sent.end >= len(doc):
        return None
    nxt = doc[sent.end]
    if nxt.is_quote or any(t.is_quote for t in toks if t.i < sent.end):
        return None  # a quotation running over sentences is one statement
    last = doc[sent.end - 1]
    return last.idx + len(last)


QUOTE_CLOSERS = frozenset(('"', "”", "''", "»"))


def own_reporting_verb(doc: Doc, content: list[Span]) -> Token | None:
    """A quotation inside the content that has its own inverted reporting clause
    ('"It is too big," said one resident'): the verb of that clause, or None."""
    toks = tokens_in(doc, content)
    for k in range(2, len(toks)):
        t = toks[k]
        if t.lemma_.lower() not in REPORT_AFTER_QUOTE or t.pos_ != "VERB":
            continue
        a, b = toks[k - 2].text, toks[k - 1].text
        if (a == "," and b in QUOTE_CLOSERS) or (a in QUOTE_CLOSERS and b == ",") or b in QUOTE_CLOSERS and a.endswith(","):
            if any(c.dep_ == "nsubj" for c in t.children):
                return t
    return None


# what may stand between a cue verb and its complement: "said on Friday that", "wrote in
# a letter that" (not the addressee of "urged residents to leave": it is part of the claim)
LEADING_ADJUNCT_DEPS = frozenset("prep npadvmod advmod punct".split())


DOUBLE_QUOTES = frozenset(('"', "“", "”", "«", "»", "''", "``"))  # not the possessive "'"


def other_sentence_attribution(doc: Doc, content: list[Span], cue: list[Span]) -> tuple[int, Token] | None:
    """An unquoted content part that lies in another sentence than the cue and holds a whole
    attribution of its own ("The union said 4,500 had joined. The port authority ... said
    most cranes were working": the first sentence is the union's): (its index, that
    sentence's reporting verb, whose subject is inside the part), else None."""
    if len(content) < 2 or not cue:
        return None
    cue_toks = tokens_in(doc, cue)
    if not cue_toks:
        return None
    cue_sent = cue_toks[0].sent
    for k, part in enumerate(content):
        toks = tokens_in(doc, [part])
        if not toks:
            continue
        sent = toks[0].sent
        if sent == cue_sent or toks[-1].i >= sent.end or any(t.text in DOUBLE_QUOTES for t in toks):
            continue  # a quoted sentence is the speaker's words, whatever it reports
        inside = {t.i for t in toks}
        for t in toks:
            if (t.pos_ == "VERB" and t.lemma_.lower() in REPORT_AFTER_QUOTE
                    and any(c.dep_ == "nsubj" and c.i in inside for c in t.children)
                    and any(c.dep_ == "ccomp" and c.i in inside for c in t.children)):
                return k, t
    return None


def complement_start(doc: Doc, content: Span, cue: list[Span]) -> int | None:
    """Where unquoted content should begin when it opens with the cue verb's own adjuncts
    or recipient ("said on Friday that ..."): the first token of the clausal complement."""
    verb = _cue_verb(doc, cue)
    toks = tokens_in(doc, [content])
    if verb is None or not toks or toks[0].i <= verb.i:
        return None
    comps = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > toks[0].i]
    if not comps:
        return None
    first = comps[0].left_edge
    if first.i <= toks[0].i or first.i > toks[-1].i:
        return None
    lead = range(toks[0].i, first.i)
    # every leading token hangs on the cue verb through an adjunct, not through the complement
    for k in lead:
        top = doc[k]
        while top.head.i != verb.i and top.head.i != top.i:
            top = top.head
        if top.head.i != verb.i or top.dep_ not in LEADING_ADJUNCT_DEPS:
            return None
    return first.idx


def trim(span: Span, end: int, text: str) -> Span:
    a = span[0]
    while end > a and (text[end - 1].isspace() or text[end - 1] in ",;:-"):
        end -= 1
    return (a, end)


def subject_span(doc: Doc, cue: list[Span]) -> list[Span]:
    """The cue verb's nominal subject as a span, or nothing; a trailing "during ..." or
    "at ..." tells when or where it spoke ("said one person at the hearing")."""
    verb = _cue_verb(doc, cue)
    subj = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
    if not subj:
        return []
    lo, hi = subj[0].left_edge, subj[0].right_edge
    setting = [c for c in subj[0].rights if c.dep_ == "prep" and c.lower_ in SETTING_PREPS]
    if setting:
        hi = doc[setting[0].i - 1]
    return [(lo.idx, hi.idx + len(hi))]
