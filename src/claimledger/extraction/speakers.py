"""Speaker resolution: turn a source span into a name, with rules over the spaCy parse.

Pronouns and definite descriptors ("the agency", "the lawmakers") resolve to the nearest
compatible earlier mention (gender, number, person versus organisation, who spoke last);
short names resolve to the full name mentioned earlier; titles are stripped from names.
There is no neural coreference offline, so everything here reads the Doc once
(`SpeakerResolver(doc)`) and then answers lookups from precomputed mentions.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

# prepositions that tell when or where someone spoke, not who they are
SETTING_PREPS = frozenset("during after before outside".split())
# kinds of mention: THING is any other noun phrase (a poll, an ad, a report) that can be
# the source of a statement but is never "he" or "she"
PERSON, ORG, GROUP, UNKNOWN, THING = "person", "org", "group", "unknown", "thing"

_ENT_KIND = {
    "PERSON": PERSON,
    "ORG": ORG,
    "GPE": ORG,  # capitals and countries speak for their governments
    "FAC": ORG,  # the small model tags seats of power ("the Kremlin") as facilities
    "LOC": ORG,
    "NORP": GROUP,
}

# Titles and roles that precede a name ("Defense Secretary Lloyd Austin"); stripped from names.
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady gen gen. general lt lt.
    col col. maj maj. capt capt. adm adm. sgt sgt. sen sen. senator rep rep. gov gov. governor
    president vice prime minister secretary chancellor premier king queen prince princess pope
    mayor councillor councilor councilman councilwoman alderman judge justice ambassador envoy
    spokesman spokeswoman spokesperson chief chairman
    chairwoman chair director commander leader deputy foreign defense defence interior finance
    state u.s. former acting then""".split()
)
MALE_TITLES = frozenset(
    "mr mr. sir lord king prince spokesman chairman man father son brother husband boy "
    "congressman businessman".split()
)
FEMALE_TITLES = frozenset(
    "mrs mrs. ms ms. miss dame lady queen princess spokeswoman chairwoman woman mother "
    "daughter sister wife girl congresswoman businesswoman".split()
)

# A small list of common given names, only to tell "he" from "she" between two candidates.
MALE_NAMES = frozenset(
    """john james robert michael william david richard joseph thomas charles daniel matthew mark
    paul steven andrew peter george edward brian kevin jason jeffrey ryan gary eric stephen
    jonathan larry justin scott frank benjamin samuel gregory patrick alexander jack dennis
    jerry tyler aaron henry douglas adam nathan zachary kyle walter harold carl arthur
    donald joe barack bill vladimir emmanuel olaf boris rishi keir xi recep narendra
    benjamin antony sergei sergey dmitry mohammed muhammad ali ahmed hassan omar ivan igor
    jean pierre francois hans klaus juan carlos jose luis pedro marco giorgio matteo""".split()
)
FEMALE_NAMES = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa
    deborah stephanie rebecca laura sharon cynthia kathleen amy angela helen anna brenda
    pamela nicole emma samantha katherine christine rachel catherine ruth maria heather diane
    julie joyce victoria kelly christina joan evelyn olivia hillary kamala nancy theresa
    angela ursula giorgia jacinda liz annalena marine christine kristalina janet nikki
    sophie claire marie julia natalia olena yulia svetlana fatima aisha""".split()
)

# Heads of descriptors that name people, and the organisational heads that may stand for
# one another when a text shortens "the X Service" to "the agency".
PERSON_NOUNS = frozenset(
    """official lawmaker legislator minister spokesman spokeswoman spokesperson representative
    member president secretary leader diplomat analyst expert officer commander prosecutor
    lawyer attorney judge witness resident envoy ambassador senator governor mayor chief
    director executive chairman chairwoman chair head adviser advisor aide source negotiator
    investigator researcher scientist economist doctor general candidate premier chancellor
    king queen man woman person people worker employee activist politician lawmakers
    father mother son daughter husband wife boy girl nominee voter student teacher author
    officials sources""".split()
)
ORG_NOUNS = frozenset(
    """agency ministry service office department government administration company firm
    group council committee commission bureau authority military army navy force court
    parliament police embassy bank union party organisation organization institute
    regulator board team club network newspaper broadcaster cabinet presidency kremlin
    directorate watchdog campaign brigade coalition alliance association federation
    university hospital school agency carrier airline lender retailer automaker carmaker
    manufacturer insurer maker operator producer conglomerate startup business""".split()
)
# Organisational heads that a text uses for one another ("the Intelligence Service" ...
# "the agency"), and modifiers likewise ("spy agency" = intelligence agency).
ORG_HEAD_CLASSES = (
    frozenset("agency service bureau directorate".split()),
    frozenset("ministry department".split()),
    frozenset("office presidency administration government cabinet".split()),
    frozenset("company firm group".split()),
)
SYNONYMS = {"spy": "intelligence", "defence": "defense"}
# "The company said": any named organisation (not a place) may be called so.
COMPANY_NOUNS = frozenset(
    """company firm group business carrier airline bank lender retailer automaker carmaker
    manufacturer insurer maker operator producer conglomerate startup""".split()
)
# "the government said": a country or capital that has spoken in the story.
GOVERNMENT_NOUNS = frozenset("government administration".split())

PRONOUNS = {
    "he": (PERSON, "m", False), "him": (PERSON, "m", False), "his": (PERSON, "m", False),
    "she": (PERSON, "f", False), "her": (PERSON, "f", False),
    "it": (ORG, None, False), "its": (ORG, None, False),
    "they": (None, None, True), "them": (None, None, True), "their": (None, None, True),
}
FIRST_PERSON = frozenset("i me my we us our".split())
RELATIVE_PRONOUNS = frozenset("who whom whose which that".split())
_NOT_SPEAKER_ENTS = frozenset(
    "DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split()
)
_NP_LEFT_DEPS = frozenset("det amod compound poss nummod nmod quantmod case predet".split())
_DETERMINERS = frozenset("the a an this that these those both either neither".split())
SUBJECT_DEPS = frozenset("nsubj nsubjpass".split())
_WINDOW_SENTS = 5  # pronouns look back this many sentences
_DESCRIPTOR_WINDOW_SENTS = 40


@dataclass
class Mention:
    """A noun phrase that can be a speaker or the antecedent of one."""

    head: int  # token index of the head
    start: int  # token index of the first token
    name: str  # the display name (titles stripped for people)
    kind: str  # person | org | group | unknown
    plural: bool
    proper: bool
    words: frozenset[str] = field(default_factory=frozenset)  # lowercased modifiers and head
    roles: frozenset[str] = field(default_factory=frozenset)  # titles/appositions of a person
    gender: str | None = None  # of a descriptor ("the woman"); names keep theirs in .gender
    coordination: bool = False  # "Moscow and Pyongyang"
    label: str | None = None  # the NER label of a name


def _norm_word(w: str) -> str:
    w = w.lower().replace("’", "'")
    return SYNONYMS.get(w, w)


QUOTE_MARKS = "\"“”'‘’«»"


def tokens_in(doc: Doc, spans: list[tuple[int, int]]) -> list[Token]:
    """The tokens covering character spans (expanded to token edges), in span order."""
    out: list[Token] = []
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.extend(span)
    return out


def _nominal(tok: Token) -> bool:
    """A token that can head a noun phrase (or stands as one: "Many of ...")."""
    return tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or tok.dep_ in SUBJECT_DEPS


def _same_org_class(lemma: str, cand_lemma: str) -> bool:
    """Whether an organisation whose head is `cand_lemma` may be called "the <lemma>"."""
    return any(lemma in cls and cand_lemma in cls for cls in ORG_HEAD_CLASSES)


def _strip_possessive(text: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


class SpeakerResolver:
    """Resolves source spans and cited noun phrases of one Doc to names."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sent_of = [0] * len(doc)
        for i, sent in enumerate(doc.sents):
            for t in range(sent.start, sent.end):
                self.sent_of[t] = i
        self.ent_of: list[Span | None] = [None] * len(doc)
        self.not_speaker: set[int] = set()  # tokens of dates, times and numbers
        for ent in doc.ents:
            for t in range(ent.start, ent.end):
                if ent.label_ in _ENT_KIND:
                    self.ent_of[t] = ent
                elif ent.label_ in _NOT_SPEAKER_ENTS:
                    self.not_speaker.add(t)
        # words the tagger read as (the end of) a person's name somewhere in the article
        self.person_words = {_strip_possessive(t.text) for ent in doc.ents if ent.label_ == "PERSON"
                             for t in ent[-2:] if t.is_alpha and t.text[:1].isupper()}
        self._descriptor_memo: dict[tuple[int, int, str, bool, frozenset[str]], Mention | None] = {}
        self._spoken_reads = 0  # times `spoken` was read in resolving a descriptor
        self.gender: dict[str, str] = {}  # canonical name -> "m" | "f"
        self.full_names: list[Mention] = []  # multi-word person names, in order
        self.mentions: list[Mention] = []
        self._orgs_indexed = 0  # mentions[:_orgs_indexed] are in the two indexes below
        self._org_by_last_word: dict[str, str] = {}
        self._org_by_initials: dict[str, str] = {}
        for tok in doc:
            if self._is_np_head(tok) and tok.i not in self.not_speaker:
                self.mentions.extend(self._build(tok))
        self.heads = [m.head for m in self.mentions]  # sorted: mentions are in text order
        self.by_head: dict[int, list[Mention]] = {}
        for m in self.mentions:
            self.by_head.setdefault(m.head, []).append(m)
        # (token position, mention) of every resolved speaker, for "who spoke last"
        self.spoken: list[tuple[int, Mention]] = []

    # -- mention building -------------------------------------------------------------------

    @staticmethod
    def _is_np_head(tok: Token) -> bool:
        return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "amod", "flat")

    def _np_left(self, head: Token) -> int:
        left = head.i
        for child in head.lefts:
            if child.dep_ in _NP_LEFT_DEPS:
                left = min(left, child.left_edge.i)
        return left

    def _build(self, head: Token) -> list[Mention]:
        """The mentions headed by `head`: the phrase itself and a coordination it heads."""
        single = self._build_single(head)
        out = [single] if single is not None else []
        chain = self._conjuncts(head) if head.dep_ != "conj" else []
        if chain:
            # "Moscow and Pyongyang", "the U.S., Britain and France": one plural mention
            start = self._np_left(head)
            toks = self.doc[start : self._np_right(chain[-1])]
            kind = single.kind if single is not None else UNKNOWN
            out.append(Mention(head.i, start, self._trim_det(toks), kind, True,
                               self.ent_of[head.i] is not None,
                               frozenset(_norm_word(t.text) for t in toks if t.is_alpha),
                               coordination=True))
        return out

    @staticmethod
    def _conjuncts(head: Token) -> list[Token]:
        """Nouns coordinated with `head` by "and"/"or" (a comma list needs a final "and")."""
        chain, cc, tok = [], False, head
        while True:
            cc = cc or any(c.dep_ == "cc" for c in tok.children)
            nxt = [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
            if not nxt or any(t.pos_ == "VERB" for t in tok.doc[tok.i : nxt[-1].i]):
                break  # a verb between: the parser joined two clauses
            tok = nxt[-1]
            chain.append(tok)
        return chain if cc else []

    def _build_single(self, head: Token) -> Mention | None:
        """The mention headed by `head`: its name, kind, number and gender."""
        doc = self.doc
        start = self._np_left(head)
        ent = self.ent_of[head.i]
        if ent is not None and ent.start <= head.head.i < ent.end and head.head.i != head.i:
            return None  # a word inside a longer name ("... Institute for Research")
        words = frozenset(_norm_word(t.lemma_) for t in doc[start : head.i + 1] if t.is_alpha)
        plural = head.tag_ in ("NNS", "NNPS")
        if ent is not None and (head.pos_ == "PROPN" or ent.label_ == "PERSON"):
            kind = _ENT_KIND[ent.label_]
            if kind != PERSON and len(ent) == 1 and self._full_person_name(ent.text):
                kind = PERSON  # a surname the tagger took for an organisation
            if kind == PERSON:
                return self._person(head, ent, start)
            # the whole name ("the Ministry of Health"), with its possessor for bodies
            # ("Japan's Ministry of Health") but not for places ("Mr. King's Russia")
            first = min(start, ent.start) if ent.label_ in ("ORG", "NORP") else ent.start
            text = _strip_possessive(self._trim_det(doc[first : max(head.i + 1, ent.end)]))
            if kind == ORG:
                text = self._canonical(text)
            if kind == GROUP:
                plural = True
            return Mention(head.i, start, text, kind, plural, True, words, label=ent.label_)
        if head.pos_ == "PROPN":
            return self._unknown_proper(head, start, words)
        lemma = head.lemma_.lower()
        if lemma in PERSON_NOUNS or head.text.lower() in PERSON_NOUNS:
            kind = PERSON
        elif lemma in ORG_NOUNS:
            kind = ORG
        else:
            kind = THING
        end = self._np_right(head)
        text = doc[start:end].text
        gender = "m" if lemma in MALE_TITLES else "f" if lemma in FEMALE_TITLES else None
        return Mention(head.i, start, text, kind, plural, False, words, gender=gender)

    def _np_right(self, head: Token) -> int:
        """End of a descriptor: the head plus its prepositional phrases, not clauses, and
        nothing after a comma, dash or bracket (appositions, asides)."""
        end = head.i + 1
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in SETTING_PREPS:
                break  # "one man during the hearing", "a woman outside the store": a setting
            if child.dep_ == "prep":
                end = max(end, child.right_edge.i + 1)
            else:
                break
        for k in range(head.i + 1, end):
            tok = self.doc[k]
            # a hyphen inside a word ("short-term") is no aside; a spaced dash is
            if tok.is_punct and (tok.text in ",;:()[]—–" or tok.text == "-" and self.doc[k - 1].whitespace_):
                end = k
                break
        while end > head.i + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].dep_ == "cc"):
            end -= 1
        return end

    @staticmethod
    def _trim_det(toks: Span) -> str:
        words = list(toks)
        while words and (words[0].lower_ in _DETERMINERS or words[0].dep_ == "preconj"):
            words = words[1:]
        if not words:
            return toks.text
        return toks.doc[words[0].i : words[-1].i + 1].text

    def _person(self, head: Token, ent: Span, start: int) -> Mention:
        doc = self.doc
        toks = [t for t in ent if t.i <= head.i or t.dep_ in ("flat", "compound")]
        titles = [t for t in doc[min(start, ent.start) : ent.start]] + toks
        name_toks = [t for t in toks if t.lower_ not in TITLES]
        while len(name_toks) > 1 and name_toks[0].is_lower:
            name_toks.pop(0)  # "moderator Lester Holt": a role the tagger put in the name
        while name_toks and name_toks[-1].is_punct:
            name_toks.pop()
        if not name_toks:
            name_toks = toks
        name = _strip_possessive(doc[name_toks[0].i : name_toks[-1].i + 1].text)
        roles = {t.lower_ for t in titles if t.lower_ in TITLES or t.lemma_.lower() in PERSON_NOUNS}
        for child in head.rights:
            if child.dep_ == "appos":
                roles.add(child.lemma_.lower())
        gender = None
        if roles & MALE_TITLES:
            gender = "m"
        elif roles & FEMALE_TITLES:
            gender = "f"
        elif len(name_toks) > 1 or not self._full_person_name(name_toks[0].text):
            # a given name ("Kevin", "Helen Wu"), not a surname standing alone
            first = name_toks[0].lower_
            gender = "m" if first in MALE_NAMES else "f" if first in FEMALE_NAMES else None
        name = self._canonical(name, gender)
        if gender and name not in self.gender:
            self.gender[name] = gender
        m = Mention(head.i, start, name, PERSON, False, True,
                    frozenset(_norm_word(t.text) for t in name_toks), frozenset(roles))
        if " " in name:
            self.full_names.append(m)
        return m

    def _unknown_proper(self, head: Token, start: int, words: frozenset[str]) -> Mention | None:
        # A proper noun the tagger did not classify: keep the name run, drop titles.
        doc = self.doc
        first = head.i
        while first > start and doc[first - 1].pos_ == "PROPN" and doc[first - 1].lower_ not in TITLES:
            first -= 1
        name = _strip_possessive(self._trim_det(doc[first : head.i + 1]))
        if name.lower() in TITLES:
            return None
        plural = head.tag_ == "NNPS"
        full = self._full_person_name(name) if " " not in name else None
        if full is not None:
            return Mention(head.i, start, full, PERSON, plural, True, words)
        return Mention(head.i, start, self._canonical(name), UNKNOWN, plural, True, words)

    def _canonical(self, name: str, gender: str | None = None) -> str:
        """The full name for a short one mentioned after it ("Austin" -> "Lloyd Austin").

        `gender` (from "Mr."/"Mrs.") keeps "Mrs. Clinton" from joining "Bill Clinton".
        """
        if " " in name:
            return name
        person = self._full_person_name(name, gender)
        if person is not None:
            return person
        self._index_orgs()
        if name in self._org_by_last_word:  # "the Post" after "the New York Post"
            return self._org_by_last_word[name]
        if len(name) > 1 and name.isupper() and name in self._org_by_initials:
            return self._org_by_initials[name]  # "NIS" after "National Intelligence Service"
        return name

    def _index_orgs(self) -> None:
        """Index the named organisations among the mentions built so far, the latest winning:
        by last word, and by each tail of their initials. (A scan of every mention for each
        short name was quadratic in the article.)"""
        for m in self.mentions[self._orgs_indexed:]:
            if not (m.proper and m.kind == ORG):
                continue
            if " " in m.name and " and " not in m.name:
                self._org_by_last_word[m.name.rsplit(" ", 1)[1]] = m.name
            initials = "".join(w[0] for w in m.name.split() if w[:1].isupper())
            for k in range(len(initials) - 1):
                self._org_by_initials[initials[k:]] = m.name
        self._orgs_indexed = len(self.mentions)

    def _full_person_name(self, name: str, gender: str | None = None) -> str | None:
        """The latest full name with this family name; with a gender ("Mr."), one known to
        have it before one of unknown gender ("Mr. Hale" is Tom Hale, not Ilsa Hale)."""
        for pos in (-1, 0):  # family name last (most wire names), then first (Korean, Chinese)
            unknown = None
            for m in reversed(self.full_names):
                if m.name.split()[pos] != name:
                    continue
                known = self.gender.get(m.name)
                if gender is None or known == gender:
                    return m.name
                if known is None and unknown is None:
                    unknown = m.name
            if unknown is not None:
                return unknown
        return None

    def entity_type(self, m: Mention | None) -> str | None:
        """The type the article gives a resolved speaker: PERSON, ORG, GPE or NORP, else None
        (unknown: descriptors, coordinations, names the tagger did not classify). A single
        name that the article tags as a person anywhere ("Mr. Hale" ... "Hale, the ...")
        is a person whatever label its lone token got, and so is a name ending in it."""
        if m is None or not m.proper or m.coordination:
            return None
        words = m.name.split()
        if m.kind == PERSON or (
            # "Ilsa Hale" tagged ORG once, PERSON elsewhere; not "the Hale Institute"
            words[-1] in self.person_words and not any(w.lower() in ORG_NOUNS for w in words)
        ):
            return "PERSON"
        if m.kind == GROUP:
            return "NORP"
        if m.kind == ORG:
            return {"ORG": "ORG", "GPE": "GPE", "FAC": "GPE", "LOC": "GPE"}.get(m.label or "")
        return None

    # -- resolution -------------------------------------------------------------------------

    def mention_at(self, start_char: int, end_char: int) -> Token | None:
        """The syntactic head of the tokens inside [start_char, end_char)."""
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        toks = [t for t in span if not t.is_punct and not t.is_space]
        if not toks:
            return None
        inside = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
        nominal = [t for t in heads if _nominal(t)]
        if len(nominal) > 1:
            # "BRUSSELS (Wire) - The Commission": a dateline is not the speaker
            nominal = [t for t in nominal if not (t.is_upper and t.is_alpha and len(t) > 1)] or nominal
        if not nominal:
            # a bad parse ("Tulsa" taken for a verb): the highest noun inside the span
            nouns = [t for t in toks if _nominal(t)]
            nominal = [t for t in nouns if not (t.head.i in inside and _nominal(t.head))]
        head = (nominal or heads or toks)[0]
        if head.lower_ in PERSON_NOUNS | TITLES and head.ent_type_ != "PERSON":
            # "chief executive of Harbour Homes Lena Petrova": the role's holder, named
            # the entities over the span's tokens (`ent_of`), not every entity of the article
            names = list({(e.start, e.end): e for e in (self.ent_of[i] for i in sorted(inside))
                          if e is not None and e.label_ == "PERSON" and e.start in inside
                          and e.end - 1 in inside and len(e) > 1}.values())
            if len(names) == 1:
                return names[0][-1]
        return head

    def resolve_token(
        self, head: Token, quote_speaker: str | None = None, end: int | None = None
    ) -> Mention | None:
        """The mention a head token refers to (itself when it is a name); `end` is the
        token end of the written phrase, so that a coordination is kept whole."""
        low = head.lower_
        if low in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            # "Smith, who said ...": the noun the relative clause hangs on
            return self.resolve_token(head.head.head, quote_speaker)
        if head.pos_ == "PRON" or low in PRONOUNS or low in FIRST_PERSON:
            if low in FIRST_PERSON:
                if quote_speaker is None:
                    return None
                return Mention(head.i, head.i, quote_speaker, PERSON, False, True)
            if low not in PRONOUNS:
                return None
            m = self._antecedent_of_pronoun(head)
            if m is not None and m.kind == PERSON and PRONOUNS[low][1]:
                self.gender.setdefault(m.name, PRONOUNS[low][1])
            return m
        m = self._mention_for(head, end)
        if m is None:
            return None
        if not m.proper:
            named = [self._mention_for(c) for c in head.rights if c.dep_ == "appos"]
            named = [n for n in named if n is not None and n.proper]
            if named:
                return named[0]  # "the party's chairman, Phil Lovas": the name
        if not m.proper and self._anaphoric(head):
            ante = self._antecedent_of_descriptor(head, m)
            if ante is not None:
                return ante
        return m

    def name_of(
        self, head: Token, quote_speaker: str | None = None, end: int | None = None
    ) -> str | None:
        """The name for a source or cited phrase headed by `head`: its resolved mention,
        else the phrase as written when it is a noun phrase ("a poll", "one of the aides"),
        else None (pronouns with nothing to refer to)."""
        m = self.resolve_token(head, quote_speaker, end)
        if m is not None:
            return m.name
        if head.pos_ in ("NOUN", "PROPN", "NUM") or (
            head.pos_ == "PRON" and head.lower_ not in PRONOUNS
            and head.lower_ not in FIRST_PERSON and head.lower_ not in RELATIVE_PRONOUNS
        ):
            return self.describe(head)
        return None

    def note_speaker(self, position: int, mention: Mention) -> None:
        """Record that `mention` spoke at token `position` (for later pronouns)."""
        self.spoken.append((position, mention))

    def _mention_for(self, head: Token, end: int | None = None) -> Mention | None:
        """The mention headed by `head`; the coordination when the phrase reaches `end`."""
        found = self.by_head.get(head.i, [])
        whole = end is not None and any(c.dep_ == "conj" and c.i < end for c in head.children)
        # (a written source that stops before the conjunct names the first noun only)
        for m in found:
            if m.coordination == whole:
                return m
        return found[0] if found else None

    def describe(self, tok: Token) -> str:
        """The noun phrase of `tok` as written, for sources that are not people or bodies."""
        return self.doc[self._np_left(tok) : self._np_right(tok)].text

    def _anaphoric(self, head: Token) -> bool:
        """A definite or bare descriptor that refers back ("the lawmakers", "officials")."""
        dets = [c for c in head.lefts if c.dep_ == "det"]
        if any(d.lower_ in ("a", "an") for d in dets):
            return False
        if any(c.dep_ in ("prep", "appos", "acl", "relcl") for c in head.rights):
            return False  # "officials at the embassy" says who they are
        return bool(dets) or head.tag_ == "NNS"

    def _antecedent_of_descriptor(self, head: Token, m: Mention) -> Mention | None:
        # memoised: each "the minister" refers back through the one before it, so a long
        # run of them would walk the whole chain again for every one
        # (a result that read who has spoken so far is not kept: that grows as claims resolve)
        key = (head.i, m.start, m.kind, m.plural, m.words)
        if key in self._descriptor_memo:
            return self._descriptor_memo[key]
        reads = self._spoken_reads
        found = self._antecedent_of_descriptor_uncached(head, m)
        if self._spoken_reads == reads:
            self._descriptor_memo[key] = found
        return found

    def _antecedent_of_descriptor_uncached(self, head: Token, m: Mention) -> Mention | None:
        lemma = _norm_word(head.lemma_)
        mods = m.words - {lemma, "the", "this", "that", "these", "those"}
        sent = self.sent_of[head.i]
        for k in range(bisect_left(self.heads, m.start) - 1, -1, -1):
            cand = self.mentions[k]
            if sent - self.sent_of[cand.head] > _DESCRIPTOR_WINDOW_SENTS:
                break
            if cand.plural != m.plural or not mods <= cand.words:
                continue
            if self.doc[cand.start].tag_ == "PRP$":
                continue  # "his bank" says less than the descriptor being resolved
            cand_lemma = _norm_word(self.doc[cand.head].lemma_)
            if lemma == cand_lemma and not cand.proper and mods <= cand.words:
                # "The owner, Dev Mistry, ..." / "Dev Mistry, the owner": the name given
                named = self._apposed_name(self.doc[cand.head])
                if named is not None:
                    return named
            same_head = lemma == cand_lemma and cand.words - _DETERMINERS > m.words - _DETERMINERS
            if m.kind == PERSON:
                ok = same_head and not cand.proper or (cand.kind == PERSON and lemma in cand.roles)
            else:
                ok = same_head or (
                    cand.kind == ORG and cand.proper and _same_org_class(lemma, cand_lemma)
                ) or (not mods and cand.proper and self._generic_org_match(lemma, cand))
            if not ok:
                continue
            if cand.proper:
                return cand
            # the nearest is a fuller description, which may itself refer back to a name
            again = self._antecedent_of_descriptor(self.doc[cand.head], cand)
            return again if again is not None and again.proper else cand
        return None

    def _apposed_name(self, head: Token) -> Mention | None:
        """The proper name in apposition with the descriptor headed by `head`, if any."""
        near = [c for c in head.rights if c.dep_ == "appos"]
        if head.dep_ == "appos":
            near.append(head.head)
        for tok in near:
            m = self._mention_for(tok)
            if m is not None and m.proper:
                return m
        return None

    def _generic_org_match(self, lemma: str, cand: Mention) -> bool:
        """ "the company" -> a named organisation; "the government" -> a country that spoke."""
        if lemma in COMPANY_NOUNS:
            return cand.label == "ORG"
        if lemma in GOVERNMENT_NOUNS:
            self._spoken_reads += 1
            return cand.label == "GPE" and any(m.name == cand.name for _, m in self.spoken)
        return False

    def _antecedent_of_pronoun(self, pron: Token) -> Mention | None:
        kind, gender, plural = PRONOUNS[pron.lower_]
        sent = self.sent_of[pron.i]

        def compatible(c: Mention) -> bool:
            if c.plural != plural:
                return False
            if plural or kind != PERSON:
                return c.kind != PERSON or plural
            g = c.gender or self.gender.get(c.name)
            return (c.kind == PERSON or c.kind == UNKNOWN) and (g is None or g == gender)

        scored: list[tuple[float, int, Mention]] = []
        for pos, c in self.spoken:
            if pos < pron.i and sent - self.sent_of[pos] <= _WINDOW_SENTS and compatible(c):
                scored.append((2.0 * (sent - self.sent_of[pos]) - 2.5, pos, c))
        for k in range(bisect_left(self.heads, pron.i) - 1, -1, -1):
            c = self.mentions[k]
            if sent - self.sent_of[c.head] > _WINDOW_SENTS:
                break
            if self.doc[c.head].dep_ == "appos":  # the same entity as the name it follows
                continue
            if not compatible(c):
                continue
            score = 2.0 * (sent - self.sent_of[c.head])
            if self.doc[c.head].dep_ in SUBJECT_DEPS:
                score -= 1.0
            if c.kind in (UNKNOWN, THING):
                score += 3.0
            elif not c.proper:
                score += 1.0  # news refers back to named people more than to descriptions
            if (c.gender or self.gender.get(c.name)) == gender and gender:
                score -= 0.5
            scored.append((score, c.head, c))
        if not scored and gender:
            scored = self._bare_surnames(pron.i, sent)
        if not scored:
            return None
        scored.sort(key=lambda x: (x[0], -x[1]))
        return scored[0][2]

    def _bare_surnames(self, before: int, sent: int) -> list[tuple[float, int, Mention]]:
        """For "he"/"she" with no person before it: a lone name the tagger took for an
        organisation but that acts as a person, the subject of a sentence just before
        ('Vasquez waited by the gate. "...," she said.')."""
        out = []
        for k in range(bisect_left(self.heads, before) - 1, -1, -1):
            c = self.mentions[k]
            if sent - self.sent_of[c.head] > 2:
                break
            tok = self.doc[c.head]
            if c.proper and not c.plural and c.label == "ORG" and " " not in c.name and (
                tok.dep_ == "nsubj" and tok.head.pos_ == "VERB"
            ):
                person = Mention(c.head, c.start, c.name, PERSON, False, True, c.words, label="PERSON")
                out.append((2.0 * (sent - self.sent_of[c.head]), c.head, person))
        return out
