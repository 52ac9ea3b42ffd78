"""Entity types from the article's own evidence: the speaker type stored at extraction (a
surname the article names as a person is a person whatever its lone token was tagged), the
name's words, and the text; generational suffixes; old records with no stored type."""

from __future__ import annotations

import pytest
from linkrecords import record

from claimledger.ledger import Ledger
from claimledger.linking import link_pending
from claimledger.linking.entities import (
    ArticleMention,
    EntityGroup,
    acronym_given,
    base_key,
    campaign_owner,
    group_article,
    group_type,
    person_norm,
)
from claimledger.linking.queries import list_entities

TYPES = [
    # (name, stored label, article text, type)
    ("Vance", "PERSON", "Vance said the deal was done.", "PERSON"),
    # a lone word tagged as a place is no place unless the text uses it as one
    ("Vance", "GPE", "Vance said the deal was done.", "unknown"),
    ("Vance", "GPE", "Mr. Vance said the deal was done.", "PERSON"),
    ("Vance", "ORG", "Vance, 52, said the deal was done.", "PERSON"),
    ("Vance", "ORG", "Voters cheered Helen Vance. Vance said the deal was done.", "PERSON"),
    ("Karvenia", "GPE", "Floods hit villages in Karvenia. Karvenia said aid would come.", "GPE"),
    ("Corvane", "ORG", "Corvane said its profits fell.", "ORG"),
    ("Ostrava Lines", "ORG", "Ostrava Lines said fares would rise.", "ORG"),
    ("Lake Orvel", "GPE", "Lake Orvel said the water was clean.", "GPE"),
    ("Neda Orvel", "GPE", "Group president Neda Orvel said the water was clean.", "PERSON"),
    ("Moscow", "PERSON", "Moscow said the report was false.", "GPE"),  # the alias table first
    ("Republicans", "NORP", "Republicans said they would wait.", "NORP"),
    # records stored before the type existed: the words and the text alone
    ("Helen Wu", None, "Helen Wu said the vote was close.", "PERSON"),
    ("Vance", None, "Sen. Vance said the deal was done.", "PERSON"),
    ("Vance", None, "Vance said the deal was done.", "unknown"),
]


@pytest.mark.parametrize(("name", "label", "text", "expected"), TYPES)
def test_type_from_the_article_s_evidence(name: str, label: str | None, text: str, expected: str) -> None:
    group = EntityGroup(name, [ArticleMention(1, "speaker", name, name, label=label)])
    assert group_type(group, text) == expected


@pytest.mark.parametrize(("name", "key"), [
    ("Hal Brenner Jr.", "hal brenner jr"),
    ("Hal B. Brenner Jr.", "hal brenner jr"),
    ("Hal Brenner, Jr.", "hal brenner jr"),
    ("Hal B. Brenner", "hal brenner"),
    ("Oren Pask III", "oren pask iii"),
    ("Oren T. Pask Sr.", "oren pask sr"),
])
def test_a_suffix_is_part_of_the_name(name: str, key: str) -> None:
    assert person_norm(name) == key


def test_a_surname_shared_by_father_and_son_joins_neither() -> None:
    ms = [ArticleMention(1, "speaker", "Hal B. Brenner", "Hal B. Brenner"),
          ArticleMention(2, "speaker", "Hal Brenner Jr.", "his son, Hal Brenner Jr."),
          ArticleMention(3, "speaker", "Brenner", "Brenner")]
    groups = {g.name: [m.claim_id for m in g.mentions] for g in group_article(ms)}
    assert groups == {"Hal B. Brenner": [1], "Hal Brenner Jr.": [2], "Brenner": [3]}


def test_stored_types_decide_what_merges_across_articles(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        for i, day in enumerate(("2025-03-02", "2025-03-04")):
            text = (f"Vance said on day {i} that the bridge would reopen. "
                    "Corvane said its trucks would use the bridge. "
                    "Hal Brenner Jr. said the toll was too high.")
            led.add(record(f"v{i}", day, text, [
                ("Vance", "Vance", "the bridge would reopen"),
                ("Corvane", "Corvane", "its trucks would use the bridge"),
                ("Hal Brenner Jr." if i else "Hal B. Brenner Jr.", "Hal Brenner Jr.", "the toll was too high"),
            ], types={0: "GPE", 1: "ORG", 2: "PERSON"}))
        led.add(record("v2", "2025-03-05", "Hal B. Brenner said his son was wrong.", [
            ("Hal B. Brenner", "Hal B. Brenner", "his son was wrong")], types={0: "PERSON"}))
        link_pending(led)
        ents = list_entities(led, named_only=False)
        claims = sorted((e.name, e.type, e.claims) for e in ents)
        # the lone "Vance" tagged as a place stays within each article; the company and the
        # son merge across articles; the father stays apart from his son
        assert claims == [
            ("Corvane", "ORG", 2),
            ("Hal B. Brenner", "PERSON", 1),
            ("Hal B. Brenner Jr.", "PERSON", 2),
            ("Vance", "unknown", 1),
            ("Vance", "unknown", 1),
        ]


def test_the_speaker_type_is_stored_and_read_back(ledger_url: str) -> None:
    text = "Corvane said its trucks would use the bridge. Officials said the bridge was safe."
    rec = record("t1", "2025-03-02", text, [
        ("Corvane", "Corvane", "its trucks would use the bridge"),
        ("Officials", "Officials", "the bridge was safe"),
    ], types={0: "ORG"})
    with Ledger(ledger_url) as led:
        led.add(rec)
        back = led.record("t1")
    assert back is not None
    assert [c.speaker_type for c in back.claims] == ["ORG", None]
    assert back.claims[0].to_dict()["speaker_type"] == "ORG"
    assert "speaker_type" not in back.claims[1].to_dict()  # unknown: the old form


@pytest.mark.parametrize(("name", "written", "acronym"), [
    ("Nordic Rail Authority", "the NRA", "NRA"),
    ("Bureau of Coastal Safety", "BCS", "BCS"),
    ("Bureau of Coastal Safety", "the bureau", None),  # no acronym written
    ("Nordic Rail Authority", "the NRB", None),  # not its initials
    ("Lena Ortiz", "LO", None),  # people have no acronyms here
])
def test_the_acronym_an_article_gives(name: str, written: str, acronym: str | None) -> None:
    etype = "PERSON" if name == "Lena Ortiz" else "ORG"
    group = EntityGroup(name, [ArticleMention(1, "speaker", name, written)], type=etype)
    assert acronym_given(group) == acronym


def test_an_acronym_joins_its_expansion_only_once_an_article_gives_both(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        led.add(record("a1", "2025-05-01", "The NRA said the line would close.", [
            ("NRA", "The NRA", "the line would close")], types={0: "ORG"}))
        led.add(record("a2", "2025-05-02", "The BCS said the port was safe.", [
            ("BCS", "The BCS", "the port was safe")], types={0: "ORG"}))
        link_pending(led)
        text = ("The Nordic Rail Authority said fares would rise. "
                "The NRA said the rise was needed.")
        led.add(record("a3", "2025-05-03", text, [
            ("Nordic Rail Authority", "The Nordic Rail Authority", "fares would rise"),
            ("Nordic Rail Authority", "The NRA", "the rise was needed")], types={0: "ORG", 1: "ORG"}))
        led.add(record("a4", "2025-05-04", "The NRA said trains were late.", [
            ("NRA", "The NRA", "trains were late")], types={0: "ORG"}))
        # no article gives "Bureau of Coastal Safety" with "BCS": the two stay apart
        led.add(record("a5", "2025-05-05", "The Bureau of Coastal Safety said tides were high.", [
            ("Bureau of Coastal Safety", "The Bureau of Coastal Safety", "tides were high")],
            types={0: "ORG"}))
        link_pending(led)
        claims = sorted((e.name, e.claims) for e in list_entities(led, named_only=False))
        assert claims == [("BCS", 1), ("Bureau of Coastal Safety", 1), ("Nordic Rail Authority", 4)]


@pytest.mark.parametrize(("written", "owner"), [
    ("The Hale campaign", "Hale"),
    ("the Hale campaign", "Hale"),
    ("Ina Hale’s campaign", "Ina Hale"),
    ("Mr. Hale's campaign", "Hale"),
    ("Sen. Hale's presidential campaign", "Hale"),
    ("Hale’ campaign", "Hale"),
    ("his campaign", None),
    ("The campaign", None),
    ("Their campaign", None),
    ("A Hale campaign official", None),
    ("Ina Hale", None),
])
def test_the_owner_of_a_campaign(written: str, owner: str | None) -> None:
    assert campaign_owner(written) == owner


def test_a_campaign_is_its_own_organisation_named_after_its_candidate() -> None:
    ms = [ArticleMention(1, "speaker", "Ina Hale", "Ina Hale", label="PERSON"),
          ArticleMention(2, "speaker", "Ina Hale", "The Hale campaign", label="PERSON"),
          ArticleMention(3, "speaker", "The Hale campaign", "the Hale campaign"),
          ArticleMention(4, "speaker", "Hale", "Hale’s campaign", label="PERSON"),
          ArticleMention(5, "speaker", "Hale", "Hale")]
    groups = {g.name: [m.claim_id for m in g.mentions] for g in group_article(ms)}
    assert groups == {"Ina Hale": [1, 5], "Ina Hale campaign": [2, 3, 4]}
    group = next(g for g in group_article(ms) if g.name == "Ina Hale campaign")
    assert group_type(group, "") == "ORG"


def test_a_middle_name_does_not_split_a_person(ledger_url: str) -> None:
    people = [("m1", "Ina Rosa Hale"), ("m2", "Ina Hale"), ("m3", "Ina Rosa Hale"),
              ("m4", "Tom R. Quist"), ("m5", "Tom Quist"), ("m6", "Tom A. B. Quist")]
    with Ledger(ledger_url) as led:
        for ext, name in people:
            text = f"{name} said the road would open ({ext})."  # texts differ: no duplicates
            led.add(record(ext, "2025-05-01", text, [(name, name, "the road would open")],
                           types={0: "PERSON"}))
            link_pending(led)
        claims = sorted((e.name, e.claims) for e in list_entities(led, named_only=False))
        # a full middle name and a middle initial join; two initials stay apart
        assert claims == [("Ina Rosa Hale", 3), ("Tom A. B. Quist", 1), ("Tom R. Quist", 2)]


@pytest.mark.parametrize(("name", "etype", "cross_article"), [
    ("Ina Hale campaign", "ORG", True),
    ("Corvane", "ORG", True),
    ("Police", "ORG", False),  # which police? a generic noun stays in its article
    ("The campaign", "ORG", False),
    ("Newspaper", "ORG", False),
    ("Officials", "PERSON", False),
    ("Hale", "unknown", False),
])
def test_which_names_merge_across_articles(name: str, etype: str, cross_article: bool) -> None:
    key = base_key(EntityGroup(name, type=etype), 7)
    assert (not key.startswith("local:")) == cross_article, key
