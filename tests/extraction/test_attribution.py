"""Speakers, source chains, stance and said_on, from statement spans to claims.

The statement spans are given by hand (the spans are statements.py's job), so these cases
test only what attribution adds. All sentences are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from claimledger.extraction.attribution import claims_from_statements
from claimledger.extraction.statements import Statement
from claimledger.record import Claim, TimeExpression

DAY = dt.date(2025, 3, 12)  # a Wednesday


def _find(text: str, needle: str | None, after: int = 0) -> list[tuple[int, int]]:
    """The first whole-word occurrence of `needle` at or after `after`."""
    if needle is None:
        return []
    m = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)").search(text, after)
    assert m is not None, needle
    return [m.span()]


def claim_for(
    nlp,
    text: str,
    content: str,
    source: str | None = None,
    cue: str | None = None,
    kind: str = "indirect",
    times: list[tuple[str, str, str]] = (),
    extra: list[tuple[str, str | None, str | None, str]] = (),
) -> Claim:
    """The claim for `content` in `text`, with source and cue found by string search.

    `extra` adds other statements (content, source, cue, kind) to the same document,
    `times` adds resolved time expressions (text, value, type).
    """
    doc = nlp(text)
    statements = []
    for c, s, q, k in [(content, source, cue, kind), *extra]:
        statements.append(
            Statement(content=_find(text, c), source=_find(text, s), cue=_find(text, q), kind=k)
        )
    resolved = [TimeExpression(span=_find(text, t)[0], value=v, type=ty) for t, v, ty in times]
    return claims_from_statements(doc, statements, DAY, resolved)[0]


# -- speakers ---------------------------------------------------------------------------

SPEAKER_CASES = [
    # a pronoun speaker two sentences back
    (
        "Finance Minister Maria Lopez met bankers in Madrid on Tuesday. The budget is due in "
        "April. She said spending on schools would rise.",
        "spending on schools would rise", "She", "said", "Maria Lopez",
    ),
    # he vs she with two candidates
    (
        "Talks between John Carter and Helen Wu ended without a deal. She said the offer "
        "had been withdrawn.",
        "the offer had been withdrawn", "She", "said", "Helen Wu",
    ),
    (
        "Talks between John Carter and Helen Wu ended without a deal. He said the offer "
        "had been withdrawn.",
        "the offer had been withdrawn", "He", "said", "John Carter",
    ),
    # "they" -> the plural group, not the organisation
    (
        "The port authority closed two terminals after angry dock workers blocked the "
        "gates. They said the pay offer was an insult.",
        "the pay offer was an insult", "They", "said", "angry dock workers",
    ),
    # "it" -> the organisation, not the person
    (
        "Labour minister Paul Evans met the board of Volvo on Monday. It said the plant "
        "would stay open.",
        "the plant would stay open", "It", "said", "Volvo",
    ),
    # a short name -> the full name
    (
        "Prime Minister Anna Berg arrived in Oslo on Sunday. Berg said the talks had gone "
        "well.",
        "the talks had gone well", "Berg", "said", "Anna Berg",
    ),
    (
        "John Smith, a lawyer for the family, filed the suit in March. Mr. Smith said the "
        "company had ignored the warnings.",
        "the company had ignored the warnings", "Mr. Smith", "said", "John Smith",
    ),
    # titles and roles are stripped to the name
    (
        "U.S. Trade Representative Mark Fields said tariffs would be lifted.",
        "tariffs would be lifted", "U.S. Trade Representative Mark Fields", "said",
        "Mark Fields",
    ),
    # a descriptor -> the earlier full name
    (
        "Japan's Ministry of Health issued new guidance on Monday. The ministry said "
        "hospitals should prepare for more patients.",
        "hospitals should prepare for more patients", "The ministry", "said",
        "Japan's Ministry of Health",
    ),
    (
        "Opposition lawmakers walked out of the chamber. Later the lawmakers said the vote "
        "had been rigged.",
        "the vote had been rigged", "the lawmakers", "said", "Opposition lawmakers",
    ),
    (
        "Shares in Nordic Tanker Lines fell 8% on Tuesday. The company said demand for "
        "tankers had collapsed.",
        "demand for tankers had collapsed", "The company", "said", "Nordic Tanker Lines",
    ),
    (
        "President Maria Santos opened the summit in Lima. The president said the region "
        "needed more trade.",
        "the region needed more trade", "The president", "said", "Maria Santos",
    ),
    # a descriptor with no name stays as written
    (
        "A spokesman for the airline said all flights would resume on Friday.",
        "all flights would resume on Friday", "A spokesman for the airline", "said",
        "A spokesman for the airline",
    ),
    # "they" -> a coordination of countries
    (
        "Both Norway and Chile signed the treaty in June, but they said the deadline was "
        "too short.",
        "the deadline was too short", "they", "said", "Norway and Chile",
    ),
    # a relative pronoun -> the noun it hangs on
    (
        "The plan was welcomed by Dana Whitfield, who said the changes were overdue.",
        "the changes were overdue", "who", "said", "Dana Whitfield",
    ),
    # a descriptor with the name in apposition -> the name
    (
        "The party's treasurer, Ian Brooks, said the accounts were in order.",
        "the accounts were in order", "The party's treasurer, Ian Brooks,", "said",
        "Ian Brooks",
    ),
    # a short organisation name -> the full one
    (
        "The Baltic Courier published the letter on Monday. The Courier said it had checked "
        "every signature.",
        "it had checked every signature", "The Courier", "said", "Baltic Courier",
    ),
    # a dateline inside the source span is not the speaker
    (
        "OSLO (Wire) - The Norwegian Refugee Council said the camp was full.",
        "the camp was full", "OSLO (Wire) - The Norwegian Refugee Council", "said",
        "Norwegian Refugee Council",
    ),
    # capitals used for governments stay the speakers they are
    (
        "Beijing said the sanctions were unlawful.",
        "the sanctions were unlawful", "Beijing", "said", "Beijing",
    ),
    # no source and nothing to resolve to: no speaker
    (
        "Prices rose sharply in the capital, where the market was said to be closing.",
        "the market was said to be closing", None, None, None,
    ),
    (
        "He said the border would stay shut.",
        "the border would stay shut", "He", "said", None,
    ),
]


@pytest.mark.parametrize("text,content,source,cue,expected", SPEAKER_CASES)
def test_speaker(nlp, text, content, source, cue, expected):
    assert claim_for(nlp, text, content, source, cue).speaker == expected


def test_according_to_names_its_object_and_dates_to_the_article(nlp):
    text = "Three ferries were cancelled, according to the coastguard."
    claim = claim_for(nlp, text, "Three ferries were cancelled", "according to the coastguard",
                      "according to", "according_to")
    assert (claim.speaker, claim.said_on, claim.via) == ("the coastguard", DAY.isoformat(), [])


def test_first_person_in_a_quote_is_the_person_quoted(nlp):
    text = "“I told them we would not sign,” Carla Diaz said after the meeting."
    claim = claim_for(
        nlp, text, "we would not sign", "I", "told",
        extra=[("I told them we would not sign", "Carla Diaz", "said", "direct")],
    )
    assert claim.speaker == "Carla Diaz"


def test_a_quotation_paragraph_continues_the_quote_before(nlp):
    text = (
        "“The dam held through the night,” said Omar Haddad, the regional governor.\n\n"
        "“We expect the water to fall by Sunday.”\n"
    )
    claim = claim_for(
        nlp, text, "We expect the water to fall by Sunday.", None, None, "direct",
        extra=[("The dam held through the night", "Omar Haddad", "said", "direct")],
    )
    assert claim.speaker == "Omar Haddad"
    assert claim.said_on == DAY.isoformat()


def test_a_pronoun_prefers_who_spoke_last(nlp):
    text = (
        "Lena Holm said the grid needed investment after talks with Anna Berg in Stockholm. "
        "She added that prices would fall."
    )
    claim = claim_for(
        nlp, text, "that prices would fall", "She", "added",
        extra=[("the grid needed investment", "Lena Holm", "said", "indirect")],
    )
    assert claim.speaker == "Lena Holm"


def test_an_impersonal_cue_has_no_speaker(nlp):
    text = "After the vote it was clear that the coalition had lost its majority."
    claim = claim_for(nlp, text, "that the coalition had lost its majority", None, "was clear")
    assert claim.speaker is None


def test_a_participle_cue_speaks_for_the_main_subject(nlp):
    text = "The central bank raised rates on Tuesday, warning that inflation could climb."
    claim = claim_for(nlp, text, "that inflation could climb", None, "warning",
                      times=[("Tuesday", "2025-03-11", "DATE")])
    assert (claim.speaker, claim.said_on) == ("The central bank", "2025-03-11")


# -- source chains ----------------------------------------------------------------------

VIA_CASES = [
    (
        "Canada's Security Intelligence Service reported the break-in last month. Senator "
        "Ruth Ames said the servers had been wiped, citing the spy agency.",
        "the servers had been wiped", "Senator Ruth Ames", "said",
        ["Canada's Security Intelligence Service"],
    ),
    (
        "The committee members said the ship had sunk within minutes, after being briefed "
        "by the navy.",
        "the ship had sunk within minutes", "The committee members", "said", ["the navy"],
    ),
    (
        "Paul Okafor said the agency confirmed that two reactors had been shut down.",
        "the agency confirmed that two reactors had been shut down", "Paul Okafor", "said",
        ["the agency"],
    ),
    (
        "The mayor said that, according to the fire brigade, nobody had been hurt.",
        "that, according to the fire brigade, nobody had been hurt", "The mayor", "said",
        ["the fire brigade"],
    ),
    (
        "The broadcaster reported, quoting a senior diplomat, that the envoy had been "
        "recalled.",
        "that the envoy had been recalled", "The broadcaster", "reported",
        ["a senior diplomat"],
    ),
    (
        "The mayor said nobody had been hurt.",
        "nobody had been hurt", "The mayor", "said", [],
    ),
    # a reason is not a source
    (
        "The minister said the talks were over, citing concerns about security.",
        "the talks were over", "The minister", "said", [],
    ),
    # inside a quotation, "X said" is what the speaker tells, not whom they cite
    (
        "“The governor said nothing would change, and nothing did,” Lisa Park told the crowd.",
        "The governor said nothing would change, and nothing did", "Lisa Park", "told", [],
    ),
]


@pytest.mark.parametrize("text,content,source,cue,expected", VIA_CASES)
def test_via(nlp, text, content, source, cue, expected):
    assert claim_for(nlp, text, content, source, cue).via == expected


# -- stance -----------------------------------------------------------------------------

STANCE_CASES = [
    ("The company denied that it had paid the officials.", "that it had paid the officials",
     "denied", "deny"),
    ("The company did not deny that it had paid the officials.",
     "that it had paid the officials", "deny", "assert"),
    ("The minister dismissed the report as exaggerated.", "the report", "dismissed", "deny"),
    ("The army rejected the accusations.", "the accusations", "rejected", "deny"),
    ("The club refuted the rumours about its owner.", "the rumours about its owner",
     "refuted", "deny"),
    ("The union rebuffed the claims of fraud.", "the claims of fraud", "rebuffed", "deny"),
    ("The embassy called the report “baseless lies”.", "baseless lies", "called", "deny"),
    ("The embassy called the story groundless.", "the story groundless", "called", "deny"),
    ("The ministry said the video was fake news.", "the video was fake news", "said", "deny"),
    ("The governor said there was no evidence of fraud.", "there was no evidence of fraud",
     "said", "deny"),
    ("The governor said the count was accurate.", "the count was accurate", "said", "assert"),
    ("The governor said the report was false.", "the report was false", "said", "deny"),
    ("The governor said the siren had been a false alarm.", "the siren had been a false alarm",
     "said", "assert"),
    ("Officials said the bridge could reopen in May.", "the bridge could reopen in May",
     "said", "hedge"),
    ("Officials said the bridge may reopen in May.", "the bridge may reopen in May", "said",
     "hedge"),
    ("Officials said the bridge might reopen in May.", "the bridge might reopen in May",
     "said", "hedge"),
    ("The coach said it appears that the striker will miss the final.",
     "it appears that the striker will miss the final", "said", "hedge"),
    ("The coach said the striker seems unlikely to play.", "the striker seems unlikely to play",
     "said", "hedge"),
    ("Police said the fire was likely caused by a cigarette.",
     "the fire was likely caused by a cigarette", "said", "hedge"),
    ("Police said the driver had possibly fallen asleep.",
     "the driver had possibly fallen asleep", "said", "hedge"),
    ("Police said the suspect is alleged to have fled abroad.",
     "the suspect is alleged to have fled abroad", "said", "hedge"),
    ("The broker said the fund had reportedly lost half its value.",
     "the fund had reportedly lost half its value", "said", "hedge"),
    ("The minister said it remains to be seen whether the truce will hold.",
     "it remains to be seen whether the truce will hold", "said", "hedge"),
    ("The minister said the truce would collapse if the shelling resumed.",
     "the truce would collapse if the shelling resumed", "said", "hedge"),
    ("“Should the figures be confirmed, this would be a record,” the agency said.",
     "Should the figures be confirmed, this would be a record", "said", "hedge"),
    ("The minister said the truce had collapsed.", "the truce had collapsed", "said", "assert"),
    # the report itself hedged
    ("The minister reportedly said the truce had collapsed.", "the truce had collapsed",
     "said", "hedge"),
]


@pytest.mark.parametrize("text,content,cue,expected", STANCE_CASES)
def test_stance(nlp, text, content, cue, expected):
    assert claim_for(nlp, text, content, None, cue).stance == expected


# -- said_on ----------------------------------------------------------------------------

SAID_ON_CASES = [
    ("The regulator said on Friday that the merger was blocked.",
     "that the merger was blocked", "said", [("Friday", "2025-03-07", "DATE")], "2025-03-07"),
    ("The regulator said on Friday it would open an inquiry into the merger.",
     "it would open an inquiry into the merger", "said", [("Friday", "2025-03-07", "DATE")],
     "2025-03-07"),
    ("The regulator said last week the merger was blocked.", "the merger was blocked", "said",
     [("last week", "2025-W10", "DATE")], "2025-W10"),
    ("The mayor told reporters on Monday the bridge was safe.", "the bridge was safe", "told",
     [("Monday", "2025-03-10", "DATE")], "2025-03-10"),
    ("On Monday the mayor told reporters the bridge was safe.", "the bridge was safe", "told",
     [("Monday", "2025-03-10", "DATE")], "2025-03-10"),
    ("The regulator is saying the merger was blocked.", "the merger was blocked", "saying", [],
     DAY.isoformat()),
    ("The regulator now says the merger was blocked.", "the merger was blocked", "says",
     [("now", "PRESENT_REF", "DATE")], DAY.isoformat()),
    # a date on the cue verb counts even when the content span was drawn over it
    ("The regulator said last week the merger was blocked.",
     "last week the merger was blocked", "said", [("last week", "2025-W10", "DATE")],
     "2025-W10"),
    # a coordinated cue shares the day of the verb it is joined to
    ("The regulator blocked the merger on Friday and warned that fines could follow.",
     "that fines could follow", "warned", [("Friday", "2025-03-07", "DATE")], "2025-03-07"),
    # a date inside an argument is what is talked about, not when it was said
    ("The senator praised the 2019 treaty and said it had kept the peace.",
     "it had kept the peace", "said", [("2019", "2019", "DATE")], DAY.isoformat()),
    # nothing is said after the article is out
    ("The regulator said on Friday it would act.", "it would act", "said",
     [("Friday", "2025-03-14", "DATE")], DAY.isoformat()),
    # present tense and plain past without a date: the article date
    ("Doctors say the outbreak is slowing.", "the outbreak is slowing", "say", [],
     DAY.isoformat()),
    ("The regulator said the merger was blocked.", "the merger was blocked", "said", [],
     DAY.isoformat()),
    # a date inside the content is not the day it was said
    ("The regulator said the vote would be held on Friday.", "the vote would be held on Friday",
     "said", [("Friday", "2025-03-14", "DATE")], DAY.isoformat()),
    # present perfect, past perfect: the day is not stated
    ("The regulator has said the merger was blocked.", "the merger was blocked", "said", [],
     None),
    ("The regulator had said the merger was blocked.", "the merger was blocked", "said", [],
     None),
    # no cue at all
    ("The merger was blocked.", "The merger was blocked", None, [], None),
]


@pytest.mark.parametrize("text,content,cue,times,expected", SAID_ON_CASES)
def test_said_on(nlp, text, content, cue, times, expected):
    assert claim_for(nlp, text, content, None, cue, times=times).said_on == expected


def test_find_claims_runs_on_a_parsed_doc(nlp):
    from claimledger.extraction.attribution import find_claims

    doc = nlp("The ministry said on Friday that 40 people had died.")
    claims = find_claims(doc, DAY, [])
    assert all(c.stance in ("assert", "deny", "hedge") for c in claims)


def test_short_names_resolve_as_a_scan_of_every_mention_would(nlp) -> None:
    """ "the Post" after "the New York Post", "NIS" after "National Intelligence Service":
    the indexes that replaced a scan of every mention (quadratic in a long article) give the
    latest such organisation, last-word matches first."""
    from claimledger.extraction.speakers import ORG, SpeakerResolver

    text = ("The National Intelligence Service said 40 ships sank. The New York Post reported it. "
            "The Harbour Workers Union said the port was shut. The Post said NIS officials agreed. "
            "The Daily Post said so too, and the Union said the Post was wrong. " * 3)
    resolver = SpeakerResolver(nlp(text))

    def scan(name: str) -> str:
        for m in reversed(resolver.mentions):
            if m.proper and m.kind == ORG and m.name.endswith(" " + name) and " and " not in m.name:
                return m.name
        for m in reversed(resolver.mentions):
            if m.proper and m.kind == ORG and len(name) > 1 and name.isupper():
                initials = "".join(w[0] for w in m.name.split() if w[:1].isupper())
                if initials.endswith(name):
                    return m.name
        return name

    names = ["Post", "Union", "NIS", "HWU", "WU", "Service", "Nobody", "P"]
    assert [resolver._canonical(n) for n in names] == [scan(n) for n in names]
    assert resolver._canonical("Post") != "Post" and resolver._canonical("NIS") != "NIS"
