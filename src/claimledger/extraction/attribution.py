"""From statement spans to claims: speaker, cited sources (`via`), stance and `said_on`.

`find_statements` gives the spans; here each statement gets
  speaker  its source resolved to a name (speakers.py), or None when nothing says who;
  via      whom the speaker cites (sources.py), resolved the same way;
  stance   assert | deny | hedge (stance.py);
  said_on  the TIMEX3 value of the day it was said: a date attached to the cue verb
           ("said on Friday", "last week"), else the article date for a report in the simple
           past or present ("said", "say"), else None (present perfect "has denied",
           past perfect, modals: the day is not stated).
All of it reads the one parse of the article; nothing is re-parsed.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Token

from claimledger.extraction.sources import cue_verb, find_cited
from claimledger.extraction.speakers import (
    FIRST_PERSON,
    QUOTE_MARKS,
    SUBJECT_DEPS,
    SpeakerResolver,
    tokens_in,
)
from claimledger.extraction.stance import find_stance
from claimledger.extraction.statements import Statement, find_statements
from claimledger.record import Claim, Span, TimeExpression

# Clauses under the cue verb whose dates belong to something else than the utterance.
_OTHER_CLAUSE_DEPS = frozenset("ccomp parataxis relcl csubj".split())
# a time inside one of these is part of what is talked about, not of when it was said
_ARGUMENT_DEPS = frozenset("dobj nsubj nsubjpass attr acomp oprd dative appos acl relcl xcomp".split())
_NOT_ADVERBIAL = frozenset("dobj nsubj nsubjpass attr ccomp".split())
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNDATED_AUX = frozenset("have has 've had 'd will would shall could may might can must".split())
_DATED_TYPES = ("DATE", "TIME")
# "did not say", "is saying", "was telling": still the simple past or present of the report
_SIMPLE_OR_PROGRESSIVE_AUX = frozenset("do does did is are am was were 's 're 'm".split())


def find_claims(
    doc: Doc, article_date: dt.date | None, times: list[TimeExpression]
) -> list[Claim]:
    """Every attributed statement in `doc` as a claim with a resolved speaker."""
    return claims_from_statements(doc, find_statements(doc), article_date, times)


def claims_from_statements(
    doc: Doc,
    statements: list[Statement],
    article_date: dt.date | None,
    times: list[TimeExpression],
) -> list[Claim]:
    """Claims for given statement spans (the second half of `find_claims`)."""
    resolver = SpeakerResolver(doc)
    time_tokens = _time_tokens(doc, times)
    claims = [
        Claim(content=st.content, source=st.source, cue=st.cue, kind=st.kind)
        for st in statements
    ]
    # Speakers in text order, so that pronouns see who spoke before them; first-person
    # sources and unsourced quotes wait for the claims they depend on.
    order = sorted(range(len(claims)), key=lambda i: _anchor(claims[i]))
    deferred = []
    for i in order:
        c = claims[i]
        head = _source_head(resolver, c)
        if head is None or head.lower_ in FIRST_PERSON:
            deferred.append(i)
            continue
        span = doc.char_span(c.source[0][0], c.source[-1][1], alignment_mode="expand")
        end = span.end if span is not None else None
        m = resolver.resolve_token(head, end=end)
        if m is not None:
            resolver.note_speaker(head.i, m)
        c.speaker = m.name if m is not None else resolver.name_of(head, end=end)
        c.speaker_type = resolver.entity_type(m)
    text = doc.text  # built anew on every access: read it once
    continued: dict[int, Claim] = {}
    for i in deferred:
        (claims[i].speaker, claims[i].speaker_type), prev = _speaker_without_source(
            doc, text, resolver, claims, i)
        if prev is not None:
            continued[i] = prev
    for i in order:
        c = claims[i]
        c.stance = find_stance(doc, c.content, c.cue)
        c.via = _via(doc, resolver, c)
        verb = cue_verb(doc, c.cue)
        if i in continued and (verb is None or not _same_paragraph(text, verb.idx, c.content[0][0])):
            c.said_on = continued[i].said_on  # a continued quote was said when its start was
        else:
            c.said_on = _said_on(doc, c, verb, time_tokens, article_date)
    return claims


def _anchor(c: Claim) -> int:
    spans = c.source or c.cue or c.content
    return spans[0][0] if spans else 0


def _source_head(resolver: SpeakerResolver, c: Claim) -> Token | None:
    if not c.source:
        return None
    return resolver.mention_at(c.source[0][0], c.source[-1][1])


def _inside(span: Span, outer: list[Span]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in outer)


def _speaker_without_source(
    doc: Doc, text: str, resolver: SpeakerResolver, claims: list[Claim], i: int
) -> tuple[tuple[str | None, str | None], Claim | None]:
    """The speaker (name, type) of a claim whose source is "I"/"we" or missing (or None),
    and the claim it continues when it is a quotation paragraph continuing an earlier quote."""
    c = claims[i]
    if c.source:
        # "I"/"we" inside a quotation: the person quoted
        outer = [o for o in claims if o is not c and o.speaker and _inside(c.source[0], o.content)]
        if not outer:
            return (None, None), None
        o = min(outer, key=lambda o: o.content[-1][1] - o.content[0][0])
        return (o.speaker, o.speaker_type), None
    verb = cue_verb(doc, c.cue)
    if verb is not None and c.content and _same_paragraph(text, verb.idx, c.content[0][0]):
        # "..., warning that ..." / "... and said": the subject of the clause the cue hangs
        # on. A cue verb with no subject of its own and nothing above it is impersonal
        # ("it was clear that"): no speaker.
        main = verb
        while main.dep_ in ("advcl", "xcomp", "conj") and not _subject(main) and main.head.i != main.i:
            main = main.head
        # a passive participle ("Asked about it, the mayor said") is said to the subject
        subj = _subject(main) if main.i != verb.i and verb.tag_ != "VBN" else None
        if subj is not None and not _inside((subj.idx, subj.idx + 1), c.content):
            m = resolver.resolve_token(subj)
            if m is not None:
                return (m.name, resolver.entity_type(m)), None
    prev = _continued_quote(text, claims, c)
    return ((prev.speaker, prev.speaker_type), prev) if prev is not None else ((None, None), None)


def _subject(verb: Token) -> Token | None:
    return next((ch for ch in verb.children if ch.dep_ in SUBJECT_DEPS), None)


def _same_paragraph(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return "\n" not in text[lo:hi]


def _continued_quote(text: str, claims: list[Claim], c: Claim) -> Claim | None:
    """The quote that a paragraph made only of a quotation continues, if any."""
    if not c.content:
        return None
    start = c.content[0][0]
    para_start = text.rfind("\n", 0, start) + 1
    lead = text[para_start : start + 1]  # the content may begin at its opening quote mark
    if lead[:-1].strip(" \t" + QUOTE_MARKS) or not any(q in lead for q in QUOTE_MARKS):
        return None  # not a paragraph that opens with a quotation
    before = [o for o in claims if o.content and o.content[-1][1] <= para_start]
    if not before:
        return None
    prev = max(before, key=lambda o: o.content[-1][1])
    prev_para_start = text.rfind("\n", 0, len(text[:para_start].rstrip())) + 1
    if prev.content[-1][1] < prev_para_start:
        return None  # the claim before is not in the paragraph just before
    return prev if prev.kind in ("direct", "mixed") else None


def _via(doc: Doc, resolver: SpeakerResolver, c: Claim) -> list[str]:
    names: list[str] = []
    for tok in find_cited(doc, c.content, c.source, c.cue):
        name = resolver.name_of(tok, end=tok.right_edge.i + 1)
        if name is not None and name != c.speaker and name not in names:
            names.append(name)
    return names


def _time_tokens(doc: Doc, times: list[TimeExpression]) -> list[tuple[int, int, TimeExpression]]:
    out = []
    for t in times:
        if t.type not in _DATED_TYPES:
            continue
        span = doc.char_span(t.span[0], t.span[1], alignment_mode="expand")
        if span is not None:
            out.append((span.start, span.end, t))
    return out


def _said_on(
    doc: Doc,
    c: Claim,
    verb: Token | None,
    time_tokens: list[tuple[int, int, TimeExpression]],
    article_date: dt.date | None,
) -> str | None:
    """The TIMEX3 value of the day the claim was made, or None when it is not stated."""
    day = article_date.isoformat() if article_date else None
    if verb is None:
        return day if c.kind == "according_to" else None
    # a participle cue ("..., warning that") takes its time and tense from its main verb
    while verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and verb.head.i != verb.i:
        verb = verb.head
    explicit = _attached_time(doc, verb, c, time_tokens, day)
    if explicit is None and verb.dep_ == "conj" and not _subject(verb) and (
        verb.head.dep_ not in _OTHER_CLAUSE_DEPS and verb.head.dep_ != "xcomp"
    ):
        # "said on Tuesday ... and warned ...": the shared subject's day
        explicit = _attached_time(doc, verb.head, c, time_tokens, day)
    if explicit is not None:
        if explicit.value == "PRESENT_REF" and day is not None:
            return day  # "now says": the day of the report
        return explicit.value
    if verb.lower_ == "according":
        return day  # "according to X" reports what X holds now
    aux = {a.lower_ for a in verb.children if a.dep_ in ("aux", "auxpass")}
    if aux & _UNDATED_AUX:
        return None
    if verb.tag_ in ("VBD", "VBZ", "VBP") or aux & _SIMPLE_OR_PROGRESSIVE_AUX:
        return day
    return None


def _adverbial(doc: Doc, start: int, end: int, verb: Token) -> bool:
    """Whether the time in tokens [start, end) modifies `verb` as an adverbial ("on Monday",
    "at Monday's debate"), not as part of an argument ("the 2011 raid", "understand the
    past", "bearish on the future")."""
    root = next((doc[k] for k in range(start, end) if not start <= doc[k].head.i < end
                 or doc[k].head.i == k), doc[start])
    if root.head.i == verb.i:
        # on the verb itself, anything but its subject or object ("called Friday for",
        # which the parser reads as a predicate)
        return root.dep_ not in _NOT_ADVERBIAL
    tok = root
    while tok.i != verb.i and tok.head.i != tok.i:
        if tok.dep_ in _ARGUMENT_DEPS:
            return False
        tok = tok.head
    return True


def _possible_utterance_day(value: str | None, day: str | None) -> bool:
    """Nothing reported can have been said after the article or in the future."""
    if value == "FUTURE_REF":
        return False
    if day is None or value is None or not _ISO_DAY.match(value):
        return True
    return value[:10] <= day


def _attached_time(
    doc: Doc,
    verb: Token,
    c: Claim,
    time_tokens: list[tuple[int, int, TimeExpression]],
    day: str | None,
) -> TimeExpression | None:
    """The date/time expression in the cue verb's own clause, outside content and source.

    Complement and relative clauses, and coordinated verbs ("... and called it ... on
    Monday"), carry their own times, so the walk does not enter them.
    """
    excluded = {t.i for t in tokens_in(doc, c.content + c.source)}
    content_starts = {toks[0].i for s, e in c.content if (toks := tokens_in(doc, [(s, e)]))}
    clause: set[int] = set()
    stack = [verb]
    while stack:
        tok = stack.pop()
        clause.add(tok.i)
        for child in tok.children:
            if child.dep_ in _OTHER_CLAUSE_DEPS or (
                child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")
            ):
                continue
            stack.append(child)
    # "said on Thursday it would ...": the parser may hang the date on the complement, but
    # a date between the cue and the content, with no other verb between, is the cue's
    after = [k for k in sorted(excluded) if k > verb.i]
    if after:
        gap = range(verb.i + 1, after[0])
        if not any(doc[k].pos_ in ("VERB", "AUX") for k in gap):
            clause.update(gap)
    clause -= excluded
    best: tuple[int, TimeExpression] | None = None
    for start, end, t in time_tokens:
        if not _possible_utterance_day(t.value, day):
            continue
        # a date that opens the content but modifies the cue verb is the cue's: the content
        # span was drawn over it ("said last week it was ...")
        on_verb = start in content_starts and any(
            doc[k].head.i == verb.i and doc[k].dep_ not in _NOT_ADVERBIAL for k in range(start, end)
        )
        if not (on_verb or all(k in clause for k in range(start, end))):
            continue
        if not on_verb and not _adverbial(doc, start, end, verb):
            continue
        dist = min(abs(start - verb.i), abs(end - 1 - verb.i))
        if best is None or dist < best[0]:
            best = (dist, t)
    return best[1] if best else None
