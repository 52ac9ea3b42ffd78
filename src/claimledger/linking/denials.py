"""Denials that point back: "rejected her claim as speculation", "dismissed Seoul's claims
about the North's troop deployment as fake news", "called it groundless rumours".

Such a denial names no proposition of its own; it names a claim (its owner and, sometimes,
its topic). `parse_pointer` reads the owner and topic from the denial's content, and
`resolve_targets` picks the claims it points to among the claims stored before it:
- a named owner ("Seoul's", "Dresk's", "Petrescu's"): the claims of speakers with that name,
  or of that country's people and institutions ("South Korean lawmakers" for "Seoul's");
- "her" / "his": the nearest earlier claim of another person in the same article;
- "their", "the", "these": the nearest earlier claim of another speaker in the article;
- a topic ("about the troop deployment", "that water ... caused the disaster") keeps only
  the candidates that share its content terms, and without an owner looks across the story.

`coordinated_denials` finds a second denier inside one denial's sentence ("... as fake news,
and a North Korean representative called it groundless rumours on Monday"): the extractor
gives the sentence one speaker, and the second denial points back to the same claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimledger.linking.terms import MEASURE_TERM, content_terms, find_places

_NOUNS = (r"claims?|accusations?|allegations?|reports?|assertions?|charges?|statements?|"
          r"rumou?rs?|suggestions?|figures?|estimates?|accounts?|remarks?|comments?|stories|story|"
          r"assessments?|version|numbers?|tolls?|counts?")
POINTER = re.compile(
    rf"^\s*(?:that\s+)?(?P<owner>(?i:the|her|his|their|its|these|those|such|this)|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*['’]s?)"
    rf"\s+(?:[a-z]+\s+){{0,2}}?(?P<noun>{_NOUNS})\b(?P<rest>.*)$",
    re.DOTALL,
)
_TOPIC = re.compile(r"^\s*(?:from\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*\s+)?(?:about|of|that|on|over)\s+(?P<topic>.+)$",
                    re.DOTALL)
_TOPIC_END = re.compile(r"\s+as\s+[“\"]|\s+as\s+\w+|[“\"]|,|\s+is\s+|\s+was\s+", re.DOTALL)
_DETERMINERS = frozenset({"the", "her", "his", "their", "its", "these", "those", "such", "this"})
_FROM_OWNER = re.compile(r"^\s*from\s+(?P<owner>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)")


@dataclass(frozen=True)
class Pointer:
    """What a pointing-back denial names: whose claim, and about what."""

    owner: str  # "her", "his", "the", a name ("Seoul", "Dresk")
    noun: str  # "claim", "accusation", "reports"
    topic: str | None

    @property
    def named(self) -> bool:
        return self.owner[:1].isupper()


def parse_pointer(content: str) -> Pointer | None:
    """The owner and topic of a denial whose content points back to a claim, else None."""
    m = POINTER.match(content.lstrip("“\"'‘ "))
    if not m:
        return None
    owner = re.sub(r"['’]s?$", "", m.group("owner"))
    if owner.lower() in _DETERMINERS:
        owner = owner.lower()
    rest = m.group("rest")
    fm = _FROM_OWNER.match(rest)
    if fm and owner == "the":
        owner = fm.group("owner")  # "the accusation from Dresk"
    topic = None
    tm = _TOPIC.match(rest)
    if tm:
        topic = _TOPIC_END.split(tm.group("topic"), maxsplit=1)[0].strip() or None
    return Pointer(owner=owner, noun=m.group("noun"),
                   topic=topic)


@dataclass
class Candidate:
    """An earlier claim a denial may point to."""

    claim_id: int
    article_id: int
    speaker: str | None
    speaker_key: str | None
    speaker_type: str | None  # PERSON | ORG | GPE | NORP | unknown
    stance: str
    text: str
    terms: frozenset[str] = field(default_factory=frozenset)
    cue: str = ""
    before: bool = True  # in an earlier article, or earlier in the denial's article


_PERSONAL = {"her", "his"}
# a count ("6,000 workers", "dozens"), not a rate ("a 5% raise")
_NUMBER = re.compile(r"(?:\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|"
                     r"thousands?|millions?))(?!\d|[\d,.]*\s?(?:%|per ?cent))", re.IGNORECASE)
NEGATED = re.compile(r"\b(?:no|not|never|nothing|none|nobody|neither|nor)\b|n['’]t\b", re.IGNORECASE)
MIN_TOPIC_SHARE = 2  # content terms a topic must share with a claim it points to


def resolve_targets(
    pointer: Pointer, denier_key: str | None, article_id: int,
    candidates: list[Candidate], hint: str | None = None,
) -> list[Candidate]:
    """The claims a pointing-back denial denies. `candidates` are the other claims of its
    article and the claims of earlier articles of its story, oldest first; `hint` is the
    denial's article text."""
    pool = [c for c in candidates if c.stance == "assert" and not NEGATED.search(c.text)
            and (denier_key is None or c.speaker_key != denier_key)]
    topic_terms = frozenset(t for t in content_terms(pointer.topic, hint) if not t.startswith("@")) \
        if pointer.topic else frozenset()
    if topic_terms:
        need = min(MIN_TOPIC_SHARE, len(topic_terms))
        # the topic's words, or the measured thing it names when the claim counts it
        # ("the troop deployment" / "3,000 troops had been sent")
        pool = [c for c in pool if len(topic_terms & c.terms) >= need
                or (any(t.startswith(MEASURE_TERM) for t in topic_terms & c.terms) and _NUMBER.search(c.text))]
    if pointer.named:
        owned = [c for c in pool if _owned_by(c, pointer.owner)]
        if owned:
            return owned
    if pointer.noun.lower().startswith(("figure", "estimate", "number", "toll", "count")):
        pool = [c for c in pool if _NUMBER.search(c.text)]  # "the new figure": a claim with a number
    earlier = [c for c in pool if c.before]
    here = [c for c in earlier if c.article_id == article_id]
    if pointer.owner in _PERSONAL:
        people = [c for c in here if c.speaker_type == "PERSON"]
        return people[-1:] if people else here[-1:]
    if topic_terms and pool:
        return pool  # "the accusation that water from the reservoir caused it": all that say so
    # "the accusation" points to what was said with "accused"; "the reports" to "reported"
    stem = pointer.noun.lower()[:5]
    cued = [c for c in earlier if any(w.lower().startswith(stem) for w in c.cue.split())]
    if cued:
        same = [c for c in cued if c.article_id == article_id]
        return (same or cued)[-1:]
    if topic_terms:
        return pool
    return [] if pointer.named else here[-1:]


def _owned_by(c: Candidate, owner: str) -> bool:
    """Whether `owner` ("Seoul", "Petrescu") names the claim's speaker or its country."""
    if not c.speaker:
        return False
    if owner.casefold() in c.speaker.casefold():
        return True
    owner_places = {code for _, _, code in find_places(owner)}
    return bool(owner_places) and bool(owner_places & {code for _, _, code in find_places(c.speaker)})


# -- a second denier in the same sentence ----------------------------------------------------

COORDINATED = re.compile(
    r"(?:,\s*|\s)and\s+(?P<speaker>(?:an?|the)\s+[^,“\"”.;]{3,100}?|[A-Z][^,“\"”.;]{2,100}?)\s+"
    r"(?P<verb>called|dismissed|rejected|denied|described|branded|labell?ed)\s+"
    r"(?P<object>it|them|this|that|the\s+(?:claims?|reports?|allegations?|accusations?))\b"
    r"(?P<rest>[^.;]*)"
)
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")


@dataclass(frozen=True)
class CoordinatedDenial:
    """A second denier found in a denial's sentence: who, what they called it, where."""

    speaker: str
    text: str
    start: int
    end: int


def coordinated_denials(text: str, start: int, end: int) -> list[CoordinatedDenial]:
    """Second deniers in the sentence that holds `text[start:end]`."""
    m_end = re.compile(r"[.!?](?=\s|$)").search(text, end)
    stop = m_end.end() if m_end else len(text)
    out = []
    for m in COORDINATED.finditer(text, start, stop):
        speaker = re.sub(r"^(?:an?|the)\s+", "", m.group("speaker")).strip()
        q = _QUOTED.search(m.group("rest"))
        if q:
            s, e = m.start("rest") + q.start(1), m.start("rest") + q.end(1)
        else:
            s, e = m.start("object"), m.end("rest")
        out.append(CoordinatedDenial(speaker=speaker, text=text[s:e].strip(), start=s, end=e))
    return out
