"""Entities: every mention of one person, organisation or government is one entity.

Within an article the speaker resolution has already turned "Chaves", "President Chaves"
and "the future President" into "Rodrigo Chaves" where it could; here a bare surname that
is the last (or first) word of exactly one full name in the same article joins it too.

Across articles, entities merge by key: the type and normalised full name ("PERSON:rodrigo
chaves"), or the country for a government ("GPE:KP" for "Pyongyang", "DPRK", "North
Korea"). A bare surname or a descriptor ("officials") gets a key local to its article, so
it never merges on its own and two people called King stay apart. User judgements
(`aliases.py`) then set each entity's `canonical_id`; claims point at the base entity, so
undoing a judgement moves them back.

Types: GPE from the alias table; ORG, NORP and PERSON from the words of the name, the
mention and the article text (titles, given names, "he"/"she" sources); else "unknown".
The stored record keeps no NER labels and relinking must not parse again, so this reads
only stored text.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from claimledger.extraction.speakers import (
    FEMALE_NAMES,
    MALE_NAMES,
    ORG_NOUNS,
    PERSON_NOUNS,
    TITLES,
)
from claimledger.ledger.base import norm_name
from claimledger.linking.countries import government_of
from claimledger.linking.db import LinkDB

PERSON, ORG, GPE, NORP, UNKNOWN = "PERSON", "ORG", "GPE", "NORP", "unknown"
TYPES = (PERSON, ORG, GPE, NORP, UNKNOWN)

# Words in a proper name that make it an organisation, beyond the resolver's heads.
ORG_WORDS = ORG_NOUNS | frozenset(
    """cross crescent news press times post herald journal tribune reuters inc corp corporation
    ltd llc plc co institute university college police ministry party forces fund foundation
    programme program nations union organisation organization unicef nato agency council
    guard command office church charity society trust center centre utility""".split()
)
PERSON_PRONOUNS = frozenset("he she him her his".split())
_APPOSITION = re.compile(r",\s+(?:the|a|an|its|their)\s+([^,]*?)(?:\s+(?:that|who|which|whose|of|in|at|for|from)\b|,|$)")
GOVERNMENT_WORDS = frozenset("government country nation state".split())
# only words that put a place after them: "of", "to" and "from" take people too ("a letter
# from Trump", "supporters of Clinton")
_STATE_PREPS = frozenset("in across neighbouring neighboring".split())
_NEXT_CAPITAL = re.compile(r"\s+[A-Z]")
_STATE_POSSESSED = re.compile(
    r"(?:'s|’s)\s+(?:government|parliament|president|prime\s+minister|capital|army|military|border|economy|cabinet)\b")
_AGE = re.compile(r",\s\d{2},")
# Roles in an apposition ("Tomas Kovac, a professor of ...") beyond the resolver's nouns.
PERSON_WORDS = PERSON_NOUNS | frozenset(
    """professor engineer farmer nurse survivor victim owner manager driver pilot soldier
    resident neighbour neighbor lecturer historian reporter journalist correspondent
    economist founder coordinator inspector firefighter paramedic surgeon physician
    mother father widow grandmother grandfather student operator""".split()
)
_WORD = re.compile(r"[\w’'.-]+")
_DEMONYM_PLURAL = re.compile(r"^[A-Z][a-z]+(?:ians|eans|ans|ists|ats|ese)$")
_TEXT_KEY_WORD = re.compile(r"\w+")


def text_key(text: str) -> str:
    """A key equal for two claim texts with the same words (case and punctuation aside)."""
    words = " ".join(_TEXT_KEY_WORD.findall(text.casefold()))
    return hashlib.sha1(words.encode("utf-8")).hexdigest()[:16]


def is_proper(name: str) -> bool:
    """A name (its last word capitalised) rather than a descriptor ("the lawmakers",
    "a lawyer for Holloway Furniture")."""
    words = _WORD.findall(name)
    if not words:
        return False
    if words[0].lower() in ("the", "a", "an", "its", "his", "her", "their") and len(words) > 1:
        if words[0].lower() != "the" or words[1][:1].islower():
            return False
        words = words[1:]
    return words[-1][:1].isupper() or words[-1][:1].isdigit()


def clean_name(name: str) -> str:
    """The name without roles the resolver left in front of it ("agency spokesman Marek
    Holub" -> "Marek Holub") or a trailing comma clause."""
    name = " ".join(name.split()).strip(" ,;")
    words = name.split(" ")
    for i in range(len(words) - 1, 0, -1):
        w = words[i - 1].lower().strip(".,")
        rest = words[i:]
        if (w in TITLES or w in PERSON_NOUNS) and all(r[:1].isupper() for r in rest) and len(rest) >= 2:
            return " ".join(rest)
    return name


def _lower_words(name: str) -> list[str]:
    return [w.lower().strip(".") for w in _WORD.findall(name)]


def name_type(name: str) -> str | None:
    """The type the words of a proper name alone give (None when they say nothing)."""
    if government_of(name):
        return GPE
    words = _lower_words(name)
    if any(w in ORG_WORDS for w in words):
        return ORG
    if " " not in name.strip() and _DEMONYM_PLURAL.match(name.strip()):
        return NORP
    if len(words) > 1 and words[0] in MALE_NAMES | FEMALE_NAMES:
        return PERSON
    return None


def descriptor_type(name: str) -> str:
    """ "officials" -> PERSON, "the ministry" -> ORG, "a poll" -> unknown."""
    words = _lower_words(name)
    head = words[-1] if words else ""
    singular = head[:-1] if head.endswith("s") else head
    if head in PERSON_NOUNS or singular in PERSON_NOUNS:
        return PERSON
    if head in ORG_NOUNS or singular in ORG_NOUNS:
        return ORG
    return UNKNOWN


def _occurrences(word: str, text: str) -> list[int]:
    """Start offsets of `word` as a whole word in `text` (no regex to compile per name)."""
    out, i = [], text.find(word)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or not text[i - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            out.append(i)
        i = text.find(word, i + 1)
    return out


def _titled_in_text(name: str, text: str) -> bool:
    """A title or honorific written right before the name (or its last word) in the text."""
    last = name.split()[-1]
    name_words = _lower_words(name)
    for start in _occurrences(last, text):
        before = text[max(0, start - 60) : start]
        words = _lower_words(before.replace("-", " "))[-4:]
        # skip the given names between the title and the surname
        while words and words[-1] in name_words:
            words.pop()
        if words and (words[-1] in TITLES or words[-1] in PERSON_NOUNS or words[-1] == "elect"):
            return True
        if _AGE.match(text, start + len(last)):  # "Ana Ruiz, 45," gives an age
            return True
    return False


def _used_as_state(name: str, text: str) -> bool:
    """A single name used as a place or a state: "in Karvenia", "Karvenia's parliament"."""
    for start in _occurrences(name, text):
        before = text[max(0, start - 14) : start].split()
        after = text[start + len(name) : start + len(name) + 30]
        if (before and before[-1].lower() in _STATE_PREPS and not _NEXT_CAPITAL.match(after)
                and not after.startswith(("'s", "’s"))):  # "in Trump's campaign" is a person's
            return True
        if _STATE_POSSESSED.match(after):
            return True
    return False


@dataclass
class ArticleMention:
    """One speaker or via name of a claim, as linking sees it."""

    claim_id: int
    role: str  # speaker | via
    name: str
    text: str  # the mention as written (the source span), else the name
    start: int | None = None
    end: int | None = None
    label: str | None = None  # the type the article's evidence gave it at extraction (speakers only)


@dataclass
class EntityGroup:
    """The mentions of one entity within one article."""

    name: str
    mentions: list[ArticleMention] = field(default_factory=list)
    type: str = UNKNOWN
    key: str = ""


# "the Hale campaign", "Hale's campaign", "Sen. Hale's presidential campaign"
_CAMPAIGN = re.compile(
    r"^(?:[Tt]he\s+)?(?:(?:Mr|Mrs|Ms|Sen|Senator|Dr|Gov|Rep)\.?\s+)?"
    r"(?!(?:The|A|An|His|Her|Its|Their|This|That|Our|Your|My)\b)"
    r"(?P<owner>(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w-]*)(?:['’]s|['’])?(?:\s+[\w-]+){0,2}\s+campaign$")


def campaign_owner(written: str) -> str | None:
    """The name whose campaign a mention names ("The Hale campaign", "Ina Hale's campaign"
    -> "Hale", "Ina Hale"), else None ("his campaign", "a campaign aide")."""
    m = _CAMPAIGN.match(written.strip(" ,."))
    return m.group("owner") if m else None


def group_article(mentions: list[ArticleMention]) -> list[EntityGroup]:
    """Mentions of one article grouped by entity: same name, or a bare surname (or given
    name) that belongs to exactly one full name of the article. A campaign ("the Hale
    campaign", "Hale's campaign") is an organisation of its own, named after the full name
    of its candidate, whatever the speaker resolution made of it."""
    owners: dict[int, str] = {}
    for i, m in enumerate(mentions):
        m.name = clean_name(m.name)
        owner = campaign_owner(m.text) if m.role == "speaker" else None
        if owner is not None:
            owners[i] = owner
            m.name, m.label = f"{owner} campaign", ORG
    full = sorted({m.name for m in mentions if is_proper(m.name) and len(m.name.split()) > 1
                   and not m.name.endswith(" campaign")})
    orgs = [f for f in full if name_type(f) == ORG]
    by_part: dict[str, set[str]] = {}
    for f in full:
        parts = f.split()
        if len(parts) > 2 and parts[-1].lower().strip(".,") in SUFFIXES:
            parts = parts[:-1]  # "Trump" may be "Donald Trump Jr." as well as his father
        for p in (parts[0], parts[-1]):
            by_part.setdefault(p.rstrip(","), set()).add(f)
    for i, owner in owners.items():
        if len(by_part.get(owner, ())) == 1:
            mentions[i].name = f"{next(iter(by_part[owner]))} campaign"
    groups: dict[str, EntityGroup] = {}
    for m in mentions:
        name = m.name
        if " " not in name and len(by_part.get(name, ())) == 1 and government_of(name) is None:
            name = next(iter(by_part[name]))
        longer = [f for f in orgs if f != name and f.endswith(" " + name.removeprefix("the "))]
        if len(longer) == 1 and name in orgs:  # "Civil Protection Agency" after "Karvenian ..."
            name = longer[0]
        groups.setdefault(name, EntityGroup(name)).mentions.append(m)
    return list(groups.values())


def group_type(group: EntityGroup, article_text: str) -> str:
    """The type of an entity from its name, its mentions and its article.

    The labels stored at extraction come first: PERSON when the article names a person so
    anywhere. A lone word's ORG or GPE label counts only when the article does not show it
    to be a person ("Mr. Hale", "Hale, 45,"); a GPE label of a single word that is no
    country or capital counts only when the text uses the word as a place ("in Karvenia").
    Records without labels (stored before they existed) are typed from the words alone."""
    if not is_proper(group.name):
        return descriptor_type(group.name)
    labels = {m.label for m in group.mentions if m.label}
    if PERSON in labels and government_of(group.name) is None:
        return PERSON
    t = name_type(group.name)
    if t is not None:
        return t
    single = " " not in group.name.strip()
    name_words = set(_lower_words(group.name))
    if labels and _shown_a_person(group, name_words, article_text):
        return PERSON  # a name tagged ORG or GPE that the article gives a title, age or "he"
    for label in (ORG, NORP):
        if label in labels:
            return label
    if GPE in labels and (not single or _used_as_state(group.name, article_text)):
        return GPE
    for m in group.mentions:  # a descriptor the resolver linked: "the government", "the company"
        written = _lower_words(m.text)
        if name_words & set(written):
            continue
        if written and written[0] in ("the", "its") and written[-1] in GOVERNMENT_WORDS:
            return GPE
        if written and written[0] in ("the", "its") and written[-1] in ORG_WORDS:
            return ORG
    for m in group.mentions:  # an apposition: "Hydrokar, the state utility that ...", "Ann Lee, a nurse"
        appos = _APPOSITION.search(m.text)
        if appos:
            head = _lower_words(appos.group(1))[-1:]
            if head and (head[0] in PERSON_WORDS or head[0] in TITLES):
                return PERSON
            if head and head[0] in ORG_WORDS:
                return ORG
    if " " not in group.name and _used_as_state(group.name, article_text):
        return GPE  # a single name used as a place or a state ("in Karvenia", "Karvenia's parliament")
    if _shown_a_person(group, name_words, article_text):
        return PERSON
    return UNKNOWN


def _shown_a_person(group: EntityGroup, name_words: set[str], article_text: str) -> bool:
    """The article shows the entity to be a person: a mention written as "he" or with a
    title or role ("Sen. Hale"), or a title or an age by its name in the text."""
    for m in group.mentions:
        written = _lower_words(m.text.replace("-", " "))
        if any(w in PERSON_PRONOUNS for w in written):
            return True
        if any(w in TITLES or w in PERSON_WORDS for w in written if w not in name_words):
            return True
    return _titled_in_text(group.name, article_text) or _given_name_before(group.name, article_text)


def _given_name_before(name: str, text: str) -> bool:
    """The article writes a known given name before the (single) name: "Ina Hale" ... "Hale"."""
    if " " in name:
        return False
    for start in _occurrences(name, text):
        before = text[max(0, start - 20) : start]
        words = before.split()
        if words and before.endswith(" ") and words[-1].lower() in MALE_NAMES | FEMALE_NAMES:
            return True
    return False


def base_key(group: EntityGroup, article_id: int) -> str:
    """The key that decides which groups of different articles are one entity."""
    gov = government_of(group.name) if is_proper(group.name) else None
    if gov is not None:
        return f"{GPE}:{gov[0]}"
    multiword = len(group.name.split()) > 1
    if not multiword and group.name.lower().strip(".") in ORG_WORDS | PERSON_WORDS:
        return f"local:{article_id}:{norm_name(group.name)}"  # "Police said": which police?
    campaign = campaign_owner(group.name) is not None
    if (is_proper(group.name) or campaign) and (multiword or group.type in (ORG, NORP, GPE)):
        if group.type == ORG:
            return f"{ORG}:{org_norm(group.name)}"
        return f"{group.type}:{person_norm(group.name) if group.type in (PERSON, UNKNOWN) else norm_name(group.name)}"
    return f"local:{article_id}:{norm_name(group.name)}"


# Generational suffixes: part of who a person is ("Hal Brenner Jr." is not his father).
SUFFIXES = frozenset("jr sr ii iii iv".split())


def person_norm(name: str) -> str:
    """The grouping form of a person's name: one middle initial dropped ("Donald J. Trump" is
    "Donald Trump"); two are kept, so "George H. W. Bush" stays apart from "George W. Bush".
    A generational suffix is kept ("Jr.", "III"), with or without the comma before it."""
    words = norm_name(name).split()
    suffix = words[-1:] if len(words) >= 3 and words[-1] in SUFFIXES else []
    if suffix:
        words = words[:-1]
    initials = [i for i, w in enumerate(words[1:-1], start=1) if len(w) == 1]
    if len(words) >= 3 and len(initials) == 1:
        del words[initials[0]]
    return " ".join(words + suffix)


def person_tail(key: str, name: str) -> str | None:
    """For a person's key with full middle names ("PERSON:ina rosa hale"), the first and last
    name ("ina hale"): a "PERSON:ina hale" of another article is the same person. Not for
    middle initials (person_norm keeps two: "George H. W. Bush" is not "George W. Bush"), a
    suffix, or a phrase that is not a plain name ("Ina Hale and Tom Quist", "Billionaire
    Ina Hale": a title or a role in front)."""
    words = name.split()
    if not key.startswith(PERSON + ":") or not all(w[:1].isupper() for w in words):
        return None
    if words[0].lower().strip(".") in TITLES | PERSON_WORDS or not words[0][:1].isalpha():
        return None
    words = key[len(PERSON) + 1:].split()
    if len(words) < 3 or words[-1] in SUFFIXES or any(len(w) == 1 for w in words[1:-1]):
        return None
    return f"{words[0]} {words[-1]}"


def org_norm(name: str) -> str:
    """The grouping form of an organisation's name: "Karvenia's Civil Protection Agency" and
    "Karvenian Civil Protection Agency" are one (the country's stem qualifies the rest)."""
    words = norm_name(name).split()
    if len(words) > 2 and words[0].endswith("s") and name.split()[0].endswith(("'s", "’s")):
        words[0] = words[0][:-1]
    if len(words) > 2 and words[0][:1].isalpha() and name.split()[0][:1].isupper():
        words[0] = words[0][:5]
    return " ".join(words)


def org_tail(group: EntityGroup) -> str | None:
    """For a qualified organisation ("Karvenian Civil Protection Agency"), its name without
    the qualifier, so that a later bare "Civil Protection Agency" can find it."""
    words = norm_name(group.name).split()
    if group.type != ORG or len(words) < 3 or not group.name.split()[0][:1].isupper():
        return None
    return " ".join(words[1:])


_MINOR_WORDS = frozenset("of the for and on in to at".split())


def initials(name: str) -> str:
    """ "Federal Bureau of Investigation" -> "FBI" (small words skipped)."""
    return "".join(w[0] for w in name.replace("-", " ").split()
                   if w[:1].isupper() and w.lower() not in _MINOR_WORDS)


def is_acronym(name: str) -> bool:
    """ "FBI", "the NRA": one word of two to six capitals."""
    word = name.removeprefix("the ").removeprefix("The ").strip()
    return 2 <= len(word) <= 6 and word.isalpha() and word.isupper()


def acronym_given(group: EntityGroup) -> str | None:
    """The acronym an article gives for an organisation: one of its mentions is written as
    the initials of its name ("the FBI" for the Federal Bureau of Investigation, which the
    speaker resolution joined because the article names both)."""
    if group.type != ORG or len(group.name.split()) < 2:
        return None
    expected = initials(group.name)
    for m in group.mentions:
        written = m.text.removeprefix("the ").removeprefix("The ").strip()
        if is_acronym(written) and written == expected:
            return written
    return None


def display_name(group: EntityGroup) -> str:
    gov = government_of(group.name) if is_proper(group.name) else None
    return gov[1] if gov else group.name


class EntityStage:
    """Links the speakers and via chains of claims to entities."""

    name = "entities"

    def link_articles(self, db: LinkDB, article_ids: list[int]) -> None:
        from claimledger.linking import aliases

        rules = aliases.LinkRules.load(db)
        texts = {r[0]: (r[1], r[2]) for r in db.select_in(
            "SELECT id, text, ext_id FROM articles WHERE id {IN}", article_ids)}
        claims = db.select_in(
            "SELECT id, article_id, speaker, source, text, speaker_type FROM claims WHERE article_id {IN}"
            " ORDER BY article_id, idx", article_ids)
        via = db.select_in(
            "SELECT v.claim_id, e.name FROM claim_via v JOIN entities e ON e.id = v.entity_id"
            " JOIN claims c ON c.id = v.claim_id WHERE c.article_id {IN} ORDER BY v.claim_id, v.pos",
            article_ids)
        via_of: dict[int, list[str]] = {}
        for cid, name in via:
            via_of.setdefault(int(cid), []).append(name)
        by_article: dict[int, list[tuple]] = {}
        for row in claims:
            by_article.setdefault(int(row[1]), []).append(row)
        new_entities: list[tuple[int, str, str]] = []
        for aid in article_ids:
            text, ext_id = texts[aid]
            mentions: list[ArticleMention] = []
            claim_rows = by_article.get(aid, [])
            for cid, _, speaker, source, _, label in claim_rows:
                if speaker:
                    spans = json.loads(source)
                    written = " ".join(text[s:e] for s, e in spans) or speaker
                    mentions.append(ArticleMention(
                        int(cid), "speaker", speaker, written,
                        spans[0][0] if spans else None, spans[-1][1] if spans else None,
                        label if label in TYPES else None))
                for name in via_of.get(int(cid), []):
                    mentions.append(ArticleMention(int(cid), "via", name, name))
            entity_of_claim: dict[int, tuple[int, str]] = {}
            for group in group_article(mentions):
                group.type = group_type(group, text)
                group.key = rules.key_for(base_key(group, aid), ext_id)
                eid, created = self._entity(db, group)
                if created:
                    new_entities.append((eid, group.key, norm_name(group.name)))
                db.executemany(
                    'INSERT INTO entity_mentions (article_id, claim_id, role, text, start, "end",'
                    " entity_id) VALUES (?,?,?,?,?,?,?)",
                    [(aid, m.claim_id, m.role, m.text, m.start, m.end, eid) for m in group.mentions],
                )
                for m in group.mentions:
                    if m.role == "speaker":
                        entity_of_claim[m.claim_id] = (eid, m.text)
            db.executemany(
                "INSERT INTO claim_links (claim_id, article_id, entity_id, mention, text_key,"
                " origin_claim_id) VALUES (?,?,?,?,?,?)",
                [(int(cid), aid, *entity_of_claim.get(int(cid), (None, None)), text_key(ctext), int(cid))
                 for cid, _, _, _, ctext, _ in claim_rows],
            )
        if any(rules.touches(key, norm) for _, key, norm in new_entities):
            aliases.recompute_canonical(db)

    @staticmethod
    def _entity(db: LinkDB, group: EntityGroup) -> tuple[int, bool]:
        """The id of the entity with `group.key`, created when missing (with a second value
        True); a multi-word name of unknown type joins the first entity of the same name."""
        acronym = acronym_given(group)
        row = db.execute("SELECT id FROM link_entities WHERE key = ?", (group.key,))
        if row:
            if acronym:
                _note_acronym(db, int(row[0][0]), acronym)
            return int(row[0][0]), False
        if group.type in (ORG, UNKNOWN) and is_acronym(group.name):
            # "FBI" joins the one organisation that an article gave with these initials
            full = db.execute("SELECT id FROM link_entities WHERE acronym = ? ORDER BY id",
                              (norm_name(group.name),))
            if len(full) == 1:
                return int(full[0][0]), False
        if group.key.startswith(PERSON + ":"):
            # "Ina Rosa Hale" and "Ina Hale": one person, whichever came first
            tail = person_tail(group.key, group.name)
            same = (db.execute("SELECT id FROM link_entities WHERE key = ?", (f"{PERSON}:{tail}",))
                    if tail else db.execute(
                        "SELECT id FROM link_entities WHERE tail = ? AND type = ? ORDER BY id",
                        (group.key[len(PERSON) + 1:], PERSON)))
            if len(same) == 1:
                return int(same[0][0]), False
        if group.key.startswith(ORG + ":") and len(norm_name(group.name).split()) >= 3:
            # "Civil Protection Agency" joins the one "Karvenian Civil Protection Agency" seen
            qualified = db.execute("SELECT id FROM link_entities WHERE tail = ? ORDER BY id",
                                   (norm_name(group.name),))
            if len(qualified) == 1:
                return int(qualified[0][0]), False
        one_word = group.type == UNKNOWN and is_proper(group.name) and " " not in group.name.strip()
        if group.key.startswith(UNKNOWN + ":") or one_word:
            # a name of unknown type joins the organisation or state of that name, never a
            # person: "Hydrokar" where another article said "the state utility Hydrokar"
            # the pattern is written out: so the partial index link_entities_named serves it
            typed = [r for r in db.execute(
                "SELECT id, key FROM link_entities WHERE norm = ? AND key NOT LIKE 'local:%' ORDER BY id",
                (norm_name(group.name),)) if not (one_word and str(r[1]).startswith(PERSON))]
            if typed and (not one_word or len(typed) == 1):
                return int(typed[0][0]), False
        eid = db.insert_id(
            "INSERT INTO link_entities (key, name, norm, tail, type, canonical_id) VALUES (?,?,?,?,?,0)",
            (group.key, display_name(group), norm_name(display_name(group)),
             org_tail(group) or person_tail(group.key, group.name), group.type))
        db.execute("UPDATE link_entities SET canonical_id = id WHERE id = ?", (eid,))
        if group.type in (ORG, GPE) and " " not in norm_name(group.name):
            _adopt_unknown(db, eid, norm_name(group.name))
        if acronym:
            _note_acronym(db, eid, acronym)
        return eid, True

    def clear(self, db: LinkDB) -> None:
        for table in ("claim_links", "entity_mentions", "link_entities"):
            clear_table(db, table)


def _note_acronym(db: LinkDB, eid: int, acronym: str) -> None:
    """Record that an article gave `acronym` for the organisation `eid` (unless another
    organisation has these initials: then the acronym stays its own entity), and move the
    earlier mentions of the bare acronym to it."""
    key = norm_name(acronym)
    if db.execute("SELECT id FROM link_entities WHERE acronym = ? AND id <> ?", (key, eid)):
        return
    db.execute("UPDATE link_entities SET acronym = ? WHERE id = ?", (key, eid))
    bare = [int(r[0]) for r in db.execute(
        "SELECT id FROM link_entities WHERE key = ?", (f"{ORG}:{org_norm(acronym)}",))]
    _move_mentions(db, bare, eid)


def _move_mentions(db: LinkDB, old: list[int], eid: int) -> None:
    """Point the mentions and claims of the entities `old` at `eid`, and drop `old`."""
    if not old:
        return
    for table in ("entity_mentions", "claim_links"):
        db.select_in(f"UPDATE {table} SET entity_id = ? WHERE entity_id {{IN}}", old, (eid,))
    db.select_in("DELETE FROM link_entities WHERE id {IN}", old)


def _adopt_unknown(db: LinkDB, eid: int, norm: str) -> None:
    """Move the earlier one-word mentions of unknown type with this name to the organisation
    or state just created (the same rule as for later ones, so the order does not matter)."""
    local = [int(r[0]) for r in db.execute(
        "SELECT id FROM link_entities WHERE norm = ? AND type = ? AND key LIKE ?", (norm, UNKNOWN, "local:%"))]
    _move_mentions(db, local, eid)


def clear_table(db: LinkDB, table: str) -> None:
    """Empty a link table; ids start again from 1 so that relink gives the same ids."""
    if db.backend == "postgres":
        db.execute(f"TRUNCATE {table} RESTART IDENTITY CASCADE")
    else:
        db.execute(f"DELETE FROM {table}")


STAGE = EntityStage()
